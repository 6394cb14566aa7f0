#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The trust model, attacked. A guest controls every byte of its frames; vmroam may act only on
# what it can check, an untrusted port fails closed, and with nothing configured no guest may do
# what it could not do without the module. One attacker (two ports) against one victim bound by a
# real DHCP server, on a bridge without and with VLAN filtering, in three configurations run one
# after the other on fresh namespaces:
#
#   stock    vmroam not loaded
#   none     vmroam loaded, nothing configured (every port trusted: the module's defaults)
#   guarded  tapv, tapa, tapb: trusted off lock on max-macs 4 arp-inspect on ip-guard on
#            (tapa with a static binding of the attacker's own address)
#
#   ns dhcp                                   ns att
#   eth0 192.0.2.2 (dnsmasq)                  a0 02:00:00:00:00:66 192.0.2.66   b0 ...:67
#    |                                         |                                 |
#   up0 (trusted, uplink)   tapv              tapa                              tapb
#   +---------------------- br0 (ns hv) 192.0.2.1, 02:00:00:00:01:01: the gateway ---------+
#                            |
#                           eth0 52:54:00:00:00:10, its address from dnsmasq (busybox udhcpc)
#                           ns vic
#
# Per attack, after proof that the bridge has processed its frames (a marker frame sent behind
# them has been counted, or learnt): the frames sent and the frames vmroam dropped, and whether
# the victim's FDB entry (tapv), the gateway's neighbour entry of the victim's address (the
# victim's MAC) and, with vmroam, the victim's binding (tapv, active) are untouched, and whether
# the gateway's pings reach the victim. Checked: "guarded" stops every attack, each with its own
# drop reason, and leaves the victim untouched; "none" leaves the victim exactly as "stock" does
# and creates no binding from a MAC that did not send the frame. Then what no table shows:
# violation events of two ports, the host's own MAC, a check asked for on a trusted port, an
# uplink's carrier flap, and a bridge deleted while announcement rounds are queued.
#
#   attack.sh            TAP, the tables as "# " lines
#   ATTACK_MODES="0 1"   the bridges to run (vlan_filtering values; default both)

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules

UDHCPC_SCRIPT=$VMROAM_TOP/selftests/udhcpc.script
if [ ! -x "$VRSEND" ] || [ ! -x "$VMROAM" ] || [ ! -f "$VMROAM_KO" ]; then
	tap_begin
	tap_skip "$(basename "$0")" "build the module, the CLI and vrsend (make all tools) first"
	tap_end
fi
if ! command -v dnsmasq >/dev/null || ! busybox udhcpc --help >/dev/null 2>&1; then
	tap_begin
	tap_skip "$(basename "$0")" "dnsmasq or busybox udhcpc missing (apt-get install dnsmasq-base busybox-static)"
	tap_end
fi

# shells in the namespaces: under TCG every exec costs, and "ip netns exec" one more
# shellcheck source=nsshell.sh
. "$(dirname "$0")/nsshell.sh"

MODES=${ATTACK_MODES:-"0 1"}
VIC_MAC=52:54:00:00:00:10
ATT_MAC=02:00:00:00:00:66
ATT2_MAC=02:00:00:00:00:67
DHCP_MAC=02:00:00:00:00:01
BR_MAC=02:00:00:00:01:01
GW_IP=192.0.2.1
DHCP_IP=192.0.2.2
ATT_IP=192.0.2.66
ROGUE_IP=192.0.2.222
MAX_MACS=4
FLOOD=50		# NAs with a random link-layer option in the option flood
STORM=100		# violations of tapa before tapb's in the event case

TMPD=$SHDIR		# nsshell's temporary directory, removed at the end
PIDS=()
VIC_IP=
MARKER=0		# marker frames sent so far: each has a MAC of its own

# the shells of the namespaces of one configuration end (each exits at the end of its input)
shells_stop()
{
	local ns fdi fdo

	for ns in "${!SH_IN[@]}"; do
		fdi=${SH_IN[$ns]} fdo=${SH_OUT[$ns]}
		exec {fdi}>&- {fdo}<&-
		rm -f "$SHDIR/$ns.in" "$SHDIR/$ns.out"
	done
	SH_IN=() SH_OUT=()
}

cleanup()
{
	local p

	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	PIDS=()
	shells_stop
	wait
	ns_cleanup
}
trap 'cleanup; sh_stop_all' EXIT

vr()	# NS ARGS...: the CLI in NS, its output in ON_OUT
{
	local ns=$1

	shift
	onv "$ns" "$VMROAM $*"
}

# send NS DEV TYPE KEY VALUE...: one crafted frame. Always from CPU 0: a veth delivers into the
# backlog of the sender's CPU, so frames sent from one CPU are processed in the order they were
# sent, and a marker frame sent after an attack proves the attack has been processed in full
send()
{
	local ns=$1

	shift
	onv "$ns" "taskset -c 0 $VRSEND $*" || { echo "vrsend $*: $ON_OUT"; return 1; }
}

# ---- the topology -----------------------------------------------------------------------------

veth()	# NS-A DEV-A NS-B DEV-B [MAC-B]
{
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" || return 1
	[ -z "${5:-}" ] || ip -n "$3" link set "$4" address "$5"
	ip -n "$1" link set "$2" master br0 up && ip -n "$3" link set "$4" up
}

dnsmasq_start()
{
	cat >"$TMPD/dnsmasq.conf" <<-EOF
		port=0
		interface=eth0
		bind-interfaces
		no-resolv
		no-hosts
		dhcp-range=192.0.2.100,192.0.2.149,255.255.255.0,600
		dhcp-leasefile=$TMPD/dnsmasq.leases
		dhcp-authoritative
		no-ping
		pid-file=$TMPD/dnsmasq.pid
		user=root
	EOF
	rm -f "$TMPD/dnsmasq.pid" "$TMPD/dnsmasq.leases"
	onv "$DHCP" "dnsmasq --conf-file=$TMPD/dnsmasq.conf" || return 1
	qpoll test -s "$TMPD/dnsmasq.pid" || return 1
	PIDS+=("$(<"$TMPD/dnsmasq.pid")")
}

# the victim's lease: it keeps it (-q exits without releasing)
lease()
{
	: >"$TMPD/udhcpc.state"
	onv "$VIC" "UDHCPC_STATE=$TMPD/udhcpc.state timeout 60 busybox udhcpc -i eth0 \
		-s $UDHCPC_SCRIPT -n -q -t 8 -T 2 -A 2"
	read -r _ VIC_IP _ <<<"$(grep '^bound ' "$TMPD/udhcpc.state" | tail -n 1)"
	[ -n "$VIC_IP" ]
}

# setup FILTERING CONFIG: fresh namespaces, the module as CONFIG says, the victim's lease, the
# gateway's neighbour entry of it
setup()
{
	local filtering=$1 config=$2 p ns

	# the VLAN the victims' frames are in: the ports' PVID (1) with filtering, else none (0)
	VLAN=$filtering
	cleanup
	if [ "$config" = stock ]; then
		vmroam_unload || return 1
	else
		vmroam_load || return 1
	fi
	ns_create HV && ns_create DHCP && ns_create VIC && ns_create ATT || return 1
	for ns in "$HV" "$DHCP" "$VIC" "$ATT"; do
		sh_start "$ns" || return 1
	done
	ip -n "$HV" link add br0 address $BR_MAC type bridge vlan_filtering "$filtering" \
		mcast_snooping 0 || return 1
	ip -n "$HV" addr add $GW_IP/24 dev br0 && ip -n "$HV" link set br0 up || return 1
	veth "$HV" up0 "$DHCP" eth0 $DHCP_MAC && veth "$HV" tapv "$VIC" eth0 $VIC_MAC &&
		veth "$HV" tapa "$ATT" a0 $ATT_MAC && veth "$HV" tapb "$ATT" b0 $ATT2_MAC || return 1
	ip -n "$DHCP" addr add $DHCP_IP/24 dev eth0 && ip -n "$ATT" addr add $ATT_IP/24 dev a0 ||
		return 1
	for p in up0 tapv tapa tapb; do
		link_wait "$HV" $p || return 1
	done
	if [ "$config" = guarded ]; then
		for p in tapv tapa tapb; do
			vr "$HV" port set dev $p trusted off lock on max-macs $MAX_MACS \
				arp-inspect on ip-guard on || { echo "$ON_OUT"; return 1; }
		done
		vr "$HV" binding add dev tapa mac $ATT_MAC ip $ATT_IP || return 1
	fi
	dnsmasq_start || return 1
	lease || return 1
	# the victim never asks the gateway for its MAC: Linux takes the sender's MAC of an ARP
	# request for one of its own addresses at once, locktime or not (neigh_event_ns()), so the
	# victim's own probe would put a poisoned entry back at a moment of its kernel's choosing,
	# in one configuration and not in another (which is how stock and none once differed)
	ip -n "$VIC" neigh replace $GW_IP lladdr $BR_MAC dev eth0 nud permanent || return 1
	restore
}

# ---- what the victim has ----------------------------------------------------------------------

fdb_port()	# MAC: the port of its FDB entry in br0, or nothing
{
	bridge -n "$HV" -j fdb show br br0 | jq -r --arg m "$1" \
		'[.[] | select(.mac == $m and .ifname != "br0")][0].ifname // empty'
}

binding_of()	# MAC: "PORT ORIGIN STATE" of its binding in the victims' VLAN, or nothing
{
	ip netns exec "$HV" "$VMROAM" -j binding show mac "$1" 2>/dev/null |
		jq -r --argjson v "$VLAN" '[.[] | select(.vlan == $v)][0] | select(.) |
			"\(.dev) \(.origin) \(.state)"'
}

answers()	# the gateway pings the victim once: 1 if it answers
{
	onv "$HV" "ping -n -q -c 1 -W 1 $VIC_IP"
	[[ $ON_OUT =~ ([0-9]+)\ received ]] && echo "${BASH_REMATCH[1]}" || echo 0
}

# the victim as it should be: its FDB entry on tapv, the gateway's entry of it with its MAC
restore()
{
	ip -n "$HV" neigh replace "$VIC_IP" lladdr $VIC_MAC dev br0 nud reachable
	send "$VIC" eth0 arp_garp_request smac $VIC_MAC sha $VIC_MAC sip "$VIC_IP" || return 1
	qpoll fdb_is tapv
}

fdb_is()
{
	snapshot none
	[ "${SNAP[fdb]}" = "$1" ]
}

# snapshot MARKER-MAC: one look at everything a case reads, with four execs in the gateway's
# shell and none here (a case costs seconds under TCG otherwise): SNAP[fdb], [marker] (the FDB
# ports of the victim and of the marker MAC), [neigh] (the MAC of the gateway's entry of the
# victim), [binding] ("port,origin,state" of the victim's), [frames] (counted on tapa), and
# DROPS[reason] (tapa's)
declare -A SNAP DROPS
snapshot()
{
	local line sec='' re_fdb='^([0-9a-f:]{17}) dev ([^ ]+)' re_kv='"([a-z_0-9]+)":([0-9]+)'
	local rest

	onv "$HV" "bridge fdb show br br0; echo @@neigh; ip neigh show $VIC_IP dev br0
		if [ -d /sys/module/vmroam ]; then
			echo @@binding; $VMROAM -j binding show mac $VIC_MAC; echo
			echo @@stats; $VMROAM -j stats dev tapa; echo
		fi"
	SNAP=([fdb]=none [marker]=none [neigh]=none [binding]=none [frames]=0)
	DROPS=()
	while IFS= read -r line; do
		case $line in
		@@*) sec=${line#@@}; continue ;;
		esac
		case $sec in
		"")
			[[ $line =~ $re_fdb ]] && [ "${BASH_REMATCH[2]}" != br0 ] || continue
			[ "${BASH_REMATCH[1]}" = $VIC_MAC ] && SNAP[fdb]=${BASH_REMATCH[2]}
			[ "${BASH_REMATCH[1]}" = "$1" ] && SNAP[marker]=${BASH_REMATCH[2]}
			;;
		neigh)
			[[ $line =~ lladdr\ ([0-9a-f:]+) ]] && SNAP[neigh]=${BASH_REMATCH[1]}
			;;
		binding)	# the one object of the victim's VLAN, in whatever order they came
			rest=${line#*\{\"mac\":*\"vlan\":"$VLAN",}
			[ "$rest" != "$line" ] || continue
			rest=${rest%%\{\"mac\":*}
			# the binding's origin comes before its addresses, whose objects have theirs
			[[ $rest =~ \"dev\":\"([^\"]*)\"[^[]*\"origin\":\"([^\"]*)\".*\"state\":\"([^\"]*)\" ]] &&
				SNAP[binding]=${BASH_REMATCH[1]},${BASH_REMATCH[2]},${BASH_REMATCH[3]}
			;;
		stats)
			# frame counters first, then "drops":{...}
			rest=${line%%\"drops\"*}
			while [[ $rest =~ $re_kv ]]; do
				SNAP[frames]=$((SNAP[frames] + BASH_REMATCH[2]))
				rest=${rest#*"${BASH_REMATCH[0]}"}
			done
			[[ $line == *'"drops"'* ]] || continue
			rest=${line#*\"drops\"}
			while [[ $rest =~ $re_kv ]]; do
				DROPS[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
				rest=${rest#*"${BASH_REMATCH[0]}"}
			done
			;;
		esac
	done <<<"$ON_OUT"
}

drops_total()	# the sum of DROPS
{
	local r n=0

	for r in "${!DROPS[@]}"; do
		n=$((n + DROPS[$r]))
	done
	echo $n
}

# settle FRAMES0: proof that the bridge has processed every frame the attacker sent from a0
# before: a marker frame sent behind them (from the same CPU) has been counted by vmroam (tapa
# counted FRAMES0 before), or (stock) learnt by the bridge; leaves the snapshot that showed it
marker_seen()
{
	snapshot "$1"
	if [ -d /sys/module/vmroam ]; then
		[ "${SNAP[frames]}" -gt "$2" ]
	else
		[ "${SNAP[marker]}" = tapa ]
	fi
}

settle()
{
	local mac=$ATT_MAC

	# with vmroam the attacker's own probe, which every configuration lets through and counts;
	# without it a MAC of its own, which the bridge learns
	if [ ! -d /sys/module/vmroam ]; then
		MARKER=$((MARKER + 1))
		printf -v mac '02:00:00:00:ee:%02x' $((MARKER % 256))
	fi
	send "$ATT" a0 arp_probe smac "$mac" sha "$mac" tip $GW_IP || return 1
	qpoll marker_seen "$mac" "$1"
}

# ---- the attacks ------------------------------------------------------------------------------

# IPv4 from the rogue address to the gateway, in encapsulations the bridge passes and an IP
# source guard cannot look into: a PPPoE session frame, and an 802.3 frame with LLC/SNAP
IP_UDP=4500001c0000000040110000c00002dec00002010035003500080000
PPPOE_IP=${BR_MAC//:/}${ATT_MAC//:/}886411000001001e0021$IP_UDP
LLC_SNAP_IP=${BR_MAC//:/}${ATT_MAC//:/}0024aaaa030000000800$IP_UDP

# every attack: NAME, what guarded must drop it as (a drop reason, or "bridge" when the bridge's
# VLAN filter drops it first, "bridge|REASON" when that depends on filtering), and its frames
# (one vrsend command line each, from the attacker's namespace; @VIP@ is the victim's address)
ATTACKS=(
	"arp_sha|arp_src_mac|a0 arp_garp_reply smac $ATT_MAC sha $VIC_MAC sip @VIP@"
	"ns_option|nd_src_mac|a0 nd_ns smac $ATT_MAC sha $VIC_MAC"
	"na_option|nd_src_mac|a0 nd_na_unsolicited smac $ATT_MAC sha $VIC_MAC"
	"arp_spoof|arp_unbound|a0 arp_garp_request smac $ATT_MAC sha $ATT_MAC sip @VIP@"
	"arp_htype6|arp_unbound|a0 arp_garp_request smac $ATT_MAC sha $ATT_MAC sip @VIP@ poke 1=6"
	"priority_tag|arp_unbound|a0 arp_garp_request smac $ATT_MAC sha $ATT_MAC sip @VIP@ vlan 0"
	"vlan_tag|bridge|arp_unbound|a0 arp_garp_request smac $ATT_MAC sha $ATT_MAC sip @VIP@ vlan 5"
	"two_tags|unparsed|a0 vlan2_arp svlan 0 vlan 0 smac $ATT_MAC sha $ATT_MAC sip @VIP@ tip @VIP@"
	"qinq_8021ad|unparsed|a0 qinq_arp svlan 0 vlan 0 smac $ATT_MAC sha $ATT_MAC sip @VIP@ tip @VIP@"
	"dhcp_sport80|dhcp_server|a0 dhcp_server smac $ATT_MAC sha $VIC_MAC dmac $VIC_MAC sport 80 tip $ROGUE_IP ipsrc $ATT_IP"
	"dhcp_fragment|malformed|a0 dhcp_server smac $ATT_MAC sha $VIC_MAC dmac $VIC_MAC tip $ROGUE_IP ipsrc $ATT_IP poke 6=32"
	"pppoe_ip|unparsed|a0 raw hex $PPPOE_IP"
	"llc_snap_ip|unparsed|a0 raw hex $LLC_SNAP_IP"
	"release_chaddr|dhcp_chaddr|a0 dhcp_client smac $ATT_MAC sha $VIC_MAC msg RELEASE sip @VIP@ ipsrc @VIP@"
	"release_spoof|mac_move|a0 dhcp_client smac $VIC_MAC sha $VIC_MAC msg RELEASE sip @VIP@ ipsrc @VIP@"
	"mac_spoof|mac_move|a0 arp_garp_request smac $VIC_MAC sha $VIC_MAC sip @VIP@"
)

declare -A VERDICT		# "MODE CONFIG NAME" -> what the victim kept
declare -A SHOWN		# "MODE CONFIG NAME" -> "sent/dropped state" for the table

# the victim's state in SNAP, as one word each: fdb, neighbour entry, binding
victim_state()
{
	local f=${SNAP[fdb]} n=${SNAP[neigh]} b=${SNAP[binding]}

	[ "$f" = tapv ] && f=ok || f="fdb:$f"
	[ "$n" = $VIC_MAC ] && n=ok || n="neigh:$n"
	if [ ! -d /sys/module/vmroam ] || [[ $b == tapv,*,active ]]; then
		b=ok
	else
		b="binding:$b"
	fi
	echo "$f $n $b"
}

# gw_neigh_aged SECONDS: the gateway's entry of the victim was last updated that long ago or more
gw_neigh_aged()
{
	local re='used [0-9]+/[0-9]+/([0-9]+)'

	[[ $(ip -s -n "$HV" neigh show "$VIC_IP" dev br0) =~ $re ]] && [ "${BASH_REMATCH[1]}" -ge "$1" ]
}

# attack MODE CONFIG SPEC
attack()
{
	local mode=$1 config=$2 name want cmd frames0 total0 dropped state rx=- line f reason0
	local reason=0

	IFS='|' read -r -a f <<<"$3"
	name=${f[0]}
	if [ "${#f[@]}" = 4 ]; then	# "bridge|REASON": the bridge's filter, else REASON
		[ "$mode" = 1 ] && want=bridge || want=${f[2]}
		cmd=${f[3]}
	else
		want=${f[1]}
		cmd=${f[2]}
	fi
	cmd=${cmd//@VIP@/$VIC_IP}
	# Linux lets an ARP frame change a neighbour entry's MAC only once the entry is older than
	# locktime (1 s): without this wait, whether stock and none show the victim poisoned would
	# depend on how long the restore of the attack before took
	if [ "$config" != guarded ]; then
		QPOLL_PAUSE=0.2 qpoll gw_neigh_aged 1 ||
			check_err 1 "the gateway's entry of $VIC_IP never aged: $(ip -s -n "$HV" neigh show "$VIC_IP" dev br0)"
	fi
	snapshot none
	frames0=${SNAP[frames]}
	total0=$(drops_total)
	reason0=${DROPS[$want]:-0}
	send "$ATT" "$cmd" || check_err 1 "vrsend $cmd failed"
	settle "$frames0" || check_err 1 "the marker frame behind the attack was never seen"
	dropped=$(($(drops_total) - total0))
	reason=$((${DROPS[$want]:-0} - reason0))
	state=$(victim_state)
	# the gateway's ping, where it tells something: a victim untouched must answer
	[ "$state" = "ok ok ok" ] && rx=$(answers)
	VERDICT["$mode $config $name"]=$state
	SHOWN["$mode $config $name"]="1/$dropped ${state// /,} ping:$rx"
	if [ "$config" = guarded ]; then
		[ "$state" = "ok ok ok" ]
		check_err $? "the victim was touched: $state"
		if [ "$want" = bridge ]; then
			[ "$dropped" = 0 ]
			check_err $? "dropped by vmroam ($dropped) although the bridge's VLAN filter drops it"
		else
			[ "$reason" = 1 ] && [ "$dropped" = 1 ]
			check_err $? "not dropped as $want: $want +$reason, all reasons +$dropped"
		fi
		[ "$rx" = 1 ]
		check_err $? "the gateway's ping got no answer ($rx)"
		log_test "bridge vlan_filtering $mode, guarded: $name stopped ($want), victim untouched"
	elif [ "$config" = none ]; then
		# the FDB and the gateway as stock Linux leaves them; the binding moves only where
		# the bridge's own FDB entry moved
		line=${VERDICT["$mode stock $name"]}
		[ "${state% *}" = "${line% *}" ] &&
			{ [ "${state##* }" = ok ] || [ "${line%% *}" != ok ]; }
		check_err $? "with the module, nothing configured: '$state'; stock Linux: '$line'"
		[ "$dropped" = 0 ]
		check_err $? "dropped on a trusted port: $dropped"
		log_test "bridge vlan_filtering $mode, nothing configured: $name leaves the victim as stock Linux does ($state)"
	fi
	# the victim as it was, for the next attack
	[ "$state" = "ok ok ok" ] && return
	restore
	snapshot none
	if [ -d /sys/module/vmroam ] && [[ ${SNAP[binding]} != tapv,*,active ]]; then
		lease
		restore
	fi
}

table()	# MODE
{
	local a name

	tap_diag "bridge vlan_filtering $1: frames sent/dropped by vmroam, the victim (fdb, gateway neighbour, binding), the gateway's ping answered"
	tap_diag "$(printf '%-16s %-46s %-46s %s' attack stock none guarded)"
	for a in "${ATTACKS[@]}"; do
		name=${a%%|*}
		tap_diag "$(printf '%-16s %-46s %-46s %s' "$name" "${SHOWN["$1 stock $name"]}" \
			"${SHOWN["$1 none $name"]}" "${SHOWN["$1 guarded $name"]}")"
	done
}

# ---- beyond the table -----------------------------------------------------------------------

# a flood of NAs whose link-layer options name random MACs, from the attacker's own source
option_flood()	# MODE CONFIG
{
	local i n0 n1 macs frames0

	vr "$HV" -j stats
	n0=$(jq '.bindings' <<<"$ON_OUT")
	snapshot none
	frames0=${SNAP[frames]}
	for i in $(seq 1 $FLOOD); do
		send "$ATT" a0 nd_na_unsolicited smac $ATT_MAC \
			sha "$(printf '52:54:00:aa:%02x:%02x' $((i / 256)) $((i % 256)))" \
			tip6 "2001:db8::$i" || check_err 1 "vrsend failed"
	done
	settle "$frames0" || check_err 1 "the marker frame behind the flood was never seen"
	vr "$HV" -j stats
	n1=$(jq '.bindings' <<<"$ON_OUT")
	vr "$HV" -j port show dev tapa
	macs=$(jq '.[0].macs' <<<"$ON_OUT")
	[ "$n1" = "$n0" ] && { [ "$2" != guarded ] || [ "$macs" -le $MAX_MACS ]; }
	check_err $? "bindings $n0 -> $n1, tapa binds $macs MACs"
	log_test "bridge vlan_filtering $1, $2: $FLOOD NAs naming random MACs bind none of them (bindings $n0 -> $n1, tapa $macs)"
}

# guarded: violation events of tapb are reported while tapa floods
two_ports_events()
{
	local mon=$TMPD/monitor.json i

	# ready when it shows a violation of tapb sent for that purpose (lib.sh's
	# monitor_start_ready: a few tries, each costs tapb one event of its budget of 20 a second)
	monitor_start_ready "$HV" "$mon" "$TMPD/monitor.err" -m '"dev":"tapb"' \
		send "$ATT" b0 arp_garp_reply smac $ATT2_MAC sha $VIC_MAC
	check_err $? "the monitor never reported tapb's violation: $(head -c 300 "$mon") $(head -c 300 "$TMPD/monitor.err")"
	PIDS+=("$MONITOR_PID")
	send "$ATT" a0 arp_garp_reply smac $ATT_MAC sha $VIC_MAC count $STORM ||
		check_err 1 "vrsend failed"
	for i in 1 2 3; do
		send "$ATT" b0 arp_garp_reply smac $ATT2_MAC sha $VIC_MAC sip 192.0.2.7$i ||
			check_err 1 "vrsend failed"
	done
	poll sh -c "[ \$(jq -s '[.[] | select(.event == \"violation\" and .dev == \"tapb\" and
		(.ipv4 // [] | index([\"192.0.2.73\"])))] | length' $mon) -ge 1 ]"
	check_err $? "tapb's last violation not reported after tapa's $STORM: $(jq -sc \
		'group_by(.dev) | map({dev: .[0].dev, n: length})' "$mon")"
	log_test "guarded: tapa's $STORM violations do not silence tapb's ($(jq -sc \
		'group_by(.dev) | map({(.[0].dev): length}) | add' "$mon"))"
}

# nothing configured, fdb_create on: the bridge's own MAC, from two ports, stays the host's
own_mac()
{
	local kept0 kept1

	echo 1 >/sys/module/vmroam/parameters/fdb_create
	vr "$HV" -j stats
	kept0=$(jq '.fdb_kept' <<<"$ON_OUT")
	send "$ATT" a0 arp_garp_request smac $BR_MAC sha $BR_MAC sip 192.0.2.77 ||
		check_err 1 "vrsend failed"
	send "$ATT" b0 arp_garp_request smac $BR_MAC sha $BR_MAC sip 192.0.2.77 ||
		check_err 1 "vrsend failed"
	poll sh -c "[ \$(ip netns exec $HV $VMROAM -j stats | jq .fdb_kept) -gt $kept0 ]"
	check_err $? "no FDB request for the bridge's own MAC was refused (fdb_kept $kept0)"
	vr "$HV" -j stats
	kept1=$(jq '.fdb_kept' <<<"$ON_OUT")
	bridge -n "$HV" -j fdb show br br0 | jq -e --arg m $BR_MAC \
		'[.[] | select(.mac == $m)] | length > 0 and all(.state == "permanent" and
		 (.ifname == "br0" or .ifname == null))' >/dev/null
	check_err $? "the bridge's own MAC: $(bridge -n "$HV" fdb show br br0 | grep -i $BR_MAC)"
	echo 0 >/sys/module/vmroam/parameters/fdb_create
	log_test "nothing configured, fdb_create=Y: the bridge's own MAC from two ports stays permanent on br0 (fdb_kept $kept0 -> $kept1)"
}

# nothing configured: a check asked for on a trusted port is refused, saying why
silent_setting()
{
	local err rc

	vr "$HV" port set dev tapv lock on arp-inspect on
	rc=$?
	err=$ON_OUT
	[ $rc = 1 ] && [[ $err == *"trusted"* ]]
	check_err $? "port set lock on on a trusted port: rc $rc, '$err'"
	vr "$HV" -j port show dev tapv
	jq -e '.[0].lock == false and .[0].arp_inspect == false' <<<"$ON_OUT" >/dev/null
	check_err $? "taken all the same: $ON_OUT"
	vr "$HV" port set dev tapv trusted off lock on && vr "$HV" port set dev tapv trusted on lock off
	check_err $? "trusted off with the check in one request was refused"
	vr "$HV" migrate add dev tapv mac 52:54:00:00:00:55 vlan 5
	rc=$?
	[ $rc = 1 ] && [[ $ON_OUT == *"all its frames are in VLAN 0"* ]]
	check_err $? "a sanction in VLAN 5 on a bridge without VLAN filtering: rc $rc, '$ON_OUT'"
	log_test "a check on a trusted port is refused ('${err#*: }'); with trusted off it is taken; a VLAN the bridge never assigns is refused"
}

# guarded: the uplink's carrier flaps: nothing departs, its static entry stays; the victim's own
# port going down departs the victim
carrier_flap()
{
	send "$DHCP" eth0 arp_garp_request smac $DHCP_MAC sha $DHCP_MAC sip $DHCP_IP ||
		check_err 1 "vrsend failed"
	poll sh -c "ip netns exec $HV $VMROAM -j binding show mac $DHCP_MAC | grep -q up0"
	bridge -n "$HV" fdb replace 02:00:00:00:00:99 dev up0 master static
	# the operstate changes in the same linkwatch run, under RTNL, as the notifier vmroam follows
	ip -n "$DHCP" link set eth0 down
	poll sh -c "ip -n $HV -j link show up0 | jq -e '.[0].operstate != \"UP\"' >/dev/null"
	check_err $? "up0 never lost its carrier"
	ip -n "$DHCP" link set eth0 up
	link_wait "$HV" up0
	[ "$(binding_of $DHCP_MAC)" = "up0 arp active" ]
	check_err $? "the uplink's binding after the flap: $(binding_of $DHCP_MAC)"
	[ "$(fdb_port 02:00:00:00:00:99)" = up0 ]
	check_err $? "the uplink's static entry after the flap: $(fdb_port 02:00:00:00:00:99)"
	ip -n "$VIC" link set eth0 down
	poll sh -c "[ \"\$(ip netns exec $HV $VMROAM -j binding show mac $VIC_MAC |
		jq -r '.[0].state')\" = departed ]"
	check_err $? "the victim's port went down, its binding: $(binding_of $VIC_MAC)"
	ip -n "$VIC" link set eth0 up
	link_wait "$HV" tapv
	log_test "guarded: an uplink's carrier flap departs nothing and keeps its static entry; the VM's own port going down departs the VM"
}

# a bridge deleted while a sanction's announcement rounds are queued (the pacer's lifetime)
bridge_gone_rounds()
{
	local i pps

	pps=$(cat /sys/module/vmroam/parameters/announce_pps)
	echo 1 >/sys/module/vmroam/parameters/announce_pps
	for i in $(seq 1 10); do
		if ! { ip -n "$HV" link add br9 type bridge &&
		       ip -n "$HV" link add p9 type veth peer name q9 &&
		       ip -n "$HV" link set p9 master br9 up && ip -n "$HV" link set q9 up &&
		       ip -n "$HV" link set br9 up; }; then
			check_err 1 "bridge br9"
		fi
		vr "$HV" migrate add dev p9 mac 52:54:00:00:09:0$((i % 10)) ip 192.0.2.9$((i % 10)) \
			ip 192.0.2.19$((i % 10)) activate now || check_err 1 "migrate add"
		ip -n "$HV" link del br9
		ip -n "$HV" link del p9 2>/dev/null
	done
	echo "$pps" >/sys/module/vmroam/parameters/announce_pps
	vr "$HV" stats
	check_err $? "the CLI after the bridges went: $ON_OUT"
	log_test "10 bridges deleted while their announcement rounds were queued: no crash (KASAN in check-debug)"
}

# ---- the run ----------------------------------------------------------------------------------

tap_begin
for mode in $MODES; do
	for config in stock none guarded; do
		setup "$mode" "$config"
		check_err $? "setup failed (victim's address '$VIC_IP')"
		log_test "bridge vlan_filtering $mode, $config: the victim $VIC_MAC gets $VIC_IP from dnsmasq$(
			[ "$config" = stock ] || echo ", binding $(binding_of $VIC_MAC)")"
		[ -n "$VIC_IP" ] || continue
		if [ "$config" = guarded ]; then
			[ "$(binding_of $VIC_MAC)" = "tapv dhcp active" ]
			check_err $? "the victim's binding: $(binding_of $VIC_MAC)"
			log_test "bridge vlan_filtering $mode, guarded: the victim is bound by DHCP snooping"
		fi
		for a in "${ATTACKS[@]}"; do
			attack "$mode" "$config" "$a"
		done
		[ "$config" = stock ] && continue
		option_flood "$mode" "$config"
		if [ "$config" = guarded ]; then
			two_ports_events
			carrier_flap
		elif [ "$mode" = "${MODES%% *}" ]; then
			own_mac
			silent_setting
			bridge_gone_rounds
		fi
	done
	table "$mode"
done
cleanup
vmroam_unload
tap_end
