// SPDX-License-Identifier: GPL-2.0
/*
 * Bindings.
 *
 * Two RCU hash tables per namespace: bindings by (MAC, VLAN), and their addresses by (VLAN,
 * address) so that a known IP showing up with another MAC is noticed. The hook reads both under
 * RCU without a lock. Every change, from the hook (softirq), netlink or the ageing work, happens
 * under vn->bindings_lock (BH-safe), so the two tables always agree and a binding's list of
 * addresses (the entries of the address table it holds) never changes under another writer.
 * Changes are rare: a VM that stays put only refreshes last_seen, which needs no lock. Entries
 * are freed after a grace period.
 *
 * The table is bounded (max_bindings); a binding not seen for binding_ageing seconds is dropped,
 * static bindings excepted.
 */
#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>

#include "binding.h"
#include "event.h"
#include "netns.h"
#include "port.h"

static unsigned int max_bindings __read_mostly = 65536;
module_param(max_bindings, uint, 0644);
MODULE_PARM_DESC(max_bindings,
		 "Bindings kept per network namespace; beyond it new MACs are not learnt (counted as refused). Default 65536");

static unsigned int binding_ageing __read_mostly = 3600;
module_param(binding_ageing, uint, 0644);
MODULE_PARM_DESC(binding_ageing,
		 "Seconds after which a binding not seen again is forgotten; static ones never. Default 3600");

static unsigned int departed_grace __read_mostly = 300;
module_param(departed_grace, uint, 0644);
MODULE_PARM_DESC(departed_grace,
		 "Seconds a departed binding is kept, so that its MAC seen again from an uplink is known for the VM that left. Default 300");

static unsigned int flap_moves __read_mostly = 5;
module_param(flap_moves, uint, 0644);
MODULE_PARM_DESC(flap_moves,
		 "Moves of a MAC within flap_window seconds that freeze it (as EVPN MAC mobility does); 0: never. Default 5");

static unsigned int flap_window __read_mostly = 180;
module_param(flap_window, uint, 0644);
MODULE_PARM_DESC(flap_window, "Seconds within which flap_moves moves freeze a MAC. Default 180");

static unsigned int flap_freeze __read_mostly = 540;
module_param(flap_freeze, uint, 0644);
MODULE_PARM_DESC(flap_freeze,
		 "Seconds a flapping MAC stays frozen: its frames on another port than its binding's are dropped. Default 540");

/* how often the ageing work looks */
#define VMROAM_BINDING_GC_INTERVAL	(10 * HZ)

/*
 * Objects have caches of their own, sized to them (kmalloc would round a binding up to 128
 * bytes and an address entry to 64 or 96); the caches are the module's, shared by every
 * namespace, and destroyed after the last RCU callback that frees into them.
 */
static struct kmem_cache *vmroam_binding_cache __read_mostly;
static struct kmem_cache *vmroam_binding_ip4_cache __read_mostly;
static struct kmem_cache *vmroam_binding_ip6_cache __read_mostly;

/* a lookup key of the address table; objects hold the same facts in their own layout */
struct vmroam_ip_key {
	u8 addr[16];
	u16 vlan;
	u8 family;
	u8 pad;				/* zero: the key is hashed as bytes */
};

/*
 * One address of a binding, and what vouches for it: an entry of the address table, and of its
 * binding's list of addresses. binding and origin change under the lock; the hook reads them
 * under RCU (an address moving to another binding may show the new binding with the old origin
 * for an instant: it moves only to a binding with as much authority). next, the binding's
 * following address (in the order they came), is read and written under the lock only. An
 * IPv4 address is this much; an IPv6 one is a vmroam_binding_ip6 around it.
 */
struct vmroam_binding_ip {
	struct rhash_head node;
	struct vmroam_binding *binding;
	struct vmroam_binding_ip *next;
	struct rcu_head rcu;
	u16 vlan;
	u8 family;
	u8 origin;			/* enum vmroam_origin */
	__be32 ip4;			/* AF_INET */
};

/* an IPv6 address also has a lifetime (DHCPv6), and a claim lapses when it is not used */
struct vmroam_binding_ip6 {
	struct vmroam_binding_ip ip;
	struct in6_addr ip6;
	u32 expires;			/* seconds (vmroam_now()), its lifetime ends; 0: never */
	u32 seen;			/* seconds, last claimed or used; refreshed locklessly */
};

static struct vmroam_binding_ip6 *vmroam_ip6(struct vmroam_binding_ip *ipe)
{
	return container_of(ipe, struct vmroam_binding_ip6, ip);
}

/*
 * Bindings and addresses keep time in seconds of CLOCK_MONOTONIC, in 32 bits: what they time is
 * module parameters and lifetimes counted in seconds. Only last_seen, refreshed by every frame
 * and shown to the millisecond, is jiffies. A deadline is compared as a signed distance (which
 * is why lifetimes are capped at VMROAM_SECONDS_MAX), an age as an unsigned one.
 */
#define VMROAM_SECONDS_MAX	((u32)S32_MAX)

static u32 vmroam_now(void)
{
	return (u32)ktime_get_seconds();
}

/* has deadline @t (seconds; never 0 when set) come? */
static bool vmroam_passed(u32 t)
{
	return (s32)(vmroam_now() - t) >= 0;
}

/* a deadline @secs from now, never 0: that means "none" */
static u32 vmroam_deadline(u32 secs)
{
	return (vmroam_now() + min(secs, VMROAM_SECONDS_MAX)) ?: 1;
}

static u32 vmroam_ip_hash(const struct vmroam_ip_key *k, u32 seed)
{
	return jhash2((const u32 *)k, sizeof(*k) / sizeof(u32), seed);
}

static void vmroam_ip_key_init(struct vmroam_ip_key *k, u16 vlan, u8 family, const void *addr)
{
	memset(k, 0, sizeof(*k));
	k->vlan = vlan;
	k->family = family;
	memcpy(k->addr, addr, family == AF_INET ? sizeof(__be32) : sizeof(struct in6_addr));
}

static const void *vmroam_binding_ip_addr(const struct vmroam_binding_ip *ipe)
{
	if (ipe->family == AF_INET)
		return &ipe->ip4;
	return &container_of(ipe, struct vmroam_binding_ip6, ip)->ip6;
}

static u32 vmroam_ip_key_hashfn(const void *data, u32 len, u32 seed)
{
	return vmroam_ip_hash(data, seed);
}

static u32 vmroam_ip_obj_hashfn(const void *data, u32 len, u32 seed)
{
	const struct vmroam_binding_ip *ipe = data;
	struct vmroam_ip_key k;

	vmroam_ip_key_init(&k, ipe->vlan, ipe->family, vmroam_binding_ip_addr(ipe));
	return vmroam_ip_hash(&k, seed);
}

static int vmroam_ip_obj_cmpfn(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct vmroam_ip_key *k = arg->key;
	const struct vmroam_binding_ip *ipe = obj;

	if (ipe->vlan != k->vlan || ipe->family != k->family)
		return 1;
	return memcmp(vmroam_binding_ip_addr(ipe), k->addr,
		      k->family == AF_INET ? sizeof(__be32) : sizeof(struct in6_addr));
}

static const struct rhashtable_params vmroam_binding_params = {
	.head_offset = offsetof(struct vmroam_binding, node),
	.key_offset = offsetof(struct vmroam_binding, key),
	.key_len = sizeof(struct vmroam_binding_key),
	.automatic_shrinking = true,
};

static const struct rhashtable_params vmroam_binding_ip_params = {
	.head_offset = offsetof(struct vmroam_binding_ip, node),
	.key_len = sizeof(struct vmroam_ip_key),
	.hashfn = vmroam_ip_key_hashfn,
	.obj_hashfn = vmroam_ip_obj_hashfn,
	.obj_cmpfn = vmroam_ip_obj_cmpfn,
	.automatic_shrinking = true,
};

/* origins that vouch for an address: the IP source guard and ARP inspection accept it */
static bool vmroam_origin_vouches(u8 origin)
{
	return origin == VMROAM_ORIGIN_DHCP || origin == VMROAM_ORIGIN_STATIC ||
	       origin == VMROAM_ORIGIN_MIGRATED || origin == VMROAM_ORIGIN_SAVI;
}

/* an IPv6 lifetime of @valid seconds: 0 (and infinite, 0xffffffff) is none */
static u32 vmroam_expires(u32 valid)
{
	return valid && valid != U32_MAX ? vmroam_deadline(valid) : 0;
}

static void vmroam_binding_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(vmroam_binding_cache, container_of(head, struct vmroam_binding, rcu));
}

static void vmroam_binding_ip_free(struct vmroam_binding_ip *ipe)
{
	if (ipe->family == AF_INET)
		kmem_cache_free(vmroam_binding_ip4_cache, ipe);
	else
		kmem_cache_free(vmroam_binding_ip6_cache, vmroam_ip6(ipe));
}

static void vmroam_binding_ip_free_rcu(struct rcu_head *head)
{
	vmroam_binding_ip_free(container_of(head, struct vmroam_binding_ip, rcu));
}

struct vmroam_binding *vmroam_binding_find_rcu(struct vmroam_net *vn,
					       const struct vmroam_binding_key *key)
{
	return rhashtable_lookup(&vn->bindings, key, vmroam_binding_params);
}

static struct vmroam_binding_ip *vmroam_binding_ip_find_rcu(struct vmroam_net *vn, u16 vlan,
							    u8 family, const void *addr)
{
	struct vmroam_ip_key k;

	vmroam_ip_key_init(&k, vlan, family, addr);
	return rhashtable_lookup(&vn->binding_ips, &k, vmroam_binding_ip_params);
}

struct vmroam_binding *vmroam_binding_find_ip_rcu(struct vmroam_net *vn, u16 vlan, u8 family,
						  const void *addr, bool *vouched)
{
	struct vmroam_binding_ip *ipe = vmroam_binding_ip_find_rcu(vn, vlan, family, addr);

	if (vouched)
		*vouched = ipe && vmroam_origin_vouches(READ_ONCE(ipe->origin));
	return ipe ? READ_ONCE(ipe->binding) : NULL;
}

/*
 * a claimed address in use: its claim is fresh (written once a second, not per frame). Claims
 * are IPv6 only; an IPv4 entry has no room for the time.
 */
static void vmroam_binding_ip_used(struct vmroam_binding_ip *ipe)
{
	struct vmroam_binding_ip6 *ip6;
	u32 now = vmroam_now();

	if (ipe->family != AF_INET6)
		return;
	ip6 = vmroam_ip6(ipe);
	if (READ_ONCE(ip6->seen) != now)
		WRITE_ONCE(ip6->seen, now);
}

bool vmroam_binding_ip_vouched_rcu(struct vmroam_net *vn, u16 vlan, u8 family, const void *addr,
				   const u8 *mac, int ifindex)
{
	struct vmroam_binding_ip *ipe = vmroam_binding_ip_find_rcu(vn, vlan, family, addr);
	struct vmroam_binding *b;
	u8 origin;

	if (!ipe)
		return false;
	b = READ_ONCE(ipe->binding);
	origin = READ_ONCE(ipe->origin);
	if (!ether_addr_equal(b->key.mac, mac) || READ_ONCE(b->ifindex) != ifindex ||
	    READ_ONCE(b->state) != VMROAM_BINDING_ACTIVE || !vmroam_origin_vouches(origin))
		return false;
	if (origin == VMROAM_ORIGIN_SAVI)
		vmroam_binding_ip_used(ipe);
	return true;
}

/* the lock is held from here on */

static struct vmroam_binding_ip *vmroam_binding_ip_find(struct vmroam_net *vn, u16 vlan,
							u8 family, const void *addr)
{
	struct vmroam_ip_key k;

	vmroam_ip_key_init(&k, vlan, family, addr);
	return rhashtable_lookup_fast(&vn->binding_ips, &k, vmroam_binding_ip_params);
}

/* @b has @delta claimed addresses more; its port counts them against max-addrs */
static void vmroam_binding_savi_add(struct vmroam_net *vn, struct vmroam_binding *b, int delta)
{
	b->n_savi += delta;
	vmroam_port_addrs_add(vn, b->ifindex, delta);
}

static void vmroam_binding_ip_set_origin(struct vmroam_net *vn, struct vmroam_binding_ip *ipe,
					 u8 origin)
{
	if (ipe->origin == origin)
		return;
	if (ipe->origin == VMROAM_ORIGIN_SAVI)
		vmroam_binding_savi_add(vn, ipe->binding, -1);
	if (origin == VMROAM_ORIGIN_SAVI)
		vmroam_binding_savi_add(vn, ipe->binding, 1);
	WRITE_ONCE(ipe->origin, origin);
}

/* @ipe joins the end of @b's list (the newest); it is not in a list */
static void vmroam_binding_addr_link(struct vmroam_binding *b, struct vmroam_binding_ip *ipe)
{
	struct vmroam_binding_ip **pp = &b->addrs;

	while (*pp)
		pp = &(*pp)->next;
	ipe->next = NULL;
	*pp = ipe;
	if (ipe->family == AF_INET)
		b->n_ip4++;
	else
		b->n_ip6++;
}

/* @ipe leaves @b's list; the table keeps it */
static void vmroam_binding_addr_unlink(struct vmroam_binding *b, struct vmroam_binding_ip *ipe)
{
	struct vmroam_binding_ip **pp = &b->addrs;

	while (*pp != ipe)
		pp = &(*pp)->next;
	*pp = ipe->next;
	if (ipe->family == AF_INET)
		b->n_ip4--;
	else
		b->n_ip6--;
}

/* @b loses its address @ipe: from its list and from the address table, freed after readers */
static void vmroam_binding_addr_remove(struct vmroam_net *vn, struct vmroam_binding *b,
				       struct vmroam_binding_ip *ipe)
{
	vmroam_binding_ip_set_origin(vn, ipe, VMROAM_ORIGIN_ARP);
	vmroam_binding_addr_unlink(b, ipe);
	rhashtable_remove_fast(&vn->binding_ips, &ipe->node, vmroam_binding_ip_params);
	call_rcu(&ipe->rcu, vmroam_binding_ip_free_rcu);
}

/* @b's oldest address of @family */
static struct vmroam_binding_ip *vmroam_binding_addr_oldest(const struct vmroam_binding *b,
							    u8 family)
{
	struct vmroam_binding_ip *ipe;

	for (ipe = b->addrs; ipe; ipe = ipe->next)
		if (ipe->family == family)
			break;
	return ipe;
}

/* a new entry for @addr, held by @b, in no list yet; charged as its binding is */
static struct vmroam_binding_ip *vmroam_binding_ip_new(struct vmroam_binding *b, u8 family,
						       const void *addr)
{
	struct vmroam_binding_ip6 *ip6;
	struct vmroam_binding_ip *ipe;

	if (family == AF_INET) {
		ipe = kmem_cache_zalloc(vmroam_binding_ip4_cache, GFP_ATOMIC | __GFP_ACCOUNT);
		if (!ipe)
			return NULL;
		ipe->ip4 = *(const __be32 *)addr;
	} else {
		ip6 = kmem_cache_zalloc(vmroam_binding_ip6_cache, GFP_ATOMIC | __GFP_ACCOUNT);
		if (!ip6)
			return NULL;
		ip6->ip6 = *(const struct in6_addr *)addr;
		ipe = &ip6->ip;
	}
	ipe->binding = b;
	ipe->vlan = b->key.vlan;
	ipe->family = family;
	ipe->origin = VMROAM_ORIGIN_ARP;
	return ipe;
}

/* an address's lifetime and use, as it is (re)bound; IPv6 only has them */
static void vmroam_binding_ip_refresh(struct vmroam_binding_ip *ipe, bool lifetime, u32 valid)
{
	struct vmroam_binding_ip6 *ip6;

	if (ipe->family != AF_INET6)
		return;
	ip6 = vmroam_ip6(ipe);
	if (lifetime)
		WRITE_ONCE(ip6->expires, vmroam_expires(valid));
	WRITE_ONCE(ip6->seen, vmroam_now());
}

bool vmroam_binding_vouched(const struct vmroam_binding *b)
{
	/* a binding's own origin is never savi: claims are its addresses' */
	return vmroam_origin_vouches(READ_ONCE(b->origin));
}

bool vmroam_binding_movable(const struct vmroam_binding *b)
{
	return READ_ONCE(b->state) == VMROAM_BINDING_DEPARTED || !vmroam_binding_vouched(b);
}

/*
 * give @addr to @b with @origin, for @valid seconds (0: as long as @b lasts). Held by @b
 * already: its origin rises to @origin when that vouches and the word is @authority's (a lease,
 * the operator, a sanction, a claim ND inspection let through), or the address was only seen;
 * it never falls. Held by another binding: taken from it, unless its origin vouches for it
 * there and the word for @b is only a frame's. The oldest goes when @b is full.
 */
static int vmroam_binding_addr_add(struct vmroam_net *vn, struct vmroam_binding *b, u8 family,
				   const void *addr, u8 origin, u32 valid, bool authority)
{
	int max = family == AF_INET ? VMROAM_BINDING_ADDRS : VMROAM_BINDING_ADDRS6;
	struct vmroam_binding_ip *ipe;

	ipe = vmroam_binding_ip_find(vn, b->key.vlan, family, addr);
	if (ipe && ipe->binding == b) {
		bool rises = vmroam_origin_vouches(origin) &&
			     (authority || !vmroam_origin_vouches(ipe->origin));

		if (rises)
			vmroam_binding_ip_set_origin(vn, ipe, origin);
		vmroam_binding_ip_refresh(ipe, rises, valid);
		return 0;
	}
	if (ipe) {
		if (vmroam_origin_vouches(ipe->origin) && !authority)
			return 0;
		vmroam_binding_ip_set_origin(vn, ipe, VMROAM_ORIGIN_ARP);
		vmroam_binding_addr_unlink(ipe->binding, ipe);
		WRITE_ONCE(ipe->binding, b);
	} else {
		ipe = vmroam_binding_ip_new(b, family, addr);
		if (!ipe)
			return -ENOMEM;
		if (rhashtable_insert_fast(&vn->binding_ips, &ipe->node,
					   vmroam_binding_ip_params)) {
			vmroam_binding_ip_free(ipe);
			return -ENOMEM;
		}
	}
	vmroam_binding_ip_set_origin(vn, ipe, origin);
	vmroam_binding_ip_refresh(ipe, true, valid);

	if ((family == AF_INET ? b->n_ip4 : b->n_ip6) == max)
		vmroam_binding_addr_remove(vn, b, vmroam_binding_addr_oldest(b, family));
	vmroam_binding_addr_link(b, ipe);
	return 0;
}

static struct vmroam_binding *vmroam_binding_create(struct vmroam_net *vn,
						    const struct vmroam_binding_key *key,
						    int ifindex, u8 origin)
{
	struct vmroam_binding *b;

	if (atomic_read(&vn->n_bindings) >= READ_ONCE(max_bindings)) {
		atomic64_inc(&vn->bindings_refused);
		return ERR_PTR(-ENOSPC);
	}
	/* charged to whoever's task made it; from the hook (softirq) to nobody */
	b = kmem_cache_zalloc(vmroam_binding_cache, GFP_ATOMIC | __GFP_ACCOUNT);
	if (!b)
		return ERR_PTR(-ENOMEM);
	b->key = *key;
	b->ifindex = ifindex;
	b->origin = origin;
	b->first_seen = vmroam_now();
	b->last_seen = jiffies;
	if (rhashtable_insert_fast(&vn->bindings, &b->node, vmroam_binding_params)) {
		kmem_cache_free(vmroam_binding_cache, b);
		return ERR_PTR(-ENOMEM);
	}
	atomic_inc(&vn->n_bindings);
	vmroam_port_macs_add(vn, ifindex, 1);
	return b;
}

static void vmroam_binding_unlink(struct vmroam_net *vn, struct vmroam_binding *b)
{
	while (b->addrs)
		vmroam_binding_addr_remove(vn, b, b->addrs);
	rhashtable_remove_fast(&vn->bindings, &b->node, vmroam_binding_params);
	atomic_dec(&vn->n_bindings);
	vmroam_port_macs_add(vn, b->ifindex, -1);
	/* counted once: the GC and unfreeze see 0 in a binding that is gone */
	if (b->frozen_until) {
		WRITE_ONCE(b->frozen_until, 0);
		atomic_dec(&vn->n_frozen);
	}
	call_rcu(&b->rcu, vmroam_binding_free_rcu);
}

/* seconds from now to deadline @t (0: never), at least 1 while it is ahead */
static u32 vmroam_seconds_left(u32 t)
{
	if (!t || vmroam_passed(t))
		return 0;
	return max(t - vmroam_now(), 1U);
}

/* the lock is held: the list and its entries' origins stand still */
static void vmroam_binding_copy_addrs(const struct vmroam_binding *b,
				      struct vmroam_binding_addrs *out)
{
	const struct vmroam_binding_ip6 *ip6;
	const struct vmroam_binding_ip *ipe;
	int n4 = 0, n6 = 0;

	out->ifindex = b->ifindex;
	/* the counts bound the list (vmroam_binding_addr_add()); the arrays are as long */
	for (ipe = b->addrs; ipe; ipe = ipe->next) {
		if (ipe->family == AF_INET) {
			if (!WARN_ON_ONCE(n4 == VMROAM_BINDING_ADDRS))
				out->ip4[n4++] = ipe->ip4;
			continue;
		}
		if (WARN_ON_ONCE(n6 == VMROAM_BINDING_ADDRS6))
			continue;
		ip6 = container_of(ipe, const struct vmroam_binding_ip6, ip);
		out->ip6[n6] = ip6->ip6;
		out->origin6[n6] = ipe->origin + 1;
		out->valid6[n6++] = vmroam_seconds_left(ip6->expires);
	}
	out->n_ip4 = n4;
	out->n_ip6 = n6;
}

/* @b goes to port @ifindex, with the addresses it claimed; the lock is held */
static void vmroam_binding_move(struct vmroam_net *vn, struct vmroam_binding *b, int ifindex)
{
	vmroam_port_macs_add(vn, b->ifindex, -1);
	vmroam_port_macs_add(vn, ifindex, 1);
	vmroam_port_addrs_add(vn, b->ifindex, -(int)b->n_savi);
	vmroam_port_addrs_add(vn, ifindex, b->n_savi);
	WRITE_ONCE(b->ifindex, ifindex);
	b->moves++;
}

bool vmroam_binding_frozen(const struct vmroam_binding *b)
{
	u32 until = READ_ONCE(b->frozen_until);

	return until && !vmroam_passed(until);
}

/* one more move of @b: does it freeze now? The lock is held */
static bool vmroam_binding_flap(struct vmroam_net *vn, struct vmroam_binding *b)
{
	unsigned int max = READ_ONCE(flap_moves);
	u32 now = vmroam_now();

	if (!max || b->frozen_until)
		return false;
	if (!b->flap_moves ||
	    now - b->flap_start > READ_ONCE(flap_window)) {
		b->flap_start = now;
		b->flap_moves = 0;
	}
	if (++b->flap_moves < max)
		return false;
	b->flap_moves = 0;
	/* never 0: that means "not frozen" */
	WRITE_ONCE(b->frozen_until, vmroam_deadline(READ_ONCE(flap_freeze)));
	atomic_inc(&vn->n_frozen);
	return true;
}

/* origins that say more than one frame can: a frame does not overrule them */
static bool vmroam_origin_sticks(u8 origin)
{
	return origin == VMROAM_ORIGIN_STATIC || origin == VMROAM_ORIGIN_MIGRATED ||
	       origin == VMROAM_ORIGIN_DHCP;
}

int vmroam_binding_learn(struct vmroam_net *vn, const struct vmroam_sighting *s)
{
	struct vmroam_event ev = { .type = __VMROAM_EVENT_MAX };
	struct vmroam_binding_addrs addrs;
	struct vmroam_binding *b;
	bool frozen = false;
	int err = 0;

	spin_lock_bh(&vn->bindings_lock);
	b = rhashtable_lookup_fast(&vn->bindings, &s->key, vmroam_binding_params);
	if (!b) {
		/* one port's frames cannot fill the namespace's table */
		if (!vmroam_port_may_bind(vn, s->ifindex)) {
			atomic64_inc(&vn->bindings_refused);
			err = -ENOSPC;
			goto out;
		}
		b = vmroam_binding_create(vn, &s->key, s->ifindex, s->origin);
		if (IS_ERR(b)) {
			err = PTR_ERR(b);
			goto out;
		}
		ev.type = VMROAM_EVENT_NEW;
	} else {
		/* a frame elsewhere does not take a binding that vouches from its active VM */
		if (b->ifindex != s->ifindex && !vmroam_binding_movable(b)) {
			err = -EPERM;
			goto out;
		}
		if (b->ifindex != s->ifindex) {
			ev.type = VMROAM_EVENT_MOVED;
			ev.from_ifindex = b->ifindex;
			vmroam_binding_move(vn, b, s->ifindex);
			frozen = vmroam_binding_flap(vn, b);
		}
		/* a departed VM seen again: the one that left, not a new one */
		if (b->state == VMROAM_BINDING_DEPARTED && ev.type == __VMROAM_EVENT_MAX)
			ev.type = VMROAM_EVENT_RETURNED;
		WRITE_ONCE(b->state, VMROAM_BINDING_ACTIVE);
		if (!vmroam_origin_sticks(b->origin))
			b->origin = s->origin;
		WRITE_ONCE(b->last_seen, jiffies);
	}
	if (s->family == AF_INET)
		err = vmroam_binding_addr_add(vn, b, AF_INET, &s->ip4, s->origin, 0, false);
	else if (s->family == AF_INET6)
		err = vmroam_binding_addr_add(vn, b, AF_INET6, &s->ip6, s->origin, 0, false);
	if (ev.type != __VMROAM_EVENT_MAX) {
		vmroam_binding_copy_addrs(b, &addrs);
		ev.origin = b->origin + 1;
	}
out:
	spin_unlock_bh(&vn->bindings_lock);
	if (ev.type != __VMROAM_EVENT_MAX) {
		ev.key = s->key;
		ev.ifindex = s->ifindex;
		ev.addrs = &addrs;
		vmroam_event(vn, &ev);
		if (frozen) {
			ev.type = VMROAM_EVENT_FROZEN;
			ev.from_ifindex = 0;
			vmroam_event(vn, &ev);
		}
	}
	return err;
}

void vmroam_binding_return_rcu(struct vmroam_net *vn, struct vmroam_binding *b, int ifindex)
{
	struct vmroam_event ev = { .type = VMROAM_EVENT_RETURNED, .ifindex = ifindex };
	struct vmroam_binding_addrs addrs;
	bool back;

	spin_lock_bh(&vn->bindings_lock);
	back = b->state == VMROAM_BINDING_DEPARTED && b->ifindex == ifindex &&
	       rhashtable_lookup_fast(&vn->bindings, &b->key, vmroam_binding_params) == b;
	if (back) {
		WRITE_ONCE(b->state, VMROAM_BINDING_ACTIVE);
		WRITE_ONCE(b->last_seen, jiffies);
		vmroam_binding_copy_addrs(b, &addrs);
		ev.key = b->key;
		ev.origin = b->origin + 1;
		ev.addrs = &addrs;
	}
	spin_unlock_bh(&vn->bindings_lock);
	if (back)
		vmroam_event(vn, &ev);
}

bool vmroam_binding_addrs(struct vmroam_net *vn, const struct vmroam_binding_key *key,
			  struct vmroam_binding_addrs *out)
{
	struct vmroam_binding *b;

	spin_lock_bh(&vn->bindings_lock);
	b = rhashtable_lookup_fast(&vn->bindings, key, vmroam_binding_params);
	if (b)
		vmroam_binding_copy_addrs(b, out);
	spin_unlock_bh(&vn->bindings_lock);
	return b;
}

/* what a migration may carry of an IPv6 address's origin: what vouched for it there */
static u8 vmroam_origin_carried(u8 given, u8 origin)
{
	if (given && (given - 1 == VMROAM_ORIGIN_DHCP || given - 1 == VMROAM_ORIGIN_SAVI) &&
	    origin == VMROAM_ORIGIN_MIGRATED)
		return given - 1;
	return origin;
}

int vmroam_binding_set(struct vmroam_net *vn, const struct vmroam_binding_key *key, int ifindex,
		       u8 origin, const struct vmroam_binding_addrs *a, u32 lease)
{
	struct vmroam_binding *b;
	int i, err = 0;

	spin_lock_bh(&vn->bindings_lock);
	b = rhashtable_lookup_fast(&vn->bindings, key, vmroam_binding_params);
	if (!b) {
		b = vmroam_binding_create(vn, key, ifindex, origin);
		if (IS_ERR(b)) {
			err = PTR_ERR(b);
			goto out;
		}
	}
	if (b->ifindex != ifindex)
		vmroam_binding_move(vn, b, ifindex);
	/* static stays static; a dhcp binding moved by a migration keeps its lease */
	if (b->origin != VMROAM_ORIGIN_STATIC &&
	    !(b->origin == VMROAM_ORIGIN_DHCP && origin == VMROAM_ORIGIN_MIGRATED && !lease))
		WRITE_ONCE(b->origin, origin);
	if (lease)
		WRITE_ONCE(b->lease_expires, vmroam_deadline(lease));
	b->state = VMROAM_BINDING_ACTIVE;
	WRITE_ONCE(b->last_seen, jiffies);
	for (i = 0; i < a->n_ip4 && !err; i++)
		err = vmroam_binding_addr_add(vn, b, AF_INET, &a->ip4[i], origin, 0, true);
	for (i = 0; i < a->n_ip6 && !err; i++)
		err = vmroam_binding_addr_add(vn, b, AF_INET6, &a->ip6[i],
					      vmroam_origin_carried(a->origin6[i], origin),
					      a->valid6[i], true);
out:
	spin_unlock_bh(&vn->bindings_lock);
	return err;
}

int vmroam_binding_dhcp_ack(struct vmroam_net *vn, const struct vmroam_binding_key *key,
			    __be32 ip, u32 lease)
{
	struct vmroam_binding *b;
	int err = -ENOENT;

	spin_lock_bh(&vn->bindings_lock);
	b = rhashtable_lookup_fast(&vn->bindings, key, vmroam_binding_params);
	/*
	 * snooping binds clients on untrusted ports only, as a switch does: on a port nobody
	 * configured, what a server says is no more than what any frame says
	 */
	if (b && !vmroam_port_untrusted(vn, b->ifindex)) {
		err = -EPERM;
		b = NULL;
	}
	if (b) {
		if (b->origin != VMROAM_ORIGIN_STATIC)
			WRITE_ONCE(b->origin, VMROAM_ORIGIN_DHCP);
		/* an infinite lease (0xffffffff) ages like any binding */
		WRITE_ONCE(b->lease_expires,
			   lease && lease != U32_MAX ? vmroam_deadline(lease) : 0);
		WRITE_ONCE(b->last_seen, jiffies);
		err = vmroam_binding_addr_add(vn, b, AF_INET, &ip, VMROAM_ORIGIN_DHCP, 0, true);
	}
	spin_unlock_bh(&vn->bindings_lock);
	return err;
}

int vmroam_binding_dhcp_release(struct vmroam_net *vn, const struct vmroam_binding_key *key,
				int ifindex)
{
	struct vmroam_binding *b;

	spin_lock_bh(&vn->bindings_lock);
	b = rhashtable_lookup_fast(&vn->bindings, key, vmroam_binding_params);
	if (b && b->origin == VMROAM_ORIGIN_DHCP && (!ifindex || b->ifindex == ifindex))
		vmroam_binding_unlink(vn, b);
	else
		b = NULL;
	spin_unlock_bh(&vn->bindings_lock);
	return b ? 0 : -ENOENT;
}

int vmroam_binding_may_claim6_rcu(struct vmroam_net *vn, const struct vmroam_binding_key *key,
				  int ifindex, const struct in6_addr *addr, u32 max_addrs)
{
	struct vmroam_binding_ip *ipe = vmroam_binding_ip_find_rcu(vn, key->vlan, AF_INET6, addr);
	struct vmroam_binding *b;

	if (ipe) {
		b = READ_ONCE(ipe->binding);
		if (ether_addr_equal(b->key.mac, key->mac)) {
			if (READ_ONCE(b->ifindex) != ifindex ||
			    !vmroam_origin_vouches(READ_ONCE(ipe->origin)))
				return 0;
			/* its own claim seen again: fresh now, nothing to bind under the lock */
			vmroam_binding_ip_used(ipe);
			return 1;
		}
		/* first come, first served: while its VM is here, nobody else may claim it */
		if (READ_ONCE(b->state) == VMROAM_BINDING_ACTIVE)
			return -EPERM;
	}
	if (max_addrs && vmroam_port_addrs(vn, ifindex) >= max_addrs)
		return -ENOSPC;
	return 0;
}

int vmroam_binding_claim6(struct vmroam_net *vn, const struct vmroam_binding_key *key,
			  int ifindex, const struct in6_addr *addr, u32 max_addrs)
{
	struct vmroam_binding_ip *ipe;
	struct vmroam_binding *b;
	int err = 0;

	spin_lock_bh(&vn->bindings_lock);
	b = rhashtable_lookup_fast(&vn->bindings, key, vmroam_binding_params);
	/* the binding is learnt first; it claims on its own port only */
	if (!b || b->ifindex != ifindex) {
		err = b ? -EPERM : -ENOENT;
		goto out;
	}
	ipe = vmroam_binding_ip_find(vn, key->vlan, AF_INET6, addr);
	if (ipe && ipe->binding == b && vmroam_origin_vouches(ipe->origin)) {
		vmroam_binding_ip_used(ipe);		/* its own: the claim is fresh */
		goto out;
	}
	if (ipe && ipe->binding != b && ipe->binding->state == VMROAM_BINDING_ACTIVE) {
		err = -EPERM;
		goto out;
	}
	if (max_addrs && vmroam_port_addrs(vn, ifindex) >= max_addrs) {
		err = -ENOSPC;
		goto out;
	}
	err = vmroam_binding_addr_add(vn, b, AF_INET6, addr, VMROAM_ORIGIN_SAVI, 0, true);
out:
	spin_unlock_bh(&vn->bindings_lock);
	return err;
}

int vmroam_binding_dhcp6_reply(struct vmroam_net *vn, const struct vmroam_binding_key *key,
			       const struct in6_addr *addrs, const u32 *valid, int n)
{
	struct vmroam_binding_ip *ipe;
	struct vmroam_binding *b;
	int i, err = 0;

	spin_lock_bh(&vn->bindings_lock);
	b = rhashtable_lookup_fast(&vn->bindings, key, vmroam_binding_params);
	if (!b) {
		err = -ENOENT;
		goto out;
	}
	/* as for DHCPv4: snooping binds clients of untrusted ports only */
	if (!vmroam_port_untrusted(vn, b->ifindex)) {
		err = -EPERM;
		goto out;
	}
	for (i = 0; i < n && !err; i++) {
		if (valid[i]) {
			err = vmroam_binding_addr_add(vn, b, AF_INET6, &addrs[i],
						      VMROAM_ORIGIN_DHCP, valid[i], true);
			continue;
		}
		/* a valid lifetime of 0: the server takes the address back */
		ipe = vmroam_binding_ip_find(vn, key->vlan, AF_INET6, &addrs[i]);
		if (ipe && ipe->binding == b && ipe->origin == VMROAM_ORIGIN_DHCP)
			vmroam_binding_addr_remove(vn, b, ipe);
	}
	WRITE_ONCE(b->last_seen, jiffies);
out:
	spin_unlock_bh(&vn->bindings_lock);
	return err;
}

int vmroam_binding_dhcp6_release(struct vmroam_net *vn, const struct vmroam_binding_key *key,
				 int ifindex, const struct in6_addr *addrs, int n)
{
	struct vmroam_binding_ip *ipe;
	struct vmroam_binding *b;
	int i, err = -ENOENT;

	spin_lock_bh(&vn->bindings_lock);
	b = rhashtable_lookup_fast(&vn->bindings, key, vmroam_binding_params);
	for (i = 0; b && b->ifindex == ifindex && i < n; i++) {
		ipe = vmroam_binding_ip_find(vn, key->vlan, AF_INET6, &addrs[i]);
		if (!ipe || ipe->binding != b || ipe->origin != VMROAM_ORIGIN_DHCP)
			continue;
		vmroam_binding_addr_remove(vn, b, ipe);
		err = 0;
	}
	spin_unlock_bh(&vn->bindings_lock);
	return err;
}

int vmroam_binding_unfreeze(struct vmroam_net *vn, const u8 *mac, int vlan)
{
	struct rhashtable_iter iter;
	struct vmroam_binding *b;
	int err = -ENOENT;

	rhashtable_walk_enter(&vn->bindings, &iter);
	rhashtable_walk_start(&iter);
	while ((b = rhashtable_walk_next(&iter))) {
		if (IS_ERR(b) || !ether_addr_equal(b->key.mac, mac) ||
		    (vlan >= 0 && b->key.vlan != vlan))
			continue;
		spin_lock_bh(&vn->bindings_lock);
		if (b->frozen_until) {
			WRITE_ONCE(b->frozen_until, 0);
			b->flap_moves = 0;
			atomic_dec(&vn->n_frozen);
			err = 0;
		}
		spin_unlock_bh(&vn->bindings_lock);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return err;
}

int vmroam_binding_del(struct vmroam_net *vn, const struct vmroam_binding_key *key)
{
	struct vmroam_binding *b;

	spin_lock_bh(&vn->bindings_lock);
	b = rhashtable_lookup_fast(&vn->bindings, key, vmroam_binding_params);
	if (b)
		vmroam_binding_unlink(vn, b);
	spin_unlock_bh(&vn->bindings_lock);
	return b ? 0 : -ENOENT;
}

int vmroam_binding_del_mac(struct vmroam_net *vn, const u8 *mac)
{
	struct rhashtable_iter iter;
	struct vmroam_binding *b;
	int err = -ENOENT;

	rhashtable_walk_enter(&vn->bindings, &iter);
	rhashtable_walk_start(&iter);
	while ((b = rhashtable_walk_next(&iter))) {
		if (IS_ERR(b) || !ether_addr_equal(b->key.mac, mac))
			continue;
		spin_lock_bh(&vn->bindings_lock);
		if (rhashtable_lookup_fast(&vn->bindings, &b->key, vmroam_binding_params) == b) {
			vmroam_binding_unlink(vn, b);
			err = 0;
		}
		spin_unlock_bh(&vn->bindings_lock);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return err;
}

/* how long ago @b was made and last seen, for netlink */
static void vmroam_binding_ages(const struct vmroam_binding *b, struct vmroam_binding_info *info)
{
	info->first_seen_ms = (u64)(vmroam_now() - b->first_seen) * MSEC_PER_SEC;
	info->last_seen_ms = jiffies64_to_msecs(jiffies - READ_ONCE(b->last_seen));
}

struct rhashtable_iter *vmroam_binding_walk_enter(struct vmroam_net *vn)
{
	struct rhashtable_iter *iter = kmalloc(sizeof(*iter), GFP_KERNEL);

	if (iter)
		rhashtable_walk_enter(&vn->bindings, iter);
	return iter;
}

void vmroam_binding_walk_exit(struct rhashtable_iter *iter)
{
	rhashtable_walk_exit(iter);
	kfree(iter);
}

int vmroam_binding_walk(struct vmroam_net *vn, struct rhashtable_iter *iter,
			int (*fn)(const struct vmroam_binding_info *info, void *arg), void *arg,
			unsigned int *restarts)
{
	struct vmroam_binding_info info;
	struct vmroam_binding *b;
	int ret = 0;

	if (rhashtable_walk_start_check(iter) == -EAGAIN)
		(*restarts)++;
	/* peek: the binding @fn refuses is the first one of the next call */
	while ((b = rhashtable_walk_peek(iter))) {
		if (IS_ERR(b)) {	/* -EAGAIN: resized, the walk goes on in the new table */
			(*restarts)++;
			continue;
		}
		spin_lock_bh(&vn->bindings_lock);
		info.key = b->key;
		vmroam_binding_copy_addrs(b, &info.addrs);
		info.origin = b->origin;
		info.state = b->state;
		info.moves = b->moves;
		vmroam_binding_ages(b, &info);
		info.lease_left = vmroam_seconds_left(b->lease_expires);
		info.frozen_left = vmroam_binding_frozen(b) ?
				   vmroam_seconds_left(b->frozen_until) : 0;
		spin_unlock_bh(&vn->bindings_lock);
		ret = fn(&info, arg);
		if (ret)
			break;
		rhashtable_walk_next(iter);
	}
	rhashtable_walk_stop(iter);
	return ret;
}

/*
 * should @b go? Not seen for @ageing seconds (static ones never), its lease over, or departed
 * for @grace seconds
 */
static bool vmroam_binding_expired(const struct vmroam_binding *b, u32 ageing, u32 grace)
{
	u32 lease = READ_ONCE(b->lease_expires);

	if (b->origin == VMROAM_ORIGIN_STATIC)
		return false;
	if (lease && vmroam_passed(lease))
		return true;
	if (READ_ONCE(b->state) == VMROAM_BINDING_DEPARTED &&
	    vmroam_now() - READ_ONCE(b->departed) >= grace)
		return true;
	return time_after_eq(jiffies, READ_ONCE(b->last_seen) + (unsigned long)ageing * HZ);
}

/*
 * @b's IPv6 addresses whose lifetime ended, or claimed ones not seen for @ageing, go; the
 * binding stays
 */
static void vmroam_binding_gc_addrs(struct vmroam_net *vn, struct vmroam_binding *b, u32 ageing)
{
	struct vmroam_binding_ip *ipe, *next;
	struct vmroam_binding_ip6 *ip6;

	spin_lock_bh(&vn->bindings_lock);
	if (rhashtable_lookup_fast(&vn->bindings, &b->key, vmroam_binding_params) != b)
		goto out;
	for (ipe = b->addrs; ipe; ipe = next) {
		next = ipe->next;
		if (ipe->family != AF_INET6)
			continue;
		ip6 = vmroam_ip6(ipe);
		if ((ip6->expires && vmroam_passed(ip6->expires)) ||
		    (ipe->origin == VMROAM_ORIGIN_SAVI &&
		     vmroam_now() - READ_ONCE(ip6->seen) >= ageing))
			vmroam_binding_addr_remove(vn, b, ipe);
	}
out:
	spin_unlock_bh(&vn->bindings_lock);
}

static void vmroam_binding_gc(struct work_struct *work)
{
	struct vmroam_net *vn = container_of(to_delayed_work(work), struct vmroam_net,
					     binding_gc);
	u32 ageing = READ_ONCE(binding_ageing);
	u32 grace = READ_ONCE(departed_grace);
	struct vmroam_event ev = { .type = VMROAM_EVENT_EXPIRED };
	struct rhashtable_iter iter;
	struct vmroam_binding *b;
	bool gone;

	rhashtable_walk_enter(&vn->bindings, &iter);
	rhashtable_walk_start(&iter);
	while ((b = rhashtable_walk_next(&iter))) {
		if (IS_ERR(b))
			continue;
		if (READ_ONCE(b->frozen_until) && !vmroam_binding_frozen(b)) {
			spin_lock_bh(&vn->bindings_lock);
			if (b->frozen_until && !vmroam_binding_frozen(b)) {
				WRITE_ONCE(b->frozen_until, 0);
				atomic_dec(&vn->n_frozen);
			}
			spin_unlock_bh(&vn->bindings_lock);
		}
		if (!vmroam_binding_expired(b, ageing, grace)) {
			if (READ_ONCE(b->n_ip6))
				vmroam_binding_gc_addrs(vn, b, ageing);
			continue;
		}
		spin_lock_bh(&vn->bindings_lock);
		/* still there (not removed meanwhile) and still old */
		gone = rhashtable_lookup_fast(&vn->bindings, &b->key, vmroam_binding_params) == b &&
		       vmroam_binding_expired(b, ageing, grace);
		if (gone) {
			ev.key = b->key;
			ev.ifindex = b->ifindex;
			ev.origin = b->origin + 1;
			vmroam_binding_unlink(vn, b);
		}
		spin_unlock_bh(&vn->bindings_lock);
		if (gone)
			vmroam_event(vn, &ev);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	queue_delayed_work(system_power_efficient_wq, &vn->binding_gc,
			   VMROAM_BINDING_GC_INTERVAL);
}

int vmroam_binding_depart(struct vmroam_net *vn, int ifindex, const u8 *mac, int vlan,
			  void (*fn)(struct vmroam_net *vn, const struct vmroam_binding_info *info,
				     void *arg), void *arg)
{
	struct vmroam_binding_info info;
	struct rhashtable_iter iter;
	struct vmroam_binding *b;
	int n = 0;
	bool left;

	rhashtable_walk_enter(&vn->bindings, &iter);
	rhashtable_walk_start(&iter);
	while ((b = rhashtable_walk_next(&iter))) {
		if (IS_ERR(b))
			continue;
		if (ifindex ? READ_ONCE(b->ifindex) != ifindex :
		    !ether_addr_equal(b->key.mac, mac) || (vlan >= 0 && b->key.vlan != vlan))
			continue;
		n++;
		spin_lock_bh(&vn->bindings_lock);
		left = b->state == VMROAM_BINDING_ACTIVE &&
		       (!ifindex || b->ifindex == ifindex) &&
		       rhashtable_lookup_fast(&vn->bindings, &b->key, vmroam_binding_params) == b;
		if (left) {
			WRITE_ONCE(b->state, VMROAM_BINDING_DEPARTED);
			WRITE_ONCE(b->departed, vmroam_now());
			info.key = b->key;
			vmroam_binding_copy_addrs(b, &info.addrs);
			info.origin = b->origin;
			info.state = b->state;
			info.moves = b->moves;
			vmroam_binding_ages(b, &info);
			info.lease_left = 0;
			info.frozen_left = 0;
		}
		spin_unlock_bh(&vn->bindings_lock);
		if (left)
			fn(vn, &info, arg);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return n;
}

int vmroam_binding_init_net(struct vmroam_net *vn)
{
	int err;

	spin_lock_init(&vn->bindings_lock);
	atomic_set(&vn->n_bindings, 0);
	atomic64_set(&vn->bindings_refused, 0);
	err = rhashtable_init(&vn->bindings, &vmroam_binding_params);
	if (err)
		return err;
	err = rhashtable_init(&vn->binding_ips, &vmroam_binding_ip_params);
	if (err) {
		rhashtable_destroy(&vn->bindings);
		return err;
	}
	INIT_DELAYED_WORK(&vn->binding_gc, vmroam_binding_gc);
	queue_delayed_work(system_power_efficient_wq, &vn->binding_gc,
			   VMROAM_BINDING_GC_INTERVAL);
	return 0;
}

static void vmroam_binding_free(void *ptr, void *arg)
{
	kmem_cache_free(vmroam_binding_cache, ptr);
}

static void vmroam_binding_ip_free_one(void *ptr, void *arg)
{
	vmroam_binding_ip_free(ptr);
}

/* namespace exit: the hook is gone and a grace period has passed */
void vmroam_binding_exit_net(struct vmroam_net *vn)
{
	cancel_delayed_work_sync(&vn->binding_gc);
	rhashtable_free_and_destroy(&vn->binding_ips, vmroam_binding_ip_free_one, NULL);
	rhashtable_free_and_destroy(&vn->bindings, vmroam_binding_free, NULL);
}

int vmroam_binding_cache_init(void)
{
	vmroam_binding_cache = KMEM_CACHE(vmroam_binding, SLAB_ACCOUNT);
	vmroam_binding_ip4_cache = KMEM_CACHE(vmroam_binding_ip, SLAB_ACCOUNT);
	vmroam_binding_ip6_cache = KMEM_CACHE(vmroam_binding_ip6, SLAB_ACCOUNT);
	if (vmroam_binding_cache && vmroam_binding_ip4_cache && vmroam_binding_ip6_cache)
		return 0;
	vmroam_binding_cache_exit();
	return -ENOMEM;
}

void vmroam_binding_cache_exit(void)
{
	/* NULL-safe; every binding and address was freed, the last of them by RCU callbacks */
	kmem_cache_destroy(vmroam_binding_ip6_cache);
	kmem_cache_destroy(vmroam_binding_ip4_cache);
	kmem_cache_destroy(vmroam_binding_cache);
}
