/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the normalisation policy lives: global defaults (module parameters policy_<type>) and
 * per-bridge overrides set over netlink.
 */
#ifndef _VMROAM_POLICY_H
#define _VMROAM_POLICY_H

#include <linux/types.h>
#include <linux/vmroam.h>

struct netlink_ext_ack;
struct vmroam_net;

/* an entry that follows the global default (per bridge), or the built-in default (global) */
#define VMROAM_POLICY_INHERIT	U32_MAX

/* the actions of @type on the bridge @br_ifindex; caller holds rcu_read_lock() */
u32 vmroam_policy_get_rcu(struct vmroam_net *vn, int br_ifindex, int type);

/* the global default of @type */
u32 vmroam_policy_global(int type);
void vmroam_policy_set_global(int type, u32 actions);

/* the override of @type on a bridge (VMROAM_POLICY_INHERIT when none); rcu_read_lock() */
u32 vmroam_policy_bridge_rcu(struct vmroam_net *vn, int br_ifindex, int type);

/* set (or with VMROAM_POLICY_INHERIT drop) overrides: @actions[type] for each type in @types */
int vmroam_policy_set_bridge(struct vmroam_net *vn, int br_ifindex, u32 types,
			     const u32 *actions);

/* a bridge went away: forget its overrides (RTNL) */
void vmroam_policy_bridge_gone(struct vmroam_net *vn, int br_ifindex);

void vmroam_policy_init_net(struct vmroam_net *vn);
void vmroam_policy_exit_net(struct vmroam_net *vn);

#endif /* _VMROAM_POLICY_H */
