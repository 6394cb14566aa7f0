// SPDX-License-Identifier: GPL-2.0
/*
 * This host's neighbour entries of a VM's addresses.
 *
 * Everything goes through neigh_update(), which is softirq-safe and is what arp_process() and
 * ndisc use: the cache's own notifications (RTM_NEWNEIGH) and state machine follow as usual.
 * Entries the operator wrote (permanent, noarp) and those another control plane owns
 * (extern_learn: FRR's EVPN neighbours; managed) are left as they are by what a frame shows. A
 * sanctioned migration is the operator's word that the VM is here now: it also takes over an
 * entry zebra installed for the VM while it was behind another VTEP (noarp, extern_learn), as
 * "ip neigh replace" would (NEIGH_UPDATE_F_ADMIN: the entry becomes this host's own, dynamic,
 * and zebra advertises it as local), and creates the entry on a device that has an address in
 * the VM's subnet (an SVI routing it), so that zebra advertises MAC and IP before the VM speaks.
 * A VLAN's addresses live on one device of this host: its VLAN device on the bridge, or the
 * bridge itself for the bridge's own untagged VLAN; tenants of two VLANs may use the same
 * addresses.
 */
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/timekeeping.h>
#include <linux/if_bridge.h>
#include <net/addrconf.h>
#include <net/arp.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/ndisc.h>
#include <net/neighbour.h>

#include "binding.h"
#include "neigh.h"
#include "netns.h"
#include "stats.h"

static bool vmroam_neigh_create __read_mostly;
module_param_named(neigh_create, vmroam_neigh_create, bool, 0644);
MODULE_PARM_DESC(neigh_create,
		 "Create this host's neighbour entry of a moved VM's address when there is none. Default N");

/* how far an update of an entry may go */
enum vmroam_neigh_how {
	VMROAM_NEIGH_FRAME,	/* what a frame showed: dynamic entries only */
	VMROAM_NEIGH_CREATE,	/* ... and create a missing one (neigh_create) */
	VMROAM_NEIGH_SANCTION,	/* a sanction: also zebra's entry, and create on an SVI */
	VMROAM_NEIGH_FAIL,	/* the VM left: dynamic entries fail */
};

/* whether @dev has an address in the subnet of @addr: this host routes it; RCU held */
static bool vmroam_neigh_dev_routes_rcu(struct neigh_table *tbl, struct net_device *dev,
					const void *addr)
{
	const struct in_ifaddr *ifa;
	struct in_device *in_dev;

	if (tbl != &arp_tbl)
		return IS_ENABLED(CONFIG_IPV6) && ipv6_chk_prefix(addr, dev);
	in_dev = __in_dev_get_rcu(dev);
	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev)
		if (inet_ifa_match(*(const __be32 *)addr, ifa))
			return true;
	return false;
}

/* one entry: takes @mac (NULL: fail) with @state, overriding locktime; RCU held */
static int vmroam_neigh_set_rcu(struct neigh_table *tbl, struct net_device *dev,
				const void *addr, const u8 *mac, u8 state,
				enum vmroam_neigh_how how)
{
	u32 flags = NEIGH_UPDATE_F_OVERRIDE;
	struct neighbour *n;
	int updated = 0;
	bool owned;
	u8 nud, ntf;

	n = neigh_lookup(tbl, addr, dev);
	if (!n && (how == VMROAM_NEIGH_CREATE ||
		   (how == VMROAM_NEIGH_SANCTION && vmroam_neigh_dev_routes_rcu(tbl, dev, addr)))) {
		n = __neigh_create(tbl, addr, dev, true);
		if (IS_ERR(n))
			n = NULL;
	}
	if (!n)
		return 0;
	nud = READ_ONCE(n->nud_state);
	ntf = READ_ONCE(n->flags);
	/* what the operator wrote stays, and what another control plane owns */
	owned = (nud & (NUD_PERMANENT | NUD_NOARP)) || (ntf & (NTF_EXT_LEARNED | NTF_MANAGED));
	if (how == VMROAM_NEIGH_SANCTION && (ntf & NTF_EXT_LEARNED) && !(nud & NUD_PERMANENT)) {
		/* zebra's, of the VM behind another VTEP: this host's own now, not extern_learn */
		owned = false;
		flags |= NEIGH_UPDATE_F_ADMIN;
	}
	if (!mac)	/* as "ip neigh del" does it, without taking the entry out */
		flags |= NEIGH_UPDATE_F_ADMIN;
	if (!owned)
		updated = !neigh_update(n, mac, state, flags, 0);
	neigh_release(n);
	return updated;
}

/* the device of this host whose neighbour entries are those of @vlan on @br, or NULL */
static struct net_device *vmroam_neigh_dev_rcu(struct net_device *br, u16 vlan)
{
	u16 proto = ETH_P_8021Q, pvid = 0;
	struct net_device *vdev;

	if (!vlan)
		return br;
	if (br_vlan_enabled(br))
		br_vlan_get_proto(br, &proto);
	vdev = __vlan_find_dev_deep_rcu(br, htons(proto), vlan);
	if (vdev)
		return vdev;
	/* the bridge's own PVID: its untagged traffic is the bridge device's */
	if (br_vlan_enabled(br) && !br_vlan_get_pvid_rcu(br, &pvid) && pvid == vlan)
		return br;
	return NULL;
}

static int vmroam_neigh_set_addrs_rcu(struct net_device *br, u16 vlan,
				      const struct vmroam_binding_addrs *a, const u8 *mac, u8 state,
				      enum vmroam_neigh_how how)
{
	struct net_device *dev = vmroam_neigh_dev_rcu(br, vlan);
	int i, n = 0;

	if (!dev)
		return 0;
	for (i = 0; i < a->n_ip4; i++)
		n += vmroam_neigh_set_rcu(&arp_tbl, dev, &a->ip4[i], mac, state, how);
#if IS_ENABLED(CONFIG_IPV6)
	/* booted with ipv6.disable=1, the ND table was never set up */
	if (!ipv6_mod_enabled() || !ipv6_stub->nd_tbl)
		return n;
	for (i = 0; i < a->n_ip6; i++)
		n += vmroam_neigh_set_rcu(ipv6_stub->nd_tbl, dev, &a->ip6[i], mac, state,
					  how);
#endif
	return n;
}

int vmroam_neigh_follow_rcu(struct vmroam_net *vn, struct net_device *br, u16 vlan,
			    const u8 *mac, const struct vmroam_binding_addrs *a, bool sanctioned,
			    u64 t0)
{
	enum vmroam_neigh_how how = VMROAM_NEIGH_FRAME;
	int n;

	if (sanctioned)
		how = VMROAM_NEIGH_SANCTION;
	else if (READ_ONCE(vmroam_neigh_create))
		how = VMROAM_NEIGH_CREATE;
	n = vmroam_neigh_set_addrs_rcu(br, vlan, a, mac, NUD_REACHABLE, how);

	if (n) {
		atomic64_add(n, &vn->neigh_updates);
		vmroam_latency_record(&vn->neigh_latency, ktime_get_ns() - t0);
	}
	return n;
}

int vmroam_neigh_invalidate_rcu(struct net_device *br, u16 vlan,
				const struct vmroam_binding_addrs *a)
{
	return vmroam_neigh_set_addrs_rcu(br, vlan, a, NULL, NUD_FAILED, VMROAM_NEIGH_FAIL);
}
