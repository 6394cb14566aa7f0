#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check vrsend end to end: send every kind of frame from one end of a veth pair in a scratch
# network namespace, capture on the other end, and check what tcpdump decodes (addresses,
# opcodes, ICMPv6/UDP/TCP checksums "ok", DHCP and DHCPv6 options, RA options). Needs root, ip
# and tcpdump.
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
	"icmp6_rs|fe80::5054:ff:fe12:3456 > ff02::2: \[icmp6 sum ok\] ICMP6, router solicitation.*source link-address option \(1\).*52:54:00:12:34:56"
	"ipv6_udp|fe80::5054:ff:fe12:3456.40000 > fe80::1.9: \[udp sum ok\] UDP, length 8"
	"nd_ra|02:00:00:00:00:01 > 33:33:00:00:00:01.*hlim 255.*fe80::1 > ff02::1: \[icmp6 sum ok\] ICMP6, router advertisement.*Flags \[none\].*router lifetime 1800s.*source link-address option \(1\).*02:00:00:00:00:01.*prefix info option \(3\).*2001:db8:1::/64, Flags \[onlink, auto\], valid time 86400s, pref. time 14400s"
	"nd_ra prefix 2001:db8:bad::/64 valid 600 pref 300 rlifetime 9000 flags 0xc0 smac 52:54:00:00:00:66|52:54:00:00:00:66 > 33:33:00:00:00:01.*\[icmp6 sum ok\] ICMP6, router advertisement.*Flags \[managed, other stateful\].*router lifetime 9000s.*52:54:00:00:00:66.*2001:db8:bad::/64, Flags \[onlink, auto\], valid time 600s, pref. time 300s"
	"nd_ra pio 0 lla 0 rlifetime 0|\[icmp6 sum ok\] ICMP6, router advertisement, length 16.*router lifetime 0s, reachable time 0ms, retrans timer 0ms$"
	"nd_ra vlan 0 prio 6|ethertype 802.1Q \(0x8100\), length 114: vlan 0, p 6, ethertype IPv6.*\[icmp6 sum ok\] ICMP6, router advertisement"
	"nd_redirect|02:00:00:00:00:01 > 52:54:00:12:34:56.*hlim 255.*fe80::1 > fe80::5054:ff:fe12:3456: \[icmp6 sum ok\] ICMP6, redirect, length 48, 2001:db8:2::1 to fe80::5054:ff:feab:cdef.*destination link-address option \(2\).*52:54:00:ab:cd:ef"
	"nd_redirect tip6 fe80::66 rdst6 2001:db8::99 lla 0|\[icmp6 sum ok\] ICMP6, redirect, length 40, 2001:db8::99 to fe80::66$"
	"nd_na_unsolicited router 1|\[icmp6 sum ok\] ICMP6, neighbor advertisement.*Flags \[router, override\]"
	"dhcp6_client|52:54:00:12:34:56 > 33:33:00:01:00:02.*fe80::5054:ff:fe12:3456.546 > ff02::1:2.547: \[udp sum ok\] dhcp6 solicit \(xid=3a4b5c \(client-ID hwaddr type 1 525400123456\) \(elapsed-time 0\) \(IA_NA IAID:1193046 T1:0 T2:0\)\)"
	"dhcp6_client msg REQUEST|\[udp sum ok\] dhcp6 request .*\(server-ID hwaddr type 1 020000000001\).*\(IA_ADDR 2001:db8::100 pltime:0 vltime:0\)"
	"dhcp6_client msg RELEASE ia6 2001:db8::9 valid 0|\[udp sum ok\] dhcp6 release .*\(IA_ADDR 2001:db8::9 pltime:0 vltime:0\)"
	"dhcp6_client msg DECLINE smac 52:54:00:aa:bb:cc|52:54:00:aa:bb:cc > 33:33:00:01:00:02.*\[udp sum ok\] dhcp6 decline .*client-ID hwaddr type 1 525400aabbcc.*IA_ADDR 2001:db8::100"
	"dhcp6_client msg INFORMATION-REQUEST|\[udp sum ok\] dhcp6 inf-req \(xid=3a4b5c \(client-ID hwaddr type 1 525400123456\) \(elapsed-time 0\)\)"
	"dhcp6_client msg RELAY-FORW|.547 > ff02::1:2.547: \[udp sum ok\] dhcp6 relay-fwd \(linkaddr=2001:db8::1 peeraddr=fe80::5054:ff:fe12:3456 \(relay-message \(dhcp6 solicit"
	"dhcp6_server|02:00:00:00:00:01 > 52:54:00:12:34:56.*fe80::1.547 > fe80::5054:ff:fe12:3456.546: \[udp sum ok\] dhcp6 reply .*\(server-ID hwaddr type 1 020000000001\) \(IA_NA IAID:1193046 T1:0 T2:0 \(IA_ADDR 2001:db8::100 pltime:1800 vltime:3600\)\)"
	"dhcp6_server msg REPLY client 52:54:00:aa:bb:cc ia6 2001:db8::55 valid 7200|> 52:54:00:aa:bb:cc, .*> fe80::5054:ff:feaa:bbcc.546: \[udp sum ok\] dhcp6 reply .*client-ID hwaddr type 1 525400aabbcc.*\(IA_ADDR 2001:db8::55 pltime:3600 vltime:7200\)"
	"dhcp6_server msg ADVERTISE ia6 2001:db8::1 ia6 2001:db8::2 valid 60 pref 30|\[udp sum ok\] dhcp6 advertise .*\(IA_ADDR 2001:db8::1 pltime:1800 vltime:3600\) \(IA_ADDR 2001:db8::2 pltime:30 vltime:60\)"
	"dhcp6_server msg RECONFIGURE|\[udp sum ok\] dhcp6 reconfigure .*\(reconfigure-message for renew\)"
	"dhcp6_server msg RELAY-REPL|fe80::1.547 > fe80::5054:ff:fe12:3456.547: \[udp sum ok\] dhcp6 relay-reply .*\(relay-message \(dhcp6 advertise"
	"dhcp6_server vlan 0 prio 3 pad 1400|length 1400: vlan 0, p 3, ethertype IPv6.*\[udp sum ok\] dhcp6 reply"
	"lldp|ethertype LLDP \(0x88cc\).*Chassis ID TLV"
	"qinq_arp|ethertype 802.1Q-QinQ \(0x88a8\).*vlan 100, .*ethertype 802.1Q \(0x8100\), vlan 10, .*ethertype ARP"
	"arp_bad_htype|ethertype ARP"
	"nd_bad_hoplimit|hlim 64,.*\[icmp6 sum ok\] ICMP6, neighbor advertisement"
	"nd_bad_code|\[icmp6 sum ok\] ICMP6, neighbor solicitation"
	"dhcp_bad_cookie|\[udp sum ok\] BOOTP/DHCP, Request"
	"ra_bad_hoplimit|hlim 254,.*\[icmp6 sum ok\] ICMP6, router advertisement"
	"ra_short|payload length: 12\) fe80::1 > ff02::1: .*ICMP6, router advertisement, length 12"
	"redirect_short|payload length: 32\) fe80::1 > fe80::5054:ff:fe12:3456: .*ICMP6, redirect, length 32"
	"ra_frag|next-header Fragment \(44\).*fe80::1 > ff02::1: frag \(0x5eed0001:0[|]56\) ICMP6, router advertisement"
	"ra_frag_pushed|next-header Fragment \(44\) payload length: 24\) fe80::1 > ff02::1: frag \(0x5eed0001:0[|]16\) DSTOPT \(padn\) ICMP6, length 0"
	"dhcp6_client_to_546|fe80::5054:ff:fe12:3456.546 > ff02::1:2.546: \[udp sum ok\] dhcp6 solicit"
	"dhcp6_advertise_to_547|fe80::1.547 > fe80::5054:ff:fe12:3456.547: \[udp sum ok\] dhcp6 advertise"
	"dhcp6_trunc_opt|\[udp sum ok\] dhcp6 reply .*\[[|]dhcp6\]"
	"dhcp6_ia_short|\[udp sum ok\] dhcp6 reply .*\(IA_NA \?\)"
	"dhcp6_iaaddr_short|\[udp sum ok\] dhcp6 reply .*\(IA_ADDR \?\)"
	"dhcp6_client frag 1|next-header Fragment \(44\).*frag \(0x5eed0001:0[|]48\) 546 > 547: dhcp6 solicit"
	"raw hex ffffffffffff525400123456080600010800060400015254001234560a0000020000000000000a000002|Request who-has 10.0.0.2 tell 10.0.0.2"
)

# ip netns exec execs tcpdump: $! is tcpdump itself. Immediate mode: without it, libpcap hands
# packets over a ring block at a time, after up to a second, and the last ones are still in the
# ring when tcpdump is stopped.
ip netns exec "$NS" tcpdump -i b -nn -U --immediate-mode -s 0 -w "$TMP/cap.pcap" >/dev/null \
	2>"$TMP/tcpdump.err" &
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
