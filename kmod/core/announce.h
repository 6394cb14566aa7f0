/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The frames vmroam sends on a migrated VM's behalf, built byte by byte. Pure core: no kernel and
 * no libc headers, so the unit tests can check that what the module sends is what the classifier
 * (and every receiver) takes it for.
 *
 * Each builder writes one Ethernet frame (no VLAN tag: the sender adds it per port) into @buf,
 * which holds at least VR_ANNOUNCE_MAX bytes, and returns its length. Short frames are padded with
 * zeros to the Ethernet minimum (60 bytes without FCS). IPv4 addresses are in network byte order,
 * as in struct vr_pkt.
 */
#ifndef VR_CORE_ANNOUNCE_H
#define VR_CORE_ANNOUNCE_H

#define VR_ANNOUNCE_MAX	86	/* the largest: an unsolicited NA with its link-layer option */

/* gratuitous ARP request: who-has IP tell IP, from MAC, target MAC zero, to broadcast */
unsigned int vr_build_garp_request(unsigned char *buf, const unsigned char *mac, unsigned int ip);

/* gratuitous ARP reply: IP is-at MAC, target MAC = sender MAC, to broadcast */
unsigned int vr_build_garp_reply(unsigned char *buf, const unsigned char *mac, unsigned int ip);

/* ARP request from the VM (MAC, IP) for @target_ip, to broadcast: a gateway learns from it */
unsigned int vr_build_arp_request(unsigned char *buf, const unsigned char *mac, unsigned int ip,
				  unsigned int target_ip);

/* RARP request (opcode 3) for MAC, as QEMU announces a VM: no address at all */
unsigned int vr_build_rarp(unsigned char *buf, const unsigned char *mac);

/*
 * Unsolicited neighbour advertisement of @ip6 from MAC, override flag set (and the router flag
 * when @router: a receiver that gets R clear from a router drops it from its default routers),
 * to all-nodes (ff02::1), hop limit 255, with the target link-layer address option and its
 * ICMPv6 checksum
 */
unsigned int vr_build_unsolicited_na(unsigned char *buf, const unsigned char *mac,
				     const unsigned char *ip6, int router);

#endif /* VR_CORE_ANNOUNCE_H */
