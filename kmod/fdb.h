/* SPDX-License-Identifier: GPL-2.0 */
/* Moving bridge FDB entries, through the bridge's own netlink operations, in process context. */
#ifndef _VMROAM_FDB_H
#define _VMROAM_FDB_H

#include <linux/types.h>

struct vmroam_net;

/*
 * What may change an entry. Never the host's own (permanent, local) entries, nor those another
 * control plane learnt (extern_learn: FRR, switchdev): none of these moves or goes, with one
 * exception: a sanction takes over the remote MAC of a VXLAN port that the fabric did not pin (as
 * the bridge's learning would). What the operator pinned (static, sticky) a frame moves only when
 * it comes in on a trusted port (static, never sticky, as the bridge's own learning); a sanction
 * or "migrate out" may. Nothing that points at a VXLAN port is ever deleted.
 */
enum vmroam_fdb_op {
	/*
	 * a frame from an untrusted port showed the move: move an existing dynamic entry (create
	 * one only with fdb_create)
	 */
	VMROAM_FDB_MOVE,
	/* ... from a trusted port: a static entry moves too */
	VMROAM_FDB_MOVE_TRUSTED,
	/*
	 * a sanctioned migration: move the entry, or create it; when the port cannot take a
	 * dynamic entry yet (it is down until the VM resumes), delete the stale one, so that the
	 * bridge floods the VM's traffic instead of sending it back where it came from
	 */
	VMROAM_FDB_MIGRATE,
	/* the VM's port went away: delete its dynamic entry there */
	VMROAM_FDB_FLUSH,
	/* the operator said the VM left ("migrate out"): its static or sticky entry goes too */
	VMROAM_FDB_FLUSH_OUT,
};

/*
 * Ask for @op on the FDB entry of @mac in @vid on bridge @br_ifindex (to port @port_ifindex for a
 * move; from it for a flush, 0: wherever it points); @t0 is when it started (ktime_get_ns()),
 * for the latency. Any context: the change happens in a work item under RTNL.
 */
void vmroam_fdb_request(struct vmroam_net *vn, enum vmroam_fdb_op op, int br_ifindex,
			int port_ifindex, const u8 *mac, u16 vid, u64 t0);

static inline void vmroam_fdb_move(struct vmroam_net *vn, int br_ifindex, int port_ifindex,
				   const u8 *mac, u16 vid, bool trusted, u64 t0)
{
	vmroam_fdb_request(vn, trusted ? VMROAM_FDB_MOVE_TRUSTED : VMROAM_FDB_MOVE, br_ifindex,
			   port_ifindex, mac, vid, t0);
}

void vmroam_fdb_init_net(struct vmroam_net *vn);
void vmroam_fdb_exit_net(struct vmroam_net *vn);

#endif /* _VMROAM_FDB_H */
