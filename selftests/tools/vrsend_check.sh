#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check vrsend end to end: send every kind of frame from one end of a veth pair in a scratch
# network namespace, capture on the other end, and check what tcpdump decodes (addresses,
# opcodes, ICMPv6/UDP/TCP checksums "ok", DHCP options). Needs root, ip and tcpdump.
#
#	./vrsend_check.sh [path/to/vrsend]
#
# TAP output; exit status 0 when everything was decoded as expected, 1 otherwise, 4 (skip)
# when not root or a tool is missing.

set -u
VRSEND=$(realpath "${1:-$(dirname "$0")/vrsend}")
NS=vrsend-check-$$
TMP=$(mktemp -d)
TCPDUMP_PID=

skip() { echo "1..0 # SKIP $*"; exit 4; }
[ "$(id -u)" = 0 ] || skip "needs root"
command -v tcpdump >/dev/null || skip "needs tcpdump"
command -v ip >/dev/null || skip "needs ip"
[ -x "$VRSEND" ] || skip "no $VRSEND (make it first)"

cleanup() {
	[ -n "$TCPDUMP_PID" ] && kill "$TCPDUMP_PID" 2>/dev/null && wait "$TCPDUMP_PID" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

ip netns add "$NS" || skip "cannot create a network namespace"
nsx() { ip netns exec "$NS" "$@"; }
# no IPv6 on the veths: no router solicitations, MLD or DAD of their own in the capture
nsx sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "$NS" link add name a mtu 9000 type veth peer name b mtu 9000
ip -n "$NS" link set dev a up
ip -n "$NS" link set dev b up

# TYPE-and-arguments | extended regular expression tcpdump -nn -e -vv must print for it
CASES=(
	"arp_garp_request|ff:ff:ff:ff:ff:ff, ethertype ARP .*Request who-has 10.0.0.2 tell 10.0.0.2"
	"arp_garp_request sip 192.168.7.9 smac 52:54:00:00:00:09|52:54:00:00:00:09 > ff:ff:ff:ff:ff:ff.*who-has 192.168.7.9 tell 192.168.7.9"
	"arp_garp_reply|ff:ff:ff:ff:ff:ff, ethertype ARP .*Reply 10.0.0.2 is-at 52:54:00:12:34:56"
	"arp_probe|Request who-has 10.0.0.2 tell 0.0.0.0"
	"arp_request_local|Request who-has 10.0.0.1 tell 10.0.0.2"
	"arp_request_other|Request who-has 10.0.0.3 tell 10.0.0.2"
	"arp_reply_local|> 02:00:00:00:00:01, ethertype ARP .*Reply 10.0.0.2 is-at 52:54:00:12:34:56"
	"arp_reply_other|> 52:54:00:ab:cd:ef, ethertype ARP .*Reply 10.0.0.2 is-at 52:54:00:12:34:56"
	"arp_reply_broadcast|> ff:ff:ff:ff:ff:ff, ethertype ARP .*Reply 10.0.0.2 is-at"
	"rarp_request|ethertype Reverse ARP \(0x8035\).*Reverse Request who-is 52:54:00:12:34:56 tell 52:54:00:12:34:56"
	"rarp_reply|ethertype Reverse ARP \(0x8035\).*Reverse Reply 52:54:00:12:34:56 at 10.0.0.2"
	"nd_ns|> 33:33:ff:00:00:01.*hlim 255.*fe80::5054:ff:fe12:3456 > ff02::1:ff00:1: \[icmp6 sum ok\] ICMP6, neighbor solicitation.*who has fe80::1.*source link-address option \(1\).*52:54:00:12:34:56"
	"nd_ns_dad|hlim 255.* :: > ff02::1:ff12:3456: \[icmp6 sum ok\] ICMP6, neighbor solicitation, length 24, who has fe80::5054:ff:fe12:3456$"
	"nd_na_solicited|> 02:00:00:00:00:01.*hlim 255.*> fe80::1: \[icmp6 sum ok\] ICMP6, neighbor advertisement.*Flags \[solicited, override\].*destination link-address option \(2\).*52:54:00:12:34:56"
	"nd_na_unsolicited|> 33:33:00:00:00:01.*hlim 255.*> ff02::1: \[icmp6 sum ok\] ICMP6, neighbor advertisement.*Flags \[override\].*destination link-address option"
	"nd_na_unsolicited tip6 2001:db8::5 sip6 2001:db8::5 sha 52:54:00:00:00:05|2001:db8::5 > ff02::1: \[icmp6 sum ok\].*tgt is 2001:db8::5.*52:54:00:00:00:05"
	"nd_ns vlan 42 pad 3000|length 3000: vlan 42, .*\[icmp6 sum ok\] ICMP6, neighbor solicitation.*source link-address option"
	"dhcp_client|0.0.0.0.68 > 255.255.255.255.67: \[udp sum ok\] BOOTP/DHCP, Request from 52:54:00:12:34:56.*Client-Ethernet-Address 52:54:00:12:34:56.*Magic Cookie 0x63825363.*DHCP-Message \(53\), length 1: Discover"
	"dhcp_client msg REQUEST lease 600|\[udp sum ok\] BOOTP/DHCP, Request.*DHCP-Message \(53\), length 1: Request.*Lease-Time \(51\), length 4: 600"
	"dhcp_client msg RELEASE|10.0.0.2.68 > 255.255.255.255.67: \[udp sum ok\].*Client-IP 10.0.0.2.*DHCP-Message \(53\), length 1: Release"
	"dhcp_server|10.0.0.1.67 > 255.255.255.255.68: \[udp sum ok\] BOOTP/DHCP, Reply.*Your-IP 10.0.0.2.*Client-Ethernet-Address 52:54:00:12:34:56.*DHCP-Message \(53\), length 1: ACK.*Lease-Time \(51\), length 4: 3600"
	"dhcp_server msg OFFER tip 10.0.0.77 lease 120|\[udp sum ok\].*Your-IP 10.0.0.77.*Offer.*Lease-Time \(51\), length 4: 120"
	"dhcp_server msg NAK|\[udp sum ok\] BOOTP/DHCP, Reply.*DHCP-Message \(53\), length 1: NACK"
	"dhcp_server vlan 7 prio 5 pad 1400|length 1400: vlan 7, p 5, .*\[udp sum ok\] BOOTP/DHCP, Reply"
	"arp_garp_request vlan 42|ethertype 802.1Q \(0x8100\), length 46: vlan 42, p 0, ethertype ARP .*who-has 10.0.0.2 tell 10.0.0.2"
	"arp_garp_request pad 5000|ethertype ARP \(0x0806\), length 5000: .*who-has 10.0.0.2 tell 10.0.0.2"
	"arp_garp_request truncate 30|ethertype ARP \(0x0806\), length 30"
	"ipv4_tcp|10.0.0.2.40000 > 10.0.0.1.80: Flags \[S\], cksum 0x[0-9a-f]+ \(correct\)"
	"ipv4_udp|10.0.0.2.40000 > 10.0.0.1.9: \[udp sum ok\]"
	"ipv4_frag|offset 1480.*10.0.0.2 > 10.0.0.1: ip-proto-17"
	"ipv6_tcp|fe80::1.80: Flags \[S\], cksum 0x[0-9a-f]+ \(correct\)"
	"icmp6_echo|\[icmp6 sum ok\] ICMP6, echo request"
	"icmp6_ra|\[icmp6 sum ok\] ICMP6, router advertisement"
	"lldp|ethertype LLDP \(0x88cc\).*Chassis ID TLV"
	"qinq_arp|ethertype 802.1Q-QinQ \(0x88a8\).*vlan 100, .*ethertype 802.1Q \(0x8100\), vlan 10, .*ethertype ARP"
	"arp_bad_htype|ethertype ARP"
	"nd_bad_hoplimit|hlim 64,.*\[icmp6 sum ok\] ICMP6, neighbor advertisement"
	"nd_bad_code|\[icmp6 sum ok\] ICMP6, neighbor solicitation"
	"dhcp_bad_cookie|\[udp sum ok\] BOOTP/DHCP, Request"
	"raw hex ffffffffffff525400123456080600010800060400015254001234560a0000020000000000000a000002|Request who-has 10.0.0.2 tell 10.0.0.2"
)

# ip netns exec execs tcpdump: $! is tcpdump itself
ip netns exec "$NS" tcpdump -i b -nn -U -s 0 -w "$TMP/cap.pcap" >/dev/null 2>"$TMP/tcpdump.err" &
TCPDUMP_PID=$!
for _ in $(seq 50); do grep -q "listening" "$TMP/tcpdump.err" && break; sleep 0.1; done

echo "TAP version 13"
n=0
fail=0
for c in "${CASES[@]}"; do
	args=${c%%|*}
	n=$((n + 1))
	# shellcheck disable=SC2086
	if ! nsx "$VRSEND" a $args; then
		echo "# vrsend a $args failed"
		fail=1
	fi
	sleep 0.05
done
sleep 0.5
kill "$TCPDUMP_PID"
wait "$TCPDUMP_PID" 2>/dev/null
TCPDUMP_PID=

# one line per frame
tcpdump -nn -e -vv -r "$TMP/cap.pcap" 2>/dev/null |
	awk '/^[0-9][0-9]:[0-9][0-9]:/ { if (l != "") print l; l = $0; next } { l = l " | " $0 } END { if (l != "") print l }' \
	>"$TMP/frames.txt"

i=0
for c in "${CASES[@]}"; do
	args=${c%%|*}
	re=${c#*|}
	i=$((i + 1))
	line=$(sed -n "${i}p" "$TMP/frames.txt")
	if printf '%s\n' "$line" | grep -Eq "$re" && ! printf '%s\n' "$line" | grep -q "bad cksum"; then
		echo "ok $i - vrsend $args"
	else
		echo "not ok $i - vrsend $args"
		echo "#   want: $re"
		echo "#   got:  ${line:0:400}"
		fail=1
	fi
done
got=$(wc -l <"$TMP/frames.txt")
if [ "$got" -ne "$n" ]; then
	echo "# captured $got frames, sent $n"
	fail=1
fi

# error handling
t=$((n + 1))
nsx "$VRSEND" a no_such_type >/dev/null 2>&1; rc=$?
[ $rc = 2 ] && echo "ok $t - unknown type: exit 2" || { echo "not ok $t - unknown type: exit $rc"; fail=1; }
t=$((t + 1))
nsx "$VRSEND" a arp_probe sip 1.2.3 >/dev/null 2>&1; rc=$?
[ $rc = 2 ] && echo "ok $t - bad IP: exit 2" || { echo "not ok $t - bad IP: exit $rc"; fail=1; }
t=$((t + 1))
nsx "$VRSEND" nosuchdev0 arp_probe >/dev/null 2>&1; rc=$?
[ $rc = 1 ] && echo "ok $t - unknown interface: exit 1" || { echo "not ok $t - unknown interface: exit $rc"; fail=1; }
t=$((t + 1))
nsx "$VRSEND" a arp_probe pad 9100 >/dev/null 2>&1; rc=$?
[ $rc = 1 ] && echo "ok $t - frame over the MTU: exit 1" || { echo "not ok $t - frame over the MTU: exit $rc"; fail=1; }
t=$((t + 1))
ip -n "$NS" link set dev a down
nsx "$VRSEND" a arp_probe >/dev/null 2>&1; rc=$?
[ $rc = 1 ] && echo "ok $t - link down: exit 1" || { echo "not ok $t - link down: exit $rc"; fail=1; }
t=$((t + 1))
out=$("$VRSEND" -xn - arp_garp_request vlan 5 prio 3)
[ "$out" = "ffffffffffff52540012345681006005080600010800060400015254001234560a0000020000000000000a000002" ] &&
	echo "ok $t - -x prints the frame in hex" || { echo "not ok $t - -x printed $out"; fail=1; }

echo "1..$t"
exit $fail
