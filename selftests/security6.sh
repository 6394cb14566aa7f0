#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPv6 first-hop security on one hypervisor bridge, with the real components a guest meets:
# dnsmasq as the router's RA sender and DHCPv6 server, the guest kernel's own SLAAC with DAD,
# ISC dhclient -6 as its DHCPv6 client. The guest's addresses are bound without configuration
# (SLAAC and link-local: claimed first, origin savi; DHCPv6: snooped, origin dhcp), ip-guard
# passes its traffic from each; an attacker's NA, NS and DAD spoofing, rogue RA (plain and in a
# priority tag), redirect and rogue DHCPv6 server are dropped and change nothing at the router
# or the guest; a sanctioned move to a guarded port of another hypervisor carries the addresses
# with their origins and lifetimes and loses at most one ping, the same move back unsanctioned is
# dropped.
#
#   ns rtr: eth0 02:00:00:00:00:01, 2001:db8:1::1/64, fe80::1
#   dnsmasq: RA (prefix 2001:db8:1::/64, A and M), DHCPv6 2001:db8:1::100-1ff
#    |
#   up0 (trusted)
#   +------------ br0 (ns hv) -------------+        +------ br0 (ns hv2) ------+
#   tap1                 tap3           tr1 (trusted) ---- tr2 (trusted)      tap2
#    |                    |                                                    |
#   eth0                 a0 02:00:00:00:00:66                                 eth1 (down until
#   ns vm (52:54:00:00:00:10: SLAAC + dhclient -6)  ns att               the move; ns vm, same MAC)
#
# tap1, tap3 (hv) and tap2 (hv2): untrusted, lock, ip-guard, nd-inspect (ra-guard is on by
# default).
# Each attack prints, as a "# " line, the frames sent, dropped (by reason) and passed.
#
# The MAC and address constants below hold no space and no glob: they go unquoted.
# shellcheck disable=SC2086

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules

VRPING=${VRPING:-$VMROAM_TOP/selftests/tools/vrping}
if [ ! -x "$VRPING" ] || [ ! -x "$VRSEND" ] || [ ! -x "$VMROAM" ]; then
	tap_begin
	tap_skip "$(basename "$0")" "build vrping, vrsend (make -C selftests/tools) and the CLI first"
	tap_end
fi
if [ ! -d /proc/sys/net/ipv6 ]; then
	tap_begin
	tap_skip "$(basename "$0")" "the kernel has no IPv6 (ipv6.disable=1)"
	tap_end
fi
for t in dnsmasq dhclient jq busybox; do
	if ! command -v $t >/dev/null; then
		tap_begin
		tap_skip "$(basename "$0")" "$t not installed (make deps: dnsmasq-base isc-dhcp-client jq busybox-static)"
		tap_end
	fi
done

# shellcheck source=nsshell.sh
. "$(dirname "$0")/nsshell.sh"

VM_MAC=52:54:00:00:00:10
VM_LL=fe80::5054:ff:fe00:10		# EUI-64 of VM_MAC
VM_SLAAC=2001:db8:1:0:5054:ff:fe00:10	# ... in the router's prefix
RTR_MAC=02:00:00:00:00:01
RTR_LL=fe80::1
RTR_IP=2001:db8:1::1
ATT_MAC=02:00:00:00:00:66
ATT_LL=fe80::66
ATT_IP=2001:db8:1::66			# a free address the attacker claims for itself
ROGUE_PREFIX=2001:db8:bad::		# what the rogue RA advertises
ROGUE_ADDR=2001:db8:1::bad		# what the rogue DHCPv6 server hands out
DHCP_LO=2001:db8:1::100
DHCP_HI=2001:db8:1::1ff
VALID=600				# the DHCPv6 lease
RTR_IP4=192.0.2.1			# the router's DHCPv4 service, for the attacker's own lease
ATT_IP4_SEEN=192.0.2.77			# an address the attacker only announces
UDHCPC_SCRIPT=$VMROAM_TOP/selftests/udhcpc.script

PING_MS=10
AWAY_MS=100
AFTER_MS=2000
MAX_LOST=1

TMPD=$SHDIR
VM_DHCP=		# the guest's DHCPv6 address
VM_IP=			# what the router pings in the move
PIDS=()

# shellcheck source=portsec.sh
. "$(dirname "$0")/portsec.sh"

REMOTE=		# set in setup: the router pings the VM

# ---- topology ---------------------------------------------------------------------------------

ipv6_on()	# NS: IPv6 on in the namespace, for the devices made from now on
{
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0 >/dev/null
}

setup()
{
	local ns p

	ns_create HV && ns_create HV2 && ns_create RTR && ns_create VMNS && ns_create ATT || return 1
	REMOTE=$RTR
	ipv6_on "$RTR" && ipv6_on "$VMNS" && ipv6_on "$ATT" || return 1
	for ns in "$HV" "$HV2" "$RTR" "$VMNS" "$ATT"; do
		sh_start "$ns" || return 1
	done
	ip -n "$HV" -b - <<-EOF || return 1
		link add br0 type bridge
		link set br0 up
		link add up0 type veth peer name eth0 address $RTR_MAC netns $RTR
		link add tap1 type veth peer name eth0 address $VM_MAC netns $VMNS
		link add tap3 type veth peer name a0 address $ATT_MAC netns $ATT
		link add tr1 type veth peer name tr2 netns $HV2
	EOF
	for p in up0 tap1 tap3 tr1; do
		echo "link set $p master br0 up"
	done | ip -n "$HV" -b - || return 1
	ip -n "$HV2" -b - <<-EOF || return 1
		link add br0 type bridge
		link set br0 up
		link add tap2 type veth peer name eth1 address $VM_MAC netns $VMNS
		link set tr2 master br0 up
		link set tap2 master br0 up
	EOF
	# the router: its own link-local fe80::1, no autoconfiguration of its own
	ip netns exec "$RTR" sysctl -qw net.ipv6.conf.eth0.accept_ra=0 \
		net.ipv6.conf.eth0.addr_gen_mode=1 >/dev/null || return 1
	ip -n "$RTR" -b - <<-EOF || return 1
		link set eth0 up
		addr add $RTR_LL/64 dev eth0 nodad
		addr add $RTR_IP/64 dev eth0 nodad
		addr add $RTR_IP4/24 dev eth0
	EOF
	ip netns exec "$ATT" sysctl -qw net.ipv6.conf.a0.accept_ra=0 \
		net.ipv6.conf.a0.addr_gen_mode=1 >/dev/null || return 1
	ip -n "$ATT" -b - <<-EOF || return 1
		link set a0 up
		addr add $ATT_LL/64 dev a0 nodad
	EOF
	# eth1 stands for the VM's interface after the move: it keeps its addresses (the batch
	# puts them back), so no autoconfiguration of its own
	ip netns exec "$VMNS" sysctl -qw net.ipv6.conf.eth1.accept_ra=0 \
		net.ipv6.conf.eth1.autoconf=0 net.ipv6.conf.eth1.addr_gen_mode=1 >/dev/null ||
		return 1
	local a b
	for a in eth0 eth1; do
		b=eth1
		[ $a = eth1 ] && b=eth0
		cat >"$TMPD/cut-$a.batch" <<-EOF
			link set $a down
		EOF
		cat >"$TMPD/attach-$b.batch" <<-EOF
			link set $b up
			addr replace $VM_LL/64 dev $b nodad
			addr replace $VM_SLAAC/64 dev $b nodad
			addr replace VMDHCP/128 dev $b nodad
			neigh replace $RTR_IP lladdr $RTR_MAC dev $b nud permanent
		EOF
	done
}

secure_ports()
{
	local p

	for p in tap1 tap3; do
		port_set $p trusted off lock on ip-guard on nd-inspect on || return 1
	done
	HV=$HV2 port_set tap2 trusted off lock on ip-guard on nd-inspect on
}

# dnsmasq_start: RA and DHCPv6 on the router's eth0
dnsmasq_start()
{
	cat >"$TMPD/dnsmasq.conf" <<-EOF
		port=0
		interface=eth0
		bind-interfaces
		no-resolv
		no-hosts
		enable-ra
		ra-param=eth0,5,600
		dhcp-range=$DHCP_LO,$DHCP_HI,slaac,64,$VALID
		dhcp-range=192.0.2.100,192.0.2.149,255.255.255.0,600
		dhcp-leasefile=$TMPD/dnsmasq.leases
		log-dhcp
		log-facility=$TMPD/dnsmasq.log
		pid-file=$TMPD/dnsmasq.pid
		user=root
	EOF
	onv "$RTR" "dnsmasq --conf-file=$TMPD/dnsmasq.conf" || { echo "dnsmasq: $ON_OUT"; return 1; }
	qpoll test -s "$TMPD/dnsmasq.pid" || { echo "dnsmasq: no pid file"; return 1; }
	PIDS+=("$(<"$TMPD/dnsmasq.pid")")
}

# slow_poll CMD...: qpoll, six times as patient: SLAAC and DHCPv6 wait for router
# advertisements and DAD
slow_poll()
{
	local POLL_TIMEOUT_MS=$((POLL_TIMEOUT_MS * 6))

	qpoll "$@"
}

# ---- what the guest has -----------------------------------------------------------------------

# vm_has_addr ADDR [DEV]: the guest holds ADDR, past DAD
vm_has_addr()
{
	onv "$VMNS" "ip -6 -j addr show dev ${2:-eth0}"
	jq -e --arg a "$1" '[.[].addr_info[] | select(.local == $a and (.tentative | not) and
		(.dadfailed | not))] | length == 1' <<<"$ON_OUT" >/dev/null 2>&1
}

vm_ll_ready()
{
	vm_has_addr $VM_LL
}

vm_dhcp_bound()
{
	VM_DHCP=$(awk '$1 == "BOUND6" && $2 != "" { a = $2 } END { print a }' \
		"$TMPD/dhclient.state" 2>/dev/null)
	[ -n "$VM_DHCP" ] && vm_has_addr "$VM_DHCP"
}

# addr6_of MAC ADDR: the binding's record of ADDR ({addr, origin, valid}), or empty
addr6_of()
{
	binding_json "$1" | jq -c --arg a "$2" '.ipv6_addrs // [] | map(select(.addr == $a)) | .[0] // empty'
}

# addr6_origin_is MAC ADDR ORIGIN [DEV]: bound to MAC (on DEV) with that origin
addr6_origin_is()
{
	[ "$(addr6_of "$1" "$2" | jq -r .origin)" = "$3" ] &&
		{ [ -z "${4:-}" ] || binding_dev_is "$1" "$4"; }
}

binding_active_on()	# MAC DEV
{
	binding_json "$1" | jq -e --arg d "$2" '.dev == $d and .state == "active"' >/dev/null 2>&1
}

rtr_neigh_mac()	# ADDR: the MAC of the router's neighbour entry for it, or "none"
{
	onv "$RTR" "ip -6 -j neigh show $1 dev eth0"
	jq -r '.[0].lladdr // "none"' <<<"$ON_OUT" 2>/dev/null || echo none
}

# dhclient_run [-r]: ISC dhclient -6 on the guest's eth0, once (-1); -r: release and stop
dhclient_run()
{
	onv "$VMNS" "dhclient -6 ${1:--1} -cf $TMPD/dhclient.conf -lf $TMPD/dhclient.leases \
		-pf $TMPD/dhclient.pid -sf $TMPD/dhclient.script eth0 2>$TMPD/dhclient.err" ||
		return 1
	[ "${1:-}" = -r ] && return 0
	qpoll test -s "$TMPD/dhclient.pid" && PIDS+=("$(<"$TMPD/dhclient.pid")")
}

binding_has_ip4()	# MAC IP
{
	binding_json "$1" | jq -e --arg a "$2" '.ipv4 // [] | index($a) != null' >/dev/null 2>&1
}

binding_origin_is()	# MAC ORIGIN
{
	[ "$(binding_json "$1" | jq -r .origin)" = "$2" ]
}

no_addr6()	# MAC ADDR: the binding does not hold ADDR
{
	[ -z "$(addr6_of "$1" "$2")" ]
}

rtr_neigh_is()	# ADDR MAC
{
	[ "$(rtr_neigh_mac "$1")" = "$2" ]
}

vm_has_rogue_route()
{
	on "$VMNS" "ip -6 route show default" | grep -q "via $ATT_LL"
}

rtr_ping()	# ADDR: the router reaches it
{
	on "$RTR" "ping -6 -n -q -c 1 -W 1 $1" >/dev/null
}

vm_ping_from()	# SRC: the guest reaches the router from its address SRC
{
	on "$VMNS" "ping -6 -n -q -c 1 -W 1 -I $1 $RTR_IP" >/dev/null
}

vm_routes()	# the guest's default routes (without their ageing lifetimes), rogue prefix addresses
{
	onv "$VMNS" "ip -6 route show default; ip -6 addr show | grep -c '${ROGUE_PREFIX%::}' || true"
	# shellcheck disable=SC2001 # a regular expression: [0-9]* is no glob
	sed 's/ expires [0-9]*sec//' <<<"$ON_OUT"
}

# ---- 1: the guest binds itself ----------------------------------------------------------------

case_bind()
{
	local r v

	# SLAAC from dnsmasq's RA, with DAD: the kernel's own autoconfiguration
	slow_poll vm_has_addr $VM_SLAAC
	check_err $? "the guest has no SLAAC address: $(onv "$VMNS" "ip -6 addr"; echo "$ON_OUT")"
	qpoll addr6_origin_is $VM_MAC $VM_SLAAC savi tap1
	check_err $? "SLAAC address: $(binding_json $VM_MAC)"
	qpoll addr6_origin_is $VM_MAC $VM_LL savi tap1
	check_err $? "link-local: $(binding_json $VM_MAC)"
	log_test "1: the guest's SLAAC address $VM_SLAAC and link-local, claimed through DAD, are bound to it on tap1 (origin savi)"

	cat >"$TMPD/dhclient.script" <<-EOF
		#!/bin/sh
		echo "\$reason \$new_ip6_address" >>$TMPD/dhclient.state
		case \$reason in
		BOUND6|RENEW6|REBIND6|REBOOT6)
			[ -n "\$new_ip6_address" ] &&
				ip -6 addr replace "\$new_ip6_address/128" dev "\$interface" nodad
			;;
		RELEASE6|EXPIRE6|STOP6)
			[ -n "\$old_ip6_address" ] &&
				ip -6 addr del "\$old_ip6_address/128" dev "\$interface"
			;;
		esac
		exit 0
	EOF
	chmod +x "$TMPD/dhclient.script"
	: >"$TMPD/dhclient.conf"
	qpoll vm_ll_ready || check_err 1 "the guest's link-local is not ready"
	dhclient_run
	check_err $? "dhclient -6: $ON_OUT $(cat "$TMPD/dhclient.err")"
	slow_poll vm_dhcp_bound
	check_err $? "no DHCPv6 address: $(cat "$TMPD/dhclient.state" "$TMPD/dhclient.err"; tail -n 5 "$TMPD/dnsmasq.log")"
	qpoll addr6_origin_is $VM_MAC "$VM_DHCP" dhcp tap1
	check_err $? "DHCPv6 address $VM_DHCP: $(binding_json $VM_MAC)"
	v=$(addr6_of $VM_MAC "$VM_DHCP" | jq -r '.valid // 0')
	[ "$v" -gt 0 ] 2>/dev/null && [ "$v" -le $VALID ]
	check_err $? "valid $v (lease $VALID s): $(addr6_of $VM_MAC "$VM_DHCP")"
	log_test "1: the guest's DHCPv6 address $VM_DHCP (dnsmasq, dhclient -6) is bound to it (origin dhcp, valid $v of $VALID s)"

	r=0
	for a in $VM_SLAAC "$VM_DHCP"; do
		qpoll rtr_ping "$a" || { r=1; check_err 1 "the router does not reach $a"; }
		qpoll vm_ping_from "$a" || { r=1; check_err 1 "the guest does not reach the router from $a"; }
	done
	log_test "1: ip-guard on: the router's pings to both addresses are answered, the guest's from both reach it"
	port_json tap1 | jq -e '.addrs >= 2' >/dev/null
	check_err $? "port show tap1: $(port_json tap1)"
	log_test "1: port show counts the addresses claimed on tap1 ($(port_json tap1 | jq -r .addrs))"

	# a RELEASE from the guest's own port unbinds its DHCPv6 address; it takes one again
	local old=$VM_DHCP
	dhclient_run -r
	check_err $? "dhclient -6 -r: $ON_OUT $(cat "$TMPD/dhclient.err")"
	qpoll grep -q "DHCPRELEASE" "$TMPD/dnsmasq.log"
	check_err $? "dnsmasq saw no RELEASE: $(tail -n 3 "$TMPD/dnsmasq.log")"
	qpoll no_addr6 $VM_MAC "$old"
	check_err $? "after the release: $(binding_json $VM_MAC)"
	addr6_origin_is $VM_MAC $VM_SLAAC savi tap1
	check_err $? "the SLAAC address went too: $(binding_json $VM_MAC)"
	log_test "1: dhclient -6 -r: the RELEASE unbinds $old, the SLAAC address stays"
	: >"$TMPD/dhclient.state"
	dhclient_run
	check_err $? "dhclient -6 again: $ON_OUT $(cat "$TMPD/dhclient.err")"
	slow_poll vm_dhcp_bound && qpoll addr6_origin_is $VM_MAC "$VM_DHCP" dhcp tap1
	check_err $? "no DHCPv6 address again: $(binding_json $VM_MAC)"
	log_test "1: a new exchange binds the guest's DHCPv6 address again ($VM_DHCP)"
	VM_IP=$VM_SLAAC
	return $r
}

# ---- 2: the attacker --------------------------------------------------------------------------

att_send()	# TYPE KEY VALUE...: one frame from the attacker's a0
{
	onv "$ATT" "$VRSEND a0 $*"
}

# attack NAME REASON TYPE KEYS...: one frame from a0, dropped at tap3 with REASON
attack()
{
	local name=$1 reason=$2

	shift 2
	mark tap3
	att_send "$@"
	check_err $? "vrsend $*: $ON_OUT"
	qpoll delta_is tap3 ".drops.$reason" 1
	check_err $? "$name: drops at tap3 $(drops_since tap3), $reason expected"
	figures "2 $name" 1 tap3
}

case_attacker()
{
	local before after

	qpoll rtr_ping $VM_SLAAC && qpoll rtr_ping "$VM_DHCP" ||
		check_err 1 "the router does not reach the guest"
	# the router's entries of the guest's addresses are the guest's MAC before each attack
	attack na_unsolicited nd_addr_taken nd_na_unsolicited smac $ATT_MAC sha $ATT_MAC \
		sip6 $ATT_LL tip6 $VM_SLAAC flags 0x20
	[ "$(rtr_neigh_mac $VM_SLAAC)" = $VM_MAC ]
	check_err $? "the router's entry of $VM_SLAAC: $(rtr_neigh_mac $VM_SLAAC)"
	log_test "2: unsolicited NA (override) for the guest's SLAAC address: dropped (nd_addr_taken), the router's entry still $VM_MAC"
	# the control: without ND inspection the same NA takes the router's entry
	port_set tap3 nd-inspect off
	att_send nd_na_unsolicited smac $ATT_MAC sha $ATT_MAC sip6 $ATT_LL tip6 $VM_SLAAC flags 0x20
	qpoll rtr_neigh_is $VM_SLAAC $ATT_MAC
	check_err $? "without nd-inspect the router's entry of $VM_SLAAC is $(rtr_neigh_mac $VM_SLAAC)"
	port_set tap3 nd-inspect on
	on "$RTR" "ip -6 neigh del $VM_SLAAC dev eth0" >/dev/null
	qpoll rtr_ping $VM_SLAAC && qpoll rtr_neigh_is $VM_SLAAC $VM_MAC
	check_err $? "the router's entry of $VM_SLAAC after the repair: $(rtr_neigh_mac $VM_SLAAC)"
	log_test "2: control: with nd-inspect off the same NA does take the router's entry (then repaired)"

	attack na_solicited nd_addr_taken nd_na_solicited smac $ATT_MAC sha $ATT_MAC dmac $RTR_MAC \
		sip6 $ATT_LL dip6 $RTR_LL tip6 "$VM_DHCP" flags 0x60
	[ "$(rtr_neigh_mac "$VM_DHCP")" = $VM_MAC ]
	check_err $? "the router's entry of $VM_DHCP: $(rtr_neigh_mac "$VM_DHCP")"
	log_test "2: solicited NA to the router for the guest's DHCPv6 address: dropped (nd_addr_taken), the router's entry still $VM_MAC"

	attack ns_victim_lla nd_src_mac nd_ns smac $ATT_MAC sha $VM_MAC sip6 $ATT_LL tip6 $RTR_IP
	log_test "2: NS naming the guest's MAC in its link-layer option: dropped (nd_src_mac)"

	attack ns_victim_source nd_addr_taken nd_ns smac $ATT_MAC sha $ATT_MAC sip6 $VM_SLAAC \
		tip6 $RTR_IP
	log_test "2: NS from the guest's address: dropped (nd_addr_taken)"

	attack dad_victim nd_addr_taken nd_ns_dad smac $ATT_MAC tip6 $VM_SLAAC
	vm_has_addr $VM_SLAAC
	check_err $? "the guest lost $VM_SLAAC"
	log_test "2: DAD NS for the guest's address: dropped (nd_addr_taken), the guest keeps it"

	before=$(vm_routes)
	attack rogue_ra ra_guard nd_ra smac $ATT_MAC sha $ATT_MAC sip6 $ATT_LL \
		prefix $ROGUE_PREFIX/64 rlifetime 1800
	after=$(vm_routes)
	[ "$before" = "$after" ]
	check_err $? "the guest's routes/rogue addresses before: $before; after: $after"
	log_test "2: rogue RA (prefix ${ROGUE_PREFIX}/64, default router): dropped (ra_guard), the guest's default route and addresses untouched"

	attack rogue_ra_prio_tag ra_guard nd_ra smac $ATT_MAC sha $ATT_MAC sip6 $ATT_LL \
		prefix $ROGUE_PREFIX/64 rlifetime 1800 vlan 0 prio 5
	after=$(vm_routes)
	[ "$before" = "$after" ]
	check_err $? "after: $after"
	log_test "2: the rogue RA inside an 802.1Q priority tag: dropped (ra_guard)"
	# the control, and what a router's port is for: with ra-guard off the RA reaches the guest
	port_set tap3 ra-guard off
	att_send nd_ra smac $ATT_MAC sha $ATT_MAC sip6 $ATT_LL prefix $ROGUE_PREFIX/64 rlifetime 1800
	qpoll vm_has_rogue_route
	check_err $? "with ra-guard off the guest still has $(vm_routes)"
	port_set tap3 ra-guard on
	on "$VMNS" "ip -6 route del default via $ATT_LL dev eth0;
		ip -6 addr flush dev eth0 to ${ROGUE_PREFIX}/64" >/dev/null
	log_test "2: control: with ra-guard off (a router's port) the same RA passes and installs its default route"

	attack redirect redirect nd_redirect smac $ATT_MAC sip6 $ATT_LL dmac $VM_MAC dip6 $VM_LL \
		tip6 $ATT_LL rdst6 $RTR_IP
	log_test "2: ICMPv6 redirect from the attacker: dropped (redirect)"

	attack hidden_ra unparsed ra_frag_pushed smac $ATT_MAC sip6 $ATT_LL
	log_test "2: an RA whose first fragment leaves its ICMPv6 header to a later one (RFC 7113): dropped (unparsed)"

	attack dhcp6_spoofed_source ip_guard dhcp6_client msg SOLICIT smac $ATT_MAC \
		sip6 $VM_SLAAC
	log_test "2: a DHCPv6 SOLICIT from the guest's address: not exempt from ip-guard, dropped (ip_guard)"

	attack rogue_advertise dhcp6_server dhcp6_server msg ADVERTISE smac $ATT_MAC sip6 $ATT_LL \
		client $VM_MAC ia6 $ROGUE_ADDR valid 3600
	log_test "2: rogue DHCPv6 ADVERTISE: dropped (dhcp6_server)"
	attack rogue_reply dhcp6_server dhcp6_server msg REPLY smac $ATT_MAC sip6 $ATT_LL \
		client $VM_MAC ia6 $ROGUE_ADDR valid 3600
	[ -z "$(addr6_of $VM_MAC $ROGUE_ADDR)" ] && ! vm_has_addr $ROGUE_ADDR
	check_err $? "the guest's binding: $(binding_json $VM_MAC)"
	log_test "2: rogue DHCPv6 REPLY handing the guest $ROGUE_ADDR: dropped (dhcp6_server), bound nowhere"

	# what ND inspection lets through: the attacker's claim of a free address of its own
	mark tap3
	att_send nd_na_unsolicited smac $ATT_MAC sha $ATT_MAC sip6 $ATT_IP tip6 $ATT_IP flags 0x20
	check_err $? "vrsend: $ON_OUT"
	qpoll addr6_origin_is $ATT_MAC $ATT_IP savi tap3
	check_err $? "the attacker's binding: $(binding_json $ATT_MAC)"
	[ "$(delta tap3 '.drops | [.[]] | add')" = 0 ]
	check_err $? "tap3 dropped $(drops_since tap3)"
	log_test "2: the attacker's NA claiming a free address of its own passes and binds it (savi)"
	figures "2 own claim" 1 tap3

	# max-addrs: the port holds what it claimed; one more, then no more
	local n
	n=$(port_json tap3 | jq -r .addrs)
	port_set tap3 max-addrs $((n + 1))
	mark tap3
	att_send nd_na_unsolicited smac $ATT_MAC sha $ATT_MAC sip6 ${ATT_IP}1 tip6 ${ATT_IP}1 flags 0x20
	qpoll addr6_origin_is $ATT_MAC ${ATT_IP}1 savi tap3
	check_err $? "the claim within max-addrs: $(binding_json $ATT_MAC)"
	att_send nd_na_unsolicited smac $ATT_MAC sha $ATT_MAC sip6 ${ATT_IP}2 tip6 ${ATT_IP}2 flags 0x20
	qpoll delta_is tap3 .drops.nd_unbound 1
	check_err $? "the claim beyond max-addrs: drops $(drops_since tap3)"
	no_addr6 $ATT_MAC ${ATT_IP}2
	check_err $? "bound beyond max-addrs: $(binding_json $ATT_MAC)"
	log_test "2: max-addrs $((n + 1)) on tap3: the claim that fills it binds, the next is dropped (nd_unbound)"
	figures "2 beyond max-addrs" 2 tap3
	port_set tap3 max-addrs 32

	# an address vouches by its own origin: one the attacker only announced (ARP, learnt with
	# ARP inspection off) does not become vouched when its binding gets a DHCP lease
	local lease ip4
	port_set tap3 arp-inspect off
	att_send arp_garp_request smac $ATT_MAC sha $ATT_MAC sip $ATT_IP4_SEEN
	qpoll binding_has_ip4 $ATT_MAC $ATT_IP4_SEEN
	check_err $? "the announced address was not learnt: $(binding_json $ATT_MAC)"
	: >"$TMPD/udhcpc.state"
	onv "$ATT" "UDHCPC_STATE=$TMPD/udhcpc.state timeout 60 busybox udhcpc -i a0 \
		-s $UDHCPC_SCRIPT -n -q -t 8 -T 2 -A 2"
	check_err $? "the attacker's udhcpc: $ON_OUT"
	read -r _ ip4 _ <<<"$(grep '^bound ' "$TMPD/udhcpc.state" | tail -n 1)"
	qpoll binding_origin_is $ATT_MAC dhcp
	check_err $? "the attacker's lease ($ip4) is not bound: $(binding_json $ATT_MAC)"
	mark tap3
	att_send ipv4_udp smac $ATT_MAC ipsrc "$ip4" ipdst $RTR_IP4 dmac $RTR_MAC
	att_send ipv4_udp smac $ATT_MAC ipsrc $ATT_IP4_SEEN ipdst $RTR_IP4 dmac $RTR_MAC
	qpoll delta_is tap3 .drops.ip_guard 1
	check_err $? "from the announced address: drops $(drops_since tap3), ip_guard 1 expected"
	lease=$(delta tap3 '.drops | [.[]] | add')
	[ "$lease" = 1 ]
	check_err $? "from the leased address too? drops $(drops_since tap3)"
	log_test "2: the attacker's binding is leased (dhcp, $ip4): UDP from the lease passes, from the address it only announced ($ATT_IP4_SEEN) is dropped (ip_guard)"
	figures "2 announced, then leased" 2 tap3
	port_set tap3 arp-inspect on
}

# ---- 3: migration -----------------------------------------------------------------------------

case_migration()
{
	local b sanction v d

	b=$(binding_json $VM_MAC)
	v=$(addr6_of $VM_MAC "$VM_DHCP" | jq -r '.valid // 0')
	sanction="migrate add dev tap2 mac $VM_MAC ip $VM_LL origin savi ip $VM_SLAAC origin savi ip $VM_DHCP origin dhcp valid $v activate now"
	sed -i "s/VMDHCP/$VM_DHCP/" "$TMPD/attach-eth0.batch" "$TMPD/attach-eth1.batch"

	# to hv2: the sanction, the marks and the bindings there; the VM leaving tap1 departs
	# its binding on hv (an untrusted port went down)
	local HV_SRC=$HV HV=$HV2
	mark tap2
	tx_mark eth1
	move eth0 eth1 "$sanction"
	check_err $? "$M_ERR"
	[ "$M_LOST" != - ] && [ "$M_LOST" -le $MAX_LOST ]
	check_err $? "lost $M_LOST of $M_SENT after the attach (first reply $M_FIRST ms); $(drops_since tap2)"
	log_test "3: sanctioned move to tap2 of hv2: at most $MAX_LOST IPv6 ping lost after the attach (lost $M_LOST of $M_SENT, first reply $M_FIRST ms)"
	figures "3 sanctioned move" "$(tx_since eth1)" tap2 "lost $M_LOST of $M_SENT after the attach, first reply $M_FIRST ms, answered before the cut $M_PRE"
	addr6_origin_is $VM_MAC $VM_SLAAC savi tap2 && addr6_origin_is $VM_MAC "$VM_DHCP" dhcp tap2 &&
		addr6_origin_is $VM_MAC $VM_LL savi tap2
	check_err $? "binding: $(binding_json $VM_MAC)"
	d=$(addr6_of $VM_MAC "$VM_DHCP" | jq -r '.valid // 0')
	[ "$d" -gt 0 ] 2>/dev/null && [ "$d" -le "$v" ]
	check_err $? "the DHCPv6 address's lifetime: $d (was $v)"
	qpoll vm_ping_from "$VM_DHCP"
	check_err $? "the guest does not reach the router from $VM_DHCP after the move"
	log_test "3: on hv2 the binding keeps both addresses with their origins (savi, dhcp, valid $d <= $v s); the DHCPv6 address is answered too"
	b=$(binding_json $VM_MAC)
	jq -e '.origin == "migrated" and .dev == "tap2"' <<<"$b" >/dev/null
	check_err $? "binding: $b"
	log_test "3: the binding on hv2 is migrated, on tap2"
	HV=$HV_SRC

	# hv learnt where the VM went: its binding is on the uplink now, active
	qpoll binding_active_on $VM_MAC tr1
	check_err $? "hv's binding after the move: $(binding_json $VM_MAC)"
	log_test "3: hv follows the VM to its uplink tr1 (binding active there)"
	move_refused eth1 eth0 tap1
	d=$M_DROPS
	binding_dev_is $VM_MAC tr1
	check_err $? "binding: $(binding_json $VM_MAC)"
	log_test "3: the same move back to tap1 without a sanction: dropped (mac_move +$d), every ping lost ($M_LOST of $M_SENT), hv's binding stays on tr1"
	figures "3 unsanctioned move" "$(tx_since eth0)" tap1 "lost $M_LOST of $M_SENT after the attach"
}

# ---- main -------------------------------------------------------------------------------------

tap_begin
t_all=${EPOCHREALTIME/./}
if ! vmroam_unload || ! vmroam_load; then
	tap_not_ok "reload vmroam.ko"
	tap_end
fi
if ! setup >"$TMPD/setup.log" 2>&1 || ! secure_ports >>"$TMPD/setup.log" 2>&1; then
	tap_not_ok "topology" "$(tail -n 5 "$TMPD/setup.log")"
	tap_end
fi
if ! dnsmasq_start >"$TMPD/setup.log" 2>&1; then
	tap_not_ok "dnsmasq" "$(cat "$TMPD/setup.log")"
	tap_end
fi
# the guest comes up once its port is guarded: its DAD is its first claim
ip -n "$VMNS" link set eth0 up

for c in bind attacker migration; do
	t0=${EPOCHREALTIME/./}
	if ! case_$c && [ $c = bind ]; then
		tap_diag "the guest could not bind itself: the other cases need it"
		break
	fi
	tap_diag "case $c: $(((${EPOCHREALTIME/./} - t0 + 500000) / 1000000)) s"
done
onv "$HV" "$VMROAM -j stats"
tap_diag "namespace drops: $(jq -c .drops <<<"$ON_OUT" 2>/dev/null)"
tap_diag "total: $(((${EPOCHREALTIME/./} - t_all + 500000) / 1000000)) s"
tap_end
