// SPDX-License-Identifier: GPL-2.0
/*
 * Normalisation.
 *
 * For each ARP, RARP or ND frame from a VM: who it speaks for (the sender MAC, its VLAN, its
 * address), what that shows (a known MAC on a new port, a known IP with a new MAC), and what the
 * policy of the frame's type allows. A move is followed everywhere at once: the binding (here, in
 * softirq, under the bindings lock), this host's neighbour entries of every address of the VM
 * (here too: neigh_update() is softirq-safe and is what arp_process() uses), and the bridge FDB
 * (queued: that needs RTNL). A VM that stays put costs two hash lookups and a store.
 */
#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/socket.h>
#include <linux/timekeeping.h>
#include <net/ipv6.h>

#include "binding.h"
#include "core/classify.h"
#include "core/policy.h"
#include "fdb.h"
#include "neigh.h"
#include "netns.h"
#include "normalize.h"
#include "policy.h"
#include "stats.h"

/* the VLAN the frame belongs to on its bridge: its tag, else the port's PVID, else none */
static u16 vmroam_frame_vlan_rcu(const struct net_device *br, const struct net_device *port,
				 const struct vr_pkt *pkt)
{
	u16 pvid = 0;

	if (pkt->tagged)
		return pkt->vlan;
	if (br_vlan_enabled(br) && br_vlan_get_pvid_rcu(port, &pvid))
		pvid = 0;
	return pvid;
}

static void vmroam_sighting_init(struct vmroam_sighting *s, const struct net_device *br,
				 const struct net_device *port, int type,
				 const struct vr_pkt *pkt)
{
	bool nd = type >= VMROAM_FT_ND_NS && type <= VMROAM_FT_ND_NA_UNSOLICITED;

	memset(s, 0, sizeof(*s));
	ether_addr_copy(s->key.mac, pkt->sha);
	s->key.vlan = vmroam_frame_vlan_rcu(br, port, pkt);
	s->ifindex = port->ifindex;
	s->origin = nd ? VMROAM_ORIGIN_ND : VMROAM_ORIGIN_ARP;
	if (!vr_type_learns_ip(type))
		return;
	if (!nd && pkt->sip) {
		s->family = AF_INET;
		s->ip4 = (__force __be32)pkt->sip;
	} else if (type == VMROAM_FT_ND_NS) {
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
		if (a->n_ip6 < VMROAM_BINDING_ADDRS)
			a->ip6[a->n_ip6++] = s->ip6;
	}
}

static void vmroam_neigh_follow(struct vmroam_net *vn, struct net_device *br,
				const struct vmroam_sighting *s, u64 t0)
{
	struct vmroam_binding_addrs a = { .n_ip4 = 0 };

	/* every address of the VM: RARP carries none, the binding knows them */
	vmroam_binding_addrs(vn, &s->key, &a);
	vmroam_addrs_add_sighting(&a, s);
	vmroam_neigh_follow_rcu(vn, br, s->key.vlan, s->key.mac, &a, t0);
}

void vmroam_normalize_rcu(struct vmroam_net *vn, struct sk_buff *skb, int type,
			  const struct vr_pkt *pkt)
{
	struct vr_observation obs = { .known = 0 };
	struct vmroam_binding *b, *owner = NULL;
	struct net_device *port = skb->dev, *br;
	struct vmroam_sighting s;
	u32 allowed, act;
	u64 t0;

	/* DHCP is for snooping, a malformed frame speaks for nobody */
	if (type >= VMROAM_FT_DHCP_CLIENT || !is_valid_ether_addr(pkt->sha))
		return;
	br = netdev_master_upper_dev_get_rcu(port);
	if (!br)
		return;
	allowed = vmroam_policy_get_rcu(vn, br->ifindex, type);
	if (!allowed)
		return;

	vmroam_sighting_init(&s, br, port, type, pkt);
	b = vmroam_binding_find_rcu(vn, &s.key);
	if (s.family)
		owner = vmroam_binding_find_ip_rcu(vn, s.key.vlan, s.family,
						   vmroam_sighting_addr(&s));
	obs.known = !!b;
	obs.moved = b && READ_ONCE(b->ifindex) != s.ifindex;
	/* an address vouched for (DHCP, static, migration) does not follow a mere frame */
	obs.ip_moved = owner && owner != b &&
		       (!vmroam_binding_vouched(owner) || (b && vmroam_binding_vouched(b)));
	act = vr_decide(allowed, &obs);
	/* the clock only for a move: the latencies it measures start here */
	t0 = act & ~VR_ACT_LEARN ? ktime_get_ns() : 0;

	if (act & VR_ACT_LEARN) {
		if (b && !obs.moved && (!s.family || owner == b))
			WRITE_ONCE(b->last_seen, jiffies);	/* nothing new */
		else
			vmroam_binding_learn(vn, &s);
	}
	if ((act & VR_ACT_FDB) && obs.moved)
		vmroam_fdb_move(vn, br->ifindex, port->ifindex, s.key.mac, s.key.vlan, t0);
	if (act & VR_ACT_NEIGH)
		vmroam_neigh_follow(vn, br, &s, t0);
}
