/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port security in the hook: DHCP snooping, ARP inspection, IP source guard, MAC locking,
 * max-macs and frozen MACs, with the exception of sanctioned migrations.
 */
#ifndef _VMROAM_SECURITY_H
#define _VMROAM_SECURITY_H

#include <linux/atomic.h>

#include "netns.h"

struct sk_buff;
struct vmroam_port;
struct vr_pkt;

/*
 * The verdict on a frame of @type (VR_FT_NONE: not ours, @pkt NULL) entering @port: NF_ACCEPT,
 * or NF_DROP (counted per reason and port, reported by a violation event). Also learns what DHCP
 * snooping and MAC locking learn from a frame that passes. Softirq, rcu_read_lock() held.
 */
unsigned int vmroam_security_rcu(struct vmroam_net *vn, struct sk_buff *skb,
				 struct vmroam_port *port, int type, const struct vr_pkt *pkt);

/* do frames that are not ours need a look? (an untrusted port guards, or a MAC is frozen) */
static inline bool vmroam_security_watches_data(struct vmroam_net *vn)
{
	return atomic_read(&vn->n_guarded) || atomic_read(&vn->n_frozen);
}

#endif /* _VMROAM_SECURITY_H */
