#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vmroam CLI as a user meets it: human and JSON output of "stats", per port and per
# namespace, and what it says (and which status it exits with) when something is wrong; for
# "migrate", "gateway", "port" and "binding unfreeze", the usage errors it finds before asking the
# kernel.
#
#   ns h                         ns sw
#   +----------+               +---------------------------+
#   |     h1 --+---------------+-- swp1 -- br0             |
#   +----------+               |   dummy0 (not a port)     |
#                              +---------------------------+

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

TYPES=$FRAME_TYPES

OUT=$(mktemp)
ERR=$(mktemp)
trap 'ns_cleanup; rm -f "$OUT" "$ERR"' EXIT

# run NS ARGS...: the CLI in namespace NS, stdout to $OUT, stderr to $ERR, status in $RC
run()
{
	local ns=$1

	shift
	ip netns exec "$ns" "$VMROAM" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# expect_error STATUS PATTERN: the last run failed with STATUS, said PATTERN on stderr, and
# printed nothing on stdout
expect_error()
{
	[ "$RC" -eq "$1" ]
	check_err $? "exit status $RC, expected $1"
	grep -q -- "$2" "$ERR"
	check_err $? "stderr '$(head -c 200 "$ERR")' does not say '$2'"
	[ ! -s "$OUT" ]
	check_err $? "something was printed on stdout: '$(head -c 200 "$OUT")'"
}

tap_begin

ns_create H
ns_create SW
ns_create OTHER
ip -n "$SW" link add br0 type bridge
ip -n "$SW" link add swp1 type veth peer name h1 netns "$H"
ip -n "$SW" link set swp1 master br0
ip -n "$SW" link add dummy0 type dummy
ip -n "$SW" link set br0 up
ip -n "$SW" link set swp1 up
ip -n "$H" link set h1 up
link_wait "$SW" swp1

run "$SW" help
[ "$RC" -eq 0 ] && grep -q "stats \[dev PORT\]" "$OUT"
check_err $? "help: status $RC, or no 'stats [dev PORT]' in it"
for t in $TYPES; do
	grep -qw -- "$t" "$OUT"
	check_err $? "help does not name the type $t"
done
log_test "help: exit 0, documents stats and every type name"

run "$SW" stats
[ "$RC" -eq 0 ]
check_err $? "status $RC: $(cat "$ERR")"
# a header, then one "name count" line per type in the uapi order
# (the frame table ends at the first blank line; what vmroam did about moves follows)
frames() { sed -n '2,/^$/p' "$OUT" | sed '/^$/d'; }
[ "$(frames | awk '{print $1}' | tr '\n' ' ')" = "$(echo $TYPES) " ]
check_err $? "type column is not the list of types in order: $(frames | awk '{print $1}' | tr '\n' ' ')"
[ "$(frames | awk '$2 !~ /^[0-9]+$/' | wc -l)" -eq 0 ]
check_err $? "a count is not a number"
log_test "stats: one line per type, in order, with a count"

before=$(stats_json "$SW")
ip netns exec "$H" "$VRSEND" h1 arp_garp_request sip 192.0.2.10
EXPECT=$(($(jq .arp_garp_request <<<"$before") + 1))
garp_counted() { [ "$(stats_json "$SW" | jq .arp_garp_request)" = "$EXPECT" ]; }
poll garp_counted
check_err $? "the gratuitous ARP was not counted"
run "$SW" stats
[ "$(awk '$1 == "arp_garp_request" {print $2}' "$OUT")" = "$EXPECT" ]
check_err $? "human output shows $(awk '$1 == "arp_garp_request" {print $2}' "$OUT"), JSON $EXPECT"
log_test "stats: human and JSON output agree after one frame"

run "$SW" -j stats
[ "$RC" -eq 0 ] && [ "$(wc -l <"$OUT")" -eq 1 ] && jq -e . "$OUT" >/dev/null
check_err $? "-j stats: not exactly one line of valid JSON"
# the type names first, in order; then the move counters
[ "$(jq -r 'keys_unsorted[:17] | join(" ")' "$OUT")" = "$(echo $TYPES)" ]
check_err $? "JSON keys do not start with the type names in order: $(jq -r 'keys_unsorted | join(" ")' "$OUT")"
jq -e 'all(del(.drops)[]; type == "number") and has("bindings") and has("fdb_moves") and
	has("neigh_updates") and has("fdb_latency_max_ns")' "$OUT" >/dev/null
check_err $? "a JSON value is not a number, or the move counters are missing"
log_test "-j stats: one JSON object keyed by type name, then the move counters"

run "$SW" -j stats dev swp1
[ "$RC" -eq 0 ] && [ "$(jq .arp_garp_request "$OUT")" -ge 1 ]
check_err $? "-j stats dev swp1: status $RC, arp_garp_request $(jq .arp_garp_request "$OUT" 2>&1)"
run "$SW" stats dev swp1
[ "$RC" -eq 0 ] && grep -q "swp1" "$OUT"
check_err $? "stats dev swp1: status $RC, or the port is not named"
log_test "stats dev PORT: the port's counters"

run "$OTHER" -j stats
[ "$RC" -eq 0 ] && jq -e 'all(.. | numbers; . == 0)' "$OUT" >/dev/null
check_err $? "another namespace sees counters: $(cat "$OUT" "$ERR")"
log_test "stats: counters are per network namespace"

run "$SW" stats dev nosuchdev
expect_error 1 "no such device: nosuchdev"
log_test "stats dev NOSUCHDEV: 'no such device', exit 1"

run "$SW" stats dev dummy0
expect_error 1 "not a bridge port"
log_test "stats dev NOTAPORT: the kernel's extack message, exit 1"

run "$SW" frobnicate
expect_error 2 'unknown command "frobnicate"'
log_test "unknown command: named, exit 2"

run "$SW" stats bogus
expect_error 2 "bogus"
log_test "stats with a bad argument: named, exit 2"

run "$SW" stats dev
expect_error 2 "dev"
log_test "stats dev without a name: exit 2"

run "$SW" --no-such-option stats
expect_error 2 "no-such-option"
log_test "unknown option: exit 2"

run "$SW"
[ "$RC" -eq 2 ] && [ ! -s "$OUT" ] && grep -qi "usage" "$ERR"
check_err $? "no command: status $RC, usage on stderr expected"
log_test "no command: usage on stderr, exit 2"

run "$SW" help
for c in "migrate add" "migrate del" "migrate out" "migrate show" "gateway add" "gateway del" \
	 "gateway show" "monitor" "port set" "port show" "binding unfreeze"; do
	grep -q "^  $c" "$OUT"
	check_err $? "help does not document \"$c\""
done
log_test "help: documents migrate, gateway, monitor, port and binding unfreeze"

# usage_error NAME PATTERN ARGS...: "vmroam ARGS" exits 2 saying PATTERN (the bad word)
usage_error()
{
	local name=$1 pattern=$2

	shift 2
	run "$SW" "$@"
	expect_error 2 "$pattern"
	log_test "$name: named, exit 2"
}

M=52:54:00:00:00:01
usage_error "migrate add with a bad MAC address" '"52:54:00:zz:00:01"' \
	migrate add dev swp1 mac 52:54:00:zz:00:01
usage_error "migrate del with a bad MAC address" '"52-54-00-00-00-01"' \
	migrate del mac 52-54-00-00-00-01
usage_error "migrate add with VLAN 4095" '"4095"' migrate add dev swp1 mac $M vlan 4095
usage_error "migrate add with VLAN 0" 'VLAN ID "0"' migrate add dev swp1 mac $M vlan 0
usage_error "migrate out with a bad VLAN" '"v10"' migrate out mac $M vlan v10
usage_error "migrate add with 5 IPv4 addresses" '"192.0.2.5"' \
	migrate add dev swp1 mac $M ip 192.0.2.1 ip 192.0.2.2 ip 192.0.2.3 ip 192.0.2.4 \
	ip 192.0.2.5
usage_error "migrate add with 9 IPv6 addresses" '"2001:db8::9"' \
	migrate add dev swp1 mac $M ip 192.0.2.1 ip 2001:db8::1 ip 2001:db8::2 ip 2001:db8::3 \
	ip 2001:db8::4 ip 2001:db8::5 ip 2001:db8::6 ip 2001:db8::7 ip 2001:db8::8 ip 2001:db8::9
usage_error "binding add with 5 IPv4 addresses" '"192.0.2.5"' \
	binding add dev swp1 mac $M ip 192.0.2.1 ip 192.0.2.2 ip 192.0.2.3 ip 192.0.2.4 \
	ip 192.0.2.5
usage_error "binding add with 9 IPv6 addresses" '"2001:db8::9"' \
	binding add dev swp1 mac $M ip 2001:db8::1 ip 2001:db8::2 ip 2001:db8::3 ip 2001:db8::4 \
	ip 2001:db8::5 ip 2001:db8::6 ip 2001:db8::7 ip 2001:db8::8 ip 2001:db8::9
usage_error "migrate add with an unknown activation" '"sometime"' \
	migrate add dev swp1 mac $M activate sometime
usage_error "migrate add with timeout 0" 'timeout "0"' migrate add dev swp1 mac $M timeout 0
usage_error "migrate add without dev" '"dev" is required' migrate add mac $M ip 192.0.2.1
usage_error "migrate add without mac" '"mac" is required' migrate add dev swp1
usage_error "migrate out without mac" '"mac" is required' migrate out vlan 10
usage_error "migrate show with an argument" '"bogus"' migrate show bogus
usage_error "gateway add with an IPv6 address" '"2001:db8::1".*IPv4' \
	gateway add dev br0 ip 192.0.2.1 ip 2001:db8::1
usage_error "gateway del with an IPv6 address" '"2001:db8::1".*IPv4' \
	gateway del dev br0 ip 2001:db8::1
usage_error "gateway add without dev" '"dev" is required' gateway add ip 192.0.2.1
usage_error "gateway add without an address" '"ip" is required' gateway add dev br0
usage_error "monitor with an argument" '"bogus"' monitor bogus
usage_error "migrate add with lease 0" 'lease "0"' migrate add dev swp1 mac $M lease 0
usage_error "migrate add with a lease beyond 32 bits" 'lease "4294967296"' \
	migrate add dev swp1 mac $M lease 4294967296
usage_error "port set without a setting" 'no setting given' port set dev swp1
usage_error "port set without dev" '"dev" is required' port set lock on
usage_error "port set with a bad on/off word" 'trusted "yes"' port set dev swp1 trusted yes
usage_error "port set with max-macs not a number" 'max-macs "four"' port set dev swp1 max-macs four
usage_error "port set with a rate too big" 'rate "1000001"' port set dev swp1 rate 1000001
usage_error "port set with a setting twice" '"lock" given twice' \
	port set dev swp1 lock on lock off
usage_error "port set with an unknown setting" '"speed"' port set dev swp1 speed 10
usage_error "port show with an argument" '"bogus"' port show bogus
usage_error "binding unfreeze without mac" '"mac" is required' binding unfreeze vlan 10

run "$SW" migrate add dev nosuchdev mac $M
expect_error 1 "no such device: nosuchdev"
log_test "migrate add dev NOSUCHDEV: 'no such device', exit 1"

run "$SW" port set dev nosuchdev lock on
expect_error 1 "no such device: nosuchdev"
log_test "port set dev NOSUCHDEV: 'no such device', exit 1"

if vmroam_unload; then
	run "$SW" stats
	if vmroam_loaded; then
		# installed where request_module() finds it: the family lookup loaded it again
		tap_skip "module not loaded: clear message" "the kernel auto-loaded vmroam"
	else
		expect_error 1 "module is not loaded"
		log_test "module not loaded: says so, exit 1"
	fi
	vmroam_load
else
	tap_not_ok "rmmod vmroam"
fi

tap_end
