/* SPDX-License-Identifier: GPL-2.0 */
/* Per-bridge settings: the port security a port takes when it joins the bridge. */
#ifndef _VMROAM_BRIDGE_H
#define _VMROAM_BRIDGE_H

#include <linux/types.h>

struct netlink_ext_ack;
struct vmroam_net;
struct vmroam_port_sec;

/*
 * The settings of a port that joins bridge @br_ifindex: the bridge's port defaults if it has
 * some (true), else @sec is left as it is (the module parameters'). RTNL held.
 */
bool vmroam_bridge_port_defaults_rtnl(struct vmroam_net *vn, int br_ifindex,
				      struct vmroam_port_sec *sec);

/*
 * Change bridge @br_ifindex's port defaults: the fields of @sec that @set names (bits
 * 1 << enum vmroam_port_attr), from the module parameters' when it had none; @inherit: drop
 * them. RTNL held; -ENODEV when it is not a bridge of the namespace.
 */
int vmroam_bridge_set_rtnl(struct vmroam_net *vn, int br_ifindex, const struct vmroam_port_sec *sec,
			   u32 set, bool inherit, struct netlink_ext_ack *extack);

/* the bridge went away: its defaults go, so that no reused ifindex inherits them; RTNL held */
void vmroam_bridge_gone_defaults_rtnl(struct vmroam_net *vn, int br_ifindex);

void vmroam_bridge_init_net(struct vmroam_net *vn);
/* the namespace's devices are gone: what is left goes */
void vmroam_bridge_exit_net(struct vmroam_net *vn);

#endif /* _VMROAM_BRIDGE_H */
