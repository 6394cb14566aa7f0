/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port security in the hook: DHCP snooping, ARP inspection, IP source guard, MAC locking,
 * max-macs and frozen MACs, with the exception of sanctioned migrations.
 */
#ifndef _VMROAM_SECURITY_H
#define _VMROAM_SECURITY_H

#include <linux/atomic.h>

#include "netns.h"

struct vmroam_frame;

/*
 * The verdict on @fr (which has a port) entering its port: NF_ACCEPT, or NF_DROP (counted per
 * reason and port, reported by a violation event). Also learns what DHCP snooping and MAC
 * locking learn from a frame that passes. Softirq, rcu_read_lock() held.
 */
unsigned int vmroam_security_rcu(struct vmroam_net *vn, const struct vmroam_frame *fr);

/*
 * do frames that are not ours need a look? (an untrusted port guards: it checks sources and
 * fails closed on what it cannot parse; or a MAC is frozen)
 */
static inline bool vmroam_security_watches_data(struct vmroam_net *vn)
{
	return atomic_read(&vn->n_guarded) || atomic_read(&vn->n_frozen);
}

#endif /* _VMROAM_SECURITY_H */
