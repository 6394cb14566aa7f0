// SPDX-License-Identifier: GPL-2.0
/*
 * What this host is, per bridge: "local" is the bridge a frame entered, or any device stacked on
 * it at any depth (netdev_walk_all_upper_dev_rcu(): VLAN devices, macvlans, VLAN on VLAN, a VRF
 * above it...), having that IPv4 address (ifa_local, primary or secondary) or that MAC
 * (dev_addr). The classifier asks for every ARP request and unicast ARP reply, in softirq.
 *
 * Instead of walking the upper devices per frame, each bridge has a snapshot: an immutable
 * struct vmroam_local, in the xarray vn->local of the bridge's namespace under the bridge's
 * ifindex (a bridge never changes namespace: NETIF_F_NETNS_LOCAL). It is rebuilt, whole, from the
 * devices themselves whenever something that could change it happens to the bridge or to any
 * device above it:
 *
 *	netdevice notifier: REGISTER (also the replay when the module loads, for devices that
 *	already exist), UNREGISTER (a bridge: its snapshot goes; the replay when the module
 *	unloads), CHANGEADDR, CHANGEUPPER (sent to the lower device of a link that is made or
 *	broken), UP (br_dev_newlink() sets a new bridge's IFLA_ADDRESS without CHANGEADDR; the
 *	bridge's ports forward nothing before it is up)
 *	inetaddr notifier: NETDEV_UP and NETDEV_DOWN of an address (the address is already in, or
 *	already out of, its device's list)
 *
 * An event on a device reaches every bridge below it: the device itself if it is a bridge, and
 * every bridge among its lower devices at any depth (netdev_walk_all_lower_dev()). The lower
 * devices may be in another namespace (a macvlan moved away from its bridge's): the snapshot
 * lives in the bridge's. The netdevice notifier runs after the default priority, so that what
 * drivers do about an event (a passthru macvlan taking its lower device's new MAC without an
 * event of its own) is done when the snapshot is taken.
 *
 * Locking and lifetimes: every change of the upper and lower links, of dev_addr and of the IPv4
 * address lists happens under RTNL, and both notifier chains are called under RTNL, so rebuilds
 * are serialised by RTNL and the two walks of one rebuild (count, then fill) see the same
 * devices. A snapshot is published by xa_store() and never changed; the one it replaces is
 * freed after a grace period (kvfree_rcu()). Readers look it up with xa_load() under the
 * rcu_read_lock() the hook holds, without a lock of their own.
 *
 * No snapshot for a bridge (memory was short, the bridge appeared before the notifier came, the
 * module is unloading) means the readers walk the upper devices as they did before: slower,
 * never a different answer.
 */
#include <linux/etherdevice.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/xarray.h>

#include "local.h"
#include "netns.h"

/* addresses one snapshot holds at most; a bridge with more is walked per frame */
#define VMROAM_LOCAL_MAX	65536

/*
 * One bridge's addresses: @n_mac MACs (ether_addr_to_u64()), then @n_ip4 IPv4 addresses (their
 * __be32 as a number), each part sorted and without duplicates.
 */
struct vmroam_local {
	struct rcu_head rcu;
	u32 n_mac;
	u32 n_ip4;
	u64 addr[];
};

/* false from the moment the module starts unloading: rebuilds then only remove. RTNL. */
static bool vmroam_local_live;

static bool vmroam_local_find(const u64 *a, u32 n, u64 key)
{
	u32 lo = 0, hi = n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (a[mid] == key)
			return true;
		if (a[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* the fallback: the devices themselves; caller holds rcu_read_lock() */
static int vmroam_local_dev_has_ip4_rcu(struct net_device *dev, struct netdev_nested_priv *priv)
{
	const __be32 *ip = priv->data;
	const struct in_ifaddr *ifa;
	struct in_device *in_dev;

	in_dev = __in_dev_get_rcu(dev);
	if (!in_dev)
		return 0;
	in_dev_for_each_ifa_rcu(ifa, in_dev)
		if (ifa->ifa_local == *ip)
			return 1;
	return 0;
}

static int vmroam_local_dev_has_mac_rcu(struct net_device *dev, struct netdev_nested_priv *priv)
{
	return ether_addr_equal(dev->dev_addr, priv->data);
}

static const struct vmroam_local *vmroam_local_get_rcu(struct net_device *br)
{
	return xa_load(&vmroam_net(dev_net(br))->local, br->ifindex);
}

bool vmroam_local_ip4_rcu(struct net_device *br, __be32 ip)
{
	const struct vmroam_local *l = vmroam_local_get_rcu(br);
	struct netdev_nested_priv priv = { .data = &ip };

	if (likely(l))
		return vmroam_local_find(l->addr + l->n_mac, l->n_ip4, (__force u32)ip);
	return vmroam_local_dev_has_ip4_rcu(br, &priv) ||
	       netdev_walk_all_upper_dev_rcu(br, vmroam_local_dev_has_ip4_rcu, &priv);
}

bool vmroam_local_mac_rcu(struct net_device *br, const u8 *mac)
{
	const struct vmroam_local *l = vmroam_local_get_rcu(br);
	struct netdev_nested_priv priv = { .data = (void *)mac };

	if (likely(l))
		return vmroam_local_find(l->addr, l->n_mac, ether_addr_to_u64(mac));
	return vmroam_local_dev_has_mac_rcu(br, &priv) ||
	       netdev_walk_all_upper_dev_rcu(br, vmroam_local_dev_has_mac_rcu, &priv);
}

/* one walk over a bridge and its upper devices: counting (@l NULL), or filling @l */
struct vmroam_local_walk {
	struct vmroam_local *l;
	u32 max_mac, max_ip4;		/* room in @l: MACs at addr[0], IPv4 at addr[max_mac] */
	u32 n_mac, n_ip4;		/* seen */
};

/* RTNL and rcu_read_lock() held */
static int vmroam_local_walk_rcu(struct net_device *dev, struct netdev_nested_priv *priv)
{
	struct vmroam_local_walk *w = priv->data;
	const struct in_ifaddr *ifa;
	struct in_device *in_dev;

	if (w->l && w->n_mac < w->max_mac)
		w->l->addr[w->n_mac] = ether_addr_to_u64(dev->dev_addr);
	w->n_mac++;
	in_dev = __in_dev_get_rcu(dev);
	if (!in_dev)
		return 0;
	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		if (w->l && w->n_ip4 < w->max_ip4)
			w->l->addr[w->max_mac + w->n_ip4] = (__force u32)ifa->ifa_local;
		w->n_ip4++;
	}
	return 0;
}

static void vmroam_local_walk_all_rtnl(struct net_device *br, struct vmroam_local_walk *w)
{
	struct netdev_nested_priv priv = { .data = w };

	rcu_read_lock();
	vmroam_local_walk_rcu(br, &priv);
	netdev_walk_all_upper_dev_rcu(br, vmroam_local_walk_rcu, &priv);
	rcu_read_unlock();
}

static int vmroam_local_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* sorts the @n keys of @a and drops duplicates; returns how many are left */
static u32 vmroam_local_sort(u64 *a, u32 n)
{
	u32 i, j = 0;

	sort(a, n, sizeof(*a), vmroam_local_cmp, NULL);
	for (i = 0; i < n; i++)
		if (!j || a[j - 1] != a[i])
			a[j++] = a[i];
	return j;
}

/* bridge @br's addresses as they are now, or NULL (out of memory, too many); RTNL held */
static struct vmroam_local *vmroam_local_build_rtnl(struct net_device *br)
{
	struct vmroam_local_walk w = { };
	struct vmroam_local *l;
	u32 n_mac;

	vmroam_local_walk_all_rtnl(br, &w);
	if (w.n_mac + w.n_ip4 > VMROAM_LOCAL_MAX)
		return NULL;
	l = kvmalloc(struct_size(l, addr, w.n_mac + w.n_ip4), GFP_KERNEL);
	if (!l)
		return NULL;
	w = (struct vmroam_local_walk) { .l = l, .max_mac = w.n_mac, .max_ip4 = w.n_ip4 };
	vmroam_local_walk_all_rtnl(br, &w);
	/* RTNL held: nothing can have changed since the count */
	if (WARN_ON_ONCE(w.n_mac != w.max_mac || w.n_ip4 != w.max_ip4)) {
		kvfree(l);
		return NULL;
	}
	n_mac = vmroam_local_sort(l->addr, w.n_mac);
	memmove(l->addr + n_mac, l->addr + w.n_mac, w.n_ip4 * sizeof(l->addr[0]));
	l->n_mac = n_mac;
	l->n_ip4 = vmroam_local_sort(l->addr + n_mac, w.n_ip4);
	return l;
}

/*
 * Take a new snapshot of bridge @br, or remove its snapshot when @gone (it is being unregistered)
 * or the module is unloading. Whatever fails leaves no snapshot, never a stale one. RTNL held.
 */
static void vmroam_local_update_rtnl(struct net_device *br, bool gone)
{
	struct xarray *xa = &vmroam_net(dev_net(br))->local;
	struct vmroam_local *l = NULL, *old;

	ASSERT_RTNL();
	if (!gone && vmroam_local_live)
		l = vmroam_local_build_rtnl(br);
	if (l) {
		old = xa_store(xa, br->ifindex, l, GFP_KERNEL);
		if (xa_is_err(old)) {
			kvfree(l);
			old = xa_erase(xa, br->ifindex);
		}
	} else {
		old = xa_erase(xa, br->ifindex);
	}
	if (old)
		kvfree_rcu(old, rcu);
}

static int vmroam_local_lower_rtnl(struct net_device *dev, struct netdev_nested_priv *priv)
{
	if (netif_is_bridge_master(dev))
		vmroam_local_update_rtnl(dev, false);
	return 0;
}

/*
 * the addresses or the links of @dev changed: every bridge it is or is stacked on, at any depth,
 * takes a new snapshot; @gone: @dev is being unregistered. RTNL held.
 */
static void vmroam_local_changed_rtnl(struct net_device *dev, bool gone)
{
	struct netdev_nested_priv priv = { };

	if (netif_is_bridge_master(dev))
		vmroam_local_update_rtnl(dev, gone);
	netdev_walk_all_lower_dev(dev, vmroam_local_lower_rtnl, &priv);
}

static int vmroam_local_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	switch (event) {
	case NETDEV_REGISTER:
	case NETDEV_UP:
	case NETDEV_CHANGEADDR:
	case NETDEV_CHANGEUPPER:
		vmroam_local_changed_rtnl(dev, false);
		break;
	case NETDEV_UNREGISTER:
		vmroam_local_changed_rtnl(dev, true);
		break;
	}
	return NOTIFY_DONE;
}

static int vmroam_local_inetaddr_event(struct notifier_block *nb, unsigned long event,
				       void *ptr)
{
	const struct in_ifaddr *ifa = ptr;

	if (event == NETDEV_UP || event == NETDEV_DOWN)
		vmroam_local_changed_rtnl(ifa->ifa_dev->dev, false);
	return NOTIFY_DONE;
}

static struct notifier_block vmroam_local_netdev_nb = {
	.notifier_call = vmroam_local_netdev_event,
	.priority = -1,		/* after the drivers' own reactions to an event */
};

static struct notifier_block vmroam_local_inetaddr_nb = {
	.notifier_call = vmroam_local_inetaddr_event,
};

void vmroam_local_init_net(struct vmroam_net *vn)
{
	xa_init(&vn->local);
}

void vmroam_local_exit_net(struct vmroam_net *vn)
{
	struct vmroam_local *l;
	unsigned long i;

	/* normally empty: the bridges were unregistered, or the unload replay removed them */
	xa_for_each(&vn->local, i, l)
		kvfree(l);
	xa_destroy(&vn->local);
}

/*
 * The inetaddr notifier first: it is not replayed, so an address added while the netdevice
 * notifier's replay runs is caught by one or the other.
 */
int vmroam_local_init(void)
{
	int err;

	rtnl_lock();
	vmroam_local_live = true;
	rtnl_unlock();
	err = register_inetaddr_notifier(&vmroam_local_inetaddr_nb);
	if (err)
		return err;
	err = register_netdevice_notifier(&vmroam_local_netdev_nb);
	if (err) {
		unregister_inetaddr_notifier(&vmroam_local_inetaddr_nb);
		rtnl_lock();
		vmroam_local_live = false;
		rtnl_unlock();
	}
	return err;
}

/*
 * No longer live, every rebuild removes: the netdevice notifier's unregistration replays
 * UNREGISTER for every device, which removes every bridge's snapshot; the readers walk the
 * devices until the hook is gone. The snapshots' kvfree_rcu() run no code of the module.
 */
void vmroam_local_exit(void)
{
	rtnl_lock();
	vmroam_local_live = false;
	rtnl_unlock();
	unregister_netdevice_notifier(&vmroam_local_netdev_nb);
	unregister_inetaddr_notifier(&vmroam_local_inetaddr_nb);
}
