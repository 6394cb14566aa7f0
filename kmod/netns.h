/* SPDX-License-Identifier: GPL-2.0 */
/* Per network namespace state: everything vmroam knows lives in exactly one namespace. */
#ifndef _VMROAM_NETNS_H
#define _VMROAM_NETNS_H

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/ratelimit_types.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

#include "stats.h"

struct vmroam_net {
	struct net *net;
	/* the bridge PRE_ROUTING hook of this namespace; priv points back here */
	struct nf_hook_ops hook_ops;
	/* frames of every bridge port of the namespace */
	struct vmroam_stats __percpu *stats;
	/* struct vmroam_port by ifindex: lookups under RCU, changes under RTNL */
	struct rhashtable ports;

	/* bindings (binding.c): lookups under RCU, changes under bindings_lock */
	struct rhashtable bindings;
	struct rhashtable binding_ips;
	spinlock_t bindings_lock;	/* BH-safe: the hook learns */
	atomic_t n_bindings;
	atomic64_t bindings_refused;
	struct delayed_work binding_gc;

	/* per-bridge policy overrides by bridge ifindex (policy.c) */
	struct xarray bridge_policy;
	/*
	 * this host's addresses per bridge (local.c): struct vmroam_local by bridge ifindex,
	 * replaced under RTNL, read under RCU
	 */
	struct xarray local;
	/* port defaults by bridge ifindex (bridge.c), under RTNL */
	struct xarray bridge_defaults;
	struct mutex policy_lock;	/* serialises writers of bridge_policy */

	/* FDB moves waiting for RTNL (fdb.c) */
	struct list_head fdb_reqs;
	spinlock_t fdb_lock;		/* protects fdb_reqs */
	atomic_t fdb_pending;
	struct work_struct fdb_work;

	atomic64_t fdb_moves;
	atomic64_t fdb_dropped;
	atomic64_t fdb_kept;		/* not moved or deleted: the entry has another owner */
	atomic64_t neigh_updates;
	struct vmroam_latency fdb_latency;
	struct vmroam_latency neigh_latency;

	/* sanctioned migrations (migrate.c): lookups under RCU, changes under migrations_lock */
	struct rhashtable migrations;
	struct list_head migrations_list;	/* oldest first: by seq */
	struct mutex migrations_lock;
	unsigned int n_migrations;
	u64 migrations_seq;			/* the last one's seq */
	atomic_t migrations_pending;		/* the hook looks sanctions up only when > 0 */
	atomic64_t migrations_activated;
	atomic64_t departures;

	/* announcement queues by bridge ifindex (announce.c) and gateways (gateway.c) */
	struct xarray pacers;
	struct mutex pacers_lock;		/* serialises creating and removing pacers */
	atomic64_t announce_sent;
	atomic64_t announce_dropped;
	struct xarray bridge_gateways;
	struct mutex gateways_lock;		/* serialises writers of bridge_gateways */

	/* events (event.c); violations have their own budget: an attacker makes many */
	struct ratelimit_state event_rs;
	struct ratelimit_state violation_rs;
	atomic64_t events_dropped;

	/* port security (security.c): the hook looks at other frames only when one is > 0 */
	atomic_t n_guarded;		/* untrusted ports that lock, count, inspect or guard */
	atomic_t n_frozen;			/* bindings frozen (flapping) */
};

/* every work item of the module that may outlive a namespace runs here */
extern struct workqueue_struct *vmroam_wq;

struct vmroam_net *vmroam_net(const struct net *net);

int vmroam_netns_init(void);
void vmroam_netns_exit(void);

#endif /* _VMROAM_NETNS_H */
