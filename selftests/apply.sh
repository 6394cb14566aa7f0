#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configuration that survives: "vmroam -batch FILE" (a command a line, as ip -batch) and
# "vmroam apply" (the configuration file, idempotent: only what differs is changed, and
# printed as the command that changed it; a file with errors changes nothing).
#
#   ns hv: br0 with up1 (the uplink) and taps tap0, tap1 (veths to ns guest), dummy tapx (not
#   a bridge port: a pattern must not touch it)

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

hv()
{
	ip netns exec "$HV" "$VMROAM" "$@"
}

port_setting()	# PORT KEY
{
	hv -j port show dev "$1" | jq -r ".[0].$2"
}

# run_hv ARGS...: "vmroam ARGS" in ns hv; status in RC, output in OUT and ERR (files)
OUT=$(mktemp) ERR=$(mktemp) CONF=$(mktemp)
run_hv()
{
	hv "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

new_tap()	# NAME PEER: a VM's tap in br0 (ns hv), its other end in ns guest
{
	veth_port "$HV" br0 "$1" "$GUEST" "$2"
}

tap_begin 11

ns_create HV && ns_create GUEST
ip -n "$HV" link add br0 type bridge && ip -n "$HV" link set br0 up &&
	ip -n "$HV" link add tapx type dummy &&
	new_tap up1 u1 && new_tap tap0 g0 && new_tap tap1 g1
check_err $? "setup"

# ---- -batch ----
cat >"$CONF" <<'EOF'
# two ports, one setting each
port set dev tap0 trusted off lock on
port set dev tap1 trusted off \
	max-macs 3
EOF
run_hv -batch "$CONF"
[ "$RC" = 0 ] && [ "$(port_setting tap0 lock)" = true ] && [ "$(port_setting tap1 max_macs)" = 3 ]
check_err $? "status $RC, tap0 lock $(port_setting tap0 lock), tap1 max_macs $(port_setting tap1 max_macs): $(cat "$ERR")"
log_test "-batch: every line runs, a backslash continues a line"

cat >"$CONF" <<'EOF'
port set dev tap0 ip-guard on
port set dev nosuchdev lock on
port set dev tap1 ip-guard on
EOF
run_hv -batch "$CONF"
[ "$RC" = 1 ] && grep -q "$CONF:2: no such device: nosuchdev" "$ERR" &&
	[ "$(port_setting tap0 ip_guard)" = true ] && [ "$(port_setting tap1 ip_guard)" = false ]
check_err $? "status $RC, tap1 ip_guard $(port_setting tap1 ip_guard): $(cat "$ERR")"
log_test "-batch: stops at the first failing line, which the message names (FILE:LINE)"

run_hv -batch "$CONF" -force
[ "$RC" = 1 ] && [ "$(port_setting tap1 ip_guard)" = true ]
check_err $? "status $RC, tap1 ip_guard $(port_setting tap1 ip_guard)"
printf 'port set dev tap0 lock "on\n' | hv -batch - >"$OUT" 2>"$ERR"
RC=$?
[ "$RC" = 2 ] && grep -q "stdin:1: unterminated \" quote" "$ERR"
check_err $? "unterminated quote: status $RC: $(cat "$ERR")"
log_test "-batch -force goes on after a failure and exits 1; a bad line is a usage error"

# ---- apply ----
hv port set dev tap0 lock off ip-guard off && hv port set dev tap1 max-macs none ip-guard off
check_err $? "reset"
cat >"$CONF" <<'EOF'
# the hypervisor's configuration
bridge set dev br0 port-defaults trusted off lock on max-macs 4 arp-inspect on ip-guard on
port set dev up1 trusted on
port set dev tap* trusted off lock on max-macs 4
policy set dev br0 arp_reply_other fdb,neigh
gateway add dev br0 ip 192.0.2.254
binding add dev tap0 mac 52:54:00:00:aa:01 ip 192.0.2.10
EOF
cp "$CONF" "$CONF.orig"
run_hv apply file "$CONF" dry-run
[ "$RC" = 0 ] && grep -qx "port set dev tap0 lock on max-macs 4" "$OUT" &&
	[ "$(port_setting tap0 lock)" = false ] &&
	[ "$(hv -j bridge show dev br0 | jq -r '.[0].inherit')" = true ]
check_err $? "status $RC, tap0 lock $(port_setting tap0 lock): $(cat "$OUT" "$ERR")"
log_test "apply dry-run: prints what it would change, changes nothing"

run_hv apply file "$CONF"
expect="bridge set dev br0 port-defaults trusted off lock on max-macs 4 arp-inspect on ip-guard on
port set dev tap0 lock on max-macs 4
port set dev tap1 lock on max-macs 4
policy set dev br0 arp_reply_other fdb,neigh
gateway add dev br0 ip 192.0.2.254
binding add dev tap0 mac 52:54:00:00:aa:01 ip 192.0.2.10"
[ "$RC" = 0 ] && [ "$(cat "$OUT")" = "$expect" ]
check_err $? "status $RC, printed: $(cat "$OUT" "$ERR")"
[ "$(port_setting tap1 lock)" = true ] && [ "$(port_setting tap1 max_macs)" = 4 ] &&
	[ "$(port_setting up1 trusted)" = true ] &&
	hv -j bridge show dev br0 | jq -e '.[0].inherit == false and
		.[0].port_defaults.arp_inspect == true' >/dev/null &&
	hv -j gateway show dev br0 | jq -e '.[0].gateways | index("192.0.2.254")' >/dev/null &&
	hv -j binding show mac 52:54:00:00:aa:01 |
		jq -e '.[0].origin == "static" and .[0].dev == "tap0" and
			(.[0].ipv4 | index("192.0.2.10"))' >/dev/null
check_err $? "the state after apply: $(hv -j binding show) $(hv -j gateway show)"
log_test "apply: the changes, printed as the commands that made them; the state follows"

run_hv apply file "$CONF"
[ "$RC" = 0 ] && [ ! -s "$OUT" ] && [ ! -s "$ERR" ]
check_err $? "status $RC, second apply printed: $(cat "$OUT" "$ERR")"
VMROAM_CONF=$CONF ip netns exec "$HV" "$VMROAM" -j apply >"$OUT" 2>"$ERR"
RC=$?
[ "$RC" = 0 ] && jq -e '.dry_run == false and .changes == []' "$OUT" >/dev/null
check_err $? "-j apply of \$VMROAM_CONF: status $RC: $(cat "$OUT" "$ERR")"
log_test "apply twice: the second changes nothing and prints nothing (-j: no changes)"

# a tap that comes later: its bridge's defaults guard it; apply finds nothing to change
new_tap tap2 g2
[ "$(port_setting tap2 lock)" = true ] && [ "$(port_setting tap2 max_macs)" = 4 ]
check_err $? "tap2 lock $(port_setting tap2 lock)"
run_hv apply file "$CONF"
[ "$RC" = 0 ] && [ ! -s "$OUT" ]
check_err $? "status $RC after tap2 joined: $(cat "$OUT" "$ERR")"
log_test "a tap made after apply has the configuration by its bridge's defaults"

# drift: someone loosened a port; apply puts back that setting only
hv port set dev tap1 lock off
run_hv apply file "$CONF"
[ "$RC" = 0 ] && [ "$(cat "$OUT")" = "port set dev tap1 lock on" ] &&
	[ "$(port_setting tap1 lock)" = true ]
check_err $? "status $RC, printed: $(cat "$OUT" "$ERR")"
log_test "apply after a drift: only the setting that drifted is changed"

# attack on the file: a bad line anywhere changes nothing, and says where
hv port set dev tap1 lock off
printf 'port set dev tap1 lock on\nport set dev tap0 lock maybe\nmigrate add dev tap0 mac 52:54:00:00:aa:09\n' >"$CONF"
run_hv apply file "$CONF"
[ "$RC" = 2 ] && [ ! -s "$OUT" ] && [ "$(port_setting tap1 lock)" = false ] &&
	grep -q "$CONF:2: port set: invalid lock \"maybe\"" "$ERR" &&
	grep -q "$CONF:3: \"migrate add\" does not belong in a configuration file" "$ERR"
check_err $? "status $RC, tap1 lock $(port_setting tap1 lock): $(cat "$OUT" "$ERR")"
printf 'port set dev tap1 lock on\0\n' >"$CONF"
run_hv apply file "$CONF"
[ "$RC" = 1 ] && grep -q "not a text file" "$ERR" && [ "$(port_setting tap1 lock)" = false ]
check_err $? "NUL byte: status $RC: $(cat "$ERR")"
log_test "apply of a file with a bad line: nothing changed, each error named FILE:LINE"

# a pattern names bridge ports only: tapx (a dummy) is no port of any bridge
printf 'port set dev tap* lock on\n' >"$CONF"
run_hv apply file "$CONF"
[ "$RC" = 0 ] && [ "$(cat "$OUT")" = "port set dev tap1 lock on" ] && ! grep -q tapx "$OUT" "$ERR"
check_err $? "status $RC, printed: $(cat "$OUT" "$ERR")"
run_hv apply file /nonexistent/vmroam.conf
[ "$RC" = 1 ] && grep -q "cannot open /nonexistent/vmroam.conf" "$ERR"
check_err $? "missing file: status $RC: $(cat "$ERR")"
log_test "a pattern matches bridge ports only; a missing file is an error"

rm -f "$OUT" "$ERR" "$CONF" "$CONF.orig"
tap_end
