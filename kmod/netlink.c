// SPDX-License-Identifier: GPL-2.0
/*
 * The "vmroam" generic netlink family.
 *
 * Every request is answered from the caller's own network namespace (netnsok): a namespace sees
 * its bridges and nothing else. Bad requests are refused by the attribute policy or with an
 * extack message that names the attribute, so the CLI can say what was wrong.
 */
#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/vmroam.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "binding.h"
#include "migrate.h"
#include "netlink.h"
#include "netns.h"
#include "policy.h"
#include "port.h"
#include "stats.h"

static const struct nla_policy vmroam_addr6_nl_policy[VMROAM_A_ADDR6_MAX + 1] = {
	[VMROAM_A_ADDR6_ADDR] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VMROAM_A_ADDR6_ORIGIN] = NLA_POLICY_MAX(NLA_U8, __VMROAM_ORIGIN_MAX - 1),
	[VMROAM_A_ADDR6_VALID] = { .type = NLA_U32 },
};

const struct nla_policy vmroam_binding_nl_policy[VMROAM_A_BINDING_MAX + 1] = {
	[VMROAM_A_BINDING_MAC] = NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VMROAM_A_BINDING_VLAN] = NLA_POLICY_MAX(NLA_U16, VLAN_N_VID - 2),
	[VMROAM_A_BINDING_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VMROAM_A_BINDING_IPV4] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VMROAM_A_BINDING_IPV6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

static const struct nla_policy vmroam_policy_entry_nl_policy[VMROAM_A_POLICY_MAX + 1] = {
	[VMROAM_A_POLICY_TYPE] = NLA_POLICY_MAX(NLA_U32, VMROAM_FT_COUNT - 1),
	[VMROAM_A_POLICY_ACTIONS] = NLA_POLICY_MASK(NLA_U32, VMROAM_ACTION_ALL),
	[VMROAM_A_POLICY_INHERIT] = { .type = NLA_FLAG },
};

static const struct nla_policy vmroam_policy_nl_policy[VMROAM_A_POLICY_MAX + 1] = {
	[VMROAM_A_POLICY_ENTRY] = NLA_POLICY_NESTED(vmroam_policy_entry_nl_policy),
};

/* not const: NLA_POLICY_FULL_RANGE() takes a plain pointer */
static struct netlink_range_validation vmroam_timeout_range = {
	.min = 1,
	.max = 86400,
};

const struct nla_policy vmroam_migration_nl_policy[VMROAM_A_MIGRATION_MAX + 1] = {
	[VMROAM_A_MIGRATION_MAC] = NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VMROAM_A_MIGRATION_VLAN] = NLA_POLICY_MAX(NLA_U16, VLAN_N_VID - 2),
	[VMROAM_A_MIGRATION_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VMROAM_A_MIGRATION_IPV4] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VMROAM_A_MIGRATION_IPV6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VMROAM_A_MIGRATION_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &vmroam_timeout_range),
	[VMROAM_A_MIGRATION_ACTIVATE] = NLA_POLICY_MAX(NLA_U8, __VMROAM_ACTIVATE_MAX - 1),
	[VMROAM_A_MIGRATION_LEASE] = NLA_POLICY_MIN(NLA_U32, 1),
	[VMROAM_A_MIGRATION_ADDR6] = NLA_POLICY_NESTED(vmroam_addr6_nl_policy),
};

/* max-macs and rate: 0 (no limit) to 1000000, as the CLI and README say */
static struct netlink_range_validation vmroam_port_num_range = {
	.min = 0,
	.max = 1000000,
};

const struct nla_policy vmroam_port_nl_policy[VMROAM_A_PORT_MAX + 1] = {
	[VMROAM_A_PORT_TRUSTED] = NLA_POLICY_MAX(NLA_U8, 1),
	[VMROAM_A_PORT_LOCK] = NLA_POLICY_MAX(NLA_U8, 1),
	[VMROAM_A_PORT_MAX_MACS] = NLA_POLICY_FULL_RANGE(NLA_U32, &vmroam_port_num_range),
	[VMROAM_A_PORT_ARP_INSPECT] = NLA_POLICY_MAX(NLA_U8, 1),
	[VMROAM_A_PORT_IP_GUARD] = NLA_POLICY_MAX(NLA_U8, 1),
	[VMROAM_A_PORT_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32, &vmroam_port_num_range),
	[VMROAM_A_PORT_ND_INSPECT] = NLA_POLICY_MAX(NLA_U8, 1),
	[VMROAM_A_PORT_RA_GUARD] = NLA_POLICY_MAX(NLA_U8, 1),
	[VMROAM_A_PORT_MAX_ADDRS] = NLA_POLICY_FULL_RANGE(NLA_U32, &vmroam_port_num_range),
};

const struct nla_policy vmroam_gateway_nl_policy[VMROAM_A_GATEWAY_MAX + 1] = {
	[VMROAM_A_GATEWAY_IPV4] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
};

/*
 * Every top-level attribute a request may carry. Each command's own policy below takes only
 * the ones it uses; this one is the family's fallback for a command that has none (genetlink
 * then validates with it), so that no command ever parses unvalidated attributes.
 */
#define VMROAM_NL_IFINDEX \
	[VMROAM_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1)
#define VMROAM_NL_BINDING \
	[VMROAM_A_BINDING] = NLA_POLICY_NESTED(vmroam_binding_nl_policy)
#define VMROAM_NL_POLICY \
	[VMROAM_A_POLICY] = NLA_POLICY_NESTED(vmroam_policy_nl_policy)
#define VMROAM_NL_MIGRATION \
	[VMROAM_A_MIGRATION] = NLA_POLICY_NESTED(vmroam_migration_nl_policy)
#define VMROAM_NL_GATEWAY \
	[VMROAM_A_GATEWAY] = NLA_POLICY_NESTED(vmroam_gateway_nl_policy)
#define VMROAM_NL_PORT \
	[VMROAM_A_PORT] = NLA_POLICY_NESTED(vmroam_port_nl_policy)
#define VMROAM_NL_PORT_DEFAULTS \
	[VMROAM_A_PORT_DEFAULTS] = NLA_POLICY_NESTED(vmroam_port_nl_policy)
#define VMROAM_NL_INHERIT \
	[VMROAM_A_INHERIT] = { .type = NLA_FLAG }

static const struct nla_policy vmroam_nl_policy[VMROAM_A_MAX + 1] = {
	VMROAM_NL_IFINDEX,
	VMROAM_NL_BINDING,
	VMROAM_NL_POLICY,
	VMROAM_NL_MIGRATION,
	VMROAM_NL_GATEWAY,
	VMROAM_NL_PORT,
	VMROAM_NL_PORT_DEFAULTS,
	VMROAM_NL_INHERIT,
};

/*
 * Per-command policies (Documentation/netlink/specs/vmroam.yaml lists the same attributes per
 * operation; selftests/ynl.sh compares the two through CTRL_CMD_GETPOLICY). Every one has
 * VMROAM_A_MAX as its maxattr and leaves the attributes its command does not use NLA_UNSPEC:
 * genetlink's strict validation (no GENL_DONT_VALIDATE_* flag on any command, dumps included)
 * then refuses them, "Unsupported attribute" with the attribute's offset in the extack, where
 * the family-wide policy let a command ignore an attribute of another one (a filter a dump
 * does not have, a setting the command does not change). In 6.1 a command has one policy for
 * its doit and its dumpit (genl_ops), so a GET takes the union of both.
 */
/* GET_MIGRATION's dump has no filter */
static const struct nla_policy vmroam_nl_none_policy[VMROAM_A_MAX + 1] = {};

static const struct nla_policy vmroam_nl_ifindex_policy[VMROAM_A_MAX + 1] = {
	VMROAM_NL_IFINDEX,
};

static const struct nla_policy vmroam_nl_get_binding_policy[VMROAM_A_MAX + 1] = {
	VMROAM_NL_IFINDEX,
	VMROAM_NL_BINDING,
};

static const struct nla_policy vmroam_nl_binding_policy[VMROAM_A_MAX + 1] = {
	VMROAM_NL_BINDING,
};

static const struct nla_policy vmroam_nl_set_policy_policy[VMROAM_A_MAX + 1] = {
	VMROAM_NL_IFINDEX,
	VMROAM_NL_POLICY,
};

static const struct nla_policy vmroam_nl_migration_policy[VMROAM_A_MAX + 1] = {
	VMROAM_NL_MIGRATION,
};

static const struct nla_policy vmroam_nl_gateway_policy[VMROAM_A_MAX + 1] = {
	VMROAM_NL_IFINDEX,
	VMROAM_NL_GATEWAY,
};

static const struct nla_policy vmroam_nl_set_port_policy[VMROAM_A_MAX + 1] = {
	VMROAM_NL_IFINDEX,
	VMROAM_NL_PORT,
};

static const struct nla_policy vmroam_nl_set_bridge_policy[VMROAM_A_MAX + 1] = {
	VMROAM_NL_IFINDEX,
	VMROAM_NL_PORT_DEFAULTS,
	VMROAM_NL_INHERIT,
};

static int vmroam_nl_put_u64(struct sk_buff *msg, int type, u64 value)
{
	return nla_put_u64_64bit(msg, type, value, VMROAM_A_STATS_PAD);
}

/* what the namespace did about moves: bindings, FDB moves, neighbour updates */
static int vmroam_nl_put_moves(struct sk_buff *msg, struct vmroam_net *vn)
{
	if (nla_put_u32(msg, VMROAM_A_STATS_BINDINGS, atomic_read(&vn->n_bindings)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_BINDINGS_REFUSED,
			      atomic64_read(&vn->bindings_refused)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_FDB_MOVES, atomic64_read(&vn->fdb_moves)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_FDB_KEPT, atomic64_read(&vn->fdb_kept)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_NEIGH_UPDATES,
			      atomic64_read(&vn->neigh_updates)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_FDB_LATENCY_LAST,
			      atomic64_read(&vn->fdb_latency.last)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_FDB_LATENCY_MAX,
			      atomic64_read(&vn->fdb_latency.max)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_NEIGH_LATENCY_LAST,
			      atomic64_read(&vn->neigh_latency.last)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_NEIGH_LATENCY_MAX,
			      atomic64_read(&vn->neigh_latency.max)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_MIGRATIONS,
			      atomic64_read(&vn->migrations_activated)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_DEPARTURES, atomic64_read(&vn->departures)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_ANNOUNCE_SENT,
			      atomic64_read(&vn->announce_sent)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_ANNOUNCE_DROPPED,
			      atomic64_read(&vn->announce_dropped)) ||
	    vmroam_nl_put_u64(msg, VMROAM_A_STATS_EVENTS_DROPPED,
			      atomic64_read(&vn->events_dropped)))
		return -EMSGSIZE;
	return 0;
}

/* frame counters, and with @vn (the namespace-wide reply) what it did about moves */
static int vmroam_nl_put_stats(struct sk_buff *msg, const struct vmroam_stats_sum *sum,
			       struct vmroam_net *vn)
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
	frames = nla_nest_start(msg, VMROAM_A_STATS_DROPS);
	if (!frames)
		goto cancel;
	for (t = 0; t < VMROAM_DROP_COUNT; t++)
		if (nla_put_u64_64bit(msg, t + 1, sum->drops[t], 0))
			goto cancel;
	nla_nest_end(msg, frames);
	if (vn && vmroam_nl_put_moves(msg, vn))
		goto cancel;
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
	    vmroam_nl_put_stats(msg, &sum, NULL)) {
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
	err = vmroam_nl_put_stats(msg, &sum, vn);
	if (err)
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

struct net_device *vmroam_nl_next_dev_rcu(struct net *net, long ifindex)
{
	struct net_device *dev;
	int last = READ_ONCE(net->ifindex);

	for (ifindex = max(ifindex, 1L); ifindex <= last; ifindex++) {
		dev = dev_get_by_index_rcu(net, ifindex);
		if (dev)
			return dev;
	}
	return NULL;
}

/* one message per bridge port; cb->args[0]: the ifindex to go on from */
static int vmroam_nl_get_stats_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct vmroam_net *vn = vmroam_net(net);
	struct vmroam_port *port;
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	while ((dev = vmroam_nl_next_dev_rcu(net, cb->args[0]))) {
		cb->args[0] = dev->ifindex;
		port = vmroam_port_find_rcu(vn, dev->ifindex);
		if (port) {
			err = vmroam_nl_fill_port_rcu(skb, NETLINK_CB(cb->skb).portid,
						      cb->nlh->nlmsg_seq, NLM_F_MULTI, dev, port);
			if (err)
				break;
		}
		cb->args[0]++;
	}
	rcu_read_unlock();
	/* a full buffer asks for another round; only an empty one is an error */
	return err && !skb->len ? err : skb->len;
}

/* ---- bindings ---- */

struct vmroam_nl_binding_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct net *net;
	/* filters: zero/NULL when not given */
	int ifindex;
	const u8 *mac;
	const struct nlattr *ip4;
	const struct nlattr *ip6;
	unsigned int restarts;
};

static bool vmroam_nl_binding_match(const struct vmroam_nl_binding_dump *d,
				    const struct vmroam_binding_info *bi)
{
	int i;

	if (d->ifindex && bi->addrs.ifindex != d->ifindex)
		return false;
	if (d->mac && !ether_addr_equal(bi->key.mac, d->mac))
		return false;
	if (d->ip4) {
		for (i = 0; i < bi->addrs.n_ip4; i++)
			if (bi->addrs.ip4[i] == nla_get_in_addr(d->ip4))
				break;
		if (i == bi->addrs.n_ip4)
			return false;
	}
	if (d->ip6) {
		struct in6_addr a = nla_get_in6_addr(d->ip6);

		for (i = 0; i < bi->addrs.n_ip6; i++)
			if (ipv6_addr_equal(&bi->addrs.ip6[i], &a))
				break;
		if (i == bi->addrs.n_ip6)
			return false;
	}
	return true;
}

static int vmroam_nl_put_binding(struct sk_buff *msg, struct net *net,
				 const struct vmroam_binding_info *bi)
{
	struct net_device *dev;
	struct nlattr *nest;
	int i, err = 0;

	nest = nla_nest_start(msg, VMROAM_A_BINDING);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(msg, VMROAM_A_BINDING_MAC, ETH_ALEN, bi->key.mac) ||
	    nla_put_u16(msg, VMROAM_A_BINDING_VLAN, bi->key.vlan) ||
	    nla_put_u32(msg, VMROAM_A_BINDING_IFINDEX, bi->addrs.ifindex) ||
	    nla_put_u8(msg, VMROAM_A_BINDING_ORIGIN, bi->origin) ||
	    nla_put_u32(msg, VMROAM_A_BINDING_MOVES, bi->moves) ||
	    nla_put_u8(msg, VMROAM_A_BINDING_STATE, bi->state) ||
	    (bi->lease_left && nla_put_u32(msg, VMROAM_A_BINDING_LEASE, bi->lease_left)) ||
	    (bi->frozen_left && nla_put_u32(msg, VMROAM_A_BINDING_FROZEN, bi->frozen_left)) ||
	    nla_put_u64_64bit(msg, VMROAM_A_BINDING_FIRST_SEEN,
			      bi->first_seen_ms, VMROAM_A_BINDING_PAD) ||
	    nla_put_u64_64bit(msg, VMROAM_A_BINDING_LAST_SEEN,
			      bi->last_seen_ms, VMROAM_A_BINDING_PAD))
		goto cancel;
	for (i = 0; i < bi->addrs.n_ip4; i++)
		if (nla_put_in_addr(msg, VMROAM_A_BINDING_IPV4, bi->addrs.ip4[i]))
			goto cancel;
	for (i = 0; i < bi->addrs.n_ip6; i++)
		if (nla_put_in6_addr(msg, VMROAM_A_BINDING_IPV6, &bi->addrs.ip6[i]))
			goto cancel;
	if (vmroam_nl_put_addrs6(msg, VMROAM_A_BINDING_ADDR6, &bi->addrs))
		goto cancel;
	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, bi->addrs.ifindex);
	if (dev)
		err = nla_put_string(msg, VMROAM_A_BINDING_IFNAME, dev->name);
	rcu_read_unlock();
	if (err)
		goto cancel;
	nla_nest_end(msg, nest);
	return 0;

cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static int vmroam_nl_binding_dump_one(const struct vmroam_binding_info *bi, void *arg)
{
	struct vmroam_nl_binding_dump *d = arg;
	void *hdr;

	if (!vmroam_nl_binding_match(d, bi))
		return 0;
	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid, d->cb->nlh->nlmsg_seq,
			  &vmroam_genl_family, NLM_F_MULTI, VMROAM_CMD_GET_BINDING);
	if (!hdr)
		return -EMSGSIZE;
	/* a walk that started again (the table was resized) marks the dump NLM_F_DUMP_INTR */
	d->cb->seq = d->restarts + 1;
	genl_dump_check_consistent(d->cb, hdr);
	if (vmroam_nl_put_binding(d->skb, d->net, bi)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

static int vmroam_nl_get_binding_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct vmroam_nl_binding_dump d = {
		.skb = skb,
		.cb = cb,
		.net = sock_net(skb->sk),
	};
	struct nlattr *tb[VMROAM_A_BINDING_MAX + 1];
	int err;

	if (info->attrs[VMROAM_A_IFINDEX])
		d.ifindex = nla_get_u32(info->attrs[VMROAM_A_IFINDEX]);
	if (info->attrs[VMROAM_A_BINDING]) {
		err = nla_parse_nested(tb, VMROAM_A_BINDING_MAX, info->attrs[VMROAM_A_BINDING],
				       vmroam_binding_nl_policy, cb->extack);
		if (err)
			return err;
		if (tb[VMROAM_A_BINDING_MAC])
			d.mac = nla_data(tb[VMROAM_A_BINDING_MAC]);
		d.ip4 = tb[VMROAM_A_BINDING_IPV4];
		d.ip6 = tb[VMROAM_A_BINDING_IPV6];
	}
	d.restarts = cb->args[1];
	err = vmroam_binding_walk(vmroam_net(d.net), (struct rhashtable_iter *)cb->args[0],
				  vmroam_nl_binding_dump_one, &d, &d.restarts);
	cb->args[1] = d.restarts;
	/* a full buffer asks for another round; only an empty one is an error */
	return err && !skb->len ? err : skb->len;
}

/* the walk lives as long as the dump, so each round resumes where the last one stopped */
static int vmroam_nl_get_binding_start(struct netlink_callback *cb)
{
	struct rhashtable_iter *iter;

	iter = vmroam_binding_walk_enter(vmroam_net(sock_net(cb->skb->sk)));
	if (!iter)
		return -ENOMEM;
	cb->args[0] = (long)iter;
	return 0;
}

static int vmroam_nl_get_binding_done(struct netlink_callback *cb)
{
	if (cb->args[0])
		vmroam_binding_walk_exit((struct rhashtable_iter *)cb->args[0]);
	return 0;
}

int vmroam_nl_put_addrs6(struct sk_buff *msg, int type, const struct vmroam_binding_addrs *a)
{
	struct nlattr *nest;
	int i;

	for (i = 0; i < a->n_ip6; i++) {
		if (!a->origin6[i])
			continue;
		nest = nla_nest_start(msg, type);
		if (!nest ||
		    nla_put_in6_addr(msg, VMROAM_A_ADDR6_ADDR, &a->ip6[i]) ||
		    nla_put_u8(msg, VMROAM_A_ADDR6_ORIGIN, a->origin6[i] - 1) ||
		    (a->valid6[i] && nla_put_u32(msg, VMROAM_A_ADDR6_VALID, a->valid6[i])))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

/* one VMROAM_A_*_ADDR6 nest into slot @i of @a */
static int vmroam_nl_parse_addr6(const struct nlattr *attr, struct vmroam_binding_addrs *a, int i,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VMROAM_A_ADDR6_MAX + 1];
	int err;

	err = nla_parse_nested(tb, VMROAM_A_ADDR6_MAX, attr, vmroam_addr6_nl_policy, extack);
	if (err)
		return err;
	if (!tb[VMROAM_A_ADDR6_ADDR]) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "an address with an origin needs the address");
		return -EINVAL;
	}
	a->ip6[i] = nla_get_in6_addr(tb[VMROAM_A_ADDR6_ADDR]);
	if (tb[VMROAM_A_ADDR6_ORIGIN])
		a->origin6[i] = nla_get_u8(tb[VMROAM_A_ADDR6_ORIGIN]) + 1;
	if (tb[VMROAM_A_ADDR6_VALID])
		a->valid6[i] = nla_get_u32(tb[VMROAM_A_ADDR6_VALID]);
	return 0;
}

int vmroam_nl_parse_addrs(const struct nlattr *nest, int type4, int type6, int type_addr6,
			  struct vmroam_binding_addrs *a, struct netlink_ext_ack *extack)
{
	struct nlattr *attr;
	int rem, type, err;

	memset(a, 0, sizeof(*a));
	nla_for_each_nested(attr, nest, rem) {
		type = nla_type(attr);
		if (type != type4 && type != type6 && (!type_addr6 || type != type_addr6))
			continue;
		if ((type == type4 && a->n_ip4 == VMROAM_BINDING_ADDRS) ||
		    (type != type4 && a->n_ip6 == VMROAM_BINDING_ADDRS6)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "too many addresses: 4 IPv4 and 8 IPv6 at most");
			return -E2BIG;
		}
		if (type == type4) {
			a->ip4[a->n_ip4++] = nla_get_in_addr(attr);
		} else if (type == type6) {
			a->ip6[a->n_ip6++] = nla_get_in6_addr(attr);
		} else {
			err = vmroam_nl_parse_addr6(attr, a, a->n_ip6, extack);
			if (err)
				return err;
			a->n_ip6++;
		}
	}
	return 0;
}

struct net_device *vmroam_nl_port_rtnl(struct net *net, const struct nlattr *attr,
				       const struct nlattr *vlan_attr, u16 *vid,
				       struct netlink_ext_ack *extack)
{
	struct bridge_vlan_info vinfo;
	struct net_device *dev, *br;

	dev = __dev_get_by_index(net, nla_get_u32(attr));
	br = dev && netif_is_bridge_port(dev) ? netdev_master_upper_dev_get(dev) : NULL;
	if (!br) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "not a bridge port of this network namespace");
		return NULL;
	}
	/*
	 * the VLAN as the hook finds it for the port's frames (frame.c): by default the one
	 * untagged frames belong to; one the bridge would never assign would never match
	 */
	*vid = 0;
	if (!vlan_attr) {
		if (br_vlan_enabled(br) && br_vlan_get_pvid(dev, vid))
			*vid = 0;
		return dev;
	}
	*vid = nla_get_u16(vlan_attr);
	if (!br_vlan_enabled(br) && *vid) {
		NL_SET_ERR_MSG_ATTR(extack, vlan_attr,
				    "the bridge does not filter VLANs: all its frames are in VLAN 0");
		return NULL;
	}
	if (br_vlan_enabled(br) && br_vlan_get_info(dev, *vid, &vinfo)) {
		NL_SET_ERR_MSG_ATTR(extack, vlan_attr, "the port is not a member of this VLAN");
		return NULL;
	}
	return dev;
}

static int vmroam_nl_new_binding_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct nlattr *tb[VMROAM_A_BINDING_MAX + 1];
	struct vmroam_binding_addrs a;
	struct vmroam_binding_key key;
	struct net_device *dev;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VMROAM_A_BINDING))
		return -EINVAL;
	err = nla_parse_nested(tb, VMROAM_A_BINDING_MAX, info->attrs[VMROAM_A_BINDING],
			       vmroam_binding_nl_policy, info->extack);
	if (err)
		return err;
	if (!tb[VMROAM_A_BINDING_MAC] || !tb[VMROAM_A_BINDING_IFINDEX]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VMROAM_A_BINDING],
				    "a binding needs a MAC and a port");
		return -EINVAL;
	}
	memcpy(key.mac, nla_data(tb[VMROAM_A_BINDING_MAC]), ETH_ALEN);
	if (!is_valid_ether_addr(key.mac)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VMROAM_A_BINDING_MAC],
				    "not a unicast MAC address");
		return -EINVAL;
	}
	err = vmroam_nl_parse_addrs(info->attrs[VMROAM_A_BINDING], VMROAM_A_BINDING_IPV4,
				    VMROAM_A_BINDING_IPV6, 0, &a, info->extack);
	if (err)
		return err;

	rtnl_lock();
	dev = vmroam_nl_port_rtnl(vn->net, tb[VMROAM_A_BINDING_IFINDEX], tb[VMROAM_A_BINDING_VLAN],
				  &key.vlan, info->extack);
	if (!dev) {
		rtnl_unlock();
		return -ENODEV;
	}
	err = vmroam_binding_set(vn, &key, dev->ifindex, VMROAM_ORIGIN_STATIC, &a, 0);
	rtnl_unlock();
	if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack, "the binding table is full (max_bindings)");
	return err;
}

static int vmroam_nl_del_binding_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct nlattr *tb[VMROAM_A_BINDING_MAX + 1];
	struct vmroam_binding_key key = { .vlan = 0 };
	int err;

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
	memcpy(key.mac, nla_data(tb[VMROAM_A_BINDING_MAC]), ETH_ALEN);
	if (!tb[VMROAM_A_BINDING_VLAN]) {
		err = vmroam_binding_del_mac(vn, key.mac);
		if (err)
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VMROAM_A_BINDING_MAC],
					    "no binding of this MAC");
		return err;
	}
	key.vlan = nla_get_u16(tb[VMROAM_A_BINDING_VLAN]);
	err = vmroam_binding_del(vn, &key);
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VMROAM_A_BINDING_VLAN],
				    "no binding of this MAC in this VLAN");
	return err;
}

/* ---- policy ---- */

/* the bridge named by VMROAM_A_IFINDEX, 0 for none, or an error */
static int vmroam_nl_policy_bridge(struct genl_info *info)
{
	struct nlattr *attr = info->attrs[VMROAM_A_IFINDEX];
	struct net_device *dev;
	int ifindex = 0;

	if (!attr)
		return 0;
	rcu_read_lock();
	dev = dev_get_by_index_rcu(genl_info_net(info), nla_get_u32(attr));
	if (dev && netif_is_bridge_master(dev))
		ifindex = dev->ifindex;
	rcu_read_unlock();
	if (!ifindex) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "not a bridge of this network namespace");
		return -ENODEV;
	}
	return ifindex;
}

static int vmroam_nl_get_policy_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	struct nlattr *nest, *entry;
	struct sk_buff *msg;
	int br, t, err = -EMSGSIZE;
	void *hdr;

	br = vmroam_nl_policy_bridge(info);
	if (br < 0)
		return br;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &vmroam_genl_family, 0, VMROAM_CMD_GET_POLICY);
	if (!hdr)
		goto err_free;
	if (br && nla_put_u32(msg, VMROAM_A_IFINDEX, br))
		goto err_free;
	nest = nla_nest_start(msg, VMROAM_A_POLICY);
	if (!nest)
		goto err_free;
	rcu_read_lock();
	for (t = 0; t < VMROAM_FT_COUNT; t++) {
		bool inherit = br && vmroam_policy_bridge_rcu(vn, br, t) == VMROAM_POLICY_INHERIT;

		entry = nla_nest_start(msg, VMROAM_A_POLICY_ENTRY);
		if (!entry ||
		    nla_put_u32(msg, VMROAM_A_POLICY_TYPE, t) ||
		    nla_put_u32(msg, VMROAM_A_POLICY_ACTIONS,
				br ? vmroam_policy_get_rcu(vn, br, t) : vmroam_policy_global(t)) ||
		    (inherit && nla_put_flag(msg, VMROAM_A_POLICY_INHERIT))) {
			rcu_read_unlock();
			goto err_free;
		}
		nla_nest_end(msg, entry);
	}
	rcu_read_unlock();
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

static int vmroam_nl_set_policy_rtnl(struct vmroam_net *vn, struct genl_info *info);

static int vmroam_nl_set_policy_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vmroam_net *vn = vmroam_net(genl_info_net(info));
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VMROAM_A_POLICY))
		return -EINVAL;
	/* the global defaults apply to every namespace */
	if (!info->attrs[VMROAM_A_IFINDEX] && !netlink_capable(skb, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(info->extack,
			       "the global policy needs CAP_NET_ADMIN in the initial user namespace; give a bridge");
		return -EPERM;
	}
	/*
	 * The bridge is checked and its override stored under RTNL, as the bridge's removal
	 * (which drops its override) runs: an override never outlives its bridge
	 */
	rtnl_lock();
	err = vmroam_nl_set_policy_rtnl(vn, info);
	rtnl_unlock();
	return err;
}

static int vmroam_nl_set_policy_rtnl(struct vmroam_net *vn, struct genl_info *info)
{
	struct nlattr *tb[VMROAM_A_POLICY_MAX + 1], *entry;
	u32 actions[VMROAM_FT_COUNT], types = 0;
	int br, t, rem, err;

	br = vmroam_nl_policy_bridge(info);
	if (br < 0)
		return br;
	nla_for_each_nested(entry, info->attrs[VMROAM_A_POLICY], rem) {
		if (nla_type(entry) != VMROAM_A_POLICY_ENTRY)
			continue;
		err = nla_parse_nested(tb, VMROAM_A_POLICY_MAX, entry,
				       vmroam_policy_entry_nl_policy, info->extack);
		if (err)
			return err;
		if (!tb[VMROAM_A_POLICY_TYPE] ||
		    !!tb[VMROAM_A_POLICY_ACTIONS] == !!tb[VMROAM_A_POLICY_INHERIT]) {
			NL_SET_ERR_MSG_ATTR(info->extack, entry,
					    "an entry needs a type and either actions or inherit");
			return -EINVAL;
		}
		t = nla_get_u32(tb[VMROAM_A_POLICY_TYPE]);
		types |= BIT(t);
		actions[t] = tb[VMROAM_A_POLICY_INHERIT] ? VMROAM_POLICY_INHERIT :
			     nla_get_u32(tb[VMROAM_A_POLICY_ACTIONS]);
	}
	if (!types) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VMROAM_A_POLICY],
				    "no policy entry");
		return -EINVAL;
	}
	if (br)
		return vmroam_policy_set_bridge(vn, br, types, actions);
	for (t = 0; t < VMROAM_FT_COUNT; t++)
		if (types & BIT(t))
			vmroam_policy_set_global(t, actions[t]);
	return 0;
}

static const struct genl_ops vmroam_genl_ops[] = {
	{
		.cmd = VMROAM_CMD_GET_STATS,
		.policy = vmroam_nl_ifindex_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_get_stats_doit,
		.dumpit = vmroam_nl_get_stats_dumpit,
	},
	{
		.cmd = VMROAM_CMD_GET_BINDING,
		.policy = vmroam_nl_get_binding_policy,
		.maxattr = VMROAM_A_MAX,
		.start = vmroam_nl_get_binding_start,
		.dumpit = vmroam_nl_get_binding_dumpit,
		.done = vmroam_nl_get_binding_done,
	},
	{
		.cmd = VMROAM_CMD_NEW_BINDING,
		.policy = vmroam_nl_binding_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_new_binding_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VMROAM_CMD_DEL_BINDING,
		.policy = vmroam_nl_binding_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_del_binding_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VMROAM_CMD_GET_POLICY,
		.policy = vmroam_nl_ifindex_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_get_policy_doit,
	},
	{
		.cmd = VMROAM_CMD_SET_POLICY,
		.policy = vmroam_nl_set_policy_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_set_policy_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VMROAM_CMD_NEW_MIGRATION,
		.policy = vmroam_nl_migration_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_new_migration_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VMROAM_CMD_DEL_MIGRATION,
		.policy = vmroam_nl_migration_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_del_migration_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VMROAM_CMD_GET_MIGRATION,
		.policy = vmroam_nl_none_policy,
		.maxattr = VMROAM_A_MAX,
		.dumpit = vmroam_nl_get_migration_dumpit,
	},
	{
		.cmd = VMROAM_CMD_MIGRATE_OUT,
		.policy = vmroam_nl_migration_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_migrate_out_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VMROAM_CMD_NEW_GATEWAY,
		.policy = vmroam_nl_gateway_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_new_gateway_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VMROAM_CMD_DEL_GATEWAY,
		.policy = vmroam_nl_gateway_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_del_gateway_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VMROAM_CMD_GET_GATEWAY,
		.policy = vmroam_nl_ifindex_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_get_gateway_doit,
		.dumpit = vmroam_nl_get_gateway_dumpit,
	},
	{
		.cmd = VMROAM_CMD_SET_PORT,
		.policy = vmroam_nl_set_port_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_set_port_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VMROAM_CMD_GET_PORT,
		.policy = vmroam_nl_ifindex_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_get_port_doit,
		.dumpit = vmroam_nl_get_port_dumpit,
	},
	{
		.cmd = VMROAM_CMD_UNFREEZE_BINDING,
		.policy = vmroam_nl_binding_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_unfreeze_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VMROAM_CMD_SET_BRIDGE,
		.policy = vmroam_nl_set_bridge_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_set_bridge_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VMROAM_CMD_GET_BRIDGE,
		.policy = vmroam_nl_ifindex_policy,
		.maxattr = VMROAM_A_MAX,
		.doit = vmroam_nl_get_bridge_doit,
		.dumpit = vmroam_nl_get_bridge_dumpit,
	},
};

static const struct genl_multicast_group vmroam_genl_mcgrps[] = {
	/* events name MACs, addresses and ports of every tenant: not for any local user */
	{ .name = VMROAM_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

/*
 * Set once the family is registered, cleared before it is unregistered: hooks and work items
 * still running at unload then stop sending events (they test it under rcu_read_lock(), and
 * the unregistration waits for a grace period) before the group's id can go to another family.
 */
static bool vmroam_nl_registered __read_mostly;

bool vmroam_nl_has_listeners(struct net *net)
{
	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "vmroam events are sent under rcu_read_lock()");
	return READ_ONCE(vmroam_nl_registered) && genl_has_listeners(&vmroam_genl_family, net, 0);
}

void *vmroam_nl_event_put(struct sk_buff *msg)
{
	return genlmsg_put(msg, 0, 0, &vmroam_genl_family, 0, VMROAM_CMD_EVENT);
}

void vmroam_nl_event_send(struct net *net, struct sk_buff *msg)
{
	genlmsg_multicast_netns(&vmroam_genl_family, net, msg, 0, 0, GFP_ATOMIC);
}

struct genl_family vmroam_genl_family __ro_after_init = {
	.name = VMROAM_GENL_NAME,
	.version = VMROAM_GENL_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	.policy = vmroam_nl_policy,
	.maxattr = VMROAM_A_MAX,
	.ops = vmroam_genl_ops,
	.n_ops = ARRAY_SIZE(vmroam_genl_ops),
	.mcgrps = vmroam_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(vmroam_genl_mcgrps),
};

int __init vmroam_netlink_init(void)
{
	int err = genl_register_family(&vmroam_genl_family);

	if (!err)
		WRITE_ONCE(vmroam_nl_registered, true);
	return err;
}

void vmroam_netlink_exit(void)
{
	WRITE_ONCE(vmroam_nl_registered, false);
	synchronize_rcu();
	genl_unregister_family(&vmroam_genl_family);
}
