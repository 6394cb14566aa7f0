#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make lint": the static checks, one TAP case per stage, then one summary line. Exit status 0
# when no stage found anything new.
#
#   selftests/lint.sh [--update-baseline] [STAGE...]
#
# STAGE, all of them by default, in this order:
#   - w1: the module built with W=1 against the kernel tree (selftests/vm/kdir.sh, as the
#     Makefile does): no warning at all
#   - sparse: sparse on every file of the module (C=2 CHECK=sparse)
#   - checkpatch: scripts/checkpatch.pl --strict --no-tree -f on kmod/, kmod/core/, uapi/linux/
#   - shellcheck: every shell script of the repository, found by its #! line (or a .sh name),
#     with the settings of .shellcheckrc
#   - cli: userspace-tool built with -Wall -Wextra: no warning at all
#
# sparse, checkpatch and shellcheck compare what they find with a committed baseline,
# selftests/lint/STAGE.baseline, one line per finding: "FILE: CHECK: the offending line's text"
# (blanks squeezed, no line number, so that an edit elsewhere in the file does not change it). A
# finding not in the baseline fails the stage; a baseline line no longer found is only shown.
# --update-baseline (make lint-baseline) rewrites the baselines of the stages run from what they
# find now: review the diff before committing it.
#
# The module and the CLI are built from copies under LINT_OUT (default .check/lint), so the
# objects of the tree are left alone, and every file is compiled, not only the changed ones.
# checkpatch.pl comes from Debian's linux-source-6.1: the three files it needs are taken out of
# /usr/src/linux-source-6.1.tar.xz once, into LINT_CACHE (default /var/tmp/vmroam-lint);
# CHECKPATCH=/path/to/checkpatch.pl uses another. A missing tool (make deps installs them all)
# skips its stage, and fails it under CI=true.

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export LC_ALL=C
baselines=selftests/lint
out=${LINT_OUT:-$top/.check/lint}
cache=${LINT_CACHE:-/var/tmp/vmroam-lint}
tarball=/usr/src/linux-source-6.1.tar.xz
jobs=$(nproc 2>/dev/null || echo 1)

update=0
if [ "${1:-}" = --update-baseline ]; then
	update=1
	shift
fi
all="w1 sparse checkpatch shellcheck cli"
stages=${*:-$all}
for s in $stages; do
	[[ " $all " == *" $s "* ]] || { echo "lint.sh: no stage $s (stages: $all)" >&2; exit 2; }
done
mkdir -p "$out" || exit 1

start=$(date +%s)
n=0 passed=0 failed=0 skipped=0
summary=()

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

missing()	# STAGE WHAT: skip the stage; under CI=true, fail it (make deps has installed it all)
{
	summary+=("$1 not run")
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

# stdin: "FILE<TAB>LINE<TAB>CHECK<TAB>DISPLAY" (FILE relative to the top, or absolute); stdout:
# "KEY<TAB>DISPLAY", KEY being "FILE: CHECK: text of line LINE of FILE, blanks squeezed". A file
# in the kernel tree is named KDIR/... in the key, so that a new headers package leaves it alone.
keyed()
{
	awk -F'\t' -v OFS='\t' '
	function text(f, nr,	l, i) {
		if (!(f in seen)) {
			seen[f] = 1
			i = 0
			while ((getline l < f) > 0)
				lines[f, ++i] = l
			close(f)
		}
		l = lines[f, nr]
		gsub(/[ \t]+/, " ", l)
		sub(/^ /, "", l)
		sub(/ $/, "", l)
		return l
	}
	{
		name = $1
		sub(/^\/usr\/src\/linux-headers-[^\/]*\//, "KDIR/", name)
		print name ": " $3 ": " text($1, $2), $4
	}'
}

# compare STAGE RECORDS: RECORDS holds "KEY<TAB>DISPLAY" lines; with --update-baseline, writes
# them as the baseline first. Shows the findings not in the baseline and the baseline lines not
# found; sets n_all, n_new and n_gone.
compare()
{
	local stage=$1 records=$2 base=$baselines/$1.baseline

	cut -f 1 "$records" | sort >"$out/$stage.found"
	if [ $update = 1 ]; then
		mkdir -p "$baselines"
		{
			echo "# make lint (selftests/lint.sh): the $stage findings accepted for now, one a line:"
			echo "# \"FILE: CHECK: the offending line's text\". Only a finding not listed here fails;"
			echo "# make lint-baseline rewrites this file from what $stage finds now."
			cat "$out/$stage.found"
		} >"$base"
		echo "# $stage: wrote $base ($(wc -l <"$out/$stage.found") findings)"
	fi
	{ grep -v '^#' "$base" 2>/dev/null || true; } | sed '/^$/d' | sort >"$out/$stage.base"
	# multisets: a line found twice but listed once is one new finding
	comm -23 "$out/$stage.found" "$out/$stage.base" >"$out/$stage.new"
	comm -13 "$out/$stage.found" "$out/$stage.base" >"$out/$stage.gone"
	n_all=$(wc -l <"$out/$stage.found")
	n_new=$(wc -l <"$out/$stage.new")
	n_gone=$(wc -l <"$out/$stage.gone")
	if [ "$n_new" -gt 0 ]; then
		echo "# $stage: $n_new new (not in $base):"
		awk -F'\t' 'NR == FNR { new[$0] = 1; next } $1 in new { print "#   " $2 }' \
			"$out/$stage.new" "$records"
	fi
	if [ "$n_gone" -gt 0 ]; then
		echo "# $stage: $n_gone line(s) of $base no longer found (fixed? make lint-baseline drops them):"
		sed 's/^/#   /' "$out/$stage.gone"
	fi
}

# ---- the module: W=1, then sparse -------------------------------------------------------------

kdir=
module_rc=

# copies the module's sources to $out/mod and builds them with W=1 (once per run)
module_build()
{
	if [ -z "$module_rc" ]; then
		rm -rf "$out/mod"
		mkdir -p "$out/mod"
		cp -r Kbuild kmod uapi "$out/mod/"
		# nothing of a build in the tree
		find "$out/mod" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
			-o -name '*.cmd' -o -name '*.o.d' -o -name modules.order -o -name Module.symvers \) \
			-delete
		echo "# make -C $kdir M=$out/mod W=1 -j$jobs modules"
		make -C "$kdir" M="$out/mod" W=1 -j"$jobs" modules >"$out/w1.log" 2>&1
		module_rc=$?
	fi
	return "$module_rc"
}

need_kdir()	# STAGE
{
	[ -n "$kdir" ] && return 0
	kdir=$(selftests/vm/kdir.sh) && [ -d "$kdir" ] && return 0
	kdir=
	missing "$1" "no kernel tree (linux-headers-amd64, or KDIR=)"
	return 1
}

stage_w1()
{
	local t0 files warns

	need_kdir "W=1" || return
	t0=$(date +%s)
	module_build
	files=$(grep -E '^ +CC \[M\] ' "$out/w1.log" | grep -vc '\.mod\.o$')
	warns=$(grep -cE '(warning|error):|WARNING:' "$out/w1.log")
	if [ "$warns" -gt 0 ]; then
		grep -E '(warning|error):|WARNING:' "$out/w1.log" | sed "s|$out/mod/||; s/^/#   /"
	fi
	if [ "$module_rc" != 0 ]; then
		tail -n 20 "$out/w1.log" | sed "s|$out/mod/||; s/^/#   /"
		not_ok "W=1: the module does not build (status $module_rc, log: $out/w1.log)"
	elif [ "$warns" -gt 0 ]; then
		not_ok "W=1: $warns warning(s) in $files files (log: $out/w1.log)"
	else
		ok "W=1: $files files, no warning ($(since "$t0"))"
	fi
	summary+=("W=1 $warns")
}

stage_sparse()
{
	local t0 rc files

	need_kdir sparse || return
	command -v sparse >/dev/null || { missing sparse "sparse not installed"; return; }
	t0=$(date +%s)
	if ! module_build; then
		not_ok "sparse: the module does not build (log: $out/w1.log)"
		summary+=("sparse not run")
		return
	fi
	# the same flags as the W=1 build, so that nothing is compiled again: only sparse runs
	echo "# make -C $kdir M=$out/mod W=1 C=2 CHECK=sparse -j$jobs modules"
	make -C "$kdir" M="$out/mod" W=1 C=2 CHECK=sparse -j"$jobs" modules >"$out/sparse.log" 2>&1
	rc=$?
	files=$(grep -cE '^ +CHECK ' "$out/sparse.log")
	# "FILE:LINE:COL: warning: message", then indented lines of detail that are not keyed
	sed "s|^$out/mod/||" "$out/sparse.log" |
		sed -nE 's/^([^: ]+):([0-9]+):[0-9]+: ((warning|error): .*)$/\1\t\2\t\3\t&/p' |
		keyed >"$out/sparse.records"
	compare sparse "$out/sparse.records"
	if [ $rc != 0 ] || [ "$files" -eq 0 ]; then
		tail -n 20 "$out/sparse.log" | sed 's/^/#   /'
		not_ok "sparse: make status $rc, $files files checked (log: $out/sparse.log)"
	elif [ "$n_new" -gt 0 ]; then
		not_ok "sparse: $n_new new finding(s) of $n_all in $files files (log: $out/sparse.log)"
	else
		ok "sparse: $files files, $n_all finding(s), none new ($(since "$t0"))"
	fi
	summary+=("sparse $n_all ($n_new new)")
}

# ---- checkpatch --------------------------------------------------------------------------------

# the checkpatch.pl to run, taken out of Debian's linux-source-6.1 into the cache the first time
# (and again when the package is newer): scripts/checkpatch.pl and the two files it reads
checkpatch_path()
{
	local cp=$cache/scripts/checkpatch.pl tmp

	if [ -n "${CHECKPATCH:-}" ]; then
		echo "$CHECKPATCH"
		return 0
	fi
	if [ -f "$cp" ] && { [ ! -r "$tarball" ] || [ ! "$tarball" -nt "$cp" ]; }; then
		echo "$cp"
		return 0
	fi
	[ -r "$tarball" ] || return 1
	mkdir -p "$cache" && tmp=$(mktemp -d "$cache/.unpack.XXXXXX") || return 1
	echo "# taking scripts/checkpatch.pl out of $tarball into $cache" >&2
	# -m: the files get the time of extraction, so that a newer tarball is seen above
	if ! tar -xJmf "$tarball" -C "$tmp" --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch; then
		rm -rf "$tmp"
		return 1
	fi
	rm -rf "$cache/scripts"
	mv "$tmp/scripts" "$cache/scripts"
	rmdir "$tmp"
	echo "$cp"
}

stage_checkpatch()
{
	local t0 cp rc=0 rc2=0 glue core files

	command -v perl >/dev/null || { missing checkpatch "perl not installed"; return; }
	cp=$(checkpatch_path) && [ -f "$cp" ] ||
		{ missing checkpatch "no checkpatch.pl (Debian's linux-source-6.1)"; return; }
	t0=$(date +%s)
	shopt -s nullglob
	# what the build generates (vmroam.mod.c) is not ours to style
	glue=()
	for f in kmod/*.[ch]; do
		[[ $f == *.mod.c ]] || glue+=("$f")
	done
	core=(kmod/core/*.[ch] uapi/linux/*.h)
	shopt -u nullglob
	files=$((${#glue[@]} + ${#core[@]}))
	# --strict: the CHECK-level tests too; --no-tree: there is no kernel tree around the files.
	# Every test runs on the kernel glue in kmod/. Ignored for the pure core (kmod/core/, which
	# the unit tests and the CLI compile in userspace, without kernel headers) and for the uapi
	# header: BIT_MACRO, as BIT() comes from <linux/bits.h>, which neither can include (in the
	# tree, checkpatch itself skips this test for include/uapi/).
	local args=(--strict --no-tree --show-types --terse --no-summary -f)
	echo "# $cp ${args[*]} kmod/*.[ch] (${#glue[@]} files)"
	perl "$cp" "${args[@]}" "${glue[@]}" >"$out/checkpatch.log" 2>&1 || rc=$?
	echo "# $cp ${args[*]} --ignore BIT_MACRO kmod/core/*.[ch] uapi/linux/*.h (${#core[@]} files)"
	perl "$cp" "${args[@]}" --ignore BIT_MACRO "${core[@]}" >>"$out/checkpatch.log" 2>&1 || rc2=$?
	[ $rc2 -le $rc ] || rc=$rc2
	# one finding a line, "FILE:LINE: TYPE:NAME: message"; anything else is kept whole
	awk -v OFS='\t' '
		match($0, /^[^: ]+:[0-9]+: [A-Z]+:[A-Z0-9_]+: /) {
			split($0, f, ":")
			check = substr($0, length(f[1]) + length(f[2]) + 4)
			sub(/: .*/, "", check)
			print f[1], f[2], check, $0
			next
		}
		NF { print "?", 0, $0, $0 }' "$out/checkpatch.log" | keyed >"$out/checkpatch.records"
	compare checkpatch "$out/checkpatch.records"
	# checkpatch exits with 1 when it reports anything: more is a failure to run
	if [ $rc -gt 1 ]; then
		tail -n 20 "$out/checkpatch.log" | sed 's/^/#   /'
		not_ok "checkpatch: status $rc (log: $out/checkpatch.log)"
	elif [ "$n_new" -gt 0 ]; then
		not_ok "checkpatch --strict: $n_new new finding(s) of $n_all in $files files" \
			"(log: $out/checkpatch.log)"
	else
		ok "checkpatch --strict: $files files, $n_all finding(s), none new ($(since "$t0"))"
	fi
	summary+=("checkpatch $n_all ($n_new new)")
}

# ---- shellcheck --------------------------------------------------------------------------------

# every shell script of the tree: tracked or new (not ignored) files whose first line runs a
# shell, and any *.sh
shell_scripts()
{
	local f

	{ git ls-files -co --exclude-standard 2>/dev/null ||
		find . -type f ! -path './.git/*' ! -path './.check/*' | sed 's|^\./||'; } |
	while IFS= read -r f; do
		[ -f "$f" ] || continue
		case $f in
		*.sh) echo "$f" ;;
		*) head -n 1 "$f" 2>/dev/null |
			grep -qE '^#! *[^ ]*(/|/env +)(ba|da|k)?sh( |$)' && echo "$f" ;;
		esac
	done | sort -u
}

stage_shellcheck()
{
	local t0 rc=0 scripts

	command -v shellcheck >/dev/null || { missing shellcheck "shellcheck not installed"; return; }
	t0=$(date +%s)
	mapfile -t scripts < <(shell_scripts)
	# the settings and the project's conventions are in .shellcheckrc
	echo "# shellcheck -f gcc (${#scripts[@]} scripts of the tree: #!...sh or *.sh)"
	shellcheck -f gcc "${scripts[@]}" >"$out/shellcheck.log" 2>&1 || rc=$?
	sed -nE 's/^([^:]+):([0-9]+):[0-9]+: [a-z]+: .* \[(SC[0-9]+)\]$/\1\t\2\t\3\t&/p' \
		"$out/shellcheck.log" | keyed >"$out/shellcheck.records"
	compare shellcheck "$out/shellcheck.records"
	# 1: something was found; more: shellcheck could not run
	if [ $rc -gt 1 ] || [ ${#scripts[@]} -eq 0 ]; then
		tail -n 20 "$out/shellcheck.log" | sed 's/^/#   /'
		not_ok "shellcheck: status $rc, ${#scripts[@]} scripts (log: $out/shellcheck.log)"
	elif [ "$n_new" -gt 0 ]; then
		not_ok "shellcheck: $n_new new finding(s) of $n_all in ${#scripts[@]} scripts" \
			"(log: $out/shellcheck.log)"
	else
		ok "shellcheck: ${#scripts[@]} scripts, $n_all finding(s), none new ($(since "$t0"))"
	fi
	summary+=("shellcheck $n_all ($n_new new)")
}

# ---- the CLI -----------------------------------------------------------------------------------

stage_cli()
{
	local t0 rc=0 files warns

	t0=$(date +%s)
	rm -rf "$out/cli"
	mkdir -p "$out/cli/kmod"
	cp -r userspace-tool uapi "$out/cli/" && cp -r kmod/core "$out/cli/kmod/" || return 1
	find "$out/cli" \( -name '*.o' -o -name '*.d' \) -delete
	rm -f "$out/cli/userspace-tool/vmroam"
	# the flags its Makefile has by default, said here so that none from the environment replaces them
	echo "# make -C $out/cli/userspace-tool WARNFLAGS='-Wall -Wextra' -j$jobs"
	make -C "$out/cli/userspace-tool" WARNFLAGS='-Wall -Wextra' -j"$jobs" >"$out/cli.log" 2>&1 ||
		rc=$?
	files=$(grep -E ' -c -o [^ ]+\.o ' "$out/cli.log" | grep -c -e '-Wall -Wextra')
	warns=$(grep -cE '(warning|error):' "$out/cli.log")
	if [ "$warns" -gt 0 ]; then
		grep -E '(warning|error):' "$out/cli.log" | sed "s|$out/cli/||; s/^/#   /"
	fi
	if [ $rc != 0 ]; then
		not_ok "cli: userspace-tool does not build (status $rc, log: $out/cli.log)"
	elif [ "$warns" -gt 0 ]; then
		not_ok "cli -Wall -Wextra: $warns warning(s) in $files files (log: $out/cli.log)"
	else
		ok "cli -Wall -Wextra: $files files, no warning ($(since "$t0"))"
	fi
	summary+=("cli $warns")
}

echo "1..$(wc -w <<<"$stages")"
for s in $stages; do
	"stage_$s"
done
findings=$(printf '%s, ' "${summary[@]}")
echo "lint: $passed passed, $failed failed, $skipped skipped in $(since "$start")" \
	"(findings: ${findings%, })"
[ $failed -eq 0 ]
