#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The generic netlink family against bad input and churn.
#
# 1. nlfuzz.py sends a few thousand random requests (random commands, flags, nests of random
#    attributes of the family's shapes, truncated ones, and values that name the namespace's own
#    bridge and ports): each is answered, and each EINVAL/ERANGE says why (extack). A leak or a
#    use-after-free is for the VM runner's kernel-report scan and the debug kernel.
# 2. The family still answers afterwards, and the namespace goes away cleanly.
# 3. Dumps under churn: while sanctions come and go, every dump of "migrate show" lists each of
#    the sanctions that stay exactly once (a dump's cursor must not shift when an earlier entry
#    goes between two of its messages).
#
#   ns nl: br0 with ports p1, p2 (veths to ns peer)

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

NLFUZZ=$VMROAM_TOP/selftests/tools/nlfuzz.py
FUZZ_REQUESTS=${FUZZ_REQUESTS:-3000}

nl()
{
	ip netns exec "$NL" "$VMROAM" "$@"
}

ifindex()	# DEV
{
	ip -n "$NL" -j link show dev "$1" | jq -r '.[0].ifindex'
}

tap_begin 4

ns_create NL && ns_create PEER
check_err $? "namespaces"
ip -n "$NL" link add br0 type bridge
for p in p1 p2; do
	ip -n "$NL" link add "$p" type veth peer name "e$p" netns "$PEER"
	ip -n "$NL" link set "$p" master br0 up
	ip -n "$PEER" link set "e$p" up
done
ip -n "$NL" link set br0 up
link_wait "$NL" p1 && link_wait "$NL" p2
check_err $? "setup"
log_test "setup: a bridge with two ports"

# 1
args=()
for d in br0 p1 p2 lo; do
	args+=(-i "$(ifindex $d)")
done
out=$(ip netns exec "$NL" python3 "$NLFUZZ" -n "$FUZZ_REQUESTS" -s 7 "${args[@]}" 2>&1)
rc=$?
tap_diag "$(tail -n 1 <<<"$out")"
[ $rc = 0 ]
check_err $? "nlfuzz exited $rc"
[ $rc = 0 ] || while read -r line; do tap_diag "$line"; done < <(head -n 100 <<<"$out")
log_test "$FUZZ_REQUESTS random requests: each answered, each EINVAL/ERANGE with its reason"

# 2
nl -j stats | jq -e '.arp_garp_request != null' >/dev/null &&
	nl -j binding show | jq -e 'type == "array"' >/dev/null &&
	nl -j migrate show | jq -e 'type == "array"' >/dev/null &&
	nl -j port show | jq -e 'type == "array"' >/dev/null
check_err $? "the family no longer answers as it should"
log_test "afterwards the family answers: stats, bindings, migrations, ports"

# 3: 120 sanctions that come and go, older than the 200 that stay
mac()	# PREFIX N
{
	printf '52:54:00:%s:%02x:%02x' "$1" $(($2 / 256)) $(($2 % 256))
}

for i in $(seq 1 120); do
	nl migrate add dev p1 mac "$(mac aa "$i")" timeout 600 || break
done
for i in $(seq 1 200); do
	nl migrate add dev p2 mac "$(mac bb "$i")" ip "192.0.2.$((i % 250 + 1))" timeout 600 || break
done
stable=$(nl -j migrate show | jq '[.[] | select(.mac | startswith("52:54:00:bb"))] | length')
[ "$stable" = 200 ]
check_err $? "200 sanctions to keep, $stable listed"

churn()
{
	local i

	while :; do
		for i in $(seq 1 120); do
			nl migrate del mac "$(mac aa "$i")" && nl migrate add dev p1 mac "$(mac aa "$i")"
		done
	done
}
churn >/dev/null 2>&1 &
churner=$!
bad=0
dumps=0
for _ in $(seq 1 25); do
	n=$(nl -j migrate show | jq '[.[] | select(.mac | startswith("52:54:00:bb")) | .mac] |
		[length, (unique | length)] | "\(.[0]) \(.[1])"' -r)
	dumps=$((dumps + 1))
	[ "$n" = "200 200" ] || { bad=$((bad + 1)); tap_diag "a dump listed $n (listed, distinct) of the 200"; }
done
kill "$churner"
wait "$churner" 2>/dev/null
[ $bad = 0 ]
check_err $? "$bad of $dumps dumps missed or repeated a sanction that stayed"
log_test "$dumps dumps of migrations while 120 others come and go: each lists the 200 that stay once"

tap_end
