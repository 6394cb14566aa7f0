// SPDX-License-Identifier: GPL-2.0
/*
 * The pure core's environment in the kernel: how it reads a frame (an skb at the bridge hook,
 * whose data starts after the Ethernet header) and what "this host" is: the bridge the frame
 * entered and every device stacked on it (VLAN devices, macvlans...).
 */
#include <linux/etherdevice.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "core/classify.h"

const void *vr_env_read(const struct vr_frame *f, unsigned int off, unsigned int len, void *buf)
{
	return skb_header_pointer(f->priv, off, len, buf);
}

/* the bridge of the port the frame came in on; caller holds rcu_read_lock() */
static struct net_device *vmroam_env_bridge_rcu(const struct vr_frame *f)
{
	const struct sk_buff *skb = f->priv;

	return netdev_master_upper_dev_get_rcu(skb->dev);
}

static int vmroam_env_dev_has_ip4(struct net_device *dev, struct netdev_nested_priv *priv)
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

int vr_env_ip4_is_local(const struct vr_frame *f, unsigned int ip)
{
	struct net_device *br = vmroam_env_bridge_rcu(f);
	__be32 addr = (__force __be32)ip;
	struct netdev_nested_priv priv = { .data = &addr };

	if (!br)
		return 0;
	return vmroam_env_dev_has_ip4(br, &priv) ||
	       netdev_walk_all_upper_dev_rcu(br, vmroam_env_dev_has_ip4, &priv);
}

static int vmroam_env_dev_has_mac(struct net_device *dev, struct netdev_nested_priv *priv)
{
	return ether_addr_equal(dev->dev_addr, priv->data);
}

int vr_env_mac_is_local(const struct vr_frame *f, const unsigned char *mac)
{
	struct net_device *br = vmroam_env_bridge_rcu(f);
	struct netdev_nested_priv priv = { .data = (void *)mac };

	if (!br)
		return 0;
	return vmroam_env_dev_has_mac(br, &priv) ||
	       netdev_walk_all_upper_dev_rcu(br, vmroam_env_dev_has_mac, &priv);
}
