/* SPDX-License-Identifier: GPL-2.0 */
/* Bridge ports: what vmroam keeps per port of a bridge. */
#ifndef _VMROAM_PORT_H
#define _VMROAM_PORT_H

#include <linux/rhashtable-types.h>
#include <linux/rcupdate.h>

struct vmroam_net;

struct vmroam_port {
	struct rhash_head node;
	int ifindex;				/* key, in the namespace of its table */
	struct vmroam_stats __percpu *stats;
	struct rcu_head rcu;
};

int vmroam_port_table_init(struct vmroam_net *vn);
void vmroam_port_table_destroy(struct vmroam_net *vn);

/* caller holds rcu_read_lock(); the port stays valid until it drops it */
struct vmroam_port *vmroam_port_find_rcu(struct vmroam_net *vn, int ifindex);

/* follows devices as they join and leave bridges, in every namespace */
int vmroam_port_notifier_init(void);
void vmroam_port_notifier_exit(void);

#endif /* _VMROAM_PORT_H */
