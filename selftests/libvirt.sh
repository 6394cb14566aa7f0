#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# contrib/libvirt/qemu under Debian's real libvirtd: two libvirtd instances, each in a network
# namespace of its own standing for a hypervisor (distinct host_uuid), each with a bridge br0
# guarded by port defaults. A domain with an <interface type='bridge'> (no disk, no guest OS:
# QEMU TCG, SeaBIOS finding nothing to boot) is defined and started on host A, then live-migrated
# to host B:
#
#   ns A                                      ns B
#   +---------------------------+            +---------------------------+
#   | libvirtd  qemu            |            | libvirtd  qemu (incoming) |
#   |           vnetN -- br0    |            |           vnetN -- br0    |
#   |   mig0 10.99.0.1 ---------+------------+-- mig0 10.99.0.2          |
#   +---------------------------+            +---------------------------+
#
# What a user relies on: libvirtd runs the hook at the real moments (its log shows each call);
# the tap libvirt creates is guarded by the bridge's port defaults before its first frame; a
# normal start sanctions nothing; the incoming migration is sanctioned on B for the domain's MAC
# on the tap libvirt made there (with the activation the hook's configuration asks for:
# announce), and QEMU's own self-announce (RARP) after the migration activates it, through B's
# locked port: the binding is migrated and B's FDB names the tap.
#
# Each libvirtd runs in a private mount namespace: an overlay over /etc and /var/lib (its
# libvirtd.conf and qemu.conf, the hook in /etc/libvirt/hooks/qemu, /etc/vmroam/libvirt.conf, a
# libvirt-qemu user, which the Debian package's postinst would create), and directories of its
# own bound over /run/libvirt (whose sockets virsh reaches from outside through the bound
# directory), /var/log/libvirt and /run/vmroam (the hook's records). /var/cache/libvirt (QEMU's
# probed capabilities) is one directory for both: B uses what A probed.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root

LIBVIRTD=/usr/sbin/libvirtd
QEMU_DRIVER=/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so
missing=
for f in $LIBVIRTD $QEMU_DRIVER /usr/bin/virsh /usr/bin/qemu-system-x86_64 /usr/bin/python3; do
	[ -e "$f" ] || missing="$missing $f"
done
if [ -n "$missing" ]; then
	tap_begin
	tap_skip "$(basename "$0")" "missing:$missing (make deps)"
	tap_end
fi

load_kernel_modules
[ -d /sys/module/tun ] || modprobe -q tun 2>/dev/null
if [ ! -e /dev/net/tun ]; then
	mkdir -p /dev/net && mknod /dev/net/tun c 10 200
fi
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

DOM=vmroam-guest
MAC=52:54:00:7e:57:01
UUID_A=5a1e0000-0000-4000-8000-00000000000a
UUID_B=5a1e0000-0000-4000-8000-00000000000b
MIG_URI=tcp://10.99.0.2:49152
# libvirt's own waits (QEMU's capabilities probe, a start, a migration) under nested TCG
LIBVIRT_TIMEOUT=$((300 * ${TIMEOUT_SCALE:-1}))

TMP=$(mktemp -d)
PIDS=()

cleanup()
{
	local pid

	# a QEMU left running by a failed case goes with its daemon's help, before the daemon
	if [ ${#PIDS[@]} -gt 0 ]; then
		timeout 30 virsh -q -c "$(uri B)" destroy "$DOM" >/dev/null 2>&1
		timeout 30 virsh -q -c "$(uri A)" destroy "$DOM" >/dev/null 2>&1
	fi
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	ns_cleanup
	rm -rf "$TMP"
}
trap cleanup EXIT

uri()	# HOST: the connection URI of its libvirtd, through its bound /run/libvirt
{
	echo "qemu+unix:///system?socket=$TMP/$1/run/libvirt-sock"
}

virsh_a()
{
	timeout "$LIBVIRT_TIMEOUT" virsh -q -c "$(uri A)" "$@"
}

virsh_b()
{
	timeout "$LIBVIRT_TIMEOUT" virsh -q -c "$(uri B)" "$@"
}

vmroam_in()	# NS ARGS...
{
	local ns=$1

	shift
	ip netns exec "$ns" "$VMROAM" "$@"
}

# libvirtd_start HOST NS UUID: libvirtd for HOST in network namespace NS, its files in $TMP/HOST;
# its pid in PIDS, its stderr in $TMP/HOST/stderr
libvirtd_start()
{
	local h=$1 ns=$2 uuid=$3 d=$TMP/$1 sub

	mkdir -p "$d/etc/libvirt/hooks" "$d/etc/vmroam" "$d/etc.work" "$d/varlib/libvirt" \
		"$d/varlib.work" "$d/run" "$d/log" "$d/records" "$TMP/cache" || return 1
	cat >"$d/etc/libvirt/libvirtd.conf" <<-EOF
		host_uuid = "$uuid"
		log_filters = "1:util.command 3:*"
		log_outputs = "1:file:/var/log/libvirt/libvirtd.log"
	EOF
	# root runs QEMU, with none of the confinement a real host has (there is none to have here)
	cat >"$d/etc/libvirt/qemu.conf" <<-EOF
		user = "root"
		group = "root"
		dynamic_ownership = 0
		remember_owner = 0
		security_driver = "none"
		namespaces = [ ]
		cgroup_controllers = [ ]
		stdio_handler = "file"
	EOF
	install -m 0755 "$VMROAM_TOP/contrib/libvirt/qemu" "$d/etc/libvirt/hooks/qemu" || return 1
	# the configuration a destination host would have: the module's CLI, announce
	[ "$h" = B ] && cat >"$d/etc/vmroam/libvirt.conf" <<-EOF
		VMROAM=$VMROAM
		VMROAM_TIMEOUT=$LIBVIRT_TIMEOUT
		VMROAM_ACTIVATE=announce
	EOF
	cp /etc/passwd /etc/group "$d/etc/" || return 1
	grep -q '^libvirt-qemu:' "$d/etc/group" || echo 'libvirt-qemu:x:64055:' >>"$d/etc/group"
	grep -q '^libvirt-qemu:' "$d/etc/passwd" ||
		echo 'libvirt-qemu:x:64055:64055::/var/lib/libvirt:/usr/sbin/nologin' >>"$d/etc/passwd"
	mkdir -p /run/libvirt /var/log/libvirt /var/cache/libvirt /run/vmroam || return 1
	sub="mount -t overlay overlay -o lowerdir=/etc,upperdir=$d/etc,workdir=$d/etc.work /etc &&
	     mount -t overlay overlay -o lowerdir=/var/lib,upperdir=$d/varlib,workdir=$d/varlib.work /var/lib &&
	     mount --bind $d/run /run/libvirt && mount --bind $d/log /var/log/libvirt &&
	     mount --bind $d/records /run/vmroam && mount --bind $TMP/cache /var/cache/libvirt &&
	     exec $LIBVIRTD --pid-file $d/libvirtd.pid"
	# exec all the way: the pid is libvirtd's
	ip netns exec "$ns" unshare -m --propagation private sh -c "$sub" </dev/null \
		>"$d/stderr" 2>&1 &
	PIDS+=($!)
	poll $((LIBVIRT_TIMEOUT * 1000)) test -S "$d/run/libvirt-sock"
}

# the hook calls libvirtd made for the domain, from its log: "OP SUBOP" one a line
hook_calls()	# HOST
{
	sed -n "s|.*About to run .*/etc/libvirt/hooks/qemu $DOM \([a-z]*\) \([a-z]*\) .*|\1 \2|p" \
		"$TMP/$1/log/libvirtd.log" 2>/dev/null
}

hook_called()	# HOST "OP SUBOP"
{
	hook_calls "$1" | grep -qx "$2"
}

tap_of()	# HOST: the domain's tap there (virsh domiflist)
{
	"virsh_${1,,}" domiflist "$DOM" 2>/dev/null | awk -v m="$MAC" '$5 == m { print $1 }'
}

migration_b()	# the "vmroam -j migrate show" object of the domain's MAC on B
{
	vmroam_in "$HB" -j migrate show | jq -c --arg m "$MAC" '.[] | select(.mac == $m)'
}

migration_b_activated()
{
	migration_b | jq -e '.state == "announcing" or .state == "done"' >/dev/null
}

fdb_port_b()
{
	bridge -n "$HB" -j fdb show br br0 | jq -r --arg m "$MAC" \
		'[.[] | select(.mac == $m and .vlan == null) | .ifname] | first // ""'
}

fdb_port_b_is()
{
	[ "$(fdb_port_b)" = "$1" ]
}

binding_b_is()	# "DEV ORIGIN STATE"
{
	[ "$(vmroam_in "$HB" -j binding show mac "$MAC" | jq -r '.[0] | "\(.dev) \(.origin) \(.state)"')" = "$1" ]
}

tap_begin

# ---- two hosts ---------------------------------------------------------------------------------

ns_create HA && ns_create HB
check_err $? "namespaces"
for ns in "$HA" "$HB"; do
	ip -n "$ns" link set lo up &&
		ip -n "$ns" link add br0 type bridge &&
		ip -n "$ns" link set br0 up &&
		vmroam_in "$ns" bridge set dev br0 port-defaults trusted off lock on max-macs 4 \
			arp-inspect on ip-guard on >/dev/null || break
done
check_err $? "bridges and their port defaults"
ip -n "$HA" link add mig0 type veth peer name mig0 netns "$HB" &&
	ip -n "$HA" addr add 10.99.0.1/24 dev mig0 && ip -n "$HB" addr add 10.99.0.2/24 dev mig0 &&
	ip -n "$HA" link set mig0 up && ip -n "$HB" link set mig0 up &&
	link_wait "$HA" mig0 && link_wait "$HB" mig0
check_err $? "the migration link"
t0=$SECONDS
libvirtd_start A "$HA" $UUID_A
check_err $? "libvirtd A did not start: $(tail -c 600 "$TMP/A/stderr")"
tap_diag "libvirtd A up in $((SECONDS - t0)) s"
# QEMU's capabilities are probed on the first use: once, here, for both hosts
t0=$SECONDS
caps=$(virsh_a capabilities)
check_err $? "virsh capabilities (A): $(tail -c 600 "$TMP/A/log/libvirtd.log")"
tap_diag "QEMU's capabilities probed in $((SECONDS - t0)) s"
t0=$SECONDS
libvirtd_start B "$HB" $UUID_B
check_err $? "libvirtd B did not start: $(tail -c 600 "$TMP/B/stderr")"
uuid_b=$(virsh_b capabilities | sed -n 's|.*<uuid>\(.*\)</uuid>.*|\1|p' | head -1)
[[ $caps == *"<uuid>$UUID_A</uuid>"* ]] && [ "$uuid_b" = $UUID_B ]
check_err $? "host_uuid: A's capabilities ${caps:0:200}..., B's uuid '$uuid_b'"
tap_diag "libvirtd B up and answering in $((SECONDS - t0)) s"
# without both daemons nothing below can pass: say so once
up=$RET
log_test "two libvirtd in two network namespaces, distinct host_uuid, bridges with port defaults"
[ "$up" -ne 0 ] && tap_end

# ---- a domain started on A: the hook runs, the tap is guarded from its first frame -------------

cat >"$TMP/domain.xml" <<EOF
<domain type='qemu'>
  <name>$DOM</name>
  <memory unit='MiB'>16</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <interface type='bridge'>
      <mac address='$MAC'/>
      <source bridge='br0'/>
      <model type='e1000'/>
      <rom enabled='no'/>
    </interface>
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
  </devices>
</domain>
EOF
t0=$SECONDS
virsh_a define "$TMP/domain.xml" >/dev/null && virsh_a start "$DOM" >/dev/null
check_err $? "define and start on A: $(tail -c 600 "$TMP/A/log/libvirtd.log")"
tap_a=$(tap_of A)
[ -n "$tap_a" ] && [ "$(ip -n "$HA" -j link show dev "$tap_a" | jq -r '.[0].master')" = br0 ]
check_err $? "the domain's tap on A: '$tap_a' $(ip -n "$HA" -br link)"
for call in "prepare begin" "start begin" "started begin"; do
	hook_called A "$call" || break
done
check_err $? "libvirtd's hook calls on A: $(hook_calls A | tr '\n' ,)"
vmroam_in "$HA" -j migrate show | jq -e --arg m $MAC 'map(select(.mac == $m)) | length == 0' \
	>/dev/null
check_err $? "a normal start sanctioned something: $(vmroam_in "$HA" -j migrate show)"
tap_diag "define and start on A: $((SECONDS - t0)) s"
log_test "virsh start on A: libvirtd runs the hook (prepare, start, started begin), which sanctions nothing"

p=$(vmroam_in "$HA" -j port show dev "$tap_a")
jq -e '.[0].trusted == false and .[0].lock == true and .[0].max_macs == 4 and
       .[0].arp_inspect == true and .[0].ip_guard == true' <<<"$p" >/dev/null
check_err $? "port settings of $tap_a: $p"
# before any frame: the guest sends none (no OS, no option ROM), so nothing was counted yet
f=$(frames_json "$HA" dev "$tap_a")
jq -e '[.[]] | add == 0' <<<"$f" >/dev/null
check_err $? "frames at $tap_a: $f"
log_test "the tap libvirt made on A is untrusted, locked, inspected before its first frame"

# ---- live migration A -> B: sanctioned on B by the hook, activated by QEMU's RARP --------------

t0=$SECONDS
out=$(virsh_a migrate --live "$DOM" "$(uri B)" "$MIG_URI" 2>&1)
check_err $? "virsh migrate: $out $(tail -c 600 "$TMP/B/log/libvirtd.log")"
tap_diag "live migration A -> B: $((SECONDS - t0)) s"
[ "$(virsh_b domstate "$DOM")" = running ] && [ "$(virsh_a domstate "$DOM")" = "shut off" ]
check_err $? "after the migration: B '$(virsh_b domstate "$DOM" 2>&1)', A '$(virsh_a domstate "$DOM" 2>&1)'"
for call in "migrate begin" "prepare begin" "start begin" "started begin"; do
	hook_called B "$call" || break
done
check_err $? "libvirtd's hook calls on B: $(hook_calls B | tr '\n' ,)"
# "migrate begin" made it (in /run/vmroam/libvirt), "start begin" took it
[ -d "$TMP/B/records/libvirt" ] && [ -z "$(ls -A "$TMP/B/records/libvirt")" ]
check_err $? "the hook's records on B: $(ls -R "$TMP/B/records")"
log_test "virsh migrate --live A -> B: the domain runs on B; the hook ran at migrate begin and start begin"

tap_b=$(tap_of B)
m=$(migration_b)
[ -n "$tap_b" ] && [ "$(jq -r '"\(.dev) \(.activate) \(.timeout_s)"' <<<"$m")" = \
	"$tap_b announce $LIBVIRT_TIMEOUT" ]
check_err $? "the sanction on B (tap '$tap_b'): '$m'"
log_test "the incoming migration is sanctioned on B: the domain's MAC on its new tap, activate announce"

poll migration_b_activated
check_err $? "not activated: $(migration_b)"
jq -e '.activated_ns > 0' <<<"$(migration_b)" >/dev/null
check_err $? "no activation time: $(migration_b)"
c=$(stats_json "$HB" dev "$tap_b" | jq -r .rarp_request)
[ "$c" -ge 1 ]
check_err $? "RARPs counted at $tap_b: $c"
poll binding_b_is "$tap_b migrated active"
check_err $? "binding on B: $(vmroam_in "$HB" -j binding show mac "$MAC")"
poll fdb_port_b_is "$tap_b"
check_err $? "B's FDB entry of the MAC on '$(fdb_port_b)'"
log_test "QEMU's self-announce (RARP) activates it through the locked port: binding and FDB on B's tap"

tap_end
