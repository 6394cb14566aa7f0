// SPDX-License-Identifier: GPL-2.0
/* Announcement frames, built byte by byte (see announce.h). */
#include "announce.h"
#include "classify.h"

#define vr_memcpy	__builtin_memcpy
#define vr_memset	__builtin_memset

#define VR_ETH_HLEN	14
#define VR_ETH_ZLEN	60
#define VR_ARP_LEN	28
#define VR_IP6_HLEN	40
#define VR_NA_LEN	24	/* ICMPv6 header, flags, target */
#define VR_OPT_LLA_LEN	8

static const unsigned char vr_bcast[VR_ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void vr_put_be16(unsigned char *p, unsigned short v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static unsigned char *vr_eth(unsigned char *buf, const unsigned char *dst, const unsigned char *src,
			     unsigned short proto)
{
	vr_memcpy(buf, dst, VR_ETH_ALEN);
	vr_memcpy(buf + VR_ETH_ALEN, src, VR_ETH_ALEN);
	vr_put_be16(buf + 2 * VR_ETH_ALEN, proto);
	return buf + VR_ETH_HLEN;
}

/* an Ethernet/IPv4 ARP or RARP frame to broadcast, padded to the minimum */
static unsigned int vr_arp(unsigned char *buf, unsigned short proto, unsigned short op,
			   const unsigned char *sha, unsigned int sip, const unsigned char *tha,
			   unsigned int tip)
{
	unsigned char *a = vr_eth(buf, vr_bcast, sha, proto);

	vr_put_be16(a, 1);			/* hardware: Ethernet */
	vr_put_be16(a + 2, VR_ETH_P_IP);
	a[4] = VR_ETH_ALEN;
	a[5] = 4;
	vr_put_be16(a + 6, op);
	vr_memcpy(a + 8, sha, VR_ETH_ALEN);
	vr_memcpy(a + 14, &sip, 4);
	vr_memcpy(a + 18, tha, VR_ETH_ALEN);
	vr_memcpy(a + 24, &tip, 4);
	vr_memset(a + VR_ARP_LEN, 0, VR_ETH_ZLEN - VR_ETH_HLEN - VR_ARP_LEN);
	return VR_ETH_ZLEN;
}

unsigned int vr_build_garp_request(unsigned char *buf, const unsigned char *mac, unsigned int ip)
{
	static const unsigned char zero[VR_ETH_ALEN];

	return vr_arp(buf, VR_ETH_P_ARP, 1, mac, ip, zero, ip);
}

unsigned int vr_build_garp_reply(unsigned char *buf, const unsigned char *mac, unsigned int ip)
{
	return vr_arp(buf, VR_ETH_P_ARP, 2, mac, ip, mac, ip);
}

unsigned int vr_build_arp_request(unsigned char *buf, const unsigned char *mac, unsigned int ip,
				  unsigned int target_ip)
{
	static const unsigned char zero[VR_ETH_ALEN];

	return vr_arp(buf, VR_ETH_P_ARP, 1, mac, ip, zero, target_ip);
}

unsigned int vr_build_rarp(unsigned char *buf, const unsigned char *mac)
{
	return vr_arp(buf, VR_ETH_P_RARP, 3, mac, 0, mac, 0);
}

/* the one's complement sum of @len bytes, folded later */
static unsigned int vr_csum_add(unsigned int sum, const unsigned char *p, unsigned int len)
{
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (unsigned int)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (unsigned int)p[len - 1] << 8;
	return sum;
}

static unsigned short vr_csum_fold(unsigned int sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

unsigned int vr_build_unsolicited_na(unsigned char *buf, const unsigned char *mac,
				     const unsigned char *ip6, int router)
{
	static const unsigned char all_nodes_mac[VR_ETH_ALEN] = { 0x33, 0x33, 0, 0, 0, 1 };
	static const unsigned char all_nodes[VR_IP6_ALEN] = { 0xff, 0x02, [15] = 1 };
	unsigned short plen = VR_NA_LEN + VR_OPT_LLA_LEN, csum;
	unsigned char *ip = vr_eth(buf, all_nodes_mac, mac, VR_ETH_P_IPV6);
	unsigned char *icmp = ip + VR_IP6_HLEN;
	unsigned int sum;

	vr_memset(ip, 0, VR_IP6_HLEN + plen);
	ip[0] = 0x60;
	vr_put_be16(ip + 4, plen);
	ip[6] = 58;				/* ICMPv6 */
	ip[7] = 255;				/* hop limit: ND demands it */
	vr_memcpy(ip + 8, ip6, VR_IP6_ALEN);	/* from the address it announces */
	vr_memcpy(ip + 24, all_nodes, VR_IP6_ALEN);

	icmp[0] = 136;				/* neighbour advertisement */
	icmp[4] = router ? 0xa0 : 0x20;		/* override, router if it is one; unsolicited */
	vr_memcpy(icmp + 8, ip6, VR_IP6_ALEN);
	icmp[24] = 2;				/* target link-layer address */
	icmp[25] = 1;				/* in units of 8 bytes */
	vr_memcpy(icmp + 26, mac, VR_ETH_ALEN);

	/* pseudo-header: addresses, upper-layer length, next header */
	sum = vr_csum_add(0, ip + 8, 2 * VR_IP6_ALEN);
	sum += plen + 58;
	sum = vr_csum_add(sum, icmp, plen);
	csum = vr_csum_fold(sum);
	vr_put_be16(icmp + 2, csum);
	return VR_ETH_HLEN + VR_IP6_HLEN + plen;
}
