// SPDX-License-Identifier: GPL-2.0
/*
 * The pure core's environment in the kernel: how it reads a frame (an skb at the bridge hook,
 * whose data starts after the Ethernet header) and what "this host" is: the bridge the frame
 * entered and every device stacked on it (VLAN devices, macvlans...), whose addresses local.c
 * keeps.
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "core/classify.h"
#include "local.h"

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

int vr_env_ip4_is_local(const struct vr_frame *f, unsigned int ip)
{
	struct net_device *br = vmroam_env_bridge_rcu(f);

	return br && vmroam_local_ip4_rcu(br, (__force __be32)ip);
}

int vr_env_mac_is_local(const struct vr_frame *f, const unsigned char *mac)
{
	struct net_device *br = vmroam_env_bridge_rcu(f);

	return br && vmroam_local_mac_rcu(br, mac);
}
