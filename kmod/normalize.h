/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Normalisation: whatever announcement a VM sends after it moved, the FDB, the neighbour cache and
 * the bindings end up the same, as the policy of its frame type allows.
 */
#ifndef _VMROAM_NORMALIZE_H
#define _VMROAM_NORMALIZE_H

struct sk_buff;
struct vmroam_net;
struct vr_pkt;

/* the hook, for a frame classified as @type; softirq, rcu_read_lock() held */
void vmroam_normalize_rcu(struct vmroam_net *vn, struct sk_buff *skb, int type,
			  const struct vr_pkt *pkt);

#endif /* _VMROAM_NORMALIZE_H */
