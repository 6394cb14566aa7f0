// SPDX-License-Identifier: GPL-2.0
/*
 * Frame builders for the vmroam selftests (see frames.h).
 *
 * Padding (.pad_to, the total frame size) keeps the frame of its kind: ARP, RARP, LLDP and the
 * QinQ frames get an Ethernet trailer; DHCP gets zero bytes after the end option, inside UDP
 * (RFC 2131 allows pad after end); ND, RA, redirect and router solicitation get extra options of
 * an unassigned type (253, RFC 4727 experimental, ignored by receivers) and a trailer for the
 * remainder below 8 bytes; DHCPv6 gets options of an unassigned code (65000), at most 65535 bytes
 * each, and a trailer for the remainder below 4 bytes; the other IP frames get a longer payload.
 *
 * The DHCPv6 messages: msg-type, transaction-id 0x3a4b5c, then the client identifier (DUID-LL
 * of sha, 14 bytes), the server identifier (DUID-LL of the server's MAC, 14 bytes) in ADVERTISE,
 * REQUEST, RENEW, REPLY, RELEASE, DECLINE and RECONFIGURE, the elapsed time (6 bytes) in a
 * client's, the reconfigure message (5 bytes, RENEW) in RECONFIGURE, and last the IA_NA (IAID the
 * last 4 bytes of sha, T1 and T2 0, then the IAADDRs of 28 bytes). Relay messages: hop count 0,
 * link-address 2001:db8::1, peer-address the client's link-local address, and a relay message
 * option holding a SOLICIT (RELAY-FORW) or an ADVERTISE (RELAY-REPL) with the client identifier.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "frames.h"

#define ETH_P_IP	0x0800
#define ETH_P_ARP	0x0806
#define ETH_P_RARP	0x8035
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88a8
#define ETH_P_IPV6	0x86dd
#define ETH_P_LLDP	0x88cc

#define IPPROTO_TCP_	6
#define IPPROTO_UDP_	17
#define IPPROTO_ICMPV6_	58

const uint8_t frame_mac_vm[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
const uint8_t frame_mac_local[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
const uint8_t frame_mac_other[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
const uint8_t frame_mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
const uint8_t frame_ip_vm[4] = { 10, 0, 0, 2 };
const uint8_t frame_ip_local[4] = { 10, 0, 0, 1 };
const uint8_t frame_ip_other[4] = { 10, 0, 0, 3 };
const uint8_t frame_ip6_vm[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
				   0x50, 0x54, 0x00, 0xff, 0xfe, 0x12, 0x34, 0x56 };
const uint8_t frame_ip6_local[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
const uint8_t frame_ip6_lease[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 };

static const uint8_t ip6_all_nodes[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t ip4_bcast[4] = { 255, 255, 255, 255 };
static const uint8_t zero16[16];
static const uint8_t ip6_all_routers[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
/* All_DHCP_Relay_Agents_and_Servers */
static const uint8_t ip6_all_dhcp[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2 };
/* the link-local address of frame_mac_other: a redirect's target */
static const uint8_t ip6_other[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
				       0x50, 0x54, 0x00, 0xff, 0xfe, 0xab, 0xcd, 0xef };
static const uint8_t ip6_redirect_dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0,
					      0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t ip6_ra_prefix[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
static const uint8_t ip6_relay_link[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
					    0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t mac_lldp[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x0e };

#define N	FRAME_EXPECT_NONE
#define U	FRAME_EXPECT_UNPARSED
#define M	VMROAM_FT_MALFORMED

const struct frame_kind_info frame_kinds[] = {
	{ "arp_garp_request", VMROAM_FT_ARP_GARP_REQUEST, VMROAM_FT_ARP_GARP_REQUEST,
	  "ARP request, tip = sip, to broadcast" },
	{ "arp_garp_reply", VMROAM_FT_ARP_GARP_REPLY, VMROAM_FT_ARP_GARP_REPLY,
	  "ARP reply, tip = sip, to broadcast" },
	{ "arp_probe", VMROAM_FT_ARP_PROBE, VMROAM_FT_ARP_PROBE,
	  "ARP request from 0.0.0.0 for tip (default 10.0.0.2)" },
	{ "arp_request_local", VMROAM_FT_ARP_REQUEST_LOCAL, VMROAM_FT_ARP_REQUEST_LOCAL,
	  "ARP request for tip (default 10.0.0.1: set it to an address of the bridge)" },
	{ "arp_request_other", VMROAM_FT_ARP_REQUEST_OTHER, VMROAM_FT_ARP_REQUEST_OTHER,
	  "ARP request for tip (default 10.0.0.3)" },
	{ "arp_reply_local", VMROAM_FT_ARP_REPLY_LOCAL, VMROAM_FT_ARP_REPLY_LOCAL,
	  "ARP reply unicast to dmac (default 02:00:00:00:00:01: set it to the bridge's)" },
	{ "arp_reply_other", VMROAM_FT_ARP_REPLY_OTHER, VMROAM_FT_ARP_REPLY_OTHER,
	  "ARP reply unicast to dmac (default 52:54:00:ab:cd:ef)" },
	{ "arp_reply_broadcast", VMROAM_FT_ARP_REPLY_BROADCAST, VMROAM_FT_ARP_REPLY_BROADCAST,
	  "non-gratuitous ARP reply to ff:ff:ff:ff:ff:ff" },
	{ "rarp_request", VMROAM_FT_RARP_REQUEST, VMROAM_FT_RARP_REQUEST,
	  "RARP opcode 3, sha = tha, as QEMU announces" },
	{ "rarp_reply", VMROAM_FT_RARP_REPLY, VMROAM_FT_RARP_REPLY, "RARP opcode 4" },
	{ "nd_ns", VMROAM_FT_ND_NS, VMROAM_FT_ND_NS,
	  "NS to the solicited-node address of tip6, with a source LLA option" },
	{ "nd_ns_dad", VMROAM_FT_ND_NS_DAD, VMROAM_FT_ND_NS_DAD, "NS from ::, no option" },
	{ "nd_na_solicited", VMROAM_FT_ND_NA_SOLICITED, VMROAM_FT_ND_NA_SOLICITED,
	  "NA, S and O flags, unicast to fe80::1, target LLA option" },
	{ "nd_na_unsolicited", VMROAM_FT_ND_NA_UNSOLICITED, VMROAM_FT_ND_NA_UNSOLICITED,
	  "NA, O flag, to ff02::1, target LLA option" },
	{ "dhcp_client", VMROAM_FT_DHCP_CLIENT, VMROAM_FT_DHCP_CLIENT,
	  "BOOTREQUEST 0.0.0.0:68 -> 255.255.255.255:67 (msg DISCOVER by default)" },
	{ "dhcp_server", VMROAM_FT_DHCP_SERVER, VMROAM_FT_DHCP_SERVER,
	  "BOOTREPLY 10.0.0.1:67 -> 255.255.255.255:68 (msg ACK, lease 3600 by default)" },
	{ "malformed", VMROAM_FT_MALFORMED, M, "ARP request cut 20 bytes into the ARP body" },
	{ "nd_ra", VMROAM_FT_ND_RA, VMROAM_FT_ND_RA,
	  "RA fe80::1 -> ff02::1, router lifetime 1800, source LLA, prefix 2001:db8:1::/64 L A" },
	{ "nd_redirect", VMROAM_FT_ND_REDIRECT, VMROAM_FT_ND_REDIRECT,
	  "redirect fe80::1 -> the VM: 2001:db8:2::1 via fe80::5054:ff:feab:cdef, target LLA" },
	{ "dhcp6_client", VMROAM_FT_DHCP6_CLIENT, VMROAM_FT_DHCP6_CLIENT,
	  "SOLICIT fe80::5054:ff:fe12:3456.546 -> ff02::1:2.547 with an IA_NA (msg may be set)" },
	{ "dhcp6_server", VMROAM_FT_DHCP6_SERVER, VMROAM_FT_DHCP6_SERVER,
	  "REPLY fe80::1.547 -> the client (sha).546, IA_NA 2001:db8::100 valid 3600" },

	{ "ipv4_tcp", FK_IPV4_TCP, N, "IPv4 TCP SYN 10.0.0.2:40000 -> 10.0.0.1:80" },
	{ "ipv4_udp", FK_IPV4_UDP, N, "IPv4 UDP 40000 -> 9 (sport/dport may be set)" },
	{ "ipv4_frag", FK_IPV4_FRAG, N, "later fragment of a UDP 68 -> 67 datagram" },
	{ "ipv6_tcp", FK_IPV6_TCP, N, "IPv6 TCP SYN" },
	{ "ipv6_udp", FK_IPV6_UDP, N, "IPv6 UDP 40000 -> 9 (sport/dport may be set)" },
	{ "icmp6_echo", FK_ICMP6_ECHO, N, "ICMPv6 echo request" },
	{ "icmp6_rs", FK_ICMP6_RS, N, "ICMPv6 router solicitation to ff02::2, source LLA" },
	{ "lldp", FK_LLDP, N, "LLDP to 01:80:c2:00:00:0e" },
	{ "qinq_arp", FK_QINQ_ARP, U, "0x88a8 (svlan 100) + 0x8100 (vlan 10) + ARP request" },
	{ "vlan2_arp", FK_VLAN2_ARP, U, "0x8100 (svlan 100) + 0x8100 (vlan 10) + ARP request" },
	{ "ra_frag_pushed", FK_RA_FRAG_PUSHED, U,
	  "RA's first fragment, its ICMPv6 header pushed out by destination options" },

	{ "arp_bad_htype", FK_ARP_BAD_HTYPE, M,
	  "ARP hardware type 7 (neither Ethernet, 1, nor IEEE 802, 6)" },
	{ "arp_bad_ptype", FK_ARP_BAD_PTYPE, M, "ARP protocol type 0x86dd" },
	{ "arp_bad_hlen", FK_ARP_BAD_HLEN, M, "ARP hardware address length 8" },
	{ "arp_bad_plen", FK_ARP_BAD_PLEN, M, "ARP protocol address length 16" },
	{ "arp_bad_op", FK_ARP_BAD_OP, M, "ARP opcode 9" },
	{ "rarp_arp_op", FK_RARP_ARP_OP, M, "ARP opcode 1 under the RARP EtherType" },
	{ "nd_bad_hoplimit", FK_ND_BAD_HOPLIMIT, M, "unsolicited NA with hop limit 64" },
	{ "nd_bad_code", FK_ND_BAD_CODE, M, "NS with ICMPv6 code 1" },
	{ "nd_plen_short", FK_ND_PLEN_SHORT, M, "NS with payload length 16" },
	{ "nd_plen_long", FK_ND_PLEN_LONG, M, "NS with payload length 8 past the frame" },
	{ "nd_zero_opt", FK_ND_ZERO_OPT, M, "NS with an option of length 0" },
	{ "nd_long_opt", FK_ND_LONG_OPT, M, "NS with an option running past the payload" },
	{ "nd_dad_slla", FK_ND_DAD_SLLA, M, "NS from :: with a source LLA option" },
	{ "nd_na_mcast", FK_ND_NA_MCAST, M, "solicited NA to ff02::1" },
	{ "nd_mcast_target", FK_ND_MCAST_TARGET, M, "NS for target ff02::1" },
	{ "dhcp_bad_cookie", FK_DHCP_BAD_COOKIE, M, "DHCP DISCOVER with a wrong magic cookie" },
	{ "dhcp_bad_htype", FK_DHCP_BAD_HTYPE, M, "DHCP DISCOVER with htype 6" },
	{ "dhcp_bad_hlen", FK_DHCP_BAD_HLEN, M, "DHCP DISCOVER with hlen 16" },
	{ "dhcp_bad_op", FK_DHCP_BAD_OP, M, "BOOTREQUEST to the client port 68" },
	{ "dhcp_ulen_short", FK_DHCP_ULEN_SHORT, M, "DHCP with UDP length 7" },
	{ "dhcp_ulen_long", FK_DHCP_ULEN_LONG, M, "DHCP with UDP length past the IP payload" },
	{ "dhcp_iplen_long", FK_DHCP_IPLEN_LONG, M, "DHCP with IP total length past the frame" },
	{ "dhcp_bootp_short", FK_DHCP_BOOTP_SHORT, M, "DHCP with a 200-byte BOOTP message" },
	{ "dhcp_trunc_opt", FK_DHCP_TRUNC_OPT, M, "DHCP whose last option runs past the message" },
	{ "ra_bad_hoplimit", FK_RA_BAD_HOPLIMIT, M, "RA with hop limit 254" },
	{ "ra_short", FK_RA_SHORT, M, "RA with payload length 12 (its fixed part is 16)" },
	{ "redirect_short", FK_REDIRECT_SHORT, M,
	  "redirect with payload length 32 (its fixed part is 40)" },
	{ "ra_frag", FK_RA_FRAG, M, "RA in a first fragment (RFC 6980)" },
	{ "dhcp6_client_to_546", FK_DHCP6_CLIENT_TO_546, M,
	  "DHCPv6 SOLICIT to the client port 546" },
	{ "dhcp6_advertise_to_547", FK_DHCP6_ADVERTISE_TO_547, M,
	  "DHCPv6 ADVERTISE to the server port 547" },
	{ "dhcp6_trunc_opt", FK_DHCP6_TRUNC_OPT, M,
	  "DHCPv6 REPLY whose last option runs past the message" },
	{ "dhcp6_ia_short", FK_DHCP6_IA_SHORT, M, "DHCPv6 REPLY with an IA_NA of 8 bytes (< 12)" },
	{ "dhcp6_iaaddr_short", FK_DHCP6_IAADDR_SHORT, M,
	  "DHCPv6 REPLY with an IAADDR of 20 bytes (< 24)" },
};

#undef N
#undef U
#undef M

const size_t frame_nkinds = sizeof(frame_kinds) / sizeof(frame_kinds[0]);

static const struct frame_kind_info *kind_info(int kind)
{
	size_t i;

	for (i = 0; i < frame_nkinds; i++)
		if (frame_kinds[i].kind == kind)
			return &frame_kinds[i];
	return NULL;
}

const char *frame_kind_name(int kind)
{
	const struct frame_kind_info *ki = kind_info(kind);

	return ki ? ki->name : NULL;
}

int frame_kind_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < frame_nkinds; i++)
		if (!strcmp(frame_kinds[i].name, name))
			return frame_kinds[i].kind;
	return -1;
}

int frame_kind_expect(int kind)
{
	const struct frame_kind_info *ki = kind_info(kind);

	return ki ? ki->expect : -2;
}

int frame_kind_is_dhcp6(int kind)
{
	return kind == VMROAM_FT_DHCP6_CLIENT || kind == VMROAM_FT_DHCP6_SERVER ||
	       (kind >= FK_DHCP6_CLIENT_TO_546 && kind <= FK_DHCP6_IAADDR_SHORT);
}

int frame_poke(struct frame_spec *s, unsigned int off, uint8_t val)
{
	if (s->npokes >= FRAME_MAX_POKES || off > 0xffff)
		return -1;
	s->pokes[s->npokes].off = off;
	s->pokes[s->npokes].val = val;
	s->npokes++;
	return 0;
}

int frame_poke16(struct frame_spec *s, unsigned int off, uint16_t val)
{
	if (s->npokes + 2 > FRAME_MAX_POKES)
		return -1;
	frame_poke(s, off, val >> 8);
	return frame_poke(s, off + 1, val & 0xff);
}

/* --- checksums --- */

uint32_t frame_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

uint16_t frame_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* --- the frame being written --- */

struct fb {
	uint8_t *p;
	size_t cap, len;
	int err;
	size_t l3_off;		/* after the innermost EtherType */
	size_t l3_end;		/* end of the IP datagram (the rest is trailer) */
	size_t ip4_off, ip6_off, l4_off;
	int ip_ver;		/* 4, 6 or 0 */
	int l4_proto;		/* for the checksum: 6, 17, 58 or 0 */
	size_t l4_csum;		/* offset of the L4 checksum field */
	int ntags;
	uint16_t proto;
};

static void put(struct fb *b, const void *d, size_t n)
{
	if (!n)
		return;
	if (b->err || n > b->cap - b->len) {
		b->err = 1;
		return;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void put8(struct fb *b, uint8_t v)
{
	put(b, &v, 1);
}

static void put16(struct fb *b, uint16_t v)
{
	uint8_t d[2] = { v >> 8, v & 0xff };

	put(b, d, 2);
}

static void put32(struct fb *b, uint32_t v)
{
	uint8_t d[4] = { v >> 24, v >> 16, v >> 8, v };

	put(b, d, 4);
}

static void zero(struct fb *b, size_t n)
{
	if (b->err || n > b->cap - b->len) {
		b->err = 1;
		return;
	}
	memset(b->p + b->len, 0, n);
	b->len += n;
}

static void set16(struct fb *b, size_t off, uint16_t v)
{
	b->p[off] = v >> 8;
	b->p[off + 1] = v & 0xff;
}

/* --- resolving the spec: the kind's defaults for whatever the caller left out --- */

enum fclass { C_ARP, C_ND, C_DHCP, C_IP4_TCP, C_IP4_UDP, C_IP4_FRAG, C_IP6_TCP, C_IP6_UDP,
	      C_ICMP6_ECHO, C_ICMP6_RS, C_RA, C_REDIRECT, C_DHCP6, C_LLDP };

struct resolved {
	struct frame_spec s;
	int base;		/* the kind whose frame is built */
	enum fclass cls;
	uint16_t ethertype;
	int tags;		/* 0: none, 1: one (tpid), 2: QinQ (0x88a8), 3: two 802.1Q */
	long trunc_l3;		/* cut that far into L3 unless FS_TRUNC; -1 for none */
};

#define DEF(bit, field, val)						\
	do {								\
		if (!(s->set & (bit)))					\
			memcpy(s->field, (val), sizeof(s->field));	\
	} while (0)
#define DEFV(bit, field, val)						\
	do {								\
		if (!(s->set & (bit)))					\
			s->field = (val);				\
	} while (0)
/* a variant's choice: made once, then it counts as the caller's */
#define VSET(bit, field, val)						\
	do {								\
		if (!(s->set & (bit)))					\
			s->field = (val);				\
		s->set |= (bit);					\
	} while (0)

static void mcast_mac6(const uint8_t ip6[16], uint8_t mac[6])
{
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, ip6 + 12, 4);
}

/* the link-local address of @mac (modified EUI-64, RFC 4291 2.5.1) */
static void ll_from_mac(const uint8_t mac[6], uint8_t ip6[16])
{
	memset(ip6, 0, 16);
	ip6[0] = 0xfe;
	ip6[1] = 0x80;
	ip6[8] = mac[0] ^ 2;
	ip6[9] = mac[1];
	ip6[10] = mac[2];
	ip6[11] = 0xff;
	ip6[12] = 0xfe;
	memcpy(ip6 + 13, mac + 3, 3);
}

static void solicited_node(const uint8_t target[16], uint8_t out[16])
{
	static const uint8_t pfx[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff };

	memcpy(out, pfx, 13);
	memcpy(out + 13, target + 13, 3);
}

/* turn a named variant into its base kind and tweaks; the caller's own choices win */
static int variant(struct resolved *r)
{
	struct frame_spec *s = &r->s;
	int k = s->kind;
	struct frame_poke user[FRAME_MAX_POKES];
	int nuser = s->npokes;

	/* variant pokes go first so that the caller's can override them */
	memcpy(user, s->pokes, sizeof(user));
	s->npokes = 0;
	r->base = k;
	r->trunc_l3 = -1;

	switch (k) {
	case VMROAM_FT_MALFORMED:
		r->base = VMROAM_FT_ARP_GARP_REQUEST;
		r->trunc_l3 = 20;
		break;
	case FK_QINQ_ARP:
	case FK_VLAN2_ARP:
		r->base = VMROAM_FT_ARP_GARP_REQUEST;
		break;
	case FK_ARP_BAD_HTYPE:
		r->base = VMROAM_FT_ARP_GARP_REQUEST;
		frame_poke16(s, 0, 7);
		break;
	case FK_ARP_BAD_PTYPE:
		r->base = VMROAM_FT_ARP_GARP_REQUEST;
		frame_poke16(s, 2, ETH_P_IPV6);
		break;
	case FK_ARP_BAD_HLEN:
		r->base = VMROAM_FT_ARP_GARP_REQUEST;
		frame_poke(s, 4, 8);
		break;
	case FK_ARP_BAD_PLEN:
		r->base = VMROAM_FT_ARP_GARP_REQUEST;
		frame_poke(s, 5, 16);
		break;
	case FK_ARP_BAD_OP:
		r->base = VMROAM_FT_ARP_GARP_REQUEST;
		VSET(FS_OP, op, 9);
		break;
	case FK_RARP_ARP_OP:
		r->base = VMROAM_FT_RARP_REQUEST;
		VSET(FS_OP, op, 1);
		break;
	case FK_ND_BAD_HOPLIMIT:
		r->base = VMROAM_FT_ND_NA_UNSOLICITED;
		VSET(FS_HOPLIMIT, hoplimit, 64);
		break;
	case FK_ND_BAD_CODE:
		r->base = VMROAM_FT_ND_NS;
		frame_poke(s, FRAME_IP6_ICMP + 1, 1);
		break;
	case FK_ND_PLEN_SHORT:
		r->base = VMROAM_FT_ND_NS;
		frame_poke16(s, 4, 16);
		break;
	case FK_ND_PLEN_LONG:
		r->base = VMROAM_FT_ND_NS;
		s->l3len_adj += 8;
		break;
	case FK_ND_ZERO_OPT:
		r->base = VMROAM_FT_ND_NS;
		frame_poke(s, FRAME_IP6_ND_OPTS + 1, 0);
		break;
	case FK_ND_LONG_OPT:
		r->base = VMROAM_FT_ND_NS;
		frame_poke(s, FRAME_IP6_ND_OPTS + 1, 2);
		break;
	case FK_ND_DAD_SLLA:
		r->base = VMROAM_FT_ND_NS_DAD;
		VSET(FS_LLA, lla, 1);
		break;
	case FK_ND_NA_MCAST:
		r->base = VMROAM_FT_ND_NA_SOLICITED;
		if (!(s->set & FS_DIP6))
			memcpy(s->dip6, ip6_all_nodes, 16);
		s->set |= FS_DIP6;
		break;
	case FK_ND_MCAST_TARGET:
		r->base = VMROAM_FT_ND_NS;
		if (!(s->set & FS_TIP6))
			memcpy(s->tip6, ip6_all_nodes, 16);
		s->set |= FS_TIP6;
		break;
	case FK_DHCP_BAD_COOKIE:
		r->base = VMROAM_FT_DHCP_CLIENT;
		frame_poke(s, FRAME_IP4_BOOTP + FRAME_BOOTP_COOKIE + 3, 0x64);
		break;
	case FK_DHCP_BAD_HTYPE:
		r->base = VMROAM_FT_DHCP_CLIENT;
		frame_poke(s, FRAME_IP4_BOOTP + 1, 6);
		break;
	case FK_DHCP_BAD_HLEN:
		r->base = VMROAM_FT_DHCP_CLIENT;
		frame_poke(s, FRAME_IP4_BOOTP + 2, 16);
		break;
	case FK_DHCP_BAD_OP:
		r->base = VMROAM_FT_DHCP_SERVER;
		VSET(FS_OP, op, 1);
		break;
	case FK_DHCP_ULEN_SHORT:
		r->base = VMROAM_FT_DHCP_CLIENT;
		frame_poke16(s, FRAME_IP4_UDP + 4, 7);
		break;
	case FK_DHCP_ULEN_LONG:
		r->base = VMROAM_FT_DHCP_CLIENT;
		s->udplen_adj += 1;
		break;
	case FK_DHCP_IPLEN_LONG:
		r->base = VMROAM_FT_DHCP_CLIENT;
		s->l3len_adj += 1;
		break;
	case FK_DHCP_BOOTP_SHORT:
		r->base = VMROAM_FT_DHCP_CLIENT;
		frame_poke16(s, FRAME_IP4_UDP + 4, 8 + 200);
		break;
	case FK_DHCP_TRUNC_OPT:
		r->base = VMROAM_FT_DHCP_CLIENT;
		s->quirks |= FQ_DHCP_TRUNC_OPT;
		break;
	case FK_RA_FRAG_PUSHED:
		r->base = VMROAM_FT_ND_RA;
		s->quirks |= FQ_IP6_FRAG | FQ_IP6_DSTOPTS | FQ_IP6_NO_UPPER;
		break;
	case FK_RA_BAD_HOPLIMIT:
		r->base = VMROAM_FT_ND_RA;
		VSET(FS_HOPLIMIT, hoplimit, 254);
		break;
	case FK_RA_SHORT:
		r->base = VMROAM_FT_ND_RA;
		frame_poke16(s, 4, 12);
		break;
	case FK_REDIRECT_SHORT:
		r->base = VMROAM_FT_ND_REDIRECT;
		frame_poke16(s, 4, 32);
		break;
	case FK_RA_FRAG:
		r->base = VMROAM_FT_ND_RA;
		s->quirks |= FQ_IP6_FRAG;
		break;
	case FK_DHCP6_CLIENT_TO_546:
		r->base = VMROAM_FT_DHCP6_CLIENT;
		VSET(FS_DPORT, dport, 546);
		break;
	case FK_DHCP6_ADVERTISE_TO_547:
		r->base = VMROAM_FT_DHCP6_SERVER;
		VSET(FS_MSG, dhcp_msg, 2);
		VSET(FS_DPORT, dport, 547);
		break;
	case FK_DHCP6_TRUNC_OPT:
		r->base = VMROAM_FT_DHCP6_SERVER;
		s->quirks |= FQ_DHCP_TRUNC_OPT;
		break;
	case FK_DHCP6_IA_SHORT:
		r->base = VMROAM_FT_DHCP6_SERVER;
		s->quirks |= FQ_DHCP6_IA_SHORT;
		break;
	case FK_DHCP6_IAADDR_SHORT:
		r->base = VMROAM_FT_DHCP6_SERVER;
		s->quirks |= FQ_DHCP6_IAADDR_SHORT;
		break;
	default:
		if (!kind_info(k))
			return -1;
		break;
	}
	if (s->npokes + nuser > FRAME_MAX_POKES)
		return -1;
	memcpy(s->pokes + s->npokes, user, nuser * sizeof(user[0]));
	s->npokes += nuser;

	if (k == FK_QINQ_ARP || k == FK_VLAN2_ARP) {
		r->tags = k == FK_QINQ_ARP ? 2 : 3;
		VSET(FS_VLAN, vlan, 10);
		VSET(FS_SVLAN, svlan, 100);
	} else if (s->set & FS_VLAN) {
		r->tags = 1;
		VSET(FS_TPID, tpid, ETH_P_8021Q);
	}
	return 0;
}

static void resolve_arp(struct resolved *r)
{
	struct frame_spec *s = &r->s;
	int k = r->base;

	r->cls = C_ARP;
	r->ethertype = ETH_P_ARP;
	/* a RARP reply comes from the server */
	DEF(FS_SMAC, smac, k == VMROAM_FT_RARP_REPLY ? frame_mac_local : frame_mac_vm);
	DEF(FS_SHA, sha, s->smac);

	switch (k) {
	case VMROAM_FT_ARP_REPLY_LOCAL:
		DEF(FS_DMAC, dmac, frame_mac_local);
		break;
	case VMROAM_FT_ARP_REPLY_OTHER:
		DEF(FS_DMAC, dmac, frame_mac_other);
		break;
	case VMROAM_FT_RARP_REPLY:
		DEF(FS_DMAC, dmac, frame_mac_vm);
		break;
	default:
		DEF(FS_DMAC, dmac, frame_mac_bcast);
		break;
	}

	switch (k) {
	case VMROAM_FT_ARP_GARP_REPLY:
	case VMROAM_FT_RARP_REQUEST:
		DEF(FS_THA, tha, s->sha);
		break;
	case VMROAM_FT_ARP_REPLY_LOCAL:
	case VMROAM_FT_ARP_REPLY_OTHER:
	case VMROAM_FT_RARP_REPLY:
		DEF(FS_THA, tha, s->dmac);
		break;
	default:
		DEF(FS_THA, tha, zero16);
		break;
	}

	switch (k) {
	case VMROAM_FT_ARP_PROBE:
	case VMROAM_FT_RARP_REQUEST:
		DEF(FS_SIP, sip, zero16);
		break;
	case VMROAM_FT_RARP_REPLY:
		DEF(FS_SIP, sip, frame_ip_local);
		break;
	default:
		DEF(FS_SIP, sip, frame_ip_vm);
		break;
	}

	switch (k) {
	case VMROAM_FT_ARP_GARP_REQUEST:
	case VMROAM_FT_ARP_GARP_REPLY:
		DEF(FS_TIP, tip, s->sip);
		break;
	case VMROAM_FT_ARP_PROBE:
	case VMROAM_FT_RARP_REPLY:
		DEF(FS_TIP, tip, frame_ip_vm);
		break;
	case VMROAM_FT_ARP_REQUEST_OTHER:
	case VMROAM_FT_ARP_REPLY_OTHER:
		DEF(FS_TIP, tip, frame_ip_other);
		break;
	case VMROAM_FT_RARP_REQUEST:
		DEF(FS_TIP, tip, zero16);
		break;
	default:
		DEF(FS_TIP, tip, frame_ip_local);
		break;
	}

	switch (k) {
	case VMROAM_FT_ARP_GARP_REQUEST:
	case VMROAM_FT_ARP_PROBE:
	case VMROAM_FT_ARP_REQUEST_LOCAL:
	case VMROAM_FT_ARP_REQUEST_OTHER:
		DEFV(FS_OP, op, 1);
		break;
	case VMROAM_FT_RARP_REQUEST:
		DEFV(FS_OP, op, 3);
		r->ethertype = ETH_P_RARP;
		break;
	case VMROAM_FT_RARP_REPLY:
		DEFV(FS_OP, op, 4);
		r->ethertype = ETH_P_RARP;
		break;
	default:
		DEFV(FS_OP, op, 2);
		break;
	}
}

static void resolve_nd(struct resolved *r)
{
	struct frame_spec *s = &r->s;
	int k = r->base;
	int na = k == VMROAM_FT_ND_NA_SOLICITED || k == VMROAM_FT_ND_NA_UNSOLICITED;

	r->cls = C_ND;
	r->ethertype = ETH_P_IPV6;
	DEF(FS_SMAC, smac, frame_mac_vm);
	DEF(FS_SHA, sha, s->smac);
	DEFV(FS_HOPLIMIT, hoplimit, 255);
	DEF(FS_SIP6, sip6, k == VMROAM_FT_ND_NS_DAD ? zero16 : frame_ip6_vm);
	if (k == VMROAM_FT_ND_NS)
		DEF(FS_TIP6, tip6, frame_ip6_local);
	else if (k == VMROAM_FT_ND_NS_DAD)
		DEF(FS_TIP6, tip6, frame_ip6_vm);
	else
		DEF(FS_TIP6, tip6, s->sip6);
	if (!(s->set & FS_DIP6)) {
		if (k == VMROAM_FT_ND_NA_SOLICITED)
			memcpy(s->dip6, frame_ip6_local, 16);
		else if (k == VMROAM_FT_ND_NA_UNSOLICITED)
			memcpy(s->dip6, ip6_all_nodes, 16);
		else
			solicited_node(s->tip6, s->dip6);
	}
	if (!(s->set & FS_DMAC)) {
		if (s->dip6[0] == 0xff)
			mcast_mac6(s->dip6, s->dmac);
		else
			memcpy(s->dmac, frame_mac_local, 6);
	}
	DEFV(FS_LLA, lla, k != VMROAM_FT_ND_NS_DAD);
	if (na)
		DEFV(FS_NDFLAGS, nd_flags, k == VMROAM_FT_ND_NA_SOLICITED ? 0x60 : 0x20);
	else
		DEFV(FS_NDFLAGS, nd_flags, 0);
	if (na && (s->set & FS_ROUTER))
		s->nd_flags = (s->nd_flags & 0x7f) | (s->nd_router ? 0x80 : 0);
}

/* router advertisement and redirect: from the router fe80::1 */
static void resolve_router(struct resolved *r)
{
	struct frame_spec *s = &r->s;
	int ra = r->base == VMROAM_FT_ND_RA;

	r->cls = ra ? C_RA : C_REDIRECT;
	r->ethertype = ETH_P_IPV6;
	DEF(FS_SMAC, smac, frame_mac_local);
	DEF(FS_SIP6, sip6, frame_ip6_local);
	DEFV(FS_HOPLIMIT, hoplimit, 255);
	DEFV(FS_LLA, lla, 1);
	DEFV(FS_NDFLAGS, nd_flags, 0);
	if (ra) {
		DEF(FS_SHA, sha, s->smac);
		DEF(FS_DIP6, dip6, ip6_all_nodes);
		DEFV(FS_RLIFETIME, rlifetime, 1800);
		DEFV(FS_PIO, pio, 1);
		if (!(s->set & FS_PREFIX)) {
			memcpy(s->prefix, ip6_ra_prefix, 16);
			s->prefix_len = 64;
			s->prefix_valid = 86400;
			s->prefix_pref = 14400;
		}
	} else {
		/* the target's link-layer address */
		DEF(FS_SHA, sha, frame_mac_other);
		DEF(FS_DIP6, dip6, frame_ip6_vm);
		DEF(FS_TIP6, tip6, ip6_other);
		DEF(FS_RDST6, rdst6, ip6_redirect_dst);
	}
	if (!(s->set & FS_DMAC)) {
		if (s->dip6[0] == 0xff)
			mcast_mac6(s->dip6, s->dmac);
		else
			memcpy(s->dmac, frame_mac_vm, 6);
	}
}

/* a client's messages from the VM to ff02::1:2, a server's from fe80::1 to the client (sha) */
static int resolve_dhcp6(struct resolved *r)
{
	struct frame_spec *s = &r->s;
	int server = r->base == VMROAM_FT_DHCP6_SERVER, t, relay;

	r->cls = C_DHCP6;
	r->ethertype = ETH_P_IPV6;
	DEFV(FS_MSG, dhcp_msg, server ? 7 : 1);
	t = s->dhcp_msg;
	if (t < 0 || t > 255)
		return -1;
	relay = t == 12 || t == 13;
	DEF(FS_SMAC, smac, server ? frame_mac_local : frame_mac_vm);
	DEF(FS_SHA, sha, server ? frame_mac_vm : s->smac);
	DEF(FS_SIP6, sip6, server ? frame_ip6_local : frame_ip6_vm);
	if (!(s->set & FS_DIP6)) {
		if (server)
			ll_from_mac(s->sha, s->dip6);
		else
			memcpy(s->dip6, ip6_all_dhcp, 16);
	}
	if (!(s->set & FS_DMAC)) {
		if (server)
			memcpy(s->dmac, s->sha, 6);
		else if (s->dip6[0] == 0xff)
			mcast_mac6(s->dip6, s->dmac);
		else
			memcpy(s->dmac, frame_mac_local, 6);
	}
	DEFV(FS_HOPLIMIT, hoplimit, s->dip6[0] == 0xff ? 1 : 64);
	DEFV(FS_SPORT, sport, server || relay ? 547 : 546);
	DEFV(FS_DPORT, dport, server && t != 13 ? 546 : 547);
	/* an IA_NA where RFC 8415 has one: SOLICIT .. DECLINE */
	DEFV(FS_IANA, ia_na, t >= 1 && t <= 9);
	if (!(s->set & FS_IA)) {
		/* the server's lease; a client names it back with lifetimes 0, but in a SOLICIT */
		s->n_ia = t >= 2 && t <= 9;
		memcpy(s->ia_addr[0], frame_ip6_lease, 16);
		s->ia_valid[0] = t == 2 || t == 7 ? 3600 : 0;
		s->ia_pref[0] = t == 2 || t == 7 ? 1800 : 0;
	}
	if (s->n_ia < 0 || s->n_ia > FRAME_IA_MAX)
		return -1;
	return 0;
}

static void resolve_dhcp(struct resolved *r)
{
	struct frame_spec *s = &r->s;
	int server = r->base == VMROAM_FT_DHCP_SERVER;

	r->cls = C_DHCP;
	r->ethertype = ETH_P_IP;
	DEF(FS_SMAC, smac, server ? frame_mac_local : frame_mac_vm);
	DEF(FS_DMAC, dmac, frame_mac_bcast);
	DEF(FS_SHA, sha, server ? frame_mac_vm : s->smac);
	DEFV(FS_OP, op, server ? 2 : 1);
	DEFV(FS_SPORT, sport, server ? 67 : 68);
	DEFV(FS_DPORT, dport, server ? 68 : 67);
	DEFV(FS_MSG, dhcp_msg, server ? 5 : 1);
	DEFV(FS_HOPLIMIT, hoplimit, 64);
	/* ciaddr: set by a client that has an address (RELEASE, DECLINE's is 0, INFORM) */
	DEF(FS_SIP, sip, !server && (s->dhcp_msg == 7 || s->dhcp_msg == 8) ? frame_ip_vm : zero16);
	/* yiaddr: the server's offer */
	DEF(FS_TIP, tip, server && (s->dhcp_msg == 2 || s->dhcp_msg == 5) ? frame_ip_vm : zero16);
	if (server && (s->dhcp_msg == 2 || s->dhcp_msg == 5))
		DEFV(FS_LEASE, lease, 3600);
	DEF(FS_IPSRC, ip_src, server ? frame_ip_local : s->sip);
	DEF(FS_IPDST, ip_dst, ip4_bcast);
}

static int resolve(const struct frame_spec *in, struct resolved *r)
{
	struct frame_spec *s = &r->s;

	memset(r, 0, sizeof(*r));
	*s = *in;
	if (s->npokes < 0 || s->npokes > FRAME_MAX_POKES)
		return -1;
	if (variant(r))
		return -1;

	if (r->base <= VMROAM_FT_RARP_REPLY) {
		resolve_arp(r);
		return 0;
	}
	if (r->base <= VMROAM_FT_ND_NA_UNSOLICITED) {
		resolve_nd(r);
		return 0;
	}
	if (r->base <= VMROAM_FT_DHCP_SERVER) {
		resolve_dhcp(r);
		return 0;
	}
	if (r->base == VMROAM_FT_ND_RA || r->base == VMROAM_FT_ND_REDIRECT) {
		resolve_router(r);
		return 0;
	}
	if (r->base == VMROAM_FT_DHCP6_CLIENT || r->base == VMROAM_FT_DHCP6_SERVER)
		return resolve_dhcp6(r);

	/* the frames that are not announcements */
	switch (r->base) {
	case FK_IPV4_TCP:
	case FK_IPV4_UDP:
	case FK_IPV4_FRAG:
		r->cls = r->base == FK_IPV4_TCP ? C_IP4_TCP :
			 r->base == FK_IPV4_UDP ? C_IP4_UDP : C_IP4_FRAG;
		r->ethertype = ETH_P_IP;
		DEF(FS_SMAC, smac, frame_mac_vm);
		DEF(FS_DMAC, dmac, frame_mac_local);
		DEF(FS_IPSRC, ip_src, (s->set & FS_SIP) ? s->sip : frame_ip_vm);
		DEF(FS_IPDST, ip_dst, (s->set & FS_TIP) ? s->tip : frame_ip_local);
		DEFV(FS_HOPLIMIT, hoplimit, 64);
		DEFV(FS_SPORT, sport, r->base == FK_IPV4_FRAG ? 68 : 40000);
		DEFV(FS_DPORT, dport, r->base == FK_IPV4_TCP ? 80 :
				      r->base == FK_IPV4_UDP ? 9 : 67);
		return 0;
	case FK_IPV6_TCP:
	case FK_IPV6_UDP:
	case FK_ICMP6_ECHO:
		r->cls = r->base == FK_IPV6_TCP ? C_IP6_TCP :
			 r->base == FK_IPV6_UDP ? C_IP6_UDP : C_ICMP6_ECHO;
		r->ethertype = ETH_P_IPV6;
		DEF(FS_SMAC, smac, frame_mac_vm);
		DEF(FS_SIP6, sip6, frame_ip6_vm);
		DEF(FS_DIP6, dip6, frame_ip6_local);
		if (!(s->set & FS_DMAC)) {
			if (s->dip6[0] == 0xff)
				mcast_mac6(s->dip6, s->dmac);
			else
				memcpy(s->dmac, frame_mac_local, 6);
		}
		DEFV(FS_HOPLIMIT, hoplimit, 64);
		DEFV(FS_SPORT, sport, 40000);
		DEFV(FS_DPORT, dport, r->base == FK_IPV6_UDP ? 9 : 80);
		return 0;
	case FK_ICMP6_RS:
		r->cls = C_ICMP6_RS;
		r->ethertype = ETH_P_IPV6;
		DEF(FS_SMAC, smac, frame_mac_vm);
		DEF(FS_SHA, sha, s->smac);
		DEF(FS_SIP6, sip6, frame_ip6_vm);
		DEF(FS_DIP6, dip6, ip6_all_routers);
		if (!(s->set & FS_DMAC))
			mcast_mac6(s->dip6, s->dmac);
		DEFV(FS_HOPLIMIT, hoplimit, 255);
		DEFV(FS_LLA, lla, 1);
		return 0;
	case FK_LLDP:
		r->cls = C_LLDP;
		r->ethertype = ETH_P_LLDP;
		DEF(FS_SMAC, smac, frame_mac_vm);
		DEF(FS_DMAC, dmac, mac_lldp);
		return 0;
	}
	return -1;
}

/* --- writing the frames --- */

static void w_arp(struct fb *b, const struct frame_spec *s)
{
	put16(b, 1);
	put16(b, ETH_P_IP);
	put8(b, 6);
	put8(b, 4);
	put16(b, s->op);
	put(b, s->sha, 6);
	put(b, s->sip, 4);
	put(b, s->tha, 6);
	put(b, s->tip, 4);
}

static void w_ip4(struct fb *b, const struct frame_spec *s, uint8_t proto, uint16_t frag)
{
	b->ip_ver = 4;
	b->ip4_off = b->len;
	put8(b, 0x45);
	put8(b, proto == IPPROTO_UDP_ && frag == 0 ? 0x10 : 0);
	put16(b, 0);		/* total length, later */
	put16(b, proto == IPPROTO_UDP_ ? 0 : 0x1c46);
	put16(b, frag);
	put8(b, s->hoplimit);
	put8(b, proto);
	put16(b, 0);		/* checksum, later */
	put(b, s->ip_src, 4);
	put(b, s->ip_dst, 4);
}

static void w_ip6(struct fb *b, const struct frame_spec *s, uint8_t nh)
{
	b->ip_ver = 6;
	b->ip6_off = b->len;
	put32(b, 0x60000000);
	put16(b, 0);		/* payload length, later */
	put8(b, nh);
	put8(b, s->hoplimit);
	put(b, s->sip6, 16);
	put(b, s->dip6, 16);
}

/*
 * The IPv6 header, then the extension headers the quirks ask for; 0 when the upper-layer header
 * is left to a later fragment
 */
static int w_ip6_hdrs(struct fb *b, const struct frame_spec *s, uint8_t nh)
{
	uint8_t after_frag = s->quirks & FQ_IP6_DSTOPTS ? 60 : nh;

	w_ip6(b, s, s->quirks & FQ_IP6_FRAG ? 44 : after_frag);
	if (s->quirks & FQ_IP6_FRAG) {
		put8(b, after_frag);
		put8(b, 0);
		put16(b, 0x0001);	/* offset 0, more fragments */
		put32(b, 0x5eed0001);	/* identification */
	}
	if (s->quirks & FQ_IP6_DSTOPTS) {
		put8(b, nh);
		put8(b, 1);		/* 16 bytes */
		put8(b, 1);		/* PadN */
		put8(b, 12);
		zero(b, 12);
	}
	return !(s->quirks & FQ_IP6_NO_UPPER);
}

static void w_udp(struct fb *b, const struct frame_spec *s)
{
	b->l4_off = b->len;
	b->l4_proto = IPPROTO_UDP_;
	b->l4_csum = b->len + 6;
	put16(b, s->sport);
	put16(b, s->dport);
	put16(b, 0);		/* length, later */
	put16(b, 0);
}

static void w_tcp(struct fb *b, const struct frame_spec *s)
{
	b->l4_off = b->len;
	b->l4_proto = IPPROTO_TCP_;
	b->l4_csum = b->len + 16;
	put16(b, s->sport);
	put16(b, s->dport);
	put32(b, 0x12345678);	/* seq */
	put32(b, 0);		/* ack */
	put8(b, 5 << 4);
	put8(b, 0x02);		/* SYN */
	put16(b, 64240);
	put16(b, 0);
	put16(b, 0);
}

static void w_icmp6(struct fb *b, uint8_t type)
{
	b->l4_off = b->len;
	b->l4_proto = IPPROTO_ICMPV6_;
	b->l4_csum = b->len + 2;
	put8(b, type);
	put8(b, 0);
	put16(b, 0);
}

static void w_dhcp(struct fb *b, const struct frame_spec *s, int server)
{
	put8(b, s->op);
	put8(b, 1);		/* htype Ethernet */
	put8(b, 6);		/* hlen */
	put8(b, 0);		/* hops */
	put32(b, 0x3903f326);	/* xid */
	put16(b, 0);		/* secs */
	put16(b, 0);		/* flags */
	put(b, s->sip, 4);	/* ciaddr */
	put(b, s->tip, 4);	/* yiaddr */
	if (server)
		put(b, frame_ip_local, 4);	/* siaddr */
	else
		zero(b, 4);
	zero(b, 4);		/* giaddr */
	put(b, s->sha, 6);	/* chaddr */
	zero(b, 10);
	zero(b, 64 + 128);	/* sname, file */
	put32(b, 0x63825363);
	if (s->dhcp_msg) {
		put8(b, 53);
		put8(b, 1);
		put8(b, s->dhcp_msg);
	}
	if (server) {
		put8(b, 54);	/* server identifier */
		put8(b, 4);
		put(b, s->ip_src, 4);
	}
	if (s->set & FS_LEASE || (server && s->lease)) {
		put8(b, 51);
		put8(b, 4);
		put32(b, s->lease);
	}
	if (s->quirks & FQ_DHCP_TRUNC_OPT) {
		put8(b, 12);	/* host name, "claims" 10 bytes and has 2 */
		put8(b, 10);
		put8(b, 'v');
		put8(b, 'm');
		return;
	}
	if (!(s->quirks & FQ_DHCP_NO_END))
		put8(b, 255);
}

static void w_lldp_tlv(struct fb *b, int type, const void *v, size_t len)
{
	put16(b, (uint16_t)(type << 9 | len));
	put(b, v, len);
}

static void w_lldp(struct fb *b, const struct frame_spec *s)
{
	uint8_t chassis[7] = { 4 }, port[7] = { 3 }, ttl[2] = { 0, 120 };

	memcpy(chassis + 1, s->smac, 6);
	memcpy(port + 1, s->smac, 6);
	w_lldp_tlv(b, 1, chassis, sizeof(chassis));
	w_lldp_tlv(b, 2, port, sizeof(port));
	w_lldp_tlv(b, 3, ttl, sizeof(ttl));
	w_lldp_tlv(b, 0, NULL, 0);
}

/* ND padding: options of an unassigned type, each at most 255 * 8 bytes */
static void w_nd_pad(struct fb *b, size_t room)
{
	while (room >= 8 && !b->err) {
		size_t n = room / 8 > 255 ? 255 : room / 8;

		put8(b, 253);
		put8(b, (uint8_t)n);
		zero(b, n * 8 - 2);
		room -= n * 8;
	}
}

static size_t pad_room(const struct frame_spec *s, const struct fb *b)
{
	return s->pad_to > b->len ? s->pad_to - b->len : 0;
}

/* a link-layer address option (RFC 4861 4.6.1) */
static void w_nd_lla(struct fb *b, uint8_t type, const uint8_t mac[6])
{
	put8(b, type);
	put8(b, 1);
	put(b, mac, 6);
}

/* a DUID-LL (RFC 8415 11.4) of @mac as option @code: client or server identifier */
static void w_duid(struct fb *b, uint16_t code, const uint8_t mac[6])
{
	put16(b, code);
	put16(b, 10);
	put16(b, 3);		/* DUID-LL */
	put16(b, 1);		/* Ethernet */
	put(b, mac, 6);
}

static void w_ia_na(struct fb *b, const struct frame_spec *s)
{
	size_t start = b->len;
	int i, short_addr = !!(s->quirks & FQ_DHCP6_IAADDR_SHORT);

	put16(b, 3);
	put16(b, 0);		/* length, below */
	put(b, s->sha + 2, 4);	/* IAID */
	put32(b, 0);		/* T1: the client chooses */
	if (!(s->quirks & FQ_DHCP6_IA_SHORT)) {
		put32(b, 0);	/* T2 */
		for (i = 0; i < s->n_ia; i++) {
			put16(b, 5);
			put16(b, short_addr ? 20 : 24);
			put(b, s->ia_addr[i], 16);
			put32(b, s->ia_pref[i]);
			if (!short_addr)
				put32(b, s->ia_valid[i]);
		}
	}
	if (!b->err)
		set16(b, start + 2, (uint16_t)(b->len - start - 4));
}

static void w_dhcp6(struct fb *b, const struct frame_spec *s, int server)
{
	int t = s->dhcp_msg;
	size_t room;

	put8(b, (uint8_t)t);
	if (t == 12 || t == 13) {
		uint8_t peer[16];

		ll_from_mac(s->sha, peer);
		put8(b, 0);			/* hop count */
		put(b, ip6_relay_link, 16);	/* link-address */
		put(b, peer, 16);		/* peer-address: the client */
		put16(b, 9);			/* relay message */
		put16(b, 4 + 14);
		put8(b, t == 12 ? 1 : 2);
		put8(b, 0x3a);
		put16(b, 0x4b5c);
		w_duid(b, 1, s->sha);
	} else {
		put8(b, 0x3a);			/* transaction-id */
		put16(b, 0x4b5c);
		w_duid(b, 1, s->sha);
		/* a server's messages, and a client's to the server it chose */
		if (t == 2 || t == 3 || t == 5 || t == 7 || t == 8 || t == 9 || t == 10)
			w_duid(b, 2, server ? s->smac : frame_mac_local);
		if (!server) {
			put16(b, 8);		/* elapsed time */
			put16(b, 2);
			put16(b, 0);
		}
		if (t == 10) {
			put16(b, 19);		/* reconfigure message: RENEW */
			put16(b, 1);
			put8(b, 5);
		}
		if (s->ia_na)
			w_ia_na(b, s);
	}
	if (s->quirks & FQ_DHCP_TRUNC_OPT) {
		put16(b, 16);	/* vendor class, "claims" 10 bytes and has 2 */
		put16(b, 10);
		put8(b, 'v');
		put8(b, 'm');
		return;
	}
	for (room = pad_room(s, b); room >= 4 && !b->err; room = pad_room(s, b)) {
		size_t n = room - 4 > 0xffff ? 0xffff : room - 4;

		put16(b, 65000);
		put16(b, (uint16_t)n);
		zero(b, n);
	}
}

static void w_frame(struct fb *b, const struct resolved *r)
{
	const struct frame_spec *s = &r->s;
	static const uint8_t payload[8] = "vmroam!";
	int k = r->base;

	put(b, s->dmac, 6);
	put(b, s->smac, 6);
	switch (r->tags) {
	case 1:
		put16(b, s->tpid);
		put16(b, s->vlan);
		break;
	case 2:
	case 3:
		put16(b, r->tags == 2 ? ETH_P_8021AD : ETH_P_8021Q);
		put16(b, s->svlan);
		put16(b, ETH_P_8021Q);
		put16(b, s->vlan);
		break;
	}
	b->ntags = r->tags ? (r->tags == 1 ? 1 : 2) : 0;
	put16(b, r->ethertype);
	b->proto = r->ethertype;
	b->l3_off = b->len;

	switch (r->cls) {
	case C_ARP:
		w_arp(b, s);
		break;
	case C_ND: {
		int na = k == VMROAM_FT_ND_NA_SOLICITED || k == VMROAM_FT_ND_NA_UNSOLICITED;

		if (!w_ip6_hdrs(b, s, IPPROTO_ICMPV6_))
			break;
		w_icmp6(b, na ? 136 : 135);
		put8(b, s->nd_flags);
		zero(b, 3);
		put(b, s->tip6, 16);
		if (s->lla)	/* source in a solicitation, target in an advertisement */
			w_nd_lla(b, na ? 2 : 1, s->sha);
		w_nd_pad(b, pad_room(s, b));
		break;
	}
	case C_RA:
		if (!w_ip6_hdrs(b, s, IPPROTO_ICMPV6_))
			break;
		w_icmp6(b, 134);
		put8(b, 64);		/* cur hop limit */
		put8(b, s->nd_flags);
		put16(b, s->rlifetime);
		put32(b, 0);		/* reachable time */
		put32(b, 0);		/* retrans timer */
		if (s->lla)
			w_nd_lla(b, 1, s->sha);
		if (s->pio) {
			put8(b, 3);
			put8(b, 4);
			put8(b, s->prefix_len);
			put8(b, 0xc0);	/* on-link, autonomous */
			put32(b, s->prefix_valid);
			put32(b, s->prefix_pref);
			put32(b, 0);
			put(b, s->prefix, 16);
		}
		w_nd_pad(b, pad_room(s, b));
		break;
	case C_REDIRECT:
		if (!w_ip6_hdrs(b, s, IPPROTO_ICMPV6_))
			break;
		w_icmp6(b, 137);
		zero(b, 4);
		put(b, s->tip6, 16);
		put(b, s->rdst6, 16);
		if (s->lla)
			w_nd_lla(b, 2, s->sha);
		w_nd_pad(b, pad_room(s, b));
		break;
	case C_DHCP6:
		if (!w_ip6_hdrs(b, s, IPPROTO_UDP_))
			break;
		w_udp(b, s);
		w_dhcp6(b, s, k == VMROAM_FT_DHCP6_SERVER);
		break;
	case C_DHCP:
		w_ip4(b, s, IPPROTO_UDP_, 0);
		w_udp(b, s);
		w_dhcp(b, s, k == VMROAM_FT_DHCP_SERVER);
		if (!(s->quirks & FQ_DHCP_TRUNC_OPT))
			zero(b, pad_room(s, b));
		break;
	case C_IP4_TCP:
		w_ip4(b, s, IPPROTO_TCP_, 0x4000);
		w_tcp(b, s);
		zero(b, pad_room(s, b));
		break;
	case C_IP4_UDP:
		w_ip4(b, s, IPPROTO_UDP_, 0);
		w_udp(b, s);
		put(b, payload, sizeof(payload));
		zero(b, pad_room(s, b));
		break;
	case C_IP4_FRAG:
		/* offset 1480 (185 * 8): the payload is data that only looks like a UDP header */
		w_ip4(b, s, IPPROTO_UDP_, 185);
		put16(b, s->sport);
		put16(b, s->dport);
		put16(b, 300);
		put16(b, 0);
		zero(b, 32);
		zero(b, pad_room(s, b));
		break;
	case C_IP6_TCP:
		if (!w_ip6_hdrs(b, s, IPPROTO_TCP_))
			break;
		w_tcp(b, s);
		zero(b, pad_room(s, b));
		break;
	case C_IP6_UDP:
		if (!w_ip6_hdrs(b, s, IPPROTO_UDP_))
			break;
		w_udp(b, s);
		put(b, payload, sizeof(payload));
		zero(b, pad_room(s, b));
		break;
	case C_ICMP6_ECHO:
		if (!w_ip6_hdrs(b, s, IPPROTO_ICMPV6_))
			break;
		w_icmp6(b, 128);
		put16(b, 0x1234);	/* id */
		put16(b, 1);		/* seq */
		put(b, payload, sizeof(payload));
		zero(b, pad_room(s, b));
		break;
	case C_ICMP6_RS:
		if (!w_ip6_hdrs(b, s, IPPROTO_ICMPV6_))
			break;
		w_icmp6(b, 133);
		zero(b, 4);		/* reserved */
		if (s->lla)
			w_nd_lla(b, 1, s->sha);
		w_nd_pad(b, pad_room(s, b));
		break;
	case C_LLDP:
		w_lldp(b, s);
		break;
	}
	b->l3_end = b->len;
	/* the rest of the padding is an Ethernet trailer */
	zero(b, pad_room(s, b));
}

static void fix_lengths(struct fb *b, const struct frame_spec *s)
{
	if (b->ip_ver == 4)
		set16(b, b->ip4_off + 2, (uint16_t)(b->l3_end - b->ip4_off + s->l3len_adj));
	if (b->ip_ver == 6)
		set16(b, b->ip6_off + 4, (uint16_t)(b->l3_end - b->ip6_off - 40 + s->l3len_adj));
	if (b->l4_proto == IPPROTO_UDP_)
		set16(b, b->l4_off + 4, (uint16_t)(b->l3_end - b->l4_off + s->udplen_adj));
}

static void fix_csums(struct fb *b, const struct frame_spec *s)
{
	uint8_t ph[4];
	uint32_t sum = 0;
	uint16_t c;
	size_t l4len = b->l3_end - b->l4_off;

	if (b->ip_ver == 4) {
		set16(b, b->ip4_off + 10, 0);
		c = ~frame_csum_fold(frame_csum_add(0, b->p + b->ip4_off, 20));
		if (s->bad_csum)
			c ^= 0x00ff;
		set16(b, b->ip4_off + 10, c);
	}
	if (!b->l4_proto)
		return;
	set16(b, b->l4_csum, 0);
	if (b->ip_ver == 4) {
		sum = frame_csum_add(sum, b->p + b->ip4_off + 12, 8);
		ph[0] = 0;
		ph[1] = b->l4_proto;
		ph[2] = l4len >> 8;
		ph[3] = l4len & 0xff;
		sum = frame_csum_add(sum, ph, 4);
	} else {
		uint8_t ph6[8] = { l4len >> 24, l4len >> 16, l4len >> 8, l4len, 0, 0, 0,
				   b->l4_proto };

		sum = frame_csum_add(sum, b->p + b->ip6_off + 8, 32);
		sum = frame_csum_add(sum, ph6, 8);
	}
	sum = frame_csum_add(sum, b->p + b->l4_off, l4len);
	c = ~frame_csum_fold(sum);
	if (!c && b->l4_proto == IPPROTO_UDP_)
		c = 0xffff;
	if (s->bad_csum)
		c = c == 0x1234 ? 0x4321 : 0x1234;
	set16(b, b->l4_csum, c);
}

int frame_build_info(const struct frame_spec *spec, unsigned char *buf, size_t cap,
		     struct frame_info *info)
{
	struct resolved r;
	struct fb b;
	size_t len;
	int i;

	if (!spec || resolve(spec, &r))
		return -1;
	memset(&b, 0, sizeof(b));
	b.cap = 4096 + r.s.pad_to;
	b.p = calloc(1, b.cap);
	if (!b.p)
		return -1;
	w_frame(&b, &r);
	if (b.err)
		goto fail;
	fix_lengths(&b, &r.s);
	for (i = 0; i < r.s.npokes; i++) {
		size_t off = b.l3_off + r.s.pokes[i].off;

		if (off >= b.len)
			goto fail;
		b.p[off] = r.s.pokes[i].val;
	}
	fix_csums(&b, &r.s);

	len = b.len;
	if (r.s.set & FS_TRUNC) {
		if (r.s.truncate < len)
			len = r.s.truncate;
	} else if (r.trunc_l3 >= 0 && b.l3_off + (size_t)r.trunc_l3 < len) {
		len = b.l3_off + r.trunc_l3;
	}
	if (len > cap || len > 0x7fffffff)
		goto fail;
	memcpy(buf, b.p, len);
	if (info) {
		info->len = b.len;
		info->l3_off = b.l3_off;
		info->l4_off = b.l4_off;
		info->ntags = b.ntags;
		info->proto = b.proto;
	}
	free(b.p);
	return (int)len;
fail:
	free(b.p);
	return -1;
}

int frame_build(const struct frame_spec *s, unsigned char *buf, size_t cap)
{
	return frame_build_info(s, buf, cap, NULL);
}

/* --- parsing --- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int frame_parse_mac(const char *str, uint8_t mac[6])
{
	int i;

	for (i = 0; i < 6; i++) {
		int hi = hexval(str[0]), lo = hi < 0 ? -1 : hexval(str[1]);

		if (hi < 0)
			return -1;
		if (lo < 0) {		/* one digit: "2:0:0:0:0:1" */
			mac[i] = hi;
			str += 1;
		} else {
			mac[i] = hi << 4 | lo;
			str += 2;
		}
		if (i < 5 && *str != ':' && *str != '-')
			return -1;
		if (i < 5)
			str++;
	}
	return *str ? -1 : 0;
}

int frame_parse_ip4(const char *str, uint8_t ip[4])
{
	return inet_pton(AF_INET, str, ip) == 1 ? 0 : -1;
}

int frame_parse_ip6(const char *str, uint8_t ip6[16])
{
	return inet_pton(AF_INET6, str, ip6) == 1 ? 0 : -1;
}

static const char *const dhcp_msg_names[] = {
	NULL, "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK", "RELEASE", "INFORM",
};

int frame_dhcp_msg_from_name(const char *name)
{
	char *end;
	long v;
	int i;

	for (i = 1; i < 9; i++)
		if (!strcasecmp(name, dhcp_msg_names[i]))
			return i;
	errno = 0;
	v = strtol(name, &end, 0);
	if (!*name || *end || errno || v < 0 || v > 255)
		return -1;
	return (int)v;
}

const char *frame_dhcp_msg_name(int msg)
{
	return msg > 0 && msg < 9 ? dhcp_msg_names[msg] : NULL;
}

static const char *const dhcp6_msg_names[] = {
	NULL, "SOLICIT", "ADVERTISE", "REQUEST", "CONFIRM", "RENEW", "REBIND", "REPLY", "RELEASE",
	"DECLINE", "RECONFIGURE", "INFORMATION-REQUEST", "RELAY-FORW", "RELAY-REPL",
};

#define DHCP6_NMSG	(sizeof(dhcp6_msg_names) / sizeof(dhcp6_msg_names[0]))

int frame_dhcp6_msg_from_name(const char *name)
{
	char *end;
	long v;
	size_t i;

	for (i = 1; i < DHCP6_NMSG; i++)
		if (!strcasecmp(name, dhcp6_msg_names[i]))
			return (int)i;
	errno = 0;
	v = strtol(name, &end, 0);
	if (!*name || *end || errno || v < 0 || v > 255)
		return -1;
	return (int)v;
}

const char *frame_dhcp6_msg_name(int msg)
{
	return msg > 0 && (size_t)msg < DHCP6_NMSG ? dhcp6_msg_names[msg] : NULL;
}
