#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vmroam CLI as a user meets it: human and JSON output of "stats", per port and per
# namespace, and what it says (and which status it exits with) when something is wrong; for
# "migrate", "gateway", "port", "policy set" and "binding unfreeze", the usage errors it finds
# before asking the kernel; what "port show", "binding show", "migrate show" and "policy show" say
# of IPv6 first-hop security (ND inspection, RA guard, per-address origins and lifetimes).
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
run "$SW" stats help
[ "$RC" -eq 0 ] && grep -q "stats \[dev PORT\]" "$OUT"
check_err $? "stats help: status $RC, or no 'stats [dev PORT]' in it"
for t in $TYPES; do
	grep -qw -- "$t" "$OUT"
	check_err $? "stats help does not name the type $t"
done
log_test "help: exit 0; stats help documents every type name"

run "$SW" stats
[ "$RC" -eq 0 ]
check_err $? "status $RC: $(cat "$ERR")"
# a header, then one "name count" line per type in the uapi order
# (the frame table ends at the first blank line; what vmroam did about moves follows)
frames() { sed -n '2,/^$/p' "$OUT" | sed '/^$/d'; }
# shellcheck disable=SC2086,SC2116 # echo joins the words of the list with single spaces
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
# shellcheck disable=SC2086,SC2116 # echo joins the words of the list with single spaces
[ "$(jq -r --argjson n "$(wc -w <<<"$TYPES")" 'keys_unsorted[:$n] | join(" ")' "$OUT")" = \
	"$(echo $TYPES)" ]
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
expect_error 2 'unknown object "frobnicate"'
log_test "unknown object: named, exit 2"

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
usage_error "port set with a bad nd-inspect word" 'nd-inspect "yes"' port set dev swp1 nd-inspect yes
usage_error "port set with a bad ra-guard word" 'ra-guard "1"' port set dev swp1 ra-guard 1
usage_error "port set with max-addrs too big" 'max-addrs "1000001"' \
	port set dev swp1 max-addrs 1000001
usage_error "port set with max-addrs not a number" 'max-addrs "five"' port set dev swp1 max-addrs five
usage_error "migrate add with origin before any address" '"origin" before any address' \
	migrate add dev swp1 mac $M origin dhcp ip 2001:db8::5
usage_error "migrate add with valid before any address" '"valid" before any address' \
	migrate add dev swp1 mac $M valid 60
usage_error "migrate add with origin after an IPv4 address" '"origin" after IPv4 address 192.0.2.1' \
	migrate add dev swp1 mac $M ip 2001:db8::5 ip 192.0.2.1 origin dhcp
usage_error "migrate add with valid after an IPv4 address" '"valid" after IPv4 address 192.0.2.1' \
	migrate add dev swp1 mac $M ip 192.0.2.1 valid 60
usage_error "migrate add with an unknown origin" 'unknown origin "router"' \
	migrate add dev swp1 mac $M ip 2001:db8::5 origin router
usage_error "migrate add with valid not a number" 'valid lifetime "1h"' \
	migrate add dev swp1 mac $M ip 2001:db8::5 valid 1h
usage_error "migrate add with valid beyond 32 bits" 'valid lifetime "4294967296"' \
	migrate add dev swp1 mac $M ip 2001:db8::5 valid 4294967296
usage_error "migrate add with two origins for one address" '"origin" given twice' \
	migrate add dev swp1 mac $M ip 2001:db8::5 origin dhcp valid 60 origin savi
usage_error "policy set on nd_ra, which has no policy" 'frame type "nd_ra" has no policy' \
	policy set nd_ra none
usage_error "policy set on dhcp6_server, which has no policy" 'frame type "dhcp6_server" has no policy' \
	policy set dev br0 dhcp6_server all

run "$SW" migrate add dev nosuchdev mac $M
expect_error 1 "no such device: nosuchdev"
log_test "migrate add dev NOSUCHDEV: 'no such device', exit 1"

run "$SW" port set dev nosuchdev lock on
expect_error 1 "no such device: nosuchdev"
log_test "port set dev NOSUCHDEV: 'no such device', exit 1"

# ---- IPv6 first-hop security, as the kernel answers ------------------------------------------

# a static binding keeps 4 IPv4 and 8 IPv6 addresses, each IPv6 one with its origin
M3=52:54:00:00:00:03
IPS6=$(for i in 1 2 3 4 5 6 7 8; do echo "ip 2001:db8:3::$i"; done)
# shellcheck disable=SC2086 # IPS6: "ip ADDR" words, split on purpose
run "$SW" binding add dev swp1 mac $M3 ip 192.0.2.31 ip 192.0.2.32 ip 192.0.2.33 ip 192.0.2.34 \
	$IPS6
[ "$RC" -eq 0 ]
check_err $? "binding add with 4 IPv4 and 8 IPv6: status $RC: $(cat "$ERR")"
run "$SW" -j binding show mac $M3
jq -e '.[0] | (.ipv4 | length) == 4 and (.ipv6 | length) == 8 and (.ipv6_addrs | length) == 8 and
	all(.ipv6_addrs[]; .origin == "static" and (has("valid") | not)) and
	(.ipv6_addrs | map(.addr) | sort) == (.ipv6 | sort)' "$OUT" >/dev/null
check_err $? "-j binding show: $(cat "$OUT" "$ERR")"
run "$SW" binding show mac $M3
grep -q "2001:db8:3::8 (static)" "$OUT"
check_err $? "binding show does not give 2001:db8:3::8 (static): $(cat "$OUT" "$ERR")"
run "$SW" binding del mac $M3
check_err $RC "binding del: $(cat "$ERR")"
log_test "binding add: 4 IPv4 and 8 IPv6; binding show: each IPv6 address with its origin, ipv6_addrs"

# a sanction carries IPv6 addresses with the origin and lifetime they had on the source host
M2=52:54:00:00:00:02
run "$SW" migrate add dev swp1 mac $M2 ip 192.0.2.20 ip 2001:db8::5 origin dhcp valid 3599 \
	ip 2001:db8::6 origin savi ip 2001:db8::7 timeout 600
[ "$RC" -eq 0 ]
check_err $? "migrate add with origin and valid: status $RC: $(cat "$ERR")"
run "$SW" -j migrate show
jq -e --arg m $M2 '.[] | select(.mac == $m) |
	(.ipv4 == ["192.0.2.20"]) and (.ipv6 | sort) == ["2001:db8::5", "2001:db8::6", "2001:db8::7"] and
	(.ipv6_addrs | map(select(.addr == "2001:db8::5"))[0] |
		.origin == "dhcp" and .valid <= 3599 and .valid > 3000) and
	(.ipv6_addrs | map(select(.addr == "2001:db8::6"))[0] |
		.origin == "savi" and (has("valid") | not)) and
	all(.ipv6_addrs[] | select(.addr == "2001:db8::7"); has("valid") | not)' "$OUT" >/dev/null
check_err $? "-j migrate show: $(cat "$OUT" "$ERR")"
run "$SW" migrate show
grep "^$M2 " "$OUT" | grep -q "ip 2001:db8::5 (dhcp, [0-9]*s)"
check_err $? "migrate show does not give 2001:db8::5 (dhcp, Ns): $(cat "$OUT" "$ERR")"
run "$SW" migrate del mac $M2
check_err $RC "migrate del: $(cat "$ERR")"
log_test "migrate add ... origin, valid; migrate show: ipv6_addrs with them"

# the types after malformed have no policy: policy show lists malformed, not them
run "$SW" -j policy show
[ "$RC" -eq 0 ] && jq -e 'has("malformed") and (has("nd_ra") or has("nd_redirect") or
	has("dhcp6_client") or has("dhcp6_server") | not)' "$OUT" >/dev/null
check_err $? "-j policy show: status $RC: $(cat "$OUT" "$ERR")"
log_test "policy show: up to malformed, no RA or DHCPv6 type"

# the port settings of ND inspection and RA guard, as port show prints them
run "$SW" port set dev swp1 trusted off nd-inspect on ra-guard off max-addrs 5
[ "$RC" -eq 0 ]
check_err $? "port set ... nd-inspect on ra-guard off max-addrs 5: status $RC: $(cat "$ERR")"
run "$SW" port show dev swp1
grep -qE "^swp1 trusted off .*nd-inspect on ra-guard off max-addrs 5 macs [0-9]+ addrs [0-9]+$" "$OUT"
check_err $? "port show: $(cat "$OUT" "$ERR")"
run "$SW" -j port show dev swp1
jq -e '.[0] | .dev == "swp1" and .trusted == false and .nd_inspect == true and
	.ra_guard == false and .max_addrs == 5 and (.addrs | type) == "number"' "$OUT" >/dev/null
check_err $? "-j port show: $(cat "$OUT" "$ERR")"
run "$SW" port set dev swp1 ra-guard on max-addrs none
[ "$RC" -eq 0 ] && run "$SW" -j port show dev swp1 &&
	jq -e '.[0] | .ra_guard == true and .max_addrs == 0 and .nd_inspect == true' "$OUT" >/dev/null
check_err $? "port set ra-guard on max-addrs none: $(cat "$OUT" "$ERR")"
log_test "port set nd-inspect, ra-guard, max-addrs; port show: nd_inspect, ra_guard, max_addrs, addrs"

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
