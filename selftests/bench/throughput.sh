#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What vmroam's bridge hook costs the traffic it is not about: bulk TCP (iperf3) and 64-byte UDP
# frames (pktgen, else iperf3 -u) forwarded through a bridge, without the module, with it, and
# with it guarding the sending port (untrusted, lock and ip-guard on, the sender bound statically:
# every frame then costs a binding and an address lookup), in interleaved runs (off, on, guard,
# off, ...) so that drift of the machine hits all alike. Prints each run, the median of each side
# and the ratios to "without". Judges nothing: under QEMU/TCG the absolute figures mean little,
# the ratio is the figure.
#
#   ns a                 ns sw                        ns b
#   e1 10.0.0.1 --veth-- p1 -- br0 -- p2 --veth-- e2 10.0.0.2
#
#   selftests/bench/throughput.sh        env: ROUNDS (5), TCP_SECONDS (4), UDP_SECONDS (3)
#
# The TCP case crosses the bridge as GSO super-frames (veth offloads), as a VM's tap device would
# hand them over, so the hook runs once per up to 64 KiB; the UDP case runs it once per frame.
# Runs in the test VM (selftests/vm/run.sh -- selftests/bench/throughput.sh) or as root on a host
# that can load the module.

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/benchlib.sh"

ROUNDS=${ROUNDS:-5}
TCP_SECONDS=${TCP_SECONDS:-4}
UDP_SECONDS=${UDP_SECONDS:-3}
PORT=5201

die()
{
	echo "throughput.sh: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "needs root"
[ -f "$VMROAM_KO" ] || die "build the module first (make all)"
command -v iperf3 >/dev/null || die "needs iperf3 (apt-get install iperf3)"
command -v jq >/dev/null || die "needs jq"

server_pid=
cleanup()
{
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	[ -n "${A:-}" ] && pktgen_stop "$A"
	ns_cleanup
}
trap cleanup EXIT

load_kernel_modules
vmroam_unload || die "vmroam is loaded and cannot be unloaded"
# pktgen is per namespace: load it before the namespaces exist
pktgen=0
pktgen_load && pktgen=1

# ---- topology ---------------------------------------------------------------------------------

two_hosts $PORT

# ---- helpers ----------------------------------------------------------------------------------

module()	# off|on|guard
{
	local mac

	vmroam_unload || die "rmmod vmroam"
	[ "$1" = off ] && return
	vmroam_load || die "insmod $VMROAM_KO"
	[ "$1" = on ] && return
	mac=$(ip -n "$A" -j link show dev e1 | jq -r '.[0].address')
	ip netns exec "$SW" "$VMROAM" binding add dev p1 mac "$mac" ip 10.0.0.1 &&
		ip netns exec "$SW" "$VMROAM" port set dev p1 trusted off lock on ip-guard on ||
		die "cannot guard p1"
}

# UDP with pktgen from e1 to e2 for $1 seconds: the frames per second the bridge forwarded
pktgen_e1_setup()
{
	pktgen_setup "$A" e1 10.0.0.1 10.0.0.2 "$(ip -n "$B" -j link show dev e2 | jq -r '.[0].address')" ||
		die "pktgen setup failed"
}

pktgen_e1_run() { pktgen_run "$A" "$B" e2 "$1"; }

tcp_e1_run() { tcp_run "$A" 10.0.0.2 $PORT "$1"; }

# UDP without pktgen: iperf3 -u with 18-byte payloads (64-byte frames), as fast as it goes
iperf_udp_run()
{
	local j

	j=$(ip netns exec "$A" iperf3 -c 10.0.0.2 -p $PORT -u -l 18 -b 0 -t "$1" -J) || {
		echo 0
		return
	}
	jq -r '.end.sum.packets as $p | .end.sum.lost_packets as $l |
		.end.sum.seconds as $s | (($p - $l) / $s) | round' <<<"$j"
}

# ---- runs -------------------------------------------------------------------------------------

echo "# vmroam: forwarding through a bridge, module off/on interleaved, $ROUNDS rounds each"
echo "# kernel $(uname -r), $(nproc) CPUs; iperf3 $(iperf3 --version | awk 'NR == 1 { print $2 }')"

# warm-up, not counted
tcp_e1_run 2 >/dev/null

declare -a tcp_off tcp_on tcp_guard udp_off udp_on udp_guard
echo
echo "## bulk TCP (iperf3, $TCP_SECONDS s per run), Gbit/s"
for ((r = 1; r <= ROUNDS; r++)); do
	for m in off on guard; do
		module $m
		v=$(tcp_e1_run "$TCP_SECONDS")
		printf '  round %d  module %-5s  %8s Gbit/s\n' "$r" "$m" "$v"
		eval "tcp_$m+=(\"\$v\")"
	done
done

if [ $pktgen = 1 ]; then
	udp_what="pktgen, 60-byte UDP frames from e1, counted on e2"
	pktgen_e1_setup
	udp_run=pktgen_e1_run
else
	udp_what="iperf3 -u -l 18 -b 0, received datagrams"
	udp_run=iperf_udp_run
fi
echo
echo "## small UDP frames ($udp_what, $UDP_SECONDS s per run), frames/s"
for ((r = 1; r <= ROUNDS; r++)); do
	for m in off on guard; do
		module $m
		v=$($udp_run "$UDP_SECONDS")
		printf '  round %d  module %-5s  %10s frames/s\n' "$r" "$m" "$v"
		eval "udp_$m+=(\"\$v\")"
	done
done
module off

to=$(median "${tcp_off[@]}")
tn=$(median "${tcp_on[@]}")
uo=$(median "${udp_off[@]}")
un=$(median "${udp_on[@]}")
tg=$(median "${tcp_guard[@]}")
ug=$(median "${udp_guard[@]}")
echo
echo "## summary (medians of $ROUNDS runs; min-max)"
printf '  %-22s %20s %20s %20s %9s %9s\n' "" "without" "with vmroam" "guarded port" \
	"with/w.o" "guard/w.o"
printf '  %-22s %20s %20s %20s %9s %9s\n' "bulk TCP, Gbit/s" "$to ($(spread "${tcp_off[@]}"))" \
	"$tn ($(spread "${tcp_on[@]}"))" "$tg ($(spread "${tcp_guard[@]}"))" \
	"$(ratio "$tn" "$to")" "$(ratio "$tg" "$to")"
printf '  %-22s %20s %20s %20s %9s %9s\n' "64-byte UDP, frames/s" "$uo ($(spread "${udp_off[@]}"))" \
	"$un ($(spread "${udp_on[@]}"))" "$ug ($(spread "${udp_guard[@]}"))" \
	"$(ratio "$un" "$uo")" "$(ratio "$ug" "$uo")"
echo
summary "throughput: 64-byte UDP, module loaded / off" "$(ratio "$un" "$uo")"
summary "throughput: 64-byte UDP, guarded port / off" "$(ratio "$ug" "$uo")"
summary "throughput: bulk TCP, module loaded / off" "$(ratio "$tn" "$to")"
summary "throughput: bulk TCP, guarded port / off" "$(ratio "$tg" "$to")"
