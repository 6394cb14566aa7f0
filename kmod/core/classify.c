// SPDX-License-Identifier: GPL-2.0
/*
 * Frame classification (see classify.h).
 *
 * The rule for what is "malformed": once a frame is certainly one of ours (an ARP or RARP
 * EtherType, UDP to a DHCP or DHCPv6 port, ICMPv6 type 134 to 137: RA, NS, NA, redirect),
 * anything truncated or inconsistent in it is malformed. Before that point we cannot tell a broken
 * frame of ours from someone else's, so a truncated IPv4 or IPv6 header is simply not ours
 * (VR_FT_NONE) and left to the stack. A frame we cannot look into at all (inside two VLAN tags,
 * behind a long chain of IPv6 extension headers, an IPv6 first fragment that leaves the ICMPv6 or
 * UDP header to a later one) is VR_FT_UNPARSED: whether it is ours is unknown, and an untrusted
 * port that guards drops it rather than let what it may carry past the checks. A later fragment
 * is not ours: without its first one, no receiver takes it for an ND or DHCPv6 message (RFC 7112,
 * RFC 7113).
 *
 * What the receivers accept decides what is ours: Linux's arp_process() takes ARP with the
 * IEEE 802 hardware type (6) on Ethernet as well as type 1; a DHCP client takes a BOOTREPLY to
 * port 68 whatever its source port, and a DHCPv6 client or relay UDP to port 546 or 547; Linux's
 * ndisc takes ND, router advertisements and redirects behind hop-by-hop, destination and routing
 * headers.
 */
#include "classify.h"

#define vr_memcpy	__builtin_memcpy
#define vr_memset	__builtin_memset

#define VR_ARP_LEN		28	/* Ethernet/IPv4 ARP body */
#define VR_IP4_MIN_LEN		20
#define VR_UDP_LEN		8
#define VR_BOOTP_FIXED_LEN	236	/* up to the magic cookie */
#define VR_BOOTP_CHADDR_END	44
#define VR_DHCP_MAGIC		0x63825363
#define VR_DHCP_OPT_MAX		312	/* options parsed: the RFC 2131 minimum message */
#define VR_IP6_LEN		40
#define VR_ND_LEN		24	/* ICMPv6 header, flags, target */
#define VR_ND_OPT_MAX		256	/* options parsed */
#define VR_RA_LEN		16	/* ICMPv6 header, hop limit, flags, lifetime, timers */
#define VR_REDIRECT_LEN		40	/* ICMPv6 header, reserved, target, destination */
#define VR_IPPROTO_UDP		17
#define VR_IPPROTO_ICMPV6	58
#define VR_ND_RA		134
#define VR_ND_NS		135
#define VR_ND_NA		136
#define VR_ND_REDIRECT		137
#define VR_ND_OPT_SLLA		1	/* source link-layer address */
#define VR_ND_OPT_TLLA		2	/* target link-layer address */
#define VR_DHCP6_CLIENT_PORT	546
#define VR_DHCP6_SERVER_PORT	547
#define VR_DHCP6_HDR_LEN	4	/* msg-type, transaction-id */
#define VR_DHCP6_RELAY_LEN	34	/* msg-type, hop-count, link-address, peer-address */
#define VR_DHCP6_OPT_IA_NA	3
#define VR_DHCP6_OPT_IAADDR	5
#define VR_DHCP6_IA_NA_LEN	12	/* IAID, T1, T2 */
#define VR_DHCP6_IAADDR_LEN	24	/* address, preferred and valid lifetimes */
#define VR_DHCP6_OPT_MAX	512	/* bytes of options walked */
#define VR_DHCP6_OPTS		64	/* options walked, those inside IA_NA included */
#define VR_ARPHRD_ETHER		1
#define VR_ARPHRD_IEEE802	6
#define VR_IP4_MF		0x2000
#define VR_IP4_OFFSET		0x1fff
#define VR_IP6_HOPOPTS		0
#define VR_IP6_ROUTING		43
#define VR_IP6_FRAGMENT		44
#define VR_IP6_DSTOPTS		60
#define VR_IP6_EXT_MAX		4	/* extension headers followed before ND */

/* where the EtherType's payload starts, and the VLAN it belongs to */
struct vr_cursor {
	unsigned int off;
	unsigned short vlan;
	unsigned char tagged;
};

static inline unsigned short vr_get_be16(const unsigned char *p)
{
	return (unsigned short)(p[0] << 8 | p[1]);
}

static inline unsigned int vr_get_be32(const unsigned char *p)
{
	return (unsigned int)p[0] << 24 | (unsigned int)p[1] << 16 | (unsigned int)p[2] << 8 | p[3];
}

static inline unsigned int vr_load_ip4(const unsigned char *p)
{
	unsigned int ip;

	vr_memcpy(&ip, p, sizeof(ip));
	return ip;
}

static inline int vr_ip6_is_zero(const unsigned char *a)
{
	int i;

	for (i = 0; i < VR_IP6_ALEN; i++)
		if (a[i])
			return 0;
	return 1;
}

/* The frame is ours: start from a clean record. Done late, so other traffic pays nothing. */
static void vr_pkt_init(const struct vr_frame *f, const struct vr_cursor *c, struct vr_pkt *pkt)
{
	vr_memset(pkt, 0, sizeof(*pkt));
	vr_memcpy(pkt->eth_dst, f->eth, VR_ETH_ALEN);
	vr_memcpy(pkt->eth_src, f->eth + VR_ETH_ALEN, VR_ETH_ALEN);
	pkt->vlan = c->vlan;
	pkt->tagged = c->tagged;
}

static int vr_classify_arp(const struct vr_frame *f, const struct vr_cursor *c,
			   unsigned short proto, struct vr_pkt *pkt)
{
	unsigned char buf[VR_ARP_LEN];
	const unsigned char *a;
	unsigned short op;

	vr_pkt_init(f, c, pkt);
	a = vr_env_read(f, c->off, VR_ARP_LEN, buf);
	if (!a)
		return VMROAM_FT_MALFORMED;
	/* Ethernet (1) or IEEE 802 (6) hardware, IPv4 protocol, and their address lengths */
	if ((vr_get_be16(a) != VR_ARPHRD_ETHER && vr_get_be16(a) != VR_ARPHRD_IEEE802) ||
	    vr_get_be16(a + 2) != VR_ETH_P_IP || a[4] != VR_ETH_ALEN || a[5] != 4)
		return VMROAM_FT_MALFORMED;
	op = vr_get_be16(a + 6);
	vr_memcpy(pkt->sha, a + 8, VR_ETH_ALEN);
	pkt->sip = vr_load_ip4(a + 14);
	vr_memcpy(pkt->tha, a + 18, VR_ETH_ALEN);
	pkt->tip = vr_load_ip4(a + 24);

	/* RARP opcodes are RARP under either EtherType; ARP opcodes under RARP's are not */
	if (op == 3)
		return VMROAM_FT_RARP_REQUEST;
	if (op == 4)
		return VMROAM_FT_RARP_REPLY;
	if (proto == VR_ETH_P_RARP)
		return VMROAM_FT_MALFORMED;

	if (op == 1) {
		if (!pkt->sip)
			return VMROAM_FT_ARP_PROBE;
		if (pkt->sip == pkt->tip)
			return VMROAM_FT_ARP_GARP_REQUEST;
		return vr_env_ip4_is_local(f, pkt->tip) ? VMROAM_FT_ARP_REQUEST_LOCAL :
							  VMROAM_FT_ARP_REQUEST_OTHER;
	}
	if (op == 2) {
		if (pkt->sip && pkt->sip == pkt->tip)
			return VMROAM_FT_ARP_GARP_REPLY;
		if (pkt->eth_dst[0] & 1)
			return VMROAM_FT_ARP_REPLY_BROADCAST;
		return vr_env_mac_is_local(f, pkt->eth_dst) ? VMROAM_FT_ARP_REPLY_LOCAL :
							       VMROAM_FT_ARP_REPLY_OTHER;
	}
	return VMROAM_FT_MALFORMED;
}

/*
 * DHCP options we keep; returns 0, or -1 when an option runs past the message. The first
 * VR_DHCP_OPT_MAX bytes of the @len at @off are walked option by option, one small read each:
 * the code, the length and the 4 bytes after them, as far as the bytes walked go; the options
 * we keep (53: 1 byte, 51: 4) are within them. Nothing large goes on the stack: this runs in
 * softirq.
 */
static int vr_dhcp_options(const struct vr_frame *f, unsigned int off, unsigned int len,
			   struct vr_pkt *pkt)
{
	unsigned char buf[6];
	const unsigned char *o;
	unsigned int i = 0, n = len < VR_DHCP_OPT_MAX ? len : VR_DHCP_OPT_MAX;

	/* the @n bytes walked must all be there, whatever the options in them say */
	if (!vr_env_read(f, n ? off + n - 1 : off, n ? 1 : 0, buf))
		return -1;
	while (i < n) {
		unsigned char code, olen;

		o = vr_env_read(f, off + i, n - i < sizeof(buf) ? n - i : sizeof(buf), buf);
		if (!o)
			return -1;
		code = o[0];
		if (code == 0) {		/* pad */
			i++;
			continue;
		}
		if (code == 255)		/* end */
			return 0;
		/* an option past the parsed bytes is malformed only if it is past the message */
		if (i + 2 > n || i + 2 + o[1] > n)
			return n == len ? -1 : 0;
		/* from here, the 2 + olen bytes of the option are walked: the first 6 are in o */
		olen = o[1];
		if (code == 53 && olen == 1)
			pkt->dhcp_msg = o[2] <= VR_DHCP_INFORM ? o[2] : VR_DHCP_NONE;
		else if (code == 51 && olen == 4)
			pkt->dhcp_lease = vr_get_be32(o + 2);
		i += 2 + olen;
	}
	return 0;
}

static int vr_classify_ip4(const struct vr_frame *f, const struct vr_cursor *c,
			   struct vr_pkt *pkt)
{
	unsigned char buf[VR_IP4_MIN_LEN], ubuf[VR_UDP_LEN], bbuf[VR_BOOTP_CHADDR_END], mbuf[4];
	const unsigned char *ip, *udp, *b, *magic;
	unsigned int ihl, tot_len, ulen, boff, blen;
	unsigned short dport, frag;

	ip = vr_env_read(f, c->off, VR_IP4_MIN_LEN, buf);
	if (!ip || ip[9] != VR_IPPROTO_UDP || (ip[0] >> 4) != 4 || (ip[0] & 0xf) < 5)
		return VR_FT_NONE;
	frag = vr_get_be16(ip + 6);
	if (frag & VR_IP4_OFFSET)	/* a later fragment has no UDP header */
		return VR_FT_NONE;
	ihl = (ip[0] & 0xf) * 4;
	udp = vr_env_read(f, c->off + ihl, 4, ubuf);	/* the ports decide */
	if (!udp)
		return VR_FT_NONE;
	/* to a server (or a relay) or to a client: the destination port is what receivers go by */
	dport = vr_get_be16(udp + 2);
	if (dport != 67 && dport != 68)
		return VR_FT_NONE;

	/* DHCP for certain: from here on, inconsistent means malformed */
	vr_pkt_init(f, c, pkt);
	/* a DHCP message in fragments: its options are out of sight, and no DHCP stack sends it */
	if (frag & VR_IP4_MF)
		return VMROAM_FT_MALFORMED;
	udp = vr_env_read(f, c->off + ihl, VR_UDP_LEN, ubuf);
	if (!udp)
		return VMROAM_FT_MALFORMED;
	tot_len = vr_get_be16(ip + 2);
	ulen = vr_get_be16(udp + 4);
	if (tot_len < ihl + VR_UDP_LEN || tot_len > f->len - c->off ||
	    ulen < VR_UDP_LEN || ulen > tot_len - ihl)
		return VMROAM_FT_MALFORMED;
	boff = c->off + ihl + VR_UDP_LEN;
	blen = ulen - VR_UDP_LEN;
	if (blen < VR_BOOTP_FIXED_LEN + 4)
		return VMROAM_FT_MALFORMED;
	b = vr_env_read(f, boff, VR_BOOTP_CHADDR_END, bbuf);
	magic = vr_env_read(f, boff + VR_BOOTP_FIXED_LEN, 4, mbuf);
	if (!b || !magic)
		return VMROAM_FT_MALFORMED;
	/*
	 * Ethernet chaddr, the DHCP magic cookie, and an op that agrees with the port: a client
	 * port takes only BOOTREPLY; a server port takes BOOTREQUEST, and BOOTREPLY from a server
	 * to a relay agent. Whatever its source port, a BOOTREPLY is a server's message.
	 */
	if (b[1] != 1 || b[2] != VR_ETH_ALEN || vr_get_be32(magic) != VR_DHCP_MAGIC)
		return VMROAM_FT_MALFORMED;
	if ((b[0] != 1 && b[0] != 2) || (dport == 68 && b[0] != 2))
		return VMROAM_FT_MALFORMED;
	pkt->sip = vr_load_ip4(b + 12);		/* ciaddr */
	pkt->tip = vr_load_ip4(b + 16);		/* yiaddr */
	vr_memcpy(pkt->sha, b + 28, VR_ETH_ALEN);
	if (vr_dhcp_options(f, boff + VR_BOOTP_FIXED_LEN + 4, blen - VR_BOOTP_FIXED_LEN - 4, pkt))
		return VMROAM_FT_MALFORMED;
	return b[0] == 1 ? VMROAM_FT_DHCP_CLIENT : VMROAM_FT_DHCP_SERVER;
}

/*
 * ND options (RFC 4861 4.6), taking sha from the link-layer address option of type @lla_type
 * (0: none); returns 0, or -1 for a zero-length or overlong option. The first VR_ND_OPT_MAX
 * bytes of the @len at @off are walked option by option, one small read each: the type, the
 * length and the 6 bytes after them (a link-layer address), as far as the bytes walked go.
 */
static int vr_nd_options(const struct vr_frame *f, unsigned int off, unsigned int len,
			 unsigned char lla_type, struct vr_pkt *pkt)
{
	unsigned char buf[2 + VR_ETH_ALEN];
	const unsigned char *o;
	unsigned int i = 0, n = len < VR_ND_OPT_MAX ? len : VR_ND_OPT_MAX;

	if (!len)
		return 0;
	/* the @n bytes walked must all be there, whatever the options in them say */
	if (!vr_env_read(f, off + n - 1, 1, buf))
		return -1;
	while (i + 2 <= n) {
		unsigned int olen;

		o = vr_env_read(f, off + i, n - i < sizeof(buf) ? n - i : sizeof(buf), buf);
		if (!o)
			return -1;
		olen = o[1] * 8;
		if (!olen || i + olen > len)
			return -1;
		if (i + olen > n)	/* beyond what we parse, but within the message */
			return 0;
		/* from here, the olen bytes of the option are walked: the first 8 are in o */
		if (lla_type && o[0] == lla_type && olen == 8) {
			vr_memcpy(pkt->sha, o + 2, VR_ETH_ALEN);
			pkt->has_lla = 1;
		}
		i += olen;
	}
	return i == len || n < len ? 0 : -1;
}

/*
 * Past the extension headers Linux processes before ND to the upper-layer header: VR_IPPROTO_ICMPV6
 * or VR_IPPROTO_UDP with @off there (and *@frag set when it comes in a first fragment); 0 when
 * the frame carries neither that we could see (another protocol, a later fragment, truncated);
 * VR_FT_UNPARSED beyond VR_IP6_EXT_MAX headers, or when a first fragment does not hold the whole
 * chain of headers (RFC 7112): what follows it is in a later fragment.
 */
static int vr_ip6_upper(const struct vr_frame *f, unsigned int *off, unsigned char nh,
			int *frag)
{
	unsigned char buf[8];
	const unsigned char *h;
	int i;

	for (i = 0; nh != VR_IPPROTO_ICMPV6 && nh != VR_IPPROTO_UDP; i++) {
		if (nh != VR_IP6_HOPOPTS && nh != VR_IP6_ROUTING && nh != VR_IP6_DSTOPTS &&
		    nh != VR_IP6_FRAGMENT)
			return 0;
		if (i == VR_IP6_EXT_MAX)
			return VR_FT_UNPARSED;
		h = vr_env_read(f, *off, 8, buf);
		if (!h)
			return *frag ? VR_FT_UNPARSED : 0;
		if (nh == VR_IP6_FRAGMENT) {
			if (vr_get_be16(h + 2) & 0xfff8)	/* a later fragment */
				return 0;
			*frag = 1;
			*off += 8;
		} else {
			*off += (h[1] + 1) * 8;
		}
		nh = h[0];
	}
	return nh;
}

/*
 * What every ND message is checked for once it is certainly one (RFC 4861 6.1.1, 6.1.2, 7.1,
 * 8.1; RFC 6980): not in a fragment, hop limit 255, a payload length that holds the @fixed part
 * and stays within the frame. Returns the length of the ICMPv6 message, or 0 when malformed.
 */
static unsigned int vr_nd_len(const struct vr_frame *f, const struct vr_cursor *c,
			      const unsigned char *ip6, unsigned int off, int frag,
			      unsigned int fixed)
{
	unsigned int plen = vr_get_be16(ip6 + 4), ext = off - c->off - VR_IP6_LEN;

	if (frag || plen < ext + fixed || plen > f->len - c->off - VR_IP6_LEN || ip6[7] != 255)
		return 0;
	return plen - ext;
}

/* neighbour solicitation and advertisement */
static int vr_classify_nd(const struct vr_frame *f, const struct vr_cursor *c,
			  const unsigned char *ip6, unsigned int off, int frag, int is_ns,
			  struct vr_pkt *pkt)
{
	unsigned char nbuf[VR_ND_LEN];
	const unsigned char *nd;
	unsigned int len;

	vr_pkt_init(f, c, pkt);
	len = vr_nd_len(f, c, ip6, off, frag, VR_ND_LEN);
	if (!len)
		return VMROAM_FT_MALFORMED;
	nd = vr_env_read(f, off, VR_ND_LEN, nbuf);
	if (!nd || nd[1] != 0)
		return VMROAM_FT_MALFORMED;
	vr_memcpy(pkt->sip6, ip6 + 8, VR_IP6_ALEN);
	vr_memcpy(pkt->tip6, nd + 8, VR_IP6_ALEN);
	if (pkt->tip6[0] == 0xff)		/* a multicast target */
		return VMROAM_FT_MALFORMED;
	/* source link-layer option in a solicitation, target link-layer in an advertisement */
	if (vr_nd_options(f, off + VR_ND_LEN, len - VR_ND_LEN,
			  is_ns ? VR_ND_OPT_SLLA : VR_ND_OPT_TLLA, pkt))
		return VMROAM_FT_MALFORMED;
	if (!pkt->has_lla)
		vr_memcpy(pkt->sha, pkt->eth_src, VR_ETH_ALEN);

	if (is_ns) {
		if (!vr_ip6_is_zero(pkt->sip6))
			return VMROAM_FT_ND_NS;
		/* RFC 4861 7.1.1: no source link-layer option from the unspecified address */
		return pkt->has_lla ? VMROAM_FT_MALFORMED : VMROAM_FT_ND_NS_DAD;
	}
	pkt->nd_router = !!(nd[4] & 0x80);
	pkt->nd_override = !!(nd[4] & 0x20);
	if (nd[4] & 0x40) {
		/* RFC 4861 7.1.2: solicited flag only on an advertisement to a unicast address */
		if (ip6[24] == 0xff)
			return VMROAM_FT_MALFORMED;
		return VMROAM_FT_ND_NA_SOLICITED;
	}
	return VMROAM_FT_ND_NA_UNSOLICITED;
}

/*
 * Router advertisement and redirect: what a router says. The sender is the RA's source
 * link-layer option, else the Ethernet source; a redirect's target link-layer option names the
 * target, not the sender, so its sender is the Ethernet source.
 */
static int vr_classify_router(const struct vr_frame *f, const struct vr_cursor *c,
			      const unsigned char *ip6, unsigned int off, int frag, int is_ra,
			      struct vr_pkt *pkt)
{
	unsigned char nbuf[VR_ND_LEN];
	const unsigned char *nd;
	unsigned int len, fixed = is_ra ? VR_RA_LEN : VR_REDIRECT_LEN;

	vr_pkt_init(f, c, pkt);
	len = vr_nd_len(f, c, ip6, off, frag, fixed);
	if (!len)
		return VMROAM_FT_MALFORMED;
	/* an RA's code; a redirect's code and target */
	nd = vr_env_read(f, off, is_ra ? 2 : VR_ND_LEN, nbuf);
	if (!nd || nd[1] != 0)
		return VMROAM_FT_MALFORMED;
	vr_memcpy(pkt->sip6, ip6 + 8, VR_IP6_ALEN);
	if (!is_ra)
		vr_memcpy(pkt->tip6, nd + 8, VR_IP6_ALEN);
	if (vr_nd_options(f, off + fixed, len - fixed, is_ra ? VR_ND_OPT_SLLA : 0, pkt))
		return VMROAM_FT_MALFORMED;
	if (!pkt->has_lla)
		vr_memcpy(pkt->sha, pkt->eth_src, VR_ETH_ALEN);
	return is_ra ? VMROAM_FT_ND_RA : VMROAM_FT_ND_REDIRECT;
}

/* how far the DHCPv6 options are walked */
struct vr_dhcp6_walk {
	unsigned int limit;	/* no option header or IAADDR is read past this offset */
	unsigned int budget;	/* options left to walk */
};

/*
 * The DHCPv6 options in [@off, @end) (RFC 8415 21.1): @level 1 for a message's own, whose IA_NA
 * (21.4) is looked into; 2 inside an IA_NA, whose IAADDR (21.6) are kept; 0 only walked (a
 * relay's); it recurses once, into an IA_NA. Returns 0, or -1 when an option is shorter than its
 * fixed part or runs past what holds it. The walk stops, without a verdict on the rest, past the
 * limit or the budget.
 */
static int vr_dhcp6_options(const struct vr_frame *f, struct vr_dhcp6_walk *w, unsigned int off,
			    unsigned int end, int level, struct vr_pkt *pkt)
{
	unsigned char hbuf[4], abuf[VR_DHCP6_IAADDR_LEN];
	const unsigned char *h, *a;
	unsigned int code, len;

	while (off < end) {
		if (end - off < 4)		/* an option header cut by the end */
			return -1;
		if (!w->budget || off + 4 > w->limit)
			return 0;
		w->budget--;
		h = vr_env_read(f, off, 4, hbuf);
		if (!h)
			return -1;
		code = vr_get_be16(h);
		len = vr_get_be16(h + 2);
		off += 4;
		if (len > end - off)
			return -1;
		if (level == 1 && code == VR_DHCP6_OPT_IA_NA) {
			if (len < VR_DHCP6_IA_NA_LEN ||
			    vr_dhcp6_options(f, w, off + VR_DHCP6_IA_NA_LEN, off + len, 2, pkt))
				return -1;
		} else if (level == 2 && code == VR_DHCP6_OPT_IAADDR) {
			if (len < VR_DHCP6_IAADDR_LEN)
				return -1;
			if (pkt->n_ia < VR_DHCP6_ADDRS && off + VR_DHCP6_IAADDR_LEN <= w->limit) {
				a = vr_env_read(f, off, VR_DHCP6_IAADDR_LEN, abuf);
				if (!a)
					return -1;
				vr_memcpy(pkt->ia_addr[pkt->n_ia], a, VR_IP6_ALEN);
				pkt->ia_valid[pkt->n_ia] = vr_get_be32(a + 20);
				pkt->n_ia++;
			}
		}
		off += len;
	}
	return 0;
}

/* does a server send DHCPv6 messages of @type (ADVERTISE, REPLY, RECONFIGURE, RELAY-REPL)? */
static int vr_dhcp6_is_server(unsigned char type)
{
	return type == VR_DHCP6_ADVERTISE || type == VR_DHCP6_REPLY ||
	       type == VR_DHCP6_RECONFIGURE || type == VR_DHCP6_RELAY_REPL;
}

/*
 * UDP to port 546 (a client's) or 547 (servers' and relays'), @off at the UDP header: a client
 * takes ADVERTISE, REPLY and RECONFIGURE on its port; the others go to servers and relays.
 */
static int vr_classify_dhcp6(const struct vr_frame *f, const struct vr_cursor *c,
			     const unsigned char *ip6, unsigned int off, int frag,
			     unsigned short dport, struct vr_pkt *pkt)
{
	unsigned char ubuf[VR_UDP_LEN], mbuf[1];
	const unsigned char *udp, *m;
	unsigned int plen = vr_get_be16(ip6 + 4), ext = off - c->off - VR_IP6_LEN, ulen, opts;
	struct vr_dhcp6_walk w;
	int relay, type;

	/* DHCPv6 for certain: from here on, inconsistent means malformed */
	vr_pkt_init(f, c, pkt);
	/* in fragments: its options are out of sight, and no DHCPv6 stack sends it */
	if (frag)
		return VMROAM_FT_MALFORMED;
	udp = vr_env_read(f, off, VR_UDP_LEN, ubuf);
	if (!udp)
		return VMROAM_FT_MALFORMED;
	ulen = vr_get_be16(udp + 4);
	if (plen > f->len - c->off - VR_IP6_LEN || plen < ext + VR_UDP_LEN ||
	    ulen < VR_UDP_LEN + VR_DHCP6_HDR_LEN || ulen > plen - ext)
		return VMROAM_FT_MALFORMED;
	m = vr_env_read(f, off + VR_UDP_LEN, 1, mbuf);
	if (!m)
		return VMROAM_FT_MALFORMED;
	pkt->dhcp6_msg = m[0];
	relay = m[0] == VR_DHCP6_RELAY_FORW || m[0] == VR_DHCP6_RELAY_REPL;
	if (relay && ulen < VR_UDP_LEN + VR_DHCP6_RELAY_LEN)
		return VMROAM_FT_MALFORMED;

	/*
	 * The type and the port agree: a client's port takes ADVERTISE, REPLY and RECONFIGURE,
	 * and only those. A type we do not know goes by the port.
	 */
	if (m[0] >= VR_DHCP6_SOLICIT && m[0] <= VR_DHCP6_RELAY_REPL) {
		int to_client = vr_dhcp6_is_server(m[0]) && m[0] != VR_DHCP6_RELAY_REPL;
		int at_client = dport == VR_DHCP6_CLIENT_PORT;

		if (at_client != to_client)
			return VMROAM_FT_MALFORMED;
		type = vr_dhcp6_is_server(m[0]) ? VMROAM_FT_DHCP6_SERVER : VMROAM_FT_DHCP6_CLIENT;
	} else {
		type = dport == VR_DHCP6_CLIENT_PORT ? VMROAM_FT_DHCP6_SERVER :
						       VMROAM_FT_DHCP6_CLIENT;
	}
	vr_memcpy(pkt->sip6, ip6 + 8, VR_IP6_ALEN);
	/* the client: who sends a client's message, whom a server's goes to */
	vr_memcpy(pkt->sha, type == VMROAM_FT_DHCP6_SERVER ? pkt->eth_dst : pkt->eth_src,
		  VR_ETH_ALEN);

	opts = off + VR_UDP_LEN + (relay ? VR_DHCP6_RELAY_LEN : VR_DHCP6_HDR_LEN);
	w.limit = opts + VR_DHCP6_OPT_MAX;
	w.budget = VR_DHCP6_OPTS;
	if (vr_dhcp6_options(f, &w, opts, off + ulen, relay ? 0 : 1, pkt))
		return VMROAM_FT_MALFORMED;
	return type;
}

static int vr_classify_ip6(const struct vr_frame *f, const struct vr_cursor *c,
			   struct vr_pkt *pkt)
{
	unsigned char buf[VR_IP6_LEN], ubuf[4];
	const unsigned char *ip6, *u;
	unsigned int off = c->off + VR_IP6_LEN, need;
	unsigned short dport;
	int frag = 0, nh;

	ip6 = vr_env_read(f, c->off, VR_IP6_LEN, buf);
	if (!ip6 || (ip6[0] >> 4) != 6)
		return VR_FT_NONE;
	nh = vr_ip6_upper(f, &off, ip6[6], &frag);
	if (nh <= 0)
		return nh ? nh : VR_FT_NONE;
	/* the ICMPv6 type, or the UDP ports, decide */
	need = nh == VR_IPPROTO_UDP ? 4 : 1;
	u = vr_env_read(f, off, need, ubuf);
	/*
	 * A first fragment must hold them (RFC 7112): one that leaves them to a later fragment,
	 * or to the bytes past its payload, may carry anything (RFC 7113)
	 */
	if (frag && (!u || off + need > c->off + VR_IP6_LEN + vr_get_be16(ip6 + 4)))
		return VR_FT_UNPARSED;
	if (!u)
		return VR_FT_NONE;

	if (nh == VR_IPPROTO_UDP) {
		dport = vr_get_be16(u + 2);
		if (dport != VR_DHCP6_CLIENT_PORT && dport != VR_DHCP6_SERVER_PORT)
			return VR_FT_NONE;
		return vr_classify_dhcp6(f, c, ip6, off, frag, dport, pkt);
	}
	switch (u[0]) {
	case VR_ND_NS:
	case VR_ND_NA:
		return vr_classify_nd(f, c, ip6, off, frag, u[0] == VR_ND_NS, pkt);
	case VR_ND_RA:
	case VR_ND_REDIRECT:
		return vr_classify_router(f, c, ip6, off, frag, u[0] == VR_ND_RA, pkt);
	default:
		return VR_FT_NONE;	/* router solicitations among them */
	}
}

int vr_classify(const struct vr_frame *f, struct vr_pkt *pkt)
{
	struct vr_cursor c = { .off = 0 };
	unsigned short proto = f->proto;

	switch (proto) {
	case VR_ETH_P_ARP:
	case VR_ETH_P_RARP:
	case VR_ETH_P_IP:
	case VR_ETH_P_IPV6:
	case VR_ETH_P_8021Q:
	case VR_ETH_P_8021AD:
		break;
	default:
		return VR_FT_NONE;
	}

	if (f->vlan_present) {
		c.vlan = f->vlan_tci & 0xfff;
		c.tagged = 1;
	}
	if (proto == VR_ETH_P_8021Q || proto == VR_ETH_P_8021AD) {
		unsigned char buf[4];
		const unsigned char *tag;

		/* a second tag (QinQ, or a priority tag around a VLAN tag): nothing we follow */
		if (f->vlan_present)
			return VR_FT_UNPARSED;
		tag = vr_env_read(f, 0, 4, buf);
		if (!tag)
			return VR_FT_NONE;
		c.vlan = vr_get_be16(tag) & 0xfff;
		c.tagged = 1;
		c.off = 4;
		proto = vr_get_be16(tag + 2);
		if (proto == VR_ETH_P_8021Q || proto == VR_ETH_P_8021AD)
			return VR_FT_UNPARSED;
	}

	switch (proto) {
	case VR_ETH_P_ARP:
	case VR_ETH_P_RARP:
		return vr_classify_arp(f, &c, proto, pkt);
	case VR_ETH_P_IP:
		return vr_classify_ip4(f, &c, pkt);
	case VR_ETH_P_IPV6:
		return vr_classify_ip6(f, &c, pkt);
	default:
		return VR_FT_NONE;
	}
}
