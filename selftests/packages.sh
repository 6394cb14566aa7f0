#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "packages" stage of make check, on the host: one TAP case per step, then one summary line.
# Exit status 0 when every step passed.
#
#   selftests/packages.sh
#
#   - make deb: vmroam and vmroam-dkms built (dpkg-buildpackage -us -uc -b, into DEB_OUT,
#     default .deb/), holding the files README's install section names, dkms.conf's version the
#     package's
#   - lintian on both: no error, no warning (debian/*.lintian-overrides say why of any override)
#   - DKMS: the sources of the vmroam-dkms package built (dkms add, build, install) for the
#     kernel of the tree the module is built against (selftests/vm/kdir.sh, the 6.1 headers),
#     with --dkmstree/--sourcetree/--installtree under DEB_OUT/dkms and a signing key of its
#     own there, so that /var/lib/dkms and /lib/modules are left alone; the module ends up in
#     DEB_OUT/dkms/install/RELEASE/updates/dkms/vmroam.ko, where selftests/install.sh takes it
#   - systemd-analyze verify of vmroam.service as the package installs it (dpkg -i
#     --force-depends of vmroam alone, in an overlay of / in a mount namespace of its own:
#     nothing of the host changes)
#   - /etc/modprobe.d/vmroam.conf names every parameter of the module (modinfo -p), no other
#
# A missing tool (make deps installs them all) skips its step, and fails it under CI=true. Each
# step's log is in DEB_OUT/logs/.

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export LC_ALL=C
out=${DEB_OUT:-$top/.deb}
logs=$out/logs
dkms_dir=$out/dkms
rm -rf "$logs" "$dkms_dir"
mkdir -p "$logs" || exit 1

start=$(date +%s)
n=0 passed=0 failed=0 skipped=0
ok()		# DESCRIPTION...
{
	n=$((n + 1))
	passed=$((passed + 1))
	echo "ok $n - $*"
}

not_ok()	# DESCRIPTION...
{
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $*"
}

missing()	# STEP WHAT: skip the step; under CI=true, fail it (make deps has installed it all)
{
	if [ "${CI:-}" = true ]; then
		not_ok "$1: $2 (CI=true: make deps should have installed it)"
	else
		n=$((n + 1))
		skipped=$((skipped + 1))
		echo "ok $n - $1 # SKIP $2 (make deps installs it)"
	fi
}

since()		# START: "N s"
{
	echo "$(($(date +%s) - $1)) s"
}

# the last lines of a log, as TAP diagnostics
show()		# LOG
{
	tail -n 25 "$1" | sed 's/^/#   /'
}

version=$(dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null)
deb=$out/vmroam_${version}_$(dpkg --print-architecture 2>/dev/null).deb
dkms_deb=$out/vmroam-dkms_${version}_all.deb

# ---- make deb ---------------------------------------------------------------------------------
t=$(date +%s)
built=0
if ! command -v dpkg-buildpackage >/dev/null || ! command -v dh >/dev/null; then
	missing "make deb" "no dpkg-buildpackage or debhelper"
elif ! make --no-print-directory deb DEB_OUT="$out" >"$logs/deb.log" 2>&1; then
	show "$logs/deb.log"
	not_ok "make deb failed ($(since "$t"), log: $logs/deb.log)"
elif [ ! -f "$deb" ] || [ ! -f "$dkms_deb" ]; then
	not_ok "make deb: no $(basename "$deb") and $(basename "$dkms_deb") in $out"
else
	built=1
	ok "make deb: $(basename "$deb") and $(basename "$dkms_deb") in $out ($(since "$t"))"
fi

# ---- what they hold ---------------------------------------------------------------------------
if [ $built = 1 ]; then
	dpkg-deb -c "$deb" | awk '{ print $6 ($7 == "->" ? " -> " $8 : "") }' | sed 's|^\./|/|' \
		>"$logs/vmroam.files"
	dpkg-deb -c "$dkms_deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$logs/vmroam-dkms.files"
	dpkg-deb -f "$deb" Depends Recommends >"$logs/vmroam.control"
	want=(/usr/sbin/vmroam /lib/systemd/system/vmroam.service /lib/udev/rules.d/60-vmroam.rules
		/usr/lib/modules-load.d/vmroam.conf /etc/modprobe.d/vmroam.conf /etc/vmroam/vmroam.conf
		/usr/libexec/vmroam/libvirt-hook-qemu
		"/etc/libvirt/hooks/qemu.d/vmroam -> /usr/libexec/vmroam/libvirt-hook-qemu")
	# written in parallel: packaged once they exist in the tree
	[ ! -f man/vmroam.8 ] || want+=(/usr/share/man/man8/vmroam.8.gz)
	[ ! -f contrib/bash-completion/vmroam ] ||
		want+=(/usr/share/bash-completion/completions/vmroam)
	lacking=
	for f in "${want[@]}"; do
		grep -qxF "$f" "$logs/vmroam.files" || lacking+=" [$f]"
	done
	for f in /usr/src/vmroam-$version/dkms.conf /usr/src/vmroam-$version/Kbuild \
		/usr/src/vmroam-$version/kmod/Kbuild /usr/src/vmroam-$version/kmod/main.c \
		/usr/src/vmroam-$version/kmod/core/classify.c /usr/src/vmroam-$version/uapi/linux/vmroam.h; do
		grep -qxF "$f" "$logs/vmroam-dkms.files" || lacking+=" [vmroam-dkms: $f]"
	done
	objects=$(grep -E '\.(o|ko|cmd|mod)$' "$logs/vmroam-dkms.files")
	conffiles=$(dpkg-deb -I "$deb" conffiles 2>/dev/null | sort | paste -sd' ')
	dkms_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
	if [ -n "$lacking" ]; then
		not_ok "the packages lack:$lacking"
	elif [ -n "$objects" ]; then
		not_ok "vmroam-dkms holds build objects: $objects"
	elif [ "$conffiles" != "/etc/modprobe.d/vmroam.conf /etc/vmroam/vmroam.conf" ]; then
		not_ok "vmroam's conffiles are '$conffiles'"
	elif [ "$dkms_version" != "$version" ]; then
		not_ok "dkms.conf's PACKAGE_VERSION $dkms_version, the package's $version"
	elif ! grep -q '^Depends:.*libmnl0' "$logs/vmroam.control" ||
		! grep -qF "vmroam-dkms (= $version) | vmroam-module" "$logs/vmroam.control"; then
		not_ok "vmroam's dependencies: $(paste -sd' ' "$logs/vmroam.control")"
	else
		ok "the packages hold the CLI, unit, udev rule, modules-load.d, modprobe.d, configuration, libvirt hook$([ -f man/vmroam.8 ] && echo ", man page")$([ -f contrib/bash-completion/vmroam ] && echo ", completion"); vmroam-dkms the module's sources $version, no object"
	fi
else
	not_ok "the packages' contents: nothing built"
fi

# ---- lintian ----------------------------------------------------------------------------------
t=$(date +%s)
if ! command -v lintian >/dev/null; then
	missing "lintian" "no lintian"
elif [ $built = 0 ]; then
	not_ok "lintian: nothing built"
else
	# as root it says "running with root privileges is not recommended!" on stderr: only the
	# tags count
	lintian --pedantic --display-info "$deb" "$dkms_deb" >"$logs/lintian.log" 2>&1
	tags=$(grep -E '^[EW]: ' "$logs/lintian.log")
	others=$(grep -cE '^[IPX]: ' "$logs/lintian.log")
	if [ -n "$tags" ]; then
		while IFS= read -r l; do echo "#   $l"; done <<<"$tags"
		not_ok "lintian: $(wc -l <<<"$tags") error(s)/warning(s) ($(since "$t"), log: $logs/lintian.log)"
	else
		ok "lintian --pedantic: no error, no warning, $others info/pedantic tag(s) ($(since "$t"))"
	fi
fi

# ---- DKMS -------------------------------------------------------------------------------------
t=$(date +%s)
kdir=$(selftests/vm/kdir.sh 2>/dev/null)
kver=
[ -n "$kdir" ] && kver=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
	"$kdir/include/generated/utsrelease.h" 2>/dev/null)
ko=$dkms_dir/install/$kver/updates/dkms/vmroam.ko
if ! command -v dkms >/dev/null; then
	missing "dkms build" "no dkms"
elif [ -z "$kver" ]; then
	not_ok "dkms build: no kernel tree (selftests/vm/kdir.sh: '$kdir')"
elif [ $built = 0 ]; then
	not_ok "dkms build: nothing built"
else
	mkdir -p "$dkms_dir/tree" "$dkms_dir/install/$kver" "$dkms_dir/deb"
	dpkg-deb -x "$dkms_deb" "$dkms_dir/deb"
	trees=(--dkmstree "$dkms_dir/tree" --sourcetree "$dkms_dir/deb/usr/src"
		--installtree "$dkms_dir/install")
	# DKMS signs what it builds with /var/lib/dkms/mok.key, making one if there is none: a key
	# of this run's instead (dkms reads these from the environment unless framework.conf sets
	# them)
	export mok_signing_key=$dkms_dir/mok.key mok_certificate=$dkms_dir/mok.pub
	{
		dkms add -m vmroam -v "$version" "${trees[@]}" &&
			dkms build -m vmroam -v "$version" -k "$kver" --kernelsourcedir "$kdir" \
				"${trees[@]}" &&
			dkms install -m vmroam -v "$version" -k "$kver" --kernelsourcedir "$kdir" \
				--no-depmod "${trees[@]}"
	} >"$logs/dkms.log" 2>&1
	rc=$?
	vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null)
	if [ $rc != 0 ]; then
		show "$logs/dkms.log"
		not_ok "dkms add/build/install -k $kver: status $rc ($(since "$t"), log: $logs/dkms.log)"
	elif [ "${vermagic%% *}" != "$kver" ]; then
		not_ok "dkms: $ko has vermagic '$vermagic', not $kver"
	else
		ok "dkms build -k $kver of vmroam-dkms's sources: ${ko#"$top"/} ($(since "$t"))"
	fi
fi

# ---- systemd-analyze verify, as installed -----------------------------------------------------
t=$(date +%s)
if ! command -v systemd-analyze >/dev/null || ! command -v unshare >/dev/null; then
	missing "systemd-analyze verify" "no systemd-analyze or unshare"
elif [ $built = 0 ]; then
	not_ok "systemd-analyze verify: nothing built"
else
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/vmroam-packages.XXXXXX")
	mkdir "$scratch/upper" "$scratch/work" "$scratch/root"
	# a private mount namespace: the overlay and everything mounted on it go with the process
	# shellcheck disable=SC2016 # expanded by the inner bash
	unshare -m --propagation private bash -c '
		r=$1/root
		mount -t overlay overlay -o "lowerdir=/,upperdir=$1/upper,workdir=$1/work" "$r" &&
			mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" &&
			mount --rbind /sys "$r/sys" && mount -t tmpfs tmpfs "$r/run" &&
			mount -t tmpfs tmpfs "$r/tmp" || exit 1
		# --force-depends: vmroam-dkms stays out (its postinst would build the module again)
		cp "$2" "$r/tmp/" &&
			chroot "$r" dpkg -i --force-depends "/tmp/${2##*/}" >"$3" 2>&1 || exit 1
		chroot "$r" systemd-analyze verify vmroam.service' _ "$scratch" "$deb" \
		"$logs/dpkg-i.log" >"$logs/verify.log" 2>&1
	rc=$?
	rm -rf "$scratch"
	if [ $rc != 0 ] || [ -s "$logs/verify.log" ]; then
		show "$logs/verify.log"
		not_ok "systemd-analyze verify vmroam.service (installed): status $rc, output above"
	else
		ok "systemd-analyze verify vmroam.service, as dpkg -i installs it: clean ($(since "$t"))"
	fi
fi

# ---- modprobe.d -------------------------------------------------------------------------------
# the DKMS-built module, else the tree's
[ -f "$ko" ] || ko=kmod/vmroam.ko
if [ ! -f "$ko" ]; then
	not_ok "modprobe.d: no module to compare with (make all)"
else
	params=$(modinfo -p "$ko" | sed 's/:.*//' | sort)
	listed=$(sed -n 's/^#options vmroam \([a-z0-9_]*\)=.*/\1/p' contrib/modprobe.d/vmroam.conf |
		sort)
	active=$(grep -vE '^[[:space:]]*(#|$)' contrib/modprobe.d/vmroam.conf)
	if [ "$params" != "$listed" ]; then
		not_ok "contrib/modprobe.d/vmroam.conf: not listed [$(comm -23 <(echo "$params") \
			<(echo "$listed") | paste -sd' ')], not parameters [$(comm -13 <(echo "$params") \
			<(echo "$listed") | paste -sd' ')]"
	elif [ -n "$active" ]; then
		not_ok "contrib/modprobe.d/vmroam.conf sets something: $active"
	else
		ok "modprobe.d/vmroam.conf lists the $(wc -l <<<"$params") parameters of modinfo -p, all commented out"
	fi
fi

echo "1..$n"
echo "packages: $passed passed, $failed failed, $skipped skipped, $(since "$start")"
[ $failed -eq 0 ]
