// SPDX-License-Identifier: GPL-2.0
/* Port security decisions (see guard.h). */
#include "classify.h"
#include "guard.h"

int vr_type_is_arp(int type)
{
	return type >= VMROAM_FT_ARP_GARP_REQUEST && type <= VMROAM_FT_RARP_REPLY;
}

static int vr_type_is_rarp(int type)
{
	return type == VMROAM_FT_RARP_REQUEST || type == VMROAM_FT_RARP_REPLY;
}

int vr_ip4_is_bad(unsigned int ip)
{
	const unsigned char *b = (const unsigned char *)&ip;

	/* "this network" 0/8 (0.0.0.0 itself is a probe's, decided apart), loopback, class D, E */
	return b[0] == 0 || b[0] == 127 || b[0] >= 224;
}

int vr_type_is_nd(int type)
{
	return type >= VMROAM_FT_ND_NS && type <= VMROAM_FT_ND_NA_UNSOLICITED;
}

int vr_guard_port_guards(unsigned char lock, unsigned int max_macs, unsigned char arp_inspect,
			 unsigned char ip_guard, unsigned char nd_inspect, unsigned char ra_guard)
{
	/* RA guard too: an RA hidden behind a header chain it cannot follow must not pass */
	return lock || max_macs || arp_inspect || ip_guard || nd_inspect || ra_guard;
}

int vr_guard_decide(const struct vr_guard_facts *f)
{
	int arp = vr_type_is_arp(f->type), nd = vr_type_is_nd(f->type);
	int guards = vr_guard_port_guards(f->lock, f->max_macs, f->arp_inspect, f->ip_guard,
					  f->nd_inspect, f->ra_guard);

	if (f->trusted)
		return VR_GUARD_PASS;

	/* every untrusted port: what does not parse fails closed, and a frame speaks for itself */
	if (f->type == VMROAM_FT_MALFORMED)
		return VMROAM_DROP_MALFORMED;
	/* DHCP snooping: only trusted ports may serve */
	if (f->type == VMROAM_FT_DHCP_SERVER)
		return VMROAM_DROP_DHCP_SERVER;
	if (f->type == VMROAM_FT_DHCP6_SERVER)
		return VMROAM_DROP_DHCP6_SERVER;
	if (f->type == VMROAM_FT_DHCP_CLIENT && !f->src_is_sha)
		return VMROAM_DROP_DHCP_CHADDR;
	if (arp && !f->src_is_sha)
		return VMROAM_DROP_ARP_SRC_MAC;
	if (nd && !f->src_is_sha)
		return VMROAM_DROP_ND_SRC_MAC;
	/* RA guard (RFC 6105): routers are on ports that say so */
	if (f->ra_guard && f->type == VMROAM_FT_ND_RA)
		return VMROAM_DROP_RA_GUARD;
	if (f->ra_guard && f->type == VMROAM_FT_ND_REDIRECT)
		return VMROAM_DROP_REDIRECT;

	/* a port that guards lets through only what its checks can see into */
	if (guards && (f->unparsed || f->type == VR_FT_UNPARSED))
		return VMROAM_DROP_UNPARSED;
	if (f->ip_guard && f->other_proto)
		return VMROAM_DROP_UNPARSED;

	/* a sanctioned migration carries its binding here: the MAC is this port's */
	if (!f->sanctioned) {
		if (f->mac_frozen && !f->mac_here)
			return VMROAM_DROP_FROZEN;
		if (f->lock && f->mac_bound && !f->mac_here)
			return VMROAM_DROP_MAC_MOVE;
		if (f->max_macs && !f->mac_here && !f->mac_bound && f->macs >= f->max_macs)
			return VMROAM_DROP_MAX_MACS;
	}

	if (arp && f->arp_inspect) {
		if (!f->rate_ok)
			return VMROAM_DROP_ARP_RATE;
		if (vr_type_is_rarp(f->type))
			return f->ip_bound ? VR_GUARD_PASS : VMROAM_DROP_ARP_UNBOUND;
		if (f->ip_zero)			/* a probe claims no address */
			return VR_GUARD_PASS;
		if (f->check_bad_ip && f->ip_bad)
			return VMROAM_DROP_ARP_BAD_IP;
		if (!f->ip_bound)
			return VMROAM_DROP_ARP_UNBOUND;
		return VR_GUARD_PASS;
	}
	if (nd && (f->arp_inspect || f->nd_inspect) && !f->rate_ok)
		return VMROAM_DROP_ND_RATE;
	/* ND inspection: first come, first served (RFC 6620), also for DAD */
	if (nd && f->nd_inspect) {
		if (f->addr_taken)
			return VMROAM_DROP_ND_ADDR_TAKEN;
		if (!f->addr_claim_ok)
			return VMROAM_DROP_ND_UNBOUND;
	}

	if (f->is_ip && f->ip_guard && !arp) {
		/* DHCP before it has an address, DAD, link-local: nothing to check yet */
		/* (a DHCPv6 client speaks from its link-local address, exempt already) */
		if (f->type == VMROAM_FT_DHCP_CLIENT || f->ip_zero || f->ip_exempt)
			return VR_GUARD_PASS;
		/* the claim ND inspection let through binds its source once it passes */
		if (nd && f->nd_inspect && f->src_claimed)
			return VR_GUARD_PASS;
		if (!f->ip_bound)
			return VMROAM_DROP_IP_GUARD;
	}
	return VR_GUARD_PASS;
}
