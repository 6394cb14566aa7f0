// SPDX-License-Identifier: GPL-2.0
/*
 * Where the normalisation policy lives.
 *
 * Global defaults are module parameters, one per frame type, written as "fdb,neigh,learn",
 * "none" or "all" in /sys/module/vmroam/parameters/policy_<type>; until written they follow the
 * built-in default of the pure core. A bridge may override any type over netlink: the overrides
 * of a bridge are one small array, replaced whole under a mutex and read under RCU by the hook.
 */
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "core/policy.h"
#include "netns.h"
#include "policy.h"

struct vmroam_bridge_policy {
	u32 actions[VMROAM_FT_COUNT];	/* VMROAM_POLICY_INHERIT: follow the global default */
	struct rcu_head rcu;
};

static u32 vmroam_policy_param[VMROAM_FT_COUNT] = {
	[0 ... VMROAM_FT_COUNT - 1] = VMROAM_POLICY_INHERIT
};

u32 vmroam_policy_global(int type)
{
	u32 actions = READ_ONCE(vmroam_policy_param[type]);

	return actions == VMROAM_POLICY_INHERIT ? vr_policy_default(type) : actions;
}

void vmroam_policy_set_global(int type, u32 actions)
{
	WRITE_ONCE(vmroam_policy_param[type], actions);
}

u32 vmroam_policy_bridge_rcu(struct vmroam_net *vn, int br_ifindex, int type)
{
	struct vmroam_bridge_policy *bp = xa_load(&vn->bridge_policy, br_ifindex);

	return bp ? READ_ONCE(bp->actions[type]) : VMROAM_POLICY_INHERIT;
}

u32 vmroam_policy_get_rcu(struct vmroam_net *vn, int br_ifindex, int type)
{
	u32 actions = vmroam_policy_bridge_rcu(vn, br_ifindex, type);

	return actions == VMROAM_POLICY_INHERIT ? vmroam_policy_global(type) : actions;
}

int vmroam_policy_set_bridge(struct vmroam_net *vn, int br_ifindex, u32 types,
			     const u32 *actions)
{
	struct vmroam_bridge_policy *old, *bp;
	bool any = false;
	int t, err = 0;

	bp = kmalloc(sizeof(*bp), GFP_KERNEL_ACCOUNT);
	if (!bp)
		return -ENOMEM;
	mutex_lock(&vn->policy_lock);
	old = xa_load(&vn->bridge_policy, br_ifindex);
	for (t = 0; t < VMROAM_FT_COUNT; t++) {
		bp->actions[t] = old ? old->actions[t] : VMROAM_POLICY_INHERIT;
		if (types & BIT(t))
			bp->actions[t] = actions[t];
		any |= bp->actions[t] != VMROAM_POLICY_INHERIT;
	}
	if (any)
		err = xa_err(xa_store(&vn->bridge_policy, br_ifindex, bp, GFP_KERNEL));
	else
		xa_erase(&vn->bridge_policy, br_ifindex);
	mutex_unlock(&vn->policy_lock);
	if (err || !any)
		kfree(bp);
	if (!err && old)
		kfree_rcu(old, rcu);
	return err;
}

void vmroam_policy_bridge_gone(struct vmroam_net *vn, int br_ifindex)
{
	struct vmroam_bridge_policy *bp;

	mutex_lock(&vn->policy_lock);
	bp = xa_erase(&vn->bridge_policy, br_ifindex);
	mutex_unlock(&vn->policy_lock);
	if (bp)
		kfree_rcu(bp, rcu);
}

void vmroam_policy_init_net(struct vmroam_net *vn)
{
	xa_init(&vn->bridge_policy);
	mutex_init(&vn->policy_lock);
}

/* the hook is gone and a grace period has passed */
void vmroam_policy_exit_net(struct vmroam_net *vn)
{
	struct vmroam_bridge_policy *bp;
	unsigned long index;

	xa_for_each(&vn->bridge_policy, index, bp)
		kfree(bp);
	xa_destroy(&vn->bridge_policy);
	mutex_destroy(&vn->policy_lock);
}

/* module parameters policy_<type> */

static int vmroam_policy_param_set(const char *val, const struct kernel_param *kp)
{
	u32 *slot = kp->arg;
	unsigned int mask;

	if (vr_actions_parse(val, &mask))
		return -EINVAL;
	WRITE_ONCE(*slot, mask);
	return 0;
}

static int vmroam_policy_param_get(char *buf, const struct kernel_param *kp)
{
	int type = (u32 *)kp->arg - vmroam_policy_param;
	int n = vr_actions_format(vmroam_policy_global(type), buf, PAGE_SIZE - 1);

	buf[n++] = '\n';
	return n;
}

static const struct kernel_param_ops vmroam_policy_param_ops = {
	.set = vmroam_policy_param_set,
	.get = vmroam_policy_param_get,
};

/* reading shows the value in force: the built-in default (core/policy.c) until written */
#define VMROAM_POLICY_PARAM(name, type, def)						\
	module_param_cb(policy_##name, &vmroam_policy_param_ops,			\
			&vmroam_policy_param[type], 0644);				\
	MODULE_PARM_DESC(policy_##name, "What " #name " frames that show a move may do: " \
			 "any of fdb,neigh,learn, or none, or all. Default " def)

VMROAM_POLICY_PARAM(arp_garp_request, VMROAM_FT_ARP_GARP_REQUEST, "all");
VMROAM_POLICY_PARAM(arp_garp_reply, VMROAM_FT_ARP_GARP_REPLY, "all");
VMROAM_POLICY_PARAM(arp_probe, VMROAM_FT_ARP_PROBE, "all");
VMROAM_POLICY_PARAM(arp_request_local, VMROAM_FT_ARP_REQUEST_LOCAL, "all");
VMROAM_POLICY_PARAM(arp_request_other, VMROAM_FT_ARP_REQUEST_OTHER, "all");
VMROAM_POLICY_PARAM(arp_reply_local, VMROAM_FT_ARP_REPLY_LOCAL, "all");
VMROAM_POLICY_PARAM(arp_reply_other, VMROAM_FT_ARP_REPLY_OTHER, "all");
VMROAM_POLICY_PARAM(arp_reply_broadcast, VMROAM_FT_ARP_REPLY_BROADCAST, "all");
VMROAM_POLICY_PARAM(rarp_request, VMROAM_FT_RARP_REQUEST, "all");
VMROAM_POLICY_PARAM(rarp_reply, VMROAM_FT_RARP_REPLY, "none");
VMROAM_POLICY_PARAM(nd_ns, VMROAM_FT_ND_NS, "all");
VMROAM_POLICY_PARAM(nd_ns_dad, VMROAM_FT_ND_NS_DAD, "all");
VMROAM_POLICY_PARAM(nd_na_solicited, VMROAM_FT_ND_NA_SOLICITED, "all");
VMROAM_POLICY_PARAM(nd_na_unsolicited, VMROAM_FT_ND_NA_UNSOLICITED, "all");
VMROAM_POLICY_PARAM(dhcp_client, VMROAM_FT_DHCP_CLIENT, "none");
VMROAM_POLICY_PARAM(dhcp_server, VMROAM_FT_DHCP_SERVER, "none");
