#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Port security on one hypervisor bridge: DHCP snooping with a real server (dnsmasq) and a real
# client (busybox udhcpc), a rogue DHCP server, an attacker (ARP spoofing, MAC spoofing, DHCP
# starvation, IP spoofing, a MAC flood, an ARP storm, link-local FDB planting), and the VM's
# migration to another secured port: sanctioned (pings lost), unsanctioned (dropped, reported),
# flapping (frozen, unfrozen).
#
#   ns dhcp                 ns remote
#   eth0 192.0.2.1          eth0 192.0.2.2
#   dnsmasq (real server)   vrping, ping
#    |                       |
#   up0 (trusted)           up1 (trusted)
#   +------------------------------ br0 (ns hv) -----------------------------------+
#   tap1       tap2         tap3          tap5           tap6    tap7          tap4
#    |          |            |             |              |       |             |
#   eth0       eth1         a0            a1             f0      f1            eth0
#   ns vm (both 52:54:00:00:00:10;      ns attacker                          ns rogue
#   eth1 DOWN until the VM moves)       a0: 02:00:00:00:00:66, 192.0.2.66    dnsmasq on
#   DHCP client (udhcpc)                (static binding on tap3)             192.0.2.250
#
# Port security (everything else trusted, the module's default):
#   tap1, tap2  untrusted, lock, arp-inspect, ip-guard  (the VM before and after its move)
#   tap3        untrusted, lock, arp-inspect, ip-guard; rate 15 for the ARP storm
#   tap4        untrusted                                (the rogue DHCP server)
#   tap5        untrusted, lock, max-macs 4              (the MAC flood)
#   tap6, tap7  untrusted                                (a MAC flapping between them)
#
# Each case prints, as "# " lines, the frames sent, dropped (vmroam's drops of the port) and
# passed, and the pings lost. SECURITY_CASES (e.g. "1 5") selects cases (debugging); a case that
# needs the VM's lease gets one first.

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules

VRPING=${VRPING:-$VMROAM_TOP/selftests/tools/vrping}
UDHCPC_SCRIPT=$VMROAM_TOP/selftests/udhcpc.script
if [ ! -x "$VRPING" ] || [ ! -x "$VRSEND" ] || [ ! -x "$VMROAM" ]; then
	tap_begin
	tap_skip "$(basename "$0")" "build vrping, vrsend (make -C selftests/tools) and the CLI first"
	tap_end
fi
for t in dnsmasq python3; do
	if ! command -v $t >/dev/null; then
		tap_begin
		tap_skip "$(basename "$0")" "$t not installed (apt-get install dnsmasq-base python3)"
		tap_end
	fi
done
if ! busybox udhcpc --help >/dev/null 2>&1; then
	tap_begin
	tap_skip "$(basename "$0")" "busybox udhcpc missing (apt-get install busybox-static)"
	tap_end
fi

# shellcheck source=nsshell.sh
. "$(dirname "$0")/nsshell.sh"

CASES=${SECURITY_CASES:-"1 2 3 4 5"}

VM_MAC=52:54:00:00:00:10
DHCP_IP=192.0.2.1
DHCP_MAC=02:00:00:00:00:01
REMOTE_IP=192.0.2.2
REMOTE_MAC=02:00:00:00:00:02
ATT_MAC=02:00:00:00:00:66
ATT_IP=192.0.2.66
ROGUE_MAC=02:00:00:00:00:fa
ROGUE_IP=192.0.2.250
FLAP_MAC=52:54:00:00:00:77
FLAP_IP=192.0.2.77
LEASE=600		# the real server's lease time
RANGE_LO=192.0.2.100	# its range
RANGE_HI=192.0.2.149
ROGUE_LO=192.0.2.200	# the rogue's
ROGUE_HI=192.0.2.249

FLOOD_MACS=50		# source MACs of the flood
MAX_MACS=4		# the flood port's limit
STORM=300		# ARP frames of the storm
RATE=15			# the storm port's ARP rate (and burst)
PING_MS=10		# vrping's interval in the migration
AWAY_MS=100		# the VM away: from the cut to the attach
AFTER_MS=2000		# pinging after the attach
MAX_LOST=1		# sanctioned migration: at most this many lost after the attach
FLAP_MOVES=5		# module parameter flap_moves (default)

TMPD=$SHDIR		# nsshell's temporary directory, removed at the end
VM_IP=			# the VM's address, from its lease
PIDS=()			# dnsmasq, udhcpc, monitor: killed at the end

# ---- helpers ----------------------------------------------------------------------------------

# shellcheck source=portsec.sh
. "$(dirname "$0")/portsec.sh"

# ---- DHCP -------------------------------------------------------------------------------------

# dnsmasq_start NS NAME IP LO HI LEASE: a DHCP server in NS on its eth0 (no DNS), config, lease
# file and log in the temporary directory under NAME
dnsmasq_start()
{
	local ns=$1 name=$2

	cat >"$TMPD/$name.conf" <<-EOF
		port=0
		interface=eth0
		bind-interfaces
		no-resolv
		no-hosts
		dhcp-range=$4,$5,255.255.255.0,$6
		dhcp-leasefile=$TMPD/$name.leases
		dhcp-authoritative
		no-ping
		log-dhcp
		log-facility=$TMPD/$name.log
		pid-file=$TMPD/$name.pid
		user=root
	EOF
	onv "$ns" "dnsmasq --conf-file=$TMPD/$name.conf" ||
		{ echo "dnsmasq $name: $ON_OUT"; return 1; }
	qpoll test -s "$TMPD/$name.pid" || { echo "dnsmasq $name: no pid file"; return 1; }
	PIDS+=("$(<"$TMPD/$name.pid")")
}

# lease_events: the udhcpc script's lines so far
LEASE_STATE=$TMPD/udhcpc.state

bound_line()	# the last "bound" line of the script, or nothing
{
	grep '^bound ' "$LEASE_STATE" 2>/dev/null | tail -n 1
}

has_bound()
{
	[ -n "$(bound_line)" ]
}

# udhcpc_once: the VM gets a lease and keeps it (udhcpc -q exits after it, without releasing);
# VM_IP and LEASE_SERVER from it
udhcpc_once()
{
	: >"$LEASE_STATE"
	onv "$VMNS" "UDHCPC_STATE=$LEASE_STATE timeout 60 busybox udhcpc -i eth0 -s $UDHCPC_SCRIPT \
		-n -q -t 8 -T 2 -A 2" || return 1
	read -r _ VM_IP LEASE_SERVER _ <<<"$(bound_line)"
	[ -n "$VM_IP" ]
}

ensure_lease()
{
	[ -n "$VM_IP" ] || udhcpc_once
}

# ---- topology ---------------------------------------------------------------------------------

setup()
{
	local ns p

	ns_create HV && ns_create DHCP && ns_create REMOTE && ns_create VMNS && ns_create ATT &&
		ns_create ROGUE || return 1
	for ns in "$HV" "$DHCP" "$REMOTE" "$VMNS" "$ATT" "$ROGUE"; do
		sh_start "$ns" || return 1
	done
	ip -n "$HV" -b - <<-EOF || return 1
		link add br0 type bridge
		link set br0 up
		link add up0 type veth peer name eth0 address $DHCP_MAC netns $DHCP
		link add up1 type veth peer name eth0 address $REMOTE_MAC netns $REMOTE
		link add tap1 type veth peer name eth0 address $VM_MAC netns $VMNS
		link add tap2 type veth peer name eth1 address $VM_MAC netns $VMNS
		link add tap3 type veth peer name a0 address $ATT_MAC netns $ATT
		link add tap4 type veth peer name eth0 address $ROGUE_MAC netns $ROGUE
		link add tap5 type veth peer name a1 netns $ATT
		link add tap6 type veth peer name f0 netns $ATT
		link add tap7 type veth peer name f1 netns $ATT
	EOF
	for p in up0 up1 tap1 tap2 tap3 tap4 tap5 tap6 tap7; do
		echo "link set $p master br0 up"
	done | ip -n "$HV" -b - || return 1
	ip -n "$DHCP" -b - <<-EOF || return 1
		link set eth0 up
		addr add $DHCP_IP/24 dev eth0
	EOF
	ip -n "$REMOTE" -b - <<-EOF || return 1
		link set eth0 up
		addr add $REMOTE_IP/24 dev eth0
	EOF
	ip -n "$ROGUE" -b - <<-EOF || return 1
		link set eth0 up
		addr add $ROGUE_IP/24 dev eth0
	EOF
	ip -n "$ATT" -b - <<-EOF || return 1
		link set a0 up
		addr add $ATT_IP/24 dev a0
		link set a1 up
		link set f0 up
		link set f1 up
	EOF
	# a0's address is a0's alone: a1, f0 and f1 must not answer ARP for it (they are on the same
	# bridge, and Linux answers for any local address on any interface by default)
	on "$ATT" "sysctl -qw net.ipv4.conf.all.arp_ignore=1" || return 1
	ip -n "$VMNS" link set eth0 up || return 1

	# the batches of the migration: the VM leaves one port and appears on the other with its
	# address, and its ARP cache (a migrated VM keeps it): IF-OLD down, IF-NEW up
	local a b
	for a in eth0 eth1; do
		b=eth1
		[ $a = eth1 ] && b=eth0
		cat >"$TMPD/cut-$a.batch" <<-EOF
			link set $a down
			addr flush dev $a
		EOF
		cat >"$TMPD/attach-$b.batch" <<-EOF
			link set $b up
			addr add VMIP/24 dev $b
			neigh replace $REMOTE_IP lladdr $REMOTE_MAC dev $b nud permanent
		EOF
	done

	# the flood: N ARP announcements, each from its own source MAC 52:54:00:f0:00:NN
	cat >"$TMPD/flood.py" <<-'EOF'
		import socket, struct, sys
		dev, n = sys.argv[1], int(sys.argv[2])
		s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
		s.bind((dev, 0))
		for i in range(1, n + 1):
		    mac = bytes([0x52, 0x54, 0, 0xf0, i >> 8, i & 0xff])
		    ip = bytes([10, 99, i >> 8, i & 0xff])
		    arp = struct.pack('!HHBBH', 1, 0x0800, 6, 4, 1) + mac + ip + bytes(6) + ip
		    s.send(b'\xff' * 6 + mac + b'\x08\x06' + arp + bytes(18))
	EOF

	for p in up0 up1 tap1 tap3 tap4 tap5 tap6 tap7; do
		qpoll port_ready "$HV" $p || { echo "port $p not forwarding"; return 1; }
	done
}

# the port settings of the drawing
secure_ports()
{
	port_set tap1 trusted off lock on arp-inspect on ip-guard on
	port_set tap2 trusted off lock on arp-inspect on ip-guard on
	port_set tap3 trusted off lock on arp-inspect on ip-guard on
	port_set tap4 trusted off
	port_set tap5 trusted off lock on max-macs $MAX_MACS
	port_set tap6 trusted off
	port_set tap7 trusted off
	hv binding add dev tap3 mac $ATT_MAC ip $ATT_IP || check_err 1 "binding add: $ON_OUT"
	hv -j port show >/dev/null
	jq -e '[.[] | select(.dev == "tap1")][0] |
		.trusted == false and .lock == true and .arp_inspect == true and .ip_guard == true' \
		<<<"$ON_OUT" >/dev/null
	check_err $? "port show: $ON_OUT"
	hv -j port show dev up0 >/dev/null
	jq -e '.[0].trusted == true' <<<"$ON_OUT" >/dev/null
	check_err $? "up0 (never set) is not trusted: $ON_OUT"
	log_test "port set: tap1-tap7 untrusted with their checks, up0 and up1 trusted by default"
}

# ---- 1: real DHCP -----------------------------------------------------------------------------

case_dhcp()
{
	local b lease_s pid

	mark tap1 up0
	tx_mark eth0
	: >"$LEASE_STATE"
	# udhcpc in the foreground of a background job, releasing on exit (-R)
	onv "$VMNS" "UDHCPC_STATE=$LEASE_STATE busybox udhcpc -f -R -i eth0 -s $UDHCPC_SCRIPT \
		-t 8 -T 2 -A 2 >$TMPD/udhcpc1.log 2>&1 & echo \$!"
	pid=$ON_OUT
	PIDS+=("$pid")
	qpoll has_bound
	check_err $? "no lease: $(cat "$TMPD/udhcpc1.log" "$LEASE_STATE")"
	read -r _ VM_IP LEASE_SERVER _ <<<"$(bound_line)"
	[ "$LEASE_SERVER" = "$DHCP_IP" ]
	check_err $? "lease from '$LEASE_SERVER': $(bound_line)"
	onv "$VMNS" "ip -4 -br addr show dev eth0"
	[[ $ON_OUT == *" $VM_IP/24"* ]]
	check_err $? "the VM's eth0: $ON_OUT"
	log_test "1: udhcpc in the VM gets a lease from dnsmasq through the untrusted port ($VM_IP)"

	qpoll binding_is $VM_MAC "tap1 dhcp active"
	check_err $? "binding: $(binding_json $VM_MAC)"
	b=$(binding_json $VM_MAC)
	lease_s=$(jq -r '.lease_s // 0' <<<"$b")
	jq -e --arg ip "$VM_IP" --argjson l $LEASE '.ipv4 == [$ip] and .lease_s > 0 and
		.lease_s <= $l' <<<"$b" >/dev/null
	check_err $? "binding: $b"
	log_test "1: the binding appears: tap1, origin dhcp, the leased IP, lease_s $lease_s within $LEASE"

	ping_vm 3
	check_err $? "the remote does not reach the DHCP-bound VM: $PINGS"
	log_test "1: the DHCP-bound VM answers through lock, arp-inspect and ip-guard ($PINGS)"
	figures "1 lease" "$(tx_since eth0)" tap1 "$PINGS (sent: every frame of the VM's eth0)"
	tap_diag "1 lease: dnsmasq's messages through up0: $(delta up0 .dhcp_server)"

	# release on exit: udhcpc sends DHCPRELEASE, the binding goes
	mark tap1
	tx_mark eth0
	onv "$VMNS" "kill $pid; wait $pid 2>/dev/null; true"
	qpoll no_binding $VM_MAC
	check_err $? "binding after the release: $(binding_json $VM_MAC)"
	grep -qi "DHCPRELEASE" "$TMPD/dhcp.log"
	check_err $? "dnsmasq saw no DHCPRELEASE: $(tail -n 5 "$TMPD/dhcp.log")"
	log_test "1: udhcpc -R releases the lease on exit: the binding is removed"
	figures "1 release" "$(tx_since eth0)" tap1
	VM_IP=
}

# ---- 2: rogue DHCP server ---------------------------------------------------------------------

case_rogue()
{
	local sent offers d n

	dnsmasq_start "$ROGUE" rogue $ROGUE_IP $ROGUE_LO $ROGUE_HI 120 ||
		check_err 1 "the rogue dnsmasq did not start"
	mark tap4 tap1
	udhcpc_once
	check_err $? "no lease: $(cat "$LEASE_STATE")"
	[ "$LEASE_SERVER" = "$DHCP_IP" ] && [[ $VM_IP =~ ^192\.0\.2\.1[0-4][0-9]$ ]]
	check_err $? "lease $VM_IP from $LEASE_SERVER (the real server is $DHCP_IP)"
	# the rogue did answer
	qpoll grep -q "DHCPOFFER" "$TMPD/rogue.log"
	check_err $? "the rogue never offered: $(tail -n 5 "$TMPD/rogue.log")"
	offers=$(grep -c "DHCPOFFER" "$TMPD/rogue.log")
	# every server message from the rogue's port is dropped
	d=$(delta tap4 .drops.dhcp_server)
	n=$(delta tap4 .dhcp_server)
	[[ $d =~ ^[0-9]+$ ]] && [ "$d" -ge "$offers" ] && [ "$d" = "$n" ]
	check_err $? "drops.dhcp_server at tap4 +$d of $n server messages; the rogue offered $offers times"
	log_test "2: a rogue dnsmasq on an untrusted port: its $n server messages ($offers offers) are dropped (dhcp_server), the lease ($VM_IP) is the real server's"

	qpoll binding_is $VM_MAC "tap1 dhcp active"
	check_err $? "binding: $(binding_json $VM_MAC)"
	# a crafted ACK giving the VM another address
	onv "$ROGUE" "$VRSEND eth0 dhcp_server msg ACK smac $ROGUE_MAC sha $VM_MAC ipsrc $ROGUE_IP \
		tip $ROGUE_LO lease 3600 count 3"
	check_err $? "vrsend: $ON_OUT"
	qpoll delta_ge tap4 .drops.dhcp_server $((d + 3))
	check_err $? "crafted ACKs: drops.dhcp_server grew by $(delta tap4 .drops.dhcp_server)"
	jq -e --arg ip "$VM_IP" '.ipv4 == [$ip] and .dev == "tap1" and .origin == "dhcp"' \
		<<<"$(binding_json $VM_MAC)" >/dev/null
	check_err $? "binding after the rogue ACKs: $(binding_json $VM_MAC)"
	log_test "2: 3 crafted DHCPACKs from the rogue's port are dropped; the binding is unchanged"
	sent=$(($(delta tap4 .dhcp_server)))
	figures "2 rogue" "$sent" tap4 ""
	tap_diag "2 rogue: dnsmasq's offers $offers + 3 crafted ACKs; the client's messages at tap1: $(delta tap1 .dhcp_client)"
	onv "$ROGUE" "kill \$(cat $TMPD/rogue.pid)"
}

# ---- 3: attacker ------------------------------------------------------------------------------

case_attacker()
{
	local d t0 t1 t2 rc passed send_ms dur_ms max_pass

	ensure_lease || check_err 1 "the VM has no lease"
	qpoll vm_answers || check_err 1 "the remote does not reach the VM"

	# (a) a gratuitous ARP request and reply claiming the VM's IP
	mark tap3
	onv "$ATT" "$VRSEND a0 arp_garp_request smac $ATT_MAC sha $ATT_MAC sip $VM_IP tip $VM_IP &&
		$VRSEND a0 arp_garp_reply smac $ATT_MAC sha $ATT_MAC sip $VM_IP tip $VM_IP"
	check_err $? "vrsend: $ON_OUT"
	qpoll delta_is tap3 .drops.arp_unbound 2
	check_err $? "drops.arp_unbound +$(delta tap3 .drops.arp_unbound), all $(drops_since tap3)"
	onv "$REMOTE" "ip -br neigh show $VM_IP"
	[[ ${ON_OUT,,} == *"$VM_MAC"* ]]
	check_err $? "the remote's entry of the VM: $ON_OUT"
	ping_vm 5
	check_err $? "$PINGS"
	log_test "3: gratuitous ARP for the VM's IP from the attacker: dropped (arp_unbound), the VM answers ($PINGS)"
	figures "3 garp spoof" 2 tap3 "$PINGS"


	# (b) the VM's MAC from the attacker's locked port: ARP and data
	mark tap3
	onv "$ATT" "$VRSEND a0 arp_garp_request smac $VM_MAC sha $VM_MAC sip $VM_IP tip $VM_IP &&
		$VRSEND a0 ipv4_udp smac $VM_MAC ipsrc $VM_IP ipdst $REMOTE_IP dmac $REMOTE_MAC"
	check_err $? "vrsend: $ON_OUT"
	qpoll delta_is tap3 .drops.mac_move 2
	check_err $? "drops.mac_move +$(delta tap3 .drops.mac_move), all $(drops_since tap3)"
	fdb_port_is $VM_MAC tap1
	check_err $? "the VM's FDB entry is on '$(fdb_port $VM_MAC)'"
	binding_dev_is $VM_MAC tap1
	check_err $? "binding: $(binding_json $VM_MAC)"
	ping_vm 5
	check_err $? "$PINGS"
	log_test "3: the VM's MAC from the attacker's locked port: dropped (mac_move), FDB and binding stay on tap1 ($PINGS)"
	figures "3 mac spoof" 2 tap3 "$PINGS"

	# (c) DHCP starvation: DISCOVERs whose chaddr is not the sender
	mark tap3
	onv "$ATT" "for i in 1 2 3 4 5; do
		$VRSEND a0 dhcp_client msg DISCOVER smac $ATT_MAC sha 52:54:00:ee:00:0\$i || break; done"
	check_err $? "vrsend: $ON_OUT"
	qpoll delta_is tap3 .drops.dhcp_chaddr 5
	check_err $? "drops.dhcp_chaddr +$(delta tap3 .drops.dhcp_chaddr), all $(drops_since tap3)"
	! grep -qi "52:54:00:ee:00" "$TMPD/dhcp.log"
	check_err $? "the server saw them: $(grep -i 52:54:00:ee:00 "$TMPD/dhcp.log" | head -n 2)"
	log_test "3: DHCP DISCOVERs whose chaddr is not their source: dropped (dhcp_chaddr), the server sees none"
	figures "3 dhcp starvation" 5 tap3

	# (d) IP spoofing and malformed ARP from the attacker's own MAC
	mark tap3
	onv "$ATT" "$VRSEND a0 ipv4_udp smac $ATT_MAC ipsrc $VM_IP ipdst $REMOTE_IP dmac $REMOTE_MAC &&
		$VRSEND a0 arp_garp_request smac 02:00:00:00:00:67 sha $ATT_MAC sip $ATT_IP tip $ATT_IP &&
		$VRSEND a0 arp_garp_request smac $ATT_MAC sha $ATT_MAC sip 255.255.255.255 tip 255.255.255.255 &&
		$VRSEND a0 ipv4_udp smac $ATT_MAC ipsrc $ATT_IP ipdst $REMOTE_IP dmac $REMOTE_MAC"
	check_err $? "vrsend: $ON_OUT"
	qpoll delta_is tap3 '.drops | [.[]] | add' 3
	check_err $? "dropped $(drops_since tap3) of 3 bad frames and 1 good"
	d=$(drops_since tap3)
	[ "$(delta tap3 .drops.ip_guard)" = 1 ] && [ "$(delta tap3 .drops.arp_src_mac)" = 1 ] &&
		[ "$(delta tap3 .drops.arp_bad_ip)" = 1 ]
	check_err $? "drops by reason: $d"
	log_test "3: spoofed IPv4 source, ARP from another Ethernet source, ARP from 255.255.255.255: dropped (ip_guard, arp_src_mac, arp_bad_ip); the attacker's own IPv4 passes"
	figures "3 ip spoof, bad arp, 1 good" 4 tap3

	# (e) MAC flood on tap5 (lock, max-macs 4)
	mark tap5
	onv "$ATT" "python3 $TMPD/flood.py a1 $FLOOD_MACS"
	check_err $? "flood.py: $ON_OUT"
	qpoll delta_is tap5 .drops.max_macs $((FLOOD_MACS - MAX_MACS))
	check_err $? "drops.max_macs +$(delta tap5 .drops.max_macs), all $(drops_since tap5)"
	[ "$(port_json tap5 | jq .macs)" = $MAX_MACS ]
	check_err $? "port show: $(port_json tap5)"
	[ "$(fdb_count tap5 52:54:00:f0:)" = $MAX_MACS ]
	check_err $? "the bridge learnt $(fdb_count tap5 52:54:00:f0:) flood MACs on tap5"
	log_test "3: MAC flood, $FLOOD_MACS source MACs on a port with max-macs $MAX_MACS: $MAX_MACS bound (port show, bridge FDB), the rest dropped (max_macs)"
	figures "3 mac flood" $FLOOD_MACS tap5

	# (f) ARP storm on tap3 (its rate 15) while the VM's ARP passes on tap1
	port_set tap3 rate $RATE
	port_json tap3 | jq -e ".rate == $RATE" >/dev/null
	check_err $? "port show: $(port_json tap3)"
	mark tap3 tap1
	on_send "$VMNS" "busybox arping -c 3 -w 6 -I eth0 $REMOTE_IP"
	onv "$ATT" "t0=\$EPOCHREALTIME; $VRSEND a0 arp_request_other smac $ATT_MAC sha $ATT_MAC \
		sip $ATT_IP tip 192.0.2.99 count $STORM; echo \$t0 \$EPOCHREALTIME \$?"
	read -r t0 t1 rc <<<"${ON_OUT##*$'\n'}"
	[ "$rc" = 0 ]
	check_err $? "vrsend: $ON_OUT"
	qpoll delta_is tap3 .arp_request_other $STORM
	check_err $? "the storm's frames seen at tap3: $(delta tap3 .arp_request_other)"
	# the duration: from the first frame sent to the last one seen by the hook (vrsend may
	# return before the backlog is processed)
	t2=${EPOCHREALTIME/./}
	on_collect "$VMNS"
	[[ $ON_OUT == *"Received 3 response"* ]]
	check_err $? "the VM's arping during the storm: ${ON_OUT//$'\n'/ | }"
	d=$(delta tap3 .drops.arp_rate)
	t0=${t0/./} t1=${t1/./}
	send_ms=$(((10#$t1 - 10#$t0 + 999) / 1000))
	[ "$t2" -gt "$t1" ] && t1=$t2
	dur_ms=$(((10#$t1 - 10#$t0 + 999) / 1000))
	passed=$((STORM - $(delta tap3 '.drops | [.[]] | add')))
	# burst + rate x duration, the duration rounded up to the next ms
	max_pass=$((RATE + (RATE * dur_ms + 999) / 1000))
	[[ $d =~ ^[0-9]+$ ]] && [ "$d" -gt 0 ] && [ "$passed" -le $max_pass ]
	check_err $? "arp_rate +$d, passed $passed of $STORM in $dur_ms ms (at most $max_pass)"
	[ "$(delta tap1 '.drops | [.[]] | add')" = 0 ]
	check_err $? "the VM's port dropped $(drops_since tap1)"
	log_test "3: ARP storm, $STORM frames in $dur_ms ms at rate $RATE: cut (arp_rate +$d, passed $passed <= $max_pass); the VM's ARP on tap1 passes"
	figures "3 arp storm (vrsend $send_ms ms, all seen by the hook after $dur_ms ms)" $STORM tap3 "arping from the VM: $(sed -n 's/.*\(Received [0-9]*\).*/\1/p' <<<"$ON_OUT") of 3"
	port_set tap3 rate 0

	# (g) a gratuitous ARP for the VM's IP from a port without ARP inspection (the rogue's): it
	# passes there, but the address of a binding that vouches (dhcp) must not follow an unchecked
	# sighting, or the VM's own ARP and IP would be dropped at its port from then on
	mark tap4 tap1
	onv "$ROGUE" "$VRSEND eth0 arp_garp_request smac $ROGUE_MAC sha $ROGUE_MAC sip $VM_IP tip $VM_IP"
	check_err $? "vrsend: $ON_OUT"
	qpoll delta_is tap4 .arp_garp_request 1
	onv "$VMNS" "busybox arping -c 2 -w 4 -I eth0 $REMOTE_IP"
	[[ $ON_OUT == *"Received 2 response"* ]]
	check_err $? "the VM's arping: ${ON_OUT//$'\n'/ | }; tap1 dropped $(drops_since tap1)"
	jq -e --arg ip "$VM_IP" '.ipv4 == [$ip] and .dev == "tap1"' <<<"$(binding_json $VM_MAC)" >/dev/null
	check_err $? "the VM's binding: $(binding_json "$VM_MAC"); $VM_IP is now $(hv -j binding show ip "$VM_IP" >/dev/null; echo "$ON_OUT")"
	log_test "3: gratuitous ARP for the VM's IP from an uninspected port: the VM's dhcp binding keeps its IP, its ARP passes at tap1"
	figures "3 garp from an uninspected port (tap4)" 1 tap4 "the VM's port dropped $(drops_since tap1)"
	ping_vm 3
	tap_diag "3 garp from an uninspected port: the remote's pings after it and the VM's arping: $PINGS"
	# repair: a DHCP exchange binds the address to the VM again; the remote asks afresh
	if ! jq -e --arg ip "$VM_IP" '.ipv4 == [$ip]' <<<"$(binding_json $VM_MAC)" >/dev/null; then
		udhcpc_once || tap_diag "3: no new lease: $(cat "$LEASE_STATE")"
	fi
	on "$REMOTE" "ip neigh del $VM_IP dev eth0" >/dev/null
	qpoll vm_answers || tap_diag "3: the remote does not reach the VM after the repair"

	# (h) the VM's port goes down and up (a link flap, "virsh domif-setlink"): its binding
	# departs, and the VM speaking again from that port is back, with its lease: its ARP and IP
	# pass arp-inspect and ip-guard again. Meanwhile its MAC from the attacker's locked port is
	# dropped and does not bring the binding back (fenced by the drop).
	ip -n "$HV" link set tap1 down
	qpoll binding_is $VM_MAC "tap1 dhcp departed"
	check_err $? "after tap1 went down: binding $(binding_json $VM_MAC)"
	mark tap3
	onv "$ATT" "$VRSEND a0 arp_garp_request smac $VM_MAC sha $VM_MAC sip $VM_IP tip $VM_IP"
	check_err $? "vrsend: $ON_OUT"
	qpoll delta_is tap3 .drops.mac_move 1
	check_err $? "drops.mac_move at tap3 +$(delta tap3 .drops.mac_move), all $(drops_since tap3)"
	binding_is $VM_MAC "tap1 dhcp departed"
	check_err $? "after the attacker's frame: binding $(binding_json $VM_MAC)"
	mark tap1
	ip -n "$HV" link set tap1 up
	qpoll port_ready "$HV" tap1
	check_err $? "tap1 does not forward again"
	on "$REMOTE" "ip neigh del $VM_IP dev eth0" >/dev/null
	qpoll vm_answers
	check_err $? "the remote does not reach the VM again; tap1 dropped $(drops_since tap1)"
	binding_is $VM_MAC "tap1 dhcp active"
	check_err $? "binding $(binding_json $VM_MAC)"
	qpoll events_has '.event == "returned" and .mac == "'$VM_MAC'"'
	check_err $? "no returned event: $(tail -n 3 "$MON")"
	log_test "3: the VM's port down and up: departed, the attacker's frame does not bring it back (mac_move), the VM's own does (active, dhcp, returned event)"
}

# ---- 4: link-local planting -------------------------------------------------------------------

case_planting()
{
	ensure_lease || check_err 1 "the VM has no lease"
	qpoll vm_answers || check_err 1 "the remote does not reach the VM"
	qpoll fdb_port_is $VM_MAC tap1 || check_err 1 "the VM's FDB entry is on '$(fdb_port $VM_MAC)'"
	mark tap3
	# LLDP (learnt from by the bridge before any netfilter hook), and 802.1X's group address
	onv "$ATT" "$VRSEND a0 lldp smac $VM_MAC count 3 && $VRSEND a0 lldp smac $VM_MAC \
		dmac 01:80:c2:00:00:03 count 3"
	check_err $? "vrsend: $ON_OUT"
	fdb_port_is $VM_MAC tap1
	check_err $? "after the link-local frames the VM's FDB entry is on '$(fdb_port $VM_MAC)'"
	ping_vm 5
	check_err $? "$PINGS"
	fdb_port_is $VM_MAC tap1
	check_err $? "after the pings the VM's FDB entry is on '$(fdb_port $VM_MAC)'"
	binding_dev_is $VM_MAC tap1
	check_err $? "binding: $(binding_json $VM_MAC)"
	log_test "4: link-local frames (LLDP, 01:80:c2:00:00:03) with the VM's MAC from the attacker's locked port: the FDB entry stays on tap1 ($PINGS)"
	figures "4 lldp planting" 6 tap3 "$PINGS (link-local frames never reach the hook: nothing counted)"
	onv "$HV" "bridge fdb show br br0 | grep -i $VM_MAC; ip -j -d link show br0"
	tap_diag "4 lldp planting: FDB: $(head -n 1 <<<"$ON_OUT"); br0 no_linklocal_learn $(tail -n 1 <<<"$ON_OUT" | jq '.[0].linkinfo.info_data.no_linklocal_learn')"
}

# ---- 5: migration -----------------------------------------------------------------------------

flap_send()	# IF: the flapping MAC announces itself from f0 (tap6) or f1 (tap7)
{
	onv "$ATT" "$VRSEND $1 arp_garp_request smac $FLAP_MAC sha $FLAP_MAC sip $FLAP_IP tip $FLAP_IP"
}

case_migration()
{
	local lease_s b i d port other

	ensure_lease || check_err 1 "the VM has no lease"
	qpoll vm_answers || check_err 1 "the remote does not reach the VM"
	qpoll binding_is $VM_MAC "tap1 dhcp active" || check_err 1 "binding: $(binding_json $VM_MAC)"
	lease_s=$(binding_json $VM_MAC | jq -r '.lease_s // 0')
	[ "$lease_s" -gt 0 ] 2>/dev/null || check_err 1 "no lease_s: $(binding_json $VM_MAC)"
	log_test "5: before the move: the VM is DHCP-bound on tap1 with $lease_s s of lease left"

	# (a) sanctioned: tap1 -> tap2 (untrusted, lock, arp-inspect, ip-guard)
	mark tap2
	tx_mark eth1
	move eth0 eth1 "migrate add dev tap2 mac $VM_MAC ip $VM_IP lease $lease_s activate now"
	check_err $? "$M_ERR"
	[ "$M_LOST" != - ] && [ "$M_LOST" -le $MAX_LOST ]
	check_err $? "lost $M_LOST of $M_SENT after the attach (first reply $M_FIRST ms); $(drops_since tap2)"
	log_test "5: sanctioned move to tap2 (activate now at the cut): at most $MAX_LOST ping lost after the attach (lost $M_LOST of $M_SENT, first reply $M_FIRST ms)"
	figures "5 sanctioned move" "$(tx_since eth1)" tap2 "lost $M_LOST of $M_SENT after the attach, first reply $M_FIRST ms, answered before the cut $M_PRE"
	b=$(binding_json $VM_MAC)
	jq -e --arg ip "$VM_IP" --argjson l "$lease_s" '.dev == "tap2" and .origin == "migrated" and
		.state == "active" and .ipv4 == [$ip] and .lease_s > 0 and .lease_s <= $l' \
		<<<"$b" >/dev/null
	check_err $? "binding: $b"
	[ "$(delta tap2 '.drops | [.[]] | add')" = 0 ]
	check_err $? "tap2 dropped $(drops_since tap2)"
	log_test "5: the binding is on tap2 (migrated, lease carried: $(jq -r .lease_s <<<"$b") <= $lease_s s), nothing dropped there"

	# (b) the same move without a sanction: tap2 -> tap1
	move_refused eth1 eth0 tap1
	d=$M_DROPS
	binding_dev_is $VM_MAC tap2
	check_err $? "binding: $(binding_json $VM_MAC)"
	qpoll events_has '.event == "violation" and .reason == "mac_move" and .mac == "'$VM_MAC'" and .dev == "tap1"'
	check_err $? "no violation event: $(grep -c violation "$MON") violation lines; $(tail -n 3 "$MON")"
	log_test "5: the same move without a sanction: dropped (mac_move +$d), binding stays on tap2, violation event (lost $M_LOST of $M_SENT)"
	figures "5 unsanctioned move" "$(tx_since eth0)" tap1 "lost $M_LOST of $M_SENT after the attach"
	tap_diag "5 unsanctioned move: violation events for the VM: $(events_count '.event == "violation" and .mac == "'$VM_MAC'"') (rate-limited)"

	# a pending sanction (first frame) lets it in
	hv migrate add dev tap1 mac "$VM_MAC" ip "$VM_IP" lease "$lease_s"
	check_err $? "migrate add: $ON_OUT"
	qpoll vm_answers
	check_err $? "the VM does not answer after the sanction; $(binding_json $VM_MAC)"
	qpoll binding_is $VM_MAC "tap1 migrated active"
	check_err $? "binding: $(binding_json $VM_MAC)"
	log_test "5: a pending sanction (first-frame) for tap1 lets the VM in: it answers, binding on tap1"

	# (c) flapping between tap6 and tap7
	mark tap6 tap7
	flap_send f0
	qpoll binding_dev_is $FLAP_MAC tap6
	check_err $? "the flapping MAC's binding: $(binding_json $FLAP_MAC)"
	port=tap6
	for i in $(seq $FLAP_MOVES); do
		if [ $((i % 2)) = 1 ]; then
			flap_send f1
			port=tap7
		else
			flap_send f0
			port=tap6
		fi
		[ "$i" = "$FLAP_MOVES" ] && break
		qpoll binding_dev_is $FLAP_MAC $port
		check_err $? "move $i: binding $(binding_json $FLAP_MAC)"
	done
	qpoll events_has '.event == "frozen" and .mac == "'$FLAP_MAC'"'
	check_err $? "no frozen event: $(tail -n 3 "$MON")"
	b=$(binding_json $FLAP_MAC)
	jq -e '.frozen_s > 0 and .frozen_s <= 540' <<<"$b" >/dev/null
	check_err $? "binding: $b"
	log_test "5: $FLAP_MOVES moves between tap6 and tap7: frozen event, binding frozen ($(jq -r .frozen_s <<<"$b") s left, on $(jq -r .dev <<<"$b"))"

	port=$(jq -r .dev <<<"$b")
	other=tap6
	[ "$port" = tap6 ] && other=tap7
	mark tap6 tap7
	if [ $other = tap6 ]; then flap_send f0; else flap_send f1; fi
	qpoll delta_is $other .drops.frozen 1
	check_err $? "drops.frozen at $other +$(delta $other .drops.frozen); all $(drops_since $other)"
	binding_dev_is $FLAP_MAC "$port"
	check_err $? "binding: $(binding_json $FLAP_MAC)"
	log_test "5: frozen: its frame from $other is dropped (frozen), the binding stays on $port"
	figures "5 frozen move" 1 $other

	hv binding unfreeze mac $FLAP_MAC
	check_err $? "binding unfreeze: $ON_OUT"
	b=$(binding_json $FLAP_MAC)
	jq -e '(.frozen_s // 0) == 0' <<<"$b" >/dev/null
	check_err $? "binding after unfreeze: $b"
	mark tap6 tap7
	if [ $other = tap6 ]; then flap_send f0; else flap_send f1; fi
	qpoll binding_dev_is $FLAP_MAC $other
	check_err $? "after unfreeze the move to $other: binding $(binding_json $FLAP_MAC); drops $(drops_since $other)"
	log_test "5: binding unfreeze: the next move (to $other) is accepted"
	figures "5 after unfreeze" 1 $other
}

# ---- main -------------------------------------------------------------------------------------

tap_begin
t_all=${EPOCHREALTIME/./}
# a fresh module: its parameters at their defaults
if ! vmroam_unload || ! vmroam_load; then
	tap_not_ok "reload vmroam.ko"
	tap_end
fi
if ! setup >"$TMPD/setup.log" 2>&1; then
	tap_not_ok "topology" "$(tail -n 5 "$TMPD/setup.log")"
	tap_end
fi
if ! dnsmasq_start "$DHCP" dhcp $DHCP_IP $RANGE_LO $RANGE_HI $LEASE >"$TMPD/setup.log" 2>&1; then
	tap_not_ok "dnsmasq" "$(cat "$TMPD/setup.log")"
	tap_end
fi
monitor_start
secure_ports

for c in $CASES; do
	t0=${EPOCHREALTIME/./}
	case $c in
	1) case_dhcp ;;
	2) case_rogue ;;
	3) case_attacker ;;
	4) case_planting ;;
	5) case_migration ;;
	esac
	tap_diag "case $c: $(((${EPOCHREALTIME/./} - t0 + 500000) / 1000000)) s"
done
onv "$HV" "$VMROAM -j stats"
tap_diag "namespace drops: $(jq -c .drops <<<"$ON_OUT" 2>/dev/null)"
tap_diag "total: $(((${EPOCHREALTIME/./} - t_all + 500000) / 1000000)) s"
tap_end
