#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Loading and unloading stay clean while frames flow and while bridges, ports and namespaces come
# and go: the module unloads every time, counts again after each load, forgets deleted ports, and
# the kernel reports nothing (the VM runner also fails the run on any kernel report).
#
#   ns h1            ns sw                           ns h2
#   +-------+      +---------------------------+     +-------+
#   |  h1 --+------+-- swp1 -- br0 -- swp2 ----+-----+-- h2  |
#   +-------+      +---------------------------+     +-------+
#   10.0.0.1       churn: br1/ports, namespaces      10.0.0.2
#
# Traffic: a ping flood h1 -> h2 and a stream of crafted ARP/ND/DHCP frames from h1.

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
CYCLES=${CYCLES:-10}
PIDS=()

cleanup()
{
	local p

	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	ns_cleanup
}
trap cleanup EXIT

kernel_reports()
{
	dmesg | grep -E "BUG:|WARNING:|Oops|general protection|KASAN|UBSAN|circular locking|suspicious RCU|unreferenced object" |
		grep -v "vmroam: cannot track bridge port"
}

setup()
{
	ns_create H1
	ns_create H2
	ns_create SW
	ip -n "$SW" link add br0 type bridge
	ip -n "$SW" link add swp1 type veth peer name h1 netns "$H1"
	ip -n "$SW" link add swp2 type veth peer name h2 netns "$H2"
	ip -n "$SW" link set swp1 master br0
	ip -n "$SW" link set swp2 master br0
	for d in br0 swp1 swp2; do
		ip -n "$SW" link set "$d" up
	done
	ip -n "$H1" addr add 10.0.0.1/24 dev h1
	ip -n "$H2" addr add 10.0.0.2/24 dev h2
	ip -n "$H1" link set h1 up
	ip -n "$H2" link set h2 up
	# no ARP between the hosts: the only announcement frames are the ones sent on purpose
	ip -n "$H1" neigh replace 10.0.0.2 dev h1 nud permanent \
		lladdr "$(ip -n "$H2" -j link show h2 | jq -r '.[0].address')"
	ip -n "$H2" neigh replace 10.0.0.1 dev h2 nud permanent \
		lladdr "$(ip -n "$H1" -j link show h1 | jq -r '.[0].address')"
	link_wait "$H1" h1 && link_wait "$H2" h2 && link_wait "$SW" swp1 && link_wait "$SW" swp2 &&
		poll ip netns exec "$H1" ping -c1 -W1 10.0.0.2 >/dev/null
}

start_traffic()
{
	ip netns exec "$H1" ping -f -q 10.0.0.2 >/dev/null 2>&1 &
	PIDS+=($!)
	(
		while :; do
			for t in arp_garp_request nd_na_unsolicited rarp_request dhcp_client; do
				ip netns exec "$H1" "$VRSEND" h1 "$t" count 200 >/dev/null 2>&1
			done
		done
	) &
	PIDS+=($!)
}

# bridges, ports and whole namespaces created and destroyed in a loop
start_churn()
{
	(
		i=0
		while :; do
			i=$((i + 1))
			ip -n "$SW" link add br1 type bridge 2>/dev/null
			ip -n "$SW" link add c1 type veth peer name c2 2>/dev/null
			ip -n "$SW" link set c1 master br1 2>/dev/null
			ip -n "$SW" link set c1 up 2>/dev/null
			ip -n "$SW" link set c2 up 2>/dev/null
			ip -n "$SW" link set br1 up 2>/dev/null
			ip netns exec "$SW" "$VRSEND" c2 arp_garp_request count 20 >/dev/null 2>&1
			ip -n "$SW" link set c1 nomaster 2>/dev/null
			ip -n "$SW" link del c1 2>/dev/null
			ip -n "$SW" link del br1 2>/dev/null

			ns="vr-churn-$$-$i"
			ip netns add "$ns" &&
			ip -n "$ns" link add br0 type bridge &&
			ip -n "$ns" link add p1 type veth peer name p2 &&
			ip -n "$ns" link set p1 master br0 &&
			ip -n "$ns" link set br0 up && ip -n "$ns" link set p1 up &&
			ip -n "$ns" link set p2 up &&
			ip netns exec "$ns" "$VRSEND" p2 arp_garp_request count 20 >/dev/null 2>&1
			ip netns del "$ns" 2>/dev/null
		done
	) &
	PIDS+=($!)
}

garp_counted()
{
	[ "$(stats_json "$SW" | jq .arp_garp_request)" -ge 1 ] 2>/dev/null
}

tap_begin
vmroam_unload
setup || { tap_not_ok "topology"; tap_end; }
dmesg_before=$(kernel_reports | wc -l)
start_traffic
start_churn

loads=0 counted=0
for i in $(seq "$CYCLES"); do
	vmroam_load || break
	loads=$((loads + 1))
	# counting resumes in the namespaces that existed before the load
	poll garp_counted && counted=$((counted + 1))
	vmroam_unload || break
done
[ $loads -eq "$CYCLES" ]
check_err $? "only $loads of $CYCLES load/unload cycles succeeded"
[ $counted -eq "$CYCLES" ]
check_err $? "frames were counted after only $counted of $CYCLES loads"
log_test "$CYCLES load/unload cycles under a ping flood, announcement frames and bridge/namespace churn"

vmroam_load
poll garp_counted
check_err $? "not counting after the last load"
# a port that leaves the bridge is forgotten, and starts from zero when it joins again: first
# something counted on swp2, or the zeros below would prove nothing
ip netns exec "$H2" "$VRSEND" h2 arp_garp_request sip 10.0.0.2
check_err $? "vrsend on h2 failed"
poll sh -c "[ \"\$(ip netns exec $SW $VMROAM -j stats dev swp2 | jq .arp_garp_request)\" -ge 1 ]"
check_err $? "swp2 counted nothing before it left: $(stats_json "$SW" dev swp2)"
ip -n "$SW" link set swp2 nomaster
ip netns exec "$SW" "$VMROAM" stats dev swp2 2>&1 | grep -q "not a bridge port"
check_err $? "swp2 is still reported as a port after it left the bridge"
ip -n "$SW" link set swp2 master br0
[ "$(stats_json "$SW" dev swp2 | jq '[.. | numbers] | add')" = 0 ]
check_err $? "swp2 does not start from zero when it joins again"
# the same before it is deleted: the port that joined again counts, so the new one's zeros can fail
link_wait "$SW" swp2
ip netns exec "$H2" "$VRSEND" h2 arp_garp_request sip 10.0.0.2
check_err $? "vrsend on h2 failed"
poll sh -c "[ \"\$(ip netns exec $SW $VMROAM -j stats dev swp2 | jq .arp_garp_request)\" = 1 ]"
check_err $? "swp2 counted nothing after it joined again: $(stats_json "$SW" dev swp2)"
ip -n "$SW" link del swp2
ip -n "$SW" link add swp2 type veth peer name h2 netns "$H2"
ip -n "$H2" neigh replace 10.0.0.1 dev h2 nud permanent \
	lladdr "$(ip -n "$H1" -j link show h1 | jq -r '.[0].address')"
ip -n "$SW" link set swp2 master br0
[ "$(stats_json "$SW" dev swp2 | jq '[.. | numbers] | add')" = 0 ]
check_err $? "a new port named swp2 does not start from zero"
# and counts what enters it: the zero was the new port's, not a port vmroam does not see
ip -n "$SW" link set swp2 up
ip -n "$H2" link set h2 up
link_wait "$SW" swp2
ip netns exec "$H2" "$VRSEND" h2 arp_garp_request sip 10.0.0.2
poll sh -c "[ \"\$(ip netns exec $SW $VMROAM -j stats dev swp2 | jq .arp_garp_request)\" = 1 ]"
check_err $? "the new swp2 does not count its first frame: $(stats_json "$SW" dev swp2)"
log_test "port leaves, joins, is deleted and made again under traffic: counters follow the port"

ip -n "$SW" link del br0
ip netns exec "$SW" "$VMROAM" stats dev swp1 >/dev/null 2>&1
check_fail $? "swp1 still reported after its bridge was deleted"
log_test "bridge deletion under traffic: its ports are forgotten"

kill "${PIDS[@]}" 2>/dev/null
wait 2>/dev/null
PIDS=()
# the churn loop may have been stopped between making a namespace and deleting it
for ns in $(ip netns list | awk -v p="vr-churn-$$-" 'index($1, p) == 1 {print $1}'); do
	ip netns del "$ns"
done
ip netns del "$SW"
vmroam_unload
check_err $? "rmmod after the namespace was deleted"
vmroam_load
check_err $? "insmod again"
log_test "namespace deletion, then unload and load again"

[ "$(kernel_reports | wc -l)" -eq "$dmesg_before" ]
check_err $? "kernel reports: $(kernel_reports | tail -n 5)"
log_test "no kernel report (BUG, WARNING, KASAN, lockdep, RCU, kmemleak) in dmesg"

tap_end
