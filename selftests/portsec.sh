#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the port security tests (security.sh, security6.sh) share: the CLI in the hypervisor's
# namespace, a port's counters since a mark and the "# " figures line of a case, bindings,
# ports, the FDB, the event monitor, pings, and a VM's move between two of its interfaces while
# the remote pings it every PING_MS ms. Sourced after lib.sh and nsshell.sh, with TMPD set; the
# test sets HV, VMNS, REMOTE (namespaces), VM_IP (what the remote pings), PIDS (killed at the
# end), PING_MS, AWAY_MS, AFTER_MS, and writes the move's batches $TMPD/cut-IF.batch and
# $TMPD/attach-IF.batch (VMIP in them stands for VM_IP).

# at the end: what the test started (PIDS), nsshell's shells, the namespaces
cleanup()
{
	local p

	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	sh_stop_all
	ns_cleanup
}
trap cleanup EXIT

# a failure's message on one TAP line
eval "lib_$(declare -f log_test)"
log_test()
{
	retmsg=${retmsg//$'\n'/ | }
	lib_log_test "$@"
}

# hv ARGS...: the CLI in the hypervisor's namespace, its output (stdout and stderr) in ON_OUT
hv()
{
	onv "$HV" "$VMROAM $*"
}

# stats_of PORT: "vmroam -j stats dev PORT", printed
stats_of()
{
	hv -j stats dev "$1" >/dev/null
	printf '%s' "$ON_OUT"
}

# mark PORT...: remember the ports' counters; delta and figures compare with them
declare -A MARK
mark()
{
	local p

	for p in "$@"; do
		MARK[$p]=$(stats_of "$p")
	done
}

# delta PORT JQ-PATH: how much the counter grew on PORT since mark (e.g. ".drops.mac_move")
delta()
{
	jq -n --argjson a "${MARK[$1]:-{\}}" --argjson b "$(stats_of "$1")" \
		"(\$b$2 // 0) - (\$a$2 // 0)" 2>/dev/null || echo "?"
}

# delta_is PORT JQ-PATH N: the counter grew by N since mark (for qpoll)
delta_is()
{
	[ "$(delta "$1" "$2")" = "$3" ]
}

# delta_ge PORT JQ-PATH N: the counter grew by N or more since mark
delta_ge()
{
	local d

	d=$(delta "$1" "$2")
	[[ $d =~ ^[0-9]+$ ]] && [ "$d" -ge "$3" ]
}

# drops_since PORT: the port's drops since mark, "TOTAL (reason n, ...)"
drops_since()
{
	jq -n -r --argjson a "${MARK[$1]:-{\}}" --argjson b "$(stats_of "$1")" '
		[($b.drops // {}) | to_entries[] | {k: .key, v: (.value - ($a.drops[.key] // 0))}
		 | select(.v != 0)] |
		"\(map(.v) | add // 0)" + (if length > 0 then " (\(map("\(.k) \(.v)") | join(", ")))"
					 else "" end)' 2>/dev/null || echo "?"
}

# figures LABEL SENT PORT [MORE]: the "# " line of a case: frames sent towards PORT, dropped by
# vmroam at PORT since mark (by reason), passed (sent - dropped); MORE: pings lost and such
figures()
{
	local d total passed="?"

	d=$(drops_since "$3")
	total=${d%% *}
	[[ $total =~ ^[0-9]+$ ]] && [[ $2 =~ ^[0-9]+$ ]] && passed=$(($2 - total))
	tap_diag "$1: sent $2, dropped $d at $3, passed $passed${4:+; $4}"
}

# tx_mark IF / tx_since IF: frames the VM sent from IF since tx_mark
tx_mark()
{
	onv "$VMNS" "cat /sys/class/net/$1/statistics/tx_packets"
	TX0=$ON_OUT
}

tx_since()
{
	onv "$VMNS" "cat /sys/class/net/$1/statistics/tx_packets"
	echo $((ON_OUT - TX0))
}

binding_json()	# MAC: its binding object, or empty
{
	hv -j binding show mac "$1" >/dev/null
	jq -c '.[0] // empty' <<<"$ON_OUT" 2>/dev/null
}

binding_of()	# MAC: "DEV ORIGIN STATE"
{
	binding_json "$1" | jq -r '"\(.dev) \(.origin) \(.state)"'
}

binding_is()	# MAC "DEV ORIGIN STATE"
{
	[ "$(binding_of "$1")" = "$2" ]
}

binding_dev_is()	# MAC DEV
{
	[ "$(binding_json "$1" | jq -r .dev)" = "$2" ]
}

no_binding()	# MAC
{
	[ -z "$(binding_json "$1")" ]
}

port_json()	# PORT: its "port show" object
{
	hv -j port show dev "$1" >/dev/null
	jq -c '.[0] // empty' <<<"$ON_OUT" 2>/dev/null
}

port_set()	# PORT SETTINGS...: vmroam port set, checked
{
	local p=$1

	shift
	hv port set dev "$p" "$@" || { check_err 1 "port set dev $p $*: $ON_OUT"; return 1; }
}

fdb_port()	# MAC: the port of its entry on br0
{
	onv "$HV" "bridge -j fdb show br br0"
	jq -r --arg m "$1" '[.[] | select(.mac == $m and .vlan == null) | .ifname] | first // ""' \
		<<<"$ON_OUT"
}

fdb_port_is()	# MAC PORT
{
	[ "$(fdb_port "$1")" = "$2" ]
}

# fdb_count PORT PREFIX: entries on PORT whose MAC starts with PREFIX
fdb_count()
{
	onv "$HV" "bridge -j fdb show br br0 brport $1"
	jq --arg p "$2" '[.[] | select(.mac | startswith($p))] | length' <<<"$ON_OUT"
}

MON=$TMPD/monitor.json
# monitor_start [PORT]: the monitor, subscribed once it returns (lib.sh's monitor_start_ready: an
# expiring sanction on PORT, tap1 by default, proves it); its stderr in $TMPD/monitor.err, not
# among the events. A failure is a TAP case.
monitor_start()
{
	monitor_start_ready "$HV" "$MON" "$TMPD/monitor.err" monitor_probe "$HV" "${1:-tap1}"
	local rc=$?

	PIDS+=("$MONITOR_PID")
	[ $rc -eq 0 ] ||
		tap_not_ok "the event monitor subscribes" "$(head -c 300 "$TMPD/monitor.err")"
	return $rc
}

# events_has JQ-FILTER: one of the monitor's JSON lines matches
events_has()
{
	jq -e -s "map(select($1)) | length > 0" "$MON" >/dev/null 2>&1
}

events_count()	# JQ-FILTER
{
	jq -s "map(select($1)) | length" "$MON" 2>/dev/null || echo 0
}

# ping_vm COUNT: the remote pings the VM COUNT times; "lost L of COUNT" in PINGS, status 0 when
# none was lost
ping_vm()
{
	local n=$1 rx

	onv "$REMOTE" "ping -n -q -c $n -i 0.2 -W 2 $VM_IP"
	rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$ON_OUT")
	rx=${rx:-0}
	# shellcheck disable=SC2034 # for the test's messages
	PINGS="lost $((n - rx)) of $n"
	[ "$rx" = "$n" ]
}

vm_answers()
{
	on "$REMOTE" "ping -n -q -c 1 -W 1 $VM_IP" >/dev/null
}

# ---- a VM's move -----------------------------------------------------------------------------

vrping_started()
{
	[ -s "$TMPD/ping.err" ]
}

# us VAR EPOCHREALTIME: that time in microseconds, in VAR
us()
{
	local v=${2/./}

	printf -v "$1" '%d' $((10#${v:-0}))
}

# move FROM-IF TO-IF [SANCTION]: the VM moves from one of its interfaces (port) to the other
# while the remote pings it every 10 ms; SANCTION: the CLI line run in the hypervisor right after
# the cut. Sets M_LOST, M_SENT (requests at or after the attach), M_FIRST (ms to the first reply
# after the attach, "-"), M_PRE ("answered/sent" before the cut), M_ERR.
move()
{
	local from=$1 to=$2 sanction=${3:-} t_cut t_att t_now seq s r first=0 pre_ok=0 pre_sent=0

	M_LOST=- M_SENT=0 M_FIRST=- M_PRE=- M_ERR=
	sed "s/VMIP/$VM_IP/" "$TMPD/attach-$to.batch" >"$TMPD/attach.batch"
	onv "$REMOTE" "rm -f $TMPD/ping.out $TMPD/ping.err
		$VRPING -i $PING_MS -w 60 $VM_IP >$TMPD/ping.out 2>$TMPD/ping.err & VRPID=\$!"
	qpoll vrping_started || { M_ERR="vrping did not start: $(<"$TMPD/ping.err")"; return 1; }
	pause_us $((PING_MS * 10 * 1000))

	onv "$VMNS" "ip -b $TMPD/cut-$from.batch; echo \$EPOCHREALTIME \$?"
	read -r t_cut rc <<<"${ON_OUT##*$'\n'}"
	[ "$rc" = 0 ] || M_ERR="the cut failed: $ON_OUT"
	us t_cut "$t_cut"
	if [ -n "$sanction" ]; then
		hv "$sanction" || M_ERR="${M_ERR:+$M_ERR; }$sanction: $ON_OUT"
	fi
	us t_now "$EPOCHREALTIME"
	pause_us $((t_cut + AWAY_MS * 1000 - t_now))
	onv "$VMNS" "ip -b $TMPD/attach.batch; echo \$EPOCHREALTIME \$?"
	read -r t_att rc <<<"${ON_OUT##*$'\n'}"
	[ "$rc" = 0 ] || M_ERR="${M_ERR:+$M_ERR; }the attach failed: $ON_OUT"
	us t_att "$t_att"
	us t_now "$EPOCHREALTIME"
	pause_us $((t_att + AFTER_MS * 1000 - t_now))
	onv "$REMOTE" "kill \$VRPID && wait \$VRPID" || M_ERR="${M_ERR:+$M_ERR; }vrping: $(<"$TMPD/ping.err")"

	M_LOST=0
	while read -r seq s r; do
		[[ $seq$s =~ ^[0-9]+$ ]] || continue
		if [ "$s" -lt $((t_cut * 1000)) ]; then
			pre_sent=$((pre_sent + 1))
			[ "$r" = - ] || pre_ok=$((pre_ok + 1))
		fi
		if [ "$s" -ge $((t_att * 1000)) ]; then
			M_SENT=$((M_SENT + 1))
			[ "$r" = - ] && M_LOST=$((M_LOST + 1))
		fi
		if [ "$r" != - ] && [ "$r" -gt $((t_att * 1000)) ] &&
		   { [ "$first" = 0 ] || [ "$r" -lt "$first" ]; }; then
			first=$r
		fi
	done <"$TMPD/ping.out"
	M_PRE=$pre_ok/$pre_sent
	if [ "$first" != 0 ]; then
		first=$(((first - t_att * 1000) / 100000))
		# shellcheck disable=SC2034 # for the test's messages
		M_FIRST=$((first / 10)).$((first % 10))
	fi
	[ $pre_ok -gt 0 ] || M_ERR="${M_ERR:+$M_ERR; }no reply before the cut ($M_PRE)"
	[ $M_SENT -gt 0 ] || M_ERR="${M_ERR:+$M_ERR; }no request sent after the attach"
	[ -z "$M_ERR" ]
}

# move_refused FROM-IF TO-IF PORT: the VM moves, unsanctioned, to PORT, which locks its MACs:
# every ping after the attach is lost and PORT drops the VM's frames as mac_move (M_DROPS of them)
move_refused()
{
	mark "$3"
	tx_mark "$2"
	move "$1" "$2"
	check_err $? "$M_ERR"
	[ "$M_LOST" = "$M_SENT" ]
	check_err $? "lost only $M_LOST of $M_SENT after the attach (first reply $M_FIRST ms)"
	M_DROPS=$(delta "$3" .drops.mac_move)
	[[ $M_DROPS =~ ^[0-9]+$ ]] && [ "$M_DROPS" -gt 0 ]
	check_err $? "drops.mac_move at $3 +$M_DROPS; all $(drops_since "$3")"
}
