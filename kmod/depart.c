// SPDX-License-Identifier: GPL-2.0
/*
 * Departures.
 *
 * For each binding of the VM that left: it becomes departed (kept departed_grace seconds, so the
 * MAC seen again from an uplink is known for this VM), its FDB entry is deleted through the bridge
 * (RTM_DELNEIGH tells controllers), this host's neighbour entries of its addresses fail, and a
 * "departed" event goes out. The bridge itself already drops a deleted port's entries, and a down
 * port's dynamic ones; the FDB deletion here is for the rest: dynamic entries on an uplink once
 * the VM is gone, and, when the operator says the VM left ("migrate out"), its static or sticky
 * entry too. A port going down departs its VMs only when it is a VM's port (untrusted, port.c):
 * an uplink's flap takes no host away, and an operator's static entry is never deleted by one.
 */
#include <linux/netdevice.h>
#include <linux/timekeeping.h>
#include <linux/vmroam.h>

#include "binding.h"
#include "depart.h"
#include "event.h"
#include "fdb.h"
#include "neigh.h"
#include "netns.h"

struct vmroam_depart_ctx {
	int br_ifindex;			/* 0: the bridge of each binding's port */
	enum vmroam_fdb_op op;		/* what may go of its FDB entry */
};

static void vmroam_depart_one(struct vmroam_net *vn, const struct vmroam_binding_info *info,
			      void *arg)
{
	const struct vmroam_depart_ctx *ctx = arg;
	struct vmroam_event ev = {
		.type = VMROAM_EVENT_DEPARTED,
		.key = info->key,
		.ifindex = info->addrs.ifindex,
		.origin = info->origin + 1,
		.addrs = &info->addrs,
	};
	struct net_device *br = NULL, *port;

	/* under rcu_read_lock(), as vmroam_binding_depart() calls us */
	if (ctx->br_ifindex) {
		br = dev_get_by_index_rcu(vn->net, ctx->br_ifindex);
	} else {
		port = dev_get_by_index_rcu(vn->net, info->addrs.ifindex);
		if (port)
			br = netdev_master_upper_dev_get_rcu(port);
	}
	if (br && netif_is_bridge_master(br)) {
		vmroam_neigh_invalidate_rcu(br, info->key.vlan, &info->addrs);
		/* when the entry still points at the port the VM left, or its port is gone */
		vmroam_fdb_request(vn, ctx->op, br->ifindex, info->addrs.ifindex,
				   info->key.mac, info->key.vlan, ktime_get_ns());
	}
	atomic64_inc(&vn->departures);
	vmroam_event(vn, &ev);
}

void vmroam_depart_port_rtnl(struct vmroam_net *vn, struct net_device *br,
			     struct net_device *port)
{
	struct vmroam_depart_ctx ctx = { .br_ifindex = br->ifindex, .op = VMROAM_FDB_FLUSH };

	vmroam_binding_depart(vn, port->ifindex, NULL, -1, vmroam_depart_one, &ctx);
}

int vmroam_depart_mac(struct vmroam_net *vn, const u8 *mac, int vlan)
{
	struct vmroam_depart_ctx ctx = { .br_ifindex = 0, .op = VMROAM_FDB_FLUSH_OUT };

	return vmroam_binding_depart(vn, 0, mac, vlan, vmroam_depart_one, &ctx) ? 0 : -ENOENT;
}
