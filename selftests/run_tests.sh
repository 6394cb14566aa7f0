#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs every selftest and merges their TAP into one stream, numbered in order, with the plan and
# a summary line at the end. Each test runs with the timeout from its line in settings (default
# from the "timeout=" line), times TIMEOUT_SCALE. Exit status: 0 only when every case passed.
#
#   run_tests.sh [TEST...]     (default: the TEST_PROGS of the Makefile, in order)

cd "$(dirname "$0")" || exit 1
# shellcheck source=lib.sh
. ./lib.sh

default_timeout=$(sed -n 's/^timeout=//p' settings)
# slow kernels (the debug build under TCG) multiply every timeout
TIMEOUT_SCALE=${TIMEOUT_SCALE:-1}
if [ $# -eq 0 ]; then
	# shellcheck disable=SC2046 # the words of the list are the tests
	set -- $(sed -n 's/^TEST_PROGS *:= *//p' Makefile)
fi

total=0 failed=0 skipped=0
echo "TAP version 13"
for t in "$@"; do
	tmo=$(sed -n "s/^$t.timeout=//p" settings)
	echo "# $t"
	t0=$SECONDS
	ran=0
	plan=
	bad=$failed
	# stream: each case is printed as soon as the test says it
	while IFS= read -r line; do
		if [[ $line =~ ^(not\ ok|ok)\ [0-9]+(.*)$ ]]; then
			total=$((total + 1))
			ran=$((ran + 1))
			if [ "${BASH_REMATCH[1]}" = "not ok" ]; then
				failed=$((failed + 1))
			elif [[ $line == *"# SKIP"* ]]; then
				skipped=$((skipped + 1))
			fi
			echo "${BASH_REMATCH[1]} $total${BASH_REMATCH[2]}"
		elif [[ $line =~ ^1\.\.([0-9]+)$ ]]; then
			plan=${BASH_REMATCH[1]}
		elif [[ $line =~ ^TAP\ version ]]; then
			:
		else
			echo "# $line"
		fi
	done < <(timeout --kill-after=10 $(( ${tmo:-$default_timeout} * TIMEOUT_SCALE )) "./$t" 2>&1)
	wait $!
	rc=$?
	# a test that failed without saying which case, died, timed out or ran nothing
	if { [ $rc -ne 0 ] && [ $failed -eq "$bad" ]; } || [ $ran -eq 0 ]; then
		total=$((total + 1))
		failed=$((failed + 1))
		echo "not ok $total - $t exited with status $rc"
	elif [ "$plan" != "$ran" ]; then
		# ended without its plan (an exit before tap_end), or with cases it did not print
		total=$((total + 1))
		failed=$((failed + 1))
		echo "not ok $total - $t: plan '1..${plan:-none}', $ran cases printed"
	fi
	echo "# $t: $ran cases, $((SECONDS - t0)) s"
done
# in the test VM, what the tests leave behind: no namespace, and a module that unloads (a leaked
# reference or a work item that never ends keeps it); on a host the module is left as it is
if [ "${VMROAM_IN_VM:-}" = 1 ]; then
	echo "# the end"
	total=$((total + 1))
	left=$(ip netns list 2>&1)
	if [ -z "$left" ]; then
		echo "ok $total - no network namespace is left behind"
	else
		failed=$((failed + 1))
		# shellcheck disable=SC2086,SC2116 # echo joins the lines of $left with blanks
		echo "not ok $total - namespaces left behind: $(echo $left)"
	fi
	total=$((total + 1))
	if ! [ -d /sys/module/vmroam ] || out=$(rmmod vmroam 2>&1); then
		echo "ok $total - vmroam unloads at the end"
	else
		failed=$((failed + 1))
		echo "not ok $total - rmmod vmroam at the end: $out"
	fi
fi
echo "1..$total"
echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
