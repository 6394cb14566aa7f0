/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Frame builders for the vmroam selftests: complete Ethernet frames (destination MAC onwards, no
 * FCS) of every enum vmroam_frame_type, of the frames the classifier must ignore, and of named
 * malformed variants. Plain C and libc; used by the unit tests, the fuzzer's seed corpus, the
 * benchmark and vrsend.
 *
 * Usage: fill a struct frame_spec (kind, plus whichever fields you want to choose, each flagged
 * in .set), and call frame_build(). Every field not flagged takes the kind's default, chosen so
 * that the frame is of that kind: e.g. for VMROAM_FT_ARP_GARP_REQUEST the target IP defaults to
 * the sender IP, so setting only .sip still yields a gratuitous request.
 *
 *	struct frame_spec s = { .kind = VMROAM_FT_ARP_GARP_REQUEST, .set = FS_SIP | FS_VLAN,
 *				.sip = { 192, 168, 1, 7 }, .vlan = 42 };
 *	int len = frame_build(&s, buf, sizeof(buf));
 *
 * Corruption: .pokes overwrite bytes at offsets from the start of the L3 header (the first byte
 * after the innermost EtherType) before the checksums are computed, so the poked field is the
 * only thing wrong; .bad_csum then breaks the checksums; .truncate cuts the finished frame.
 */
#ifndef SELFTESTS_FRAMES_H
#define SELFTESTS_FRAMES_H

#include <stddef.h>
#include <stdint.h>
#include <linux/vmroam.h>

/*
 * Frame kinds: 0 .. VMROAM_FT_COUNT - 1 are enum vmroam_frame_type (VMROAM_FT_MALFORMED builds a
 * truncated ARP request), then frames that are not ours, then malformed variants.
 */
enum frame_kind {
	/* must be ignored (VR_FT_NONE) */
	FK_IPV4_TCP = 64,	/* 10.0.0.2:40000 -> 10.0.0.1:80 SYN */
	FK_IPV4_UDP,		/* UDP 40000 -> 9 (discard); sport/dport may be set */
	FK_IPV4_FRAG,		/* a later fragment of a UDP 68 -> 67 datagram */
	FK_IPV6_TCP,
	FK_IPV6_UDP,		/* UDP 40000 -> 9 (discard); sport/dport may be set */
	FK_ICMP6_ECHO,
	FK_ICMP6_RS,		/* router solicitation: a host's, not a router's */
	FK_LLDP,
	FK_QINQ_ARP,		/* 0x88a8 (svlan) + 0x8100 (vlan) + gratuitous ARP request */
	FK_VLAN2_ARP,		/* 0x8100 + 0x8100 + gratuitous ARP request */
	/* an IPv6 first fragment whose destination options leave the RA to the next (unparsed) */
	FK_RA_FRAG_PUSHED,
	/* malformed (VMROAM_FT_MALFORMED) */
	FK_ARP_BAD_HTYPE,
	FK_ARP_BAD_PTYPE,
	FK_ARP_BAD_HLEN,
	FK_ARP_BAD_PLEN,
	FK_ARP_BAD_OP,
	FK_RARP_ARP_OP,		/* ARP opcode 1 under the RARP EtherType */
	FK_ND_BAD_HOPLIMIT,
	FK_ND_BAD_CODE,
	FK_ND_PLEN_SHORT,	/* payload length below the ND fixed part */
	FK_ND_PLEN_LONG,	/* payload length past the frame */
	FK_ND_ZERO_OPT,		/* an option of length 0 */
	FK_ND_LONG_OPT,		/* an option running past the payload */
	FK_ND_DAD_SLLA,		/* NS from :: with a source link-layer option */
	FK_ND_NA_MCAST,		/* solicited NA to a multicast address */
	FK_ND_MCAST_TARGET,	/* NS for a multicast target */
	FK_DHCP_BAD_COOKIE,
	FK_DHCP_BAD_HTYPE,
	FK_DHCP_BAD_HLEN,
	FK_DHCP_BAD_OP,		/* BOOTREPLY from the client port */
	FK_DHCP_ULEN_SHORT,	/* UDP length below 8 */
	FK_DHCP_ULEN_LONG,	/* UDP length past the IP payload */
	FK_DHCP_IPLEN_LONG,	/* IP total length past the frame */
	FK_DHCP_BOOTP_SHORT,	/* UDP payload shorter than BOOTP + cookie */
	FK_DHCP_TRUNC_OPT,	/* last option runs past the message */
	FK_RA_BAD_HOPLIMIT,	/* RA with hop limit 254 */
	FK_RA_SHORT,		/* RA payload length 12, below its 16-byte fixed part */
	FK_REDIRECT_SHORT,	/* redirect payload length 32, below its 40-byte fixed part */
	FK_RA_FRAG,		/* RA in a first fragment (RFC 6980) */
	/* DHCPv6 (frame_kind_is_dhcp6() knows these are) */
	FK_DHCP6_CLIENT_TO_546,	/* SOLICIT to the client port */
	FK_DHCP6_ADVERTISE_TO_547,
	FK_DHCP6_TRUNC_OPT,	/* last option runs past the message */
	FK_DHCP6_IA_SHORT,	/* IA_NA of 8 bytes (IAID, T1) */
	FK_DHCP6_IAADDR_SHORT,	/* IAADDR of 20 bytes (address, preferred lifetime) */
	__FK_END,
};

/* frame_kind_expect() for a frame the classifier must not claim */
#define FRAME_EXPECT_NONE	(-1)		/* VR_FT_NONE */
#define FRAME_EXPECT_UNPARSED	(-2)		/* VR_FT_UNPARSED: may be ours, cannot be seen into */

struct frame_kind_info {
	const char *name;	/* "arp_garp_request", ..., "ipv4_tcp", "arp_bad_htype", ... */
	int kind;
	int expect;		/* enum vmroam_frame_type, FRAME_EXPECT_NONE or _UNPARSED */
	const char *help;
};

extern const struct frame_kind_info frame_kinds[];
extern const size_t frame_nkinds;

const char *frame_kind_name(int kind);		/* NULL if unknown */
int frame_kind_from_name(const char *name);	/* -1 if unknown */
int frame_kind_expect(int kind);		/* what vr_classify() must say; -2 if unknown */
int frame_kind_is_dhcp6(int kind);		/* dhcp6_* and their variants: msg is DHCPv6's */

/* which fields of struct frame_spec were chosen (the others take the kind's defaults) */
enum {
	FS_DMAC		= 1u << 0,
	FS_SMAC		= 1u << 1,
	FS_SHA		= 1u << 2,
	FS_THA		= 1u << 3,
	FS_SIP		= 1u << 4,
	FS_TIP		= 1u << 5,
	FS_SIP6		= 1u << 6,
	FS_TIP6		= 1u << 7,
	FS_DIP6		= 1u << 8,
	FS_VLAN		= 1u << 9,	/* add an in-band 802.1Q tag */
	FS_SVLAN	= 1u << 10,
	FS_TPID		= 1u << 11,
	FS_LEASE	= 1u << 12,
	FS_MSG		= 1u << 13,
	FS_OP		= 1u << 14,
	FS_NDFLAGS	= 1u << 15,
	FS_LLA		= 1u << 16,
	FS_HOPLIMIT	= 1u << 17,
	FS_SPORT	= 1u << 18,
	FS_DPORT	= 1u << 19,
	FS_IPSRC	= 1u << 20,
	FS_IPDST	= 1u << 21,
	FS_TRUNC	= 1u << 22,
	FS_IA		= 1u << 23,	/* n_ia, ia_addr, ia_valid, ia_pref */
	FS_IANA		= 1u << 24,
	FS_RLIFETIME	= 1u << 25,
	FS_PIO		= 1u << 26,
	FS_PREFIX	= 1u << 27,	/* prefix, prefix_len, prefix_valid, prefix_pref */
	FS_ROUTER	= 1u << 28,
	FS_RDST6	= 1u << 29,
};

/* quirks: odd constructions that a poke cannot express */
enum {
	/* end the options (DHCPv6's too) with one that runs past them */
	FQ_DHCP_TRUNC_OPT	= 1u << 0,
	FQ_DHCP_NO_END		= 1u << 1,	/* no end option */
	/*
	 * IPv6: after the IPv6 header, a fragment header (offset 0, more fragments: a first
	 * fragment), then a 16-byte destination options header; and the frame ends after them,
	 * as if the upper-layer header were in the next fragment. Pokes do not follow: offsets
	 * past the IPv6 header move by the headers' length.
	 */
	FQ_IP6_FRAG		= 1u << 2,
	FQ_IP6_DSTOPTS		= 1u << 3,
	FQ_IP6_NO_UPPER		= 1u << 4,
	FQ_DHCP6_IA_SHORT	= 1u << 5,	/* IA_NA of 8 bytes: IAID and T1 */
	FQ_DHCP6_IAADDR_SHORT	= 1u << 6,	/* IAADDRs of 20 bytes: no valid lifetime */
};

/* IA_NA addresses a frame_spec can carry (more than the classifier keeps, VR_DHCP6_ADDRS) */
#define FRAME_IA_MAX	8

#define FRAME_MAX_POKES	8

struct frame_poke {
	uint16_t off;		/* from the start of the L3 header */
	uint8_t val;
};

struct frame_spec {
	int kind;		/* enum vmroam_frame_type or enum frame_kind */
	unsigned int set;	/* FS_* */
	uint8_t dmac[6], smac[6];
	/*
	 * ARP/RARP sender/target hardware address. sha is also the ND link-layer address option
	 * (NS, RA: source; NA, redirect: target), the DHCP chaddr and the DHCPv6 client (its
	 * DUID-LL, and the Ethernet destination of a server's message)
	 */
	uint8_t sha[6], tha[6];
	/* ARP/RARP sender/target IP; DHCP ciaddr/yiaddr */
	uint8_t sip[4], tip[4];
	/* IPv4 source/destination of the IP frames (DHCP: client 0.0.0.0 -> 255.255.255.255) */
	uint8_t ip_src[4], ip_dst[4];
	/* IPv6 source, ND and redirect target, IPv6 destination */
	uint8_t sip6[16], tip6[16], dip6[16];
	uint16_t vlan;		/* TCI of the in-band tag (PCP and DEI bits included) */
	uint16_t svlan;		/* TCI of the QinQ outer tag */
	uint16_t tpid;		/* TPID of the single tag (default 0x8100) */
	uint32_t lease;		/* DHCP option 51, seconds */
	/* DHCP option 53 (1 DISCOVER .. 8 INFORM); DHCPv6 msg-type (1 SOLICIT .. 13 RELAY-REPL) */
	int dhcp_msg;
	uint16_t op;		/* ARP/RARP opcode, BOOTP op */
	uint8_t nd_flags;	/* NA: 0x80 R, 0x40 S, 0x20 O; RA: 0x80 M, 0x40 O */
	uint8_t nd_router;	/* NA: the R flag, the other flags as they are */
	uint8_t lla;		/* ND, RA, redirect: include the link-layer address option */
	uint8_t hoplimit;	/* IPv6 hop limit, IPv4 TTL */
	uint16_t sport, dport;	/* UDP/TCP ports */
	/* RA: router lifetime, and a prefix information option (flags L and A) */
	uint16_t rlifetime;
	uint8_t pio;
	uint8_t prefix[16], prefix_len;
	uint32_t prefix_valid, prefix_pref;
	uint8_t rdst6[16];	/* redirect: the destination redirected */
	/* DHCPv6: an IA_NA option (none in RECONFIGURE, INFORMATION-REQUEST, relay messages) */
	uint8_t ia_na;
	int n_ia;		/* its IAADDRs: address, lifetimes in seconds */
	uint8_t ia_addr[FRAME_IA_MAX][16];
	uint32_t ia_valid[FRAME_IA_MAX], ia_pref[FRAME_IA_MAX];
	size_t pad_to;		/* total frame size to pad to, 0 for none (see frames.c) */
	size_t truncate;	/* with FS_TRUNC: cut the finished frame to this many bytes */
	int l3len_adj;		/* added to the IPv4 total length / IPv6 payload length field */
	int udplen_adj;		/* added to the UDP length field */
	unsigned int quirks;	/* FQ_* */
	uint8_t bad_csum;	/* break the IPv4/UDP/TCP/ICMPv6 checksums */
	int npokes;
	struct frame_poke pokes[FRAME_MAX_POKES];
};

/* where things are in a built frame (before truncation) */
struct frame_info {
	size_t len;		/* the full frame */
	size_t l3_off;		/* first byte after the innermost EtherType */
	size_t l4_off;		/* UDP/TCP/ICMPv6 header; 0 if none */
	int ntags;		/* in-band VLAN tags */
	uint16_t proto;		/* the innermost EtherType */
};

/* offsets from the L3 header, for pokes */
#define FRAME_IP4_UDP		20	/* UDP header after a 20-byte IPv4 header */
#define FRAME_IP4_BOOTP		28	/* BOOTP message */
#define FRAME_BOOTP_COOKIE	236	/* magic cookie, from the BOOTP message */
#define FRAME_IP6_ICMP		40	/* ICMPv6 header */
#define FRAME_IP6_ND_OPTS	64	/* first ND option */
#define FRAME_IP6_RA_OPTS	56	/* first RA option */
#define FRAME_IP6_REDIRECT_OPTS	80	/* first redirect option */
#define FRAME_IP6_UDP		40	/* UDP header */
#define FRAME_IP6_DHCP6		48	/* DHCPv6 message */
#define FRAME_DHCP6_OPTS	4	/* first option, from the DHCPv6 message (not a relay's) */

/*
 * Build the frame @s describes into @buf. Returns its length (after truncation), or -1 when @cap
 * is too small or @s is invalid (unknown kind, poke past the frame, ...).
 */
int frame_build(const struct frame_spec *s, unsigned char *buf, size_t cap);
int frame_build_info(const struct frame_spec *s, unsigned char *buf, size_t cap,
		     struct frame_info *info);

/* add a poke; returns -1 when the list is full */
int frame_poke(struct frame_spec *s, unsigned int off, uint8_t val);
int frame_poke16(struct frame_spec *s, unsigned int off, uint16_t val);

/* the addresses the defaults use */
extern const uint8_t frame_mac_vm[6];		/* 52:54:00:12:34:56, the VM */
extern const uint8_t frame_mac_local[6];	/* 02:00:00:00:00:01, the bridge */
extern const uint8_t frame_mac_other[6];	/* 52:54:00:ab:cd:ef, another host */
extern const uint8_t frame_mac_bcast[6];
extern const uint8_t frame_ip_vm[4];		/* 10.0.0.2 */
extern const uint8_t frame_ip_local[4];		/* 10.0.0.1 */
extern const uint8_t frame_ip_other[4];		/* 10.0.0.3 */
extern const uint8_t frame_ip6_vm[16];		/* fe80::5054:ff:fe12:3456 */
extern const uint8_t frame_ip6_local[16];	/* fe80::1 */
extern const uint8_t frame_ip6_lease[16];	/* 2001:db8::100, the DHCPv6 server's */

/* parsing helpers for command lines: 0 on success, -1 on error */
int frame_parse_mac(const char *str, uint8_t mac[6]);
int frame_parse_ip4(const char *str, uint8_t ip[4]);
int frame_parse_ip6(const char *str, uint8_t ip6[16]);
/* "DISCOVER".."INFORM" (any case) or a number; -1 if unknown */
int frame_dhcp_msg_from_name(const char *name);
const char *frame_dhcp_msg_name(int msg);
/* "SOLICIT".."RELAY-REPL" (RFC 8415 7.3, any case) or a number; -1 if unknown */
int frame_dhcp6_msg_from_name(const char *name);
const char *frame_dhcp6_msg_name(int msg);

/* the Internet checksum of @len bytes, folded, not complemented, starting from @sum */
uint32_t frame_csum_add(uint32_t sum, const void *data, size_t len);
uint16_t frame_csum_fold(uint32_t sum);

#endif /* SELFTESTS_FRAMES_H */
