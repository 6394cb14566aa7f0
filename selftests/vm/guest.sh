#!/bin/bash
# Guest side of selftests/vm/run.sh: runs as PID 1 in the VM, on the host's
# root file system (so bash, coreutils, iproute2 and kmod are the host's).
#
# Usage (from the initramfs /init only): guest.sh RESULTS_DIR
#
# Runs the command from RESULTS_DIR/cmd in the repository, its stdout and
# stderr to RESULTS_DIR/output.log (streamed by the host as it grows), its
# exit status to RESULTS_DIR/status, then checks kmemleak when the kernel
# has it and powers the VM off.  This script's own output goes to the
# console (the host's console.log), which the host scans for kernel
# reports, so it must never print those report keywords itself.

set -u

results=${1:?usage: guest.sh RESULTS_DIR}

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
export LANG=C.UTF-8
export TERM=dumb
# stdbuf (below) only reaches libc stdio; Python buffers on its own.
export PYTHONUNBUFFERED=1

log() { echo "vm-guest: $*"; }

# shellcheck disable=SC2317 # only called through the trap
poweroff_now() {
	sync
	# Power off via sysrq: immediate, needs no init system.  qemu runs
	# with -no-reboot, so a reboot ends it just as well: the fallback.
	echo o >/proc/sysrq-trigger 2>/dev/null
	# Power-off runs from a workqueue and normally ends qemu within
	# milliseconds; this is only a deadline before the fallback.
	sleep 5
	echo b >/proc/sysrq-trigger 2>/dev/null
	# PID 1 must not exit: that would be a kernel panic ("Attempted to
	# kill init"), which the host would report as a kernel problem.
	while :; do sleep 1; done
}

# Any unexpected exit of this script would panic the kernel; make sure we
# still go down cleanly.
trap poweroff_now EXIT

# shellcheck source=/dev/null
. "$results/guest.env" || { log "cannot read $results/guest.env"; exit; }

hostname "${VM_HOSTNAME:-vmroam-vm}"
ip link set lo up
sysctl -q -w kernel.sysrq=1 >/dev/null 2>&1 || echo 1 >/proc/sys/kernel/sysrq

cd "$VM_REPO" || { log "cannot cd to $VM_REPO"; exit; }
export VMROAM_IN_VM=1
export VM_KERNEL_RELEASE
VM_KERNEL_RELEASE=$(uname -r)

# Defines the array "cmd" (written by the host with declare -p).
# shellcheck source=/dev/null
. "$results/cmd" || { log "cannot read $results/cmd"; exit; }

# The host asks for a task dump shortly before its timeout kills the VM
# (by creating dump-request); a dump of blocked tasks and of all CPUs is
# what one needs to debug a hang.  Polling a file on the results share is
# the only channel from host to guest we have.
(
	while [ ! -e "$results/dump-request" ]; do sleep 2; done
	log "host timeout approaching: dumping blocked tasks and CPUs"
	echo w >/proc/sysrq-trigger
	echo l >/proc/sysrq-trigger
) &
dumper=$!

read -r start_up _ </proc/uptime
echo "$start_up" >"$results/command-start"

# stdbuf makes libc stdout line-buffered although it is a file, so the
# host can stream TAP lines live.  stdin is /dev/null: nobody types here.
# shellcheck disable=SC2154 # cmd comes from the sourced file
stdbuf -oL -eL "${cmd[@]}" >>"$results/output.log" 2>&1 </dev/null
rc=$?

read -r up _ </proc/uptime
echo "$up" >"$results/command-end"
# Write then rename so the host never reads a half-written status.
echo "$rc" >"$results/status.tmp" && mv "$results/status.tmp" "$results/status"

kill "$dumper" 2>/dev/null

# Print the kmemleak records (read from stdin) of objects allocated after
# the command started: whatever leaked during boot is the kernel's own
# business, not the command's.  Cheaper than a baseline scan + "clear"
# before the command, which costs ~20 s on a KASAN kernel under TCG.
# A record starts with "unreferenced object" and carries "(age N.NNNs)".
kmemleak_since() { # max-age-seconds
	awk -v maxage="$1" '
		function flush() { if (buf != "" && keep) print buf; buf = "" }
		/^unreferenced object/ { flush(); buf = $0; keep = 1; next }
		{
			buf = buf "\n" $0
			if ($0 ~ /\(age [0-9.]+s\)/) {
				age = $0
				sub(/.*\(age /, "", age)
				sub(/s\).*/, "", age)
				keep = (age + 0 <= maxage)
			}
		}
		END { flush() }'
}

kmemleak=/sys/kernel/debug/kmemleak
if [ -w "$kmemleak" ]; then
	# The documented way: scan, wait, scan again (an object is reported
	# only once older than kmemleak's minimum age of 5 s, and objects
	# referenced again by the second scan drop out), then read.
	log "kmemleak: scanning"
	echo scan >"$kmemleak"
	sleep 5
	echo scan >"$kmemleak"
	read -r now _ </proc/uptime
	since=$(awk -v a="$now" -v b="$start_up" 'BEGIN { printf "%d", a - b + 1 }')
	leaks=$(kmemleak_since "$since" <"$kmemleak")
	total=$(grep -c '^unreferenced object' "$kmemleak")
	# To the console, where the host scans for kernel reports.
	[ -z "$leaks" ] || printf '%s\n' "$leaks"
	log "kmemleak: $(grep -c '^unreferenced object' <<<"$leaks") suspect(s) since the command started, $total in all"
fi

log "command exited $rc, powering off"
exit
