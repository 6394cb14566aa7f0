/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What this host is, per bridge: the MACs and IPv4 addresses of the bridge and of every device
 * stacked on it, at any depth (VLAN devices, macvlans, VLAN on VLAN...).
 */
#ifndef _VMROAM_LOCAL_H
#define _VMROAM_LOCAL_H

#include <linux/types.h>

struct net_device;
struct vmroam_net;

/*
 * is @ip an IPv4 address (ifa_local) of bridge @br or of a device stacked on it? Caller holds
 * rcu_read_lock(); any context
 */
bool vmroam_local_ip4_rcu(struct net_device *br, __be32 ip);

/* is @mac the address of bridge @br or of a device stacked on it? Same context */
bool vmroam_local_mac_rcu(struct net_device *br, const u8 *mac);

void vmroam_local_init_net(struct vmroam_net *vn);
/* namespace exit or module unload: the hook is gone and a grace period has passed */
void vmroam_local_exit_net(struct vmroam_net *vn);

/* the notifiers that keep every bridge's addresses, in every namespace */
int vmroam_local_init(void);
void vmroam_local_exit(void);

#endif /* _VMROAM_LOCAL_H */
