#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The packages as a hypervisor gets them: the vmroam .deb and the DKMS-built module (make check's
# packages stage, selftests/packages.sh, leaves both in .deb/) installed into the test VM's root,
# /etc/vmroam/vmroam.conf and a module option written, then what vmroam.service runs at boot
# (ExecStartPre, ExecStart, ExecReload, read from the unit file as installed); the module
# unloaded and loaded again ("reboot") and the unit run again finds the configuration back, and
# a tap made after it is guarded from its first frame.
#
#   The VM's / is the host's, read-only: the root is an overlay of / (upper: a tmpfs) with proc,
#   sys, dev, run and tmp mounted in, entered with chroot; dpkg -i runs there (its maintainer
#   scripts too: no systemd runs in the VM, so they only enable the unit) and the module goes
#   where DKMS puts it, /lib/modules/RELEASE/updates/dkms, followed by depmod.
#   ns hv: br0 with up1 (the uplink) and tap0 (a guest's, there before the unit ran), veths to
#   ns guest; tap1 comes after. Every command of the root runs in ns hv, with a sysfs of ns hv
#   (apply matches "tap*" against /sys/class/net).
#
# Only in the test VM: it unloads the module and installs into an overlay of /. Needs the .deb
# and the module from "selftests/packages.sh" (or make deb and its dkms build); without them it
# skips, and fails under CI=true.

. "$(dirname "$0")/lib.sh"

DEB_DIR=${DEB_OUT:-$VMROAM_TOP/.deb}
KVER=$(uname -r)
DKMS_KO=$DEB_DIR/dkms/install/$KVER/updates/dkms/vmroam.ko

tap_begin

need()		# WHAT: skip the whole test, or fail it under CI
{
	if [ "${CI:-}" = true ]; then
		tap_not_ok "install.sh: $1 (CI=true: make check's packages stage makes it)"
	else
		tap_skip "install.sh" "$1 (selftests/packages.sh makes it)"
	fi
	tap_end
}

if [ "$(id -u)" != 0 ] || [ "${VMROAM_IN_VM:-}" != 1 ]; then
	tap_skip "install.sh" "only as root in the test VM (it reloads the module, mounts over /)"
	tap_end
fi
# shellcheck disable=SC2012 # a name with a version, no odd characters
DEB=$(ls "$DEB_DIR"/vmroam_*_*.deb 2>/dev/null | head -n 1)
[ -n "$DEB" ] || need "no vmroam .deb in $DEB_DIR"
[ -f "$DKMS_KO" ] || need "no DKMS-built module for $KVER: $DKMS_KO"
command -v udevadm >/dev/null || need "no udevadm"

load_kernel_modules
# what the earlier tests loaded (kmod/vmroam.ko) goes: this test loads the package's
vmroam_unload || { tap_not_ok "rmmod vmroam before the install: $(lsmod | grep vmroam)"; tap_end; }

SCRATCH=$(mktemp -d)
ROOT=$SCRATCH/root
OUT=$SCRATCH/out
ERR=$SCRATCH/err
cleanup()
{
	ns_cleanup
	vmroam_unload 2>/dev/null
	umount -R "$ROOT" 2>/dev/null || umount -R -l "$ROOT"
	rm -rf "$SCRATCH"
}
trap cleanup EXIT

# in_root CMD...: CMD in the installed root and in ns hv, with a sysfs of ns hv; stdout in OUT,
# stderr in ERR, status in RC. ip netns exec gives it a mount namespace of its own, where that
# sysfs is mounted over the root's.
in_root()
{
	# shellcheck disable=SC2016 # expanded by the inner bash
	ip netns exec "$HV" bash -c 'mount -t sysfs sysfs "$0/sys" && exec chroot "$0" "$@"' \
		"$ROOT" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# vr ARGS...: the installed CLI in ns hv, its output on stdout
vr()
{
	ip netns exec "$HV" chroot "$ROOT" /usr/sbin/vmroam "$@"
}

port_setting()	# PORT KEY
{
	vr -j port show dev "$1" | jq -r ".[0].$2"
}

drops()		# PORT REASON
{
	vr -j stats dev "$1" | jq -r ".drops.$2"
}

drops_are()	# PORT REASON N
{
	[ "$(drops "$1" "$2")" = "$3" ]
}

# unit_cmds KEY: the command lines of KEY= (ExecStartPre, ExecStart, ExecReload) in the
# installed unit, one per line, without systemd's prefixes (- @ : + !)
UNIT=$ROOT/lib/systemd/system/vmroam.service
unit_cmds()
{
	sed -n "s/^$1=[-@:+!]*//p" "$UNIT"
}

# run_unit KEY...: each command of each KEY in the root, as systemd would (stops at a failure);
# their stdout in OUT (all of them), stderr in ERR, the first failure's status in RC
run_unit()
{
	local key cmd all=$SCRATCH/unit.out errs=$SCRATCH/unit.err

	: >"$all"
	: >"$errs"
	for key in "$@"; do
		while IFS= read -r cmd; do
			# shellcheck disable=SC2086 # a unit's command line: words, no shell quoting
			in_root $cmd
			cat "$OUT" >>"$all"
			cat "$ERR" >>"$errs"
			if [ "$RC" != 0 ]; then
				echo "$key=$cmd: status $RC" >>"$errs"
				break 2
			fi
		done < <(unit_cmds "$key")
	done
	cp "$all" "$OUT"
	cp "$errs" "$ERR"
}

new_tap()	# NAME PEER
{
	ip -n "$HV" link add "$1" type veth peer name "$2" netns "$GUEST" &&
		ip -n "$HV" link set "$1" master br0 up &&
		ip -n "$GUEST" link set "$2" up && link_wait "$HV" "$1"
}

# ---- the root ---------------------------------------------------------------------------------
# (the VM's /tmp is a tmpfs: the upper layer and its work directory)
mkdir "$SCRATCH/upper" "$SCRATCH/work" "$ROOT"
mount -t overlay overlay -o "lowerdir=/,upperdir=$SCRATCH/upper,workdir=$SCRATCH/work" "$ROOT" &&
	mount -t proc proc "$ROOT/proc" && mount --rbind /dev "$ROOT/dev" &&
	mount --rbind /sys "$ROOT/sys" && mount -t tmpfs tmpfs "$ROOT/run" &&
	mount -t tmpfs tmpfs "$ROOT/tmp"
check_err $? "the overlay root: $(tail -n 3 /proc/self/mountinfo)"
# --force-depends: vmroam depends on vmroam-dkms (or a vmroam-module), whose postinst would
# build the module here again under TCG, for minutes; the host's DKMS build stands in for it
cp "$DEB" "$ROOT/tmp/" &&
	chroot "$ROOT" dpkg -i --force-depends "/tmp/${DEB##*/}" >"$OUT" 2>"$ERR"
check_err $? "dpkg -i ${DEB##*/}: $(cat "$OUT" "$ERR")"
conf=$ROOT/etc/vmroam/vmroam.conf
[ -x "$ROOT/usr/sbin/vmroam" ] && [ -f "$UNIT" ] &&
	[ -f "$ROOT/usr/lib/modules-load.d/vmroam.conf" ] &&
	[ -f "$ROOT/lib/udev/rules.d/60-vmroam.rules" ] &&
	[ -L "$ROOT/etc/systemd/system/multi-user.target.wants/vmroam.service" ] &&
	chroot "$ROOT" dpkg-query -W -f="\${Status}" vmroam | grep -qx 'install ok installed'
check_err $? "the installed files: $(chroot "$ROOT" dpkg -L vmroam 2>&1 | paste -sd' ')"
# as installed, the configuration applies nothing: every line a comment or blank
! grep -qvE '^[[:space:]]*(#|$)' "$conf"
check_err $? "the packaged configuration sets something: $(grep -vE '^[[:space:]]*(#|$)' "$conf")"
grep -qx vmroam "$ROOT/usr/lib/modules-load.d/vmroam.conf"
check_err $? "modules-load.d does not name vmroam"
tap_diag "root and dpkg -i: $SECONDS s"
log_test "dpkg -i vmroam: CLI, unit (enabled), modules-load.d, udev rule; the configuration is all comments"

# the module where DKMS installs it, then what DKMS runs after it (depmod)
install -D -m 0644 "$DKMS_KO" "$ROOT/lib/modules/$KVER/updates/dkms/vmroam.ko" &&
	chroot "$ROOT" depmod -a "$KVER"
check_err $? "depmod -a $KVER in the root"
# the operator's module option, beside the packaged (commented) file
echo "options vmroam port_rate=7 max_bindings=50000" >"$ROOT/etc/modprobe.d/local.conf"
path=$(chroot "$ROOT" modinfo -n vmroam 2>&1)
[ "$path" = "/lib/modules/$KVER/updates/dkms/vmroam.ko" ]
check_err $? "modinfo -n vmroam in the root: $path"
plan=$(chroot "$ROOT" modprobe -n -v vmroam 2>&1)
[[ $plan == *"updates/dkms/vmroam.ko port_rate=7 max_bindings=50000"* ]]
check_err $? "modprobe -n -v vmroam: $plan"
tap_diag "depmod: $SECONDS s"
log_test "the DKMS-built module in updates/dkms: modprobe finds it, with the options of modprobe.d"

# ---- the hypervisor before the unit ----------------------------------------------------------
ns_create HV && ns_create GUEST
ip -n "$HV" link add br0 type bridge
ip -n "$HV" link add up1 type veth peer name u1 netns "$GUEST"
ip -n "$HV" link set up1 master br0 up
ip -n "$GUEST" link set u1 up
ip -n "$HV" addr add 192.0.2.1/24 dev br0
ip -n "$HV" link set br0 up
new_tap tap0 g0
check_err $? "setup"
cp "$conf" "$SCRATCH/packaged.conf"
cat >"$conf" <<'EOF'
# a hypervisor's: new ports of br0 guarded, the uplink trusted, the guests' taps as new ones
bridge set dev br0 port-defaults trusted off lock on max-macs 2 arp-inspect on ip-guard on
port set dev up1 trusted on
port set dev tap* trusted off lock on max-macs 2 arp-inspect on ip-guard on
policy set dev br0 arp_reply_other none
gateway add dev br0 ip 192.0.2.254
binding add dev up1 mac 52:54:00:00:30:01 ip 192.0.2.50
EOF
expect="bridge set dev br0 port-defaults trusted off lock on max-macs 2 arp-inspect on ip-guard on
port set dev tap0 trusted off lock on max-macs 2 arp-inspect on ip-guard on
policy set dev br0 arp_reply_other none
gateway add dev br0 ip 192.0.2.254
binding add dev up1 mac 52:54:00:00:30:01 ip 192.0.2.50"

# state_is WHAT: the configuration above is what the kernel has, and the module option
state_is()
{
	local b p g k

	b=$(vr -j bridge show dev br0)
	p=$(vr -j policy show dev br0)
	g=$(vr -j gateway show dev br0)
	k=$(vr -j binding show mac 52:54:00:00:30:01)
	jq -e '.[0].inherit == false and .[0].port_defaults.trusted == false and
		.[0].port_defaults.lock == true and .[0].port_defaults.max_macs == 2 and
		.[0].port_defaults.arp_inspect == true and .[0].port_defaults.ip_guard == true' \
		<<<"$b" >/dev/null
	check_err $? "$1: bridge show dev br0: $b"
	[ "$(port_setting up1 trusted)" = true ] && [ "$(port_setting tap0 trusted)" = false ] &&
		[ "$(port_setting tap0 lock)" = true ] && [ "$(port_setting tap0 ip_guard)" = true ]
	check_err $? "$1: port show: $(vr -j port show)"
	jq -e '.. | objects | select(has("arp_reply_other")) | .arp_reply_other |
		(. == "none" or . == [] or . == "")' <<<"$p" >/dev/null
	check_err $? "$1: policy show dev br0: $p"
	jq -e '.[0].gateways | index("192.0.2.254")' <<<"$g" >/dev/null
	check_err $? "$1: gateway show dev br0: $g"
	jq -e '.[0].origin == "static" and .[0].dev == "up1" and (.[0].ipv4 | index("192.0.2.50"))' \
		<<<"$k" >/dev/null
	check_err $? "$1: binding show: $k"
	[ "$(cat /sys/module/vmroam/parameters/port_rate)" = 7 ] &&
		[ "$(cat /sys/module/vmroam/parameters/max_bindings)" = 50000 ]
	check_err $? "$1: port_rate $(cat /sys/module/vmroam/parameters/port_rate), max_bindings $(cat /sys/module/vmroam/parameters/max_bindings)"
}

# ---- the unit at boot -------------------------------------------------------------------------
[ -n "$(unit_cmds ExecStartPre)" ] && [ -n "$(unit_cmds ExecStart)" ] &&
	[ -n "$(unit_cmds ExecReload)" ]
check_err $? "the unit has no ExecStartPre, ExecStart or ExecReload: $(cat "$UNIT")"
run_unit ExecStartPre ExecStart
[ "$RC" = 0 ] && [ "$(cat "$OUT")" = "$expect" ]
check_err $? "status $RC; printed [$(cat "$OUT")], stderr [$(cat "$ERR")]"
tap_diag "unit: $SECONDS s"
log_test "the unit's ExecStartPre and ExecStart: the module loaded, each change printed"

state_is "after the unit"
log_test "bridge, port, policy, gateway and binding show what the file says; the option of modprobe.d holds"

# the packaged modprobe.d file's defaults are the module's (those the local file sets apart)
bad=
while read -r name value; do
	case $name in port_rate | max_bindings) continue ;; esac
	got=$(cat "/sys/module/vmroam/parameters/$name" 2>/dev/null)
	[ "$got" = "$value" ] || bad+=" $name=$value (module: '$got')"
done < <(sed -n 's/^#options vmroam \([a-z0-9_]*\)=\(.*\)$/\1 \2/p' \
	"$ROOT/etc/modprobe.d/vmroam.conf")
[ -z "$bad" ]
check_err $? "defaults in /etc/modprobe.d/vmroam.conf that the module has not:$bad"
log_test "/etc/modprobe.d/vmroam.conf: the default it shows of each parameter is the module's"

run_unit ExecReload
[ "$RC" = 0 ] && [ ! -s "$OUT" ] && [ ! -s "$ERR" ]
check_err $? "status $RC, printed [$(cat "$OUT" "$ERR")]"
log_test "ExecReload (vmroam apply) a second time: nothing to change, nothing printed"

# the examples of the packaged configuration ("#COMMAND ..." lines), uncommented, are lines
# apply takes (a bad one is exit status 2), with the devices they name (eno1, an uplink)
ip -n "$HV" link add eno1 type veth peer name e1 netns "$GUEST" &&
	ip -n "$HV" link set eno1 master br0 up
check_err $? "eno1"
sed -n 's/^#\([a-z]\)/\1/p' "$SCRATCH/packaged.conf" >"$ROOT/tmp/examples.conf"
n_ex=$(wc -l <"$ROOT/tmp/examples.conf")
in_root /usr/sbin/vmroam apply file /tmp/examples.conf dry-run
[ "$n_ex" -ge 5 ] && [ "$RC" = 0 ] && [ ! -s "$ERR" ] && [ -s "$OUT" ]
check_err $? "$n_ex example lines; apply dry-run: status $RC, $(cat "$OUT" "$ERR")"
log_test "the $n_ex examples of /etc/vmroam/vmroam.conf, uncommented, are lines apply takes"

# the udev rule: on the module's "add" uevent, the unit is reloaded
in_root udevadm test --action=add /module/vmroam
run=$(cat "$OUT" "$ERR" | grep -m 1 "RUN.*systemctl")
[[ $run == *"systemctl --no-block try-reload-or-restart vmroam.service"* ]]
check_err $? "udevadm test: no RUN of systemctl: $(tail -n 5 "$ERR")"
log_test "udev rule: the module's add uevent reloads vmroam.service ($(sed "s/.*RUN[^/]*//; s/'$//" <<<"$run"))"

# ---- "reboot": the module unloaded, loaded again, the unit again -------------------------------
rmmod vmroam
check_err $? "rmmod vmroam"
run_unit ExecStartPre ExecStart
[ "$RC" = 0 ] && [ "$(cat "$OUT")" = "$expect" ]
check_err $? "status $RC; printed [$(cat "$OUT")], stderr [$(cat "$ERR")]"
log_test "module reloaded ('reboot'): the unit applies the same changes again"
state_is "after the reload"
log_test "after the reload: the configuration and the module option are back"

# ---- a tap made after the unit ----------------------------------------------------------------
new_tap tap1 g1
check_err $? "tap1"
[ "$(port_setting tap1 trusted)" = false ] && [ "$(port_setting tap1 arp_inspect)" = true ]
check_err $? "tap1's settings: $(vr -j port show dev tap1)"
before=$(drops tap1 arp_unbound)
ip netns exec "$GUEST" "$VRSEND" g1 arp_garp_request smac 52:54:00:00:30:02 \
	sha 52:54:00:00:30:02 sip 192.0.2.66
poll drops_are tap1 arp_unbound $((before + 1))
check_err $? "drops.arp_unbound at tap1: $before, then $(drops tap1 arp_unbound)"
frames=$(vr -j stats dev tap1 | jq -r '.arp_garp_request')
[ "$frames" = 1 ]
check_err $? "tap1 counted $frames gratuitous ARP requests: the dropped one was not its first"
! ip -n "$HV" neigh show 192.0.2.66 dev br0 | grep -qv FAILED
check_err $? "the host learnt the spoofed address: $(ip -n "$HV" neigh show 192.0.2.66)"
log_test "attack: a tap made after the unit drops its first frame, a spoofed ARP (arp_unbound)"

tap_end
