#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The migration lifecycle on one hypervisor: sanctions (activated at once, by the VM's first
# frame or by its first announcement only, expired, withdrawn, replaced), the announcements sent on the VM's behalf (counted by
# type where they arrive: vmroam's own counters on the top-of-rack bridge), departures ("ARP
# leave": port down, migrate out) and the events "vmroam monitor" prints.
#
#   ns vm                 ns hv                                         ns tor
#   +--------+           +-----------------------------------+         +------------+
#   |  e0 ---+-----------+-- tap1                     up0 ---+---------+-- t0  br0  |
#   +--------+           |   br0  192.0.2.1/24               |         +------------+
#   ns other             |                                   |
#   +--------+           |                                   |
#   |  e1 ---+-----------+-- tap2                            |
#   +--------+           +-----------------------------------+
#
# The VM is 52:54:00:00:00:20 / 192.0.2.20 / 2001:db8::20; gateway 192.0.2.254.

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

VM=52:54:00:00:00:20
VM2=52:54:00:00:00:21
VM3=52:54:00:00:00:22

setup()
{
	ns_create VMNS && ns_create OTHER && ns_create HV && ns_create TOR || return 1
	ip -n "$HV" link add br0 type bridge
	ip -n "$HV" link add tap1 type veth peer name e0 netns "$VMNS"
	ip -n "$HV" link add tap2 type veth peer name e1 netns "$OTHER"
	ip -n "$HV" link add up0 type veth peer name t0 netns "$TOR"
	for d in tap1 tap2 up0; do
		ip -n "$HV" link set "$d" master br0 up
	done
	ip -n "$HV" addr add 192.0.2.1/24 dev br0
	ip -n "$HV" link set br0 up
	ip -n "$TOR" link add br0 type bridge
	ip -n "$TOR" link set t0 master br0 up
	ip -n "$TOR" link set br0 up
	ip -n "$VMNS" link set e0 address $VM up
	ip -n "$OTHER" link set e1 up
	link_wait "$HV" tap1 && link_wait "$HV" tap2 && link_wait "$HV" up0
}

hv()
{
	ip netns exec "$HV" "$VMROAM" "$@"
}

# tor_count TYPE: frames of TYPE that reached the top-of-rack switch from the hypervisor
tor_count()
{
	stats_json "$TOR" dev t0 | jq -r ".$1"
}

# tor_counts: the announcement types as "garp_req garp_reply arp_request_other na rarp"
tor_counts()
{
	stats_json "$TOR" dev t0 | jq -r '"\(.arp_garp_request) \(.arp_garp_reply) \(.arp_request_other) \(.nd_na_unsolicited) \(.rarp_request)"'
}

migration()	# MAC: its "vmroam -j migrate show" object
{
	hv -j migrate show | jq -c --arg m "$1" '.[] | select(.mac == $m)'
}

migration_state_is()	# MAC STATE
{
	[ "$(migration "$1" | jq -r .state)" = "$2" ]
}

binding_of()	# MAC: "DEV ORIGIN STATE"
{
	hv -j binding show mac "$1" | jq -r '.[0] | "\(.dev) \(.origin) \(.state)"'
}

binding_is()
{
	[ "$(binding_of "$1")" = "$2" ]
}

fdb_port()	# MAC: the port of its entry on the hypervisor's bridge
{
	bridge -n "$HV" -j fdb show br br0 | jq -r --arg m "$1" \
		'[.[] | select(.mac == $m and .vlan == null) | .ifname] | first // ""'
}

fdb_port_is()
{
	[ "$(fdb_port "$1")" = "$2" ]
}

neigh_state()	# IP: the state of the hypervisor's entry, or "none"
{
	ip -n "$HV" -j neigh show "$1" dev br0 | jq -r '.[0].state[0] // "none"'
}

neigh_state_is()
{
	[ "$(neigh_state "$1")" = "$2" ]
}

MON=$(mktemp)
MONERR=$(mktemp)
# the monitor, subscribed before the first case (lib.sh's monitor_start_ready)
monitor_start()
{
	local rc

	monitor_start_ready "$HV" "$MON" "$MONERR" monitor_probe "$HV" tap2
	rc=$?
	MONPID=$MONITOR_PID
	return $rc
}

# events_has JQ-FILTER: one of the monitor's JSON lines matches
events_has()
{
	jq -e -s "map(select($1)) | length > 0" "$MON" >/dev/null 2>&1
}

cleanup()
{
	[ -n "${MONPID:-}" ] && kill "$MONPID" 2>/dev/null
	rm -f "$MON" "$MONERR"
	ns_cleanup
}
trap cleanup EXIT

tap_begin
setup || { tap_not_ok "topology"; tap_end; }
monitor_start || tap_not_ok "the event monitor subscribes" "$(head -c 300 "$MONERR")"

# ---- gateways ----------------------------------------------------------------------------------

hv gateway add dev br0 ip 192.0.2.254 ip 192.0.2.253
check_err $? "gateway add failed"
[ "$(hv -j gateway show dev br0 | jq -c '.[0].gateways')" = '["192.0.2.254","192.0.2.253"]' ]
check_err $? "gateway show: $(hv -j gateway show dev br0)"
hv gateway del dev br0 ip 192.0.2.253
check_err $? "gateway del failed"
[ "$(hv -j gateway show | jq -c '[.[] | {dev, gateways}]')" = '[{"dev":"br0","gateways":["192.0.2.254"]}]' ]
check_err $? "gateway show after del: $(hv -j gateway show)"
log_test "gateway add, del, show: the bridge's list"

err=$(hv gateway del dev br0 ip 192.0.2.99 2>&1)
rc=$?
[ $rc = 1 ] && [[ $err == *"no such gateway"* ]]
check_err $? "del of an unknown gateway: rc $rc, '$err'"
err=$(hv gateway add dev tap1 ip 192.0.2.99 2>&1)
rc=$?
[ $rc = 1 ] && [[ $err == *"not a bridge"* ]]
check_err $? "gateway on a port: rc $rc, '$err'"
err=$(hv gateway add dev br0 ip 10.0.0.1 ip 10.0.0.2 ip 10.0.0.3 ip 10.0.0.4 ip 10.0.0.5 \
	ip 10.0.0.6 ip 10.0.0.7 ip 10.0.0.8 2>&1)
rc=$?
[ $rc = 1 ] && [[ $err == *"8 gateways"* ]]
check_err $? "a ninth gateway: rc $rc, '$err'"
[ "$(hv -j gateway show dev br0 | jq -c '.[0].gateways')" = '["192.0.2.254"]' ]
check_err $? "a refused change changed the list: $(hv -j gateway show dev br0)"
log_test "gateway errors: unknown address, not a bridge, more than 8; the list is unchanged"

# ---- activation now ----------------------------------------------------------------------------

# the hypervisor itself talks to the VM: its neighbour entry must follow too
ip -n "$HV" neigh replace 192.0.2.20 lladdr 02:00:00:00:00:99 dev br0 nud stale
hv migrate add dev tap1 mac $VM ip 192.0.2.20 ip 2001:db8::20 activate now
check_err $? "migrate add failed"
poll migration_state_is $VM "done"
check_err $? "not done: $(migration $VM)"
# 5 rounds of: garp request, garp reply, request to the gateway, unsolicited NA
poll sh -c "[ \"\$(ip netns exec $TOR $VMROAM -j stats dev t0 | jq -r '.nd_na_unsolicited')\" = 5 ]"
c=$(tor_counts)
[ "$c" = "5 5 5 5 0" ]
check_err $? "at the switch: garp_request garp_reply arp_request_other na rarp = $c"
m=$(migration $VM)
[ "$(jq -r '"\(.dev) \(.activate) \(.rounds) \(.frames) \(.ipv4) \(.ipv6)"' <<<"$m")" = \
  'tap1 now 5 20 ["192.0.2.20"] ["2001:db8::20"]' ] && jq -e '.announced_ns > 0' <<<"$m" >/dev/null
check_err $? "migrate show: $m"
log_test "activate now: 5 rounds of garp request, garp reply, ARP to the gateway, NA reach the switch"

poll binding_is $VM "tap1 migrated active"
check_err $? "binding: $(binding_of $VM)"
poll fdb_port_is $VM tap1
check_err $? "FDB entry on '$(fdb_port $VM)'"
# REACHABLE, unless a slow kernel let its reachable time pass already: the MAC is what counts
[[ "$(ip -n "$HV" -j neigh show 192.0.2.20 dev br0 | jq -r '.[0] | "\(.lladdr) \(.state[0])"')" =~ \
   ^$VM\ (REACHABLE|STALE|DELAY|PROBE)$ ]]
check_err $? "neighbour: $(ip -n "$HV" neigh show 192.0.2.20 dev br0)"
poll events_has '.event == "migrated" and .mac == "'$VM'" and .dev == "tap1" and .announced_ns > 0'
check_err $? "no migrated event: $(cat "$MON")"
log_test "activate now: binding migrated on tap1, FDB entry made there, neighbour REACHABLE, event"

# ---- a MAC without addresses: RARP -------------------------------------------------------------

hv migrate add dev tap2 mac $VM3 activate now
poll sh -c "[ \"\$(ip netns exec $TOR $VMROAM -j stats dev t0 | jq -r '.rarp_request')\" = 5 ]"
check_err $? "RARPs at the switch: $(tor_count rarp_request)"
poll migration_state_is $VM3 "done"
c=$(tor_counts)
[ "$c" = "5 5 5 5 5" ]
check_err $? "at the switch: $c"
log_test "a VM without addresses is announced with 5 RARPs, nothing else"

# ---- first frame -------------------------------------------------------------------------------

hv migrate add dev tap1 mac $VM2 ip 192.0.2.21
m=$(migration $VM2)
[ "$(jq -r '"\(.state) \(.activate)"' <<<"$m")" = "pending first-frame" ] &&
	jq -e '.expires_ms > 0' <<<"$m" >/dev/null
check_err $? "pending sanction: $m"
# its MAC on another port does not activate it
ip netns exec "$OTHER" "$VRSEND" e1 arp_garp_request smac $VM2 sha $VM2 sip 192.0.2.21
poll sh -c "[ \"\$(ip netns exec $HV $VMROAM -j stats dev tap2 | jq -r '.arp_garp_request')\" = 1 ]"
check_err $? "the frame from the other port did not arrive"
migration_state_is $VM2 pending
check_err $? "activated from another port: $(migration $VM2)"
# any frame at its port does: plain data
ip netns exec "$VMNS" "$VRSEND" e0 ipv4_udp smac $VM2
poll migration_state_is $VM2 "done"
check_err $? "not activated by its first frame: $(migration $VM2)"
jq -e '.activated_ns > 0 and .announced_ns >= .activated_ns' <<<"$(migration $VM2)" >/dev/null
check_err $? "timings: $(migration $VM2)"
log_test "first-frame: its MAC on another port does not activate; a data frame at its port does"

# ---- expiry, withdrawal, replacement -----------------------------------------------------------

hv migrate add dev tap2 mac 52:54:00:00:00:30 timeout 1
poll migration_state_is 52:54:00:00:00:30 expired
check_err $? "not expired: $(migration 52:54:00:00:00:30)"
poll events_has '.event == "expired" and .object == "sanction" and .mac == "52:54:00:00:00:30"'
check_err $? "no expired event: $(cat "$MON")"
log_test "a sanction whose timeout passes expires, with an event"

hv migrate add dev tap2 mac 52:54:00:00:00:31
hv migrate add dev tap1 mac 52:54:00:00:00:31 timeout 50
[ "$(migration 52:54:00:00:00:31 | jq -r '"\(.dev) \(.state)"')" = "tap1 pending" ] &&
	[ "$(hv -j migrate show | jq '[.[] | select(.mac == "52:54:00:00:00:31")] | length')" = 1 ]
check_err $? "replaced sanction: $(hv -j migrate show)"
hv migrate del mac 52:54:00:00:00:31
check_err $? "migrate del failed"
[ -z "$(migration 52:54:00:00:00:31)" ]
check_err $? "still listed after del"
err=$(hv migrate del mac 52:54:00:00:00:31 2>&1)
rc=$?
[ $rc = 1 ] && [[ $err == *"no migration"* ]]
check_err $? "second del: rc $rc, '$err'"
log_test "a new sanction replaces the one before; del withdraws it; del again says so"

err=$(hv migrate add dev br0 mac 52:54:00:00:00:32 2>&1)
rc=$?
[ $rc = 1 ] && [[ $err == *"not a bridge port"* ]]
check_err $? "sanction on the bridge itself: rc $rc, '$err'"
err=$(hv migrate add dev tap1 mac 01:00:5e:00:00:01 2>&1)
rc=$?
[ $rc != 0 ] && [[ $err == *"unicast"* ]] && [ -z "$(migration 01:00:5e:00:00:01)" ]
check_err $? "multicast MAC: rc $rc, '$err'"
log_test "a sanction on a non-port (kernel) or of a group MAC (CLI) is refused, saying why"

# ---- departures --------------------------------------------------------------------------------

# the VM (binding on tap1, migrated) leaves: its port goes down. A VM's port is an untrusted one:
# an uplink (trusted) that flaps takes no host away
hv port set dev tap1 trusted off
check_err $? "port set tap1 trusted off failed"
ip -n "$HV" neigh replace 192.0.2.20 lladdr $VM dev br0 nud reachable
ip -n "$VMNS" link set e0 down
poll binding_is $VM "tap1 migrated departed"
check_err $? "binding: $(binding_of $VM)"
poll neigh_state_is 192.0.2.20 FAILED
check_err $? "neighbour entry: $(neigh_state 192.0.2.20)"
poll fdb_port_is $VM ""
check_err $? "FDB entry still on '$(fdb_port $VM)'"
poll events_has '.event == "departed" and .mac == "'$VM'" and .dev == "tap1"'
check_err $? "no departed event: $(cat "$MON")"
log_test "port down: binding departed, FDB entry gone, neighbour entry FAILED, event"

# seen again from the uplink: the VM that left, not a new one
ip netns exec "$TOR" "$VRSEND" t0 arp_garp_request smac $VM sha $VM sip 192.0.2.20
poll binding_is $VM "up0 migrated active"
check_err $? "binding: $(binding_of $VM)"
poll events_has '.event == "moved" and .mac == "'$VM'" and .dev == "up0" and .from_dev == "tap1"'
check_err $? "no moved event: $(cat "$MON")"
events_has '.event == "new" and .mac == "'$VM'"'
check_fail $? "a new event for the departed VM: $(cat "$MON")"
log_test "the departed MAC seen from the uplink: the same binding moves there (moved, not new)"

# migrate out on the source: a static FDB entry of the VM goes too. The VM comes back first,
# sanctioned: a binding that vouches (migrated) does not follow a mere frame from the uplink
ip -n "$VMNS" link set e0 up
link_wait "$HV" tap1
hv migrate add dev tap1 mac $VM
check_err $? "migrate add for the way back failed"
ip netns exec "$VMNS" "$VRSEND" e0 arp_garp_request smac $VM sha $VM sip 192.0.2.20
poll binding_is $VM "tap1 migrated active"
bridge -n "$HV" fdb replace $VM dev tap1 master static
hv migrate out mac $VM
check_err $? "migrate out failed"
poll binding_is $VM "tap1 migrated departed"
check_err $? "binding: $(binding_of $VM)"
poll fdb_port_is $VM ""
check_err $? "static FDB entry still on '$(fdb_port $VM)'"
hv migrate out mac $VM
check_err $? "migrate out of a departed VM (its port went first) is refused"
binding_is $VM "tap1 migrated departed"
check_err $? "binding after the second migrate out: $(binding_of $VM)"
err=$(hv migrate out mac 52:54:00:00:00:99 2>&1)
rc=$?
[ $rc = 1 ] && [[ $err == *"no binding"* ]]
check_err $? "migrate out of an unknown MAC: rc $rc, '$err'"
log_test "migrate out: departed, even a static FDB entry goes; again: a no-op; unknown MAC: refused"

st=$(stats_json "$HV")
jq -e '.migrations == 4 and .departures >= 2 and .announce_sent >= 45 and .announce_dropped == 0' \
	<<<"$st" >/dev/null
check_err $? "counters: $(jq -c '{migrations, departures, announce_sent, announce_dropped}' <<<"$st")"
log_test "stats: migrations, departures and announcements counted"

# ---- activate announce -------------------------------------------------------------------------

# Four VMs sanctioned on tap2 with "activate announce", one per kind of announcement. Each frame
# is sent from e1 (the port's far end) and proven processed (tap2's counter of its type moved, or,
# for data, the bridge learnt it on tap2: the hook runs before the bridge learns) before the
# sanction is checked.
AN_RARP=52:54:00:00:00:50
AN_GREQ=52:54:00:00:00:51
AN_GREP=52:54:00:00:00:52
AN_NA=52:54:00:00:00:53
OUTSIDER=52:54:00:00:00:5f

tap2_count()	# TYPE: frames of TYPE tap2 counted
{
	stats_json "$HV" dev tap2 | jq -r ".$1"
}

tap2_count_is()	# TYPE N
{
	[ "$(tap2_count "$1")" = "$2" ]
}

# other_send TYPE ARGS...: send from e1, wait until tap2 counted it
other_send()
{
	local type=$1 n

	n=$(tap2_count "$type")
	ip netns exec "$OTHER" "$VRSEND" e1 "$@" || return 1
	poll tap2_count_is "$type" $((n + 1))
}

# the bridge learns MAC on PORT from a data frame sent from the far end of PORT's veth
learn_at()	# NS DEV PORT MAC
{
	ip netns exec "$1" "$VRSEND" "$2" ipv4_udp smac "$4" && poll fdb_port_is "$4" "$3"
}

# they wait for their frames through the cases below: longer than the default 600 s on the debug
# kernel, whose run scales every timeout (TIMEOUT_SCALE)
for mac in $AN_RARP $AN_GREQ $AN_GREP $AN_NA; do
	hv migrate add dev tap2 mac "$mac" activate announce \
		timeout $((600 * ${TIMEOUT_SCALE:-1})) || break
done
check_err $? "migrate add ... activate announce failed"
m=$(migration $AN_RARP)
[ "$(jq -r '"\(.dev) \(.state) \(.activate)"' <<<"$m")" = "tap2 pending announce" ]
check_err $? "pending sanction: $m"
hv migrate show | grep -q "^$AN_RARP vlan 0 dev tap2 state pending activate announce "
check_err $? "migrate show (text): $(hv migrate show)"
log_test "activate announce: the sanction is pending, migrate show says activate announce"

# what a stack that leaks the VM's MAC on the destination before the handover sends
learn_at "$OTHER" e1 tap2 $AN_RARP
check_err $? "the data frame did not reach the bridge: FDB on '$(fdb_port $AN_RARP)'"
other_send arp_request_other smac $AN_RARP sha $AN_RARP sip 192.0.2.50 tip 192.0.2.99 &&
	other_send arp_probe smac $AN_RARP sha $AN_RARP tip 192.0.2.50 &&
	other_send dhcp_client smac $AN_RARP sha $AN_RARP &&
	other_send nd_ns smac $AN_RARP sha $AN_RARP &&
	other_send nd_na_solicited smac $AN_RARP sha $AN_RARP &&
	other_send rarp_reply smac $AN_RARP sha $AN_RARP tha $AN_RARP
check_err $? "a frame was not counted at tap2: $(frames_json "$HV" dev tap2)"
migration_state_is $AN_RARP pending && binding_of $AN_RARP | grep -qv migrated
check_err $? "activated by a frame that is no announcement: $(migration $AN_RARP)"
log_test "activate announce: data, ARP request, probe, DHCP, NS, solicited NA, RARP reply do not activate"

# announcements that name another MAC than the one that sends them, or come from elsewhere
other_send rarp_request smac $AN_RARP sha $OUTSIDER tha $OUTSIDER &&
	other_send rarp_request smac $AN_RARP sha $AN_RARP tha $OUTSIDER &&
	other_send rarp_request smac $OUTSIDER sha $AN_RARP tha $AN_RARP &&
	other_send arp_garp_request smac $AN_GREQ sha $OUTSIDER sip 192.0.2.51 &&
	other_send arp_garp_reply smac $OUTSIDER sha $AN_GREP sip 192.0.2.52 &&
	other_send nd_na_unsolicited smac $AN_NA sha $OUTSIDER &&
	other_send nd_na_unsolicited smac $AN_NA sha $AN_NA dmac 02:00:00:00:00:99 dip6 fe80::99
check_err $? "a frame was not counted at tap2: $(frames_json "$HV" dev tap2)"
n=$(tap2_count arp_garp_request)
n1=$(stats_json "$HV" dev tap1 | jq -r .arp_garp_request)
ip netns exec "$VMNS" "$VRSEND" e0 arp_garp_request smac $AN_GREQ sha $AN_GREQ sip 192.0.2.51
poll sh -c "[ \"\$(ip netns exec $HV $VMROAM -j stats dev tap1 | jq -r '.arp_garp_request')\" = $((n1 + 1)) ]"
check_err $? "the GARP at tap1 was not counted"
learn_at "$VMNS" e0 tap1 $AN_GREQ
check_err $? "the fence frame at tap1 did not reach the bridge"
tap2_count_is arp_garp_request "$n"
check_err $? "tap2 counted a GARP it was not sent"
for mac in $AN_RARP $AN_GREQ $AN_GREP $AN_NA; do
	migration_state_is "$mac" pending || break
done
check_err $? "activated by a forged announcement: $(hv -j migrate show | jq -c '[.[] | {mac, state}]')"
log_test "activate announce: a RARP, GARP or NA naming another MAC, an NA to one host, a GARP at another port do not"

# the real ones: the FDB entry is on the uplink first (learnt from a frame of the MAC there)
announce_activates()	# MAC TYPE ARGS...: the frame from e1 activates MAC's sanction
{
	local mac=$1

	shift
	learn_at "$TOR" t0 up0 "$mac" || { echo "FDB not on up0: $(fdb_port "$mac")"; return 1; }
	migration_state_is "$mac" pending || { echo "not pending: $(migration "$mac")"; return 1; }
	other_send "$@" || { echo "$1 not counted"; return 1; }
	poll migration_state_is "$mac" "done" ||
		{ echo "not activated: $(migration "$mac")"; return 1; }
	jq -e '.activated_ns > 0' <<<"$(migration "$mac")" >/dev/null ||
		{ echo "no activation time: $(migration "$mac")"; return 1; }
	poll binding_is "$mac" "tap2 migrated active" ||
		{ echo "binding: $(binding_of "$mac")"; return 1; }
	poll fdb_port_is "$mac" tap2 || { echo "FDB on '$(fdb_port "$mac")'"; return 1; }
}

out=$(announce_activates $AN_RARP rarp_request smac $AN_RARP sha $AN_RARP tha $AN_RARP)
check_err $? "$out"
log_test "activate announce: a RARP request of the MAC (QEMU's self-announce) activates it"
out=$(announce_activates $AN_GREQ arp_garp_request smac $AN_GREQ sha $AN_GREQ sip 192.0.2.51)
check_err $? "$out"
log_test "activate announce: a gratuitous ARP request (RFC 5227 announcement) activates it"
out=$(announce_activates $AN_GREP arp_garp_reply smac $AN_GREP sha $AN_GREP sip 192.0.2.52)
check_err $? "$out"
log_test "activate announce: a gratuitous ARP reply activates it"
out=$(announce_activates $AN_NA nd_na_unsolicited smac $AN_NA sha $AN_NA)
check_err $? "$out"
log_test "activate announce: an unsolicited NA to all nodes activates it"

# ---- unload with work in flight ----------------------------------------------------------------

# one frame a second: the queue is still full when the module goes
echo 1 >/sys/module/vmroam/parameters/announce_pps
hv migrate add dev tap1 mac $VM ip 192.0.2.20 ip 192.0.2.21 ip 192.0.2.22 activate now
hv migrate add dev tap2 mac 52:54:00:00:00:40 timeout 100
kill "$MONPID" 2>/dev/null
wait "$MONPID" 2>/dev/null
MONPID=
vmroam_unload
check_err $? "rmmod failed"
vmroam_load
check_err $? "insmod failed"
log_test "unload with announcements queued and a sanction pending"

tap_end
