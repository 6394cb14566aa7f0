/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Gateways of a bridge: the IPv4 addresses a migrated VM's announcements also send an ARP request
 * to, the one frame a Linux gateway with arp_accept=0 always learns from.
 */
#ifndef _VMROAM_GATEWAY_H
#define _VMROAM_GATEWAY_H

#include <linux/rcupdate.h>
#include <linux/types.h>

struct vmroam_net;

#define VMROAM_GATEWAYS_MAX	8

struct vmroam_gateways {
	unsigned int n;
	__be32 addr[VMROAM_GATEWAYS_MAX];
	struct rcu_head rcu;
};

/* the gateways of bridge @br_ifindex, or NULL; caller holds rcu_read_lock() */
const struct vmroam_gateways *vmroam_gateways_rcu(struct vmroam_net *vn, int br_ifindex);

/* add (@add) or remove @n addresses; process context; -E2BIG beyond the maximum, -ENOENT */
int vmroam_gateways_change(struct vmroam_net *vn, int br_ifindex, const __be32 *addr, int n,
			   bool add);

/* a copy of every bridge's list from @*pos on (a dump's cursor); false at the end */
bool vmroam_gateways_next(struct vmroam_net *vn, unsigned long *pos, struct vmroam_gateways *out);

/* a bridge went away (RTNL) */
void vmroam_gateways_bridge_gone(struct vmroam_net *vn, int br_ifindex);

void vmroam_gateways_init_net(struct vmroam_net *vn);
void vmroam_gateways_exit_net(struct vmroam_net *vn);

#endif /* _VMROAM_GATEWAY_H */
