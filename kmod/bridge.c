// SPDX-License-Identifier: GPL-2.0
/*
 * Per-bridge port defaults: secure from the first frame.
 *
 * A hypervisor creates a VM's tap and enslaves it on every start and every incoming migration;
 * with the module parameters alone it starts trusted until some script marks it, and the guest
 * owns its port meanwhile. A bridge's port defaults are what each port that joins it takes, in
 * the netdevice notifier that records the port (NETDEV_CHANGEUPPER), before the port forwards a
 * frame: the bridge only forwards once the port is its own, and that notifier runs first.
 * Exceptions (an uplink) are set on the port afterwards. Ports already in the bridge keep their
 * settings: changing the defaults re-configures nothing.
 *
 * Lifetime: an entry lives in vn->bridge_defaults (an xarray by bridge ifindex) from the first
 * "bridge set" until "inherit", the bridge's unregistration or the namespace's exit. Every
 * reader and writer holds RTNL, so an entry is freed at once.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/vmroam.h>
#include <linux/xarray.h>
#include <net/netlink.h>

#include "bridge.h"
#include "netns.h"
#include "port.h"

bool vmroam_bridge_port_defaults_rtnl(struct vmroam_net *vn, int br_ifindex,
				      struct vmroam_port_sec *sec)
{
	const struct vmroam_port_sec *d;

	ASSERT_RTNL();
	d = xa_load(&vn->bridge_defaults, br_ifindex);
	if (!d)
		return false;
	*sec = *d;
	return true;
}

int vmroam_bridge_set_rtnl(struct vmroam_net *vn, int br_ifindex, const struct vmroam_port_sec *sec,
			   u32 set, bool inherit, struct netlink_ext_ack *extack)
{
	struct vmroam_port_sec *d, next;
	struct net_device *br;
	int err;

	ASSERT_RTNL();
	br = __dev_get_by_index(vn->net, br_ifindex);
	if (!br || !netif_is_bridge_master(br)) {
		NL_SET_ERR_MSG(extack, "not a bridge of this network namespace");
		return -ENODEV;
	}
	if (inherit) {
		kfree(xa_erase(&vn->bridge_defaults, br_ifindex));
		return 0;
	}
	d = xa_load(&vn->bridge_defaults, br_ifindex);
	if (d)
		next = *d;
	else
		vmroam_port_sec_params(&next);
	err = vmroam_port_sec_check(br, &next, sec, set, extack);
	if (err)
		return err;
	vmroam_port_sec_apply(&next, sec, set);
	if (d) {
		*d = next;
		return 0;
	}
	d = kmemdup(&next, sizeof(next), GFP_KERNEL_ACCOUNT);
	if (!d)
		return -ENOMEM;
	err = xa_err(xa_store(&vn->bridge_defaults, br_ifindex, d, GFP_KERNEL_ACCOUNT));
	if (err)
		kfree(d);
	return err;
}

void vmroam_bridge_gone_defaults_rtnl(struct vmroam_net *vn, int br_ifindex)
{
	ASSERT_RTNL();
	kfree(xa_erase(&vn->bridge_defaults, br_ifindex));
}

void vmroam_bridge_init_net(struct vmroam_net *vn)
{
	xa_init(&vn->bridge_defaults);
}

void vmroam_bridge_exit_net(struct vmroam_net *vn)
{
	struct vmroam_port_sec *d;
	unsigned long i;

	xa_for_each(&vn->bridge_defaults, i, d)
		kfree(d);
	xa_destroy(&vn->bridge_defaults);
}
