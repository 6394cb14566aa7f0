/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sanctioned migrations: the management plane tells the destination host which MAC (and
 * addresses) will appear on which port; on its first frame there (or at once, or on its first
 * announcement there: a RARP, gratuitous ARP or unsolicited NA) vmroam moves the binding, the FDB
 * and the neighbour entries to that port and announces the VM on its behalf.
 */
#ifndef _VMROAM_MIGRATE_H
#define _VMROAM_MIGRATE_H

#include <linux/atomic.h>
#include <linux/in6.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "binding.h"
#include "netns.h"

struct netlink_ext_ack;
struct vmroam_frame;
struct vmroam_net;

struct vmroam_migration {
	struct rhash_head node;
	struct vmroam_binding_key key;
	struct list_head list;		/* vn->migrations, oldest first; under migrations_lock */
	u64 seq;			/* its place in the list: a dump's cursor, from 1 */
	struct vmroam_net *vn;
	int ifindex;			/* the port the VM appears on */
	u8 activate;			/* enum vmroam_activate */
	u32 timeout;			/* seconds a pending sanction waits */
	u32 lease;			/* seconds of DHCP lease the binding carries; 0: none */
	struct vmroam_binding_addrs addrs;
	/* enum vmroam_migration_state, or VMROAM_MIGRATION_GONE once out of the table */
	atomic_t state;
	u64 sanctioned;			/* ktime_get_ns() */
	u64 activated;			/* ktime_get_ns(), 0 until then */
	u64 announced;			/* ktime_get_ns() of the first frame sent, 0 until then */
	u32 rounds;			/* announcement rounds queued */
	u32 frames;			/* announcement frames queued */
	/* its port was down at activation: the FDB entry is asked for again once it is up */
	bool fdb_later;
	/* expiry while pending, the rounds while announcing, forgetting it when finished */
	struct delayed_work work;
	struct rcu_work free_work;
};

#define VMROAM_MIGRATION_GONE	__VMROAM_MIGRATION_STATE_MAX

/* a sanction as netlink asks for it */
struct vmroam_sanction {
	struct vmroam_binding_key key;
	int ifindex;
	u8 activate;
	u32 timeout;			/* 0: the module parameter */
	u32 lease;
	struct vmroam_binding_addrs addrs;
};

int vmroam_migration_add(struct vmroam_net *vn, const struct vmroam_sanction *s,
			 struct netlink_ext_ack *extack);
/* withdraw the sanctions of @mac in VLAN @vlan, or in every VLAN (@vlan < 0); -ENOENT: none */
int vmroam_migration_del(struct vmroam_net *vn, const u8 *mac, int vlan);

void vmroam_migrate_frame_rcu(struct vmroam_net *vn, const struct vmroam_frame *fr);

/* the hook: a frame may activate a pending sanction; softirq, rcu_read_lock() held */
static inline void vmroam_migrate_hook_rcu(struct vmroam_net *vn, const struct vmroam_frame *fr)
{
	if (unlikely(atomic_read(&vn->migrations_pending)))
		vmroam_migrate_frame_rcu(vn, fr);
}

/*
 * Does a sanctioned migration bring @key to port @ifindex (pending there, or activated)?
 * rcu_read_lock() held.
 */
bool vmroam_migration_sanctioned_rcu(struct vmroam_net *vn, const struct vmroam_binding_key *key,
				     int ifindex);

/* the first announcement frame of the migration of @key went out at @t (ktime_get_ns()) */
/*
 * @port came up (carrier): a migration activated while it was down asks for the VM's FDB entry
 * again, which a port without carrier could not take. RTNL held (the netdev notifier); takes
 * migrations_lock, which is never held while taking RTNL.
 */
void vmroam_migrations_port_up_rtnl(struct vmroam_net *vn, struct net_device *port);

void vmroam_migration_announced(struct vmroam_net *vn, const struct vmroam_binding_key *key,
				u64 t);

/* a copy for netlink, taken under the lock */
struct vmroam_migration_info {
	u64 seq;
	struct vmroam_binding_key key;
	int ifindex;
	u8 activate;
	u8 state;
	u32 timeout;
	u32 lease;
	struct vmroam_binding_addrs addrs;
	u64 age_ms;
	u64 expires_ms;			/* pending only */
	bool activated;
	bool announced;
	u64 activated_ns;		/* from the sanction (0 for "activate now") */
	u64 announced_ns;
	u32 rounds;
	u32 frames;
};

/*
 * Copy out the migrations after the one whose seq is @after (a dump's cursor: 0 for the first),
 * at most @max; returns how many were copied. A migration removed between two calls shifts no
 * other one past the cursor. Process context.
 */
int vmroam_migration_list(struct vmroam_net *vn, u64 after, struct vmroam_migration_info *out,
			  int max);

int vmroam_migrate_init_net(struct vmroam_net *vn);
void vmroam_migrate_exit_net(struct vmroam_net *vn);
void vmroam_migrate_destroy_net(struct vmroam_net *vn);

#endif /* _VMROAM_MIGRATE_H */
