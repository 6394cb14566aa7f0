#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Whatever a moved VM sends, the bridge FDB, this host's neighbour cache and vmroam's binding end
# up right: including where Linux alone would not follow (a port with learning off and a static
# entry, a unicast ARP reply to another host, RARP that carries no address, a neighbour entry
# inside its locktime), and exactly as the per-bridge policy says; what the operator pinned
# (sticky) or another control plane owns (extern_learn) stays theirs.
#
#   ns a (VM before)        ns sw (host)                              ns b (VM after)
#   +---------+            +------------------------------------+    +---------+
#   |   e1 ---+------------+-- p1 --+                    +-- p2 -+----+-- e2   |
#   +---------+            |        br0  192.0.2.1/24           |    +---------+
#                          |             2001:db8::1/64         |
#                          |  p2: learning off                  |
#                          +------------------------------------+
#
# The VM is 52:54:00:00:00:10 / 192.0.2.10 / 2001:db8::10; frames are crafted with vrsend.

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

VM=52:54:00:00:00:10
VM2=52:54:00:00:00:11
OTHER=02:00:00:00:00:77

setup()
{
	ns_create A
	ns_create B
	ns_create SW
	ip -n "$SW" link add br0 type bridge
	ip netns exec "$SW" sysctl -qw net.ipv6.conf.br0.disable_ipv6=0 >/dev/null
	ip -n "$SW" link add p1 type veth peer name e1 netns "$A"
	ip -n "$SW" link add p2 type veth peer name e2 netns "$B"
	for d in p1 p2; do
		ip -n "$SW" link set "$d" master br0
		ip -n "$SW" link set "$d" up
	done
	bridge -n "$SW" link set dev p2 learning off
	ip -n "$SW" addr add 192.0.2.1/24 dev br0
	ip -n "$SW" addr add 2001:db8::1/64 dev br0 nodad
	ip -n "$SW" link set br0 up
	ip -n "$A" link set e1 up
	ip -n "$B" link set e2 up
	link_wait "$SW" p1 && link_wait "$SW" p2
}

# from NS DEV TYPE ARGS...: one frame of the VM
from()
{
	local ns=$1 dev=$2

	shift 2
	# from CPU 0: frames sent one after another are then processed in that order (a veth
	# delivers into the sender's CPU's backlog), so a later frame proves an earlier one
	ip netns exec "$ns" taskset -c 0 "$VRSEND" "$dev" "$@" || check_err 1 "vrsend $* failed"
}

fdb_of()	# MAC: "PORT STATE FLAGS" of its vid-less entry
{
	bridge -n "$SW" -j fdb show br br0 |
		jq -r --arg m "$1" '.[] | select(.mac == $m and (.vlan == null)) |
			"\(.ifname) \(if (.state // "") == "" then "dynamic" else .state end) \((.flags // []) | join(","))"'
}

fdb_is()	# MAC "PORT STATE FLAGS"
{
	[ "$(fdb_of "$1")" = "$2" ]
}

# fdb_work_done: proof that the FDB work item has handled every request the hook queued so far
# (it takes them in order): a MAC of its own, bound on p1 with a static entry there, moves to
# p2 (learning off: only vmroam moves it) with a frame sent from p2 after those requests
FENCE=0
fdb_work_done()
{
	local mac ip

	FENCE=$((FENCE + 1))
	printf -v mac '52:54:00:00:fe:%02x' $FENCE
	ip=192.0.2.$((240 + FENCE))
	from "$A" e1 arp_garp_request smac "$mac" sha "$mac" sip "$ip"
	poll sh -c "ip netns exec $SW $VMROAM -j binding show mac $mac | jq -e '.[0].dev == \"p1\"' >/dev/null" ||
		return 1
	bridge -n "$SW" fdb replace "$mac" dev p1 master static
	from "$B" e2 arp_garp_request smac "$mac" sha "$mac" sip "$ip"
	poll fdb_is "$mac" "p2 static "
}

neigh_of()	# IP: "LLADDR STATE"
{
	ip -n "$SW" -j neigh show "$1" dev br0 | jq -r '.[0] | "\(.lladdr) \(.state[0])"'
}

neigh_is()
{
	[ "$(neigh_of "$1")" = "$2" ]
}

binding_json()
{
	ip netns exec "$SW" "$VMROAM" -j binding show "$@"
}

stat()
{
	stats_json "$SW" | jq -r ".$1"
}

tap_begin
setup || { tap_not_ok "topology"; tap_end; }

# the VM lives behind p1; the operator pinned it with a static entry
from "$A" e1 arp_garp_request smac $VM sha $VM sip 192.0.2.10
poll sh -c "ip netns exec $SW $VMROAM -j binding show mac $VM | jq -e '.[0].ipv4 == [\"192.0.2.10\"]' >/dev/null"
check_err $? "no binding learnt from the gratuitous ARP: $(binding_json)"
b=$(binding_json mac $VM)
[ "$(jq -r '.[0] | "\(.dev) \(.origin) \(.vlan) \(.moves)"' <<<"$b")" = "p1 arp 0 0" ]
check_err $? "binding is $b"
log_test "binding learnt from a gratuitous ARP: MAC, port, address, origin arp"

bridge -n "$SW" fdb replace $VM dev p1 master static
ip -n "$SW" neigh replace 192.0.2.10 lladdr $VM dev br0 nud stale
moves0=$(stat fdb_moves)
mon=$(mktemp)
ip netns exec "$SW" stdbuf -oL bridge monitor fdb >"$mon" 2>&1 &
monpid=$!
# listening once it reports a change of ours
monitor_ready()
{
	bridge -n "$SW" fdb replace 02:00:00:00:00:01 dev p1 master static
	grep -q 02:00:00:00:00:01 "$mon"
}
poll monitor_ready
check_err $? "bridge monitor fdb does not report"

# it moves behind p2 (learning off) and says only a unicast ARP reply to another host
from "$B" e2 arp_reply_other smac $VM sha $VM sip 192.0.2.10 tip 192.0.2.77 dmac $OTHER
poll fdb_is $VM "p2 static "
check_err $? "FDB entry is '$(fdb_of $VM)', expected it on p2 and still static"
poll grep -q "$VM dev p2 master br0 static" "$mon"
check_err $? "bridge monitor did not show the move: $(cat "$mon")"
kill $monpid 2>/dev/null
wait $monpid 2>/dev/null
rm -f "$mon"
log_test "arp_reply_other on a port with learning off: the static FDB entry moves, stays static, RTM_NEWNEIGH seen"

poll neigh_is 192.0.2.10 "$VM REACHABLE"
check_err $? "neighbour is '$(neigh_of 192.0.2.10)'"
[ "$(stat fdb_moves)" -gt "$moves0" ] && [ "$(stat fdb_latency_max_ns)" -gt 0 ] &&
	[ "$(stat neigh_latency_max_ns)" -gt 0 ]
check_err $? "stats: $(stats_json "$SW" | jq -c '{fdb_moves, fdb_latency_max_ns, neigh_latency_max_ns}')"
[ "$(binding_json mac $VM | jq -r '.[0] | "\(.dev) \(.moves)"')" = "p2 1" ]
check_err $? "binding: $(binding_json mac $VM)"
log_test "the same frame: neighbour REACHABLE, binding on p2 with one move, latencies in stats"

# sticky: the operator pinned it, and a frame moves it no more than the bridge's learning does
bridge -n "$SW" fdb replace $VM dev p2 master sticky dynamic
kept0=$(stat fdb_kept)
from "$A" e1 arp_garp_request smac $VM sha $VM sip 192.0.2.10
# the move was asked for and refused: the work item has run
poll sh -c "[ \$(ip netns exec $SW $VMROAM -j stats | jq .fdb_kept) -gt $kept0 ]"
check_err $? "no FDB move of the sticky entry was refused (fdb_kept $kept0)"
[ "$(fdb_of $VM)" = "p2 dynamic sticky" ]
check_err $? "FDB entry is '$(fdb_of $VM)', expected it still on p2, sticky"
[ "$(binding_json mac $VM | jq -r '.[0].dev')" = p1 ]
check_err $? "binding: $(binding_json mac $VM)"
log_test "gratuitous ARP request: the binding follows to p1, a sticky FDB entry stays where the operator put it"

# RARP carries no address: every address of the binding is refreshed
from "$A" e1 arp_garp_request smac $VM sha $VM sip 192.0.2.11
from "$A" e1 nd_na_unsolicited smac $VM sha $VM tip6 2001:db8::10
poll sh -c "ip netns exec $SW $VMROAM -j binding show mac $VM | jq -e '(.[0].ipv4 | length) == 2 and .[0].ipv6 == [\"2001:db8::10\"]' >/dev/null"
check_err $? "binding did not learn the second address and the IPv6 one: $(binding_json)"
for ip in 192.0.2.10 192.0.2.11 2001:db8::10; do
	ip -n "$SW" neigh replace $ip lladdr $VM dev br0 nud stale
done
bridge -n "$SW" fdb replace $VM dev p1 master static
from "$B" e2 rarp_request smac $VM sha $VM tha $VM
for ip in 192.0.2.10 192.0.2.11 2001:db8::10; do
	poll neigh_is $ip "$VM REACHABLE"
	check_err $? "neighbour $ip is '$(neigh_of $ip)' after the RARP"
done
poll fdb_is $VM "p2 static "
check_err $? "FDB entry is '$(fdb_of $VM)' after the RARP"
log_test "rarp_request from the new port: FDB moves, all three addresses' neighbour entries REACHABLE"

# the VM comes back with another MAC, within the neighbour's locktime, saying a unicast reply
ip -n "$SW" ntable change name arp_cache dev br0 locktime 600000
ip -n "$SW" neigh replace 192.0.2.10 lladdr $VM dev br0 nud reachable
from "$A" e1 arp_reply_other smac $VM2 sha $VM2 sip 192.0.2.10 tip 192.0.2.77 dmac $OTHER
poll neigh_is 192.0.2.10 "$VM2 REACHABLE"
check_err $? "neighbour is '$(neigh_of 192.0.2.10)', expected the new MAC"
[ "$(binding_json ip 192.0.2.10 | jq -r '.[0].mac')" = "$VM2" ]
check_err $? "192.0.2.10 is bound to $(binding_json ip 192.0.2.10 | jq -r '.[0].mac')"
log_test "a known IP with a new MAC inside locktime: neighbour and binding take the new MAC"

# an entry another control plane owns (FRR's EVPN neighbours are extern_learn) is left to it
# (the VM moves to p2 saying it has 192.0.2.12: every entry of its addresses would follow)
ip -n "$SW" neigh replace 192.0.2.12 lladdr 02:00:00:00:00:12 dev br0 extern_learn
from "$B" e2 arp_garp_request smac $VM2 sha $VM2 sip 192.0.2.12
# a later frame of the same VM proves the first one has been handled in full
from "$B" e2 arp_garp_request smac $VM2 sha $VM2 sip 192.0.2.13
poll sh -c "ip netns exec $SW $VMROAM -j binding show mac $VM2 | jq -e '.[0].ipv4 | index([\"192.0.2.13\"])' >/dev/null"
check_err $? "the second address was not learnt: $(binding_json mac $VM2)"
ip -n "$SW" -j neigh show 192.0.2.12 dev br0 |
	jq -e '.[0].lladdr == "02:00:00:00:00:12" and (.[0] | has("extern_learn"))' >/dev/null
check_err $? "the extern_learn entry changed: $(ip -n "$SW" neigh show 192.0.2.12 dev br0)"
log_test "a neighbour entry marked extern_learn (another control plane's) is not updated"
# and back to p1, where the next case wants it
from "$A" e1 arp_garp_request smac $VM2 sha $VM2 sip 192.0.2.10
poll sh -c "ip netns exec $SW $VMROAM -j binding show mac $VM2 | jq -e '.[0].dev == \"p1\"' >/dev/null"
check_err $? "VM2 did not come back to p1: $(binding_json mac $VM2)"

# policy: a bridge that ignores arp_reply_other
ip netns exec "$SW" "$VMROAM" policy set dev br0 arp_reply_other none
check_err $? "policy set failed"
[ "$(ip netns exec "$SW" "$VMROAM" -j policy show dev br0 | jq -c '.arp_reply_other')" = "[]" ]
check_err $? "policy show: $(ip netns exec "$SW" "$VMROAM" -j policy show dev br0 | jq -c .arp_reply_other)"
bridge -n "$SW" fdb replace $VM2 dev p1 master static
from "$B" e2 arp_reply_other smac $VM2 sha $VM2 sip 192.0.2.10 tip 192.0.2.77 dmac $OTHER
# a later frame of a type still allowed proves the first one was seen and ignored
from "$B" e2 arp_probe smac 52:54:00:00:00:99 sha 52:54:00:00:00:99 tip 192.0.2.99
poll sh -c "ip netns exec $SW $VMROAM -j binding show mac 52:54:00:00:00:99 | jq -e 'length == 1' >/dev/null"
fdb_work_done
check_err $? "the FDB work item never moved the fence entry: $(bridge -n "$SW" fdb show br br0 | grep fe:)"
[ "$(fdb_of $VM2)" = "p1 static " ]
check_err $? "with policy none the FDB entry moved: '$(fdb_of $VM2)'"
[ "$(binding_json mac $VM2 | jq -r '.[0].dev')" = p1 ]
check_err $? "with policy none the binding moved"
ip netns exec "$SW" "$VMROAM" policy set dev br0 arp_reply_other default
from "$B" e2 arp_reply_other smac $VM2 sha $VM2 sip 192.0.2.10 tip 192.0.2.77 dmac $OTHER
poll fdb_is $VM2 "p2 static "
check_err $? "back to the default policy, the entry did not move: '$(fdb_of $VM2)'"
log_test "per-bridge policy: arp_reply_other none is ignored, default follows again"

# no entry is created behind a port with learning off unless asked
from "$B" e2 arp_garp_request smac 52:54:00:00:00:20 sha 52:54:00:00:00:20 sip 192.0.2.20
poll sh -c "ip netns exec $SW $VMROAM -j binding show mac 52:54:00:00:00:20 | jq -e 'length == 1' >/dev/null"
check_err $? "binding of a new VM on p2 not learnt"
fdb_work_done
check_err $? "the FDB work item never moved the fence entry: $(bridge -n "$SW" fdb show br br0 | grep fe:)"
[ -z "$(fdb_of 52:54:00:00:00:20)" ]
check_err $? "an FDB entry was created on the learning-off port: $(fdb_of 52:54:00:00:00:20)"
log_test "a new MAC on a port with learning off: binding learnt, no FDB entry created"

# probes and DAD teach no address
from "$A" e1 arp_probe smac 52:54:00:00:00:30 sha 52:54:00:00:00:30 tip 192.0.2.30
from "$A" e1 arp_garp_request smac 52:54:00:00:00:31 sha 52:54:00:00:00:31 sip 192.0.2.31
poll sh -c "ip netns exec $SW $VMROAM -j binding show mac 52:54:00:00:00:31 | jq -e 'length == 1' >/dev/null"
[ "$(binding_json mac 52:54:00:00:00:30 | jq -c '.[0].ipv4')" = "[]" ] &&
	[ "$(binding_json ip 192.0.2.30 | jq 'length')" = 0 ]
check_err $? "a probe taught an address: $(binding_json mac 52:54:00:00:00:30)"
log_test "arp_probe: the MAC is known, its target address is not learnt"

# static bindings
ip netns exec "$SW" "$VMROAM" binding add dev p1 mac 52:54:00:00:00:40 ip 192.0.2.40 ip 2001:db8::40
check_err $? "binding add failed"
[ "$(binding_json mac 52:54:00:00:00:40 | jq -c '.[0] | [.dev, .origin, .ipv4, .ipv6]')" = '["p1","static",["192.0.2.40"],["2001:db8::40"]]' ]
check_err $? "static binding: $(binding_json mac 52:54:00:00:00:40)"
ip netns exec "$SW" "$VMROAM" binding del mac 52:54:00:00:00:40
check_err $? "binding del failed"
[ "$(binding_json mac 52:54:00:00:00:40 | jq 'length')" = 0 ]
check_err $? "static binding still there after del"
ip netns exec "$SW" "$VMROAM" binding add dev br0 mac 52:54:00:00:00:41 2>/dev/null
check_fail $? "binding add on the bridge itself (not a port) succeeded"
log_test "binding add/del: a static binding with both families; a non-port is refused"

# VLAN-aware bridge: a binding per VLAN (the tag, else the port's PVID), moves per VLAN
ns_create C
ns_create SWV
ip -n "$SWV" link add br1 type bridge vlan_filtering 1
ip -n "$SWV" link add q1 type veth peer name f1 netns "$C"
ip -n "$SWV" link add q2 type veth peer name f2 netns "$C"
for d in q1 q2; do
	ip -n "$SWV" link set "$d" master br1
	bridge -n "$SWV" vlan add dev "$d" vid 10
	ip -n "$SWV" link set "$d" up
done
bridge -n "$SWV" link set dev q2 learning off
ip -n "$SWV" link set br1 up
ip -n "$C" link set f1 up
ip -n "$C" link set f2 up
link_wait "$SWV" q1 && link_wait "$SWV" q2
from "$C" f1 arp_garp_request smac $VM sha $VM sip 192.0.2.50 vlan 10
from "$C" f1 arp_garp_request smac $VM sha $VM sip 192.0.2.51
vlans() { ip netns exec "$SWV" "$VMROAM" -j binding show mac $VM | jq -c '[.[] | [.vlan, .ipv4[0]]] | sort'; }
two_vlans() { [ "$(vlans)" = '[[1,"192.0.2.51"],[10,"192.0.2.50"]]' ]; }
poll two_vlans
check_err $? "bindings per VLAN: $(vlans)"
log_test "VLAN-aware bridge: one binding per VLAN, the untagged frame in the port's PVID"

# two tenants, one address plan: VLAN 10 and VLAN 20 both have 192.0.2.60; a frame in VLAN 10
# changes the host's entry on br1.10 only
for v in 10 20; do
	ip -n "$SWV" link add link br1 name br1.$v type vlan id $v
	ip -n "$SWV" link set br1.$v up
	ip -n "$SWV" neigh replace 192.0.2.60 lladdr 02:00:00:00:00:$v dev br1.$v nud stale
done
bridge -n "$SWV" vlan add dev br1 vid 10 self
bridge -n "$SWV" vlan add dev br1 vid 20 self
# a VM of VLAN 10 moves from q1 to q2 and says it has 192.0.2.60
VM3=52:54:00:00:00:12
from "$C" f1 arp_garp_request smac $VM3 sha $VM3 sip 192.0.2.61 vlan 10
poll sh -c "ip netns exec $SWV $VMROAM -j binding show mac $VM3 | jq -e '.[0].dev == \"q1\"' >/dev/null"
from "$C" f2 arp_garp_request smac $VM3 sha $VM3 sip 192.0.2.60 vlan 10
neighv() { ip -n "$SWV" -j neigh show 192.0.2.60 dev "br1.$1" | jq -r '.[0].lladdr // empty'; }
neighv_is() { [ "$(neighv "$1")" = "$2" ]; }
poll neighv_is 10 $VM3
check_err $? "br1.10's entry of 192.0.2.60: $(neighv 10)"
[ "$(neighv 20)" = 02:00:00:00:00:20 ]
check_err $? "the other tenant's entry (br1.20) changed too: $(neighv 20)"
[ -z "$(ip -n "$SWV" -j neigh show 192.0.2.60 dev br1 | jq -r '.[0].lladdr // empty')" ]
check_err $? "an entry on the bridge itself: $(ip -n "$SWV" neigh show 192.0.2.60 dev br1)"
log_test "VLAN-aware bridge: the host's neighbour entry of the frame's VLAN follows, another VLAN's same address stays"

bridge -n "$SWV" fdb replace $VM dev q1 vlan 10 master static
bridge -n "$SWV" fdb replace $VM dev q1 vlan 1 master static
from "$C" f2 arp_garp_request smac $VM sha $VM sip 192.0.2.50 vlan 10
fdbv() { bridge -n "$SWV" -j fdb show br br1 | jq -r --arg m "$VM" --argjson v "$1" '.[] | select(.mac == $m and .vlan == $v) | "\(.ifname) \(.state)"'; }
fdbv_is() { [ "$(fdbv "$1")" = "$2" ]; }
poll fdbv_is 10 "q2 static"
check_err $? "vlan 10 entry is '$(fdbv 10)'"
[ "$(fdbv 1)" = "q1 static" ]
check_err $? "the vlan 1 entry moved too: '$(fdbv 1)'"
log_test "VLAN-aware bridge: a tagged announcement moves the entry of its VLAN only"

tap_end
