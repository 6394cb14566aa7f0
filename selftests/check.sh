#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make check": builds everything, runs the static checks (make lint: selftests/lint.sh), the
# userspace unit tests of the pure core, the fuzzer for a bounded time, the frame builders against
# tcpdump, and every selftest inside the test VM; prints one TAP stream per stage, then the wall time and one summary line
# "N passed, N failed, N skipped". Exit status 0 only when every case passed.
#
# KERNEL=/KDIR= choose another kernel (for example the debug kernel) for the VM stage.

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
out=$top/.check
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
start=$(date +%s)
rm -rf "$out"
mkdir -p "$out"

stage()
{
	printf '\n==== %s ====\n' "$1"
}

stage build
make --no-print-directory all tools unit || { echo "0 passed, 1 failed"; exit 1; }

# The suite (TEST_PROGS, in its order) runs in two VMs side by side, each with one vCPU: under
# TCG a VM with two vCPUs beside another VM ran 2.5 times slower (its vCPU threads wait for each
# other when the host deschedules one), one with one vCPU as fast as alone. It is cut before
# VM_SPLIT (default attack.sh): the first VM starts as soon as the build is done, while the host
# stages below run, and the second once the packages are built (its install.sh installs them).
# VM_SERIAL=1 runs them one after the other (VM_SMP, default 1, their vCPUs). Each VM is killed
# at 40 min whatever hangs; its TAP is printed whole once it has ended, under its own stage. The
# stock kernel has no KASAN, but its SLUB can check what is freed: sanity checks, red zones,
# poisoning, owner tracking (slub_debug=FZPU), and every freed object is zeroed
# (init_on_free=1), so a use after free reads zeros and a double free or an overrun is reported
# (run.sh fails the VM on such a report)
read -r -a progs <<<"$(sed -n 's/^TEST_PROGS *:= *//p' selftests/Makefile)"
split=${VM_SPLIT:-attack.sh}
first=() second=()
for t in "${progs[@]}"; do
	if [ "$t" = "$split" ] || [ ${#second[@]} -gt 0 ]; then
		second+=("$t")
	else
		first+=("$t")
	fi
done
export VM_SMP=${VM_SMP:-1}
vm_stage()	# NAME TESTS...: the VM's TAP in $out/NAME.tap, its status in $out/NAME.status
{
	local name=$1

	shift
	selftests/vm/run.sh -t "${VM_TIMEOUT:-2400}" \
		-a "${VM_APPEND:-slub_debug=FZPU init_on_free=1}" \
		-o "$out/$name" -- selftests/run_tests.sh "$@" >"$out/$name.tap" 2>&1
	echo $? >"$out/$name.status"
}
vm_print()	# NAME PID TITLE: wait for the VM, then print its TAP under its own stage
{
	wait "$2"
	stage "$3"
	cat "$out/$1.tap"
}
# an interrupted make check takes its VMs with it (run.sh kills its QEMU on TERM)
trap 'for p in $vm1 $vm2; do pkill -TERM -P "$p"; done; exit 130' INT TERM
vm1='' vm2=''
vm1_title="selftests in the VM (1 of 2: ${first[0]} to ${first[${#first[@]} - 1]})"
vm_stage vm "${first[@]}" &
vm1=$!
[ "${VM_SERIAL:-0}" = 1 ] && vm_print vm $vm1 "$vm1_title"

# W=1, sparse, checkpatch, shellcheck, the CLI's warnings: only findings not in the baselines of
# selftests/lint/ fail (make lint runs this stage alone)
stage "lint"
selftests/lint.sh 2>&1 | tee "$out/lint.tap"
echo "${PIPESTATUS[0]}" >"$out/lint.status"

# every selftest runs somewhere: in TEST_PROGS, or in a stage of its own below
stage "the list of selftests"
{
	listed=" ${progs[*]} ipv6_off.sh "
	missing=
	while read -r f; do
		[[ $listed == *" ${f#selftests/} "* ]] || missing+=" ${f#selftests/}"
	done < <(grep -l '^tap_begin$' selftests/*.sh)
	if [ -z "$missing" ]; then
		echo "ok 1 - every selftest is in TEST_PROGS or has a stage of its own"
	else
		echo "not ok 1 - selftests that nothing runs:$missing (add them to TEST_PROGS)"
	fi
} | tee "$out/list.tap"
grep -q '^ok' "$out/list.tap"
echo $? >"$out/list.status"

stage "unit tests (pure core)"
make --no-print-directory -s -C selftests/unit test 2>&1 | tee "$out/unit.tap"
echo "${PIPESTATUS[0]}" >"$out/unit.status"

stage "fuzz (${FUZZ_SECONDS}s)"
make --no-print-directory -s -C selftests/unit fuzz FUZZ_SECONDS="$FUZZ_SECONDS" >"$out/fuzz.log" 2>&1
rc=$?
runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$out/fuzz.log" | tail -n 1)
if [ $rc -eq 0 ]; then
	echo "ok 1 - fuzz_classify: ${runs:-ran}, no crash, no sanitizer report" | tee "$out/fuzz.tap"
else
	tail -n 40 "$out/fuzz.log"
	echo "not ok 1 - fuzz_classify: status $rc, ${runs:-no run count} (log: $out/fuzz.log)" |
		tee "$out/fuzz.tap"
fi
echo $rc >"$out/fuzz.status"

# the frame builders the selftests send with, against an independent decoder (tcpdump), on the
# host: a scratch namespace and a veth pair, no module
stage "frame builders against tcpdump (vrsend_check.sh)"
selftests/tools/vrsend_check.sh selftests/tools/vrsend >"$out/vrsend.log" 2>&1
rc=$?
if [ $rc = 4 ]; then	# vrsend_check.sh's skip: not root, or no tcpdump
	echo "ok 1 - vrsend_check.sh # SKIP $(sed -n 's/^1\.\.0 # SKIP //p' "$out/vrsend.log")" |
		tee "$out/vrsend.tap"
	rc=0
else
	grep -E '^(not )?ok |^1\.\.' "$out/vrsend.log" >"$out/vrsend.tap"
	grep '^not ok' "$out/vrsend.log"
	tail -n 1 "$out/vrsend.tap"
fi
echo $rc >"$out/vrsend.status"

# the Debian packages (make deb), lintian, the DKMS build of vmroam-dkms against the kernel
# tree, systemd-analyze verify of the unit as installed (selftests/packages.sh): before the VM,
# whose install.sh installs the .deb and the DKMS-built module from .deb/
stage "packages (make deb, lintian, dkms build, systemd-analyze verify)"
selftests/packages.sh 2>&1 | tee "$out/packages.tap"
echo "${PIPESTATUS[0]}" >"$out/packages.status"

if [ ${#second[@]} -gt 0 ]; then
	vm_stage vm2 "${second[@]}" &
	vm2=$!
	[ "${VM_SERIAL:-0}" = 1 ] &&
		vm_print vm2 $vm2 "selftests in the VM (2 of 2: ${second[0]} to ${second[${#second[@]} - 1]})"
else	# VM_SPLIT names no test: all of them ran in the first VM
	: >"$out/vm2.tap"
	echo 0 >"$out/vm2.status"
fi
[ "${VM_SERIAL:-0}" = 1 ] || vm_print vm $vm1 "$vm1_title"

# what only a host without IPv6 shows: a VM of its own, booted with ipv6.disable=1 (once the
# first VM has ended, beside the second)
stage "selftests in a VM booted with ipv6.disable=1"
selftests/vm/run.sh -a ipv6.disable=1 -o "$out/vm-noipv6" -- selftests/run_tests.sh ipv6_off.sh 2>&1 |
	tee "$out/vm-noipv6.tap"
echo "${PIPESTATUS[0]}" >"$out/vm-noipv6.status"

[ -n "$vm2" ] && [ "${VM_SERIAL:-0}" != 1 ] &&
	vm_print vm2 $vm2 "selftests in the VM (2 of 2: ${second[0]} to ${second[${#second[@]} - 1]})"

passed=0 failed=0 skipped=0
for s in lint list unit fuzz vrsend packages vm vm2 vm-noipv6; do
	p=$(grep -cE '^ok [0-9]+' "$out/$s.tap")
	k=$(grep -E '^ok [0-9]+' "$out/$s.tap" | grep -c '# SKIP')
	f=$(grep -cE '^not ok [0-9]+' "$out/$s.tap")
	# a stage that failed without a failing case (crash, timeout, kernel report) counts once
	if [ "$(cat "$out/$s.status")" != 0 ] && [ "$f" -eq 0 ]; then
		echo "# $s stage exited with status $(cat "$out/$s.status")"
		f=1
	fi
	passed=$((passed + p - k))
	skipped=$((skipped + k))
	failed=$((failed + f))
done
echo
if [ $skipped -gt 0 ]; then
	echo "skipped, with the reason (what was not tested):"
	grep -h '^ok [0-9]* - .*# SKIP' "$out"/*.tap | sed 's/^ok [0-9]* - /  /'
	# CI has run make deps: whatever a test found missing, it should have had
	if [ "${CI:-}" = true ]; then
		echo "CI=true: a skip is a failure here (make deps installs every test's needs)"
		failed=$((failed + skipped))
	fi
fi
echo "make check: $(($(date +%s) - start)) s wall time"
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
