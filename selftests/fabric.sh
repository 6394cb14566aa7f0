#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Live migration across an EVPN fabric, measured: migration.sh's question past one L2 segment.
# Three VTEPs and a route reflector run Debian's FRR (zebra + bgpd, one instance per namespace,
# iBGP AS 65000, advertise-all-vni): zebra learns each VTEP's bridge FDB and SVI neighbours over
# netlink, bgpd advertises them as type-2 routes with MAC-mobility sequence numbers; the VM moves
# from vtep1 to vtep2, and the gateway VTEP vtep3 must learn where it went from the fabric alone.
#
#   ns remote 198.51.100.2/24, default via 198.51.100.1
#        |
#   ns vtep3 (gateway leaf)     r0 198.51.100.1/24, br0 [vxlan100] 192.0.2.253/24, gw0 192.0.2.1
#        | ul0 192.168.0.3
#   ns rr: bridge ul 192.168.0.254/24 (the underlay), zebra + bgpd: route reflector, passive
#        | ul0 192.168.0.1                      | ul0 192.168.0.2
#   ns vtep1 (hypervisor)                       ns vtep2 (hypervisor)
#   br0 [vxlan100 tap1] 192.0.2.251/24          br0 [vxlan100 tap2] 192.0.2.252/24
#   gw0 192.0.2.1/32                            gw0 192.0.2.1/32
#         |                                           |
#   ns vm: eth0 (the VM behind tap1)            eth1 (the paused destination QEMU's tap2)
#          52:54:00:12:34:56, 192.0.2.10/24, default via 192.0.2.1 (2001:db8::10 in ND frames only)
#
# Every VTEP: vxlan100 (VNI 100, dstport 4789, local = its underlay address, nolearning) is a
# port of br0 with learning off and neigh_suppress on, as EVPN deployments configure it; br0 is
# the SVI of VNI 100; ip_forward on, rp_filter 0 (the routing is asymmetric: vtep3 reaches the VM
# over VNI 100, the VM's replies are routed by its hypervisor over the underlay to vtep3,
# 198.51.100.0/24 via 192.168.0.3). arp_accept and accept_untracked_na stay 0: the problem is a
# stock receiver.
#
# The anycast gateway is not br0 itself but a macvlan gw0 on it, 192.0.2.1/32 with the MAC
# 00:00:5e:00:01:01 on every VTEP; br0 has an address and a MAC of its own (FRR's and Cumulus'
# VRR arrangement). With the gateway address and MAC on br0 of every VTEP, vtep3 never resolved
# the VM (its entry stayed INCOMPLETE): vtep3 asks from the shared gateway MAC, and the VM's
# reply to that MAC is taken by its own hypervisor's br0, which has that MAC too. zebra does not
# advertise the SVI's MACs here (no advertise-default-gw, no advertise-svi-ip): the type-2
# routes are the VM's.
#
# The model of a live migration. The VM is ns vm with two interfaces of its MAC: eth0, the peer
# of tap1 (a port of vtep1's br0), and eth1, the peer of tap2 (vtep2's): the destination's tap
# exists before the move and has carrier (a paused destination QEMU holds it open), eth1 is up
# without an address and sends nothing (IPv6 is off in every namespace). In ns vm arp_ignore=1
# and rp_filter=1: only the interface with the VM's address answers ARP or takes its packets, as
# a paused QEMU's tap delivers nothing (without rp_filter the namespace took the pings that
# still came in on eth0 and answered them out of eth1: the "silent" VM spoke). The cut: the
# source QEMU pauses: one "ip -b" batch flushes eth0's address (its route goes with it) and
# neighbours; eth0 stays up, tap1 keeps its carrier and is deleted only after the case's
# measurement (the source QEMU exits later). 100 ms after the cut (in (2): 100 ms after the
# hypervisors were told) the attach: one "ip -b" batch gives eth1 a permanent neighbour entry for
# the gateway (a migrated VM keeps its ARP cache), the VM's address and its default route; T =
# $EPOCHREALTIME right after it in the same shell; then the case's one frame (vrsend), or nothing
# ("silent"). Between cases the VM goes home: a fresh tap1/eth0 on vtep1 (the new source), the
# VM's address there, a gratuitous ARP, vtep3's FDB pointing at vtep1 and the remote's pings
# answered; then a fresh tap2/eth1.
#
# Measured per case, as migration.sh does: the remote pings the VM every 10 ms (vrping) from
# before the cut until 2 s after the attach; lost = requests sent at or after T without a reply;
# first reply after T. And the fabric: vtep3 runs "bridge -t monitor fdb" for the whole test
# (started with a handshake: an FDB entry on a spare veth shows up in its output); the time from
# the activation ((2): the moment "migrate add" returned; (1): T) to vtep3's vxlan100 entry of
# the VM's MAC with dst vtep2; then one vtysh run at vtep3 reads the type-2 route's MAC-mobility
# sequence number, which must have gone up from the one of the VM's previous location.
#
# Configurations: (1) no module; (2) vmroam loaded, a sanctioned migration: at the cut "migrate
# out" on vtep1 and "migrate add dev tap2 mac M ip 192.0.2.10 activate now" on vtep2;
# vtep3's br0 and the underlay bridge have the policy "none": only the hypervisors act.
#
# The flap part comes first, on the fresh fabric with FRR's default duplicate address detection
# (max-moves 5 in 180 s) and vmroam's flap detection (flap_moves=5 flap_window=180): 6
# sanctioned moves between vtep1 and vtep2, the VM sending a gratuitous ARP after each, vtep3
# following each; reported, not checked: FRR's isDuplicate and detection counters on every
# VTEP (and zebra's log lines on duplicates), vmroam's bindings and counters on both
# hypervisors. Then "no
# dup-addr-detection" on every VTEP and "clear evpn dup-addr vni all": the table's many moves
# are not to be flagged.
#
# Checked: the fabric converges (every BGP session Established, each VTEP's flood list has the
# other two, vtep3 has the VM's MAC as a remote MAC at vtep1 before the first move); (2) loses at
# most 1 ping after the attach in every row, silent included; in (2) vtep3 points at vtep2 with a
# higher sequence number, for the silent VM before the VM sent anything (before its first
# reply); (1) silent loses more than 1 (the topology reproduces the problem). Durations are
# figures, never checked.
#
#   fabric.sh           TAP, the table as "# " lines
#   fabric.sh --table   the table only, plainly (make demo); failed checks on stderr
#
# FABRIC_CASES, FABRIC_CONFS ("1 2") and FABRIC_FLAP=0 select (debugging).

. "$(dirname "$0")/lib.sh"

TABLE=0
if [ "${1:-}" = --table ]; then
	TABLE=1
elif [ $# -gt 0 ]; then
	echo "usage: $0 [--table]" >&2
	exit 2
fi

if [ $TABLE = 1 ]; then
	tap_begin() { :; }
	tap_ok() { TAP_N=$((TAP_N + 1)); }
	tap_skip() { TAP_N=$((TAP_N + 1)); echo "fabric.sh: skipped: $1${2:+: $2}" >&2; }
	tap_diag() { :; }
	tap_not_ok()
	{
		TAP_N=$((TAP_N + 1))
		TAP_FAILED=$((TAP_FAILED + 1))
		echo "fabric.sh: check failed: $1${2:+: $2}" >&2
	}
	tap_end() { [ "$TAP_FAILED" -eq 0 ]; exit $?; }
fi

show()
{
	local line="$*"

	line=${line%"${line##*[! ]}"}
	if [ $TABLE = 1 ]; then
		printf '%s\n' "$line"
	else
		printf '# %s\n' "$line"
	fi
}

require_root
load_kernel_modules
[ -d /sys/module/vxlan ] || modprobe -q vxlan 2>/dev/null

VRPING=${VRPING:-$VMROAM_TOP/selftests/tools/vrping}
# shellcheck source=nsshell.sh
. "$(dirname "$0")/nsshell.sh"
# shellcheck source=lib/fabric.sh
. "$(dirname "$0")/lib/fabric.sh"

if [ ! -x "$VRPING" ] || [ ! -x "$VRSEND" ] || [ ! -x "$VMROAM" ]; then
	tap_begin
	tap_skip "$(basename "$0")" "build vrping, vrsend (make -C selftests/tools) and the CLI first"
	tap_end
fi
if ! frr_available; then
	tap_begin
	tap_skip "$(basename "$0")" "needs Debian's frr (zebra, bgpd, vtysh, user frr)"
	tap_end
fi

# the monitor and the daemons first: they hold the namespace shells' FIFOs open
monitor_stop()
{
	local pid

	[ -s "$SHDIR/mon.pid" ] || return 0
	read -r pid <"$SHDIR/mon.pid"
	kill "$pid" 2>/dev/null
	rm -f "$SHDIR/mon.pid"
}
trap 'monitor_stop; frr_stop_all; sh_stop_all; ns_cleanup' EXIT

VM_MAC=52:54:00:12:34:56
VM_IP=192.0.2.10
VM_IP6=2001:db8::10
GW_IP=192.0.2.1
GW_MAC=00:00:5e:00:01:01
REMOTE_IP=198.51.100.2
UL1=192.168.0.1
UL2=192.168.0.2
UL3=192.168.0.3
UL_RR=192.168.0.254

PING_MS=10
AWAY_MS=100
AFTER_MS=2000
MAX_LOST=1
FLAP_N=6

CASES=${FABRIC_CASES:-"arp_garp_request arp_garp_reply rarp_request nd_na_unsolicited silent"}
CONFS=${FABRIC_CONFS:-"2 3 1"}
FLAP=${FABRIC_FLAP:-1}

case_frame()
{
	local m="smac $VM_MAC sha $VM_MAC"

	case $1 in
	arp_garp_request | arp_garp_reply) echo "$1 $m sip $VM_IP tip $VM_IP" ;;
	rarp_request) echo "$1 $m tha $VM_MAC" ;;
	nd_na_unsolicited) echo "$1 $m sip6 $VM_IP6 tip6 $VM_IP6" ;;
	esac
}

conf_title()
{
	case $1 in
	1) echo "(1) no module" ;;
	2) echo "(2) vmroam, sanctioned migration" ;;
	3) echo "(3) vmroam, no sanction" ;;
	esac
}

# the table's column head
conf_head()
{
	case $1 in
	1) echo "(1) no module" ;;
	2) echo "(2) vmroam, sanctioned" ;;
	3) echo "(3) vmroam, no sanction" ;;
	esac
}

err()
{
	C_ERR="${C_ERR:+$C_ERR; }$1"
}

# us VAR EPOCHREALTIME: that time in microseconds, in VAR
us()
{
	local v=${2/./}

	printf -v "$1" '%d' $((10#${v:-0}))
}

# ---- topology ---------------------------------------------------------------------------------

# vtep_batch N: the commands of VTEP N's "ip -b" (its ul0 is there already): br0 with an address
# and a MAC of its own, the anycast gateway a macvlan on it
vtep_batch()
{
	cat <<-EOF
		link set ul0 up
		addr add 192.168.0.$1/24 dev ul0
		link add br0 address 02:00:00:00:0$1:01 type bridge
		addr add 192.0.2.25$1/24 dev br0
		link add vxlan100 type vxlan id 100 dstport 4789 local 192.168.0.$1 nolearning
		link set vxlan100 master br0
		link set vxlan100 up
		link set br0 up
		link add gw0 link br0 address $GW_MAC type macvlan mode bridge
		addr add $GW_IP/32 dev gw0
		link set gw0 up
	EOF
}

# the forwarding sysctls of a VTEP, written by its shell (no exec)
VTEP_SYSCTL="echo 1 >/proc/sys/net/ipv4/ip_forward &&
	for f in /proc/sys/net/ipv4/conf/*/rp_filter; do echo 0 >\$f; done"

setup()
{
	local ns n

	ns_create RR && ns_create VTEP1 && ns_create VTEP2 && ns_create VTEP3 &&
		ns_create REMOTE && ns_create VMNS || return 1
	VTEPS=("$VTEP1" "$VTEP2" "$VTEP3")
	for ns in "$RR" "${VTEPS[@]}" "$REMOTE" "$VMNS"; do
		sh_start "$ns" || return 1
	done
	ip -n "$RR" -b - <<-EOF || return 1
		link add ul type bridge
		link set ul up
		addr add $UL_RR/24 dev ul
		link add v1 master ul up type veth peer name ul0 netns $VTEP1
		link add v2 master ul up type veth peer name ul0 netns $VTEP2
		link add v3 master ul up type veth peer name ul0 netns $VTEP3
	EOF
	n=0
	for ns in "${VTEPS[@]}"; do
		n=$((n + 1))
		onv "$ns" "$VTEP_SYSCTL" || return 1
		vtep_batch $n | ip -n "$ns" -b - || return 1
		ip -n "$ns" link set vxlan100 type bridge_slave learning off neigh_suppress on ||
			return 1
	done
	ip -n "$VTEP1" route add 198.51.100.0/24 via $UL3 || return 1
	ip -n "$VTEP2" route add 198.51.100.0/24 via $UL3 || return 1
	ip -n "$VTEP3" -b - <<-EOF || return 1
		link add r0 type veth peer name eth0 netns $REMOTE
		link set r0 up
		addr add 198.51.100.1/24 dev r0
		link add hs0 type veth peer name hs1
		link set hs0 up
	EOF
	ip -n "$REMOTE" -b - <<-EOF || return 1
		link set eth0 up
		addr add $REMOTE_IP/24 dev eth0
		route add default via 198.51.100.1
	EOF
	# only the interface with the VM's address answers (ARP) or takes packets (rp_filter): a
	# paused QEMU's tap delivers nothing
	onv "$VMNS" "echo 1 >/proc/sys/net/ipv4/conf/all/arp_ignore &&
		echo 1 >/proc/sys/net/ipv4/conf/all/rp_filter" || return 1

	# the batches of every case
	cat >"$SHDIR/tap1.batch" <<-EOF
		link del tap1
		link add tap1 master br0 up type veth peer name eth0 address $VM_MAC netns $VMNS
	EOF
	cat >"$SHDIR/tap2.batch" <<-EOF
		link del tap2
		link add tap2 master br0 up type veth peer name eth1 address $VM_MAC netns $VMNS
	EOF
	# the VM's side: the peer up (with carrier on the tap), without an address
	for n in 0 1; do
		cat >"$SHDIR/up$n.batch" <<-EOF
			link set eth$n up
		EOF
		cat >"$SHDIR/cut$n.batch" <<-EOF
			addr flush dev eth$n
			neigh flush dev eth$n
		EOF
		cat >"$SHDIR/attach$n.batch" <<-EOF
			neigh replace $GW_IP lladdr $GW_MAC dev eth$n nud permanent
			addr add $VM_IP/24 dev eth$n
			route add default via $GW_IP dev eth$n
		EOF
	done
	onv "$VTEP1" "ip -force -b $SHDIR/tap1.batch >/dev/null 2>&1; [ -e /sys/class/net/tap1/brport ]" &&
		onv "$VTEP2" "ip -force -b $SHDIR/tap2.batch >/dev/null 2>&1; [ -e /sys/class/net/tap2/brport ]" &&
		onv "$VMNS" "ip -b $SHDIR/up0.batch && ip -b $SHDIR/up1.batch" || return 1
	qpoll port_ready "$VTEP1" tap1 && qpoll port_ready "$VTEP2" tap2 || return 1

	# vtep3's FDB monitor, for the whole test: up once a handshake entry shows
	onv "$VTEP3" "bridge -t monitor fdb >$SHDIR/mon.out 2>&1 & echo \$! >$SHDIR/mon.pid" ||
		return 1
	monitor_handshake || return 1
}

HS_N=0
# hs_try: one more fresh handshake entry on vtep3's spare veth; true once one of them shows in
# the monitor's output (the monitor may not have subscribed yet when the first one is made)
hs_try()
{
	local mac

	HS_N=$((HS_N + 1))
	printf -v mac '02:00:00:00:%02x:%02x' $((HS_N / 256)) $((HS_N % 256))
	on "$VTEP3" "bridge fdb add $mac dev hs0" >/dev/null 2>&1
	grep -q "^02:00:00:00:.* dev hs0" "$SHDIR/mon.out"
}

monitor_handshake()
{
	QPOLL_PAUSE=0.05 qpoll hs_try || { ON_OUT="the FDB monitor on vtep3 shows nothing"; return 1; }
}

# ---- the fabric -------------------------------------------------------------------------------

fabric_start()
{
	local n=0 ns

	fabric_init || { ON_OUT="cannot make $FRR_RUN"; return 1; }
	frr_start "$RR" rr $UL_RR || return 1
	for ns in "${VTEPS[@]}"; do
		n=$((n + 1))
		frr_start "$ns" vtep "192.168.0.$n" $UL_RR || return 1
	done
}

# every VTEP floods to the other two (the type-3 routes arrived and zebra installed them)
flood_lists()
{
	flood_list "$VTEP1" "$UL2" "$UL3" && flood_list "$VTEP2" "$UL1" "$UL3" &&
		flood_list "$VTEP3" "$UL1" "$UL2"
}

# bgp_established: every session of the RR and of the VTEPs is Established; BGP_SUMMARY says
# what was seen; the sessions' drops so far, summed, in BGP_DROPS
bgp_established()
{
	local ns j ok=0 n

	BGP_SUMMARY='' BGP_DROPS=0
	for ns in "$RR" "${VTEPS[@]}"; do
		j=$(vtysh_json "$ns" "show bgp l2vpn evpn summary json")
		n=$(jq -r '[.peers // {} | to_entries[] | select(.value.state == "Established")] | length' \
			<<<"$j" 2>/dev/null)
		BGP_DROPS=$((BGP_DROPS + $(jq -r '[.peers // {} | .[] | .connectionsDropped // 0] | add // 0' \
			<<<"$j" 2>/dev/null || echo 0)))
		BGP_SUMMARY="${BGP_SUMMARY:+$BGP_SUMMARY, }${ns%-*}: ${n:-?} Established"
		if [ "$ns" = "$RR" ]; then
			[ "$n" = 3 ] || ok=1
		else
			[ "$n" = 1 ] || ok=1
		fi
	done
	return $ok
}

# ---- the VM -----------------------------------------------------------------------------------

vm_answers()
{
	on "$REMOTE" "ping -n -c 1 -W 1 $VM_IP" >/dev/null
}

# vtep3_at N: vtep3's vxlan100 sends the VM's MAC to VTEP N
vtep3_at()
{
	fdb_remote "$VTEP3" "$VM_MAC" "192.168.0.$1"
}

vm_garp()
{
	onv "$VMNS" "$VRSEND eth$1 arp_garp_request smac $VM_MAC sha $VM_MAC sip $VM_IP tip $VM_IP"
}

# vm_home: the VM behind vtep1's fresh tap1 and answering the remote, vtep3 pointing at vtep1,
# a fresh tap2/eth1 (up, no address) on vtep2. Works from any state a case left. What went wrong
# is in HOME_ERR.
vm_home()
{
	HOME_ERR=
	onv "$VMNS" "ip -b $SHDIR/cut1.batch >/dev/null 2>&1; true"
	onv "$VTEP1" "ip -force -b $SHDIR/tap1.batch >/dev/null 2>&1; [ -e /sys/class/net/tap1/brport ]" ||
		HOME_ERR="could not make tap1 on vtep1"
	[ -n "$HOME_ERR" ] || onv "$VMNS" "ip -b $SHDIR/up0.batch && ip -b $SHDIR/attach0.batch" ||
		HOME_ERR="could not set up the VM's eth0: $ON_OUT"
	[ -n "$HOME_ERR" ] || qpoll port_ready "$VTEP1" tap1 || HOME_ERR="tap1 not forwarding"
	[ -n "$HOME_ERR" ] || vm_garp 0 || HOME_ERR="vrsend: $ON_OUT"
	[ -n "$HOME_ERR" ] || qpoll vtep3_at 1 || HOME_ERR="vtep3 does not point at vtep1"
	[ -n "$HOME_ERR" ] || qpoll vm_answers || HOME_ERR="the remote does not reach the VM behind vtep1"
	[ -n "$HOME_ERR" ] ||
		onv "$VTEP2" "ip -force -b $SHDIR/tap2.batch >/dev/null 2>&1; [ -e /sys/class/net/tap2/brport ]" ||
		HOME_ERR="could not make tap2 on vtep2"
	[ -n "$HOME_ERR" ] || onv "$VMNS" "ip -b $SHDIR/up1.batch" || HOME_ERR="eth1: $ON_OUT"
	[ -n "$HOME_ERR" ] || qpoll port_ready "$VTEP2" tap2 || HOME_ERR="tap2 not forwarding"
	[ -z "$HOME_ERR" ]
}

# ---- reading the fabric -------------------------------------------------------------------------

# evpn_mac NS: zebra's view of the VM's MAC, one JSON object (empty when it has none)
evpn_mac()
{
	vtysh_json "$1" "show evpn mac vni 100 mac $VM_MAC json"
}

# mac_seq JSON: the MAC-mobility sequence number a VTEP uses for the MAC: the remote one for a
# remote MAC, the local one for a local MAC
mac_seq()
{
	jq -r '.[] | if .type == "remote" then .remoteSequence else .localSequence end // "-"' \
		<<<"$1" 2>/dev/null | grep . || echo -
}

# mon_time_us LINE: the monitor's "Timestamp: Wed Dec  2 21:59:16 2026 875342 usec" as
# microseconds since the local midnight
mon_time_us()
{
	local -a w
	local h m s

	read -r -a w <<<"$1"
	IFS=: read -r h m s <<<"${w[4]}"
	echo $(((10#$h * 3600 + 10#$m * 60 + 10#$s) * 1000000 + 10#${w[6]}))
}

# tod_us EPOCH_US: the same clock for an epoch time in microseconds (bash's strftime, local time)
tod_us()
{
	local h m s

	printf -v h '%(%H)T' $(($1 / 1000000))
	printf -v m '%(%M)T' $(($1 / 1000000))
	printf -v s '%(%S)T' $(($1 / 1000000))
	echo $(((10#$h * 3600 + 10#$m * 60 + 10#$s) * 1000000 + $1 % 1000000))
}

# vtep3_moved FROM_US DST [Deleted]: the monitor time (epoch us) of vtep3's first entry for the
# VM's MAC with dst DST at or after FROM_US (with "Deleted": its deletion), in MOVED_US ("" when
# none)
vtep3_moved()
{
	local from=$1 dst=$2 line ts='' tod from_tod pfx=${3:+$3 }

	MOVED_US=''
	from_tod=$(tod_us "$from")
	while IFS= read -r line; do
		case $line in
		Timestamp:*) ts=$line ;;
		"$pfx$VM_MAC dev vxlan100 dst $dst "*)
			[ -n "$ts" ] || continue
			tod=$(mon_time_us "$ts")
			# across midnight
			[ $((tod - from_tod)) -lt -43200000000 ] && tod=$((tod + 86400000000))
			if [ "$tod" -ge "$from_tod" ]; then
				MOVED_US=$((from + tod - from_tod))
				return 0
			fi
			;;
		esac
	done <"$SHDIR/mon.out"
	return 1
}

# ---- one migration ----------------------------------------------------------------------------

vrping_started()
{
	[ -s "$SHDIR/ping.err" ]
}

# migrate CONF TYPE: one case, from vtep1 to vtep2. Sets C_LOST, C_SENT, C_FIRST (ms), C_FIRST_US
# (epoch of the first reply), C_ACT_US (the activation: (2) migrate add returned, (1) T),
# C_ATT_US (T), C_AWAY, C_FRAME, C_ERR, C_CLI and C_OUT as migration.sh does
migrate()
{
	local conf=$1 type=$2 t_cut t_away t_att t_frame t_now seq s r rc first=0 ns_t ns_cut
	local pre_sent=0 pre_ok=0 frame

	C_LOST=- C_FIRST=- C_SENT=0 C_PRE=- C_AWAY=- C_FRAME=- C_ERR='' C_CLI='' C_OUT=''
	C_FIRST_US='' C_ACT_US='' C_ATT_US=''
	[ "$type" = silent ] || frame=$(case_frame "$type")

	onv "$REMOTE" "rm -f $SHDIR/ping.out $SHDIR/ping.err
		$VRPING -i $PING_MS -w 60 $VM_IP >$SHDIR/ping.out 2>$SHDIR/ping.err & VRPID=\$!"
	qpoll vrping_started || { err "vrping did not start: $(<"$SHDIR/ping.err")"; return 1; }
	pause_us $((PING_MS * 10 * 1000))

	# the cut: the source QEMU pauses
	onv "$VMNS" "ip -b $SHDIR/cut0.batch; echo \$EPOCHREALTIME \$?"
	read -r t_cut rc <<<"${ON_OUT##*$'\n'}"
	[ "$rc" = 0 ] || err "the cut failed: $ON_OUT"
	us t_cut "$t_cut"
	t_away=$t_cut
	if [ "$conf" = 2 ]; then
		on_send "$VTEP1" "$VMROAM migrate out mac $VM_MAC"
		on_send "$VTEP2" "$VMROAM migrate add dev tap2 mac $VM_MAC ip $VM_IP activate now &&
			echo \$EPOCHREALTIME"
		on_collect "$VTEP1" || C_OUT="vtep1: $ON_OUT"
		if on_collect "$VTEP2"; then
			us C_ACT_US "${ON_OUT##*$'\n'}"
		else
			C_CLI="vtep2: $ON_OUT"
		fi
		us t_away "$EPOCHREALTIME"
	fi
	us t_now "$EPOCHREALTIME"
	pause_us $((t_away + AWAY_MS * 1000 - t_now))

	onv "$VMNS" "ip -b $SHDIR/attach1.batch; echo \$EPOCHREALTIME \$?"
	read -r t_att rc <<<"${ON_OUT##*$'\n'}"
	[ "$rc" = 0 ] || err "the attach failed: $ON_OUT"
	us t_att "$t_att"
	C_ATT_US=$t_att
	[ "$conf" = 2 ] || C_ACT_US=$t_att
	C_AWAY=$(((t_att - t_cut) / 1000))
	if [ "$type" != silent ]; then
		onv "$VMNS" "$VRSEND eth1 $frame; echo \$EPOCHREALTIME \$?"
		read -r t_frame rc <<<"${ON_OUT##*$'\n'}"
		[ "$rc" = 0 ] || err "vrsend failed: $ON_OUT"
		us t_frame "$t_frame"
		C_FRAME=$(((t_frame - t_att) / 1000))
	fi

	us t_now "$EPOCHREALTIME"
	pause_us $((t_att + AFTER_MS * 1000 - t_now))
	onv "$REMOTE" "kill \$VRPID && wait \$VRPID" || err "vrping: $(<"$SHDIR/ping.err")"

	C_LOST=0
	ns_t=$((t_att * 1000))
	ns_cut=$((t_cut * 1000))
	while read -r seq s r; do
		[[ $seq$s =~ ^[0-9]+$ ]] || continue
		if [ "$s" -lt $ns_cut ]; then
			pre_sent=$((pre_sent + 1))
			[ "$r" = - ] || pre_ok=$((pre_ok + 1))
		fi
		if [ "$s" -ge $ns_t ]; then
			C_SENT=$((C_SENT + 1))
			[ "$r" = - ] && C_LOST=$((C_LOST + 1))
		fi
		if [ "$r" != - ] && [ "$r" -gt $ns_t ] && { [ "$first" = 0 ] || [ "$r" -lt "$first" ]; }; then
			first=$r
		fi
	done <"$SHDIR/ping.out"
	C_PRE=$pre_ok/$pre_sent
	if [ "$first" != 0 ]; then
		C_FIRST_US=$((first / 1000))
		first=$(((first - ns_t) / 100000))
		C_FIRST=$((first / 10)).$((first % 10))
	fi
	[ $pre_ok -gt 0 ] || err "no reply before the cut ($C_PRE)"
	[ $C_SENT -gt 0 ] || err "no request sent after the attach"
	[ -z "$C_ERR" ]
}

# ---- the configurations -----------------------------------------------------------------------

declare -A R_LOST R_FIRST R_FAB R_SEQ R_ACT R_AWAY
CONF_SECS=()

policy_none()
{
	onv "$1" "$VMROAM policy set dev $2 all none && $VMROAM policy set dev $2 malformed none &&
		$VMROAM -j policy show dev $2" || return 1
	[[ $ON_OUT != *'":["'* ]] && [[ $ON_OUT == *'"malformed":[]'* ]]
}

# conf_setup CONF: the module loaded or not, the stock bridges' policies
conf_setup()
{
	case $1 in
	1)
		vmroam_unload || check_err 1 "rmmod vmroam failed"
		log_test "1: $(conf_title 1): vmroam not loaded"
		;;
	2)
		vmroam_load flap_moves=5 flap_window=180 || check_err 1 "insmod vmroam.ko failed"
		policy_none "$VTEP3" br0 || check_err 1 "vtep3's br0: $ON_OUT"
		policy_none "$RR" ul || check_err 1 "the underlay bridge: $ON_OUT"
		log_test "2: $(conf_title 2): loaded; policy none on vtep3's br0 and the underlay bridge"
		;;
	3)
		# afresh: no binding of (2)'s sanctions
		vmroam_unload || check_err 1 "rmmod vmroam failed"
		vmroam_load flap_moves=5 flap_window=180 || check_err 1 "insmod vmroam.ko failed"
		policy_none "$VTEP3" br0 || check_err 1 "vtep3's br0: $ON_OUT"
		policy_none "$RR" ul || check_err 1 "the underlay bridge: $ON_OUT"
		log_test "3: $(conf_title 3): loaded afresh; policy none on vtep3's br0 and the underlay bridge"
		;;
	esac
}

# what vtep2 and vtep3 say after a case that failed its goals
fabric_state()
{
	local ns out=''

	for ns in "$VTEP2" "$VTEP3"; do
		onv "$ns" "bridge fdb show | grep -i $VM_MAC; ip neigh show $VM_IP"
		out="$out${out:+; }${ns%-*}: ${ON_OUT//$'\n'/ | }"
	done
	onv "$VTEP2" "$VMROAM -j migrate show; $VMROAM -j binding show mac $VM_MAC"
	out="$out; vtep2 vmroam: ${ON_OUT//$'\n'/ | }"
	printf '%s' "$out"
}

run_conf()
{
	local conf=$1 type t0 bad=0 n=0 msg='' j seq0 seq1 fab wd

	t0=${EPOCHREALTIME/./}
	conf_setup "$conf"
	for type in $CASES; do
		n=$((n + 1))
		vm_home || { err "reset: $HOME_ERR"; }
		seq0=$(mac_seq "$(evpn_mac "$VTEP3")")
		C_ERR=''
		[ -n "$HOME_ERR" ] || migrate "$conf" "$type"
		# vtep3's view, once the case is over
		fab=-
		if [ -n "$C_ACT_US" ] && vtep3_moved "$C_ACT_US" $UL2; then
			fab=$(((MOVED_US - C_ACT_US) / 1000))
		fi
		# vtep1's entry withdrawn before vtep2's came: vtep3 flooded in between
		wd=-
		if [ -n "$C_ACT_US" ] && vtep3_moved "$((C_ACT_US - 1000000))" $UL1 Deleted &&
			[ "$MOVED_US" -lt "$((C_ACT_US + AFTER_MS * 1000))" ]; then
			wd=$(((MOVED_US - C_ACT_US) / 1000))
		fi
		j=$(evpn_mac "$VTEP3")
		seq1=$(mac_seq "$j")
		R_LOST[$conf,$type]=$C_LOST
		R_FIRST[$conf,$type]=$C_FIRST
		R_FAB[$conf,$type]=$fab
		R_SEQ[$conf,$type]="$seq0>$seq1"
		R_ACT[$conf,$type]=-
		[ -z "$C_ACT_US" ] || [ -z "$C_ATT_US" ] || R_ACT[$conf,$type]=$(((C_ATT_US - C_ACT_US) / 1000))
		R_AWAY[$conf,$type]=$C_AWAY
		[ "$seq1" != - ] || tap_diag "$conf $type: vtep3 says: $j"
		onv "$VTEP3" "ip neigh show $VM_IP dev br0"
		tap_diag "$conf $type: lost $C_LOST of $C_SENT after the attach, first reply $C_FIRST ms; vtep3 at vtep2 +$fab ms after the activation (vtep1's entry deleted at +$wd ms), seq $seq0 -> $seq1 ($(jq -c '.[] | {remoteVtep, neighbors}' <<<"$j" 2>/dev/null); kernel: ${ON_OUT:-no neighbour}); away $C_AWAY ms, frame out +$C_FRAME ms, answered before the cut $C_PRE${C_ERR:+; $C_ERR}${C_CLI:+; the CLI refused: $C_CLI}${C_OUT:+; $C_OUT}"
		if [ "$conf" = 2 ]; then
			[ -z "$C_ERR" ] || check_err 1 "$C_ERR"
			[ -z "$C_CLI" ] || check_err 1 "the CLI refused: $C_CLI"
			if [ "$C_LOST" = - ] || [ "$C_LOST" -gt $MAX_LOST ]; then
				check_err 1 "lost $C_LOST of $C_SENT after the attach (first reply $C_FIRST ms); $(fabric_state)"
			fi
			log_test "2: $type: at most $MAX_LOST ping lost after the attach (lost $C_LOST, first reply $C_FIRST ms)"
			if [ "$fab" = - ]; then
				check_err 1 "vtep3 never pointed at vtep2 after the activation; $(fabric_state)"
			elif [ "$type" = silent ] && [ -n "$C_FIRST_US" ] && [ "$MOVED_US" -ge "$C_FIRST_US" ]; then
				check_err 1 "vtep3 pointed at vtep2 only after the VM's first reply"
			fi
			if ! [[ $seq0 =~ ^[0-9]+$ && $seq1 =~ ^[0-9]+$ ]] || [ "$seq1" -le "$seq0" ]; then
				check_err 1 "vtep3's sequence number of the VM's MAC: $seq0 -> $seq1: $j"
			fi
			log_test "2: $type: vtep3 points at vtep2 with a higher sequence number ($seq0 -> $seq1, +$fab ms)$([ "$type" = silent ] && echo ", before the VM's first reply")"
		elif [ -n "$C_ERR" ]; then
			bad=$((bad + 1))
			msg="${msg:+$msg; }$type: $C_ERR"
		fi
		if [ "$conf" = 1 ] && [ "$type" = silent ]; then
			[ -z "$C_ERR" ] || check_err 1 "$C_ERR"
			if [ "$C_LOST" = - ] || [ "$C_LOST" -le 1 ]; then
				check_err 1 "lost $C_LOST of $C_SENT after the attach: the fabric found the silent VM"
			fi
			log_test "1: silent: a silent VM loses more than 1 ping after the attach without vmroam (lost $C_LOST of $C_SENT)"
		fi
		# the source QEMU exits
		onv "$VTEP1" "ip link del tap1 2>/dev/null; true"
	done
	if [ "$conf" != 2 ]; then
		[ $bad = 0 ] || check_err 1 "$bad of $n cases not measured: $msg"
		log_test "$conf: $(conf_title "$conf"): every migration measured (the VM answered before the cut, pings after the attach)"
	fi
	CONF_SECS[conf]=$(((${EPOCHREALTIME/./} - t0 + 500000) / 1000000))
}

# ---- the flap part ----------------------------------------------------------------------------

FLAP_LINES=()

# flap_move FROM TO: a sanctioned move of the VM from VTEP FROM's tap to VTEP TO's, the VM
# speaking at once (a gratuitous ARP), and vtep3 following
flap_move()
{
	local from=$1 to=$2 f=${VTEPS[$1 - 1]} t=${VTEPS[$2 - 1]}

	onv "$VMNS" "ip -b $SHDIR/cut$((from - 1)).batch" || return 1
	on_send "$f" "$VMROAM migrate out mac $VM_MAC"
	on_send "$t" "$VMROAM migrate add dev tap$to mac $VM_MAC ip $VM_IP activate now"
	on_collect "$f"
	on_collect "$t" || { FLAP_ERR="migrate add on vtep$to: $ON_OUT"; return 1; }
	onv "$VMNS" "ip -b $SHDIR/attach$((to - 1)).batch" || { FLAP_ERR="attach: $ON_OUT"; return 1; }
	vm_garp $((to - 1)) || { FLAP_ERR="vrsend: $ON_OUT"; return 1; }
	qpoll vtep3_at "$to" || { FLAP_ERR="vtep3 did not follow to vtep$to"; return 1; }
}

flap()
{
	local i from=1 to=2 t0 ns j b

	FLAP_ERR=''
	t0=${EPOCHREALTIME/./}
	vmroam_load flap_moves=5 flap_window=180 || check_err 1 "insmod vmroam.ko failed"
	policy_none "$VTEP3" br0 || check_err 1 "vtep3's br0: $ON_OUT"
	policy_none "$RR" ul || check_err 1 "the underlay bridge: $ON_OUT"
	vm_home || check_err 1 "$HOME_ERR"
	for ((i = 1; i <= FLAP_N && RET == 0; i++)); do
		flap_move $from $to || check_err 1 "move $i (vtep$from -> vtep$to): $FLAP_ERR"
		from=$to
		to=$((3 - to))
	done
	log_test "flap: $FLAP_N sanctioned moves between vtep1 and vtep2 in $(((${EPOCHREALTIME/./} - t0) / 1000000)) s, vtep3 followed each"
	for ns in "${VTEPS[@]}"; do
		j=$(evpn_mac "$ns")
		FLAP_LINES+=("${ns%-*}: FRR: $(jq -r '.[] | "\(.type) seq local \(.localSequence) remote \(.remoteSequence) isDuplicate \(.isDuplicate) detectionCount \(.detectionCount)"' <<<"$j" 2>/dev/null || echo "$j"); zebra.log: $(grep -ci duplicate "${FRR_DIR[$ns]}/zebra.log") lines on duplicates")
	done
	for ns in "$VTEP1" "$VTEP2"; do
		onv "$ns" "$VMROAM -j binding show mac $VM_MAC"
		b=$ON_OUT
		onv "$ns" "$VMROAM -j stats"
		FLAP_LINES+=("${ns%-*}: vmroam: binding $b; $(jq -c '{migrations, departures, fdb_moves, frozen: (.frozen // .drops.frozen // "-")}' <<<"$ON_OUT" 2>/dev/null)")
	done
	for b in "${FLAP_LINES[@]}"; do
		tap_diag "flap: $b"
	done
	# the table's moves are not to be flagged
	for ns in "${VTEPS[@]}"; do
		vtysh -N "$ns" -c 'clear evpn dup-addr vni all' -c 'configure terminal' \
			-c 'router bgp 65000' -c 'address-family l2vpn evpn' -c 'no dup-addr-detection' \
			>/dev/null 2>&1
	done
	j=$(vtysh_json "$VTEP3" "show evpn json")
	tap_diag "flap: FRR duplicate address detection now: $(jq -c '{isDuplicateAddrDetection: .isDuplicateAddrDetection, maxMoves: .maxMoves}' <<<"$j" 2>/dev/null)"
	# the VM back home, the module's flap state with it
	vmroam_unload
}

# ---- the table --------------------------------------------------------------------------------

print_table()
{
	local conf type line cfmt='  %4s %6s %6s %7s'

	show ""
	show "Across an EVPN fabric (FRR zebra+bgpd, VNI 100, route reflector): the remote pings the VM every $PING_MS ms"
	show "while it moves from vtep1 to vtep2 (away $AWAY_MS ms) and sends the one frame of the case."
	show "lost: requests at or after the attach without a reply; 1st: first reply after the attach, ms;"
	show "fabric: activation ((2): migrate add returned; (1), (3): the attach) to vtep3's FDB pointing at"
	show "vtep2, ms; seq: vtep3's MAC-mobility sequence number of the VM's MAC before > after."
	show ""
	printf -v line '%-18s' ""
	for conf in $CONFS; do
		printf -v line "%s  %-27s" "$line" "$(conf_head "$conf")"
	done
	show "$line"
	printf -v line '%-18s' "case"
	for conf in $CONFS; do
		# shellcheck disable=SC2059
		printf -v line "$line$cfmt" lost 1st fabric seq
	done
	show "$line"
	for type in $CASES; do
		printf -v line '%-18s' "$type"
		for conf in $CONFS; do
			# shellcheck disable=SC2059
			printf -v line "$line$cfmt" "${R_LOST[$conf,$type]:--}" "${R_FIRST[$conf,$type]:--}" \
				"${R_FAB[$conf,$type]:--}" "${R_SEQ[$conf,$type]:--}"
		done
		show "$line"
	done
	show ""
	for conf in $CONFS; do
		line=''
		for type in $CASES; do
			line="$line${line:+ }${R_AWAY[$conf,$type]:--}"
		done
		show "$(conf_title "$conf"): ${CONF_SECS[conf]} s; cut to attach, per row: $line ms"
		if [ "$conf" = 2 ]; then
			line=''
			for type in $CASES; do
				line="$line${line:+ }${R_ACT[$conf,$type]:--}"
			done
			show "$(conf_title "$conf"): activation to attach, per row: $line ms"
		fi
	done
	for line in "${FLAP_LINES[@]}"; do
		show "flap, $FLAP_N moves: $line"
	done
}

tap_begin
t_all=${EPOCHREALTIME/./}
vmroam_unload || { tap_not_ok "rmmod vmroam"; tap_end; }
if ! setup; then
	tap_not_ok "topology" "$ON_OUT"
	tap_end
fi
fabric_start || check_err 1 "$ON_OUT"
log_test "fabric: zebra and bgpd up in rr, vtep1, vtep2, vtep3"
[ "$RET" = 0 ] || tap_end
t_conv=${EPOCHREALTIME/./}
QPOLL_PAUSE=0.2 qpoll flood_lists || check_err 1 "flood lists: $ON_OUT"
bgp_established || check_err 1 "BGP: $BGP_SUMMARY"
log_test "fabric: every BGP session Established, each VTEP floods to the other two ($BGP_SUMMARY; $(((${EPOCHREALTIME/./} - t_conv) / 1000)) ms)"
vm_home || check_err 1 "$HOME_ERR"
log_test "fabric: vtep3 has the VM's MAC as a remote MAC at vtep1, the remote reaches the VM"
[ "$RET" = 0 ] || tap_end

[ "$FLAP" = 0 ] || flap
for conf in $CONFS; do
	run_conf "$conf"
done
bgp_established
[ "$BGP_DROPS" = 0 ] || check_err 1 "sessions dropped: $BGP_DROPS"
log_test "fabric: no BGP session dropped ($BGP_SUMMARY)"
print_table
show "total: $(((${EPOCHREALTIME/./} - t_all + 500000) / 1000000)) s"
tap_end
