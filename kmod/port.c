// SPDX-License-Identifier: GPL-2.0
/*
 * Bridge ports.
 *
 * A port record exists for every device enslaved to a bridge, from the moment it joins
 * (NETDEV_CHANGEUPPER, or NETDEV_REGISTER when the module loads and the notifier replays the
 * devices that already exist) until it leaves or is unregistered. All of that happens under RTNL,
 * which serialises every change of a table; the hook only looks ports up, under RCU, so a record
 * is freed only after a grace period.
 */
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/if_vlan.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/vmroam.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "announce.h"
#include "bridge.h"
#include "depart.h"
#include "event.h"
#include "gateway.h"
#include "migrate.h"
#include "netns.h"
#include "policy.h"
#include "port.h"
#include "stats.h"

/*
 * what a port starts with, unless its bridge has port defaults of its own (bridge.c): nothing
 * changes until the operator says so
 */
static bool port_trusted __read_mostly = true;
module_param(port_trusted, bool, 0644);
MODULE_PARM_DESC(port_trusted,
		 "New bridge ports are trusted (uplinks, DHCP servers): no port security check applies to them; a bridge's port defaults (vmroam bridge set) come first. Default Y");

static bool port_lock __read_mostly;
module_param(port_lock, bool, 0644);
MODULE_PARM_DESC(port_lock,
		 "New untrusted ports lock their MACs: a MAC bound to another port is dropped unless its migration is sanctioned. Default N");

static unsigned int port_max_macs __read_mostly;
module_param(port_max_macs, uint, 0644);
MODULE_PARM_DESC(port_max_macs, "MACs a new untrusted port may bind; 0: no limit. Default 0");

static bool port_arp_inspect __read_mostly;
module_param(port_arp_inspect, bool, 0644);
MODULE_PARM_DESC(port_arp_inspect,
		 "New untrusted ports inspect ARP: it must match a dhcp, static or migrated binding of the port. Default N");

static bool port_ip_guard __read_mostly;
module_param(port_ip_guard, bool, 0644);
MODULE_PARM_DESC(port_ip_guard,
		 "New untrusted ports guard IP sources: they must be bound to the frame's MAC and port. Default N");

static bool port_nd_inspect __read_mostly;
module_param(port_nd_inspect, bool, 0644);
MODULE_PARM_DESC(port_nd_inspect,
		 "New untrusted ports inspect neighbour discovery: no NS or NA for an address bound to another MAC; first claims bind (origin savi). Default N");

static bool port_ra_guard __read_mostly = true;
module_param(port_ra_guard, bool, 0644);
MODULE_PARM_DESC(port_ra_guard,
		 "New untrusted ports drop router advertisements and redirects (RA guard); off for a port that hosts a router. Default Y");

static unsigned int port_max_addrs __read_mostly = 32;
module_param(port_max_addrs, uint, 0644);
MODULE_PARM_DESC(port_max_addrs,
		 "IPv6 addresses the MACs of a new port may claim through ND inspection; 0: no limit. Default 32");

static unsigned int port_rate __read_mostly = 15;
module_param(port_rate, uint, 0644);
MODULE_PARM_DESC(port_rate,
		 "ARP (and, apart, ND) frames per second a new inspecting port accepts, in bursts of as many (1 s); 0: no limit. Default 15");

static unsigned int port_max_bindings __read_mostly = 1024;
module_param(port_max_bindings, uint, 0644);
MODULE_PARM_DESC(port_max_bindings,
		 "Bindings the frames of one bridge port may create (learnt, or MACs a locked port binds); max-macs may set fewer; 0: no limit. Default 1024");

static const struct rhashtable_params vmroam_port_params = {
	.head_offset = offsetof(struct vmroam_port, node),
	.key_offset = offsetof(struct vmroam_port, ifindex),
	.key_len = sizeof(int),
	.automatic_shrinking = true,
};

static void vmroam_port_free(struct vmroam_port *port)
{
	vmroam_stats_free(port->stats);
	kfree(port);
}

static void vmroam_port_free_rcu(struct rcu_head *rcu)
{
	vmroam_port_free(container_of(rcu, struct vmroam_port, rcu));
}

struct vmroam_port *vmroam_port_find_rcu(struct vmroam_net *vn, int ifindex)
{
	return rhashtable_lookup(&vn->ports, &ifindex, vmroam_port_params);
}

void vmroam_port_sec_params(struct vmroam_port_sec *sec)
{
	sec->trusted = READ_ONCE(port_trusted);
	sec->lock = READ_ONCE(port_lock);
	sec->max_macs = READ_ONCE(port_max_macs);
	sec->arp_inspect = READ_ONCE(port_arp_inspect);
	sec->ip_guard = READ_ONCE(port_ip_guard);
	sec->rate = READ_ONCE(port_rate);
	sec->nd_inspect = READ_ONCE(port_nd_inspect);
	sec->ra_guard = READ_ONCE(port_ra_guard);
	sec->max_addrs = READ_ONCE(port_max_addrs);
}

/* a port joins a bridge: its settings are the bridge's port defaults, else the parameters' */
static void vmroam_port_add_rtnl(struct net_device *dev)
{
	struct vmroam_net *vn = vmroam_net(dev_net(dev));
	struct vmroam_port *port;
	struct net_device *br;
	int err;

	ASSERT_RTNL();
	/* whoever made the port (a user namespace, too) pays for its record */
	port = kzalloc(sizeof(*port), GFP_KERNEL_ACCOUNT);
	if (!port)
		goto err;
	port->ifindex = dev->ifindex;
	br = netdev_master_upper_dev_get(dev);
	if (!br || !vmroam_bridge_port_defaults_rtnl(vn, br->ifindex, &port->sec))
		vmroam_port_sec_params(&port->sec);
	spin_lock_init(&port->rate_lock);
	vmroam_event_port_rs_init(&port->violation_rs);
	port->stats = vmroam_stats_alloc();
	if (!port->stats)
		goto err_free;
	err = rhashtable_lookup_insert_fast(&vn->ports, &port->node, vmroam_port_params);
	if (err == -EEXIST) {	/* already known: a replayed registration */
		vmroam_port_free(port);
		return;
	}
	if (err)
		goto err_free;
	port->guarded = vmroam_port_sec_guards(&port->sec);
	if (port->guarded)
		atomic_inc(&vn->n_guarded);
	return;

err_free:
	vmroam_port_free(port);
err:
	/* the port still works; its frames are counted only for the namespace */
	netdev_warn(dev, "vmroam: cannot track bridge port: out of memory\n");
}

static void vmroam_port_del_rtnl(struct net_device *dev)
{
	struct vmroam_net *vn = vmroam_net(dev_net(dev));
	struct vmroam_port *port;

	ASSERT_RTNL();
	port = rhashtable_lookup_fast(&vn->ports, &dev->ifindex, vmroam_port_params);
	if (!port)
		return;
	rhashtable_remove_fast(&vn->ports, &port->node, vmroam_port_params);
	if (port->guarded)
		atomic_dec(&vn->n_guarded);
	call_rcu(&port->rcu, vmroam_port_free_rcu);
}

u32 vmroam_port_max_macs(const struct vmroam_port_sec *sec)
{
	u32 cap = READ_ONCE(port_max_bindings);

	if (!sec->lock && !sec->max_macs)
		return 0;
	if (!sec->max_macs || (cap && cap < sec->max_macs))
		return cap;
	return sec->max_macs;
}

bool vmroam_port_untrusted(struct vmroam_net *vn, int ifindex)
{
	struct vmroam_port *port;
	bool ret;

	rcu_read_lock();
	port = vmroam_port_find_rcu(vn, ifindex);
	ret = port && !READ_ONCE(port->sec.trusted);
	rcu_read_unlock();
	return ret;
}

bool vmroam_port_may_bind(struct vmroam_net *vn, int ifindex)
{
	u32 cap = READ_ONCE(port_max_bindings);
	struct vmroam_port *port;
	bool ok;

	if (!cap)
		return true;
	rcu_read_lock();
	port = vmroam_port_find_rcu(vn, ifindex);
	ok = !port || atomic_read(&port->macs) < cap;
	rcu_read_unlock();
	return ok;
}

bool vmroam_port_get(struct vmroam_net *vn, int ifindex, struct vmroam_port_sec *sec, u32 *macs,
		     u32 *addrs)
{
	struct vmroam_port *port;

	rcu_read_lock();
	port = vmroam_port_find_rcu(vn, ifindex);
	if (port) {
		sec->trusted = READ_ONCE(port->sec.trusted);
		sec->lock = READ_ONCE(port->sec.lock);
		sec->max_macs = READ_ONCE(port->sec.max_macs);
		sec->arp_inspect = READ_ONCE(port->sec.arp_inspect);
		sec->ip_guard = READ_ONCE(port->sec.ip_guard);
		sec->rate = READ_ONCE(port->sec.rate);
		sec->nd_inspect = READ_ONCE(port->sec.nd_inspect);
		sec->ra_guard = READ_ONCE(port->sec.ra_guard);
		sec->max_addrs = READ_ONCE(port->sec.max_addrs);
		*macs = max(atomic_read(&port->macs), 0);
		*addrs = max(atomic_read(&port->addrs), 0);
	}
	rcu_read_unlock();
	return port;
}

void vmroam_port_macs_add(struct vmroam_net *vn, int ifindex, int delta)
{
	struct vmroam_port *port;

	rcu_read_lock();
	port = vmroam_port_find_rcu(vn, ifindex);
	if (port)
		atomic_add(delta, &port->macs);
	rcu_read_unlock();
}

void vmroam_port_addrs_add(struct vmroam_net *vn, int ifindex, int delta)
{
	struct vmroam_port *port;

	if (!delta)
		return;
	rcu_read_lock();
	port = vmroam_port_find_rcu(vn, ifindex);
	if (port)
		atomic_add(delta, &port->addrs);
	rcu_read_unlock();
}

u32 vmroam_port_addrs(struct vmroam_net *vn, int ifindex)
{
	struct vmroam_port *port;
	u32 n = 0;

	rcu_read_lock();
	port = vmroam_port_find_rcu(vn, ifindex);
	if (port)
		n = max(atomic_read(&port->addrs), 0);
	rcu_read_unlock();
	return n;
}

/*
 * Link-local frames (STP, LLDP) are learnt by the bridge before any netfilter hook: on a bridge
 * with a locked port that would let a MAC be planted past MAC locking. The bridge's own option
 * no_linklocal_learn stops it; set it as "ip link set BR type bridge no_linklocal_learn 1" does.
 */
static int vmroam_bridge_no_ll_learn_rtnl(struct net_device *br, struct netlink_ext_ack *extack)
{
	struct {
		struct nlattr nla;
		struct br_boolopt_multi bm;
	} opt = {
		.nla = {
			.nla_len = nla_attr_size(sizeof(struct br_boolopt_multi)),
			.nla_type = IFLA_BR_MULTI_BOOLOPT,
		},
		.bm = {
			.optval = BIT(BR_BOOLOPT_NO_LL_LEARN),
			.optmask = BIT(BR_BOOLOPT_NO_LL_LEARN),
		},
	};
	struct nlattr *data[IFLA_BR_MAX + 1] = { [IFLA_BR_MULTI_BOOLOPT] = &opt.nla };
	struct nlattr *tb[IFLA_MAX + 1] = {};

	if (!br->rtnl_link_ops || !br->rtnl_link_ops->changelink)
		return -EOPNOTSUPP;
	return br->rtnl_link_ops->changelink(br, tb, data, extack);
}

int vmroam_port_sec_check(struct net_device *br, const struct vmroam_port_sec *cur,
			  const struct vmroam_port_sec *sec, u32 set,
			  struct netlink_ext_ack *extack)
{
	bool trusted;

	/*
	 * A check asked for on a port that stays trusted would do nothing: say so rather than
	 * take it (trusted off in the same request, or before, makes it count)
	 */
	trusted = set & BIT(VMROAM_A_PORT_TRUSTED) ? sec->trusted : cur->trusted;
	if (trusted && (((set & BIT(VMROAM_A_PORT_LOCK)) && sec->lock) ||
			((set & BIT(VMROAM_A_PORT_MAX_MACS)) && sec->max_macs) ||
			((set & BIT(VMROAM_A_PORT_ARP_INSPECT)) && sec->arp_inspect) ||
			((set & BIT(VMROAM_A_PORT_IP_GUARD)) && sec->ip_guard) ||
			((set & BIT(VMROAM_A_PORT_ND_INSPECT)) && sec->nd_inspect))) {
		NL_SET_ERR_MSG(extack,
			       "the port is trusted: no check applies to it (add \"trusted off\")");
		return -EINVAL;
	}
	if ((set & BIT(VMROAM_A_PORT_LOCK)) && sec->lock)
		return vmroam_bridge_no_ll_learn_rtnl(br, extack);
	return 0;
}

/* field by field: the hook reads a port's settings without a lock */
void vmroam_port_sec_apply(struct vmroam_port_sec *dst, const struct vmroam_port_sec *sec,
			   u32 set)
{
	if (set & BIT(VMROAM_A_PORT_TRUSTED))
		WRITE_ONCE(dst->trusted, sec->trusted);
	if (set & BIT(VMROAM_A_PORT_LOCK))
		WRITE_ONCE(dst->lock, sec->lock);
	if (set & BIT(VMROAM_A_PORT_MAX_MACS))
		WRITE_ONCE(dst->max_macs, sec->max_macs);
	if (set & BIT(VMROAM_A_PORT_ARP_INSPECT))
		WRITE_ONCE(dst->arp_inspect, sec->arp_inspect);
	if (set & BIT(VMROAM_A_PORT_IP_GUARD))
		WRITE_ONCE(dst->ip_guard, sec->ip_guard);
	if (set & BIT(VMROAM_A_PORT_RATE))
		WRITE_ONCE(dst->rate, sec->rate);
	if (set & BIT(VMROAM_A_PORT_ND_INSPECT))
		WRITE_ONCE(dst->nd_inspect, sec->nd_inspect);
	if (set & BIT(VMROAM_A_PORT_RA_GUARD))
		WRITE_ONCE(dst->ra_guard, sec->ra_guard);
	if (set & BIT(VMROAM_A_PORT_MAX_ADDRS))
		WRITE_ONCE(dst->max_addrs, sec->max_addrs);
}

int vmroam_port_set_rtnl(struct vmroam_net *vn, int ifindex, const struct vmroam_port_sec *sec,
			 u32 set, struct netlink_ext_ack *extack)
{
	struct vmroam_port *port;
	struct net_device *dev, *br;
	bool guarded;
	int err;

	ASSERT_RTNL();
	dev = __dev_get_by_index(vn->net, ifindex);
	port = dev ? rhashtable_lookup_fast(&vn->ports, &ifindex, vmroam_port_params) : NULL;
	br = dev && netif_is_bridge_port(dev) ? netdev_master_upper_dev_get(dev) : NULL;
	if (!port || !br) {
		NL_SET_ERR_MSG(extack, "not a bridge port of this network namespace");
		return -ENODEV;
	}
	err = vmroam_port_sec_check(br, &port->sec, sec, set, extack);
	if (err)
		return err;
	vmroam_port_sec_apply(&port->sec, sec, set);
	guarded = vmroam_port_sec_guards(&port->sec);
	if (guarded != port->guarded) {
		port->guarded = guarded;
		if (guarded)
			atomic_inc(&vn->n_guarded);
		else
			atomic_dec(&vn->n_guarded);
	}
	return 0;
}

/*
 * A port that stops forwarding: the VMs behind it left. Only a VM's port, an untrusted one: an
 * uplink (trusted) that flaps for a moment has not taken every host behind it away.
 */
static void vmroam_port_down_rtnl(struct net_device *dev)
{
	struct vmroam_net *vn = vmroam_net(dev_net(dev));
	struct vmroam_port *port;
	struct net_device *br;

	if (!netif_is_bridge_port(dev))
		return;
	port = rhashtable_lookup_fast(&vn->ports, &dev->ifindex, vmroam_port_params);
	if (!port || port->sec.trusted)
		return;
	br = netdev_master_upper_dev_get(dev);
	if (br)
		vmroam_depart_port_rtnl(vn, br, dev);
}

static void vmroam_bridge_gone_rtnl(struct net_device *br)
{
	struct vmroam_net *vn = vmroam_net(dev_net(br));

	vmroam_policy_bridge_gone(vn, br->ifindex);
	vmroam_gateways_bridge_gone(vn, br->ifindex);
	vmroam_announce_bridge_gone(vn, br->ifindex);
	vmroam_bridge_gone_defaults_rtnl(vn, br->ifindex);
}

static int vmroam_port_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct netdev_notifier_changeupper_info *info;

	switch (event) {
	case NETDEV_REGISTER:
		if (netif_is_bridge_port(dev))
			vmroam_port_add_rtnl(dev);
		break;
	case NETDEV_CHANGEUPPER:
		info = ptr;
		if (!netif_is_bridge_master(info->upper_dev))
			break;
		if (info->linking) {
			vmroam_port_add_rtnl(dev);
		} else {
			vmroam_depart_port_rtnl(vmroam_net(dev_net(dev)), info->upper_dev, dev);
			vmroam_port_del_rtnl(dev);
		}
		break;
	case NETDEV_DOWN:
		/* not the replay of unregister_netdevice_notifier(): the device is still up then */
		if (!netif_running(dev))
			vmroam_port_down_rtnl(dev);
		break;
	case NETDEV_CHANGE:
		if (!netif_carrier_ok(dev))
			vmroam_port_down_rtnl(dev);
		else if (netif_running(dev) && netif_is_bridge_port(dev))
			vmroam_migrations_port_up_rtnl(vmroam_net(dev_net(dev)), dev);
		break;
	case NETDEV_UNREGISTER:
		vmroam_port_del_rtnl(dev);
		if (netif_is_bridge_master(dev))
			vmroam_bridge_gone_rtnl(dev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block vmroam_port_notifier = {
	.notifier_call = vmroam_port_event,
};

int vmroam_port_table_init(struct vmroam_net *vn)
{
	return rhashtable_init(&vn->ports, &vmroam_port_params);
}

static void vmroam_port_free_entry(void *ptr, void *arg)
{
	vmroam_port_free(ptr);
}

/* namespace exit or module unload: the hook is gone and a grace period has passed */
void vmroam_port_table_destroy(struct vmroam_net *vn)
{
	rhashtable_free_and_destroy(&vn->ports, vmroam_port_free_entry, NULL);
}

int vmroam_port_notifier_init(void)
{
	return register_netdevice_notifier(&vmroam_port_notifier);
}

void vmroam_port_notifier_exit(void)
{
	unregister_netdevice_notifier(&vmroam_port_notifier);
	/* ports removed by the unregistration replay are freed by RCU callbacks */
	rcu_barrier();
}
