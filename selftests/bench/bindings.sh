#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The binding table at 100 000 bindings: how fast vmroam learns them from gratuitous ARP
# requests, what each costs in memory, how fast the common path (a known VM saying the same thing
# again) is, how long "binding show" takes to dump them all, whether a dump stays whole while the
# table is resized under it, and that at the default max_bindings the table stops at 65 536 and
# counts the rest as refused. Prints figures, judges nothing.
#
#   ns sw: e1 --veth-- p1 (learning off) -- br0 (up, arp off, no address)
#
# garpflood sends, from e1, N gratuitous ARP requests from N VMs (MAC 02:be:00:..., IP 10.0.0.1
# + i). Learning is off on p1 so that the bridge's own FDB does not grow beside the binding table,
# and br0 has ARP off so that the host's ARP code drops the frames at once: what is timed is the
# sender, veth, the bridge and vmroam's hook. Every frame is processed in the sender's system
# call (veth -> netif_rx -> softirq on bottom-half enable), and the backlog is raised so that none
# is dropped; the drops of /proc/net/softnet_stat are printed all the same.
#
#   selftests/bench/bindings.sh [N]            (N defaults to 100000; env BENCH_BINDINGS, REPEAT)
#
# max_bindings is raised to twice N (200 000 at least) for the measured passes: make bench also
# runs it with N = 1 000 000.
#
# PROFILE=1 adds, at the end, perf's hottest kernel symbols during pass 1 and pass 2.
#
# CLI_BEFORE=PATH times another build of the CLI's dump beside this one's (say, of the commit
# before a change to it), alternated REPEAT times, with the ratio of their medians.
#
# Runs in the test VM (selftests/vm/run.sh -- selftests/bench/bindings.sh) or as root on a host
# that can load the module.

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/benchlib.sh"

N=${1:-${BENCH_BINDINGS:-100000}}
GARPFLOOD=${GARPFLOOD:-$VMROAM_TOP/selftests/bench/garpflood}
MAXB=/sys/module/vmroam/parameters/max_bindings
# the flood comes in on one port: its own limit (1024 by default) would cap the table
PMAXB=/sys/module/vmroam/parameters/port_max_bindings
BACKLOG=200000
# the bridge alone and the known path are sent this many times (the median is shown)
REPEAT=${REPEAT:-3}

die()
{
	echo "bindings.sh: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "needs root"
[ -x "$GARPFLOOD" ] || die "$GARPFLOOD not built (make -C selftests/bench)"
[ -x "$VMROAM" ] && [ -f "$VMROAM_KO" ] || die "build the module and the CLI first (make all)"
command -v jq >/dev/null || die "needs jq"
[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number: $N"
# room for every VM of the flood, twice over (the default, 65536, is measured on its own below)
MAXB_BENCH=$((N * 2 > 200000 ? N * 2 : 200000))

old_backlog=$(sysctl -n net.core.netdev_max_backlog)
old_maxb=
old_pmaxb=
cleanup()
{
	ns_cleanup
	sysctl -qw net.core.netdev_max_backlog="$old_backlog"
	[ -n "$old_maxb" ] && [ -w "$MAXB" ] && echo "$old_maxb" >"$MAXB"
	[ -n "$old_pmaxb" ] && [ -w "$PMAXB" ] && echo "$old_pmaxb" >"$PMAXB"
}
trap cleanup EXIT

load_kernel_modules
vmroam_unload || die "vmroam is loaded and cannot be unloaded"
sysctl -qw net.core.netdev_max_backlog=$BACKLOG

# ---- helpers ----------------------------------------------------------------------------------

# the sum of the dropped column of every CPU
softnet_drops()
{
	local sum=0 d

	while read -r _ d _; do
		sum=$((sum + 16#$d))
	done </proc/net/softnet_stat
	echo $sum
}

stat_of()	# NS FIELD
{
	ip netns exec "$1" "$VMROAM" -j stats | jq -r ".$2"
}

bindings_are()	# NS COUNT
{
	[ "$(stat_of "$1" bindings)" = "$2" ]
}

# NS: a bridge with one port whose veth peer stays outside it
make_sw()
{
	local ns

	ns_create "$1" || die "ip netns add"
	ns=${!1}
	ip -n "$ns" link add br0 type bridge || die "no bridge support"
	ip -n "$ns" link set br0 arp off
	ip -n "$ns" link add p1 type veth peer name e1
	ip -n "$ns" link set p1 master br0
	bridge -n "$ns" link set dev p1 learning off
	ip -n "$ns" link set br0 up
	ip -n "$ns" link set p1 up
	ip -n "$ns" link set e1 up
	link_wait "$ns" p1 || die "p1 does not come up"
	# the port forwards once the bridge says so (no STP: at once)
	poll sh -c "bridge -n $ns -j link show dev p1 | jq -e '.[0].state == \"forwarding\"' >/dev/null" ||
		die "p1 never forwards"
}

# flood NS: sends the N frames; prints the sender's seconds
flood()
{
	local out

	out=$(ip netns exec "$1" "$GARPFLOOD" e1 "$N") || die "garpflood failed"
	# "sent N frames in S s: R frames/s"
	awk '{ print $5 }' <<<"$out"
}

# every slab cache: "name bytes-in-use bytes-of-slab-pages" (active objects x object size,
# slabs x pages per slab x page size)
slab_bytes()
{
	awk -v pg="$(getconf PAGESIZE)" 'NR > 2 { print $1, $2 * $4, $15 * $6 * pg }' /proc/slabinfo
}

meminfo_kb()	# FIELD
{
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

# settle: RCU callbacks (kfree_rcu) and deferred frees done, caches dropped
settle()
{
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
}

# time_cmd VAR CMD...: runs CMD (its stdout to the caller's), stores "real user sys" in VAR
time_cmd()
{
	local __var=$1 TIMEFORMAT='%R %U %S' __t

	shift
	{ __t=$( { time "$@" >&3 2>&4; } 2>&1 ); } 3>&1 4>&2
	printf -v "$__var" '%s' "$__t"
}

row()		# LABEL VALUE [UNIT]
{
	printf '  %-52s %14s %s\n' "$1" "$2" "${3:-}"
}

# ---- the table at N bindings ------------------------------------------------------------------

echo "# vmroam binding table: $N bindings (kernel $(uname -r), $(nproc) CPUs)"
make_sw SW

# the same frames without the module: what the sender, veth and the bridge cost alone
drops0=$(softnet_drops)
base_all=()
for ((r = 0; r < REPEAT; r++)); do
	base_all+=("$(flood "$SW")")
done
base_s=$(median "${base_all[@]}")

vmroam_load || die "insmod $VMROAM_KO"
old_maxb=$(cat "$MAXB")
echo $MAXB_BENCH >"$MAXB"
old_pmaxb=$(cat "$PMAXB")
echo 0 >"$PMAXB"
[ "$(stat_of "$SW" bindings)" = 0 ] || die "the table is not empty"

settle
slab0=$(slab_bytes)
memfree0=$(meminfo_kb MemFree)
sunr0=$(meminfo_kb SUnreclaim)
vmalloc0=$(meminfo_kb VmallocUsed)

# pass 1: every frame is a new VM
learn_s=$(flood "$SW")
at_return=$(stat_of "$SW" bindings)
poll 600000 bindings_are "$SW" "$N" ||
	echo "# WARNING: only $(stat_of "$SW" bindings) of $N bindings learnt"
learnt=$(stat_of "$SW" bindings)
refused=$(stat_of "$SW" bindings_refused)

settle
slab1=$(slab_bytes)
memfree1=$(meminfo_kb MemFree)
sunr1=$(meminfo_kb SUnreclaim)
vmalloc1=$(meminfo_kb VmallocUsed)

# pass 2: the same frames, every VM known and where it was
known_all=()
for ((r = 0; r < REPEAT; r++)); do
	known_all+=("$(flood "$SW")")
done
known_s=$(median "${known_all[@]}")
drops1=$(softnet_drops)
after2=$(stat_of "$SW" bindings)

# the dump
time_cmd dump_t ip netns exec "$SW" "$VMROAM" -j binding show >/dev/null
before_all=() after_all=()
if [ -n "${CLI_BEFORE:-}" ]; then
	[ -x "$CLI_BEFORE" ] || die "CLI_BEFORE: $CLI_BEFORE is not an executable"
	for ((r = 0; r < REPEAT; r++)); do
		time_cmd t ip netns exec "$SW" "$CLI_BEFORE" -j binding show >/dev/null
		before_all+=("${t%% *}")
		time_cmd t ip netns exec "$SW" "$VMROAM" -j binding show >/dev/null
		after_all+=("${t%% *}")
	done
fi
time_cmd dump_plain_t ip netns exec "$SW" "$VMROAM" binding show >/dev/null
dumped=$(ip netns exec "$SW" "$VMROAM" -j binding show | jq length)

echo
echo "## learning and looking up (frames from garpflood, sendmmsg of 64)"
row "bridge alone (module not loaded), median of $REPEAT" "$(rate "$N" "$base_s")" "frames/s (s: ${base_all[*]})"
row "pass 1: $N new VMs (sender's time)" "$(rate "$N" "$learn_s")" "frames/s ($learn_s s)"
row "pass 1: bindings when the sender returned" "$at_return"
row "pass 2: the same frames, all known, median of $REPEAT" "$(rate "$N" "$known_s")" "frames/s (s: ${known_all[*]})"
row "pass 2 / pass 1 (frames/s)" \
	"$(awk -v a="$learn_s" -v b="$known_s" 'BEGIN { printf "%.2f", a / b }')" "x"
row "pass 2 / bridge alone (frames/s)" \
	"$(awk -v a="$base_s" -v b="$known_s" 'BEGIN { printf "%.2f", a / b }')" "x"
row "pass 1 over the bridge alone" \
	"$(awk -v a="$learn_s" -v b="$base_s" -v n="$N" 'BEGIN { printf "%.2f", (a - b) / n * 1e6 }')" "us/frame"
row "pass 2 over the bridge alone" \
	"$(awk -v a="$known_s" -v b="$base_s" -v n="$N" 'BEGIN { printf "%.2f", (a - b) / n * 1e6 }')" "us/frame"
row "frames dropped (softnet_stat, all passes)" "$((drops1 - drops0))"
row "bindings (stats) after pass 1 / pass 2" "$learnt / $after2"
row "bindings_refused (max_bindings $MAXB_BENCH)" "$refused"

echo
echo "## memory (after pass 1 minus before; page cache dropped, RCU settled)"
per() { awk -v d="$1" -v n="$N" 'BEGIN { printf "%.0f", d * 1024 / n }'; }
row "SUnreclaim (unreclaimable slab) went up by" "$((sunr1 - sunr0))" "KiB = $(per $((sunr1 - sunr0))) bytes/binding"
# SUnreclaim also counts kmalloc() beyond the largest slab cache (whole pages, a power of two):
# here, the hash tables' bucket arrays
pages_kb=$(join <(sort <<<"$slab0") <(sort <<<"$slab1") | awk '{ p += $5 - $3 } END { printf "%d", p / 1024 }')
row "  of which slab caches' pages" "$pages_kb" "KiB = $(per "$pages_kb") bytes/binding"
row "  of which large kmalloc (bucket arrays) and the rest" "$((sunr1 - sunr0 - pages_kb))" \
	"KiB = $(per $((sunr1 - sunr0 - pages_kb))) bytes/binding"
row "VmallocUsed went up by" "$((vmalloc1 - vmalloc0))" "KiB"
row "MemFree went down by (page cache comes and goes)" "$((memfree0 - memfree1))" \
	"KiB = $(per $((memfree0 - memfree1))) bytes/binding"
echo "  slab caches that grew most (/proc/slabinfo: objects in use x object size; slab pages):"
join <(sort <<<"$slab0") <(sort <<<"$slab1") |
	awk '{ d = $4 - $2; p = $5 - $3; if (d > 0) print $1, d, p }' |
	sort -k2,2nr | head -n 4 |
	while read -r name d p; do
		printf '    %-18s %8d KiB %7.1f bytes/binding; slab pages %8d KiB %7.1f bytes/binding\n' \
			"$name" $((d / 1024)) "$(awk -v d="$d" -v n="$N" 'BEGIN { print d / n }')" \
			$((p / 1024)) "$(awk -v d="$p" -v n="$N" 'BEGIN { print d / n }')"
	done

echo
echo "## dumping (vmroam binding show, real / user / sys seconds)"
# shellcheck disable=SC2154 # set by time_cmd (printf -v)
read -r r u s <<<"$dump_t"
row "vmroam -j binding show > /dev/null" "$r" "s (user $u, sys $s)"
# shellcheck disable=SC2154 # set by time_cmd (printf -v)
read -r r u s <<<"$dump_plain_t"
row "vmroam binding show > /dev/null" "$r" "s (user $u, sys $s)"
row "vmroam -j binding show | jq length" "$dumped"
if [ ${#before_all[@]} -gt 0 ]; then
	before_s=$(median "${before_all[@]}")
	after_s=$(median "${after_all[@]}")
	row "CLI_BEFORE -j binding show, median of $REPEAT" "$before_s" "s (${before_all[*]})"
	row "this CLI -j binding show, median of $REPEAT" "$after_s" "s (${after_all[*]})"
	row "this CLI / CLI_BEFORE" "$(ratio "$after_s" "$before_s")"
fi

# ---- a dump across a resize of the table --------------------------------------------------

# The table is filled to just below the size at which rhashtable grows (75 % of its buckets),
# a dump starts, and 0.5 s into it 1000 more VMs push the table over: it is rehashed into one
# twice as large while the dump is paused between two rounds. Every binding of the first fill is
# there all along, so a consistent dump lists each of them once. (A dump the kernel flags as
# interrupted, NLM_F_DUMP_INTR, is restarted by the CLI, up to three times.)
buckets=64
# shellcheck disable=SC2017 # as in the kernel's rht_grow_above_75(): size / 4 * 3
while ((N > buckets / 4 * 3)); do buckets=$((buckets * 2)); done
# shellcheck disable=SC2017
grow_at=$((buckets / 4 * 3))
fill=$((grow_at - 200))
if ((fill <= N)); then
	buckets=$((buckets * 2))
	# shellcheck disable=SC2017
	grow_at=$((buckets / 4 * 3))
	fill=$((grow_at - 200))
fi
echo $((grow_at * 2)) >"$MAXB"
ip_of() { printf '%d.%d.%d.%d' $((10 + ($1 >> 24))) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)); }
# MACs and IPs N.. go on from pass 1's
ip netns exec "$SW" "$GARPFLOOD" -q -f "$N" -i "$(ip_of $((N + 1)))" e1 $((fill - N)) ||
	die "garpflood failed"
poll 600000 bindings_are "$SW" "$fill"
lim=$(printf '02:be:%02x:%02x:%02x:%02x' $((fill >> 24 & 255)) $((fill >> 16 & 255)) \
	$((fill >> 8 & 255)) $((fill & 255)))
churn_json=$(mktemp)
ip netns exec "$SW" "$VMROAM" -j binding show >"$churn_json" 2>"$churn_json.err" &
dump_pid=$!
sleep 0.5
ip netns exec "$SW" "$GARPFLOOD" -q -f "$fill" -i "$(ip_of $((fill + 1)))" e1 1000 ||
	die "garpflood failed"
wait $dump_pid
churn_rc=$?
churn_after=$(stat_of "$SW" bindings)
echo
echo "## a dump across a resize: $fill bindings ($buckets buckets, grows above $grow_at), 1000 more 0.5 s into the dump"
if [ $churn_rc = 0 ]; then
	read -r c_len c_uniq c_stable <<<"$(jq -r --arg lim "$lim" \
		'[length, (map(.mac) | unique | length),
		  (map(.mac | select(. < $lim)) | unique | length)] | @tsv' "$churn_json")"
	row "bindings dumped" "$c_len" "(table: $fill before, $churn_after after)"
	row "  listed more than once" "$((c_len - c_uniq))"
	row "  of the $fill there all along: missing" "$((fill - c_stable))"
else
	row "vmroam -j binding show failed" "exit $churn_rc" "$(head -c 200 "$churn_json.err")"
fi
rm -f "$churn_json" "$churn_json.err"

# ---- the default max_bindings ----------------------------------------------------------------

echo 65536 >"$MAXB"
make_sw SW2
expect=$((N < 65536 ? N : 65536))
flood "$SW2" >/dev/null
poll 600000 bindings_are "$SW2" $expect
full=$(stat_of "$SW2" bindings)
full_refused=$(stat_of "$SW2" bindings_refused)
time_cmd dump65_t ip netns exec "$SW2" "$VMROAM" -j binding show >/dev/null

echo
echo "## max_bindings 65536 (the default), $N new VMs in a new namespace"
row "bindings" "$full"
row "bindings_refused" "$full_refused" "(expected $((N > 65536 ? N - 65536 : 0)))"
# shellcheck disable=SC2154 # set by time_cmd (printf -v)
read -r r65 u65 s65 <<<"$dump65_t"
row "vmroam -j binding show > /dev/null" "$r65" "s (user $u65, sys $s65)"
read -r r u s <<<"$dump_t"
row "  per binding at $full / at $N" \
	"$(awk -v a="$r65" -v b="$r" -v n="$N" -v m="$full" \
		'BEGIN { printf "%.1f / %.1f", a / m * 1e6, b / n * 1e6 }')" "us"

# ---- make bench's table ------------------------------------------------------------------------

echo
summary "bindings $N: learning new VMs, frames/s (/ bridge alone)" \
	"$(rate "$N" "$learn_s") ($(ratio "$base_s" "$learn_s"))"
summary "bindings $N: known VMs, frames/s (/ bridge alone)" \
	"$(rate "$N" "$known_s") ($(ratio "$base_s" "$known_s"))"
summary "bindings $N: bytes per binding: slab pages, all unreclaimable" \
	"$(per "$pages_kb") $(per $((sunr1 - sunr0)))"
summary "bindings $N: vmroam -j binding show, s (user, sys)" "${dump_t// /, }"

# ---- where the time goes (PROFILE=1) ----------------------------------------------------------

# the kernel's hottest symbols while the flood runs: every CPU sampled by perf's cpu-clock (no
# PMU under TCG), in a fresh namespace so that pass 1 is all new VMs again and pass 2 all known
profile()	# NS LABEL
{
	local data

	data=$(mktemp)
	perf record -q -e cpu-clock -a -o "$data" -- ip netns exec "$1" "$GARPFLOOD" e1 "$N" \
		>/dev/null 2>&1 || die "perf record failed"
	echo
	echo "## perf: $2 (the 25 hottest symbols of every CPU)"
	perf report -q -i "$data" --stdio --sort sym 2>/dev/null | grep -v '^$' | head -n 25
	rm -f "$data"
}

if [ -n "${PROFILE:-}" ]; then
	command -v perf >/dev/null || die "PROFILE needs perf (apt-get install linux-perf)"
	echo $MAXB_BENCH >"$MAXB"
	make_sw SW3
	profile "$SW3" "pass 1, $N new VMs"
	poll 600000 bindings_are "$SW3" "$N"
	profile "$SW3" "pass 2, $N known VMs"
	profiled=$(stat_of "$SW3" bindings)
fi

# ---- unloading with both tables full ---------------------------------------------------------

t0=$(now_ns)
vmroam_unload || die "rmmod vmroam failed"
t1=$(now_ns)
echo
row "rmmod with $((churn_after + full + ${profiled:-0})) bindings in every namespace" "$(secs "$t0" "$t1")" "s"
