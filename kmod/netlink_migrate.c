// SPDX-License-Identifier: GPL-2.0
/*
 * The "vmroam" family's commands for migrations, departures and gateways (the family itself,
 * its policies and its other commands are in netlink.c).
 */
#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/vmroam.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "depart.h"
#include "gateway.h"
#include "migrate.h"
#include "netlink.h"
#include "netns.h"

/* VMROAM_A_MIGRATION parsed, its MAC checked; the VLAN is -1 when absent */
static int vmroam_nl_parse_migration(struct genl_info *info, struct nlattr **tb, u8 *mac,
				     int *vlan)
{
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VMROAM_A_MIGRATION))
		return -EINVAL;
	err = nla_parse_nested(tb, VMROAM_A_MIGRATION_MAX, info->attrs[VMROAM_A_MIGRATION],
			       vmroam_migration_nl_policy, info->extack);
	if (err)
		return err;
	if (!tb[VMROAM_A_MIGRATION_MAC]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VMROAM_A_MIGRATION],
				    "a migration needs the VM's MAC");
		return -EINVAL;
	}
	memcpy(mac, nla_data(tb[VMROAM_A_MIGRATION_MAC]), ETH_ALEN);
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VMROAM_A_MIGRATION_MAC],
				    "not a unicast MAC address");
		return -EINVAL;
	}
	*vlan = tb[VMROAM_A_MIGRATION_VLAN] ? nla_get_u16(tb[VMROAM_A_MIGRATION_VLAN]) : -1;
	return 0;
}

int vmroam_nl_new_migration_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct nlattr *tb[VMROAM_A_MIGRATION_MAX + 1];
	struct vmroam_sanction s = { .timeout = 0 };
	struct net_device *dev;
	int vlan, err;

	err = vmroam_nl_parse_migration(info, tb, s.key.mac, &vlan);
	if (err)
		return err;
	if (!tb[VMROAM_A_MIGRATION_IFINDEX]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VMROAM_A_MIGRATION],
				    "a migration needs the port the VM will appear on");
		return -EINVAL;
	}
	err = vmroam_nl_parse_addrs(info->attrs[VMROAM_A_MIGRATION], VMROAM_A_MIGRATION_IPV4,
				    VMROAM_A_MIGRATION_IPV6, VMROAM_A_MIGRATION_ADDR6, &s.addrs,
				    info->extack);
	if (err)
		return err;
	if (tb[VMROAM_A_MIGRATION_TIMEOUT])
		s.timeout = nla_get_u32(tb[VMROAM_A_MIGRATION_TIMEOUT]);
	if (tb[VMROAM_A_MIGRATION_ACTIVATE])
		s.activate = nla_get_u8(tb[VMROAM_A_MIGRATION_ACTIVATE]);
	if (tb[VMROAM_A_MIGRATION_LEASE])
		s.lease = nla_get_u32(tb[VMROAM_A_MIGRATION_LEASE]);

	rtnl_lock();
	dev = vmroam_nl_port_rtnl(vn->net, tb[VMROAM_A_MIGRATION_IFINDEX],
				  tb[VMROAM_A_MIGRATION_VLAN], &s.key.vlan, info->extack);
	if (dev) {
		s.ifindex = dev->ifindex;
		s.addrs.ifindex = dev->ifindex;
	}
	rtnl_unlock();
	if (!dev)
		return -ENODEV;
	return vmroam_migration_add(vn, &s, info->extack);
}

int vmroam_nl_del_migration_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct nlattr *tb[VMROAM_A_MIGRATION_MAX + 1];
	u8 mac[ETH_ALEN];
	int vlan, err;

	err = vmroam_nl_parse_migration(info, tb, mac, &vlan);
	if (err)
		return err;
	err = vmroam_migration_del(vn, mac, vlan);
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VMROAM_A_MIGRATION],
				    "no migration of this MAC in this VLAN");
	return err;
}

int vmroam_nl_migrate_out_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct nlattr *tb[VMROAM_A_MIGRATION_MAX + 1];
	u8 mac[ETH_ALEN];
	int vlan, err;

	err = vmroam_nl_parse_migration(info, tb, mac, &vlan);
	if (err)
		return err;
	err = vmroam_depart_mac(vn, mac, vlan);
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VMROAM_A_MIGRATION],
				    "no binding of this MAC on this host");
	return err;
}

static int vmroam_nl_put_migration(struct sk_buff *msg, struct net *net,
				   const struct vmroam_migration_info *mi)
{
	struct net_device *dev;
	struct nlattr *nest;
	int i, err = 0;

	nest = nla_nest_start(msg, VMROAM_A_MIGRATION);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(msg, VMROAM_A_MIGRATION_MAC, ETH_ALEN, mi->key.mac) ||
	    nla_put_u16(msg, VMROAM_A_MIGRATION_VLAN, mi->key.vlan) ||
	    nla_put_u32(msg, VMROAM_A_MIGRATION_IFINDEX, mi->ifindex) ||
	    nla_put_u32(msg, VMROAM_A_MIGRATION_TIMEOUT, mi->timeout) ||
	    nla_put_u8(msg, VMROAM_A_MIGRATION_ACTIVATE, mi->activate) ||
	    nla_put_u8(msg, VMROAM_A_MIGRATION_STATE, mi->state) ||
	    nla_put_u64_64bit(msg, VMROAM_A_MIGRATION_AGE, mi->age_ms, VMROAM_A_MIGRATION_PAD) ||
	    nla_put_u32(msg, VMROAM_A_MIGRATION_ROUNDS, mi->rounds) ||
	    nla_put_u32(msg, VMROAM_A_MIGRATION_FRAMES, mi->frames))
		goto cancel;
	if (mi->lease && nla_put_u32(msg, VMROAM_A_MIGRATION_LEASE, mi->lease))
		goto cancel;
	if (mi->state == VMROAM_MIGRATION_PENDING &&
	    nla_put_u64_64bit(msg, VMROAM_A_MIGRATION_EXPIRES, mi->expires_ms,
			      VMROAM_A_MIGRATION_PAD))
		goto cancel;
	if (mi->activated &&
	    nla_put_u64_64bit(msg, VMROAM_A_MIGRATION_ACTIVATED, mi->activated_ns,
			      VMROAM_A_MIGRATION_PAD))
		goto cancel;
	if (mi->announced &&
	    nla_put_u64_64bit(msg, VMROAM_A_MIGRATION_ANNOUNCED, mi->announced_ns,
			      VMROAM_A_MIGRATION_PAD))
		goto cancel;
	for (i = 0; i < mi->addrs.n_ip4; i++)
		if (nla_put_in_addr(msg, VMROAM_A_MIGRATION_IPV4, mi->addrs.ip4[i]))
			goto cancel;
	for (i = 0; i < mi->addrs.n_ip6; i++)
		if (nla_put_in6_addr(msg, VMROAM_A_MIGRATION_IPV6, &mi->addrs.ip6[i]))
			goto cancel;
	if (vmroam_nl_put_addrs6(msg, VMROAM_A_MIGRATION_ADDR6, &mi->addrs))
		goto cancel;
	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, mi->ifindex);
	if (dev)
		err = nla_put_string(msg, VMROAM_A_MIGRATION_IFNAME, dev->name);
	rcu_read_unlock();
	if (err)
		goto cancel;
	nla_nest_end(msg, nest);
	return 0;

cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/* migrations copied per round of the dump */
#define VMROAM_NL_MIGRATIONS_BATCH	16

/* cb->args[0]: the seq of the last migration sent (0: none yet) */
int vmroam_nl_get_migration_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct vmroam_migration_info *mi;
	int i, n, err = 0;
	void *hdr;

	mi = kmalloc_array(VMROAM_NL_MIGRATIONS_BATCH, sizeof(*mi), GFP_KERNEL);
	if (!mi)
		return -ENOMEM;
	do {
		n = vmroam_migration_list(vmroam_net(net), cb->args[0], mi,
					  VMROAM_NL_MIGRATIONS_BATCH);
		for (i = 0; i < n; i++) {
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
					  &vmroam_genl_family, NLM_F_MULTI,
					  VMROAM_CMD_GET_MIGRATION);
			if (!hdr) {
				err = -EMSGSIZE;
				break;
			}
			if (vmroam_nl_put_migration(skb, net, &mi[i])) {
				genlmsg_cancel(skb, hdr);
				err = -EMSGSIZE;
				break;
			}
			genlmsg_end(skb, hdr);
			cb->args[0] = mi[i].seq;
		}
	} while (!err && n == VMROAM_NL_MIGRATIONS_BATCH);
	kfree(mi);
	return err && !skb->len ? err : skb->len;
}

/* ---- gateways ---- */

static int vmroam_nl_gateway_change(struct genl_info *info, bool add)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	__be32 addr[VMROAM_GATEWAYS_MAX];
	struct net_device *br;
	struct nlattr *attr;
	int rem, n = 0, err;

	if (GENL_REQ_ATTR_CHECK(info, VMROAM_A_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, VMROAM_A_GATEWAY))
		return -EINVAL;
	nla_for_each_nested(attr, info->attrs[VMROAM_A_GATEWAY], rem) {
		if (nla_type(attr) != VMROAM_A_GATEWAY_IPV4)
			continue;
		if (n == VMROAM_GATEWAYS_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr, "8 gateways per bridge at most");
			return -E2BIG;
		}
		addr[n++] = nla_get_in_addr(attr);
	}
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VMROAM_A_GATEWAY],
				    "no gateway address");
		return -EINVAL;
	}
	rtnl_lock();
	br = __dev_get_by_index(vn->net, nla_get_u32(info->attrs[VMROAM_A_IFINDEX]));
	if (!br || !netif_is_bridge_master(br)) {
		rtnl_unlock();
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VMROAM_A_IFINDEX],
				    "not a bridge of this network namespace");
		return -ENODEV;
	}
	/* under RTNL: the bridge cannot go away before its list is in place */
	err = vmroam_gateways_change(vn, br->ifindex, addr, n, add);
	rtnl_unlock();
	if (err == -E2BIG)
		NL_SET_ERR_MSG(info->extack, "8 gateways per bridge at most");
	else if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no such gateway on this bridge");
	return err;
}

int vmroam_nl_new_gateway_doit(struct sk_buff *skb, struct genl_info *info)
{
	return vmroam_nl_gateway_change(info, true);
}

int vmroam_nl_del_gateway_doit(struct sk_buff *skb, struct genl_info *info)
{
	return vmroam_nl_gateway_change(info, false);
}

static int vmroam_nl_put_gateways(struct sk_buff *msg, struct net *net, int br_ifindex,
				  const struct vmroam_gateways *g)
{
	struct net_device *br;
	struct nlattr *nest;
	unsigned int i;
	int err = 0;

	if (nla_put_u32(msg, VMROAM_A_IFINDEX, br_ifindex))
		return -EMSGSIZE;
	nest = nla_nest_start(msg, VMROAM_A_GATEWAY);
	if (!nest)
		return -EMSGSIZE;
	rcu_read_lock();
	br = dev_get_by_index_rcu(net, br_ifindex);
	if (br)
		err = nla_put_string(msg, VMROAM_A_GATEWAY_IFNAME, br->name);
	rcu_read_unlock();
	for (i = 0; i < g->n && !err; i++)
		err = nla_put_in_addr(msg, VMROAM_A_GATEWAY_IPV4, g->addr[i]);
	if (err) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int vmroam_nl_get_gateway_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct vmroam_gateways g = { .n = 0 };
	unsigned long pos;
	struct net_device *br;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VMROAM_A_IFINDEX))
		return -EINVAL;
	pos = nla_get_u32(info->attrs[VMROAM_A_IFINDEX]);
	rcu_read_lock();
	br = dev_get_by_index_rcu(vn->net, pos);
	err = br && netif_is_bridge_master(br) ? 0 : -ENODEV;
	rcu_read_unlock();
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VMROAM_A_IFINDEX],
				    "not a bridge of this network namespace");
		return err;
	}
	if (!vmroam_gateways_next(vn, &pos, &g) ||
	    pos != nla_get_u32(info->attrs[VMROAM_A_IFINDEX]))
		g.n = 0;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &vmroam_genl_family, 0, VMROAM_CMD_GET_GATEWAY);
	if (!hdr || vmroam_nl_put_gateways(msg, vn->net,
					   nla_get_u32(info->attrs[VMROAM_A_IFINDEX]), &g)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: the next bridge ifindex to look from */
int vmroam_nl_get_gateway_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct vmroam_gateways g;
	unsigned long pos = cb->args[0];
	void *hdr;

	while (vmroam_gateways_next(vmroam_net(net), &pos, &g)) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &vmroam_genl_family, NLM_F_MULTI, VMROAM_CMD_GET_GATEWAY);
		if (!hdr)
			break;
		if (vmroam_nl_put_gateways(skb, net, pos, &g)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = ++pos;
	}
	return skb->len;
}
