#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One crafted frame of each type, untagged and 802.1Q-tagged, enters a bridge port; exactly that
# type's counter moves, in the namespace and on that port, and nothing moves on the other port.
#
#   ns h (sends)                 ns sw (bridge, vmroam counting)
#   +-----------+               +-----------------------------------------------+
#   |       h1 -+---------------+- swp1 --+                                     |
#   |           |               |         br0  192.0.2.254/24 (vlan_filtering)  |
#   |       h2 -+---------------+- swp2 --+ |                                   |
#   +-----------+               |           +- br0.10  198.51.100.254/24        |
#                               |           +- mv0 (macvlan, its own MAC)       |
#                               +-----------------------------------------------+
#
# "This host" is br0 and its upper devices: a request for br0.10's address is arp_request_local,
# a reply to mv0's MAC is arp_reply_local.

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

setup()
{
	ns_create H
	ns_create SW
	ip -n "$SW" link add br0 type bridge vlan_filtering 1
	ip -n "$SW" link add swp1 type veth peer name h1 netns "$H"
	ip -n "$SW" link add swp2 type veth peer name h2 netns "$H"
	ip -n "$SW" link set swp1 master br0
	ip -n "$SW" link set swp2 master br0
	ip -n "$SW" link set swp1 up
	ip -n "$SW" link set swp2 up
	bridge -n "$SW" vlan add dev swp1 vid 10
	bridge -n "$SW" vlan add dev br0 vid 10 self
	ip -n "$SW" addr add 192.0.2.254/24 dev br0
	ip -n "$SW" link add link br0 name br0.10 type vlan id 10
	ip -n "$SW" addr add 198.51.100.254/24 dev br0.10
	# macvlan may not be built (the debug kernel): that case is skipped
	ip -n "$SW" link add link br0 name mv0 type macvlan mode bridge 2>/dev/null &&
		ip -n "$SW" link set mv0 up
	ip -n "$SW" link set br0 up
	ip -n "$SW" link set br0.10 up
	ip -n "$H" link set h1 up
	ip -n "$H" link set h2 up
	link_wait "$SW" swp1 && link_wait "$SW" swp2 && link_wait "$H" h1
	BR_MAC=$(ip -n "$SW" -j link show br0 | jq -r '.[0].address')
	MV_MAC=$(ip -n "$SW" -j link show mv0 2>/dev/null | jq -r '.[0].address // empty')
}

# counter NS TYPE [dev PORT]
counter()
{
	local ns=$1 type=$2

	shift 2
	stats_json "$ns" "$@" | jq -r --arg t "$type" '.[$t]'
}

counter_is()
{
	[ "$(counter "$@")" = "$EXPECT" ]
}

# check_only_moved TYPE BEFORE_NS BEFORE_P1 BEFORE_P2: TYPE +1 in the namespace and on swp1,
# every other type unchanged, swp2 unchanged
check_only_moved()
{
	local type=$1 ns0=$2 p10=$3 p20=$4 ns1 p11 p21 diff

	EXPECT=$(($(jq -r --arg t "$type" '.[$t]' <<<"$ns0") + 1))
	poll counter_is "$SW" "$type"
	check_err $? "$type: namespace counter did not reach $EXPECT"
	ns1=$(frames_json "$SW")
	p11=$(frames_json "$SW" dev swp1)
	p21=$(frames_json "$SW" dev swp2)
	# every key whose value changed, with its delta
	diff=$(jq -rn --argjson a "$ns0" --argjson b "$ns1" \
		'[$b | to_entries[] | select(.value != $a[.key]) | "\(.key)+\(.value - $a[.key])"] | join(" ")')
	[ "$diff" = "$type+1" ]
	check_err $? "namespace counters moved: '$diff', expected '$type+1'"
	diff=$(jq -rn --argjson a "$p10" --argjson b "$p11" \
		'[$b | to_entries[] | select(.value != $a[.key]) | "\(.key)+\(.value - $a[.key])"] | join(" ")')
	[ "$diff" = "$type+1" ]
	check_err $? "swp1 counters moved: '$diff', expected '$type+1'"
	[ "$p20" = "$p21" ]
	check_err $? "swp2 counters moved"
}

# send_one TYPE VLAN ARGS...: one frame from h1, then the checks
send_one()
{
	local type=$1 vlan=$2 ns0 p10 p20 vlanargs=() tag=untagged

	shift 2
	if [ "$vlan" != 0 ]; then
		vlanargs=(vlan "$vlan")
		tag="vlan $vlan"
	fi
	ns0=$(frames_json "$SW")
	p10=$(frames_json "$SW" dev swp1)
	p20=$(frames_json "$SW" dev swp2)
	ip netns exec "$H" "$VRSEND" h1 "$type" "${vlanargs[@]}" "$@"
	check_err $? "vrsend failed"
	check_only_moved "$type" "$ns0" "$p10" "$p20"
	log_test "$type ($tag): counted once, in the namespace and on swp1 only"
}

tap_begin
setup || { tap_not_ok "topology"; tap_end; }

for vlan in 0 10; do
	if [ $vlan = 0 ]; then
		local_ip=192.0.2.254
	else
		local_ip=198.51.100.254
	fi
	send_one arp_garp_request $vlan sip 192.0.2.10
	send_one arp_garp_reply $vlan sip 192.0.2.10
	send_one arp_probe $vlan tip 192.0.2.10
	send_one arp_request_local $vlan sip 192.0.2.10 tip $local_ip
	send_one arp_request_other $vlan sip 192.0.2.10 tip 192.0.2.77
	send_one arp_reply_local $vlan sip 192.0.2.10 tip 192.0.2.254 dmac "$BR_MAC"
	send_one arp_reply_other $vlan sip 192.0.2.10 tip 192.0.2.77 dmac 02:00:00:00:00:77
	send_one arp_reply_broadcast $vlan sip 192.0.2.10 tip 192.0.2.77
	send_one rarp_request $vlan
	send_one rarp_reply $vlan
	send_one nd_ns $vlan
	send_one nd_ns_dad $vlan
	send_one nd_na_solicited $vlan
	send_one nd_na_unsolicited $vlan
	send_one dhcp_client $vlan
	send_one dhcp_server $vlan
done

# an upper device's MAC is this host's too
if [ -n "$MV_MAC" ]; then
	ns0=$(frames_json "$SW"); p10=$(frames_json "$SW" dev swp1); p20=$(frames_json "$SW" dev swp2)
	ip netns exec "$H" "$VRSEND" h1 arp_reply_local sip 192.0.2.10 tip 192.0.2.254 dmac "$MV_MAC"
	check_only_moved arp_reply_local "$ns0" "$p10" "$p20"
	log_test "arp_reply_local: a reply to a macvlan on the bridge is to this host"
else
	tap_skip "arp_reply_local: a reply to a macvlan on the bridge is to this host" \
		"no macvlan in this kernel"
fi

# frames of other protocols are not counted at all
ns0=$(frames_json "$SW")
for t in ipv4_tcp icmp6_echo; do
	ip netns exec "$H" "$VRSEND" h1 "$t"
	check_err $? "vrsend $t failed"
done
ip netns exec "$H" "$VRSEND" h1 arp_garp_request sip 192.0.2.11
EXPECT=$(($(jq -r '.arp_garp_request' <<<"$ns0") + 1))
poll counter_is "$SW" arp_garp_request
check_err $? "marker frame not counted"
ns1=$(frames_json "$SW")
[ "$(jq -rn --argjson a "$ns0" --argjson b "$ns1" '[$b | to_entries[] | select(.value != $a[.key]) | .key] | join(" ")')" = arp_garp_request ]
check_err $? "a non-announcement frame was counted"
log_test "IPv4 TCP and ICMPv6 echo are not counted"

tap_end
