/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port security decisions: given what the glue found out about one frame and its port, is it
 * dropped, and why (enum vmroam_drop_reason)? Pure core, no kernel headers: the unit tests walk
 * every combination.
 */
#ifndef VR_CORE_GUARD_H
#define VR_CORE_GUARD_H

#include <linux/vmroam.h>

/* vr_guard_decide() result for a frame that passes */
#define VR_GUARD_PASS	(-1)

/* What the glue knows of one frame. Flags are 0 or 1. */
struct vr_guard_facts {
	/* the port */
	unsigned char trusted;		/* no check applies */
	unsigned char lock;
	unsigned char arp_inspect;
	unsigned char ip_guard;
	unsigned char nd_inspect;	/* ND must agree with the bindings; first claims bind */
	unsigned char ra_guard;		/* no router advertisement, no redirect */
	unsigned char check_bad_ip;	/* ARP inspection refuses sender IPs no host may have */
	unsigned int max_macs;		/* 0: no limit */
	unsigned int macs;		/* MACs bound to the port now */
	/* the frame */
	int type;			/* enum vmroam_frame_type, VR_FT_NONE or VR_FT_UNPARSED */
	unsigned char is_ip;		/* an IPv4 or IPv6 frame (for the IP source guard) */
	unsigned char other_proto;	/* its EtherType is none of IPv4, IPv6, ARP, RARP */
	unsigned char unparsed;		/* VR_FT_UNPARSED, or a VLAN tag of another protocol */
	/* its source MAC */
	unsigned char mac_bound;	/* has a binding (active or departed) */
	unsigned char mac_here;		/* ... on this port */
	unsigned char mac_frozen;	/* ... frozen (it flapped) */
	unsigned char sanctioned;	/* a sanctioned migration brings it to this port */
	/* the MAC its fields name (ARP sender, ND link-layer option, DHCP chaddr) is its source */
	unsigned char src_is_sha;
	/* ARP: sender fields; IP: source address */
	unsigned char ip_zero;		/* sender/source address unspecified (probe, DHCP, DAD) */
	unsigned char ip_bad;		/* a sender IP no host may have */
	unsigned char ip_exempt;	/* IPv6 link-local source: not guarded */
	/* the address is bound (dhcp, static or migrated) to this MAC on this port */
	unsigned char ip_bound;
	unsigned char rate_ok;		/* the port's ARP (for ND: ND) rate allows one more */
	/*
	 * ND: the address it claims (an NS's source, a DAD NS's or an NA's target) is bound to
	 * another MAC whose VM is active; or this MAC may hold it (it does, or it may claim one
	 * more under the port's max-addrs)
	 */
	unsigned char addr_taken;
	unsigned char addr_claim_ok;
	/* ND: its IPv6 source is the address it claims (an NS's always; an NA's if its target) */
	unsigned char src_claimed;
};

/*
 * The decision: VR_GUARD_PASS, or the reason the frame is dropped. The checks come in this
 * order: what every untrusted port refuses (a malformed frame of ours, a DHCP or DHCPv6 server,
 * fields that name another MAC than the source), RA guard (router advertisements, redirects),
 * what a port that guards cannot see into (unparsed, and with the IP source guard any other
 * EtherType), frozen MAC, MAC locking, max-macs, ARP inspection (rate, bad address, binding),
 * the ND rate and ND inspection (address taken, claim refused), IP source guard.
 */
int vr_guard_decide(const struct vr_guard_facts *f);

/* may a host have @ip (network order) as its own? Not 0/8, loopback, multicast, class E */
int vr_ip4_is_bad(unsigned int ip);

/* is the frame type one of ARP inspection's (ARP and RARP)? */
int vr_type_is_arp(int type);

/* is the frame type neighbour discovery (NS, DAD, NA)? */
int vr_type_is_nd(int type);

/* does a port with these settings guard: check each frame's source, drop what it cannot parse? */
int vr_guard_port_guards(unsigned char lock, unsigned int max_macs, unsigned char arp_inspect,
			 unsigned char ip_guard, unsigned char nd_inspect, unsigned char ra_guard);

#endif /* VR_CORE_GUARD_H */
