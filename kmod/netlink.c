// SPDX-License-Identifier: GPL-2.0
/*
 * The "vmroam" generic netlink family.
 *
 * Every request is answered from the caller's own network namespace (netnsok): a namespace sees
 * its bridges and nothing else. Bad requests are refused by the attribute policy or with an
 * extack message that names the attribute, so the CLI can say what was wrong.
 */
#include <linux/netdevice.h>
#include <linux/vmroam.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "netlink.h"
#include "netns.h"
#include "port.h"
#include "stats.h"

static struct genl_family vmroam_genl_family;

static const struct nla_policy vmroam_stats_policy[VMROAM_A_MAX + 1] = {
	[VMROAM_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

static int vmroam_nl_put_stats(struct sk_buff *msg, const struct vmroam_stats_sum *sum)
{
	struct nlattr *stats, *frames;
	int t;

	stats = nla_nest_start(msg, VMROAM_A_STATS);
	if (!stats)
		return -EMSGSIZE;
	frames = nla_nest_start(msg, VMROAM_A_STATS_FRAMES);
	if (!frames)
		goto cancel;
	for (t = 0; t < VMROAM_FT_COUNT; t++)
		if (nla_put_u64_64bit(msg, t + 1, sum->frames[t], 0))
			goto cancel;
	nla_nest_end(msg, frames);
	nla_nest_end(msg, stats);
	return 0;

cancel:
	nla_nest_cancel(msg, stats);
	return -EMSGSIZE;
}

/* one port's counters; caller holds rcu_read_lock() */
static int vmroam_nl_fill_port_rcu(struct sk_buff *msg, u32 portid, u32 seq, int flags,
				   const struct net_device *dev, const struct vmroam_port *port)
{
	struct vmroam_stats_sum sum;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &vmroam_genl_family, flags, VMROAM_CMD_GET_STATS);
	if (!hdr)
		return -EMSGSIZE;
	vmroam_stats_fold(port->stats, &sum);
	if (nla_put_u32(msg, VMROAM_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(msg, VMROAM_A_IFNAME, dev->name) ||
	    vmroam_nl_put_stats(msg, &sum)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static int vmroam_nl_get_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct nlattr *ifattr = info->attrs[VMROAM_A_IFINDEX];
	struct vmroam_stats_sum sum;
	struct vmroam_port *port;
	struct net_device *dev;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	if (ifattr) {
		rcu_read_lock();
		dev = dev_get_by_index_rcu(vn->net, nla_get_u32(ifattr));
		port = dev ? vmroam_port_find_rcu(vn, dev->ifindex) : NULL;
		if (!port) {
			rcu_read_unlock();
			if (dev)
				NL_SET_ERR_MSG_ATTR(info->extack, ifattr,
						    "device is not a bridge port");
			else
				NL_SET_ERR_MSG_ATTR(info->extack, ifattr,
						    "no device with this ifindex in this network namespace");
			err = -ENODEV;
			goto err_free;
		}
		err = vmroam_nl_fill_port_rcu(msg, info->snd_portid, info->snd_seq, 0, dev, port);
		rcu_read_unlock();
		if (err)
			goto err_free;
		return genlmsg_reply(msg, info);
	}

	hdr = genlmsg_put_reply(msg, info, &vmroam_genl_family, 0, VMROAM_CMD_GET_STATS);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}
	vmroam_stats_fold(vn->stats, &sum);
	err = vmroam_nl_put_stats(msg, &sum);
	if (err)
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

/* one message per bridge port; cb->args[0] counts the devices already walked */
static int vmroam_nl_get_stats_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct vmroam_net *vn = vmroam_net(net);
	struct vmroam_port *port;
	struct net_device *dev;
	long idx = 0;
	int err = 0;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (idx++ < cb->args[0])
			continue;
		port = vmroam_port_find_rcu(vn, dev->ifindex);
		if (!port)
			continue;
		err = vmroam_nl_fill_port_rcu(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
					      NLM_F_MULTI, dev, port);
		if (err) {
			idx--;
			break;
		}
	}
	rcu_read_unlock();
	cb->args[0] = idx;
	/* a full buffer asks for another round; only an empty one is an error */
	return err && !skb->len ? err : skb->len;
}

static const struct genl_ops vmroam_genl_ops[] = {
	{
		.cmd = VMROAM_CMD_GET_STATS,
		.doit = vmroam_nl_get_stats_doit,
		.dumpit = vmroam_nl_get_stats_dumpit,
		.policy = vmroam_stats_policy,
		.maxattr = VMROAM_A_MAX,
	},
};

static struct genl_family vmroam_genl_family __ro_after_init = {
	.name = VMROAM_GENL_NAME,
	.version = VMROAM_GENL_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = vmroam_genl_ops,
	.n_ops = ARRAY_SIZE(vmroam_genl_ops),
};

int __init vmroam_netlink_init(void)
{
	return genl_register_family(&vmroam_genl_family);
}

void vmroam_netlink_exit(void)
{
	genl_unregister_family(&vmroam_genl_family);
}
