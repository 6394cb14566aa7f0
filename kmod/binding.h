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

/*
 * addresses kept per binding: IPv4, and IPv6 (a link-local, SLAAC and privacy addresses, a
 * DHCPv6 one); a VM interface rarely has more
 */
#define VMROAM_BINDING_ADDRS	4
#define VMROAM_BINDING_ADDRS6	8

struct vmroam_binding_key {
	u8 mac[ETH_ALEN];
	u16 vlan;
};

struct vmroam_binding_ip;

/*
 * 88 bytes, from a cache of its own (binding.c): addresses are entries of the address table,
 * listed from here, so that a binding pays for the IPv6 addresses it has and no more.
 */
struct vmroam_binding {
	struct rhash_head node;
	struct vmroam_binding_key key;
	/* the fields below change under vn->bindings_lock; the hook reads some without it */
	struct vmroam_binding_ip *addrs;	/* the oldest first; under the lock only */
	unsigned long last_seen;	/* jiffies, refreshed without the lock */
	int ifindex;
	u8 origin;			/* enum vmroam_origin */
	u8 state;			/* enum vmroam_binding_state */
	u8 n_ip4;			/* of addrs, IPv4 (at most VMROAM_BINDING_ADDRS) */
	u8 n_ip6;			/* and IPv6 (VMROAM_BINDING_ADDRS6) */
	u8 n_savi;			/* addresses of origin savi: counted in its port's addrs */
	u8 router;			/* its last NA had the R flag (written locklessly) */
	/* in seconds of CLOCK_MONOTONIC (binding.c: vmroam_now()) */
	u32 first_seen;
	u32 departed;			/* when state became departed */
	u32 lease_expires;		/* its DHCP lease ends; 0: no lease */
	u32 frozen_until;		/* 0: not frozen (it flapped) */
	u32 flap_start;			/* the first of the moves counted in flap_moves */
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

/*
 * A binding's port and addresses, copied out under the lock; or the addresses a request asserts.
 * Each address has its own origin: a binding's origin says where the binding came from, an
 * address's whether it is vouched for (a lease, a claim, the operator, a sanction) or only seen.
 * origin6[i] 0 means "not given" in a request; valid6[i] is seconds left (0: no lifetime).
 */
struct vmroam_binding_addrs {
	int ifindex;
	u8 n_ip4;
	u8 n_ip6;
	__be32 ip4[VMROAM_BINDING_ADDRS];
	struct in6_addr ip6[VMROAM_BINDING_ADDRS6];
	u8 origin6[VMROAM_BINDING_ADDRS6];	/* enum vmroam_origin + 1 */
	u32 valid6[VMROAM_BINDING_ADDRS6];
};

/* the module's caches of bindings and addresses; exit after the last RCU callback (rcu_barrier) */
int vmroam_binding_cache_init(void);
void vmroam_binding_cache_exit(void);

int vmroam_binding_init_net(struct vmroam_net *vn);
void vmroam_binding_exit_net(struct vmroam_net *vn);

/* caller holds rcu_read_lock() */
struct vmroam_binding *vmroam_binding_find_rcu(struct vmroam_net *vn,
					       const struct vmroam_binding_key *key);
/* the binding holding @addr; *@vouched (when not NULL): its origin for the address vouches */
struct vmroam_binding *vmroam_binding_find_ip_rcu(struct vmroam_net *vn, u16 vlan, u8 family,
						  const void *addr, bool *vouched);

/*
 * is @addr bound, by an origin that vouches for it, to @mac on port @ifindex, active? A claimed
 * (savi) address found so is refreshed: it is in use. Softirq, rcu_read_lock() held.
 */
bool vmroam_binding_ip_vouched_rcu(struct vmroam_net *vn, u16 vlan, u8 family, const void *addr,
				   const u8 *mac, int ifindex);

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
 * one), put it on @ifindex, active, with @origin (a static binding stays static) and the
 * addresses of @a besides those it had: each with @origin, or for IPv6 the origin @a gives
 * (dhcp, savi: what a migration carries) and its lifetime. Process context; 0, -ENOSPC, -ENOMEM.
 */
int vmroam_binding_set(struct vmroam_net *vn, const struct vmroam_binding_key *key, int ifindex,
		       u8 origin, const struct vmroam_binding_addrs *a, u32 lease);

/*
 * ND inspection, first come, first served (RFC 6620): the VM of @key on untrusted port @ifindex
 * claims @addr. It holds it then with origin savi (a binding is made if needed), unless another
 * binding whose VM is active holds it (-EPERM) or the port has @max_addrs claimed addresses
 * (0: no limit) already, or there is no room for a binding (-ENOSPC). An address the VM holds
 * already only has its claim refreshed. Any context.
 */
int vmroam_binding_claim6(struct vmroam_net *vn, const struct vmroam_binding_key *key,
			  int ifindex, const struct in6_addr *addr, u32 max_addrs);

/*
 * would vmroam_binding_claim6() refuse? -EPERM, -ENOSPC, 0; or 1: the VM holds the address on
 * this port already, vouched (its claim is refreshed, there is nothing to claim). Softirq,
 * rcu_read_lock() held
 */
int vmroam_binding_may_claim6_rcu(struct vmroam_net *vn, const struct vmroam_binding_key *key,
				  int ifindex, const struct in6_addr *addr, u32 max_addrs);

/*
 * DHCPv6 snooping, any context. A REPLY from a trusted server binds the @n addresses to the
 * client's binding (on an untrusted port: -EPERM otherwise) with origin dhcp for their valid
 * lifetimes @valid (seconds; 0 unbinds the address, 0xffffffff never expires). A RELEASE or
 * DECLINE from the binding's own port @ifindex unbinds those of its dhcp addresses it names.
 * -ENOENT when the client has no such binding.
 */
int vmroam_binding_dhcp6_reply(struct vmroam_net *vn, const struct vmroam_binding_key *key,
			       const struct in6_addr *addrs, const u32 *valid, int n);
int vmroam_binding_dhcp6_release(struct vmroam_net *vn, const struct vmroam_binding_key *key,
				 int ifindex, const struct in6_addr *addrs, int n);

/*
 * A departed binding's VM speaks again from port @ifindex, the one it left (the port went down
 * and up, or the VM stayed after "migrate out"): the binding is active again, with its origin
 * and addresses, and a "returned" event goes out. Softirq, rcu_read_lock() held.
 */
void vmroam_binding_return_rcu(struct vmroam_net *vn, struct vmroam_binding *b, int ifindex);

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
	u64 first_seen_ms;		/* milliseconds ago */
	u64 last_seen_ms;
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
