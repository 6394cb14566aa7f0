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
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "announce.h"
#include "depart.h"
#include "gateway.h"
#include "netns.h"
#include "policy.h"
#include "port.h"
#include "stats.h"

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

static void vmroam_port_add_rtnl(struct net_device *dev)
{
	struct vmroam_net *vn = vmroam_net(dev_net(dev));
	struct vmroam_port *port;
	int err;

	ASSERT_RTNL();
	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		goto err;
	port->ifindex = dev->ifindex;
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
	call_rcu(&port->rcu, vmroam_port_free_rcu);
}

/* a port that stops forwarding: the VMs behind it left */
static void vmroam_port_down_rtnl(struct net_device *dev)
{
	struct net_device *br;

	if (!netif_is_bridge_port(dev))
		return;
	br = netdev_master_upper_dev_get(dev);
	if (br)
		vmroam_depart_port_rtnl(vmroam_net(dev_net(dev)), br, dev);
}

static void vmroam_bridge_gone_rtnl(struct net_device *br)
{
	struct vmroam_net *vn = vmroam_net(dev_net(br));

	vmroam_policy_bridge_gone(vn, br->ifindex);
	vmroam_gateways_bridge_gone(vn, br->ifindex);
	vmroam_announce_bridge_gone(vn, br->ifindex);
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
