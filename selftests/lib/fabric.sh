#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An EVPN/VXLAN fabric of FRR instances (Debian's frr: zebra + bgpd) in network namespaces, for
# selftests/fabric.sh. Sourced after lib.sh and nsshell.sh: every namespace has its shell.
#
#   fabric_init                    /run/frr for the instances (made and removed here if absent)
#   frr_start NS ROLE ID           zebra, then bgpd (ROLE vtep or rr, ID its router id) in NS,
#                                  from the templates of selftests/fabric/; instance name = NS
#   frr_stop_all                   every daemon started, by its PID, and their directories
#   vtysh_json NS CMD...           one vtysh run, each CMD's JSON on a line of its own (jq -c)
#   fdb_remote NS MAC DST          the VXLAN device's FDB sends MAC to DST (zebra installed it)
#   flood_list NS DST...           vxlan100's flood (all-zero) entries are exactly DST...
#
# What bites when FRR runs this way is in ../shared/notes/frr-in-namespaces.md of the project:
# /run/frr must exist (owned by frr, "-N NAME" only makes NAME/ in it), the daemons read their
# configs and write their logs as user frr, zebra must be up (zserv.api) before bgpd or bgpd
# retries only 10 s later, /var/tmp/frr is on the (read-only in the VM) root: a tmpfs on /var/tmp
# in the namespace shell's own mount namespace (ip netns exec makes one) takes it.

FABRIC_CONF=${FABRIC_CONF:-$VMROAM_TOP/selftests/fabric}
FRR_BIN=${FRR_BIN:-/usr/lib/frr}
FRR_RUN=/run/frr
FRR_RUN_MADE=0
# every instance started: NS -> its directory
declare -A FRR_DIR

# frr_available: the two daemons and vtysh are installed
frr_available()
{
	[ -x "$FRR_BIN/zebra" ] && [ -x "$FRR_BIN/bgpd" ] && command -v vtysh >/dev/null &&
		id frr >/dev/null 2>&1
}

fabric_init()
{
	if [ ! -d $FRR_RUN ]; then
		mkdir -p $FRR_RUN || return 1
		FRR_RUN_MADE=1
	fi
	chown frr:frr $FRR_RUN
}

# frr_conf TEMPLATE NS ID RR: the template with its @...@ filled in, on stdout
frr_conf()
{
	local t

	t=$(<"$FABRIC_CONF/$1") || return 1
	t=${t//@NAME@/$2}
	t=${t//@DIR@/$FRR_RUN/$2}
	t=${t//@ID@/$3}
	t=${t//@RR@/$4}
	printf '%s\n' "$t"
}

zserv_up()
{
	[ -S "$FRR_RUN/$1/zserv.api" ]
}

bgpd_up()
{
	[ -S "$FRR_RUN/$1/bgpd.vty" ]
}

# frr_start NS ROLE ID [RR]: zebra and bgpd of namespace NS (its shell starts them, so they
# live in its mount namespace, with the tmpfs on /var/tmp); the instance is named NS
frr_start()
{
	local ns=$1 role=$2 id=$3 rr=${4:-} dir=$FRR_RUN/$1

	mkdir -p "$dir" && chown frr:frr "$dir" || return 1
	FRR_DIR[$ns]=$dir
	frr_conf zebra.conf "$ns" "$id" >"$dir/zebra.conf" &&
		frr_conf "bgpd-$role.conf" "$ns" "$id" "$rr" >"$dir/bgpd.conf" || return 1
	chmod 644 "$dir/zebra.conf" "$dir/bgpd.conf"
	onv "$ns" "mountpoint -q /var/tmp || mount -t tmpfs -o size=16m,mode=1777 tmpfs /var/tmp
		$FRR_BIN/zebra -N $ns -P 0 -f $dir/zebra.conf >$dir/zebra.out 2>&1 &
		echo \$! >$dir/zebra.job" || return 1
	qpoll zserv_up "$ns" || { ON_OUT="zebra did not come up: $(tail -n 3 "$dir/zebra.out")"; return 1; }
	onv "$ns" "$FRR_BIN/bgpd -N $ns -P 0 -f $dir/bgpd.conf >$dir/bgpd.out 2>&1 &
		echo \$! >$dir/bgpd.job" || return 1
	qpoll bgpd_up "$ns" || { ON_OUT="bgpd did not come up: $(tail -n 3 "$dir/bgpd.out")"; return 1; }
}

pid_gone()
{
	[ ! -e "/proc/$1" ]
}

# frr_stop_all: SIGTERM to every daemon started (the PIDs their shells recorded), a bounded wait
# for them to go, then SIGKILL to what is left; their directories and, if made here, /run/frr
frr_stop_all()
{
	local ns dir d pid pids=()

	for ns in "${!FRR_DIR[@]}"; do
		dir=${FRR_DIR[$ns]}
		for d in bgpd zebra; do
			[ -s "$dir/$d.job" ] || continue
			read -r pid <"$dir/$d.job"
			kill "$pid" 2>/dev/null && pids+=("$pid")
		done
	done
	for pid in "${pids[@]}"; do
		poll 5000 pid_gone "$pid" || kill -9 "$pid" 2>/dev/null
	done
	for ns in "${!FRR_DIR[@]}"; do
		rm -rf "${FRR_DIR[$ns]}"
	done
	FRR_DIR=()
	[ $FRR_RUN_MADE = 0 ] || rmdir $FRR_RUN 2>/dev/null
	FRR_RUN_MADE=0
}

# vtysh_json NS CMD...: the commands in one vtysh run (about 1 s under TCG), their JSON objects
# one per line
vtysh_json()
{
	local ns=$1 c args=()

	shift
	for c in "$@"; do
		args+=(-c "$c")
	done
	vtysh -N "$ns" "${args[@]}" 2>/dev/null | jq -c . 2>/dev/null
}

# fdb_remote NS MAC DST: the VXLAN device of NS sends MAC to DST (the entry zebra installed for
# a remote type-2 route), read in NS's shell
fdb_remote()
{
	on "$1" "bridge fdb show dev vxlan100 | grep -q '^$2 dst $3 '" >/dev/null 2>&1
}

# flood_list NS DST...: vxlan100's all-zero entries (the flood list zebra built from the type-3
# routes) are exactly the DSTs
flood_list()
{
	local ns=$1 want have

	shift
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	onv "$ns" "bridge fdb show dev vxlan100 | sed -n 's/^00:00:00:00:00:00 dst \\([^ ]*\\) .*/\\1/p' | sort | tr '\n' ' '"
	have=$ON_OUT
	[ "$have" = "$want" ]
}
