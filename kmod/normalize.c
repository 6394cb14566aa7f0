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
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/socket.h>
#include <linux/timekeeping.h>
#include <net/arp.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/neighbour.h>

#include "binding.h"
#include "core/classify.h"
#include "core/policy.h"
#include "fdb.h"
#include "netns.h"
#include "normalize.h"
#include "policy.h"
#include "stats.h"

static bool vmroam_neigh_create __read_mostly;
module_param_named(neigh_create, vmroam_neigh_create, bool, 0644);
MODULE_PARM_DESC(neigh_create,
		 "Create this host's neighbour entry of a moved VM's address when there is none. Default N");

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

/* one neighbour entry: dynamic entries take the MAC and become REACHABLE, overriding locktime */
static int vmroam_neigh_set(struct neigh_table *tbl, struct net_device *dev, const void *addr,
			    const u8 *mac, bool create)
{
	struct neighbour *n;
	int updated = 0;

	n = neigh_lookup(tbl, addr, dev);
	if (!n && create) {
		n = __neigh_create(tbl, addr, dev, true);
		if (IS_ERR(n))
			n = NULL;
	}
	if (!n)
		return 0;
	/* what the operator wrote stays */
	if (!(READ_ONCE(n->nud_state) & (NUD_PERMANENT | NUD_NOARP)))
		updated = !neigh_update(n, mac, NUD_REACHABLE, NEIGH_UPDATE_F_OVERRIDE, 0);
	neigh_release(n);
	return updated;
}

/* on the bridge, and on its VLAN device of that VLAN when it has one */
static int vmroam_neigh_set_all(struct neigh_table *tbl, struct net_device *br, u16 vlan,
				const void *addr, const u8 *mac)
{
	struct net_device *vdev = NULL;
	bool create = READ_ONCE(vmroam_neigh_create);
	int n;

	if (vlan)
		vdev = __vlan_find_dev_deep_rcu(br, htons(ETH_P_8021Q), vlan);
	n = vmroam_neigh_set(tbl, br, addr, mac, create && !vdev);
	if (vdev)
		n += vmroam_neigh_set(tbl, vdev, addr, mac, create);
	return n;
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
	int i, n = 0;

	/* every address of the VM: RARP carries none, the binding knows them */
	vmroam_binding_addrs(vn, &s->key, &a);
	vmroam_addrs_add_sighting(&a, s);
	for (i = 0; i < a.n_ip4; i++)
		n += vmroam_neigh_set_all(&arp_tbl, br, s->key.vlan, &a.ip4[i], s->key.mac);
#if IS_ENABLED(CONFIG_IPV6)
	for (i = 0; i < a.n_ip6; i++)
		n += vmroam_neigh_set_all(&nd_tbl, br, s->key.vlan, &a.ip6[i], s->key.mac);
#endif
	if (!n)
		return;
	atomic64_add(n, &vn->neigh_updates);
	vmroam_latency_record(&vn->neigh_latency, ktime_get_ns() - t0);
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
	obs.ip_moved = owner && owner != b;
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
