/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Normalisation: whatever announcement a VM sends after it moved, the FDB, the neighbour cache and
 * the bindings end up the same, as the policy of its frame type allows.
 */
#ifndef _VMROAM_NORMALIZE_H
#define _VMROAM_NORMALIZE_H

struct vmroam_frame;
struct vmroam_net;

/* the hook, for a classified frame (type >= 0); softirq, rcu_read_lock() held */
void vmroam_normalize_rcu(struct vmroam_net *vn, const struct vmroam_frame *fr);

#endif /* _VMROAM_NORMALIZE_H */
