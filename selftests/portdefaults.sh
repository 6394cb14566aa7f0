#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Secure from the first frame: a bridge's port defaults ("vmroam bridge set dev BR port-defaults
# ..."). A hypervisor creates a VM's tap and enslaves it on every start and incoming migration;
# the tap must be guarded by the time its first frame arrives, with no script racing the guest.
#
#   ns hv: br0 (192.0.2.1/24) with up1 (an uplink, there before the defaults) and the taps made
#   after them: tapa, tapb, tapc, each a veth to ns guest (ga, gb, gc)

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

hv()
{
	ip netns exec "$HV" "$VMROAM" "$@"
}

bridge_json()	# [dev BR]: "bridge show"
{
	hv -j bridge show "$@"
}

port_setting()	# PORT KEY
{
	hv -j port show dev "$1" | jq -r ".[0].$2"
}

drops()		# PORT REASON
{
	stats_json "$HV" dev "$1" | jq -r ".drops.$2"
}

drops_are()	# PORT REASON N
{
	[ "$(drops "$1" "$2")" = "$3" ]
}

frames_are()	# PORT TYPE N
{
	[ "$(stats_json "$HV" dev "$1" | jq -r ".$2")" = "$3" ]
}

new_tap()	# NAME PEER: a VM's tap in br0 (ns hv), its other end in ns guest
{
	veth_port "$HV" br0 "$1" "$GUEST" "$2"
}

tap_begin 8

ns_create HV && ns_create GUEST
ip -n "$HV" link add br0 type bridge
ip -n "$HV" link add up1 type veth peer name u1 netns "$GUEST"
ip -n "$HV" link set up1 master br0 up
ip -n "$GUEST" link set u1 up
ip -n "$HV" addr add 192.0.2.1/24 dev br0
ip -n "$HV" link set br0 up
link_wait "$HV" up1
check_err $? "setup"
out=$(bridge_json dev br0)
jq -e '.[0].inherit == true and .[0].port_defaults.trusted == true and .[0].dev == "br0"' \
	<<<"$out" >/dev/null
check_err $? "before any setting: $out"
log_test "a bridge without defaults shows the module parameters' (trusted on, inherit)"

# the operator's word once per bridge; the uplink stays as it was
hv bridge set dev br0 port-defaults trusted off lock on arp-inspect on ip-guard on max-macs 2
check_err $? "bridge set failed"
out=$(bridge_json dev br0)
jq -e '.[0].inherit == false and .[0].port_defaults.trusted == false and
	.[0].port_defaults.lock == true and .[0].port_defaults.arp_inspect == true and
	.[0].port_defaults.ip_guard == true and .[0].port_defaults.max_macs == 2 and
	.[0].port_defaults.ra_guard == true' <<<"$out" >/dev/null
check_err $? "bridge show after the set: $out"
[ "$(port_setting up1 trusted)" = true ]
check_err $? "the uplink, in the bridge before, changed: $(hv -j port show dev up1)"
human=$(hv bridge show dev br0)
[[ $human == "br0 port-defaults trusted off lock on max-macs 2 arp-inspect on ip-guard on"* ]]
check_err $? "bridge show prints: $human"
log_test "bridge set: the defaults shown (JSON and plainly), the port already in the bridge keeps its settings"

# a tap made now has them, and its very first frame, a spoofed ARP, is dropped
new_tap tapa ga
check_err $? "tapa"
out=$(hv -j port show dev tapa)
jq -e '.[0].trusted == false and .[0].lock == true and .[0].arp_inspect == true and
	.[0].ip_guard == true and .[0].max_macs == 2' <<<"$out" >/dev/null
check_err $? "tapa's settings: $out"
before=$(drops tapa arp_unbound)
ip netns exec "$GUEST" "$VRSEND" ga arp_garp_request smac 52:54:00:00:20:01 \
	sha 52:54:00:00:20:01 sip 192.0.2.66
poll drops_are tapa arp_unbound $((before + 1))
check_err $? "drops.arp_unbound at tapa: $before, then $(drops tapa arp_unbound)"
frames=$(stats_json "$HV" dev tapa | jq -r '.arp_garp_request')
[ "$frames" = 1 ]
check_err $? "tapa counted $frames gratuitous ARP requests: the dropped one was not its first"
! ip -n "$HV" neigh show 192.0.2.66 dev br0 | grep -qv FAILED
check_err $? "the host learnt the spoofed address: $(ip -n "$HV" neigh show 192.0.2.66)"
log_test "attack: a tap made after the defaults drops its first frame, a spoofed ARP (arp_unbound)"

# the control: without defaults a new tap is trusted and the same frame passes
hv bridge set dev br0 port-defaults inherit
check_err $? "inherit failed"
jq -e '.[0].inherit == true' <<<"$(bridge_json dev br0)" >/dev/null
check_err $? "after inherit: $(bridge_json dev br0)"
new_tap tapb gb
[ "$(port_setting tapb trusted)" = true ]
check_err $? "tapb: $(hv -j port show dev tapb)"
ip netns exec "$GUEST" "$VRSEND" gb arp_garp_request smac 52:54:00:00:20:02 \
	sha 52:54:00:00:20:02 sip 192.0.2.67
poll frames_are tapb arp_garp_request 1
check_err $? "tapb never counted the frame"
[ "$(drops tapb arp_unbound)" = 0 ]
check_err $? "tapb dropped it"
[ "$(port_setting tapa trusted)" = false ]
check_err $? "tapa changed with inherit: $(hv -j port show dev tapa)"
log_test "inherit: a new tap is trusted again and the same frame passes; tapa keeps its settings"

# the defaults change field by field; a check on trusted defaults is refused with its reason
hv bridge set dev br0 port-defaults trusted off nd-inspect on
hv bridge set dev br0 port-defaults rate 5
out=$(bridge_json dev br0)
jq -e '.[0].port_defaults.trusted == false and .[0].port_defaults.nd_inspect == true and
	.[0].port_defaults.rate == 5 and .[0].port_defaults.lock == false' <<<"$out" >/dev/null
check_err $? "two sets: $out"
hv bridge set dev br0 port-defaults trusted on >/dev/null
err=$(hv bridge set dev br0 port-defaults ip-guard on 2>&1)
rc=$?
[ $rc != 0 ] && [[ $err == *"trusted"* ]]
check_err $? "ip-guard on trusted defaults: rc $rc, '$err'"
new_tap tapc gc
[ "$(port_setting tapc trusted)" = true ] && [ "$(port_setting tapc ip_guard)" = false ]
check_err $? "tapc: $(hv -j port show dev tapc)"
log_test "defaults change setting by setting; ip-guard on trusted defaults is refused ('$err')"

# bad requests: a clear error and a non-zero status
bad()	# EXPECTED-PART ARGS...: the CLI refuses ARGS saying EXPECTED-PART
{
	local want=$1 out rc

	shift
	out=$(hv "$@" 2>&1)
	rc=$?
	[ $rc != 0 ] && [[ $out == *"$want"* ]] && return 0
	tap_diag "vmroam $*: rc $rc, '$out'"
	return 1
}
bad "not a bridge" bridge set dev up1 port-defaults lock on &&
	bad "no port default given" bridge set dev br0 port-defaults &&
	bad "takes no setting" bridge set dev br0 port-defaults inherit lock on &&
	bad "port-defaults" bridge set dev br0 lock on &&
	bad "invalid max-macs" bridge set dev br0 port-defaults max-macs lots &&
	bad "not a bridge" bridge show dev up1
check_err $? "a bad request was not refused as it should"
log_test "bad requests are refused with their reason and a non-zero status"

# every bridge in a dump; a bridge that goes takes its defaults with it
ip -n "$HV" link add br1 type bridge
hv bridge set dev br1 port-defaults trusted off
check_err $? "bridge set br1"
n=$(bridge_json | jq '[.[] | select(.dev == "br0" or .dev == "br1")] | length')
[ "$n" = 2 ]
check_err $? "the dump lists $n of br0 and br1: $(bridge_json)"
ip -n "$HV" link del br1
ip -n "$HV" link add br1 type bridge
jq -e '.[0].inherit == true' <<<"$(bridge_json dev br1)" >/dev/null
check_err $? "a new br1 inherited the old one's defaults: $(bridge_json dev br1)"
log_test "bridge show lists every bridge; a bridge made again starts from the module parameters"

# the namespace goes with its bridges' defaults (kmemleak, and the unload at the end, check)
ns_cleanup
ip netns list | grep -q . && check_err 1 "namespaces left: $(ip netns list)"
log_test "the namespace goes with its bridges and their defaults"

tap_end
