#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A host booted with ipv6.disable=1: the ND table was never set up, yet bindings still learn
# IPv6 addresses from the ND frames that cross the bridge. Moving and departing such a binding
# must leave the IPv6 neighbour cache alone (it used to oops in neigh_lookup(&nd_tbl)).
# make check runs it in a VM of its own booted with ipv6.disable=1; elsewhere it skips.
#
#   ns a: e1, e2 ---- p1, p2 (ns sw: br0, p2 untrusted)

. "$(dirname "$0")/lib.sh"

require_root
if [ -d /proc/sys/net/ipv6 ]; then
	tap_begin
	tap_skip "$(basename "$0")" "IPv6 is enabled: needs a kernel booted with ipv6.disable=1"
	tap_end
fi
load_kernel_modules
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

VM=52:54:00:00:00:10

binding()	# "PORT STATE IPV6" of the VM's binding
{
	ip netns exec "$SW" "$VMROAM" -j binding show mac $VM |
		jq -r '.[0] | select(.) | "\(.dev) \(.state) \(.ipv6 | join(","))"'
}

binding_is()
{
	[ "$(binding)" = "$1" ]
}

tap_begin
ns_create SW
ns_create A
ip -n "$SW" link add br0 type bridge
ip -n "$SW" addr add 192.0.2.1/24 dev br0
ip -n "$SW" link set br0 up
for i in 1 2; do
	ip -n "$SW" link add p$i type veth peer name e$i netns "$A"
	ip -n "$SW" link set p$i master br0 up
	ip -n "$A" link set e$i up
	link_wait "$SW" p$i
done
ip netns exec "$SW" "$VMROAM" port set dev p2 trusted off
check_err $? "port set p2 trusted off"

ip netns exec "$A" "$VRSEND" e1 arp_garp_request smac $VM sha $VM sip 192.0.2.10
ip netns exec "$A" "$VRSEND" e1 nd_na_unsolicited smac $VM sha $VM tip6 2001:db8::10
poll binding_is "p1 active 2001:db8::10"
check_err $? "binding: '$(binding)'"
log_test "ipv6.disable=1: a binding learns its IPv6 address from an NA"

ip netns exec "$A" "$VRSEND" e2 arp_garp_request smac $VM sha $VM sip 192.0.2.10
poll binding_is "p2 active 2001:db8::10"
check_err $? "binding after the move: '$(binding)'"
log_test "ipv6.disable=1: it moves to p2, its neighbour entries followed without the ND table"

ip -n "$A" link set e2 down
poll binding_is "p2 departed 2001:db8::10"
check_err $? "binding after p2 went down: '$(binding)'"
log_test "ipv6.disable=1: p2 goes down, the binding departs, its neighbour entries fail without the ND table"

ns_cleanup
vmroam_unload
check_err $? "rmmod vmroam"
log_test "ipv6.disable=1: the module unloads"
tap_end
