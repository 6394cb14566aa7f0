// SPDX-License-Identifier: GPL-2.0
/*
 * Gateways of a bridge, set over netlink. Each bridge's list is one small block in an xarray by
 * bridge ifindex, replaced whole under a mutex and read under RCU, like the policy overrides.
 */
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "gateway.h"
#include "netns.h"

const struct vmroam_gateways *vmroam_gateways_rcu(struct vmroam_net *vn, int br_ifindex)
{
	return xa_load(&vn->bridge_gateways, br_ifindex);
}

static int vmroam_gateways_index(const struct vmroam_gateways *g, __be32 addr)
{
	unsigned int i;

	for (i = 0; i < g->n; i++)
		if (g->addr[i] == addr)
			return i;
	return -1;
}

int vmroam_gateways_change(struct vmroam_net *vn, int br_ifindex, const __be32 *addr, int n,
			   bool add)
{
	struct vmroam_gateways *old, *g;
	int i, j, err = 0;

	g = kzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
	if (!g)
		return -ENOMEM;
	mutex_lock(&vn->gateways_lock);
	old = xa_load(&vn->bridge_gateways, br_ifindex);
	if (old) {
		g->n = old->n;
		memcpy(g->addr, old->addr, sizeof(g->addr));
	}
	for (i = 0; i < n && !err; i++) {
		j = vmroam_gateways_index(g, addr[i]);
		if (add && j < 0) {
			if (g->n == VMROAM_GATEWAYS_MAX)
				err = -E2BIG;
			else
				g->addr[g->n++] = addr[i];
		} else if (!add) {
			if (j < 0) {
				err = -ENOENT;
				break;
			}
			g->addr[j] = g->addr[--g->n];
		}
	}
	if (err)
		goto out;
	if (g->n) {
		err = xa_err(xa_store(&vn->bridge_gateways, br_ifindex, g, GFP_KERNEL));
		if (err)
			goto out;
		g = NULL;
	} else {
		xa_erase(&vn->bridge_gateways, br_ifindex);
	}
	if (old)
		kfree_rcu(old, rcu);
out:
	mutex_unlock(&vn->gateways_lock);
	kfree(g);
	return err;
}

bool vmroam_gateways_next(struct vmroam_net *vn, unsigned long *pos, struct vmroam_gateways *out)
{
	struct vmroam_gateways *g;

	rcu_read_lock();
	g = xa_find(&vn->bridge_gateways, pos, ULONG_MAX, XA_PRESENT);
	if (g) {
		out->n = g->n;
		memcpy(out->addr, g->addr, sizeof(out->addr));
	}
	rcu_read_unlock();
	return g;
}

void vmroam_gateways_bridge_gone(struct vmroam_net *vn, int br_ifindex)
{
	struct vmroam_gateways *g;

	mutex_lock(&vn->gateways_lock);
	g = xa_erase(&vn->bridge_gateways, br_ifindex);
	mutex_unlock(&vn->gateways_lock);
	if (g)
		kfree_rcu(g, rcu);
}

void vmroam_gateways_init_net(struct vmroam_net *vn)
{
	xa_init(&vn->bridge_gateways);
	mutex_init(&vn->gateways_lock);
}

/* no reader is left: the namespace is going */
void vmroam_gateways_exit_net(struct vmroam_net *vn)
{
	struct vmroam_gateways *g;
	unsigned long i;

	xa_for_each(&vn->bridge_gateways, i, g)
		kfree(g);
	xa_destroy(&vn->bridge_gateways);
}
