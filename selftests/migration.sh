#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Live migration, measured: how many pings from a routed host does a VM lose when it moves from
# one hypervisor to another, and how long until the first reply? The VM resumes behind HV2 and
# sends exactly one announcement of one type (or nothing: "none"); a stock ToR and a stock Linux
# gateway must learn where it went from that alone, unless vmroam on HV2 announces for it.
#
#   ns remote              ns gw (stock Linux gateway, ip_forward=1)
#   +-------------+        +-----------------------------------------+
#   | eth0 -------+--------+- r0 198.51.100.1/24                     |
#   | 198.51.100.2|        |  br0 192.0.2.1/24 (02:00:00:00:01:01)   |
#   +-------------+        +---------------- tor --------------------+
#                                             |
#                          ns tor             gw
#                          +------------ torbr (learning bridge) ----+
#                          +------- hv1 ----------------- hv2 -------+
#                                    |                     |
#        ns hv1                   uplink     ns hv2      uplink
#        +------------------------ hvbr -+   +----------- hvbr --------------+
#        |  tap1                  h1     |   |  tap2                  h2     |
#        +---+---------------------+-----+   +---+---------------------+-----+
#            |                     |             |                     |
#   ns vm    |           ns host1  |             |  vm2: DOWN in    ns host2
#   eth0 ----+           eth0 192.0.2.21         |  ns spare, then  eth0 192.0.2.22
#   52:54:00:12:34:56                            |  in ns vm
#   192.0.2.10/24, default via 192.0.2.1         |
#   (2001:db8::10 in ND frames only)   the move: eth0 is cut from tap1; 100 ms later vm2
#                                      becomes the VM's eth0 behind tap2
#
# One case = one migration. The VM is behind HV1's tap1 and answers; the remote pings it every
# 10 ms (vrping) from before the cut until 2 s after the attach. tap2 already is a port of HV2's
# hvbr; its peer vm2 waits DOWN in ns spare and moves into ns vm, still DOWN (tap2 stays without
# carrier: nothing on the wire), while the remote starts pinging. The cut deletes the VM's veth
# (tap1 goes away); 100 ms later (in (3): 100 ms after the hypervisors were told) one "ip -b"
# batch in the VM's shell renames vm2 eth0, sets it up, gives it a permanent neighbour entry for
# the gateway (a migrated VM keeps its ARP cache), its address and default route. The attach time
# T is $EPOCHREALTIME read in that shell right after the batch. Then the VM sends the case's one
# frame with vrsend ("none": nothing). Lost after the attach: requests sent at or after T without
# a reply; first reply: the first reply received after T, minus T.
#
# Three configurations on the same namespaces: (1) no module; (2) vmroam loaded, no sanction;
# (3) vmroam with a sanctioned migration: at the cut, "migrate out" on HV1 and "migrate add dev
# tap2 ... activate now" on HV2 (before the 100 ms away), with the gateway 192.0.2.1 configured
# on HV2's hvbr. With the module loaded, the gateway's br0 and the ToR's torbr have the policy
# "none" for every type: only the hypervisors act. Between cases the VM goes back behind HV1 and
# the remote pings it until it answers, which points the ToR's and the gateway's FDB at HV1 again;
# the gateway's neighbour entry of the VM is made afresh by that.
#
# Checked: (3) loses at most 1 ping after the attach in every case, "none" included; (1) loses
# more than 1 in "none" (the topology reproduces the problem). Everything else is reported, also
# a "migrate out" HV1 refuses (it would have no binding of the VM at all).
#
#   migration.sh           TAP, the table as "# " lines
#   migration.sh --table   the table only, plainly (make demo); failed checks on stderr
#
# MIGRATION_CASES and MIGRATION_CONFS (e.g. "1 2") select cases and configurations (debugging).

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
	tap_skip() { TAP_N=$((TAP_N + 1)); echo "migration.sh: skipped: $1${2:+: $2}" >&2; }
	tap_diag() { :; }
	tap_not_ok()
	{
		TAP_N=$((TAP_N + 1))
		TAP_FAILED=$((TAP_FAILED + 1))
		echo "migration.sh: check failed: $1${2:+: $2}" >&2
	}
	tap_end() { [ "$TAP_FAILED" -eq 0 ]; exit $?; }
fi

# a line of the table (trailing blanks cut): a TAP diagnostic, or plain with --table
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

VRPING=${VRPING:-$VMROAM_TOP/selftests/tools/vrping}
if [ ! -x "$VRPING" ] || [ ! -x "$VRSEND" ] || [ ! -x "$VMROAM" ]; then
	tap_begin
	tap_skip "$(basename "$0")" "build vrping, vrsend (make -C selftests/tools) and the CLI first"
	tap_end
fi

# shellcheck source=nsshell.sh
. "$(dirname "$0")/nsshell.sh"

VM_MAC=52:54:00:12:34:56
VM_IP=192.0.2.10
VM_IP6=2001:db8::10
GW_IP=192.0.2.1
GW_IP6=2001:db8::1
GW_MAC=02:00:00:00:01:01
HOST1_IP=192.0.2.21
HOST1_MAC=02:00:00:00:00:21
HOST2_IP=192.0.2.22
HOST2_MAC=02:00:00:00:00:22
REMOTE_IP=198.51.100.2
BCAST=ff:ff:ff:ff:ff:ff

PING_MS=10		# the remote's ping interval
AWAY_MS=100		# the VM away: from the cut (in (3): the sanction) to the attach
AFTER_MS=2000		# pinging after the attach
MAX_LOST=1		# (3): at most this many lost after the attach

CASES=${MIGRATION_CASES:-"arp_garp_request arp_garp_reply arp_probe arp_request_local
arp_request_other arp_reply_local arp_reply_other arp_reply_broadcast rarp_request rarp_reply
nd_ns nd_ns_dad nd_na_solicited nd_na_unsolicited dhcp_client dhcp_server none"}
CONFS=${MIGRATION_CONFS:-"1 2 3"}

# case_frame TYPE: vrsend's arguments for the case's frame, from the VM behind HV2. "local"
# frames are aimed at the gateway; unicast "other" frames at host2, which is behind HV2 too, so
# such a frame never leaves HV2.
case_frame()
{
	local m="smac $VM_MAC sha $VM_MAC"

	case $1 in
	arp_garp_request | arp_garp_reply) echo "$1 $m sip $VM_IP tip $VM_IP" ;;
	arp_probe) echo "$1 $m tip $VM_IP" ;;
	arp_request_local) echo "$1 $m sip $VM_IP tip $GW_IP" ;;
	arp_request_other) echo "$1 $m sip $VM_IP tip $HOST2_IP" ;;
	arp_reply_local) echo "$1 $m sip $VM_IP tip $GW_IP tha $GW_MAC dmac $GW_MAC" ;;
	arp_reply_other) echo "$1 $m sip $VM_IP tip $HOST2_IP tha $HOST2_MAC dmac $HOST2_MAC" ;;
	arp_reply_broadcast) echo "$1 $m sip $VM_IP tip $HOST2_IP tha $HOST2_MAC dmac $BCAST" ;;
	rarp_request) echo "$1 $m tha $VM_MAC" ;;
	# the VM answering a RARP request of host2's, to everyone
	rarp_reply) echo "$1 $m sip $VM_IP tha $HOST2_MAC tip $HOST2_IP dmac $BCAST" ;;
	nd_ns) echo "$1 $m sip6 $VM_IP6 tip6 $GW_IP6" ;;
	nd_ns_dad) echo "$1 $m tip6 $VM_IP6" ;;
	# the answer to the gateway's solicitation
	nd_na_solicited) echo "$1 $m sip6 $VM_IP6 tip6 $VM_IP6 dip6 $GW_IP6 dmac $GW_MAC" ;;
	nd_na_unsolicited) echo "$1 $m sip6 $VM_IP6 tip6 $VM_IP6" ;;
	dhcp_client) echo "$1 $m" ;;
	# a DHCP server in the VM offering host2 an address, to everyone
	dhcp_server) echo "$1 smac $VM_MAC sha $HOST2_MAC ipsrc $VM_IP tip $HOST2_IP" ;;
	esac
}

# the table's column heads
CONF_HEAD1=("" "(1) no module" "(2) vmroam," "(3) vmroam,")
CONF_HEAD2=("" "" "no sanction" "sanctioned")

conf_title()
{
	case $1 in
	1) echo "(1) no module" ;;
	2) echo "(2) vmroam, no sanction" ;;
	3) echo "(3) vmroam, sanctioned migration" ;;
	esac
}

# ---- topology ---------------------------------------------------------------------------------

setup()
{
	local ns

	ns_create REMOTE && ns_create GW && ns_create TOR && ns_create HV1 && ns_create HV2 &&
		ns_create HOST1 && ns_create HOST2 && ns_create VMNS && ns_create SPARE || return 1
	for ns in "$REMOTE" "$GW" "$TOR" "$HV1" "$HV2" "$HOST1" "$HOST2" "$VMNS" "$SPARE"; do
		sh_start "$ns" || return 1
	done

	ip -n "$GW" -b - <<-EOF || return 1
		link add br0 address $GW_MAC type bridge
		link add tor type veth peer name gw netns $TOR
		link add r0 type veth peer name eth0 netns $REMOTE
		link set tor master br0 up
		link set br0 up
		addr add $GW_IP/24 dev br0
		link set r0 up
		addr add 198.51.100.1/24 dev r0
	EOF
	on "$GW" "sysctl -qw net.ipv4.ip_forward=1" || return 1
	ip -n "$TOR" -b - <<-EOF || return 1
		link add torbr type bridge
		link add hv1 type veth peer name uplink netns $HV1
		link add hv2 type veth peer name uplink netns $HV2
		link set gw master torbr up
		link set hv1 master torbr up
		link set hv2 master torbr up
		link set torbr up
	EOF
	ip -n "$HV1" -b - <<-EOF || return 1
		link add hvbr type bridge
		link set uplink master hvbr up
		link add h1 type veth peer name eth0 address $HOST1_MAC netns $HOST1
		link set h1 master hvbr up
		link set hvbr up
	EOF
	ip -n "$HV2" -b - <<-EOF || return 1
		link add hvbr type bridge
		link set uplink master hvbr up
		link add h2 type veth peer name eth0 address $HOST2_MAC netns $HOST2
		link set h2 master hvbr up
		link set hvbr up
	EOF
	ip -n "$HOST1" -b - <<-EOF || return 1
		link set eth0 up
		addr add $HOST1_IP/24 dev eth0
	EOF
	ip -n "$HOST2" -b - <<-EOF || return 1
		link set eth0 up
		addr add $HOST2_IP/24 dev eth0
	EOF
	ip -n "$REMOTE" -b - <<-EOF || return 1
		link set eth0 up
		addr add $REMOTE_IP/24 dev eth0
		route add default via 198.51.100.1
	EOF

	# the batches of every case, run by the namespaces' shells
	# HV2: a fresh tap2 (deleting the one before deletes the VM's eth0 if it is its peer), its
	# peer waiting DOWN in ns spare
	cat >"$SHDIR/hv2.batch" <<-EOF
		link del tap2
		link add tap2 master hvbr up type veth peer name vm2 address $VM_MAC netns $SPARE
	EOF
	# HV1: the VM back on a fresh tap1
	cat >"$SHDIR/hv1.batch" <<-EOF
		link del tap1
		link add tap1 master hvbr up type veth peer name eth0 address $VM_MAC netns $VMNS
	EOF
	# VM: the attach, and the same without the rename for the way back home
	cat >"$SHDIR/attach.batch" <<-EOF
		link set vm2 name eth0
		link set eth0 up
		neigh replace $GW_IP lladdr $GW_MAC dev eth0 nud permanent
		addr add $VM_IP/24 dev eth0
		route add default via $GW_IP
	EOF
	cat >"$SHDIR/home.batch" <<-EOF
		link set eth0 up
		neigh replace $GW_IP lladdr $GW_MAC dev eth0 nud permanent
		addr add $VM_IP/24 dev eth0
		route add default via $GW_IP
	EOF

	qpoll port_ready "$TOR" gw && qpoll port_ready "$TOR" hv1 && qpoll port_ready "$TOR" hv2 &&
		qpoll port_ready "$HV1" h1 && qpoll port_ready "$HV2" h2
}

# the hosts talk, so the hypervisors know them behind h1 and h2 (a unicast to host2 then stays
# in HV2); done before each configuration, well within the ageing time
hosts_talk()
{
	on_send "$HOST1" "ping -n -c 1 -W 1 $GW_IP"
	on_send "$HOST2" "ping -n -c 1 -W 1 $GW_IP"
	on_recv "$HOST1" >/dev/null && on_recv "$HOST2" >/dev/null
}

vm_answers()
{
	on "$REMOTE" "ping -n -c 1 -W 1 $VM_IP" >/dev/null
}

# vm_home: the VM behind HV1's tap1 again and answering the remote, which (after the gateway
# forgot it) points the gateway's neighbour entry and the ToR's and gateway's FDB at HV1; tap2 a
# fresh port of HV2 with its peer waiting in ns spare. Works from any state a case left. What
# went wrong is in HOME_ERR.
vm_home()
{
	HOME_ERR=
	on_send "$GW" "ip neigh del $VM_IP dev br0 2>/dev/null; true"
	onv "$HV2" "ip -force -b $SHDIR/hv2.batch >/dev/null 2>&1; [ -e /sys/class/net/tap2/brport ]" ||
		HOME_ERR="could not make tap2 on HV2"
	[ -n "$HOME_ERR" ] ||
		onv "$HV1" "ip -force -b $SHDIR/hv1.batch >/dev/null 2>&1; [ -e /sys/class/net/tap1/brport ]" ||
		HOME_ERR="could not make tap1 on HV1"
	on_collect "$GW"
	[ -n "$HOME_ERR" ] || onv "$VMNS" "ip -b $SHDIR/home.batch" ||
		HOME_ERR="could not set up the VM's eth0: $ON_OUT"
	[ -n "$HOME_ERR" ] || qpoll vm_answers || HOME_ERR="the remote does not reach the VM behind HV1"
	[ -z "$HOME_ERR" ]
}

# ---- one migration ----------------------------------------------------------------------------

vrping_started()
{
	[ -s "$SHDIR/ping.err" ]
}

# us VAR EPOCHREALTIME: that time in microseconds, in VAR
us()
{
	local v=${2/./}

	printf -v "$1" '%d' $((10#${v:-0}))
}

# err MSG: one more thing that went wrong in this case
err()
{
	C_ERR="${C_ERR:+$C_ERR; }$1"
}

# migrate CONF TYPE: one case. Sets C_LOST, C_FIRST (ms, "-" for none), C_SENT (requests sent at
# or after T), C_PRE ("answered/sent" before the cut), C_AWAY (ms from the cut to T), C_FRAME (ms
# after T the frame was out), C_ERR (what went wrong, empty when the measurement is good), in (3)
# C_CLI (what the CLI said when "migrate add" failed) and C_OUT (when "migrate out" failed).
migrate()
{
	local conf=$1 type=$2 t_cut t_away t_att t_frame t_now seq s r rc first=0 ns_t ns_cut
	local pre_sent=0 pre_ok=0 frame

	C_LOST=- C_FIRST=- C_SENT=0 C_PRE=- C_AWAY=- C_FRAME=- C_ERR='' C_CLI='' C_OUT=''
	[ "$type" = none ] || frame=$(case_frame "$type")
	vm_home || { err "reset: $HOME_ERR"; return 1; }

	# pinging from before the cut: vrping says on stderr when its first request is out.
	# Meanwhile tap2's peer moves from ns spare into ns vm, DOWN (tap2 stays without carrier:
	# nothing on the wire), so that the attach is one batch there.
	on_send "$SPARE" "ip link set vm2 netns $VMNS"
	onv "$REMOTE" "rm -f $SHDIR/ping.out $SHDIR/ping.err
		$VRPING -i $PING_MS -w 60 $VM_IP >$SHDIR/ping.out 2>$SHDIR/ping.err & VRPID=\$!"
	on_collect "$SPARE" || { err "moving vm2 into the VM's namespace: $ON_OUT"; return 1; }
	qpoll vrping_started || { err "vrping did not start: $(<"$SHDIR/ping.err")"; return 1; }
	pause_us $((PING_MS * 10 * 1000))

	# the cut: the VM's veth goes, and tap1 with it
	onv "$VMNS" "ip link del eth0; echo \$EPOCHREALTIME \$?"
	read -r t_cut rc <<<"${ON_OUT##*$'\n'}"
	[ "$rc" = 0 ] || err "the cut failed: $ON_OUT"
	us t_cut "$t_cut"
	t_away=$t_cut
	if [ "$conf" = 3 ]; then
		# the orchestrator tells both hypervisors, then the VM stays away 100 ms
		on_send "$HV1" "$VMROAM migrate out mac $VM_MAC"
		on_send "$HV2" "$VMROAM migrate add dev tap2 mac $VM_MAC ip $VM_IP activate now"
		on_collect "$HV1" || C_OUT="HV1: $ON_OUT"
		on_collect "$HV2" || C_CLI="HV2: $ON_OUT"
		us t_away "$EPOCHREALTIME"
	fi
	us t_now "$EPOCHREALTIME"
	pause_us $((t_away + AWAY_MS * 1000 - t_now))

	# the attach, and T right after it in the same shell
	onv "$VMNS" "ip -b $SHDIR/attach.batch; echo \$EPOCHREALTIME \$?"
	read -r t_att rc <<<"${ON_OUT##*$'\n'}"
	[ "$rc" = 0 ] || err "the attach failed: $ON_OUT"
	us t_att "$t_att"
	C_AWAY=$(((t_att - t_cut) / 1000))
	if [ "$type" != none ]; then
		onv "$VMNS" "$VRSEND eth0 $frame; echo \$EPOCHREALTIME \$?"
		read -r t_frame rc <<<"${ON_OUT##*$'\n'}"
		[ "$rc" = 0 ] || err "vrsend failed: $ON_OUT"
		us t_frame "$t_frame"
		C_FRAME=$(((t_frame - t_att) / 1000))
	fi

	# 2 s after the attach: stop pinging; vrping then waits for the replies on their way
	us t_now "$EPOCHREALTIME"
	pause_us $((t_att + AFTER_MS * 1000 - t_now))
	onv "$REMOTE" "kill \$VRPID && wait \$VRPID" || err "vrping: $(<"$SHDIR/ping.err")"

	# requests at or after T without a reply; the first reply after T
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
		first=$(((first - ns_t) / 100000))
		C_FIRST=$((first / 10)).$((first % 10))
	fi
	[ $pre_ok -gt 0 ] || err "no reply before the cut ($C_PRE)"
	[ $C_SENT -gt 0 ] || err "no request sent after the attach"
	[ -z "$C_ERR" ]
}

# ---- one configuration ------------------------------------------------------------------------

# results, by configuration and case; "migrate out" refusals in (3)
declare -A R_LOST R_FIRST R_AWAY
OUT_REFUSED=0 OUT_MSG=''

CONF_SECS=()

# policy_none NS BRIDGE: the bridge of a stock box: no action for any type
policy_none()
{
	onv "$1" "$VMROAM policy set dev $2 all none && $VMROAM policy set dev $2 malformed none &&
		$VMROAM -j policy show dev $2" || return 1
	# every type's action list is empty
	[[ $ON_OUT != *'":["'* ]] && [[ $ON_OUT == *'"malformed":[]'* ]]
}

# what the sanctioning hypervisor says after a case of (3) that lost too much
hv2_state()
{
	onv "$HV2" "$VMROAM -j migrate show; $VMROAM -j stats; bridge fdb show br hvbr | grep -i $VM_MAC"
	printf 'HV2: %s' "${ON_OUT//$'\n'/ | }"
	onv "$TOR" "bridge fdb show br torbr | grep -i $VM_MAC"
	printf '; ToR: %s' "${ON_OUT//$'\n'/ | }"
}

run_conf()
{
	local conf=$1 type t0 bad=0 n=0 msg

	t0=${EPOCHREALTIME/./}
	case $conf in
	1)
		vmroam_unload || check_err 1 "rmmod vmroam failed"
		log_test "1: $(conf_title 1): vmroam not loaded"
		;;
	2)
		vmroam_load || check_err 1 "insmod vmroam.ko failed"
		policy_none "$GW" br0 || check_err 1 "gateway's br0: $ON_OUT"
		policy_none "$TOR" torbr || check_err 1 "ToR's torbr: $ON_OUT"
		log_test "2: $(conf_title 2): loaded; policy none for every type on the gateway's br0 and the ToR's torbr"
		;;
	3)
		vmroam_load || check_err 1 "insmod vmroam.ko failed"
		onv "$HV2" "$VMROAM gateway add dev hvbr ip $GW_IP" ||
			check_err 1 "vmroam gateway add dev hvbr ip $GW_IP: $ON_OUT"
		log_test "3: $(conf_title 3): gateway $GW_IP on HV2's hvbr"
		;;
	esac
	hosts_talk || tap_diag "$conf: host1 or host2 did not reach the gateway"

	for type in $CASES; do
		n=$((n + 1))
		migrate "$conf" "$type"
		R_LOST[$conf,$type]=$C_LOST
		R_FIRST[$conf,$type]=$C_FIRST
		R_AWAY[$conf,$type]=$C_AWAY
		tap_diag "$conf $type: lost $C_LOST of $C_SENT after the attach, first reply ${C_FIRST} ms; away $C_AWAY ms, frame out +$C_FRAME ms, answered before the cut $C_PRE${C_ERR:+; $C_ERR}${C_CLI:+; the CLI refused}${C_OUT:+; $C_OUT}"
		if [ "$conf" = 3 ]; then
			[ -z "$C_ERR" ] || check_err 1 "$C_ERR"
			[ -z "$C_CLI" ] || check_err 1 "the CLI refused: $C_CLI"
			# reported, not checked: the source host may already have let the
			# binding depart when its port went away
			if [ -n "$C_OUT" ]; then
				OUT_REFUSED=$((OUT_REFUSED + 1))
				OUT_MSG=$C_OUT
			fi
			if [ "$C_LOST" != - ] && [ "$C_LOST" -gt $MAX_LOST ]; then
				check_err 1 "lost $C_LOST of $C_SENT after the attach (first reply $C_FIRST ms, away $C_AWAY ms); $(hv2_state)"
			fi
			log_test "3: $type: at most $MAX_LOST ping lost after the attach (lost $C_LOST, first reply $C_FIRST ms)"
		elif [ -n "$C_ERR" ]; then
			bad=$((bad + 1))
			msg="${msg:+$msg; }$type: $C_ERR"
		fi
		if [ "$conf" = 1 ] && [ "$type" = none ]; then
			[ -z "$C_ERR" ] || check_err 1 "$C_ERR"
			if [ "$C_LOST" = - ] || [ "$C_LOST" -le 1 ]; then
				check_err 1 "lost $C_LOST of $C_SENT after the attach: stock Linux found the silent VM"
			fi
			log_test "1: none: a silent VM loses more than 1 ping after the attach without vmroam (lost $C_LOST of $C_SENT)"
		fi
	done
	if [ "$conf" != 3 ]; then
		[ $bad = 0 ] || check_err 1 "$bad of $n cases not measured: $msg"
		log_test "$conf: $(conf_title "$conf"): every migration measured (the VM answered before the cut, pings after the attach)"
	fi
	CONF_SECS[conf]=$(((${EPOCHREALTIME/./} - t0 + 500000) / 1000000))
}

print_table()
{
	local conf type line cfmt='  %5s %9s' away lo hi

	show ""
	show "Pings from the remote every $PING_MS ms to the VM that moves from HV1 to HV2 (away $AWAY_MS ms or more),"
	show "then sends the one frame of the case (none: nothing). lost: requests sent at or after the attach"
	show "without a reply (of about $((AFTER_MS / PING_MS)) in $AFTER_MS ms); 1st ms: the first reply after the attach, in ms."
	show "(3): migrate out on HV1, migrate add ... activate now on HV2 at the cut; gateway 192.0.2.1 on HV2."
	show ""
	printf -v line '%-20s' ""
	for conf in $CONFS; do
		printf -v line "%s  %-15s" "$line" "${CONF_HEAD1[conf]}"
	done
	show "$line"
	printf -v line '%-20s' ""
	for conf in $CONFS; do
		printf -v line "%s  %-15s" "$line" "${CONF_HEAD2[conf]}"
	done
	show "$line"
	printf -v line '%-20s' "case"
	for conf in $CONFS; do
		# shellcheck disable=SC2059
		printf -v line "$line$cfmt" "lost" "1st ms"
	done
	show "$line"
	for type in $CASES; do
		printf -v line '%-20s' "$type"
		for conf in $CONFS; do
			# shellcheck disable=SC2059
			printf -v line "$line$cfmt" "${R_LOST[$conf,$type]:--}" "${R_FIRST[$conf,$type]:--}"
		done
		show "$line"
	done
	show ""
	for conf in $CONFS; do
		lo='' hi=''
		for type in $CASES; do
			away=${R_AWAY[$conf,$type]:--}
			[ "$away" = - ] && continue
			[ -z "$lo" ] || [ "$away" -lt "$lo" ] && lo=$away
			[ -z "$hi" ] || [ "$away" -gt "$hi" ] && hi=$away
		done
		show "$(conf_title "$conf"): ${CONF_SECS[conf]} s; away (cut to attach) ${lo:--}..${hi:--} ms"
	done
	if [ $OUT_REFUSED -gt 0 ]; then
		show "(3): \"migrate out\" on HV1 refused $OUT_REFUSED times, e.g. $OUT_MSG"
	fi
}

tap_begin
t_all=${EPOCHREALTIME/./}
# (1) first: the topology is built without the module, which (2) then loads into it
vmroam_unload || { tap_not_ok "rmmod vmroam"; tap_end; }
if ! setup; then
	tap_not_ok "topology"
	tap_end
fi
for conf in $CONFS; do
	run_conf "$conf"
done
print_table
show "total: $(((${EPOCHREALTIME/./} - t_all + 500000) / 1000000)) s"
tap_end
