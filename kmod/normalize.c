// SPDX-License-Identifier: GPL-2.0
/*
 * Normalisation.
 *
 * For each ARP, RARP or ND frame from a VM: who it speaks for (its Ethernet source, which its
 * sender fields must name too, in the bridge's VLAN of the frame, with its address), what that
 * shows (a known MAC on a new port, a known IP with a new MAC), and what the policy of the
 * frame's type allows. A move is followed everywhere at once: the binding (here, in softirq,
 * under the bindings lock), this host's neighbour entries of every address of the VM (here too:
 * neigh_update() is softirq-safe and is what arp_process() uses), and the bridge FDB (queued:
 * that needs RTNL). A VM that stays put costs two hash lookups and a store.
 *
 * What a frame cannot prove it does not do: a frame whose sender fields name another MAC than
 * its source changes nothing; an address vouched for another MAC (DHCP, static, a sanction) is
 * neither taken nor put in a neighbour update; a binding that vouches is not moved by a frame
 * while its VM is active where it is; and the FDB entries the operator or another control plane
 * owns are left to them (fdb.c).
 */
#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/netdevice.h>
#include <linux/socket.h>
#include <linux/timekeeping.h>
#include <net/ipv6.h>

#include "binding.h"
#include "core/classify.h"
#include "core/policy.h"
#include "fdb.h"
#include "frame.h"
#include "neigh.h"
#include "netns.h"
#include "normalize.h"
#include "policy.h"
#include "port.h"
#include "stats.h"

static void vmroam_sighting_init(struct vmroam_sighting *s, const struct vmroam_frame *fr)
{
	const struct vr_pkt *pkt = &fr->pkt;
	bool nd = vmroam_frame_is_nd(fr);

	memset(s, 0, sizeof(*s));
	ether_addr_copy(s->key.mac, fr->src);
	s->key.vlan = fr->vid;
	s->ifindex = fr->skb->dev->ifindex;
	s->origin = nd ? VMROAM_ORIGIN_ND : VMROAM_ORIGIN_ARP;
	if (!vr_type_learns_ip(fr->type))
		return;
	if (!nd && pkt->sip) {
		s->family = AF_INET;
		s->ip4 = (__force __be32)pkt->sip;
	} else if (fr->type == VMROAM_FT_ND_NS) {
		/* a solicitation speaks for its source, an advertisement for its target */
		s->family = AF_INET6;
		memcpy(&s->ip6, pkt->sip6, sizeof(s->ip6));
	} else if (nd) {
		s->family = AF_INET6;
		memcpy(&s->ip6, pkt->tip6, sizeof(s->ip6));
	}
	if (s->family == AF_INET6 && (ipv6_addr_any(&s->ip6) || ipv6_addr_is_multicast(&s->ip6)))
		s->family = 0;
}

static const void *vmroam_sighting_addr(const struct vmroam_sighting *s)
{
	return s->family == AF_INET ? (const void *)&s->ip4 : (const void *)&s->ip6;
}

/* @a plus the sighting's own address, when the binding does not hold it (not learnt) */
static void vmroam_addrs_add_sighting(struct vmroam_binding_addrs *a,
				      const struct vmroam_sighting *s)
{
	int i;

	if (s->family == AF_INET) {
		for (i = 0; i < a->n_ip4; i++)
			if (a->ip4[i] == s->ip4)
				return;
		if (a->n_ip4 < VMROAM_BINDING_ADDRS)
			a->ip4[a->n_ip4++] = s->ip4;
	} else if (s->family == AF_INET6) {
		for (i = 0; i < a->n_ip6; i++)
			if (ipv6_addr_equal(&a->ip6[i], &s->ip6))
				return;
		if (a->n_ip6 < VMROAM_BINDING_ADDRS6)
			a->ip6[a->n_ip6++] = s->ip6;
	}
}

/*
 * every address of the VM (RARP carries none, the binding knows them), and the frame's own
 * unless it is vouched for another MAC
 */
static void vmroam_neigh_follow(struct vmroam_net *vn, const struct vmroam_frame *fr,
				const struct vmroam_sighting *s, bool addr_ok, u64 t0)
{
	struct vmroam_binding_addrs a = { .n_ip4 = 0 };

	vmroam_binding_addrs(vn, &s->key, &a);
	if (addr_ok)
		vmroam_addrs_add_sighting(&a, s);
	vmroam_neigh_follow_rcu(vn, fr->br, fr->l3_vlan, s->key.mac, &a, false, t0);
}

void vmroam_normalize_rcu(struct vmroam_net *vn, const struct vmroam_frame *fr)
{
	struct vr_observation obs = { .known = 0 };
	struct vmroam_binding *b, *owner = NULL;
	struct vmroam_sighting s;
	bool addr_ok, elsewhere, vouched = false;
	u32 allowed, act;
	u64 t0;

	/* DHCP is for snooping; a malformed frame, or one naming another MAC, proves nothing */
	if (fr->type >= VMROAM_FT_DHCP_CLIENT || !fr->evidence || !is_valid_ether_addr(fr->src))
		return;
	allowed = vmroam_policy_get_rcu(vn, fr->br->ifindex, fr->type);
	if (!allowed)
		return;

	vmroam_sighting_init(&s, fr);
	b = vmroam_binding_find_rcu(vn, &s.key);
	if (s.family)
		owner = vmroam_binding_find_ip_rcu(vn, s.key.vlan, s.family,
						   vmroam_sighting_addr(&s), &vouched);
	elsewhere = b && READ_ONCE(b->ifindex) != s.ifindex;
	/* a binding that vouches stays where its VM is active: a frame elsewhere moves nothing */
	if (elsewhere && !vmroam_binding_movable(b))
		return;
	/* nor does an address vouched for another MAC follow a frame */
	addr_ok = !owner || owner == b || !vouched;
	obs.known = !!b;
	obs.moved = elsewhere;
	obs.ip_moved = owner && owner != b && addr_ok;
	act = vr_decide(allowed, &obs);
	/* the clock only for a move: the latencies it measures start here */
	t0 = act & ~VR_ACT_LEARN ? ktime_get_ns() : 0;

	if (act & VR_ACT_LEARN) {
		if (b && !obs.moved && (!s.family || owner == b) &&
		    READ_ONCE(b->state) == VMROAM_BINDING_ACTIVE)
			WRITE_ONCE(b->last_seen, jiffies);	/* nothing new */
		else
			vmroam_binding_learn(vn, &s);
		/* an NA says whether its sender routes: its re-announcements say the same */
		if (fr->type == VMROAM_FT_ND_NA_SOLICITED ||
		    fr->type == VMROAM_FT_ND_NA_UNSOLICITED) {
			b = b ?: vmroam_binding_find_rcu(vn, &s.key);
			if (b && READ_ONCE(b->router) != fr->pkt.nd_router)
				WRITE_ONCE(b->router, fr->pkt.nd_router);
		}
	}
	if ((act & VR_ACT_FDB) && obs.moved)
		vmroam_fdb_move(vn, fr->br->ifindex, s.ifindex, s.key.mac, s.key.vlan,
				fr->port && READ_ONCE(fr->port->sec.trusted), t0);
	if (act & VR_ACT_NEIGH)
		vmroam_neigh_follow(vn, fr, &s, addr_ok, t0);
}
