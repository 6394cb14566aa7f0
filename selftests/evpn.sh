#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vmroam on a VTEP of a BGP EVPN fabric, without FRR: the entries zebra would install for MACs
# behind other VTEPs are written by hand as zebra writes them (an extern_learn FDB entry on the
# VXLAN port, a noarp extern_learn neighbour entry on the SVI), then what a sanctioned migration
# does to them, and what nothing else may do. selftests/fabric.sh runs the real FRR.
#
#   ns hv (a VTEP)                                         ns vm          ns other
#   +--------------------------------------------------+  +---------+    +---------+
#   | br0 192.0.2.1/24 (the SVI)                        |  |         |    |         |
#   |   tap2 ----------------------------------------------+- e2     |    |         |
#   |   tap1 ---------------------------------------------------------------+- e1   |
#   |   tap3 (its peer e3 down in ns vm)                |  |  e3     |    |         |
#   |   vxlan100 (VNI 100, learning off, neigh_suppress) |  +---------+    +---------+
#   | ul0 10.0.0.1/24 (the underlay, a dummy)           |
#   +--------------------------------------------------+

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

VM=52:54:00:00:10:10		# behind another VTEP, then migrated here
VM2=52:54:00:00:10:11		# no neighbour entry anywhere yet
VM3=52:54:00:00:10:12		# its port down at activation
EVIL=52:54:00:00:10:13		# a guest claiming a remote MAC as its own
STICKY=52:54:00:00:10:14	# a remote MAC the fabric pinned
GONE=52:54:00:00:10:15		# a remote MAC "migrate out" names
VM4=52:54:00:00:10:17		# a pending sanction, activated by the VM's gratuitous ARP

setup()
{
	ns_create VMNS && ns_create OTHER && ns_create HV || return 1
	ip -n "$HV" link add ul0 type dummy
	ip -n "$HV" addr add 10.0.0.1/24 dev ul0
	ip -n "$HV" link set ul0 up
	ip -n "$HV" link add br0 type bridge
	ip -n "$HV" link add vxlan100 type vxlan id 100 dstport 4789 local 10.0.0.1 nolearning
	ip -n "$HV" link add tap1 type veth peer name e1 netns "$OTHER"
	ip -n "$HV" link add tap2 type veth peer name e2 netns "$VMNS"
	ip -n "$HV" link add tap3 type veth peer name e3 netns "$VMNS"
	for d in vxlan100 tap1 tap2 tap3; do
		ip -n "$HV" link set "$d" master br0 up
	done
	bridge -n "$HV" link set dev vxlan100 learning off neigh_suppress on
	ip -n "$HV" addr add 192.0.2.1/24 dev br0
	ip -n "$HV" link set br0 up
	ip -n "$VMNS" link set e2 address $VM up
	ip -n "$VMNS" link set e3 address $VM3
	ip -n "$OTHER" link set e1 address $EVIL up
	link_wait "$HV" tap1 && link_wait "$HV" tap2 && link_wait "$HV" vxlan100
}

hv()
{
	ip netns exec "$HV" "$VMROAM" "$@"
}

# zebra_mac MAC [sticky]: a remote MAC as zebra installs it on the VXLAN port
zebra_mac()
{
	if [ "${2:-}" = sticky ]; then
		bridge -n "$HV" fdb replace "$1" dev vxlan100 master static sticky
	else
		bridge -n "$HV" fdb replace "$1" dev vxlan100 master extern_learn
	fi
}

# zebra_neigh IP MAC: a remote neighbour as zebra installs it on the SVI
zebra_neigh()
{
	ip -n "$HV" neigh replace "$1" lladdr "$2" dev br0 nud noarp extern_learn
}

# fdb_of MAC: "PORT STATE FLAGS" of its bridge entry (STATE "dynamic" for none). The bridge
# filters no VLAN: its entries are those without one (an entry added without a VLAN is also
# copied into each VLAN of the port, here the default PVID 1, as zebra's are)
fdb_of()
{
	bridge -n "$HV" -j fdb show br br0 | jq -r --arg m "$1" \
		'[.[] | select(.mac == $m and .master == "br0" and (.vlan // 0) == 0)][0] // {} |
		 "\(.ifname // "-") \(if (.state // "") == "" then "dynamic" else .state end) \((.flags // []) | join(","))"'
}

fdb_port_is()	# MAC PORT
{
	[ "$(fdb_of "$1" | cut -d' ' -f1)" = "$2" ]
}

# neigh_of IP: "LLADDR STATE EXT" (EXT: extern_learn or -), "none" without an entry
neigh_of()
{
	ip -n "$HV" -j neigh show "$1" dev br0 | jq -r \
		'.[0] // empty | "\(.lladdr // "-") \(.state | join(",")) \(if has("extern_learn") then "extern_learn" else "-" end)"'
}

neigh_is()	# IP "LLADDR STATE EXT"
{
	[ "$(neigh_of "$1")" = "$2" ]
}

counter()	# NAME: the namespace's counter
{
	stats_json "$HV" | jq -r ".$1"
}

counter_above()	# NAME VALUE
{
	[ "$(counter "$1")" -gt "$2" ]
}

binding_is()	# MAC PORT
{
	[ "$(hv -j binding show mac "$1" | jq -r '.[0].dev')" = "$2" ]
}

migration_done()	# MAC
{
	[ "$(hv -j migrate show | jq -r --arg m "$1" '.[] | select(.mac == $m) | .state')" = "done" ]
}

tap_begin 10

setup
check_err $? "setup failed"
log_test "setup: a VTEP's bridge with a VXLAN port and an SVI"

# 1, 2: the VM was behind another VTEP: zebra's entries. The sanction takes both over.
zebra_mac $VM
zebra_neigh 192.0.2.10 $VM
before="$(fdb_of $VM) / $(neigh_of 192.0.2.10)"
hv migrate add dev tap2 mac $VM ip 192.0.2.10 activate now
check_err $? "migrate add failed"
poll fdb_port_is $VM tap2
check_err $? "the FDB entry did not come to tap2: $(fdb_of $VM) (before: $before)"
read -r _ state flags <<<"$(fdb_of $VM)"
[ "$state" = dynamic ] && [[ ,$flags, != *,extern_learn,* && ,$flags, != *,sticky,* ]]
check_err $? "the entry on tap2 is not a dynamic one of the bridge's: $(fdb_of $VM)"
log_test "a sanction takes zebra's remote MAC over: a dynamic entry on tap2, no extern_learn, not static (was: ${before% / *})"

poll neigh_is 192.0.2.10 "$VM REACHABLE -"
check_err $? "the neighbour entry: $(neigh_of 192.0.2.10) (before: ${before#* / })"
log_test "a sanction takes zebra's neighbour entry over: REACHABLE with the VM's MAC, no extern_learn (was: ${before#* / })"

# 2b: a pending sanction, activated by the VM's own gratuitous ARP (arp_accept is 0 here: Linux
# alone would not touch zebra's noarp entry)
zebra_mac $VM4
zebra_neigh 192.0.2.14 $VM4
hv migrate add dev tap2 mac $VM4 ip 192.0.2.14
check_err $? "migrate add failed"
accept=$(ip netns exec "$HV" sysctl -n net.ipv4.conf.br0.arp_accept)
ip netns exec "$VMNS" "$VRSEND" e2 arp_garp_request smac $VM4 sha $VM4 sip 192.0.2.14
poll neigh_is 192.0.2.14 "$VM4 REACHABLE -"
check_err $? "the neighbour entry after the VM's gratuitous ARP: $(neigh_of 192.0.2.14)"
poll fdb_port_is $VM4 tap2
check_err $? "the FDB entry: $(bridge -n "$HV" -s fdb show br br0 | grep -i $VM4); tap2: $(stats_json "$HV" dev tap2 | jq -c '{arp_garp_request, drops}'); $(hv -j migrate show | jq -c --arg m $VM4 '.[] | select(.mac == $m)')"
log_test "the VM's gratuitous ARP activates its sanction: zebra's neighbour entry is taken over (arp_accept $accept)"

# 3: none anywhere: created on the SVI for the address in its subnet, not for another
hv migrate add dev tap1 mac $VM2 ip 192.0.2.11 ip 198.51.100.11 activate now
check_err $? "migrate add failed"
poll neigh_is 192.0.2.11 "$VM2 REACHABLE -"
check_err $? "no entry of 192.0.2.11 on the SVI: $(neigh_of 192.0.2.11)"
[ -z "$(neigh_of 198.51.100.11)" ]
check_err $? "an entry of 198.51.100.11, not in the SVI's subnet: $(neigh_of 198.51.100.11)"
log_test "a sanction creates the entry of its address in the SVI's subnet, and of no other address"

# 4: tap3 has no carrier: its entry cannot be made yet; once the VM's tap is up it is
zebra_mac $VM3
kept=$(counter fdb_kept)
hv migrate add dev tap3 mac $VM3 activate now
check_err $? "migrate add failed"
poll counter_above fdb_kept "$kept"
check_err $? "the FDB work never looked at $VM3's entry (fdb_kept $kept)"
fdb_port_is $VM3 vxlan100
check_err $? "with tap3 down: $(fdb_of $VM3)"
ip -n "$VMNS" link set e3 up
poll fdb_port_is $VM3 tap3
check_err $? "after tap3 came up: $(fdb_of $VM3)"
log_test "a sanction whose port is down takes the remote MAC once the port is up (kept meanwhile)"

# 5: announcements go out of tap2 and tap3 (tap1 is the VM's own), not out of vxlan100; with
# announce_fabric, out of vxlan100 too. vxlan100 gets a default remote so that it counts them.
bridge -n "$HV" fdb append 00:00:00:00:00:00 dev vxlan100 dst 10.0.0.2
vxlan_tx()
{
	ip -n "$HV" -j -s link show dev vxlan100 | jq -r '.[0].stats64.tx.packets'
}

migration_frames()	# MAC: the announcement frames its migration queued
{
	hv -j migrate show | jq -r --arg m "$1" '.[] | select(.mac == $m) | .frames'
}

sent_at_least()	# FROM N: announce_sent went up by N at least
{
	[ $(($(counter announce_sent) - $1)) -ge "$2" ]
}

vxlan_tx_is()	# FROM N
{
	[ $(($(vxlan_tx) - $1)) -eq "$2" ]
}

# announced MAC ANNOUNCE_FABRIC: "FRAMES VXLAN_TX", once every frame went out of tap2 and tap3
announced()
{
	local sent tx frames

	echo "$2" >/sys/module/vmroam/parameters/announce_fabric
	sent=$(counter announce_sent)
	tx=$(vxlan_tx)
	hv migrate add dev tap1 mac "$1" ip 192.0.2.30 activate now >/dev/null &&
		poll 5000 migration_done "$1" || { echo "0 no-migration"; return; }
	frames=$(migration_frames "$1")
	# each frame goes out of every port at once: when the taps have all, vxlan100 has its
	poll 10000 sent_at_least "$sent" $((frames * 2)) || { echo "$frames not-sent"; return; }
	[ "$2" = 0 ] || poll vxlan_tx_is "$tx" "$frames"
	echo "$frames $(($(vxlan_tx) - tx))"
}
read -r f0 x0 <<<"$(announced 52:54:00:00:10:20 0)"
read -r f1 x1 <<<"$(announced 52:54:00:00:10:21 1)"
echo 0 >/sys/module/vmroam/parameters/announce_fabric
[ "$f0" -gt 0 ] && [ "$x0" = 0 ]
check_err $? "announce_fabric=0: $f0 frames, $x0 out of vxlan100"
[ "$f1" -gt 0 ] && [ "$x1" = "$f1" ]
check_err $? "announce_fabric=1: $f1 frames, $x1 out of vxlan100"
log_test "announcements skip the VXLAN port ($f0 frames, $x0 out of it); with announce_fabric, $x1 of $f1 go out of it"

# 6: a MAC vmroam knew behind tap2 is now behind another VTEP (zebra's entries); a guest on tap1
# (which learns nothing by itself) claims it and its address: vmroam moves neither entry
bridge -n "$HV" link set dev tap1 learning off
ip netns exec "$VMNS" "$VRSEND" e2 arp_garp_request smac $EVIL sha $EVIL sip 192.0.2.13
poll binding_is $EVIL tap2
check_err $? "no binding of $EVIL on tap2: $(hv -j binding show mac $EVIL)"
zebra_mac $EVIL
zebra_neigh 192.0.2.13 $EVIL
kept=$(counter fdb_kept)
ip netns exec "$OTHER" "$VRSEND" e1 arp_garp_request smac $EVIL sha $EVIL sip 192.0.2.13
poll counter_above fdb_kept "$kept"
check_err $? "the FDB work never looked at the claimed entry (fdb_kept $kept)"
fdb_port_is $EVIL vxlan100 && [[ $(fdb_of $EVIL) == *extern_learn* ]]
check_err $? "the remote MAC moved: $(fdb_of $EVIL)"
neigh_is 192.0.2.13 "$EVIL NOARP extern_learn"
check_err $? "zebra's neighbour entry changed: $(neigh_of 192.0.2.13)"
log_test "attack: a gratuitous ARP for a remote MAC moves neither zebra's FDB entry nor its neighbour"

# 7: the fabric pinned a remote MAC: a sanction leaves it
zebra_mac $STICKY sticky
kept=$(counter fdb_kept)
hv migrate add dev tap1 mac $STICKY activate now
check_err $? "migrate add failed"
poll counter_above fdb_kept "$kept"
check_err $? "the FDB work never looked at the sticky entry (fdb_kept $kept)"
fdb_port_is $STICKY vxlan100
check_err $? "the sticky remote MAC moved: $(fdb_of $STICKY)"
log_test "a sanction leaves a remote MAC the fabric pinned (static, sticky) where it is"

# 8: "migrate out" of a VM whose entry zebra already moved to the fabric: the entry stays.
# Fence: a later sanction's entry shows that the FDB work has run past the flush.
hv migrate add dev tap1 mac $GONE activate now >/dev/null
poll fdb_port_is $GONE tap1
check_err $? "the sanction made no entry on tap1: $(fdb_of $GONE)"
zebra_mac $GONE
hv migrate out mac $GONE
check_err $? "migrate out failed"
hv migrate add dev tap2 mac 52:54:00:00:10:16 activate now >/dev/null
poll fdb_port_is 52:54:00:00:10:16 tap2
check_err $? "the fence's entry never came: the FDB work did not run"
fdb_port_is $GONE vxlan100
check_err $? "the remote entry went: $(fdb_of $GONE)"
log_test "migrate out deletes no entry that points at the VXLAN port"

tap_end
