#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# contrib/libvirt/qemu, the libvirt hook, fed contrib/libvirt/domain-sample.xml the way libvirt
# calls it, with a fake vmroam that records its arguments: "migrate begin" only records the
# domain, the next "start begin" runs the exact "migrate add" commands from the live XML, a start
# without a record (or with a stale one) sanctions nothing, other operations do nothing, nothing
# ever goes to stdout, the exit status is 0 whatever happens. Needs neither root nor the module:
# "bash selftests/libvirt_hook.sh" runs it anywhere.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

HOOK=$VMROAM_TOP/contrib/libvirt/qemu
SAMPLE=$VMROAM_TOP/contrib/libvirt/domain-sample.xml

tap_begin
if [ ! -x /usr/bin/python3 ]; then
	tap_skip "$(basename "$0")" "no /usr/bin/python3"
	tap_end
fi

TMP=$(mktemp -d)
trap 'ns_cleanup; rm -rf "$TMP"' EXIT
OUT=$TMP/out
ERR=$TMP/err
LOG=$TMP/argv

# the fake vmroam: one line per call, its arguments quoted by printf %q; FAKE_RC is its status,
# FAKE_STDOUT something it prints on stdout
mkdir "$TMP/bin"
cat >"$TMP/bin/vmroam" <<'EOF'
#!/bin/bash
{ printf '%q' "$1"; shift; printf ' %q' "$@"; echo; } >>"$FAKE_LOG"
[ -n "${FAKE_STDOUT:-}" ] && echo "$FAKE_STDOUT"
exit "${FAKE_RC:-0}"
EOF
chmod +x "$TMP/bin/vmroam"
cp "$TMP/bin/vmroam" "$TMP/other-vmroam"
export FAKE_LOG=$LOG

# run_hook OP SUBOP [XML]: the hook as libvirt runs it for domain $DOM (web01), stdout to $OUT,
# stderr to $ERR, status in $RC, the fake's calls in $LOG; the configuration file is $CONF (none
# by default), the state directory $STATE
CONF=$TMP/none.conf
STATE=$TMP/state
DOM=web01
run_hook()
{
	: >"$LOG"
	PATH="$TMP/bin:$PATH" VMROAM_LIBVIRT_CONF=$CONF VMROAM_LIBVIRT_STATE_DIR=$STATE \
		"$HOOK" "$DOM" "$1" "$2" - <"${3:-$SAMPLE}" >"$OUT" 2>"$ERR"
	RC=$?
}

# migrate_in [XML]: "migrate begin" then "start begin" (of XML), as on the destination host
migrate_in()
{
	run_hook migrate begin
	run_hook start begin "${1:-}"
}

# check_calls WHAT EXPECTED: the fake's calls are exactly EXPECTED
check_calls()
{
	if [ "$(cat "$LOG")" != "$2" ]; then
		check_err 1 "$1: got [$(paste -sd';' "$LOG")]"
	fi
}

check_quiet_success()
{
	[ "$RC" -eq 0 ]
	check_err $? "exit status $RC"
	[ ! -s "$OUT" ]
	check_err $? "stdout not empty: $(head -c 200 "$OUT")"
}

check_no_stderr()
{
	[ ! -s "$ERR" ]
	check_err $? "stderr: $(cat "$ERR")"
}

check_no_record()
{
	[ -z "$(ls -A "$STATE" 2>/dev/null)" ]
	check_err $? "records left: $(ls -A "$STATE" 2>&1)"
}

ADD0='migrate add dev web01-net0 mac 52:54:00:3a:7c:01 vlan 42'
ADD1='migrate add dev web01-net1 mac 52:54:00:3a:7c:02 ip 192.168.122.50 ip fd00:122::50'
ADD2='migrate add dev vnet7 mac 52:54:00:3a:7c:03'
ALL="$ADD0
$ADD1
$ADD2"

# ---- the two phases --------------------------------------------------------------------------

"$HOOK" >/dev/null 2>&1 </dev/null
check_err $? "the hook without arguments exits with a status"
log_test "hook without arguments: exit 0"

run_hook start begin
check_quiet_success
check_calls "start begin without migrate begin" ""
check_no_stderr
check_no_record
log_test "start begin without migrate begin (boot, restore): no sanction"

run_hook migrate begin
check_quiet_success
check_calls "migrate begin" ""
check_no_stderr
[ -f "$STATE/web01" ]
check_err $? "no record $STATE/web01"
log_test "migrate begin: records the domain, calls nothing"

run_hook start begin
check_quiet_success
check_calls "start begin after migrate begin" "$ALL"
check_no_stderr
check_no_record
log_test "migrate begin, start begin: one \"migrate add\" per interface, exact arguments"

run_hook start begin
check_quiet_success
check_calls "second start begin" ""
log_test "the record is used once: the next start sanctions nothing"

DOM=db02 run_hook migrate begin
run_hook start begin
check_quiet_success
check_calls "another domain's record" ""
[ -f "$STATE/db02" ]
check_err $? "db02's record was taken by web01"
DOM=db02 run_hook stopped end
check_no_record
log_test "another domain's record: no sanction for this one"

run_hook migrate begin
touch -d "@$(($(date +%s) - 3600))" "$STATE/web01"
run_hook start begin
check_quiet_success
check_calls "stale record" ""
grep -q 'web01.*ignoring a record.* old' "$ERR"
check_err $? "stale record not reported: $(cat "$ERR")"
check_no_record
log_test "a record older than 10 minutes is ignored, removed and reported"

for op in "stopped end" "release end"; do
	run_hook migrate begin
	# shellcheck disable=SC2086 # "OP SUBOP"
	run_hook $op
	check_quiet_success
	check_no_stderr
	check_no_record
	run_hook start begin
	check_calls "start begin after migrate begin, $op" ""
	log_test "migrate begin then $op (failed migration): record removed, no sanction"
done

sed "/<target dev='vnet7'\\/>/d" "$SAMPLE" >"$TMP/notarget.xml"
migrate_in "$TMP/notarget.xml"
check_quiet_success
check_calls "interface without target" "$ADD0
$ADD1"
grep -q 'web01.*52:54:00:3a:7c:03.*no <target dev>' "$ERR"
check_err $? "no message about 52:54:00:3a:7c:03: $(cat "$ERR")"
[ "$(wc -l <"$ERR")" -eq 1 ]
check_err $? "other messages on stderr: $(cat "$ERR")"
log_test "an interface without target dev is skipped with one message"

# ---- configuration -------------------------------------------------------------------------

CONF=$TMP/libvirt.conf
cat >"$CONF" <<EOF
# the CLI and the options of every sanction
VMROAM='$TMP/other-vmroam'
VMROAM_TIMEOUT=30   # seconds
VMROAM_ACTIVATE=now
EOF
rm "$TMP/bin/vmroam"	# only VMROAM= can find the fake now
migrate_in
check_quiet_success
check_calls "VMROAM, VMROAM_TIMEOUT, VMROAM_ACTIVATE" "$ADD0 timeout 30 activate now
$ADD1 timeout 30 activate now
$ADD2 timeout 30 activate now"
log_test "configuration file: VMROAM= names the CLI, timeout and activate are passed"

cat >"$CONF" <<EOF
VMROAM=$TMP/other-vmroam
VMROAM_TIMEOUT=soon
VMROAM_ACTIVATE=later
COLOUR=blue
EOF
migrate_in
check_quiet_success
check_calls "bad values" "$ALL"
grep -q 'VMROAM_TIMEOUT=soon' "$ERR" && grep -q 'VMROAM_ACTIVATE=later' "$ERR" &&
	grep -q 'COLOUR' "$ERR"
check_err $? "bad values not reported: $(cat "$ERR")"
log_test "configuration file: bad values are reported and left out"
cp "$TMP/other-vmroam" "$TMP/bin/vmroam"
CONF=$TMP/none.conf

# ---- other operations ----------------------------------------------------------------------

for op in "prepare begin" "started begin" "stopped end" "release end" "reconnect begin" \
	"restore begin" "migrate end"; do
	# shellcheck disable=SC2086 # "OP SUBOP"
	run_hook $op
	check_quiet_success
	check_calls "$op" ""
	check_no_stderr
	check_no_record
	log_test "$op: does nothing"
done

# ---- failures never fail the migration -------------------------------------------------------

FAKE_RC=1 migrate_in
check_quiet_success
check_calls "vmroam failing" "$ALL"
[ "$(grep -c 'exited with status 1' "$ERR")" -eq 3 ]
check_err $? "failures not logged: $(cat "$ERR")"
log_test "vmroam fails: logged on stderr, every interface tried, exit 0"

FAKE_STDOUT='<domain>not for libvirt</domain>' migrate_in
check_quiet_success
grep -q 'not for libvirt' "$ERR"
check_err $? "vmroam's stdout lost"
log_test "vmroam's stdout goes to stderr, never to libvirt"

CONF=$TMP/libvirt.conf
echo "VMROAM=$TMP/no-such-vmroam" >"$CONF"
migrate_in
check_quiet_success
grep -q 'no-such-vmroam' "$ERR"
check_err $? "missing CLI not logged: $(cat "$ERR")"
log_test "vmroam missing: logged on stderr, exit 0"
CONF=$TMP/none.conf

echo '<domain><devices><interface type=' >"$TMP/bad.xml"
migrate_in "$TMP/bad.xml"
check_quiet_success
check_calls "bad XML" ""
grep -q 'cannot parse' "$ERR"
check_err $? "bad XML not logged: $(cat "$ERR")"
check_no_record
log_test "unparsable XML: logged on stderr, record removed, exit 0"

touch "$TMP/file"
STATE=$TMP/file/state run_hook migrate begin
check_quiet_success
grep -q 'cannot record' "$ERR"
check_err $? "unwritable state directory not logged: $(cat "$ERR")"
log_test "state directory cannot be created: logged on stderr, exit 0"

tap_end
