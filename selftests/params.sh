#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# README claims that no other test checks, one case each, with the attack or the negative beside
# the function where one applies: the module parameters binding_ageing, max_bindings, fdb_create,
# neigh_create, departed_grace and event_rate (written at run time in
# /sys/module/vmroam/parameters/, restored at the end), DHCP snooping's DECLINE and NAK, the
# CLI's -V, -p and human output, "vmroam monitor" ending with status 0 on SIGTERM and SIGINT,
# and what a caller without CAP_NET_ADMIN is refused.
#
#   ns src                     ns hv
#   +-----------+             +------------------------------------------+
#   | q1 .. q6 -+-------------+- p1 .. p6   br0 192.0.2.1/24             |
#   +-----------+             +------------------------------------------+
#
#   p1, p2   learning off (the FDB has only what the operator or vmroam made)
#   p3       trusted: a DHCP server's
#   p4       untrusted: its carrier goes (a departure)
#   p5, p6   untrusted: a DHCP client's port and another one
#
# Frames are crafted by vrsend from src's q1..q6 into the matching port.

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

PARAMS=/sys/module/vmroam/parameters
# (policy_arp_probe: what case_no_cap tries to change without CAP_NET_ADMIN)
SAVED=(binding_ageing max_bindings fdb_create neigh_create departed_grace event_rate policy_arp_probe)
declare -A SAVE
save_params()
{
	local p

	for p in "${SAVED[@]}"; do
		SAVE[$p]=$(<"$PARAMS/$p")
	done
}
save_params
TMPD=$(mktemp -d)
MON=$TMPD/monitor.json
PIDS=()

cleanup()
{
	local p

	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${SAVED[@]}"; do
		echo "${SAVE[$p]}" >"$PARAMS/$p" 2>/dev/null
	done
	rm -rf "$TMPD"
	ns_cleanup
}
trap cleanup EXIT

# the MACs of the cases
S_MAC=52:54:00:00:01:01		# static binding on p3
A_MAC=52:54:00:00:01:02		# learnt on p1, ages out
FENCE_MAC=52:54:00:00:01:0f	# the FDB fence (fdb_fence)
C_MAC=52:54:00:00:05:01		# the DHCP client on p5
G_MAC=52:54:00:00:06:01		# another client, on p6
SRV_MAC=02:00:00:00:03:01	# the DHCP server behind p3

setup()
{
	local i

	ns_create SRC && ns_create HV || return 1
	ip -n "$HV" link add br0 type bridge || return 1
	for i in 1 2 3 4 5 6; do
		ip -n "$HV" link add p$i type veth peer name q$i netns "$SRC" &&
			ip -n "$HV" link set p$i master br0 up && ip -n "$SRC" link set q$i up ||
			return 1
	done
	bridge -n "$HV" link set dev p1 learning off && bridge -n "$HV" link set dev p2 learning off ||
		return 1
	ip -n "$HV" addr add 192.0.2.1/24 dev br0 && ip -n "$HV" link set br0 up || return 1
	for i in 1 2 3 4 5 6; do
		link_wait "$HV" p$i || return 1
	done
}

hv()
{
	ip netns exec "$HV" "$VMROAM" "$@"
}

# send QDEV TYPE ARGS...: vrsend in src, into the port of QDEV
send()
{
	ip netns exec "$SRC" "$VRSEND" "$@" >/dev/null
}

# garp QDEV MAC IP: MAC's gratuitous ARP request for IP
garp()
{
	send "$1" arp_garp_request smac "$2" sha "$2" sip "$3" tip "$3"
}

param()		# NAME VALUE
{
	echo "$2" >"$PARAMS/$1"
}

ns_stat()	# KEY: a namespace counter
{
	hv -j stats | jq -r ".$1"
}

port_stat()	# PORT JQ-PATH
{
	hv -j stats dev "$1" | jq -r "$2 // 0"
}

binding_json()	# MAC: its binding object, or nothing
{
	hv -j binding show mac "$1" | jq -c '.[0] // empty'
}

binding_of()	# MAC: "DEV ORIGIN STATE"
{
	binding_json "$1" | jq -r '"\(.dev) \(.origin) \(.state)"'
}

binding_is()	# MAC "DEV ORIGIN STATE"
{
	[ "$(binding_of "$1")" = "$2" ]
}

no_binding()	# MAC
{
	[ -z "$(binding_json "$1")" ]
}

fdb_of()	# MAC: "PORT STATE" of its entry on br0 (static or dynamic), nothing without one
{
	bridge -n "$HV" -j fdb show br br0 | jq -r --arg m "$1" \
		'[.[] | select(.mac == $m and .vlan == null)] | first // empty |
		 "\(.ifname) \(if .state == "static" then "static" else "dynamic" end)"'
}

fdb_on()	# MAC PORT: its entry is on PORT
{
	[ "$(fdb_of "$1" | cut -d' ' -f1)" = "$2" ]
}

neigh_of()	# IP: "LLADDR STATE" of br0's entry, or nothing
{
	ip -n "$HV" -j neigh show "$1" dev br0 | jq -r '.[0] // empty | "\(.lladdr) \(.state[0])"'
}

events_has()	# JQ-FILTER: a line of the JSON monitor matches
{
	jq -e -s "map(select($1)) | length > 0" "$MON" >/dev/null 2>&1
}

events_count()	# JQ-FILTER
{
	jq -s "map(select($1)) | length" "$MON" 2>/dev/null || echo 0
}

# ---- the FDB fence ----------------------------------------------------------------------------

# vmroam moves FDB entries in a work item, after the hook; "no entry was made" means something
# only once that work item handled the request. FENCE_MAC is bound to p1 or p2 with a static FDB
# entry there; its gratuitous ARP into the other port queues a move behind the requests before
# it, and once its entry is there, they were all handled.
fence_setup()
{
	bridge -n "$HV" fdb replace $FENCE_MAC dev p1 master static || return 1
	garp q1 $FENCE_MAC 192.0.2.15 || return 1
	poll binding_is $FENCE_MAC "p1 arp active" && poll fdb_on $FENCE_MAC p1 || return 1
	FENCE_PORT=p1
}

fdb_fence()
{
	local to=p2 q=q2

	[ "$FENCE_PORT" = p2 ] && to=p1 q=q1
	garp $q $FENCE_MAC 192.0.2.15 || return 1
	poll fdb_on $FENCE_MAC $to || return 1
	FENCE_PORT=$to
}

# fence_ready: fence_setup, once (not before binding_ageing's case, which would age it out)
fence_ready()
{
	[ -n "${FENCE_PORT:-}" ] && return 0
	fence_setup
	check_err $? "the fence MAC: '$(binding_of $FENCE_MAC)', FDB '$(fdb_of $FENCE_MAC)'"
}

# ---- the cases --------------------------------------------------------------------------------

# binding_ageing: a learnt binding not seen for that long is forgotten, with an "expired" event;
# a static one, older still, stays (the binding GC runs every 10 s)
case_ageing()
{
	hv binding add dev p3 mac $S_MAC ip 192.0.2.70
	check_err $? "binding add failed"
	garp q1 $A_MAC 192.0.2.71 || check_err 1 "vrsend failed"
	poll binding_is $A_MAC "p1 arp active"
	check_err $? "not learnt: '$(binding_of $A_MAC)'"
	param binding_ageing 2
	poll $((30000 * ${TIMEOUT_SCALE:-1})) no_binding $A_MAC
	check_err $? "binding_ageing 2: still listed: $(binding_json $A_MAC)"
	poll events_has '.event == "expired" and .object == "binding" and .mac == "'$A_MAC'"'
	check_err $? "no expired event for the binding: $(tail -n 3 "$MON")"
	# the GC run that forgot A_MAC saw S_MAC, added before it
	binding_is $S_MAC "p3 static active"
	check_err $? "the static binding: '$(binding_of $S_MAC)'"
	param binding_ageing "${SAVE[binding_ageing]}"
	log_test "binding_ageing 2: a learnt binding is forgotten (expired event), an older static one stays"
}

# max_bindings: past it, new MACs are refused and counted, from frames and from "binding add"
case_max_bindings()
{
	local n0 r0 i bound=0 err rc

	n0=$(ns_stat bindings)
	r0=$(ns_stat bindings_refused)
	param max_bindings $((n0 + 2))
	for i in 1 2 3 4; do
		garp q2 52:54:00:00:02:0$i 192.0.2.2$i || check_err 1 "vrsend failed"
	done
	poll sh -c "[ \$(ip netns exec $HV $VMROAM -j stats | jq .bindings_refused) -ge $((r0 + 2)) ]"
	check_err $? "bindings_refused $(ns_stat bindings_refused), was $r0"
	for i in 1 2 3 4; do
		no_binding 52:54:00:00:02:0$i || bound=$((bound + 1))
	done
	[ "$(ns_stat bindings)" = $((n0 + 2)) ] && [ $bound = 2 ] &&
		[ "$(ns_stat bindings_refused)" = $((r0 + 2)) ]
	check_err $? "max_bindings $((n0 + 2)): bindings $n0 -> $(ns_stat bindings), $bound of the 4 MACs bound, refused +$(($(ns_stat bindings_refused) - r0))"
	err=$(hv binding add dev p2 mac 52:54:00:00:02:09 ip 192.0.2.29 2>&1)
	rc=$?
	[ $rc = 1 ] && [[ $err == *"the binding table is full (max_bindings)"* ]] &&
		no_binding 52:54:00:00:02:09 && [ "$(ns_stat bindings_refused)" = $((r0 + 3)) ]
	check_err $? "binding add into a full table: rc $rc, '$err', refused +$(($(ns_stat bindings_refused) - r0))"
	param max_bindings "${SAVE[max_bindings]}"
	garp q2 52:54:00:00:02:04 192.0.2.24 || check_err 1 "vrsend failed"
	poll binding_is 52:54:00:00:02:04 "p2 arp active"
	check_err $? "max_bindings restored: the refused MAC is not learnt: '$(binding_of 52:54:00:00:02:04)'"
	log_test "max_bindings: 2 of 4 new MACs bound, 2 refused (counted), binding add refused saying so; room again, learnt"
}

# move MAC IP: MAC learnt on p1 (learning off there: no FDB entry), then its gratuitous ARP on p2
# moves the binding; the fence proves the FDB request of the move was handled
move()
{
	garp q1 "$1" "$2" || check_err 1 "vrsend failed"
	poll binding_is "$1" "p1 arp active"
	check_err $? "$1 not learnt on p1: '$(binding_of "$1")'"
	[ -z "$(fdb_of "$1")" ]
	check_err $? "$1 has an FDB entry before its move: $(fdb_of "$1")"
	garp q2 "$1" "$2" || check_err 1 "vrsend failed"
	poll binding_is "$1" "p2 arp active"
	check_err $? "$1 not moved to p2: '$(binding_of "$1")'"
	fdb_fence
	check_err $? "the fence: $FENCE_MAC's entry '$(fdb_of $FENCE_MAC)' did not leave $FENCE_PORT"
}

# fdb_create: off, a moved MAC without an FDB entry gets none; on, it gets one on its new port
case_fdb_create()
{
	local m=52:54:00:00:03:01

	fence_ready
	param fdb_create 0
	move $m 192.0.2.31
	[ -z "$(fdb_of $m)" ]
	check_err $? "fdb_create off: an entry was made: $(fdb_of $m)"
	log_test "fdb_create off: a moved MAC without an FDB entry gets none (the fence moved after it)"

	m=52:54:00:00:03:02
	param fdb_create 1
	move $m 192.0.2.32
	poll fdb_on $m p2
	check_err $? "fdb_create on: entry '$(fdb_of $m)'"
	param fdb_create "${SAVE[fdb_create]}"
	log_test "fdb_create on: a moved MAC without an FDB entry gets one on its new port ($(fdb_of $m))"
}

# neigh_create: off, the host gets no neighbour entry of a moved VM's address it had none of; on,
# one with the VM's MAC
case_neigh_create()
{
	local m=52:54:00:00:04:01

	fence_ready
	param neigh_create 0
	move $m 192.0.2.41
	[ -z "$(neigh_of 192.0.2.41)" ]
	check_err $? "neigh_create off: an entry was made: $(neigh_of 192.0.2.41)"
	log_test "neigh_create off: no neighbour entry of a moved VM's address (the host had none)"

	m=52:54:00:00:04:02
	param neigh_create 1
	move $m 192.0.2.42
	[[ $(neigh_of 192.0.2.42) =~ ^$m\ (REACHABLE|STALE|DELAY|PROBE)$ ]]
	check_err $? "neigh_create on: entry '$(neigh_of 192.0.2.42)'"
	param neigh_create "${SAVE[neigh_create]}"
	log_test "neigh_create on: the moved VM's address gets a neighbour entry with its MAC ($(neigh_of 192.0.2.42))"
}

# departed_grace: a departed binding goes once it is over; an active one, older, stays
case_departed_grace()
{
	local d=52:54:00:00:04:0d a=52:54:00:00:01:0a

	garp q1 $a 192.0.2.10 || check_err 1 "vrsend failed"
	garp q4 $d 192.0.2.13 || check_err 1 "vrsend failed"
	poll binding_is $a "p1 arp active" && poll binding_is $d "p4 arp active"
	check_err $? "not learnt: '$(binding_of $a)', '$(binding_of $d)'"
	hv port set dev p4 trusted off
	check_err $? "port set p4 trusted off failed"
	param departed_grace 2
	ip -n "$SRC" link set q4 down
	poll binding_is $d "p4 arp departed"
	check_err $? "p4 lost its carrier, the binding is '$(binding_of $d)'"
	poll $((30000 * ${TIMEOUT_SCALE:-1})) no_binding $d
	check_err $? "departed_grace 2: still listed: $(binding_json $d)"
	binding_is $a "p1 arp active"
	check_err $? "the active binding, older than the grace: '$(binding_of $a)'"
	param departed_grace "${SAVE[departed_grace]}"
	ip -n "$SRC" link set q4 up
	log_test "departed_grace 2: a departed binding is forgotten, an older active one stays"
}

# burst TAG N: N new MACs 52:54:00:0e:TAG:XX, one gratuitous ARP each, from q3
burst()
{
	ip netns exec "$SRC" bash -c "for i in \$(seq 1 $2); do
		m=\$(printf '52:54:00:0e:$1:%02x' \$i)
		$VRSEND q3 arp_garp_request smac \$m sha \$m sip 192.0.2.200 tip 192.0.2.200 >/dev/null || exit 1
	done"
}

# accounted TAG N D0: the monitor printed the "new" events of burst TAG and events_dropped grew
# (since D0) by the rest of N
accounted()
{
	local seen

	seen=$(events_count '.event == "new" and (.mac | startswith("52:54:00:0e:'"$1"':"))')
	[ $((seen + $(ns_stat events_dropped) - $3)) -ge "$2" ]
}

# event_rate: beyond it a second, events are counted as dropped; at the default a burst loses none
case_event_rate()
{
	local d0 seen dropped

	d0=$(ns_stat events_dropped)
	param event_rate 2
	burst 01 20 || check_err 1 "vrsend failed"
	poll accounted 01 20 "$d0"
	seen=$(events_count '.event == "new" and (.mac | startswith("52:54:00:0e:01:"))')
	dropped=$(($(ns_stat events_dropped) - d0))
	[ $((seen + dropped)) = 20 ] && [ "$dropped" -ge 1 ] && [ "$seen" -ge 1 ]
	check_err $? "event_rate 2, 20 new MACs: $seen events printed, $dropped dropped"
	param event_rate "${SAVE[event_rate]}"
	log_test "event_rate 2: of 20 new bindings' events $seen are sent, $dropped counted as dropped"

	d0=$(ns_stat events_dropped)
	burst 02 20 || check_err 1 "vrsend failed"
	poll accounted 02 20 "$d0"
	seen=$(events_count '.event == "new" and (.mac | startswith("52:54:00:0e:02:"))')
	dropped=$(($(ns_stat events_dropped) - d0))
	[ "$seen" = 20 ] && [ "$dropped" = 0 ]
	check_err $? "event_rate ${SAVE[event_rate]}: $seen events printed, $dropped dropped"
	log_test "event_rate ${SAVE[event_rate]} (default): the same burst's 20 events are all sent"
}

# dhcp_bind: C_MAC asks from p5, the server behind p3 (trusted) acks 192.0.2.50
dhcp_bind()
{
	send q5 dhcp_client smac $C_MAC sha $C_MAC msg REQUEST || return 1
	poll binding_is $C_MAC "p5 arp active" || return 1
	send q3 dhcp_server msg ACK smac $SRV_MAC sha $C_MAC dmac $C_MAC ipsrc 192.0.2.3 \
		tip 192.0.2.50 lease 3600 || return 1
	poll binding_is $C_MAC "p5 dhcp active" &&
		[ "$(binding_json $C_MAC | jq -c .ipv4)" = '["192.0.2.50"]' ]
}

# DHCP snooping: DECLINE removes the binding from its own port only; NAK from a trusted server
# only (an untrusted port's is dropped)
case_dhcp()
{
	local drops0 n0

	hv port set dev p5 trusted off && hv port set dev p6 trusted off
	check_err $? "port set p5, p6 trusted off failed"
	dhcp_bind
	check_err $? "DHCP binding: '$(binding_of $C_MAC)' $(binding_json $C_MAC)"
	drops0=$(port_stat p6 '[.drops[]] | add')
	n0=$(port_stat p6 .dhcp_client)
	# C_MAC's DECLINE from p6, then G_MAC's request there: once G_MAC is bound, p6's frame
	# before it was handled
	send q6 dhcp_client smac $C_MAC sha $C_MAC msg DECLINE tip 192.0.2.50 &&
		send q6 dhcp_client smac $G_MAC sha $G_MAC msg REQUEST
	check_err $? "vrsend failed"
	poll binding_is $G_MAC "p6 arp active"
	check_err $? "the fence on p6: '$(binding_of $G_MAC)'"
	[ "$(port_stat p6 .dhcp_client)" = $((n0 + 2)) ] &&
		[ "$(port_stat p6 '[.drops[]] | add')" = "$drops0" ]
	check_err $? "p6: dhcp_client $n0 -> $(port_stat p6 .dhcp_client), drops $(hv -j stats dev p6 | jq -c .drops)"
	binding_is $C_MAC "p5 dhcp active"
	check_err $? "a DECLINE from another port removed it: '$(binding_of $C_MAC)'"
	send q5 dhcp_client smac $C_MAC sha $C_MAC msg DECLINE tip 192.0.2.50
	check_err $? "vrsend failed"
	poll no_binding $C_MAC
	check_err $? "a DECLINE from its own port: '$(binding_of $C_MAC)'"
	log_test "DHCP DECLINE: from another port (passed) the binding stays; from its own port it goes"

	dhcp_bind
	check_err $? "DHCP binding again: '$(binding_of $C_MAC)' $(binding_json $C_MAC)"
	drops0=$(port_stat p6 .drops.dhcp_server)
	send q6 dhcp_server msg NAK smac 02:00:00:00:06:66 sha $C_MAC dmac $C_MAC ipsrc 192.0.2.66
	check_err $? "vrsend failed"
	poll sh -c "[ \$(ip netns exec $HV $VMROAM -j stats dev p6 | jq '.drops.dhcp_server // 0') -gt $drops0 ]"
	check_err $? "the rogue NAK on p6 was not dropped: $(hv -j stats dev p6 | jq -c .drops)"
	binding_is $C_MAC "p5 dhcp active"
	check_err $? "a dropped NAK removed it: '$(binding_of $C_MAC)'"
	send q3 dhcp_server msg NAK smac $SRV_MAC sha $C_MAC dmac $C_MAC ipsrc 192.0.2.3
	check_err $? "vrsend failed"
	poll no_binding $C_MAC
	check_err $? "the trusted server's NAK: '$(binding_of $C_MAC)'"
	log_test "DHCP NAK: from an untrusted port dropped (dhcp_server), the binding stays; from the trusted server it goes"
}

# -V, -p and the human output of binding show, port show and monitor
case_cli()
{
	local out rc j p line want re

	out=$("$VMROAM" -V)
	rc=$?
	re='^vmroam [0-9]+\.[0-9]+\.[0-9]+'$'\n''generic netlink family "vmroam", version [0-9]+$'
	[ $rc = 0 ] && [[ $out =~ $re ]] && [ "$("$VMROAM" --version)" = "$out" ]
	check_err $? "-V: rc $rc, '$out'"
	log_test "-V, --version: the CLI's version and the family's, exit 0"

	p=$(hv -j -p port show)
	j=$(hv -j port show)
	[ "$(wc -l <<<"$p")" -gt 2 ] && [[ $p == *$'\n '* ]] && [ "$(wc -l <<<"$j")" = 1 ] &&
		[ "$(jq -c . <<<"$p")" = "$(jq -c . <<<"$j")" ]
	check_err $? "-j -p port show: '$(head -c 200 <<<"$p")', -j: '$(head -c 200 <<<"$j")'"
	p=$(hv -j --pretty stats)
	[ "$(wc -l <<<"$p")" -gt 2 ] && [ "$(jq -c 'keys' <<<"$p")" = "$(hv -j stats | jq -c keys)" ]
	check_err $? "-j --pretty stats: '$(head -c 200 <<<"$p")'"
	log_test "-p: indented JSON, the same as -j's one line"

	out=$(hv binding show mac $S_MAC)
	read -r -a line <<<"$(head -n 1 <<<"$out")"
	[ "${line[*]}" = "MAC VLAN PORT ORIGIN MOVES LAST_SEEN STATE LEASE FROZEN ADDRESSES" ]
	check_err $? "binding show header: '$(head -n 1 <<<"$out")'"
	read -r -a line <<<"$(sed -n 2p <<<"$out")"
	[ "$(wc -l <<<"$out")" = 2 ] && [ "${line[0]}" = $S_MAC ] && [ "${line[1]}" = 0 ] &&
		[ "${line[2]}" = p3 ] && [ "${line[3]}" = static ] && [ "${line[6]}" = active ] &&
		[ "${line[-1]}" = 192.0.2.70 ]
	check_err $? "binding show row: '$out'"
	want=$(hv -j port show dev p5 | jq -r '.[0] | def oo: if . then "on" else "off" end;
		def n: if . == 0 then "none" else tostring end;
		"\(.dev) trusted \(.trusted | oo) lock \(.lock | oo) max-macs \(.max_macs | n) arp-inspect \(.arp_inspect | oo) ip-guard \(.ip_guard | oo) rate \(.rate | n) nd-inspect \(.nd_inspect | oo) ra-guard \(.ra_guard | oo) max-addrs \(.max_addrs | n) macs \(.macs) addrs \(.addrs)"')
	out=$(hv port show dev p5)
	[ "$out" = "$want" ] && [[ $out == "p5 trusted off lock off "* ]]
	check_err $? "port show: '$out', from -j: '$want'"
	log_test "human output: binding show's columns and row, port show's line (as -j says)"
}

monitor_gone()	# PID: exited (a zombie until waited for, or gone)
{
	[ ! -e "/proc/$1" ] || [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" = Z ]
}

# monitor (human output) ends on SIGTERM and on SIGINT with status 0
case_monitor_signals()
{
	local sig pid rc out=$TMPD/human.out err=$TMPD/human.err re

	for sig in TERM INT; do
		monitor_start_ready "$HV" "$out" "$err" -t monitor_probe "$HV" p3
		check_err $? "the human monitor did not print: $(head -c 300 "$err")"
		pid=$MONITOR_PID
		if [ $sig = TERM ]; then
			# one line per event: an ISO-8601 UTC time, the event, the MAC
			re="^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z expired .*mac $MONITOR_PROBE_MAC"
			[[ $(head -n 1 "$out") =~ $re ]]
			check_err $? "the human line: '$(head -n 1 "$out")'"
		fi
		kill -$sig "$pid"
		poll monitor_gone "$pid"
		check_err $? "SIG$sig: the monitor did not end"
		if monitor_gone "$pid"; then
			wait "$pid"
			rc=$?
		else
			kill -KILL "$pid"
			rc=killed
		fi
		[ "$rc" = 0 ] && [ ! -s "$err" ]
		check_err $? "SIG$sig: status $rc, stderr '$(head -c 200 "$err")'"
	done
	log_test "monitor: human lines with an ISO-8601 UTC time; SIGTERM and SIGINT end it with status 0"
}

# without CAP_NET_ADMIN: changes and the events group are refused, saying so; reading is not
case_no_cap()
{
	local out rc

	nocap() { ip netns exec "$HV" setpriv --inh-caps -net_admin --bounding-set -net_admin "$VMROAM" "$@"; }
	out=$(nocap binding add dev p3 mac 52:54:00:00:07:01 ip 192.0.2.77 2>&1)
	rc=$?
	[ $rc = 1 ] && [[ $out == *"needs CAP_NET_ADMIN"* ]] && no_binding 52:54:00:00:07:01
	check_err $? "binding add: rc $rc, '$out', binding '$(binding_of 52:54:00:00:07:01)'"
	out=$(nocap port set dev p3 trusted off 2>&1)
	rc=$?
	[ $rc = 1 ] && [[ $out == *"needs CAP_NET_ADMIN"* ]] &&
		[ "$(hv -j port show dev p3 | jq '.[0].trusted')" = true ]
	check_err $? "port set: rc $rc, '$out', p3 $(hv -j port show dev p3)"
	out=$(nocap migrate add dev p3 mac 52:54:00:00:07:02 2>&1)
	rc=$?
	[ $rc = 1 ] && [[ $out == *"needs CAP_NET_ADMIN"* ]] &&
		[ -z "$(hv -j migrate show | jq '.[] | select(.mac == "52:54:00:00:07:02")')" ]
	check_err $? "migrate add: rc $rc, '$out'"
	out=$(nocap policy set arp_probe none 2>&1)
	rc=$?
	[ $rc = 1 ] && [[ $out == *"needs CAP_NET_ADMIN"* ]]
	check_err $? "policy set: rc $rc, '$out'"
	out=$(timeout 10 ip netns exec "$HV" setpriv --inh-caps -net_admin --bounding-set -net_admin \
		"$VMROAM" -j monitor 2>&1)
	rc=$?
	[ $rc = 1 ] && [[ $out == *"cannot join group"*"needs CAP_NET_ADMIN"* ]]
	check_err $? "monitor: rc $rc, '$out'"
	out=$(nocap -j stats 2>&1)
	rc=$?
	[ $rc = 0 ] && jq -e '.bindings >= 1' <<<"$out" >/dev/null
	check_err $? "stats without CAP_NET_ADMIN: rc $rc, '$(head -c 200 <<<"$out")'"
	log_test "without CAP_NET_ADMIN: binding add, port set, migrate add, policy set, monitor refused (exit 1, 'needs CAP_NET_ADMIN'), stats allowed"
}

# ---- the run ----------------------------------------------------------------------------------

tap_begin
if ! setup >"$TMPD/setup.log" 2>&1; then
	tap_not_ok "topology" "$(tail -n 5 "$TMPD/setup.log")"
	tap_end
fi
monitor_start_ready "$HV" "$MON" "$TMPD/monitor.err" monitor_probe "$HV" p3 ||
	tap_not_ok "the event monitor subscribes" "$(head -c 300 "$TMPD/monitor.err")"
PIDS+=("$MONITOR_PID")

# PARAMS_CASES: the cases to run (all but when debugging)
for c in ${PARAMS_CASES:-ageing max_bindings fdb_create neigh_create departed_grace event_rate \
			   dhcp cli monitor_signals no_cap}; do
	t0=$SECONDS
	case $c in
	ageing) case_ageing ;;
	max_bindings) case_max_bindings ;;
	fdb_create) case_fdb_create ;;
	neigh_create) case_neigh_create ;;
	departed_grace) case_departed_grace ;;
	event_rate) case_event_rate ;;
	dhcp) case_dhcp ;;
	cli) case_cli ;;
	monitor_signals) case_monitor_signals ;;
	no_cap) case_no_cap ;;
	*) tap_not_ok "no case '$c'" ;;
	esac
	tap_diag "$c: $((SECONDS - t0)) s"
done
tap_end
