/* SPDX-License-Identifier: GPL-2.0 */
/*
 * This host's neighbour entries of a VM's addresses, on the one device of this host that has the
 * VM's VLAN: its VLAN device on the bridge, or the bridge for VLAN 0 and for the bridge's own
 * PVID. Entries the operator wrote (permanent, noarp) are never touched; those another control
 * plane owns (extern_learn, managed) only by a sanctioned migration (zebra's entry of a VM that
 * was behind another VTEP).
 */
#ifndef _VMROAM_NEIGH_H
#define _VMROAM_NEIGH_H

#include <linux/types.h>

struct net_device;
struct vmroam_binding_addrs;
struct vmroam_net;

/*
 * Every address of @a: the entry takes @mac and becomes REACHABLE, overriding locktime (and is
 * created when neigh_create is set). @sanctioned (a sanctioned migration's activation): an
 * extern_learn entry is taken over too, and a missing one is created on a device that has an
 * address in the subnet, whatever neigh_create says. Any context, rcu_read_lock() held. Counts
 * the updates in vn->neigh_updates and, when there was one, the time since @t0 (ktime_get_ns())
 * as the latency.
 */
int vmroam_neigh_follow_rcu(struct vmroam_net *vn, struct net_device *br, u16 vlan,
			    const u8 *mac, const struct vmroam_binding_addrs *a, bool sanctioned,
			    u64 t0);

/*
 * Every address of @a: the VM left, its entries fail (the next packet resolves them afresh).
 * Any context, rcu_read_lock() held. Returns how many entries were invalidated.
 */
int vmroam_neigh_invalidate_rcu(struct net_device *br, u16 vlan,
				const struct vmroam_binding_addrs *a);

#endif /* _VMROAM_NEIGH_H */
