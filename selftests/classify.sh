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
# a reply to mv0's MAC is arp_reply_local. Then what "this host" is follows the devices, as they
# change with the module loaded (and when it is loaded again with them in place): addresses
# added to and removed from an upper device, a VLAN device on a VLAN device, a macvlan added, its
# MAC changed, the bridge's MAC changed; and nothing else is this host: a device of the namespace
# that is neither the bridge nor stacked on it (dummy0), a port, a guest's own address or MAC.

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
	# a kernel without macvlan skips that case
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

# shells in the two namespaces: under TCG each case would cost seconds of execs otherwise
# shellcheck source=nsshell.sh
. "$(dirname "$0")/nsshell.sh"

# counters: "vmroam -j stats" of the namespace, swp1 and swp2, one object a line, in ON_OUT
counters()
{
	onv "$SW" "$VMROAM -j stats; echo; $VMROAM -j stats dev swp1; echo; $VMROAM -j stats dev swp2"
}

# counted TYPE N: the namespace's TYPE counter (the first object's) is N
counted()
{
	counters || return 1
	[[ $ON_OUT =~ \"$1\":([0-9]+) ]] && [ "${BASH_REMATCH[1]}" = "$2" ]
}

# moved BEFORE AFTER: the frame counters that moved, "type+delta ..." for the namespace, swp1
# and swp2, joined by "|"
moved()
{
	printf '%s\n%s\n' "$1" "$2" | jq -rs --arg t "$FRAME_TYPES" '
		[.[] | with_entries(select(.key | IN($t | splits("\\s+"))))] as $v |
		[range(3) as $i | [$v[$i + 3] | to_entries[] | select(.value != $v[$i][.key]) |
		 "\(.key)+\(.value - $v[$i][.key])"] | join(" ")] | join("|")'
}

# check_only_moved TYPE BEFORE: TYPE +1 in the namespace and on swp1, every other type
# unchanged, swp2 unchanged (BEFORE: what counters printed before the frame)
check_only_moved()
{
	local type=$1 before=$2 n diff

	[[ $before =~ \"$type\":([0-9]+) ]] && n=${BASH_REMATCH[1]}
	qpoll counted "$type" $((n + 1))
	check_err $? "$type: namespace counter did not reach $((n + 1))"
	diff=$(moved "$before" "$ON_OUT")
	[ "$diff" = "$type+1|$type+1|" ]
	check_err $? "counters moved (namespace|swp1|swp2): '$diff', expected '$type+1|$type+1|'"
}

# send_one TYPE VLAN ARGS...: one frame from h1, then the checks
send_one()
{
	local type=$1 vlan=$2 before tag=untagged

	shift 2
	if [ "$vlan" != 0 ]; then
		set -- vlan "$vlan" "$@"
		tag="vlan $vlan"
	fi
	counters
	before=$ON_OUT
	onv "$H" "$VRSEND h1 $type $*"
	check_err $? "vrsend failed: $ON_OUT"
	check_only_moved "$type" "$before"
	log_test "$type ($tag): counted once, in the namespace and on swp1 only"
}

# send_as TYPE DESC KIND ARGS...: one frame KIND (a vrsend TYPE) from h1 is counted as TYPE and
# nothing else moves; the counter that moved proves the frame was handled before anything else is
# asserted
send_as()
{
	local type=$1 desc=$2 kind=$3 before

	shift 3
	counters
	before=$ON_OUT
	onv "$H" "$VRSEND h1 $kind $*"
	check_err $? "vrsend failed: $ON_OUT"
	check_only_moved "$type" "$before"
	log_test "$desc"
}

# on_sw CMDLINE: a configuration change in the bridge's namespace; RET takes its failure
on_sw()
{
	onv "$SW" "$*"
	check_err $? "$*: $ON_OUT"
}

# request_is TYPE TIP DESC: an ARP request from h1 for TIP is TYPE
request_is()
{
	send_as "$1" "$3" arp_request_other sip 192.0.2.10 tip "$2"
}

# reply_is TYPE DMAC DESC: a unicast ARP reply from h1 to DMAC is TYPE
reply_is()
{
	send_as "$1" "$3" arp_reply_other sip 192.0.2.10 tip 192.0.2.77 dmac "$2"
}

tap_begin
setup && sh_start "$SW" && sh_start "$H" || { tap_not_ok "topology"; tap_end; }

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
	counters
	before=$ON_OUT
	onv "$H" "$VRSEND h1 arp_reply_local sip 192.0.2.10 tip 192.0.2.254 dmac $MV_MAC"
	check_err $? "vrsend failed: $ON_OUT"
	check_only_moved arp_reply_local "$before"
	log_test "arp_reply_local: a reply to a macvlan on the bridge is to this host"
else
	tap_skip "arp_reply_local: a reply to a macvlan on the bridge is to this host" \
		"no macvlan in this kernel"
fi

# --- what this host is follows the devices ---

on_sw "ip addr add 203.0.113.254/24 dev br0.10"
request_is arp_request_local 203.0.113.254 \
	"an address added to a VLAN device on the bridge: a request for it is local"
on_sw "ip addr del 203.0.113.254/24 dev br0.10"
request_is arp_request_other 203.0.113.254 "... removed again: a request for it is not local"

on_sw "ip addr add 192.0.2.253/24 dev br0"
request_is arp_request_local 192.0.2.253 "a secondary address of the bridge is local"
on_sw "ip addr del 192.0.2.253/24 dev br0"
request_is arp_request_other 192.0.2.253 "... removed again: not local"
request_is arp_request_local 192.0.2.254 "... and the primary address still is"

on_sw "ip link add link br0.10 name br0.10.20 type vlan id 20 &&
	ip addr add 203.0.113.1/32 dev br0.10.20"
request_is arp_request_local 203.0.113.1 \
	"an address of a VLAN device on a VLAN device on the bridge (depth 2) is local"

# the module loaded again with all of it in place: the devices it finds are taken
if onv "$SW" "rmmod vmroam && insmod $VMROAM_KO"; then
	request_is arp_request_local 203.0.113.1 \
		"loaded again: the depth-2 VLAN device's address is local"
	request_is arp_request_local 198.51.100.254 "loaded again: br0.10's address is local"
	reply_is arp_reply_local "$BR_MAC" "loaded again: a reply to the bridge's MAC is local"
else
	tap_not_ok "rmmod and insmod vmroam with the topology in place" "$ON_OUT"
fi

on_sw "ip link del br0.10.20"
request_is arp_request_other 203.0.113.1 "... the VLAN device deleted: its address is not local"

if [ -n "$MV_MAC" ]; then
	on_sw "ip link add link br0 name mv1 address 02:00:00:00:aa:01 type macvlan mode bridge &&
		ip link set mv1 up"
	reply_is arp_reply_local 02:00:00:00:aa:01 \
		"a macvlan added to the bridge: a reply to its MAC is local"
	on_sw "ip link set mv1 address 02:00:00:00:aa:02"
	reply_is arp_reply_other 02:00:00:00:aa:01 "... its MAC changed: a reply to the old one is not"
	reply_is arp_reply_local 02:00:00:00:aa:02 "... and a reply to the new one is"
	on_sw "ip link del mv1"
	reply_is arp_reply_other 02:00:00:00:aa:02 "... deleted: a reply to its MAC is not local"
else
	tap_skip "a macvlan added to the bridge: a reply to its MAC is local" \
		"no macvlan in this kernel"
fi

# a port whose MAC is lower than every other port's gives the bridge its MAC (the bridge's own
# notification, not a MAC set on it); when it leaves, the bridge's MAC changes back
on_sw "ip link add swp3 address 02:00:00:00:00:03 type veth peer name swp3p &&
	ip link set swp3 master br0"
BR_MAC3=$(ip -n "$SW" -j link show br0 | jq -r '.[0].address')
if [ "$BR_MAC3" = 02:00:00:00:00:03 ]; then
	reply_is arp_reply_local 02:00:00:00:00:03 \
		"the bridge's MAC taken from a new port: a reply to it is local"
	on_sw "ip link del swp3"
	reply_is arp_reply_other 02:00:00:00:00:03 \
		"... the port gone, the bridge's MAC back: a reply to the port's MAC is not local"
else
	tap_skip "the bridge's MAC taken from a new port: a reply to it is local" \
		"the bridge took $BR_MAC3: a port's random MAC is lower"
	on_sw "ip link del swp3"
fi

on_sw "ip link set br0 address 02:00:00:00:bb:01"
reply_is arp_reply_local 02:00:00:00:bb:01 "the bridge's MAC changed: a reply to the new one is local"
# the old one was a port's (a bridge takes its lowest port's MAC): a port is not this host
reply_is arp_reply_other "$BR_MAC" "... a reply to the old one (a port's MAC) is not"

# --- nothing else is this host ---

on_sw "ip link add dummy0 address 02:00:00:00:cc:01 type dummy && ip link set dummy0 up &&
	ip addr add 203.0.113.77/32 dev dummy0"
request_is arp_request_other 203.0.113.77 \
	"an address of a device that is not the bridge nor stacked on it (dummy0) is not local"
reply_is arp_reply_other 02:00:00:00:cc:01 "... nor its MAC"

# a guest claims an address, announcing it: still not this host's, and neither is its MAC (the
# address stays off h1's stack: h2's namespace would answer the request)
send_as arp_garp_request "a guest announces an address of its own" arp_garp_request \
	sip 203.0.113.50
request_is arp_request_other 203.0.113.50 "a guest's claimed address is not local"
H1_MAC=$(ip -n "$H" -j link show h1 | jq -r '.[0].address')
reply_is arp_reply_other "$H1_MAC" "a guest's MAC is not local"

# frames of other protocols are not counted at all: a counted frame behind them (sent from the
# same CPU, so handled after them) proves they have been handled
counters
before=$ON_OUT
onv "$H" "taskset -c 0 sh -c '$VRSEND h1 ipv4_tcp && $VRSEND h1 icmp6_echo &&
	$VRSEND h1 arp_garp_request sip 192.0.2.11'"
check_err $? "vrsend failed: $ON_OUT"
check_only_moved arp_garp_request "$before"
log_test "IPv4 TCP and ICMPv6 echo are not counted"

tap_end
