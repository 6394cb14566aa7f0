/* SPDX-License-Identifier: GPL-2.0 */
/* Bridge ports: what vmroam keeps per port of a bridge. */
#ifndef _VMROAM_PORT_H
#define _VMROAM_PORT_H

#include <linux/atomic.h>
#include <linux/ratelimit_types.h>
#include <linux/rhashtable-types.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "core/guard.h"
#include "core/ratelimit.h"

struct net_device;
struct netlink_ext_ack;
struct sk_buff;
struct vmroam_net;

/* port security settings (uapi enum vmroam_port_attr) */
struct vmroam_port_sec {
	u8 trusted;
	u8 lock;
	u8 arp_inspect;
	u8 ip_guard;
	u8 nd_inspect;
	u8 ra_guard;
	u32 max_macs;				/* 0: no limit */
	u32 rate;				/* ARP (and ND) frames per second; 0: no limit */
	u32 max_addrs;				/* IPv6 addresses claimed; 0: no limit */
};

struct vmroam_port {
	struct rhash_head node;
	int ifindex;				/* key, in the namespace of its table */
	struct vmroam_stats __percpu *stats;
	/* written under RTNL, read by the hook with READ_ONCE() field by field */
	struct vmroam_port_sec sec;
	bool guarded;				/* counted in vn->n_guarded */
	atomic_t macs;				/* bindings on this port */
	atomic_t addrs;				/* addresses they claimed (origin savi) */
	spinlock_t rate_lock;			/* protects arp_rate and nd_rate */
	struct vr_gcra arp_rate;
	struct vr_gcra nd_rate;
	/* its violation events: one port's attacker must not silence every other port's */
	struct ratelimit_state violation_rs;
	struct rcu_head rcu;
};

/*
 * does every frame on this port need a look? It guards (MAC locking, max-macs, ARP or ND
 * inspection, IP source guard, RA guard): it checks sources, and fails closed on what it cannot
 * parse
 */
static inline bool vmroam_port_sec_guards(const struct vmroam_port_sec *sec)
{
	return !sec->trusted && vr_guard_port_guards(sec->lock, sec->max_macs, sec->arp_inspect,
						     sec->ip_guard, sec->nd_inspect,
						     sec->ra_guard);
}

/*
 * the MACs a port that locks or counts its MACs may bind: its max-macs, at most
 * port_max_bindings; 0 (no limit) for a port that does neither
 */
u32 vmroam_port_max_macs(const struct vmroam_port_sec *sec);

/* is port @ifindex one of ours, and untrusted (a VM's port)? any context */
bool vmroam_port_untrusted(struct vmroam_net *vn, int ifindex);

/* may the frames of port @ifindex create one more binding (port_max_bindings)? any context */
bool vmroam_port_may_bind(struct vmroam_net *vn, int ifindex);

/* the module parameters' settings of a new port */
void vmroam_port_sec_params(struct vmroam_port_sec *sec);

/*
 * may the fields of @sec that @set names (bits 1 << enum vmroam_port_attr) change @cur, the
 * settings of a port of bridge @br (or its defaults)? An error with its reason if not. RTNL held.
 */
int vmroam_port_sec_check(struct net_device *br, const struct vmroam_port_sec *cur,
			  const struct vmroam_port_sec *sec, u32 set,
			  struct netlink_ext_ack *extack);

/* take the fields of @sec that @set names into @dst */
void vmroam_port_sec_apply(struct vmroam_port_sec *dst, const struct vmroam_port_sec *sec,
			   u32 set);

/*
 * Change the settings of port @ifindex: @set says which fields of @sec to take (bits
 * 1 << enum vmroam_port_attr). RTNL held. -ENODEV when it is not a bridge port here.
 */
int vmroam_port_set_rtnl(struct vmroam_net *vn, int ifindex, const struct vmroam_port_sec *sec,
			 u32 set, struct netlink_ext_ack *extack);

/*
 * a copy of port @ifindex's settings, MAC and claimed address counts; false when it is not a
 * port of ours
 */
bool vmroam_port_get(struct vmroam_net *vn, int ifindex, struct vmroam_port_sec *sec, u32 *macs,
		     u32 *addrs);

/* @delta MACs more (or fewer) bound to port @ifindex; any context */
void vmroam_port_macs_add(struct vmroam_net *vn, int ifindex, int delta);

/* @delta addresses more (or fewer) claimed on port @ifindex, and how many; any context */
void vmroam_port_addrs_add(struct vmroam_net *vn, int ifindex, int delta);
u32 vmroam_port_addrs(struct vmroam_net *vn, int ifindex);

int vmroam_port_table_init(struct vmroam_net *vn);
void vmroam_port_table_destroy(struct vmroam_net *vn);

/* caller holds rcu_read_lock(); the port stays valid until it drops it */
struct vmroam_port *vmroam_port_find_rcu(struct vmroam_net *vn, int ifindex);

/* follows devices as they join and leave bridges, in every namespace */
int vmroam_port_notifier_init(void);
void vmroam_port_notifier_exit(void);

#endif /* _VMROAM_PORT_H */
