/* SPDX-License-Identifier: GPL-2.0 */
/* Per network namespace state: everything vmroam knows lives in exactly one namespace. */
#ifndef _VMROAM_NETNS_H
#define _VMROAM_NETNS_H

#include <linux/netfilter.h>
#include <linux/rhashtable-types.h>
#include <net/net_namespace.h>

struct vmroam_net {
	struct net *net;
	/* the bridge PRE_ROUTING hook of this namespace; priv points back here */
	struct nf_hook_ops hook_ops;
	/* frames of every bridge port of the namespace */
	struct vmroam_stats __percpu *stats;
	/* struct vmroam_port by ifindex: lookups under RCU, changes under RTNL */
	struct rhashtable ports;
};

struct vmroam_net *vmroam_net(const struct net *net);

int vmroam_netns_init(void);
void vmroam_netns_exit(void);

#endif /* _VMROAM_NETNS_H */
