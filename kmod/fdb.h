/* SPDX-License-Identifier: GPL-2.0 */
/* Moving bridge FDB entries, through the bridge's own netlink operations, in process context. */
#ifndef _VMROAM_FDB_H
#define _VMROAM_FDB_H

#include <linux/types.h>

struct vmroam_net;

/*
 * Ask for the FDB entry of @mac in @vid on bridge @br_ifindex to move to @port_ifindex; @t0 is
 * the frame's arrival (ktime_get_ns()). Any context: the move happens in a work item under RTNL.
 */
void vmroam_fdb_move(struct vmroam_net *vn, int br_ifindex, int port_ifindex, const u8 *mac,
		     u16 vid, u64 t0);

void vmroam_fdb_init_net(struct vmroam_net *vn);
void vmroam_fdb_exit_net(struct vmroam_net *vn);

#endif /* _VMROAM_FDB_H */
