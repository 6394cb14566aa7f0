#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Broken frames never crash the hook and are never taken for what they are not: a frame that is
# certainly ARP/RARP, ND or DHCP but truncated or inconsistent counts as "malformed"; one cut
# before it can be recognised (or wrapped in two VLAN tags) is not counted at all. Big frames whose
# headers are not in the skb's linear part are classified like small ones.
#
#   ns h                      ns sw
#   +--------+               +--------------------------------+
#   |  h1 ---+---------------+-- swp1 -- br0 (MTU 9000)       |
#   +--------+               +--------------------------------+

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

setup()
{
	ns_create H
	ns_create SW
	ip -n "$SW" link add br0 type bridge vlan_filtering 1
	ip -n "$SW" link add swp1 mtu 9000 type veth peer name h1 mtu 9000 netns "$H"
	ip -n "$SW" link set swp1 master br0
	bridge -n "$SW" vlan add dev swp1 vid 10
	ip -n "$SW" link set br0 up
	ip -n "$SW" link set swp1 up
	ip -n "$H" link set h1 up
	link_wait "$SW" swp1 && link_wait "$H" h1
}

# shells in the two namespaces: under TCG the hundreds of frames would cost an "ip netns exec"
# each otherwise
# shellcheck source=nsshell.sh
. "$(dirname "$0")/nsshell.sh"

# counters: the namespace's "vmroam -j stats", in ON_OUT
counters()
{
	onv "$SW" "$VMROAM -j stats"
}

# changed BEFORE AFTER: "type+delta ..." for every frame counter that moved
changed()
{
	jq -rn --argjson a "$1" --argjson b "$2" --arg t "$FRAME_TYPES" \
		'[$b | to_entries[] | select(.key | IN($t | splits("\\s+"))) |
		  select(.value != $a[.key]) | "\(.key)+\(.value - $a[.key])"] | join(" ")'
}

counter_is()	# TYPE N
{
	counters || return 1
	[[ $ON_OUT =~ \"$1\":([0-9]+) ]] && [ "${BASH_REMATCH[1]}" = "$2" ]
}

# send CMDLINE: shell command lines (no single quotes) sending from h1, all from CPU 0:
# a veth delivers into the backlog of the sending CPU, so the frames are handled in the order
# sent and the last one proves the others were
send()
{
	onv "$H" "taskset -c 0 sh -c '$1'" || { echo "vrsend: $ON_OUT"; return 1; }
}

# expect_moved BEFORE "type+delta ...": waits for the last counter named to reach its value
# (name the frame sent last there), then requires exactly those changes, in any order
expect_moved()
{
	local before=$1 want=$2 last

	if [ -n "$want" ]; then
		last=${want##* }
		[[ $before =~ \"${last%+*}\":([0-9]+) ]]
		qpoll counter_is "${last%+*}" $((BASH_REMATCH[1] + ${last#*+}))
	fi
	counters
	[ "$(changed "$before" "$ON_OUT" | tr ' ' '\n' | sort)" = "$(tr ' ' '\n' <<<"$want" | sort)" ]
	check_err $? "counters moved: '$(changed "$before" "$ON_OUT")', expected '$want'"
}

# a frame that is certainly nothing of ours, sent last so that "nothing moved" is not a race
MARK=arp_garp_request

# cut_lengths FIRST LEN: where to cut a frame of LEN bytes whose cuts from FIRST on are malformed.
# A short frame (ARP) at every byte; a long one (ND, DHCP) just after the Ethernet header, just
# before and at every byte of the 8 from FIRST on (the header that decides), then every 16th byte
# and the last one. selftests/unit/classify_test.c cuts every frame at every byte.
cut_lengths()
{
	local first=$1 len=$2 n

	for n in $(seq 14 $((len - 1))); do
		if [ "$len" -le 64 ] || [ "$n" -le 15 ] ||
		   { [ "$n" -ge $((first - 2)) ] && [ "$n" -le $((first + 8)) ]; } ||
		   [ $(((n - first) % 16)) -eq 0 ] || [ "$n" -eq $((len - 1)) ]; then
			echo "$n"
		fi
	done
}

# truncations TYPE FIRST_MALFORMED [VLAN]: the frame cut short at the lengths above; cuts from
# FIRST_MALFORMED (for the untagged frame) on are malformed, shorter ones are not counted
truncations()
{
	local type=$1 first=$2 vlan=${3:-0} hex len n ns before want malformed=0 cuts=0 v=()
	local tag=untagged

	if [ "$vlan" != 0 ]; then
		v=(vlan "$vlan")
		tag="vlan $vlan"
		# the tag moves everything 4 bytes on; the stack drops a frame too short to hold the
		# tag and 2 more bytes (skb_vlan_untag) before any bridge sees it
		first=$((first + 4 > 20 ? first + 4 : 20))
	fi
	hex=$("$VRSEND" -xn - "$type" "${v[@]}" | tr -d ' \n' | head -c 100000)
	len=$(( ${#hex} / 2 ))
	[ "$len" -gt 14 ] || check_err 1 "vrsend -xn printed no frame: '$hex'"
	counters
	before=$ON_OUT
	ns=$(cut_lengths "$first" "$len" | tr "\n" " ")
	for n in $ns; do
		cuts=$((cuts + 1))
		[ "$n" -ge "$first" ] && malformed=$((malformed + 1))
	done
	send "for n in $ns; do $VRSEND h1 $type ${v[*]} truncate \$n || exit 1; done
		$VRSEND h1 $MARK" || check_err 1 "vrsend truncate failed"
	want="malformed+$malformed"
	[ $malformed -gt 0 ] || want=
	# shellcheck disable=SC2116 # echo joins the words: an empty $want leaves no blank
	expect_moved "$before" "$(echo $want $MARK+1)"
	log_test "$type ($tag, $len bytes) cut at $cuts lengths: $malformed malformed, the rest not counted"
}

tap_begin
setup && sh_start "$SW" && sh_start "$H" || { tap_not_ok "topology"; tap_end; }

# ARP and RARP are recognised by the EtherType: every cut is malformed
truncations arp_garp_request 14
truncations arp_garp_request 14 10
truncations rarp_request 14
# ND once the ICMPv6 type (byte 14 + 40) is there, DHCP once the UDP ports (14 + 20 + 4) are
truncations nd_na_unsolicited 55
truncations nd_ns 55 10
truncations dhcp_client 38
truncations dhcp_server 38

for bad in arp_bad_htype arp_bad_ptype arp_bad_hlen arp_bad_plen arp_bad_op rarp_arp_op \
	   nd_bad_hoplimit nd_bad_code nd_plen_short nd_plen_long nd_zero_opt nd_long_opt \
	   nd_dad_slla nd_na_mcast nd_mcast_target \
	   dhcp_bad_cookie dhcp_bad_htype dhcp_bad_hlen dhcp_bad_op dhcp_ulen_short \
	   dhcp_ulen_long dhcp_iplen_long dhcp_bootp_short dhcp_trunc_opt; do
	counters
	before=$ON_OUT
	send "$VRSEND h1 $bad && $VRSEND h1 $MARK" || check_err 1 "vrsend $bad failed"
	expect_moved "$before" "malformed+1 $MARK+1"
	log_test "$bad: counted as malformed"
done

# two VLAN tags (the outer one taken out by the stack) and other protocols: not ours
for other in qinq_arp vlan2_arp ipv4_tcp ipv4_udp ipv4_frag ipv6_tcp ipv6_udp icmp6_echo \
	     icmp6_rs lldp; do
	counters
	before=$ON_OUT
	send "$VRSEND h1 $other && $VRSEND h1 $MARK" || check_err 1 "vrsend $other failed"
	expect_moved "$before" "$MARK+1"
	log_test "$other: not counted"
done

# 5000-byte frames: the sender's skb carries all but the Ethernet header in page fragments
# (AF_PACKET allocates that way from a page up), so the hook reads every field through
# skb_header_pointer()
for type in arp_garp_request arp_request_other rarp_request nd_ns nd_na_solicited dhcp_client \
	    dhcp_server; do
	counters
	before=$ON_OUT
	send "$VRSEND h1 $type pad 5000" || check_err 1 "vrsend $type pad 5000 failed"
	expect_moved "$before" "$type+1"
	log_test "$type in a 5000-byte non-linear frame: counted as $type"
done
counters
before=$ON_OUT
send "$VRSEND h1 nd_zero_opt pad 5000" || check_err 1 "vrsend failed"
expect_moved "$before" "malformed+1"
log_test "nd_zero_opt in a 5000-byte non-linear frame: counted as malformed"

tap_end
