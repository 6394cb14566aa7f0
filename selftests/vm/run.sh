#!/bin/bash
# Run a command as root inside a throw-away QEMU VM (TCG) that boots the
# kernel the vmroam module is built for, on the host's own root file system.
#
#   selftests/vm/run.sh [-k KERNEL] [-d KDIR] [-m MEM_MB] [-t TIMEOUT_S]
#                       [-o OUTDIR] [-a KERNEL_ARGS] -- COMMAND [ARGS...]
#
# Exit status: COMMAND's; 3 if COMMAND succeeded but the kernel printed a
# report (BUG, WARNING, KASAN, lockdep, kmemleak, ...); 124 on timeout;
# 125 if the VM never reported a status; 2 on usage errors.
# See selftests/vm/README.md.

set -eu
set -o pipefail

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd -P)
# The repository top: two levels above this script.  Physical path, so the
# guest (which sees the host's real tree) resolves it identically.
repo=$(cd "$here/../.." && pwd -P)

usage() {
	cat <<EOF
usage: $prog [-k KERNEL] [-d KDIR] [-m MEM_MB] [-t TIMEOUT_S] [-o OUTDIR]
          [-a KERNEL_ARGS] -- COMMAND [ARGS...]

Boots KERNEL in QEMU (TCG) on the host's root file system (read-only) and
runs COMMAND as root in $repo; exits with COMMAND's status.

  -k KERNEL    kernel image (env KERNEL; default /boot/vmlinuz-<KDIR's release>)
  -d KDIR      kernel build dir (env KDIR; default /lib/modules/\$(uname -r)/build
               or the newest /lib/modules/*/build)
  -m MEM_MB    guest memory (env VM_MEM; default 2048, 3072 without modules)
  -t TIMEOUT_S kill the VM after this long, exit 124 (env VM_TIMEOUT; default 1800)
  -o OUTDIR    keep console.log, output.log, status there (default: temporary)
  -a ARGS      extra kernel command line (env VM_APPEND)
EOF
}

die() {
	echo "$prog: $*" >&2
	exit 2
}

KERNEL=${KERNEL:-}
KDIR=${KDIR:-}
VM_MEM=${VM_MEM:-}
VM_TIMEOUT=${VM_TIMEOUT:-1800}
VM_APPEND=${VM_APPEND:-}
# la57=off: TCG offers 5-level paging with -cpu max, and the 6.1 KASAN
# kernel then reports a bogus wild-memory-access while booting.
VM_CPU=${VM_CPU:-max,la57=off}
VM_SMP=${VM_SMP:-2}
outdir=

while getopts k:d:m:t:o:a:h opt; do
	case $opt in
	k) KERNEL=$OPTARG ;;
	d) KDIR=$OPTARG ;;
	m) VM_MEM=$OPTARG ;;
	t) VM_TIMEOUT=$OPTARG ;;
	o) outdir=$OPTARG ;;
	a) VM_APPEND=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { usage >&2; exit 2; }

[[ $VM_TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "timeout must be a positive number of seconds: $VM_TIMEOUT"
[ -z "$VM_MEM" ] || [[ $VM_MEM =~ ^[1-9][0-9]*$ ]] || die "memory must be a number of MB: $VM_MEM"

# wait -n -p (below) needs bash 5.1.
((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501)) || die "needs bash >= 5.1"

for tool in qemu-system-x86_64 cpio gzip modprobe; do
	command -v "$tool" >/dev/null || die "$tool not found (apt-get install qemu-system-x86 cpio gzip kmod)"
done
# Must be the static build (busybox-static): the initramfs has no libc.
[ -x /bin/busybox ] || die "/bin/busybox not found (apt-get install busybox-static)"

# --- Which kernel --------------------------------------------------------

# The running kernel's tree, else the newest installed headers (the machine's
# own kernel may not be the one we build for): the Makefile's choice.
[ -n "$KDIR" ] || KDIR=$("$(dirname "$0")/kdir.sh") || KDIR=
# KDIR's release.  utsrelease.h first: it is what modules built there
# carry in their vermagic.  Debian's headers packages show why: their
# include/config/kernel.release holds the upstream version (6.1.192)
# while the kernel is 6.1.0-56-amd64.
kdir_release=
if [ -n "$KDIR" ]; then
	if [ -r "$KDIR/include/generated/utsrelease.h" ]; then
		kdir_release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$KDIR/include/generated/utsrelease.h")
	fi
	if [ -z "$kdir_release" ] && [ -r "$KDIR/include/config/kernel.release" ]; then
		kdir_release=$(cat "$KDIR/include/config/kernel.release")
	fi
fi
if [ -z "$KERNEL" ]; then
	[ -n "$kdir_release" ] || die "no kernel given (-k) and no release found in KDIR ('$KDIR')"
	KERNEL=/boot/vmlinuz-$kdir_release
fi
[ -r "$KERNEL" ] || die "kernel image $KERNEL not readable"
KERNEL=$(cd "$(dirname "$KERNEL")" && pwd -P)/$(basename "$KERNEL")

# The release of the image itself, from the x86 boot header: the 16-bit
# field at 0x20e points (relative to 0x200) to the version string.
bzimage_release() {
	local magic off
	magic=$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null) || return 1
	[ "$magic" = HdrS ] || return 1
	off=$(od -An -tu2 -j 526 -N 2 "$1" | tr -d ' ')
	[ -n "$off" ] && [ "$off" -gt 0 ] || return 1
	tail -c +$((off + 0x200 + 1)) "$1" | head -c 256 | tr '\0' '\n' | head -n 1 | cut -d' ' -f1
}
release=$(bzimage_release "$KERNEL" || true)
if [ -z "$release" ]; then
	release=$kdir_release
elif [ -n "$kdir_release" ] && [ "$release" != "$kdir_release" ]; then
	echo "$prog: warning: $KERNEL is $release but KDIR ($KDIR) is $kdir_release;" \
		"modules built against KDIR will not load" >&2
fi
[ -n "$release" ] || die "cannot tell the release of $KERNEL"

# Modules for this kernel on the host?  A debug kernel with everything
# built in has none: nothing to load in the initramfs, and it wants more
# memory (KASAN shadow, kmemleak, lockdep).
moddir=/lib/modules/$release
[ -d "$moddir" ] || moddir=
if [ -z "$VM_MEM" ]; then
	if [ -n "$moddir" ]; then VM_MEM=2048; else VM_MEM=3072; fi
fi

# --- Directories and cleanup ---------------------------------------------

work=
keep_out=0
qpid=
tpid=
timer=

# shellcheck disable=SC2317 # only called through the trap
cleanup() {
	local rc=$?
	set +e
	[ -z "$timer" ] || kill "$timer" 2>/dev/null
	if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then
		kill "$qpid" 2>/dev/null
		wait "$qpid" 2>/dev/null
	fi
	# tail inherits our stdout: it must not outlive us (a CI pipe would
	# stay open).
	[ -z "$tpid" ] || kill "$tpid" 2>/dev/null
	[ -z "$work" ] || rm -rf "$work"
	[ "$keep_out" = 1 ] || [ -z "$outdir" ] || rm -rf "$outdir"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

work=$(mktemp -d "${TMPDIR:-/tmp}/vmroam-vm.XXXXXX")
if [ -n "$outdir" ]; then
	keep_out=1
	mkdir -p "$outdir"
	outdir=$(cd "$outdir" && pwd -P)
	# Stale files from an earlier run would be mistaken for this one's.
	rm -f "$outdir"/{console.log,output.log,qemu.log,status,status.tmp,command-start,command-end,dump-request,guest.env,cmd}
else
	outdir=$(mktemp -d "${TMPDIR:-/tmp}/vmroam-vm-out.XXXXXX")
fi

# --- Initramfs -----------------------------------------------------------

initdir=$work/initramfs
mkdir -p "$initdir"/{bin,dev,proc,sys,newroot,lib/modules}
cp /bin/busybox "$initdir/bin/busybox"
for applet in sh mount mkdir insmod tr sleep ln cat switch_root poweroff; do
	ln -s busybox "$initdir/bin/$applet"
done
cp "$here/initramfs-init" "$initdir/init"
chmod 0755 "$initdir/init"
# The kernel opens /dev/console for /init's stdio before /init can mount
# devtmpfs.  Creating the node needs root; /init copes without it.
mknod -m 0600 "$initdir/dev/console" c 5 1 2>/dev/null || true

# virtio-pci and 9p, in dependency order, when this kernel has them as
# modules.  "builtin" lines need nothing.
: >"$initdir/modules.list"
if [ -n "$moddir" ]; then
	deps=$(modprobe -a --show-depends -S "$release" virtio_pci 9pnet_virtio 9p) ||
		die "cannot resolve 9p/virtio modules for $release (modules.dep missing?)"
	declare -A seen=()
	while read -r kind path _; do
		[ "$kind" = insmod ] || continue
		[ -z "${seen[$path]:-}" ] || continue
		seen[$path]=1
		name=$(basename "$path")
		# busybox insmod wants a plain ELF object: decompress here.
		case $name in
		*.ko.xz) xz -dc "$path" >"$initdir/lib/modules/${name%.xz}"; name=${name%.xz} ;;
		*.ko.zst) zstd -qdc "$path" >"$initdir/lib/modules/${name%.zst}"; name=${name%.zst} ;;
		*.ko.gz) gzip -dc "$path" >"$initdir/lib/modules/${name%.gz}"; name=${name%.gz} ;;
		*) cp "$path" "$initdir/lib/modules/$name" ;;
		esac
		echo "$name" >>"$initdir/modules.list"
	done <<<"$deps"
fi

(cd "$initdir" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$work/initramfs.cpio.gz"

# --- Settings for the guest ----------------------------------------------

# POSIX single quoting: guest.env is read by busybox sh as well as bash.
shquote() {
	local s=${1//\'/\'\\\'\'}
	printf "'%s'" "$s"
}
# Paths that get a tmpfs in the guest (the rest of / is the host's,
# read-only).  VM_EXTRA_WRITABLE adds more (space-separated).
writable="/tmp /run /var/tmp /var/log /var/lib/misc /var/cache /root ${VM_EXTRA_WRITABLE:-}"
{
	echo "VM_REPO=$(shquote "$repo")"
	echo "VM_WRITABLE=$(shquote "$writable")"
	echo "VM_HOSTNAME=vmroam-vm"
	# what the selftests take from the environment reaches them: a slow kernel's
	# scaled timeouts, CI's strictness
	for v in TIMEOUT_SCALE POLL_TIMEOUT_MS CI; do
		[ -z "${!v:-}" ] || echo "export $v=$(shquote "${!v}")"
	done
} >"$outdir/guest.env"
# A bash array definition, read back by guest.sh (the same bash).
cmd=("$@")
declare -p cmd >"$outdir/cmd"
: >"$outdir/output.log"

# --- Boot ----------------------------------------------------------------

# qemu's option parser takes ',' as a separator; a literal one is ',,'.
qarg() { printf '%s' "${1//,/,,}"; }

cmdline="console=ttyS0 panic=-1 printk.devkmsg=on $VM_APPEND"
qemu=(
	qemu-system-x86_64
	-accel tcg -nodefaults -nographic -no-reboot -display none
	-monitor none
	# q35, not pc: on i440fx the ACPI _PRT method is an AML loop that the
	# KASAN/lockdep kernel under TCG runs into the 30 s AML loop timeout
	# with, once per PCI device.
	-machine q35 -cpu "$VM_CPU" -smp "$VM_SMP" -m "$VM_MEM"
	-kernel "$KERNEL" -initrd "$work/initramfs.cpio.gz" -append "$cmdline"
	-chardev "file,id=con,path=$(qarg "$outdir/console.log")"
	-serial chardev:con
	# multidevs=remap: / spans several host file systems; without it
	# their inode numbers could collide in the guest.
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$(qarg "$repo"),mount_tag=repo,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$(qarg "$outdir"),mount_tag=results,security_model=none,multidevs=remap"
)
# Extra qemu arguments for debugging, e.g. VM_QEMU_ARGS="-s" for gdb.
# shellcheck disable=SC2206 # word splitting is the point
[ -z "${VM_QEMU_ARGS:-}" ] || qemu+=(${VM_QEMU_ARGS})

echo "vm: booting $release ($VM_MEM MB, timeout $VM_TIMEOUT s)" >&2
SECONDS=0
"${qemu[@]}" </dev/null >"$outdir/qemu.log" 2>&1 &
qpid=$!

# Stream the command's output live (TAP lines); tail ends by itself once
# qemu is gone, after a last read.
tail -n +1 -s 0.2 -f --pid="$qpid" "$outdir/output.log" &
tpid=$!

# Shortly before the timeout ask the guest for a dump of blocked tasks and
# CPUs (guest.sh polls for dump-request), then kill qemu at the timeout.
grace=$((VM_TIMEOUT / 4 < 30 ? VM_TIMEOUT / 4 : 30))
sleep $((VM_TIMEOUT - grace)) &
timer=$!
phase=dump
timed_out=0
qemu_rc=
while :; do
	done_pid=
	set +e
	wait -n -p done_pid "$qpid" "$timer"
	st=$?
	set -e
	if [ "$done_pid" = "$qpid" ]; then
		qemu_rc=$st
		qpid=
		break
	elif [ "$done_pid" = "$timer" ]; then
		if [ "$phase" = dump ]; then
			echo "vm: timeout in $grace s, asking the guest for a task dump" >&2
			: >"$outdir/dump-request"
			sleep "$grace" &
			timer=$!
			phase="kill"
		else
			timer=
			timed_out=1
			kill "$qpid" 2>/dev/null || true
			# qemu ends promptly on SIGTERM; KILL if it is wedged.
			for _ in $(seq 50); do
				kill -0 "$qpid" 2>/dev/null || break
				sleep 0.1
			done
			kill -9 "$qpid" 2>/dev/null || true
			wait "$qpid" 2>/dev/null || true
			qpid=
			break
		fi
	fi
done
elapsed=$SECONDS
[ -z "$timer" ] || { kill "$timer" 2>/dev/null || true; timer=; }
wait "$tpid" 2>/dev/null || true
tpid=

# --- Verdict -------------------------------------------------------------

console=$outdir/console.log
[ -f "$console" ] || : >"$console"

show_console_tail() {
	echo "vm: ---- last lines of the console ----" >&2
	tail -n "${1:-60}" "$console" | tr -d '\r' >&2
	echo "vm: ---- end of console ----" >&2
}

# Kernel reports worth failing a run for.  The console carries only the
# kernel's messages and guest.sh's own (the command's output goes to
# output.log), so a match is the kernel's.
report_re='BUG:|WARNING:|Oops|general protection fault|KASAN:|UBSAN:|possible circular locking|possible recursive locking|suspicious RCU usage|unreferenced object|Call Trace:|kernel BUG|Kernel panic|blocked for more than|rcu_.* detected stalls|self-detected stall|refcount_t:|unregister_netdevice: waiting for|list_(add|del) corruption|Poison overwritten|Redzone overwritten|Object padding overwritten|Slab corruption'
report=0
if grep -qE "$report_re" "$console"; then
	report=1
	echo "vm: kernel report(s) in the console log:" >&2
	# Context around each hit, capped so a storm of warnings stays readable.
	grep -nE -B 10 -A 40 "$report_re" "$console" | tr -d '\r' | head -n 400 >&2
	echo "vm: ---- end of kernel reports ----" >&2
fi

boot_note=
if [ -r "$outdir/command-start" ]; then
	boot_note=" (command started $(cat "$outdir/command-start") s after boot)"
fi

if [ "$timed_out" = 1 ]; then
	[ "$report" = 1 ] || show_console_tail
	echo "vm: TIMEOUT: killed the VM after $VM_TIMEOUT s (kernel $release)$boot_note" >&2
	exit 124
fi

if [ ! -s "$outdir/status" ]; then
	echo "vm: the VM ended without reporting the command's exit status (qemu exit $qemu_rc)" >&2
	if [ -s "$outdir/qemu.log" ]; then
		echo "vm: ---- qemu output ----" >&2
		cat "$outdir/qemu.log" >&2
	fi
	# A report excerpt already shows most of the console's end.
	if [ "$report" = 1 ]; then show_console_tail 20; else show_console_tail; fi
	echo "vm: kernel $release, no command status, $elapsed s$boot_note" >&2
	exit 125
fi

rc=$(cat "$outdir/status")
[[ $rc =~ ^[0-9]+$ ]] || rc=125
echo "vm: kernel $release, command exited $rc, $elapsed s$boot_note" >&2
if [ "$report" = 1 ]; then
	echo "vm: FAIL: the kernel printed a report (see above)" >&2
	[ "$rc" != 0 ] || rc=3
fi
exit "$rc"
