#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The documentation where people look: the vmroam(8) man page and the bash completion, checked
# against the CLI itself so that neither can drift from it.
#
#   man/vmroam.8: renders with man -l without a warning, mandoc -Tlint neither; has SYNOPSIS,
#   EXIT STATUS and a section "vmroam OBJECT - ..." per object; every object "vmroam help"
#   lists is in the SYNOPSIS; every keyword of the usage lines of "vmroam OBJECT help" is in
#   that object's section, and every name of its tables (frame types, drop reasons,
#   origins...) somewhere in the page; MODULE PARAMETERS has every parameter "modinfo -p" gives
#   for kmod/vmroam.ko, with its default; its example configuration file passes "apply dry-run".
#
#   contrib/bash-completion/vmroam: sourced in a bash with bash-completion loaded and in one
#   without (plain complete -F), COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT set as bash sets
#   them (a MAC split at its colons), the function called, COMPREPLY compared: objects,
#   subcommands (those of the CLI's help), keywords, on/off and other fixed values, and the
#   devices of a namespace after "dev": the bridge port after "port set dev", the bridge after
#   "bridge set dev", never a device that is neither, nor one that does not exist.
#
# Needs man-db, groff-base, mandoc and bash-completion (make deps) and the module built (for
# modinfo); nothing here talks to the kernel.

. "$(dirname "$0")/lib.sh"

MAN_PAGE=${MAN_PAGE:-$VMROAM_TOP/man/vmroam.8}
COMPLETION=${COMPLETION:-$VMROAM_TOP/contrib/bash-completion/vmroam}
BASH_COMPLETION=/usr/share/bash-completion/bash_completion
# the objects of the CLI contract: what "vmroam help" must list at least
CONTRACT_OBJECTS="stats binding policy migrate gateway port bridge monitor apply help"

require_root
load_kernel_modules

tap_begin

# a namespace with a bridge br0, its port vp0 and a veth vx0 in no bridge; a directory for the
# example configuration and the FIFOs of the completing shells
ns_create NS
ip -n "$NS" link add br0 type bridge &&
	ip -n "$NS" link add vp0 type veth peer name vp0p &&
	ip -n "$NS" link set vp0 master br0 &&
	ip -n "$NS" link add vx0 type veth peer name vx0p
setup=$?

FIFOS=$(mktemp -d)
cleanup()
{
	# shellcheck disable=SC2154 # start_server opened them: closed, the shells end
	{ [ -z "${bc_in:-}" ] || exec {bc_in}>&-; [ -z "${plain_in:-}" ] || exec {plain_in}>&-; }
	rm -rf "$FIFOS"
	ns_cleanup
}
trap cleanup EXIT

# ---- the man page -------------------------------------------------------------------------

# the page as a reader sees it: plain ASCII (no hyphen or quote glyphs), lines long enough that
# a keyword is never broken
render()
{
	LC_ALL=C MANROFFSEQ='' MANWIDTH=200 man -E ascii -l "$MAN_PAGE" 2>/dev/null | col -bx
}

# in_words TEXT WORD: WORD is a word of TEXT (a keyword: letters, digits, _ and -); no fork:
# under TCG a few hundred greps take a minute
in_words()
{
	local re="(^|[^A-Za-z0-9_-])$2([^A-Za-z0-9_-]|\$)"

	[[ $1 =~ $re ]]
}

# section TITLE: the rendered section whose heading starts with TITLE, up to the next heading
section()
{
	awk -v t="$1" 'index($0, t) == 1 { on = 1; print; next }
		on && /^[^ ]/ { exit } on' <<<"$PAGE"
}

# cli_objects: the objects of "vmroam help": the first word of its two-space indented lines
# for which "vmroam WORD help" succeeds (a usage, not a word of some other line)
cli_objects()
{
	local w

	"$VMROAM" help | sed -n 's/^  \([a-z][a-z]*\)\([ ].*\)\{0,1\}$/\1/p' | sort -u |
		while read -r w; do
			"$VMROAM" "$w" help >/dev/null 2>&1 && echo "$w"
		done
}

# read_help OBJ: from "vmroam OBJ help", in one awk, USAGE[OBJ] (its usage lines: after
# "Usage:" up to the first blank line, those that start with OBJ or continue one with "[" or
# "{", not those that explain them), SUBS[OBJ] (the second words of the lines that start with
# OBJ: its subcommands), KW[OBJ] (the lowercase words of the usage lines: keywords; the
# placeholders are uppercase) and TABLE[OBJ] (the names of its tables after the usage,
# "  name   explanation" lines; "none, all   ..." gives both)
declare -A USAGE SUBS KW TABLE
read_help()
{
	local out

	out=$("$VMROAM" "$1" help 2>/dev/null | awk -v o="$1" '
		/^Usage:/ { on = 1; next }
		on && /^$/ { on = 0; tables = 1; next }
		on && ($1 == o || $1 ~ /^[[{]/) {
			print "U " $0
			if ($1 == o && $2 ~ /^[a-z]+$/ && !(($2) in sub_seen)) {
				sub_seen[$2] = 1
				print "S " $2
			}
			line = $0
			gsub(/[][{}|.]/, " ", line)
			n = split(line, w, " ")
			for (i = 1; i <= n; i++)
				if (w[i] ~ /^[a-z][a-z0-9-]*$/ && !(w[i] in kw_seen)) {
					kw_seen[w[i]] = 1
					print "K " w[i]
				}
		}
		tables && /^  [a-z][a-z0-9_-]*(, [a-z][a-z0-9_-]*)*   / {
			names = $0
			sub(/^  /, "", names)
			sub(/   .*/, "", names)
			n = split(names, w, ", ")
			for (i = 1; i <= n; i++)
				print "T " w[i]
		}')
	USAGE[$1]='' SUBS[$1]='' KW[$1]='' TABLE[$1]=''
	while IFS= read -r line; do
		case $line in
		"U "*) USAGE[$1]+="${line#U }"$'\n' ;;
		"S "*) SUBS[$1]+="${line#S } " ;;
		"K "*) KW[$1]+="${line#K } " ;;
		"T "*) TABLE[$1]+="${line#T } " ;;
		esac
	done <<<"$out"
}

RET=0
errs=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l "$MAN_PAGE" 2>&1 \
	>/dev/null)
check_err $? "man -l failed: $errs"
[ -z "$errs" ]
check_err $? "man --warnings: $(head -5 <<<"$errs")"
PAGE=$(render)
[ "${#PAGE}" -gt 30000 ]
check_err $? "the page rendered to ${#PAGE} characters"
# a second parser, stricter about the macros (its style remarks aside)
if command -v mandoc >/dev/null; then
	errs=$(mandoc -Tlint -W warning "$MAN_PAGE" 2>&1)
	check_err $? "mandoc -Tlint: $(head -5 <<<"$errs")"
else
	check_err 1 "no mandoc (make deps)"
fi
log_test "vmroam(8) renders with man -l, without warnings, and mandoc -Tlint finds none"

t0=$SECONDS
RET=0
OBJECTS=$(cli_objects | tr '\n' ' ')
for o in $OBJECTS; do
	read_help "$o"
done
for o in $CONTRACT_OBJECTS; do
	in_words "$OBJECTS" "$o"
	check_err $? "\"vmroam help\" does not list the object $o (it lists: $OBJECTS)"
done
for s in NAME SYNOPSIS DESCRIPTION OPTIONS "CONFIGURATION FILE" "MODULE PARAMETERS" EXAMPLES \
	"EXIT STATUS" FILES "SEE ALSO"; do
	[[ $'\n'$PAGE$'\n' == *$'\n'"$s"$'\n'* ]]
	check_err $? "no section $s"
done
for o in $OBJECTS; do
	[[ $'\n'$PAGE == *$'\n'"vmroam $o - "* ]]
	check_err $? "no section \"vmroam $o - ...\" for the object $o"
done
log_test "a section for each of the CLI's objects ($OBJECTS) and EXIT STATUS"

RET=0
SYNOPSIS=$(section SYNOPSIS)
OBJECT_LIST=${SYNOPSIS#*OBJECT := \{}
OBJECT_LIST=${OBJECT_LIST%%\}*}
for o in $OBJECTS; do
	in_words "$OBJECT_LIST" "$o"
	check_err $? "the SYNOPSIS's OBJECT := { ... } lacks $o"
	re=$'(^|\n) +vmroam( \\[ [^]]* \\])* '"$o"$'( |\n|$)'
	[[ $SYNOPSIS =~ $re ]]
	check_err $? "the SYNOPSIS has no command line of $o"
done
# and every command of every object: "vmroam OBJECT SUB" or "vmroam OBJECT { SUB | ... }"
for o in $OBJECTS; do
	for sub in ${SUBS[$o]}; do
		re=$'(^|\n) +vmroam '"$o (\\{ ([a-z]+ \\| )*)?$sub"$'( |\n|$)'
		[[ $SYNOPSIS =~ $re ]]
		check_err $? "the SYNOPSIS has no line of \"vmroam $o $sub\""
	done
done
log_test "every object and command of the CLI's help is in the SYNOPSIS"

RET=0
n=0
for o in $OBJECTS; do
	sect=$(section "vmroam $o - ")
	kws=${KW[$o]}
	[ -n "$kws" ]
	check_err $? "no usage keyword found in \"vmroam $o help\""
	for kw in $kws; do
		n=$((n + 1))
		in_words "$sect" "$kw"
		check_err $? "\"$kw\" of \"vmroam $o help\" is not in the section \"vmroam $o\""
	done
done
[ "$n" -ge 60 ]
check_err $? "only $n usage keywords found"
log_test "every keyword of \"vmroam OBJECT help\" is explained in that object's section ($n)"

RET=0
n=0
for o in $OBJECTS; do
	for name in ${TABLE[$o]}; do
		n=$((n + 1))
		in_words "$PAGE" "$name"
		check_err $? "\"$name\" of the tables of \"vmroam $o help\" is not in vmroam(8)"
	done
done
# frame types, origins, actions, settings, drop reasons, events, states at least
[ "$n" -ge 70 ]
check_err $? "only $n names found in the tables of the per-object help"
log_test "every name of the tables of \"vmroam OBJECT help\" is in vmroam(8) ($n)"

# MODULE PARAMETERS: an entry per parameter of the module (policy_TYPE for the policy_ ones),
# with the default modinfo gives; the types whose default policy is none are named there
RET=0
declare -A ENTRY
while IFS=$'\t' read -r tag body; do
	for name in ${tag//,/ }; do
		ENTRY[$name]=$body
	done
done < <(section "MODULE PARAMETERS" | awk '
	/^       [^ ]/ { if (tag != "") print tag "\t" body; tag = $0; body = ""; next }
	/^         / { body = body " " $0 }
	END { if (tag != "") print tag "\t" body }')
params=$(modinfo -p "$VMROAM_KO" 2>&1 | sed -n 's/^\([a-z_0-9]*\):.*Default \([^ ]*\).*/\1 \2/p')
n=0
while read -r name def; do
	[ -n "$name" ] || continue
	n=$((n + 1))
	def=${def%,}
	if [[ $name == policy_* ]]; then
		type=${name#policy_}
		[ -n "${ENTRY[policy_TYPE]:-}" ]
		check_err $? "MODULE PARAMETERS has no entry policy_TYPE (for $name)"
		in_words "${ENTRY[policy_TYPE]:-}" "$type"
		rc=$?
		if [ "$def" = none ]; then
			check_err $rc "policy_TYPE does not say that $type's default is none"
		else
			check_fail $rc "policy_TYPE says that $type's default is none, modinfo: $def"
		fi
		continue
	fi
	[ -n "${ENTRY[$name]:-}" ]
	check_err $? "MODULE PARAMETERS has no entry $name"
	in_words "${ENTRY[$name]:-}" "$def"
	check_err $? "the entry of $name does not give its default $def: ${ENTRY[$name]:-}"
done <<<"$params"
[ "$n" -ge 30 ]
check_err $? "modinfo -p $VMROAM_KO gave $n parameters with a default"
log_test "MODULE PARAMETERS: every parameter of modinfo -p, with its default ($n)"

# the example of CONFIGURATION FILE is a file apply takes: "apply dry-run" checks every line
# before it asks the kernel anything, and says "has errors" (status 2) about a bad one; in a
# namespace of its own (with the module loaded, dry-run changes nothing anyway)
RET=0
example=$(section "CONFIGURATION FILE" | sed -n 's/^           //p')
conf=$FIFOS/example.conf
printf '%s\n' "$example" >"$conf"
grep -q '^bridge set dev br0 port-defaults' "$conf"
check_err $? "no example configuration found in CONFIGURATION FILE"
out=$(ip netns exec "$NS" "$VMROAM" apply file "$conf" dry-run 2>&1)
rc=$?
[ "$rc" -ne 2 ] && [[ $out != *"has errors"* ]]
check_err $? "apply dry-run of the example (status $rc): $(head -3 <<<"$out")"
log_test "the example configuration file of vmroam(8) is one apply takes"

tap_diag "the man page's cases: $((SECONDS - t0)) s"
t0=$SECONDS

# ---- the bash completion ------------------------------------------------------------------

# The completion, as bash runs it: one bash per mode in the namespace (sourcing bash-completion
# under TCG takes seconds: once, not once per line), that sourced the script with bash-completion
# (MODE bc) or without (MODE plain), reading lines on a FIFO and answering each with its
# COMPREPLY, sorted, on one line. COMP_WORDS as bash splits them: at blanks, and at colons kept
# as words; the cursor at the end of the line. Each line is completed in a subshell of its own.
# Under TCG every fork counts: the answer is COMPREPLY as it is, compared as a set here.
# shellcheck disable=SC2016 # the script is for the inner bash
SERVER='
	mode=$1
	if [ "$mode" = bc ]; then
		. "$2" || { echo "cannot source $2"; exit 1; }
	fi
	. "$3" || { echo "cannot source $3"; exit 1; }
	reg=$(complete -p vmroam)
	while IFS= read -r line; do
		if [[ $reg != *"-F _vmroam vmroam"* ]]; then
			echo "not registered: $reg"
			continue
		fi
		(
			COMP_WORDS=()
			for w in $line; do
				while [[ $w == *:* ]]; do
					[ -n "${w%%:*}" ] && COMP_WORDS+=("${w%%:*}")
					COMP_WORDS+=(":")
					w=${w#*:}
				done
				[ -n "$w" ] && COMP_WORDS+=("$w")
			done
			[[ $line == *" " ]] && COMP_WORDS+=("")
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
			COMP_LINE=$line
			COMP_POINT=${#line}
			COMPREPLY=()
			_vmroam vmroam "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
			echo "${COMPREPLY[*]}"
		)
	done
'
# start_server MODE: the bash of MODE, its FIFOs opened as ${MODE}_in and ${MODE}_out
start_server()
{
	mkfifo "$FIFOS/$1.in" "$FIFOS/$1.out" || return 1
	ip netns exec "$NS" bash --norc --noprofile -c "$SERVER" server "$1" "$BASH_COMPLETION" \
		"$COMPLETION" <"$FIFOS/$1.in" >"$FIFOS/$1.out" 2>&1 &
	eval "exec {$1_in}>\"\$FIFOS/$1.in\" {$1_out}<\"\$FIFOS/$1.out\""
}

# complete_line MODE LINE: GOT, what the bash of MODE completes LINE to (at most 60 s for it)
complete_line()
{
	local in=${1}_in out=${1}_out

	GOT="(no answer from the $1 bash)"
	printf '%s\n' "$2" >&"${!in}" || return
	IFS= read -r -t $((60 * ${TIMEOUT_SCALE:-1})) GOT <&"${!out}" ||
		GOT="(no answer from the $1 bash)"
}

# same_set "A B C" "C A B": the two lists have the same words (no fork)
same_set()
{
	local -A a=() b=()
	local w

	for w in $1; do a[$w]=1; done
	for w in $2; do b[$w]=1; done
	[ "${#a[@]}" -eq "${#b[@]}" ] || return 1
	for w in "${!a[@]}"; do
		[ -n "${b[$w]:-}" ] || return 1
	done
}

# offers LINE WORDS...: in both modes, LINE completes to exactly WORDS (any order)
offers()
{
	local line=$1 got mode

	shift
	for mode in bc plain; do
		complete_line "$mode" "$line"
		got=$GOT
		same_set "$got" "$*" ||
			{ retmsg2="$mode: \"$line\" offers \"$got\", not \"$*\""; return 1; }
	done
}

# offers_also LINE WORD...: in both modes, LINE's completions include every WORD
offers_also()
{
	local line=$1 got mode w

	shift
	for mode in bc plain; do
		complete_line "$mode" "$line"
		got=" $GOT "
		for w in "$@"; do
			[[ $got == *" $w "* ]] ||
				{ retmsg2="$mode: \"$line\" offers \"$got\", without $w"; return 1; }
		done
	done
}

check_offer()	# offers ARGS...: one check of a case
{
	retmsg2=
	"$@"
	check_err $? "$retmsg2"
}

RET=0
check_err "$setup" "namespace setup"
[ -r "$BASH_COMPLETION" ]
check_err $? "no $BASH_COMPLETION (bash-completion: make deps)"
start_server bc && start_server plain
check_err $? "cannot start the completing shells"
# shellcheck disable=SC2086 # the objects are words
check_offer offers "vmroam " $OBJECTS
check_offer offers "vmroam p" policy port
check_offer offers "vmroam -j -p b" binding bridge
check_offer offers "vmroam help mi" migrate
check_offer offers_also "vmroam -" -j -json -p -batch -force -V
check_offer offers "vmroam -ba" -batch
check_offer offers "vmroam -batch cmds " ""
check_offer offers "vmroam -batch cmds -f" -f -force
log_test "completion: objects (vmroam p<TAB>: policy port) and options"

RET=0
for o in $OBJECTS; do
	subs=${SUBS[$o]}
	[ -z "$subs" ] && continue
	# shellcheck disable=SC2086 # the subcommands are words
	check_offer offers "vmroam $o " $subs help
done
check_offer offers "vmroam port " help set show
log_test "completion: the subcommands of each object, as its help lists them"

RET=0
check_offer offers "vmroam port set dev vp0 " trusted lock max-macs arp-inspect ip-guard rate \
	nd-inspect ra-guard max-addrs
check_offer offers "vmroam port set dev vp0 lock on t" trusted
check_offer offers "vmroam port set dev vp0 trusted off lock on " max-macs arp-inspect ip-guard \
	rate nd-inspect ra-guard max-addrs
check_offer offers "vmroam migrate add dev vp0 mac 52:54:00:00:00:01 " vlan ip origin valid \
	timeout activate lease
check_offer offers "vmroam binding show " dev mac ip
check_offer offers "vmroam bridge set dev br0 " port-defaults
check_offer offers_also "vmroam bridge set dev br0 port-defaults " trusted lock inherit max-addrs
check_offer offers "vmroam apply " file dry-run help
check_offer offers "vmroam migrate add dev vp0 mac 52:54:00:00:00:01 vlan " ""
log_test "completion: keywords of each command, those given not again, none for a value"

RET=0
check_offer offers "vmroam port set dev vp0 arp-inspect " on off
check_offer offers "vmroam bridge set dev br0 port-defaults ra-guard o" on off
check_offer offers_also "vmroam migrate add dev vp0 mac 52:54:00:00:00:01 activate " first-frame \
	now
check_offer offers_also "vmroam policy set " dev arp_garp_request rarp_reply malformed all
check_offer offers "vmroam policy set dev br0 rarp_request " fdb neigh learn none all default
check_offer offers "vmroam policy set arp_probe fdb," fdb,neigh fdb,learn
check_offer offers "vmroam port set dev vp0 max-macs " none
log_test "completion: on/off, activation, frame types and actions"

RET=0
check_offer offers "vmroam port set dev " vp0
check_offer offers "vmroam stats dev v" vp0
check_offer offers "vmroam bridge set dev " br0
check_offer offers "vmroam gateway add dev " br0
check_offer offers "vmroam port set dev nosuch" ""
check_offer offers "vmroam bridge show dev vx" ""
log_test "completion: after dev, the namespace's bridge ports (port set) or bridges (bridge set)"
tap_diag "the completion's cases: $((SECONDS - t0)) s"

tap_end
