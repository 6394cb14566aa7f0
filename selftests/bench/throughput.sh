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
	[ -n "${A:-}" ] && [ -e "/proc/net/pktgen/pgctrl" ] &&
		ip netns exec "$A" sh -c 'echo stop > /proc/net/pktgen/pgctrl' 2>/dev/null
	ns_cleanup
}
trap cleanup EXIT

load_kernel_modules
vmroam_unload || die "vmroam is loaded and cannot be unloaded"
# pktgen is per namespace: load it before the namespaces exist
pktgen=0
if [ -z "${NO_PKTGEN:-}" ] && { [ -d /sys/module/pktgen ] || modprobe -q pktgen 2>/dev/null; }; then
	pktgen=1
fi

# ---- topology ---------------------------------------------------------------------------------

ns_create A || die "ip netns add"
ns_create B || die "ip netns add"
ns_create SW || die "ip netns add"
ip -n "$SW" link add br0 type bridge || die "no bridge support"
ip -n "$SW" link add p1 type veth peer name e1 netns "$A"
ip -n "$SW" link add p2 type veth peer name e2 netns "$B"
for d in p1 p2; do
	ip -n "$SW" link set "$d" master br0
	ip -n "$SW" link set "$d" up
done
ip -n "$SW" link set br0 up
ip -n "$A" addr add 10.0.0.1/24 dev e1
ip -n "$B" addr add 10.0.0.2/24 dev e2
ip -n "$A" link set e1 up
ip -n "$B" link set e2 up
link_wait "$SW" p1 && link_wait "$SW" p2 && link_wait "$A" e1 && link_wait "$B" e2 ||
	die "links do not come up"
poll ip netns exec "$A" ping -c 1 -W 1 10.0.0.2 >/dev/null || die "no ping through the bridge"

ip netns exec "$B" iperf3 -s -p $PORT >/dev/null 2>&1 &
server_pid=$!
poll sh -c "ip netns exec $B ss -Hltn 'sport = :$PORT' | grep -q ." || die "iperf3 -s does not listen"

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

median()	# VALUES...
{
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

spread()	# VALUES...: "min-max"
{
	printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }

# a TCP run of $1 seconds: prints Gbit/s received
tcp_run()
{
	local j

	j=$(ip netns exec "$A" iperf3 -c 10.0.0.2 -p $PORT -t "$1" -J) || {
		echo "iperf3 failed: $(jq -r '.error // empty' <<<"$j")" >&2
		echo 0
		return
	}
	jq -r '.end.sum_received.bits_per_second / 1e9 | . * 1000 | round / 1000' <<<"$j"
}

rx_packets()	# NS DEV
{
	ip -n "$1" -j -s link show dev "$2" | jq -r '.[0].stats64.rx.packets'
}

now_ns() { date +%s%N; }

# UDP with pktgen: kpktgend_0 of namespace a sends 60-byte frames (64 on the wire with the FCS)
# from e1 to e2 for $1 seconds; prints the frames per second that e2 received, that is that the
# bridge forwarded
pktgen_setup()
{
	local mac

	mac=$(ip -n "$B" -j link show dev e2 | jq -r '.[0].address')
	ip netns exec "$A" sh -c "
		pg() { echo \"\$2\" > /proc/net/pktgen/\$1; }
		pg kpktgend_0 rem_device_all
		pg kpktgend_1 rem_device_all 2>/dev/null
		pg kpktgend_0 'add_device e1'
		pg e1 'count 0'
		pg e1 'clone_skb 0'
		pg e1 'pkt_size 60'
		pg e1 'delay 0'
		pg e1 'dst 10.0.0.2'
		pg e1 'src_min 10.0.0.1'
		pg e1 'src_max 10.0.0.1'
		pg e1 'udp_dst_min 9'
		pg e1 'udp_dst_max 9'
		pg e1 'dst_mac $mac'
	" || die "pktgen setup failed"
}

pktgen_run()
{
	local r0 r1 t0 t1 pg

	ip netns exec "$A" sh -c 'echo start > /proc/net/pktgen/pgctrl' 2>/dev/null &
	pg=$!
	sleep 0.5		# under way
	r0=$(rx_packets "$B" e2)
	t0=$(now_ns)
	sleep "$1"
	r1=$(rx_packets "$B" e2)
	t1=$(now_ns)
	ip netns exec "$A" sh -c 'echo stop > /proc/net/pktgen/pgctrl'
	wait $pg 2>/dev/null
	awk -v n=$((r1 - r0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.0f", n / (t / 1e9) }'
}

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
tcp_run 2 >/dev/null

declare -a tcp_off tcp_on tcp_guard udp_off udp_on udp_guard
echo
echo "## bulk TCP (iperf3, $TCP_SECONDS s per run), Gbit/s"
for ((r = 1; r <= ROUNDS; r++)); do
	for m in off on guard; do
		module $m
		v=$(tcp_run "$TCP_SECONDS")
		printf '  round %d  module %-5s  %8s Gbit/s\n' "$r" "$m" "$v"
		eval "tcp_$m+=(\"\$v\")"
	done
done

if [ $pktgen = 1 ]; then
	udp_what="pktgen, 60-byte UDP frames from e1, counted on e2"
	pktgen_setup
	udp_run=pktgen_run
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
