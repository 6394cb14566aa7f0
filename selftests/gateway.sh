#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The problem statement's gateway table, measured. A VM moves from HV1 to HV2 and sends exactly
# one announcement of one of the seven kinds the problem statement lists; does the gateway follow?
# Its ports toward the hypervisors have learning off and the VM's FDB entry is pinned by the
# operator (static), as orchestrated gateways do: stock Linux never follows that, vmroam must.
#
#                          ns gw (the gateway, ip_forward=1)
#   ns remote              +-------------------------------------------------+
#   +-----------+          |  r0 198.51.100.1/24                             |
#   | eth0 -----+----------+-                                                |
#   | .100.2    |          |  br0 192.0.2.1/24 (02:00:00:00:01:01)           |
#   +-----------+          |   itf1 (learning off)  itf2 (learning off)  itf3 |
#                          +----+--------------------+-------------------+----+
#                               |                    |                   |
#                   ns hv1      |         ns hv2     |          ns host2 |
#                   +-----------+-+       +----------+--+       +--------+---+
#                   | hvbr uplink |       | hvbr uplink |       | eth0       |
#                   |      tap1   |       |      tap2   |       | 192.0.2.20 |
#                   +-------+-----+       +-------+-----+       +------------+
#                           |        move         |
#                   ns vm: eth0 52:54:00:12:34:56 192.0.2.10/24, default via 192.0.2.1
#
# Before each case the VM is behind itf1 (static FDB entry on itf1), the gateway's neighbour
# entry of 192.0.2.10 is deleted and the remote pings the VM until it answers, which makes that
# entry afresh and (with vmroam) the binding on itf1. Then the VM's veth pair is replaced by one
# to HV2's tap2 (same MAC and IP; a live-migrated VM keeps its ARP cache, so its entry for the
# gateway is restored and it stays silent unless asked) and it sends one frame, crafted by
# vrsend. Per case: where the gateway's FDB has the VM, its neighbour entry of 192.0.2.10, and
# how many of 100 pings from the remote the VM answers. A variant comes back with a new MAC
# (52:54:00:12:34:57) and sends the same frame: does the neighbour entry take it? (It is sent
# once that entry is older than Linux's locktime, as it would be for a VM that comes back.)
#
# Three configurations, one after the other on the same namespaces: (a) stock Linux, (b) vmroam
# (loaded then) with the default policy, (c) vmroam with a policy on the gateway's br0 only that
# reproduces the problem statement's gateway (Y N N Y N Y N). Each prints its table.
#
#   gateway.sh           TAP, the tables as "# " lines
#   gateway.sh --table   the tables only, plainly (make demo); failed checks on stderr

. "$(dirname "$0")/lib.sh"

TABLE=0
if [ "${1:-}" = --table ]; then
	TABLE=1
elif [ $# -gt 0 ]; then
	echo "usage: $0 [--table]" >&2
	exit 2
fi

# --table: no TAP, a failed check is said on stderr and sets the exit status
if [ $TABLE = 1 ]; then
	tap_begin() { :; }
	tap_ok() { TAP_N=$((TAP_N + 1)); }
	tap_skip() { TAP_N=$((TAP_N + 1)); echo "gateway.sh: skipped: $1${2:+: $2}" >&2; }
	tap_diag() { :; }
	tap_not_ok()
	{
		TAP_N=$((TAP_N + 1))
		TAP_FAILED=$((TAP_FAILED + 1))
		echo "gateway.sh: check failed: $1${2:+: $2}" >&2
	}
	tap_end() { [ "$TAP_FAILED" -eq 0 ]; exit $?; }
fi

# a line of the tables: a TAP diagnostic, or plain with --table
show()
{
	if [ $TABLE = 1 ]; then
		printf '%s\n' "$*"
	else
		printf '# %s\n' "$*"
	fi
}

require_root
load_kernel_modules

VM_MAC=52:54:00:12:34:56
NEW_MAC=52:54:00:12:34:57
VM_IP=192.0.2.10
GW_IP=192.0.2.1
GW_MAC=02:00:00:00:01:01
HOST2_IP=192.0.2.20
HOST2_MAC=02:00:00:00:00:20
REMOTE_IP=198.51.100.2
BCAST=ff:ff:ff:ff:ff:ff
# (c)'s fence: a MAC whose FDB entry vmroam moves after each row's frame (see fdb_fence)
FENCE_MAC=52:54:00:12:34:f0
FENCE_IP=192.0.2.240
PINGS=100
# (b): pings the VM must answer of $PINGS, the first one included
MIN_ANSWERED=90

# the rows to run (all but when debugging)
ROWS=${GATEWAY_ROWS:-"1 2 3 4 5 6 7"}
ROW_NAME=("" "gratuitous ARP request" "broadcast ARP reply (for host2)" "RARP request"
	"ARP request for the gateway" "ARP request for host2" "unicast ARP reply to the gateway"
	"unicast ARP reply to host2")
# the type vmroam's classifier gives each row's frame on the gateway (checked on every case)
ROW_TYPE=("" arp_garp_request arp_reply_broadcast rarp_request arp_request_local
	arp_request_other arp_reply_local arp_reply_other)
# the problem statement's gateway: "Is VM's interface updated to itf2 on GW?"
PS_GATEWAY=(- Y N N Y N Y N)

# row_frame ROW MAC: vrsend's arguments for the row's frame from MAC
row_frame()
{
	local mac=$2

	case $1 in
	1) echo arp_garp_request smac "$mac" sha "$mac" sip $VM_IP tip $VM_IP ;;
	2) echo arp_reply_broadcast smac "$mac" sha "$mac" sip $VM_IP tip $HOST2_IP tha $HOST2_MAC dmac $BCAST ;;
	3) echo rarp_request smac "$mac" sha "$mac" tha "$mac" ;;
	4) echo arp_request_local smac "$mac" sha "$mac" sip $VM_IP tip $GW_IP ;;
	5) echo arp_request_other smac "$mac" sha "$mac" sip $VM_IP tip $HOST2_IP ;;
	6) echo arp_reply_local smac "$mac" sha "$mac" sip $VM_IP tip $GW_IP tha $GW_MAC dmac $GW_MAC ;;
	7) echo arp_reply_other smac "$mac" sha "$mac" sip $VM_IP tip $HOST2_IP tha $HOST2_MAC dmac $HOST2_MAC ;;
	esac
}

# ---- shells inside the namespaces (nsshell.sh: sh_start, on, qpoll, port_ready) -------------

# shellcheck source=nsshell.sh
. "$(dirname "$0")/nsshell.sh"

# ---- topology ---------------------------------------------------------------------------------

setup()
{
	local ns

	ns_create GW && ns_create HV1 && ns_create HV2 && ns_create VMNS && ns_create HOST2 &&
		ns_create REMOTE || return 1
	for ns in "$GW" "$HV1" "$HV2" "$VMNS" "$HOST2" "$REMOTE"; do
		sh_start "$ns" || return 1
	done
	on "$REMOTE" "$(declare -f pings)" || return 1

	ip -n "$GW" -b - <<-EOF || return 1
		link add br0 address $GW_MAC type bridge
		link add itf1 type veth peer name uplink netns $HV1
		link add itf2 type veth peer name uplink netns $HV2
		link add itf3 type veth peer name eth0 address $HOST2_MAC netns $HOST2
		link add r0 type veth peer name eth0 netns $REMOTE
		link set itf1 master br0 up
		link set itf2 master br0 up
		link set itf3 master br0 up
		link set br0 up
		addr add $GW_IP/24 dev br0
		link set r0 up
		addr add 198.51.100.1/24 dev r0
	EOF
	bridge -n "$GW" -b - <<-EOF || return 1
		link set dev itf1 learning off
		link set dev itf2 learning off
	EOF
	on "$GW" "sysctl -qw net.ipv4.ip_forward=1" || return 1
	for ns in "$HV1" "$HV2"; do
		ip -n "$ns" -b - <<-EOF || return 1
			link add hvbr type bridge
			link set uplink master hvbr up
			link set hvbr up
		EOF
	done
	ip -n "$HOST2" -b - <<-EOF || return 1
		link set eth0 up
		addr add $HOST2_IP/24 dev eth0
	EOF
	ip -n "$REMOTE" -b - <<-EOF || return 1
		link set eth0 up
		addr add $REMOTE_IP/24 dev eth0
		route add default via 198.51.100.1
	EOF
	VM_ATTACHED=
	qpoll port_ready "$GW" itf1 && qpoll port_ready "$GW" itf2 && qpoll port_ready "$GW" itf3
}

# host2 talks, so the gateway's bridge knows it is behind itf3 (a unicast to host2 then crosses
# the bridge without reaching the gateway's own stack); done before each configuration, well
# within the ageing time
host2_talks()
{
	qpoll on "$HOST2" "ping -n -c 1 -W 1 $GW_IP >/dev/null" && [ "$(gw_fdb $HOST2_MAC)" = "itf3 dynamic" ]
}

# vm_attach HV TAP MAC: the VM's eth0 (MAC, 192.0.2.10) is replaced by the peer of HV's new port
# TAP. A live-migrated VM still knows the gateway's MAC: its entry is restored (permanent), so it
# sends nothing unless asked.
vm_attach()
{
	local hv=$1 tap=$2 mac=$3

	ip -n "$VMNS" -b - <<-EOF || return 1
		${VM_ATTACHED:+link del eth0}
		link add eth0 address $mac type veth peer name $tap netns $hv
		link set eth0 up
		addr add $VM_IP/24 dev eth0
		route add default via $GW_IP dev eth0 onlink
		neigh replace $GW_IP lladdr $GW_MAC dev eth0 nud permanent
	EOF
	VM_ATTACHED=$hv
	ip -n "$hv" link set "$tap" master hvbr up || return 1
	qpoll port_ready "$hv" "$tap"
}

# ---- reading the gateway ----------------------------------------------------------------------

# gw_fdb MAC: "PORT STATE" of its entry on br0 (STATE static or dynamic), nothing when none
gw_fdb()
{
	local out

	out=$(bridge -n "$GW" fdb get "$1" br br0 2>/dev/null) || return 0
	[[ $out =~ \ dev\ ([^ ]+) ]] || return 0
	if [[ " $out " == *" static "* ]]; then
		echo "${BASH_REMATCH[1]} static"
	else
		echo "${BASH_REMATCH[1]} dynamic"
	fi
}

# fdb_is MAC "PORT STATE"; what it saw stays in FDB_SEEN
fdb_is()
{
	FDB_SEEN=$(gw_fdb "$1")
	[ "$FDB_SEEN" = "$2" ]
}

# gw_neigh: "STATE LLADDR" of the gateway's entry of 192.0.2.10 ("-" without address), or "none"
gw_neigh()
{
	local w

	read -r -a w <<<"$(ip -n "$GW" neigh show "$VM_IP" dev br0)"
	if [ ${#w[@]} -eq 0 ]; then
		echo none
	elif [ "${w[1]}" = lladdr ]; then
		echo "${w[-1]} ${w[2]}"
	else
		echo "${w[-1]} -"
	fi
}

# neigh_is "STATE LLADDR"; neigh_mac_is LLADDR. What they saw stays in NEIGH_SEEN.
neigh_is()
{
	NEIGH_SEEN=$(gw_neigh)
	[ "$NEIGH_SEEN" = "$1" ]
}

neigh_mac_is()
{
	NEIGH_SEEN=$(gw_neigh)
	[ "${NEIGH_SEEN#* }" = "$1" ]
}

# neigh_aged SECS: the gateway's entry of 192.0.2.10 was last updated SECS seconds ago or more
neigh_aged()
{
	local re='used [0-9]+/[0-9]+/([0-9]+)'

	[[ $(ip -s -n "$GW" neigh show "$VM_IP" dev br0) =~ $re ]] && [ "${BASH_REMATCH[1]}" -ge "$1" ]
}

rx_packets()	# of the gateway's itf2
{
	on "$GW" "read -r n </sys/class/net/itf2/statistics/rx_packets && echo \$n"
}

rx_above()
{
	[ "$(rx_packets)" -gt "$1" ]
}

# vmroam's counters on itf2, as its one-line JSON object
gw_stats()
{
	on "$GW" "$VMROAM -j stats dev itf2"
}

# stat_of JSON TYPE: its counter in STAT
stat_of()
{
	STAT=
	[[ $1 =~ \"$2\":([0-9]+) ]] && STAT=${BASH_REMATCH[1]}
}

# counter_above TYPE N: the counter of TYPE on itf2 is above N; the object read stays in STATS_SEEN
counter_above()
{
	STATS_SEEN=$(gw_stats)
	stat_of "$STATS_SEEN" "$1"
	[ "$STAT" -gt "$2" ] 2>/dev/null
}

# stats_delta BEFORE AFTER: "type+N" of every frame counter (lib.sh's FRAME_TYPES) that moved
stats_delta()
{
	local d=() k v

	for k in $FRAME_TYPES; do
		stat_of "$2" "$k"
		v=$STAT
		stat_of "$1" "$k"
		[ "$v" = "$STAT" ] || d+=("$k+$((v - STAT))")
	done
	echo "${d[*]}"
}

vm_answers()
{
	on "$REMOTE" "ping -n -c 1 -W 1 $VM_IP" >/dev/null
}

# ---- (c)'s fence ------------------------------------------------------------------------------

# In (c) the FDB entry of a row whose policy is none must stay where it is; but vmroam moves FDB
# entries in a work item, after the hook: reading the FDB as soon as the frame is counted would
# prove nothing. The fence: FENCE_MAC, bound to one of itf1, itf2 with its static FDB entry there,
# sends a gratuitous ARP (all actions in (c)) into the other one from that hypervisor's uplink;
# its entry moves in the same work item's queue, behind whatever the row's frame queued. Once it
# moved (and fdb_moves counted it), the row's request, if any, was handled.

fence_fdb_is()	# PORT: FENCE_MAC's entry is static on PORT
{
	[ "$(gw_fdb "$FENCE_MAC")" = "$1 static" ]
}

fence_bound_to()	# PORT
{
	[[ $(on "$GW" "$VMROAM -j binding show mac $FENCE_MAC") == *"\"dev\":\"$1\""* ]]
}

# fence_send HV: FENCE_MAC's gratuitous ARP out of HV's uplink, into the gateway
fence_send()
{
	on "$1" "$VRSEND uplink arp_garp_request smac $FENCE_MAC sha $FENCE_MAC sip $FENCE_IP tip $FENCE_IP" >/dev/null
}

# fence_setup: FENCE_MAC bound to itf1 (from its frame there), its static entry on itf1
fence_setup()
{
	bridge -n "$GW" fdb replace $FENCE_MAC dev itf1 master static || return 1
	fence_send "$HV1" && qpoll fence_bound_to itf1 && qpoll fence_fdb_is itf1 || return 1
	FENCE_PORT=itf1
}

# fdb_moves: the gateway's vmroam counter
fdb_moves()
{
	stat_of "$(on "$GW" "$VMROAM -j stats")" fdb_moves
	echo "$STAT"
}

# fdb_fence: FENCE_MAC moves to the other port; once its entry is there, every FDB request queued
# before is done
fdb_fence()
{
	local to=itf2 hv=$HV2

	[ "$FENCE_PORT" = itf2 ] && to=itf1 hv=$HV1
	fence_send "$hv" || return 1
	qpoll fence_fdb_is $to || return 1
	FENCE_PORT=$to
}

# ---- one case ---------------------------------------------------------------------------------

# reset: the VM behind itf1 with its own MAC, pinned there by the operator, and the gateway's
# neighbour entry made afresh by the remote's pings. vmroam's binding follows the VM back to itf1
# from its ARP reply to the gateway (a case that needs it to have done so shows it when it fails:
# the frame would not show a move).
reset()
{
	vm_attach "$HV1" tap1 $VM_MAC || check_err 1 "could not attach the VM to HV1"
	bridge -n "$GW" fdb replace $VM_MAC dev itf1 master static || check_err 1 "bridge fdb replace failed"
	ip -n "$GW" neigh del $VM_IP dev br0 2>/dev/null
	qpoll vm_answers || check_err 1 "the remote does not reach the VM behind itf1"
	[ "$RET" -eq 0 ]
}

# run_case CONF ROW MAC: reset, move the VM behind HV2 with MAC, send the row's frame once, wait
# for the gateway to react, read FDB and neighbour; with the VM's own MAC, ping. Sets C_FDB (the
# port of MAC's FDB entry, and its state), C_NEIGH, C_TYPE (what vmroam counted, "-" when not
# loaded), C_ANSWERED, C_FIRST.
run_case()
{
	local conf=$1 row=$2 mac=$3 rx0 st0 diff t=${ROW_TYPE[$2]} moves0 moves

	C_FDB=- C_NEIGH=- C_TYPE=- C_ANSWERED=- C_FIRST=-
	reset || return 1
	vm_attach "$HV2" tap2 "$mac" || { check_err 1 "could not attach the VM to HV2"; return 1; }
	if [ "$mac" = $NEW_MAC ]; then
		# A VM comes back long after the gateway last heard of it: Linux lets a neighbour
		# entry change its MAC only once it is older than locktime (1 s), except for a
		# gratuitous ARP or a request to itself. Without this, what stock Linux does with
		# the new MAC would depend on how fast this machine is. (An age of 1 s, as ip shows
		# it, is at least 1 s; the frame comes later than the one jiffy more it needs.)
		QPOLL_PAUSE=0.2 qpoll neigh_aged 1 || check_err 1 "the neighbour entry never aged: '$(gw_neigh)'"
	fi
	if [ "$LOADED" = 1 ]; then
		st0=$(gw_stats)
		moves0=$(fdb_moves)
	else
		rx0=$(rx_packets)
	fi

	on "$VMNS" "$VRSEND eth0 $(row_frame "$row" "$mac")" >/dev/null || check_err 1 "vrsend failed"

	FDB_SEEN='' NEIGH_SEEN=''
	if [ "$LOADED" = 1 ]; then
		# the hook counted it, as the row's type, and nothing else
		STATS_SEEN=$st0
		stat_of "$st0" "$t"
		qpoll counter_above "$t" "$STAT"
		diff=$(stats_delta "$st0" "$STATS_SEEN")
		C_TYPE=${diff%+1}
		C_TYPE=${C_TYPE:-?}
		[ "$diff" = "$t+1" ] || check_err 1 "vmroam counted '$diff' on itf2, expected '$t+1'"
		# what the policy lets it do: wait for it, bounded (a failure shows in the table)
		if policy_allows "$conf" "$t"; then
			if [ "$mac" = $VM_MAC ]; then
				qpoll fdb_is $VM_MAC "itf2 static"
				qpoll neigh_is "REACHABLE $VM_MAC"
			elif [ "$t" != rarp_request ]; then
				qpoll neigh_mac_is "$mac"
			fi
		fi
		# (c): the FDB is read once the work item handled what the frame queued, if anything
		if [ "$conf" = c ] && [ "$mac" = $VM_MAC ]; then
			fdb_fence || check_err 1 "the fence: $FENCE_MAC's entry '$(gw_fdb "$FENCE_MAC")', not moved from $FENCE_PORT"
			FDB_SEEN=$(gw_fdb "$mac")
			moves=$(($(fdb_moves) - moves0))
			if policy_allows c "$t"; then
				[ $moves = 2 ] || check_err 1 "fdb_moves +$moves, expected 2: the VM's and the fence's"
			else
				[ $moves = 1 ] || check_err 1 "fdb_moves +$moves, expected 1: the fence's only"
			fi
		fi
	else
		# the frame entered the gateway: its bridge and stack handle it in that softirq
		qpoll rx_above "$rx0" || check_err 1 "the frame never entered itf2"
	fi

	C_FDB=${FDB_SEEN:-$(gw_fdb "$mac")}
	C_NEIGH=${NEIGH_SEEN:-$(gw_neigh)}
	[ "$mac" = $VM_MAC ] || return 0

	# the remote's 100 pings, right away
	read -r C_ANSWERED C_FIRST <<<"$(on "$REMOTE" "pings $PINGS $VM_IP")"
	return 0
}

# pings N IP, in the remote's shell: N pings 10 ms apart; prints how many were answered and the
# lowest icmp_seq answered ("-" for none)
pings()
{
	local out n=0 first=- re

	out=$(ping -n -c "$1" -i 0.01 -W 1 "$2" 2>&1)
	re=' ([0-9]+) received'
	[[ $out =~ $re ]] && n=${BASH_REMATCH[1]}
	re='icmp_seq=([0-9]+)(.*)'
	while [[ $out =~ $re ]]; do
		if [ "$first" = - ] || [ "${BASH_REMATCH[1]}" -lt "$first" ]; then
			first=${BASH_REMATCH[1]}
		fi
		out=${BASH_REMATCH[2]}
	done
	echo "$n $first"
}

# policy_allows CONF TYPE: may a frame of TYPE move the FDB in this configuration
policy_allows()
{
	case $1 in
	a) return 1 ;;
	b) return 0 ;;
	c) case $2 in arp_garp_request | arp_request_local | arp_reply_local) return 0 ;; esac
	   return 1 ;;
	esac
}

# ---- one configuration ------------------------------------------------------------------------

conf_title()
{
	case $1 in
	a) echo "(a) stock Linux: vmroam not loaded" ;;
	b) echo "(b) vmroam, default policy" ;;
	c) echo "(c) vmroam, policy on the gateway's br0 only: all for arp_garp_request, arp_request_local, arp_reply_local; none for the other four" ;;
	esac
}

# results of the configuration, by row
R_FDB=() R_NEIGH=() R_NEWNEIGH=() R_TYPE=() R_ANSWERED=() R_FIRST=() R_FDBCOL=""

# the policy of (c), on the gateway's br0 only; shown as set there, the global defaults untouched
set_c_policy()
{
	local t a cmd="" shown ok=1

	for t in arp_garp_request arp_reply_broadcast rarp_request arp_request_local \
		 arp_request_other arp_reply_local arp_reply_other; do
		a=none
		policy_allows c $t && a=all
		cmd="$cmd${cmd:+ && }$VMROAM policy set dev br0 $t $a"
	done
	on "$GW" "$cmd" || return 1
	shown=$(on "$GW" "$VMROAM -j policy show dev br0")
	for t in arp_garp_request arp_request_local arp_reply_local; do
		[[ $shown == *"\"$t\":[\"fdb\",\"neigh\",\"learn\"]"* ]] || ok=0
	done
	for t in arp_reply_broadcast rarp_request arp_request_other arp_reply_other; do
		[[ $shown == *"\"$t\":[]"* ]] || ok=0
	done
	shown=$(on "$GW" "$VMROAM -j policy show")
	for t in arp_reply_broadcast rarp_request arp_request_other arp_reply_other; do
		[[ $shown == *"\"$t\":[\"fdb\",\"neigh\",\"learn\"]"* ]] || ok=0
	done
	[ $ok = 1 ]
}

run_conf()
{
	local conf=$1 row t t0 secs yes newyes newmsg expect

	t0=${EPOCHREALTIME/./}
	R_FDB=() R_NEIGH=() R_NEWNEIGH=() R_TYPE=() R_ANSWERED=() R_FIRST=() R_FDBCOL=""
	case $conf in
	a)
		LOADED=0
		;;
	b)
		vmroam_load || check_err 1 "insmod vmroam.ko failed"
		LOADED=1
		;;
	c)
		set_c_policy ||
			check_err 1 "policy of br0: $(on "$GW" "$VMROAM -j policy show dev br0")"
		log_test "c: policy set on the gateway's br0 only: 3 types all, 4 none; the global defaults unchanged"
		fence_setup || check_err 1 "the fence MAC: binding $(on "$GW" "$VMROAM -j binding show mac $FENCE_MAC"), FDB '$(gw_fdb "$FENCE_MAC")'"
		log_test "c: the fence MAC is bound to itf1, its static FDB entry there"
		;;
	esac
	host2_talks || check_err 1 "host2 is not known behind itf3: '$(gw_fdb $HOST2_MAC)'"
	if [ "$RET" -ne 0 ]; then
		log_test "$conf: $(conf_title "$conf"): set up"
		return
	fi

	for row in $ROWS; do
		t=${ROW_TYPE[$row]}
		# the VM's own MAC: FDB, neighbour, pings
		run_case "$conf" "$row" $VM_MAC
		yes=N
		[ "${C_FDB%% *}" = itf2 ] && yes=Y
		R_FDB[row]=$yes R_NEIGH[row]=$C_NEIGH R_TYPE[row]=$C_TYPE
		R_ANSWERED[row]=$C_ANSWERED R_FIRST[row]=$C_FIRST
		R_FDBCOL="$R_FDBCOL${R_FDBCOL:+ }$yes"
		case $conf in
		b)
			[ "$C_FDB" = "itf2 static" ] ||
				check_err 1 "FDB entry of $VM_MAC is '$C_FDB', expected on itf2 and still static; bindings: $(on "$GW" "$VMROAM -j binding show")"
			[ "$C_NEIGH" = "REACHABLE $VM_MAC" ] ||
				check_err 1 "neighbour 192.0.2.10 is '$C_NEIGH', expected REACHABLE $VM_MAC"
			[ "$C_FIRST" = 1 ] && [ "$C_ANSWERED" -ge $MIN_ANSWERED ] ||
				check_err 1 "$C_ANSWERED/$PINGS pings answered, the first with icmp_seq $C_FIRST"
			;;
		c)
			[ $yes = "${PS_GATEWAY[row]}" ] ||
				check_err 1 "FDB->itf2 is $yes (entry '$C_FDB'), the problem statement's gateway says ${PS_GATEWAY[row]}; bindings: $(on "$GW" "$VMROAM -j binding show")"
			;;
		esac

		# a new MAC, same frame: only the neighbour entry is the question
		run_case "$conf" "$row" $NEW_MAC
		newyes=N
		[ "${C_NEIGH#* }" = $NEW_MAC ] && newyes=Y
		R_NEWNEIGH[row]=$newyes
		if [ "$conf" = b ]; then
			if [ "$t" = rarp_request ]; then
				# RARP carries no IP address and the new MAC has no binding: nothing
				# ties it to 192.0.2.10, the entry must keep the old MAC
				[ "${C_NEIGH#* }" = $VM_MAC ] ||
					check_err 1 "after a RARP from a new MAC, neighbour 192.0.2.10 is '$C_NEIGH'"
			else
				[ $newyes = Y ] ||
					check_err 1 "from a new MAC, neighbour 192.0.2.10 is '$C_NEIGH', expected $NEW_MAC"
			fi
		fi

		case $conf in
		a) log_test "a: stock, row $row ($t): the VM reachable behind itf1 before the move, the frame reached the gateway" ;;
		b)
			if [ "$t" = rarp_request ]; then
				newmsg="a new MAC's RARP (no address) leaves the neighbour alone"
			else
				newmsg="a new MAC is taken by the neighbour"
			fi
			log_test "b: vmroam default, row $row ($t): counted as $t, FDB static on itf2, neighbour REACHABLE, pings answered from icmp_seq 1 (>= $MIN_ANSWERED/$PINGS); $newmsg"
			;;
		c) log_test "c: vmroam policy on br0, row $row ($t): counted as $t, FDB->itf2 ${PS_GATEWAY[row]} as the problem statement's gateway" ;;
		esac
	done
	secs=$(((${EPOCHREALTIME/./} - t0 + 500000) / 1000000))
	expect=
	for row in $ROWS; do
		expect="$expect${expect:+ }${PS_GATEWAY[row]}"
	done

	print_table "$conf" "$secs"
	case $conf in
	a)
		[ "$R_FDBCOL" != "Y Y Y Y Y Y Y" ] ||
			check_err 1 "stock Linux followed every move: FDB column $R_FDBCOL"
		log_test "a: stock Linux does not follow every move (FDB->itf2 column: $R_FDBCOL)"
		;;
	c)
		[ "$R_FDBCOL" = "$expect" ] || check_err 1 "FDB->itf2 column is '$R_FDBCOL'"
		log_test "c: FDB->itf2 column is the problem statement's gateway: $expect"
		;;
	esac
}

print_table()
{
	local conf=$1 secs=$2 row fmt='%-2s %-34s %-20s %-5s %-28s %-8s %-9s %s'

	show ""
	show "$(conf_title "$conf")   [${secs} s]"
	# shellcheck disable=SC2059
	show "$(printf "$fmt" "#" "frame sent once after the move" "vmroam counted" "FDB" \
		"gateway neigh 192.0.2.10" "new MAC" "answered" "1st reply")"
	# shellcheck disable=SC2059
	show "$(printf "$fmt" "" "" "" "itf2" "state, MAC" "-> neigh" "of $PINGS" "icmp_seq")"
	for row in $ROWS; do
		# shellcheck disable=SC2059
		show "$(printf "$fmt" "$row" "${ROW_NAME[row]}" "${R_TYPE[row]}" "${R_FDB[row]}" \
			"${R_NEIGH[row]}" "${R_NEWNEIGH[row]}" "${R_ANSWERED[row]}" "${R_FIRST[row]}")"
	done
	show "FDB->itf2 column: $R_FDBCOL   (the problem statement's gateway: ${PS_GATEWAY[*]:1})"
	if [ "$conf" = c ]; then
		show "(new MAC -> neigh Y where the policy says none: Linux's own ARP handling, not vmroam)"
	fi
}

tap_begin
show "The problem statement's gateway table. The VM (52:54:00:12:34:56, 192.0.2.10) moves from"
show "behind the gateway's itf1 (its FDB entry static there, learning off) to behind itf2 and sends"
show "one frame. FDB itf2: that entry is on itf2 afterwards. gateway neigh: the gateway's entry of"
show "192.0.2.10 afterwards. new MAC -> neigh: the VM came back as 52:54:00:12:34:57 instead, sent"
show "the same frame, and that entry took the new MAC. answered, 1st reply: of 100 pings from the"
show "remote (198.51.100.2, routed by the gateway), 10 ms apart, started right after."
t_all=${EPOCHREALTIME/./}
# (a) first: the topology is built without the module, which (b) then loads into it
vmroam_unload || { tap_not_ok "rmmod vmroam"; tap_end; }
setup || { tap_not_ok "topology"; tap_end; }
for conf in a b c; do
	run_conf $conf
done
show ""
show "total: $(((${EPOCHREALTIME/./} - t_all + 500000) / 1000000)) s"
tap_end
