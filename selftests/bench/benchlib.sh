# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# What the benchmarks share, sourced after ../lib.sh: time, medians and ratios, a device's
# received frames, and pktgen's 64-byte UDP frames.

now_ns() { date +%s%N; }

# seconds between two now_ns values, 3 decimals
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

# N events in S seconds, per second
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }

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

# A line of make bench's one table, "= LABEL  VALUE": each benchmark prints its own at its end,
# and the bench Makefile gathers every "= " line of every run into one table.
summary()	# LABEL VALUE...
{
	local label=$1

	shift
	printf '= %-70s %s\n' "$label" "$*"
}

rx_packets()	# NS DEV
{
	ip -n "$1" -j -s link show dev "$2" | jq -r '.[0].stats64.rx.packets'
}

# pktgen is per namespace: load it before the namespaces exist; 1 if it is there
pktgen_load()
{
	[ -z "${NO_PKTGEN:-}" ] && { [ -d /sys/module/pktgen ] || modprobe -q pktgen 2>/dev/null; }
}

# pktgen_setup NS DEV SRC_IP DST_IP DST_MAC: kpktgend_0 of NS sends 60-byte UDP frames (64 on
# the wire with the FCS) from DEV
pktgen_setup()
{
	ip netns exec "$1" sh -c "
		pg() { echo \"\$2\" > /proc/net/pktgen/\$1; }
		pg kpktgend_0 rem_device_all
		pg kpktgend_1 rem_device_all 2>/dev/null
		pg kpktgend_0 'add_device $2'
		pg $2 'count 0'
		pg $2 'clone_skb 0'
		pg $2 'pkt_size 60'
		pg $2 'delay 0'
		pg $2 'dst $4'
		pg $2 'src_min $3'
		pg $2 'src_max $3'
		pg $2 'udp_dst_min 9'
		pg $2 'udp_dst_max 9'
		pg $2 'dst_mac $5'
	"
}

# pktgen_run NS RX_NS RX_DEV SECONDS: pktgen of NS sends for SECONDS; prints the frames per
# second that RX_DEV of RX_NS received
pktgen_run()
{
	local r0 r1 t0 t1 pg

	ip netns exec "$1" sh -c 'echo start > /proc/net/pktgen/pgctrl' 2>/dev/null &
	pg=$!
	sleep 0.5		# under way
	r0=$(rx_packets "$2" "$3")
	t0=$(now_ns)
	sleep "$4"
	r1=$(rx_packets "$2" "$3")
	t1=$(now_ns)
	ip netns exec "$1" sh -c 'echo stop > /proc/net/pktgen/pgctrl'
	wait $pg 2>/dev/null
	awk -v n=$((r1 - r0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.0f", n / (t / 1e9) }'
}

pktgen_stop()	# NS
{
	[ -e /proc/net/pktgen/pgctrl ] &&
		ip netns exec "$1" sh -c 'echo stop > /proc/net/pktgen/pgctrl' 2>/dev/null
}

# tcp_run NS DST_IP PORT SECONDS: an iperf3 run from NS; prints Gbit/s received
tcp_run()
{
	local j

	j=$(ip netns exec "$1" iperf3 -c "$2" -p "$3" -t "$4" -J) || {
		echo "iperf3 failed: $(jq -r '.error // empty' <<<"$j")" >&2
		echo 0
		return
	}
	jq -r '.end.sum_received.bits_per_second / 1e9 | . * 1000 | round / 1000' <<<"$j"
}

# two_hosts PORT [E1_MAC E2_MAC]: the benchmarks' topology, ns a (e1 10.0.0.1) and ns b (e2
# 10.0.0.2) joined by br0 (no multicast snooping) of ns sw through its ports p1 and p2; a ping
# crosses it, and iperf3 -s listens on PORT in b (its pid in server_pid). Dies (the caller's
# die()) on what fails.
two_hosts()
{
	ns_create A && ns_create B && ns_create SW || die "ip netns add"
	ip -n "$SW" link add br0 type bridge mcast_snooping 0 || die "no bridge support"
	ip -n "$SW" link add p1 type veth peer name e1 netns "$A" &&
		ip -n "$SW" link add p2 type veth peer name e2 netns "$B" || die "veth"
	if [ $# -ge 3 ]; then
		ip -n "$A" link set e1 address "$2" && ip -n "$B" link set e2 address "$3" ||
			die "MAC addresses $2 $3"
	fi
	ip -n "$SW" link set p1 master br0 up && ip -n "$SW" link set p2 master br0 up &&
		ip -n "$SW" link set br0 up || die "br0"
	ip -n "$A" addr add 10.0.0.1/24 dev e1 && ip -n "$B" addr add 10.0.0.2/24 dev e2 ||
		die "addresses"
	ip -n "$A" link set e1 up && ip -n "$B" link set e2 up || die "e1, e2 up"
	link_wait "$SW" p1 && link_wait "$SW" p2 && link_wait "$A" e1 && link_wait "$B" e2 ||
		die "links do not come up"
	poll ip netns exec "$A" ping -c 1 -W 1 10.0.0.2 >/dev/null || die "no ping through the bridge"
	ip netns exec "$B" iperf3 -s -p "$1" >/dev/null 2>&1 &
	# shellcheck disable=SC2034 # the caller's cleanup kills it
	server_pid=$!
	poll sh -c "ip netns exec $B ss -Hltn 'sport = :$1' | grep -q ." ||
		die "iperf3 -s does not listen"
}
