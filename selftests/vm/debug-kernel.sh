#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the selftests' debug kernel (KASAN, lockdep, kmemleak, refcount trackers) from Debian's
# linux-source-6.1, so that it can be made again on any fresh Debian 12 machine instead of being
# a tree that only exists on one. The configuration is "make defconfig" + "make
# kvm_guest.config" + selftests/vm/debug.config (merged with scripts/kconfig/merge_config.sh),
# then "make olddefconfig". Everything the VM and the selftests need is built in: there is no
# /lib/modules/<release> for this kernel, so selftests/vm/run.sh's initramfs loads no module
# and gives the VM 3072 MB. vmroam.ko is built against the same tree (KDIR=<tree>), which is why
# modules_prepare and Module.symvers are made too.
#
#   selftests/vm/debug-kernel.sh [OUTDIR]
#
# OUTDIR (env DEBUG_KERNEL_DIR, default /var/tmp/vmroam-debug-kernel) receives the tree,
# OUTDIR/linux-source-6.1. JOBS (default: nproc) is make's -j. Installs nothing: a missing
# Debian package is named (make deps-debug installs them all). Does nothing when the bzImage is
# newer than debug.config. The first build takes about 20 min on 2 cores (under nice, beside a
# busy TCG VM) and 2.3 GB of disk; run it under nice when a VM is running.
# The last line printed is the path of the bzImage.

set -eu
set -o pipefail

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd -P)
fragment=$here/debug.config
outdir=${1:-${DEBUG_KERNEL_DIR:-/var/tmp/vmroam-debug-kernel}}
tarball=/usr/src/linux-source-6.1.tar.xz
tree=$outdir/linux-source-6.1
image=$tree/arch/x86/boot/bzImage
JOBS=${JOBS:-$(nproc)}

say() { echo "$prog: $*" >&2; }
die() { say "$*"; exit 1; }

[ -r "$fragment" ] || die "$fragment missing"

# ---- what the build needs ---------------------------------------------------------------------

# linux-source-6.1: the tarball; build-essential: gcc, make; bc, flex, bison: kbuild and Kconfig;
# libelf-dev: objtool (ORC unwinder); libssl-dev: the certs/sign-file host tools; xz-utils: tar.
# No dwarves: no BTF (CONFIG_DEBUG_INFO_NONE).
need="linux-source-6.1 build-essential bc flex bison libelf-dev libssl-dev xz-utils"
missing=
for pkg in $need; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
		missing+="$pkg "
done
if [ -n "$missing" ]; then
	die "missing Debian packages: $missing(make deps-debug, or apt-get install $missing)"
fi
[ -r "$tarball" ] || die "$tarball missing (apt-get install --reinstall linux-source-6.1)"

# ---- up to date? ------------------------------------------------------------------------------

# Newer than .config too: a run that failed after configuring left a .config the image does not
# have (a successful build touches the image last).
if [ -f "$image" ] && [ "$image" -nt "$fragment" ] && [ -f "$tree/Module.symvers" ] &&
	[ -f "$tree/.config" ] && [ "$image" -nt "$tree/.config" ]; then
	say "up to date: $image is newer than $fragment"
	echo "$image"
	exit 0
fi

# ---- the tree ---------------------------------------------------------------------------------

mkdir -p "$outdir"
if [ ! -f "$tree/Makefile" ]; then
	say "unpacking $tarball into $outdir"
	rm -rf "$outdir/.unpack"
	mkdir "$outdir/.unpack"
	tar -xJf "$tarball" -C "$outdir/.unpack"
	[ -f "$outdir/.unpack/linux-source-6.1/Makefile" ] || die "$tarball has no linux-source-6.1/"
	rm -rf "$tree"
	mv "$outdir/.unpack/linux-source-6.1" "$tree"
	rmdir "$outdir/.unpack"
fi
cd "$tree"

# ---- configuration ----------------------------------------------------------------------------

say "configuring: defconfig + kvm_guest.config + $fragment"
make -s defconfig
make -s kvm_guest.config
scripts/kconfig/merge_config.sh -m .config "$fragment"
make -s olddefconfig

# Kconfig drops an option whose dependencies are not met without a word: check that every
# setting of the fragment is in the final .config.
bad=()
while IFS= read -r line; do
	if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
		grep -qxF -- "$line" .config || bad+=("$line (got: $(grep -E "^(# )?${BASH_REMATCH[1]}[= ]" .config || echo unset))")
	elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
		! grep -qE "^${BASH_REMATCH[1]}=[ym]" .config || bad+=("$line (got: $(grep -E "^${BASH_REMATCH[1]}=" .config))")
	fi
done <"$fragment"
if [ ${#bad[@]} -gt 0 ]; then
	say "these settings of $fragment did not survive make olddefconfig (unmet dependencies?):"
	printf '  %s\n' "${bad[@]}" >&2
	exit 1
fi
say "configuration checked: every setting of debug.config is in .config"

# ---- build ------------------------------------------------------------------------------------

say "building bzImage, modules_prepare and modules with -j$JOBS"
# bzImage writes only vmlinux.symvers; Module.symvers, which building vmroam.ko against the tree
# needs, comes from "make modules" (the few =m options defconfig leaves are quick)
make -j"$JOBS" bzImage modules_prepare modules
[ -f Module.symvers ] || die "no Module.symvers after the build"
[ -f "$image" ] || die "no $image after the build"
# make leaves the image's time alone when nothing in it changed: mark it current for the check
# above
touch "$image"

say "built $(make -s kernelrelease): KERNEL=$image KDIR=$tree"
echo "$image"
