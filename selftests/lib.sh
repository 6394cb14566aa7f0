#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared by every vmroam selftest: TAP output, the module and tools under test, network namespaces
# that are always cleaned up, and bounded polls (never a bare sleep: CI runs these under TCG on a
# busy machine, so every wait is "until this is true, at most this long").
#
# Runs the same on a real host (as root, with the module built) and in the test VM.

VMROAM_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VMROAM=${VMROAM:-$VMROAM_TOP/userspace-tool/vmroam}
VRSEND=${VRSEND:-$VMROAM_TOP/selftests/tools/vrsend}
VMROAM_KO=${VMROAM_KO:-$VMROAM_TOP/kmod/vmroam.ko}
# how long a poll waits for a condition before the test fails, in milliseconds; slow kernels
# (the debug build under TCG) scale it with TIMEOUT_SCALE, as run_tests.sh scales test timeouts
POLL_TIMEOUT_MS=${POLL_TIMEOUT_MS:-$((10000 * ${TIMEOUT_SCALE:-1}))}

TAP_N=0
TAP_FAILED=0
NS_LIST=()
RET=0
retmsg=

# ---- TAP -------------------------------------------------------------------------------------

tap_begin()
{
	echo "TAP version 13"
}

tap_ok()
{
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $*"
}

tap_not_ok()
{
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $1"
	[ -n "${2:-}" ] && printf '#   %s\n' "$2"
	return 0
}

tap_skip()
{
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1 # SKIP ${2:-}"
}

tap_diag()
{
	printf '# %s\n' "$*"
}

# prints the plan and leaves with the status the runner expects
tap_end()
{
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
	exit $?
}

# the style of tools/testing/selftests/net/forwarding/lib.sh: RET collects the first failure
# of a test case, log_test reports it
check_err()
{
	if [ "$RET" -eq 0 ] && [ "$1" -ne 0 ]; then
		RET=$1
		retmsg=$2
	fi
}

check_fail()
{
	if [ "$RET" -eq 0 ] && [ "$1" -eq 0 ]; then
		RET=1
		retmsg=$2
	fi
}

log_test()
{
	if [ "$RET" -ne 0 ]; then
		tap_not_ok "$1" "$retmsg"
	else
		tap_ok "$1"
	fi
	RET=0
	retmsg=
}

# ---- environment ----------------------------------------------------------------------------

require_root()
{
	if [ "$(id -u)" != 0 ]; then
		tap_begin
		tap_skip "$(basename "$0")" "needs root"
		tap_end
	fi
}

# kernel pieces the tests use; built in on the debug kernel, modules on Debian's
load_kernel_modules()
{
	local m

	for m in bridge veth 8021q macvlan dummy; do
		[ -d "/sys/module/$m" ] || modprobe -q "$m" 2>/dev/null || true
	done
}

vmroam_loaded()
{
	[ -d /sys/module/vmroam ]
}

vmroam_load()
{
	vmroam_loaded && return 0
	insmod "$VMROAM_KO" "$@"
}

vmroam_unload()
{
	vmroam_loaded || return 0
	rmmod vmroam
}

# ---- namespaces -------------------------------------------------------------------------------

# ns_create VAR: makes a namespace with a unique name, stores the name in VAR, deletes it on exit
ns_create()
{
	local name="vr-$1-$$"

	ip netns add "$name" || return 1
	NS_LIST+=("$name")
	ip -n "$name" link set lo up
	# no IPv6 autoconfiguration chatter (DAD, router solicitations, MLD) unless a test wants it
	[ ! -d /proc/sys/net/ipv6 ] ||
		ip netns exec "$name" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 >/dev/null
	printf -v "$1" '%s' "$name"
}

ns_cleanup()
{
	local ns

	for ns in "${NS_LIST[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	NS_LIST=()
}

trap ns_cleanup EXIT

# ---- waiting ----------------------------------------------------------------------------------

# poll [TIMEOUT_MS] CMD...: runs CMD until it succeeds or the time is up
poll()
{
	local timeout=$POLL_TIMEOUT_MS end

	if [[ $1 =~ ^[0-9]+$ ]]; then
		timeout=$1
		shift
	fi
	end=$(($(date +%s%3N) + timeout))
	until "$@"; do
		[ "$(date +%s%3N)" -ge "$end" ] && return 1
		sleep 0.02
	done
}

# link_is_up NS DEV: operstate UP, or UNKNOWN for devices without carrier
link_is_up()
{
	ip -n "$1" -j link show dev "$2" 2>/dev/null |
		jq -e '.[0].operstate == "UP" or .[0].operstate == "UNKNOWN"' >/dev/null
}

link_wait()
{
	poll link_is_up "$1" "$2"
}

# veth_port NS BRIDGE PORT PEER_NS PEER: a VM's tap as a hypervisor makes it: the veth PORT in NS,
# enslaved to BRIDGE and up, its end PEER up in PEER_NS; returns once PORT is up
veth_port()
{
	ip -n "$1" link add "$3" type veth peer name "$5" netns "$4" &&
		ip -n "$1" link set "$3" master "$2" up &&
		ip -n "$4" link set "$5" up && link_wait "$1" "$3"
}

# ---- reading vmroam -----------------------------------------------------------------------

# the frame types, in the order of the uapi
FRAME_TYPES="arp_garp_request arp_garp_reply arp_probe arp_request_local arp_request_other
arp_reply_local arp_reply_other arp_reply_broadcast rarp_request rarp_reply nd_ns nd_ns_dad
nd_na_solicited nd_na_unsolicited dhcp_client dhcp_server malformed nd_ra nd_redirect dhcp6_client
dhcp6_server"

# stats_json NS [dev PORT]: "vmroam -j stats": frame counters, then (namespace) move counters,
# then the object "drops" (per drop reason)
stats_json()
{
	local ns=$1

	shift
	ip netns exec "$ns" "$VMROAM" -j stats "$@"
}

# frames_json NS [dev PORT]: the frame counters only
frames_json()
{
	stats_json "$@" | jq -c --arg t "$FRAME_TYPES" \
		'with_entries(select(.key | IN($t | splits("\\s+"))))'
}

# ---- the event monitor ----------------------------------------------------------------------

# monitor_start_ready NS OUT ERR [-m PATTERN] [-t] TRIGGER...: "vmroam -j monitor" (with -t:
# its text output) in NS, in the background (its pid in MONITOR_PID), its lines in OUT and its
# stderr in ERR; returns once the monitor is subscribed to the events group, which only an event
# it prints proves: TRIGGER, a command that causes one, runs until the monitor has printed a line
# (matching the grep -E PATTERN with -m) (5 tries, each waiting a fifth of POLL_TIMEOUT_MS). The
# trigger's event stays in OUT. Status 1 when the monitor never printed it, died (ERR says why)
# or TRIGGER failed.
monitor_start_ready()
{
	local ns=$1 out=$2 err=$3 pat=. json=-j

	shift 3
	while :; do
		case $1 in
		-m) pat=$2; shift 2 ;;
		-t) json=; shift ;;
		*) break ;;
		esac
	done
	: >"$out"
	# shellcheck disable=SC2086 # $json: -j or nothing
	ip netns exec "$ns" "$VMROAM" $json monitor >"$out" 2>"$err" &
	MONITOR_PID=$!
	for _ in 1 2 3 4 5; do
		"$@" || return 1
		poll $((POLL_TIMEOUT_MS / 5)) grep -qE -- "$pat" "$out" && return 0
		kill -0 "$MONITOR_PID" 2>/dev/null || return 1
	done
	return 1
}

# monitor_probe NS PORT: a trigger for monitor_start_ready that changes nothing else: a sanction
# on PORT of a MAC no test uses (02:00:00:00:00:fe), which expires after 1 s with an "expired"
# event (and is kept in "migrate show" as expired; activations are what "stats" counts)
MONITOR_PROBE_MAC=02:00:00:00:00:fe
monitor_probe()
{
	ip netns exec "$1" "$VMROAM" migrate add dev "$2" mac $MONITOR_PROBE_MAC timeout 1
}
