/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Frame classification: which kind of ARP, RARP, neighbour discovery or DHCPv4 frame this is.
 *
 * Pure core: no kernel and no libc headers. The environment (the module's bridge hook, or a
 * userspace harness) describes the frame in a struct vr_frame and provides the three vr_env_*
 * functions below; the core reads the frame only through vr_env_read(), which has the semantics of
 * skb_header_pointer(), so non-linear and truncated frames are handled in one place.
 *
 * Without kernel or libc headers there is no u8 or uint8_t: the core uses plain C types, and an
 * IPv4 address is an unsigned int holding the frame's bytes as they stand (network byte order),
 * which the kernel glue reads as __be32.
 */
#ifndef VR_CORE_CLASSIFY_H
#define VR_CORE_CLASSIFY_H

#include <linux/vmroam.h>

#define VR_ETH_ALEN	6
#define VR_IP6_ALEN	16

/* vr_classify() result for a frame that is none of ours */
#define VR_FT_NONE	(-1)
/*
 * ... and for one that may be ours but cannot be seen into: stacked VLAN tags, a chain of IPv6
 * extension headers longer than we follow. A port that guards does not let it through.
 */
#define VR_FT_UNPARSED	(-2)

#define VR_ETH_P_IP	0x0800
#define VR_ETH_P_ARP	0x0806
#define VR_ETH_P_RARP	0x8035
#define VR_ETH_P_8021Q	0x8100
#define VR_ETH_P_8021AD	0x88a8
#define VR_ETH_P_IPV6	0x86dd

/*
 * A frame as the bridge sees it: the Ethernet addresses, the EtherType that follows them (after a
 * VLAN tag the NIC or the stack has already taken out), and the bytes after the EtherType, read
 * through vr_env_read(). A frame that still carries an 802.1Q tag in its data is understood too.
 */
struct vr_frame {
	const unsigned char *eth;	/* destination then source MAC: 12 bytes */
	const void *priv;	/* the environment's handle on the frame */
	unsigned int len;		/* bytes readable after the EtherType */
	unsigned short proto;		/* the EtherType, host byte order */
	unsigned short vlan_tci;	/* the offloaded tag, when vlan_present */
	unsigned char vlan_present;
};

/* DHCP message types (option 53) that later policy cares about */
enum vr_dhcp_msg {
	VR_DHCP_NONE, VR_DHCP_DISCOVER, VR_DHCP_OFFER, VR_DHCP_REQUEST, VR_DHCP_DECLINE,
	VR_DHCP_ACK, VR_DHCP_NAK, VR_DHCP_RELEASE, VR_DHCP_INFORM,
};

/* DHCPv6 message types (RFC 8415 7.3) */
enum vr_dhcp6_msg {
	VR_DHCP6_SOLICIT = 1, VR_DHCP6_ADVERTISE, VR_DHCP6_REQUEST, VR_DHCP6_CONFIRM,
	VR_DHCP6_RENEW, VR_DHCP6_REBIND, VR_DHCP6_REPLY, VR_DHCP6_RELEASE, VR_DHCP6_DECLINE,
	VR_DHCP6_RECONFIGURE, VR_DHCP6_INFORMATION_REQUEST, VR_DHCP6_RELAY_FORW,
	VR_DHCP6_RELAY_REPL,
};

/* IA_NA addresses kept from one DHCPv6 message */
#define VR_DHCP6_ADDRS	4

/* What classification learnt about a frame; fields not relevant to its type are zero. */
struct vr_pkt {
	unsigned char eth_dst[VR_ETH_ALEN];
	unsigned char eth_src[VR_ETH_ALEN];
	/*
	 * The host the frame speaks for: ARP/RARP sender hardware address, the ND source (NS) or
	 * target (NA) link-layer address option, else the Ethernet source; DHCP chaddr; DHCPv6:
	 * the client, which is the Ethernet source of a client's message and the Ethernet
	 * destination of a server's.
	 */
	unsigned char sha[VR_ETH_ALEN];
	unsigned char tha[VR_ETH_ALEN];		/* ARP/RARP target hardware address */
	unsigned int sip;		/* ARP sender IP; DHCP ciaddr (network order) */
	unsigned int tip;		/* ARP target IP; DHCP yiaddr (network order) */
	unsigned char sip6[VR_IP6_ALEN];	/* ND, RA, redirect, DHCPv6: IPv6 source */
	unsigned char tip6[VR_IP6_ALEN];	/* ND, redirect: target address */
	unsigned int dhcp_lease;		/* DHCP option 51, seconds; 0 when absent */
	unsigned short vlan;			/* VLAN ID, 0 when untagged */
	unsigned char tagged;			/* the frame carried a VLAN tag */
	unsigned char has_lla;			/* ND: sha came from a link-layer address option */
	unsigned char nd_override;		/* ND NA: O flag */
	unsigned char nd_router;		/* ND NA: R flag */
	unsigned char dhcp_msg;			/* enum vr_dhcp_msg */
	unsigned char dhcp6_msg;		/* enum vr_dhcp6_msg */
	/*
	 * DHCPv6: the addresses of the IA_NA options (IAADDR), in order, the first
	 * VR_DHCP6_ADDRS of them, with their valid lifetimes in seconds (host order)
	 */
	unsigned char n_ia;
	unsigned char ia_addr[VR_DHCP6_ADDRS][VR_IP6_ALEN];
	unsigned int ia_valid[VR_DHCP6_ADDRS];
};

/*
 * Classify @f into an enum vmroam_frame_type, or VR_FT_NONE when it is not an ARP, RARP, ND, RA,
 * redirect, DHCPv4 or DHCPv6 frame, or VR_FT_UNPARSED when it cannot tell. @pkt is filled as far
 * as the frame allowed. Reads at most a few hundred bytes and never allocates; a frame that is
 * only an EtherType away from not being ours costs one compare.
 */
int vr_classify(const struct vr_frame *f, struct vr_pkt *pkt);

/* Provided by the environment. */

/* like skb_header_pointer(): @len bytes at @off after the EtherType, or NULL past the end */
const void *vr_env_read(const struct vr_frame *f, unsigned int off, unsigned int len, void *buf);
/* is @ip an address of this host (the bridge and its upper devices)? */
int vr_env_ip4_is_local(const struct vr_frame *f, unsigned int ip);
/* does @mac belong to this host (the bridge and its upper devices)? */
int vr_env_mac_is_local(const struct vr_frame *f, const unsigned char *mac);

#endif /* VR_CORE_CLASSIFY_H */
