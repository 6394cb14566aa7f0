#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# contrib/libvirt/qemu, the libvirt hook, fed contrib/libvirt/domain-sample.xml the way libvirt
# calls it, with a fake vmroam that records its arguments: the exact "migrate add" commands on
# "migrate begin", nothing on other operations, nothing on stdout (libvirt would take it as the
# new domain XML), exit 0 whatever vmroam does. Needs neither root nor the module:
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

# run_hook OP SUBOP [XML]: the hook as libvirt runs it, stdout to $OUT, stderr to $ERR, status
# in $RC, the fake's calls in $LOG; the configuration file is $CONF (none by default)
CONF=$TMP/none.conf
run_hook()
{
	: >"$LOG"
	PATH="$TMP/bin:$PATH" VMROAM_LIBVIRT_CONF=$CONF \
		"$HOOK" web01 "$1" "$2" - <"${3:-$SAMPLE}" >"$OUT" 2>"$ERR"
	RC=$?
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

ADD0='migrate add dev web01-net0 mac 52:54:00:3a:7c:01 vlan 42'
ADD1='migrate add dev web01-net1 mac 52:54:00:3a:7c:02 ip 192.168.122.50 ip fd00:122::50'

# ---- migrate begin ---------------------------------------------------------------------------

"$VMROAM_TOP/contrib/libvirt/qemu" >/dev/null 2>&1 </dev/null
check_err $? "the hook without arguments exits with a status"
log_test "hook without arguments: exit 0"

run_hook migrate begin
check_quiet_success
check_calls "migrate begin" "$ADD0
$ADD1"
log_test "migrate begin: one \"migrate add\" per interface with a target, exact arguments"

grep -q '52:54:00:3a:7c:03.*no <target dev>' "$ERR"
check_err $? "no message about 52:54:00:3a:7c:03: $(cat "$ERR")"
grep -q 'web01' "$ERR"
check_err $? "the message does not name the domain"
[ "$(wc -l <"$ERR")" -eq 1 ]
check_err $? "other messages on stderr: $(cat "$ERR")"
log_test "migrate begin: the interface without target dev is skipped with one message"

# ---- configuration -------------------------------------------------------------------------

CONF=$TMP/libvirt.conf
cat >"$CONF" <<EOF
# the CLI and the options of every sanction
VMROAM='$TMP/other-vmroam'
VMROAM_TIMEOUT=30   # seconds
VMROAM_ACTIVATE=now
EOF
rm "$TMP/bin/vmroam"	# only VMROAM= can find the fake now
run_hook migrate begin
check_quiet_success
check_calls "VMROAM, VMROAM_TIMEOUT, VMROAM_ACTIVATE" "$ADD0 timeout 30 activate now
$ADD1 timeout 30 activate now"
log_test "configuration file: VMROAM= names the CLI, timeout and activate are passed"

cat >"$CONF" <<EOF
VMROAM=$TMP/other-vmroam
VMROAM_TIMEOUT=soon
VMROAM_ACTIVATE=later
COLOUR=blue
EOF
run_hook migrate begin
check_quiet_success
check_calls "bad values" "$ADD0
$ADD1"
grep -q 'VMROAM_TIMEOUT=soon' "$ERR" && grep -q 'VMROAM_ACTIVATE=later' "$ERR" &&
	grep -q 'COLOUR' "$ERR"
check_err $? "bad values not reported: $(cat "$ERR")"
log_test "configuration file: bad values are reported and left out"
cp "$TMP/other-vmroam" "$TMP/bin/vmroam"
CONF=$TMP/none.conf

# ---- other operations ----------------------------------------------------------------------

for op in "prepare begin" "start begin" "started begin" "stopped end" "release end" \
	"reconnect begin" "restore begin"; do
	# shellcheck disable=SC2086 # "OP SUBOP"
	run_hook $op
	check_quiet_success
	check_calls "$op" ""
	[ ! -s "$ERR" ]
	check_err $? "stderr: $(cat "$ERR")"
	log_test "$op: does nothing"
done

# ---- failures never fail the migration -------------------------------------------------------

FAKE_RC=1 run_hook migrate begin
check_quiet_success
check_calls "vmroam failing" "$ADD0
$ADD1"
[ "$(grep -c 'exited with status 1' "$ERR")" -eq 2 ]
check_err $? "failures not logged: $(cat "$ERR")"
log_test "vmroam fails: logged on stderr, every interface tried, exit 0"

FAKE_STDOUT='<domain>not for libvirt</domain>' run_hook migrate begin
check_quiet_success
grep -q 'not for libvirt' "$ERR"
check_err $? "vmroam's stdout lost"
log_test "vmroam's stdout goes to stderr, never to libvirt"

CONF=$TMP/libvirt.conf
echo "VMROAM=$TMP/no-such-vmroam" >"$CONF"
run_hook migrate begin
check_quiet_success
grep -q 'no-such-vmroam' "$ERR"
check_err $? "missing CLI not logged: $(cat "$ERR")"
log_test "vmroam missing: logged on stderr, exit 0"
CONF=$TMP/none.conf

echo '<domain><devices><interface type=' >"$TMP/bad.xml"
run_hook migrate begin "$TMP/bad.xml"
check_quiet_success
check_calls "bad XML" ""
grep -q 'cannot parse' "$ERR"
check_err $? "bad XML not logged: $(cat "$ERR")"
log_test "unparsable XML: logged on stderr, exit 0"

tap_end
