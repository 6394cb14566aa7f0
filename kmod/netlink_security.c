// SPDX-License-Identifier: GPL-2.0
/* The "vmroam" family's port security commands (the family itself is in netlink.c). */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/vmroam.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "binding.h"
#include "bridge.h"
#include "netlink.h"
#include "netns.h"
#include "port.h"

/* the settings of @sec, inside a nest of enum vmroam_port_attr */
static int vmroam_nl_put_port_sec(struct sk_buff *msg, const struct vmroam_port_sec *sec)
{
	if (nla_put_u8(msg, VMROAM_A_PORT_TRUSTED, sec->trusted) ||
	    nla_put_u8(msg, VMROAM_A_PORT_LOCK, sec->lock) ||
	    nla_put_u32(msg, VMROAM_A_PORT_MAX_MACS, sec->max_macs) ||
	    nla_put_u8(msg, VMROAM_A_PORT_ARP_INSPECT, sec->arp_inspect) ||
	    nla_put_u8(msg, VMROAM_A_PORT_IP_GUARD, sec->ip_guard) ||
	    nla_put_u32(msg, VMROAM_A_PORT_RATE, sec->rate) ||
	    nla_put_u8(msg, VMROAM_A_PORT_ND_INSPECT, sec->nd_inspect) ||
	    nla_put_u8(msg, VMROAM_A_PORT_RA_GUARD, sec->ra_guard) ||
	    nla_put_u32(msg, VMROAM_A_PORT_MAX_ADDRS, sec->max_addrs))
		return -EMSGSIZE;
	return 0;
}

static int vmroam_nl_put_port(struct sk_buff *msg, struct net_device *dev,
			      const struct vmroam_port_sec *sec, u32 macs, u32 addrs)
{
	struct nlattr *nest;

	if (nla_put_u32(msg, VMROAM_A_IFINDEX, dev->ifindex))
		return -EMSGSIZE;
	nest = nla_nest_start(msg, VMROAM_A_PORT);
	if (!nest)
		return -EMSGSIZE;
	if (vmroam_nl_put_port_sec(msg, sec) ||
	    nla_put_u32(msg, VMROAM_A_PORT_MACS, macs) ||
	    nla_put_u32(msg, VMROAM_A_PORT_ADDRS, addrs) ||
	    nla_put_string(msg, VMROAM_A_PORT_IFNAME, dev->name)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* the settings a nest of enum vmroam_port_attr gives, and which (@set: 1 << attribute) */
static int vmroam_nl_parse_port_sec(const struct nlattr *nest, struct vmroam_port_sec *sec,
				    u32 *set, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VMROAM_A_PORT_MAX + 1];
	int t, err;

	err = nla_parse_nested(tb, VMROAM_A_PORT_MAX, nest, vmroam_port_nl_policy, extack);
	if (err)
		return err;
	*set = 0;
	for (t = VMROAM_A_PORT_TRUSTED; t <= VMROAM_A_PORT_MAX; t++)
		if (tb[t] && t != VMROAM_A_PORT_MACS && t != VMROAM_A_PORT_IFNAME &&
		    t != VMROAM_A_PORT_ADDRS)
			*set |= BIT(t);
	if (!*set) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "no setting to change");
		return -EINVAL;
	}
	memset(sec, 0, sizeof(*sec));
	if (tb[VMROAM_A_PORT_TRUSTED])
		sec->trusted = nla_get_u8(tb[VMROAM_A_PORT_TRUSTED]);
	if (tb[VMROAM_A_PORT_LOCK])
		sec->lock = nla_get_u8(tb[VMROAM_A_PORT_LOCK]);
	if (tb[VMROAM_A_PORT_MAX_MACS])
		sec->max_macs = nla_get_u32(tb[VMROAM_A_PORT_MAX_MACS]);
	if (tb[VMROAM_A_PORT_ARP_INSPECT])
		sec->arp_inspect = nla_get_u8(tb[VMROAM_A_PORT_ARP_INSPECT]);
	if (tb[VMROAM_A_PORT_IP_GUARD])
		sec->ip_guard = nla_get_u8(tb[VMROAM_A_PORT_IP_GUARD]);
	if (tb[VMROAM_A_PORT_RATE])
		sec->rate = nla_get_u32(tb[VMROAM_A_PORT_RATE]);
	if (tb[VMROAM_A_PORT_ND_INSPECT])
		sec->nd_inspect = nla_get_u8(tb[VMROAM_A_PORT_ND_INSPECT]);
	if (tb[VMROAM_A_PORT_RA_GUARD])
		sec->ra_guard = nla_get_u8(tb[VMROAM_A_PORT_RA_GUARD]);
	if (tb[VMROAM_A_PORT_MAX_ADDRS])
		sec->max_addrs = nla_get_u32(tb[VMROAM_A_PORT_MAX_ADDRS]);
	return 0;
}

int vmroam_nl_set_port_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct vmroam_port_sec sec;
	u32 set;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VMROAM_A_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, VMROAM_A_PORT))
		return -EINVAL;
	err = vmroam_nl_parse_port_sec(info->attrs[VMROAM_A_PORT], &sec, &set, info->extack);
	if (err)
		return err;
	rtnl_lock();
	err = vmroam_port_set_rtnl(vn, nla_get_u32(info->attrs[VMROAM_A_IFINDEX]), &sec, set,
				   info->extack);
	rtnl_unlock();
	return err;
}

int vmroam_nl_get_port_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct vmroam_port_sec sec;
	struct net_device *dev;
	struct sk_buff *msg;
	void *hdr;
	u32 macs, addrs;
	int err = -ENODEV;

	if (GENL_REQ_ATTR_CHECK(info, VMROAM_A_IFINDEX))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	dev = dev_get_by_index_rcu(vn->net, nla_get_u32(info->attrs[VMROAM_A_IFINDEX]));
	if (dev && vmroam_port_get(vn, dev->ifindex, &sec, &macs, &addrs)) {
		err = -EMSGSIZE;
		hdr = genlmsg_put_reply(msg, info, &vmroam_genl_family, 0, VMROAM_CMD_GET_PORT);
		if (hdr && !vmroam_nl_put_port(msg, dev, &sec, macs, addrs)) {
			genlmsg_end(msg, hdr);
			err = 0;
		}
	}
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		if (err == -ENODEV)
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VMROAM_A_IFINDEX],
					    "not a bridge port of this network namespace");
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: the ifindex to go on from (vmroam_nl_next_dev_rcu(): in ifindex order) */
int vmroam_nl_get_port_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct vmroam_net *vn = vmroam_net(net);
	struct vmroam_port_sec sec;
	struct net_device *dev;
	void *hdr;
	u32 macs, addrs;

	rcu_read_lock();
	while ((dev = vmroam_nl_next_dev_rcu(net, cb->args[0]))) {
		cb->args[0] = dev->ifindex;
		if (!vmroam_port_get(vn, dev->ifindex, &sec, &macs, &addrs)) {
			cb->args[0]++;
			continue;
		}
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &vmroam_genl_family, NLM_F_MULTI, VMROAM_CMD_GET_PORT);
		if (!hdr)
			break;
		if (vmroam_nl_put_port(skb, dev, &sec, macs, addrs)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = dev->ifindex + 1;
	}
	rcu_read_unlock();
	return skb->len;
}

int vmroam_nl_unfreeze_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct nlattr *tb[VMROAM_A_BINDING_MAX + 1];
	int vlan, err;

	if (GENL_REQ_ATTR_CHECK(info, VMROAM_A_BINDING))
		return -EINVAL;
	err = nla_parse_nested(tb, VMROAM_A_BINDING_MAX, info->attrs[VMROAM_A_BINDING],
			       vmroam_binding_nl_policy, info->extack);
	if (err)
		return err;
	if (!tb[VMROAM_A_BINDING_MAC]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VMROAM_A_BINDING],
				    "which binding: a MAC is needed");
		return -EINVAL;
	}
	vlan = tb[VMROAM_A_BINDING_VLAN] ? nla_get_u16(tb[VMROAM_A_BINDING_VLAN]) : -1;
	err = vmroam_binding_unfreeze(vn, nla_data(tb[VMROAM_A_BINDING_MAC]), vlan);
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VMROAM_A_BINDING_MAC],
				    "no frozen binding of this MAC");
	return err;
}

/* ---- bridges: the defaults of their new ports ---- */

int vmroam_nl_set_bridge_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct nlattr *defaults = info->attrs[VMROAM_A_PORT_DEFAULTS];
	bool inherit = info->attrs[VMROAM_A_INHERIT];
	struct vmroam_port_sec sec = { .trusted = 0 };
	u32 set = 0;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VMROAM_A_IFINDEX))
		return -EINVAL;
	if (!defaults == !inherit) {
		NL_SET_ERR_MSG(info->extack, "either port defaults or inherit");
		return -EINVAL;
	}
	if (defaults) {
		err = vmroam_nl_parse_port_sec(defaults, &sec, &set, info->extack);
		if (err)
			return err;
	}
	rtnl_lock();
	err = vmroam_bridge_set_rtnl(vn, nla_get_u32(info->attrs[VMROAM_A_IFINDEX]), &sec, set,
				     inherit, info->extack);
	rtnl_unlock();
	if (err == -ENODEV)
		NL_SET_BAD_ATTR(info->extack, info->attrs[VMROAM_A_IFINDEX]);
	return err;
}

/* bridge @br's message: its defaults, or the module parameters' with VMROAM_A_INHERIT; RTNL */
static int vmroam_nl_put_bridge_rtnl(struct sk_buff *msg, struct vmroam_net *vn,
				     struct net_device *br)
{
	struct vmroam_port_sec sec;
	struct nlattr *nest;
	bool own;

	own = vmroam_bridge_port_defaults_rtnl(vn, br->ifindex, &sec);
	if (!own)
		vmroam_port_sec_params(&sec);
	if (nla_put_u32(msg, VMROAM_A_IFINDEX, br->ifindex) ||
	    nla_put_string(msg, VMROAM_A_IFNAME, br->name) ||
	    (!own && nla_put_flag(msg, VMROAM_A_INHERIT)))
		return -EMSGSIZE;
	nest = nla_nest_start(msg, VMROAM_A_PORT_DEFAULTS);
	if (!nest)
		return -EMSGSIZE;
	if (vmroam_nl_put_port_sec(msg, &sec)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int vmroam_nl_get_bridge_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct net_device *br;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VMROAM_A_IFINDEX))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	br = __dev_get_by_index(vn->net, nla_get_u32(info->attrs[VMROAM_A_IFINDEX]));
	if (!br || !netif_is_bridge_master(br)) {
		rtnl_unlock();
		nlmsg_free(msg);
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VMROAM_A_IFINDEX],
				    "not a bridge of this network namespace");
		return -ENODEV;
	}
	err = -EMSGSIZE;
	hdr = genlmsg_put_reply(msg, info, &vmroam_genl_family, 0, VMROAM_CMD_GET_BRIDGE);
	if (hdr && !vmroam_nl_put_bridge_rtnl(msg, vn, br)) {
		genlmsg_end(msg, hdr);
		err = 0;
	}
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: the ifindex to go on from; RTNL: the defaults are read under it */
int vmroam_nl_get_bridge_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct vmroam_net *vn = vmroam_net(net);
	struct net_device *dev;
	void *hdr;

	rtnl_lock();
	rcu_read_lock();
	while ((dev = vmroam_nl_next_dev_rcu(net, cb->args[0]))) {
		cb->args[0] = dev->ifindex;
		if (!netif_is_bridge_master(dev)) {
			cb->args[0]++;
			continue;
		}
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &vmroam_genl_family, NLM_F_MULTI, VMROAM_CMD_GET_BRIDGE);
		if (!hdr)
			break;
		if (vmroam_nl_put_bridge_rtnl(skb, vn, dev)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = dev->ifindex + 1;
	}
	rcu_read_unlock();
	rtnl_unlock();
	return skb->len;
}
