/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bindings: what vmroam knows of each VM interface it has seen: MAC and VLAN (the key), the bridge
 * port it was last seen on, its IPv4 and IPv6 addresses, where that knowledge came from.
 */
#ifndef _VMROAM_BINDING_H
#define _VMROAM_BINDING_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>

struct vmroam_net;

/* addresses kept per binding and family: a VM interface rarely has more */
#define VMROAM_BINDING_ADDRS	4

struct vmroam_binding_key {
	u8 mac[ETH_ALEN];
	u16 vlan;
};

struct vmroam_binding {
	struct rhash_head node;
	struct vmroam_binding_key key;
	/* the fields below change under vn->bindings_lock; the hook reads ifindex without it */
	int ifindex;
	u8 origin;			/* enum vmroam_origin */
	u8 state;			/* enum vmroam_binding_state */
	u8 n_ip4;
	u8 n_ip6;
	__be32 ip4[VMROAM_BINDING_ADDRS];
	struct in6_addr ip6[VMROAM_BINDING_ADDRS];
	unsigned long first_seen;	/* jiffies */
	unsigned long last_seen;	/* jiffies, refreshed without the lock */
	unsigned long departed;		/* jiffies, when state became departed */
	unsigned long lease_expires;	/* jiffies, its DHCP lease ends; 0: no lease */
	unsigned long frozen_until;	/* jiffies; 0: not frozen (it flapped) */
	unsigned long flap_start;	/* jiffies, the first of the moves counted in flap_moves */
	u32 flap_moves;
	u32 moves;
	struct rcu_head rcu;
};

/* What one frame says about the VM interface it speaks for. */
struct vmroam_sighting {
	struct vmroam_binding_key key;
	int ifindex;
	u8 origin;
	u8 family;			/* AF_INET, AF_INET6, or 0: no address */
	__be32 ip4;
	struct in6_addr ip6;
};

/* A binding's port and addresses, copied out under the lock. */
struct vmroam_binding_addrs {
	int ifindex;
	u8 n_ip4;
	u8 n_ip6;
	__be32 ip4[VMROAM_BINDING_ADDRS];
	struct in6_addr ip6[VMROAM_BINDING_ADDRS];
};

int vmroam_binding_init_net(struct vmroam_net *vn);
void vmroam_binding_exit_net(struct vmroam_net *vn);

/* caller holds rcu_read_lock() */
struct vmroam_binding *vmroam_binding_find_rcu(struct vmroam_net *vn,
					       const struct vmroam_binding_key *key);
struct vmroam_binding *vmroam_binding_find_ip_rcu(struct vmroam_net *vn, u16 vlan, u8 family,
						  const void *addr);

/*
 * Record what a frame showed: create the binding (when there is room in the table and in the
 * port's port_max_bindings), move it to the sighting's port (not a binding that vouches while its
 * VM is active elsewhere: -EPERM), add the address (taking it from another binding that had it,
 * unless that one vouches for it). Any context; returns 0, -ENOSPC when there is no room,
 * -ENOMEM.
 */
int vmroam_binding_learn(struct vmroam_net *vn, const struct vmroam_sighting *s);

/* copy out a binding's port and addresses; false when there is no such binding */
bool vmroam_binding_addrs(struct vmroam_net *vn, const struct vmroam_binding_key *key,
			  struct vmroam_binding_addrs *out);

/*
 * A binding the operator or a sanctioned migration asserts: create it (or take the existing
 * one), put it on @ifindex, active, with @origin (a static binding stays static) and these
 * addresses besides those it had. Process context; 0, -ENOSPC, -ENOMEM.
 */
int vmroam_binding_set(struct vmroam_net *vn, const struct vmroam_binding_key *key, int ifindex,
		       u8 origin, const __be32 *ip4, int n_ip4, const struct in6_addr *ip6,
		       int n_ip6, u32 lease);

/* is @b frozen (it flapped), now? Any context */
bool vmroam_binding_frozen(const struct vmroam_binding *b);

/* its origin vouches for its addresses (ARP inspection, IP source guard) */
bool vmroam_binding_vouched(const struct vmroam_binding *b);

/* may a frame on another port move it? Unless it vouches and its VM has not departed */
bool vmroam_binding_movable(const struct vmroam_binding *b);

/*
 * DHCP snooping, any context: an ACK binds @ip to the client's binding for @lease seconds (its
 * origin becomes dhcp) when the client's port is untrusted (-EPERM otherwise); a NAK (@ifindex
 * 0), or a RELEASE or DECLINE from the binding's own port @ifindex, removes a dhcp binding.
 * -ENOENT when the client has no such binding (its own DHCP messages were never seen, or not
 * there).
 */
int vmroam_binding_dhcp_ack(struct vmroam_net *vn, const struct vmroam_binding_key *key,
			    __be32 ip, u32 lease);
int vmroam_binding_dhcp_release(struct vmroam_net *vn, const struct vmroam_binding_key *key,
				int ifindex);

/* thaw @mac in @vlan, or in every VLAN (@vlan < 0); -ENOENT when none was frozen */
int vmroam_binding_unfreeze(struct vmroam_net *vn, const u8 *mac, int vlan);
int vmroam_binding_del(struct vmroam_net *vn, const struct vmroam_binding_key *key);
/* every binding of @mac, whatever its VLAN; -ENOENT when there was none */
int vmroam_binding_del_mac(struct vmroam_net *vn, const u8 *mac);

/* a binding for netlink: copied under the lock */
struct vmroam_binding_info {
	struct vmroam_binding_key key;
	struct vmroam_binding_addrs addrs;
	u8 origin;
	u8 state;
	u32 moves;
	unsigned long first_seen;
	unsigned long last_seen;
	u32 lease_left;			/* seconds; 0: no lease */
	u32 frozen_left;		/* seconds; 0: not frozen */
};

/*
 * A walk over every binding that survives between calls (a netlink dump): enter, then walk as
 * often as needed, then exit. vmroam_binding_walk() calls @fn for each binding from where the
 * last call stopped until @fn returns non-zero; that binding is offered again by the next call.
 * Process context. When the table is resized meanwhile the walk starts again from the first
 * bucket and counts it in *@restarts: bindings may then be seen twice.
 */
struct rhashtable_iter *vmroam_binding_walk_enter(struct vmroam_net *vn);
int vmroam_binding_walk(struct vmroam_net *vn, struct rhashtable_iter *iter,
			int (*fn)(const struct vmroam_binding_info *info, void *arg), void *arg,
			unsigned int *restarts);
void vmroam_binding_walk_exit(struct rhashtable_iter *iter);

/*
 * Departures: every active binding on port @ifindex (or, with @ifindex 0, of @mac, in VLAN @vlan
 * or in every VLAN when @vlan is negative) becomes departed; @fn is called for each with a copy
 * (outside the lock, under rcu_read_lock()) to undo what the VM left behind. Returns how many
 * bindings matched, whether they departed now or had already. Process context.
 */
int vmroam_binding_depart(struct vmroam_net *vn, int ifindex, const u8 *mac, int vlan,
			  void (*fn)(struct vmroam_net *vn, const struct vmroam_binding_info *info,
				     void *arg), void *arg);

#endif /* _VMROAM_BINDING_H */
