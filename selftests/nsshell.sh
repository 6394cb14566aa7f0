#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shells inside network namespaces, for the selftests that run many commands in many namespaces
# (gateway.sh, migration.sh). Sourced after lib.sh.
#
# Under TCG on a busy machine every exec costs 0.1-1 s, and "ip netns exec" or nsenter is one
# more. A bash started once inside each namespace (with its own /sys) runs the commands there and
# reads counters and port states from /sys without any exec.
#
#   sh_start NS            start NS's shell
#   on NS CMDLINE          run CMDLINE there, print its output, return its status
#   on_send NS CMDLINE     start CMDLINE there and return at once; on_recv NS collects it (so
#   on_recv NS             several namespaces can work at the same time)
#   onv NS CMDLINE         as on, the output in ON_OUT instead of printed
#   on_collect NS          as on_recv, the output in ON_OUT
#   qpoll CMD...           CMD until it is true, at most POLL_TIMEOUT_MS, without an exec per try
#   pause_us N             wait N microseconds, without an exec
#   port_ready NS PORT     the bridge port has carrier and is forwarding

SHDIR=$(mktemp -d)
mkfifo "$SHDIR/pause"
declare -A SH_IN SH_OUT

# sh_start NS: the shell of namespace NS, fed command lines through a FIFO
sh_start()
{
	local ns=$1 fd

	mkfifo "$SHDIR/$ns.in" "$SHDIR/$ns.out" || return 1
	ip netns exec "$ns" bash --noprofile --norc <"$SHDIR/$ns.in" >"$SHDIR/$ns.out" 2>&1 &
	exec {fd}>"$SHDIR/$ns.in"
	SH_IN[$ns]=$fd
	exec {fd}<"$SHDIR/$ns.out"
	SH_OUT[$ns]=$fd
}

sh_stop_all()
{
	local ns fdi fdo

	for ns in "${!SH_IN[@]}"; do
		fdi=${SH_IN[$ns]} fdo=${SH_OUT[$ns]}
		exec {fdi}>&- {fdo}<&-
	done
	SH_IN=() SH_OUT=()
	wait
	rm -rf "$SHDIR"
}

trap 'sh_stop_all; ns_cleanup' EXIT

# on_send NS CMDLINE: CMDLINE in NS's shell (stdin /dev/null, stderr into stdout), not waited for
on_send()
{
	printf '{ %s\n} </dev/null 2>&1; printf "@@@ %%d\\n" $?\n' "$2" >&"${SH_IN[$1]}"
}

# on_collect NS: waits for what on_send started in NS; its output (without the last newline) in
# ON_OUT, its status returned, or 255 when the shell does not answer within 60 s
on_collect()
{
	local ns=$1 line re='^(.*)@@@ ([0-9]+)$'

	ON_OUT=
	while IFS= read -r -t 60 line <&"${SH_OUT[$ns]}"; do
		if [[ $line =~ $re ]]; then
			ON_OUT+=${BASH_REMATCH[1]}
			ON_OUT=${ON_OUT%$'\n'}
			return "${BASH_REMATCH[2]}"
		fi
		ON_OUT+=$line$'\n'
	done
	return 255
}

# on_recv NS: the same, printing the output
on_recv()
{
	local rc

	on_collect "$1"
	rc=$?
	[ -n "$ON_OUT" ] && printf '%s\n' "$ON_OUT"
	return $rc
}

# on NS CMDLINE: CMDLINE in NS's shell; prints its output and returns its status
on()
{
	on_send "$1" "$2" || return 255
	on_recv "$1"
}

# onv NS CMDLINE: the same, the output in ON_OUT (no subshell to capture it)
onv()
{
	on_send "$1" "$2" || return 255
	on_collect "$1"
}

# qpoll CMD...: lib.sh's poll (CMD until it is true, at most POLL_TIMEOUT_MS), without its two
# execs per try (date, sleep): the clock is $EPOCHREALTIME and the pause a read that times out.
# The pause is 20 ms, or QPOLL_PAUSE seconds.
exec {PAUSE_FD}<>"$SHDIR/pause"
qpoll()
{
	local end=$((${EPOCHREALTIME/./} + POLL_TIMEOUT_MS * 1000))

	until "$@"; do
		[ "${EPOCHREALTIME/./}" -ge $end ] && return 1
		read -r -t "${QPOLL_PAUSE:-0.02}" -u $PAUSE_FD
	done
	return 0
}

# pause_us N: N microseconds (nothing when N <= 0)
pause_us()
{
	local t

	[ "$1" -gt 0 ] || return 0
	printf -v t '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000))
	read -r -t "$t" -u $PAUSE_FD
	return 0
}

# port_ready NS PORT: carrier (its peer is up too) and forwarding
port_ready()
{
	on "$1" "read -r c </sys/class/net/$2/carrier && read -r s </sys/class/net/$2/brport/state &&
		[ \"\$c \$s\" = '1 3' ]" 2>/dev/null
}
