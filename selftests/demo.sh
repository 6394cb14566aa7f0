#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: runs in the test VM (or as root on a host where the module loads). A VM port and an
# uplink on a hypervisor bridge; the "VM" sends one frame of every announcement type, untagged and
# on VLAN 10, plus a few broken ones; vmroam's counters show how the bridge hook saw each.
#
#   ns vm                      ns hv (hypervisor)
#   +---------+               +-------------------------------------+
#   |  eth0 --+---------------+-- tap0 --+                          |
#   +---------+               |          br0  192.0.2.1/24          |
#                             |  uplink -+    (vlan_filtering)      |
#                             +-------------------------------------+

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
vmroam_load || exit 1

ns_create VM
ns_create HV
ip -n "$HV" link add br0 type bridge vlan_filtering 1
ip -n "$HV" link add tap0 type veth peer name eth0 netns "$VM"
ip -n "$HV" link add uplink type dummy
ip -n "$HV" link set tap0 master br0
ip -n "$HV" link set uplink master br0
bridge -n "$HV" vlan add dev tap0 vid 10
ip -n "$HV" addr add 192.0.2.1/24 dev br0
for d in br0 tap0 uplink; do
	ip -n "$HV" link set "$d" up
done
ip -n "$VM" link set eth0 up
link_wait "$HV" tap0 || exit 1
BR_MAC=$(ip -n "$HV" -j link show br0 | jq -r '.[0].address')

send()
{
	ip netns exec "$VM" "$VRSEND" eth0 "$@" >/dev/null || echo "demo: vrsend $* failed" >&2
}

echo "The VM (52:54:00:12:34:56, 192.0.2.10) sends one frame of each type, untagged and on VLAN 10:"
for vlan in 0 10; do
	v=()
	[ $vlan = 0 ] || v=(vlan "$vlan")
	send arp_garp_request "${v[@]}" sip 192.0.2.10
	send arp_garp_reply "${v[@]}" sip 192.0.2.10
	send arp_probe "${v[@]}" tip 192.0.2.10
	send arp_request_local "${v[@]}" sip 192.0.2.10 tip 192.0.2.1
	send arp_request_other "${v[@]}" sip 192.0.2.10 tip 192.0.2.20
	send arp_reply_local "${v[@]}" sip 192.0.2.10 tip 192.0.2.1 dmac "$BR_MAC"
	send arp_reply_other "${v[@]}" sip 192.0.2.10 tip 192.0.2.20 dmac 02:00:00:00:00:20
	send arp_reply_broadcast "${v[@]}" sip 192.0.2.10 tip 192.0.2.20
	send rarp_request "${v[@]}"
	send rarp_reply "${v[@]}"
	send nd_ns "${v[@]}"
	send nd_ns_dad "${v[@]}"
	send nd_na_solicited "${v[@]}"
	send nd_na_unsolicited "${v[@]}"
	send dhcp_client "${v[@]}"
	send dhcp_server "${v[@]}"
done
echo "... and three broken ones: an ARP cut short, an ND with hop limit 64, a DHCP without its cookie."
send arp_garp_request truncate 30
send nd_bad_hoplimit
send dhcp_bad_cookie
# 35 frames: wait until the hook has seen them all
all_counted() { [ "$(frames_json "$HV" dev tap0 | jq '[.[]] | add')" -ge 35 ]; }
poll all_counted || echo "demo: not every frame was counted yet" >&2
echo
echo "\$ vmroam stats dev tap0"
ip netns exec "$HV" "$VMROAM" stats dev tap0
echo
echo "\$ vmroam -j stats"
ip netns exec "$HV" "$VMROAM" -j stats
