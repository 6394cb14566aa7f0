// SPDX-License-Identifier: GPL-2.0
/*
 * Events.
 *
 * Built only when someone listens (genl_has_listeners() is one bit test), and rate-limited per
 * namespace, since a MAC flood makes a "new" event per frame. Violations have budgets of their
 * own, per port and then per namespace, so that an attacker's port cannot silence the reports
 * of every other port. Messages are allocated with GFP_ATOMIC: events come from the hook
 * (softirq) as well as from work items. Only CAP_NET_ADMIN may listen (netlink.c).
 */
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/ratelimit.h>
#include <linux/timekeeping.h>
#include <linux/vmroam.h>
#include <net/genetlink.h>

#include "event.h"
#include "netlink.h"
#include "netns.h"

static unsigned int event_rate __read_mostly = 1000;
module_param(event_rate, uint, 0644);
MODULE_PARM_DESC(event_rate,
		 "Events sent per second and network namespace at most (bursts of as many); the others are counted as dropped. Default 1000");

static unsigned int violation_rate __read_mostly = 20;
module_param(violation_rate, uint, 0644);
MODULE_PARM_DESC(violation_rate,
		 "Violation events sent per second and bridge port at most (bursts of as many), within event_rate per namespace; the drops are counted all the same. Default 20");

static int vmroam_event_put_dev(struct sk_buff *msg, int idx_attr, int name_attr,
				struct net *net, int ifindex)
{
	struct net_device *dev;
	int err = 0;

	if (!ifindex)
		return 0;
	if (nla_put_u32(msg, idx_attr, ifindex))
		return -EMSGSIZE;
	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	if (dev)
		err = nla_put_string(msg, name_attr, dev->name);
	rcu_read_unlock();
	return err;
}

static int vmroam_event_fill(struct sk_buff *msg, struct net *net, const struct vmroam_event *ev)
{
	const struct vmroam_binding_addrs *a = ev->addrs;
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(msg, VMROAM_A_EVENT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(msg, VMROAM_A_EVENT_TYPE, ev->type) ||
	    nla_put_u64_64bit(msg, VMROAM_A_EVENT_TIME, ktime_get_real_ns(), VMROAM_A_EVENT_PAD) ||
	    nla_put(msg, VMROAM_A_EVENT_MAC, ETH_ALEN, ev->key.mac) ||
	    nla_put_u16(msg, VMROAM_A_EVENT_VLAN, ev->key.vlan) ||
	    vmroam_event_put_dev(msg, VMROAM_A_EVENT_IFINDEX, VMROAM_A_EVENT_IFNAME, net,
				 ev->ifindex) ||
	    vmroam_event_put_dev(msg, VMROAM_A_EVENT_FROM_IFINDEX, VMROAM_A_EVENT_FROM_IFNAME,
				 net, ev->from_ifindex))
		return -EMSGSIZE;
	for (i = 0; a && i < a->n_ip4; i++)
		if (nla_put_in_addr(msg, VMROAM_A_EVENT_IPV4, a->ip4[i]))
			return -EMSGSIZE;
	for (i = 0; a && i < a->n_ip6; i++)
		if (nla_put_in6_addr(msg, VMROAM_A_EVENT_IPV6, &a->ip6[i]))
			return -EMSGSIZE;
	if (ev->origin && nla_put_u8(msg, VMROAM_A_EVENT_ORIGIN, ev->origin - 1))
		return -EMSGSIZE;
	if (ev->type == VMROAM_EVENT_MIGRATED &&
	    (nla_put_u64_64bit(msg, VMROAM_A_EVENT_ACTIVATED, ev->activated, VMROAM_A_EVENT_PAD) ||
	     nla_put_u64_64bit(msg, VMROAM_A_EVENT_ANNOUNCED, ev->announced, VMROAM_A_EVENT_PAD)))
		return -EMSGSIZE;
	if (ev->sanction && nla_put_flag(msg, VMROAM_A_EVENT_SANCTION))
		return -EMSGSIZE;
	if (ev->type == VMROAM_EVENT_VIOLATION &&
	    nla_put_u8(msg, VMROAM_A_EVENT_REASON, ev->reason))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

void vmroam_event(struct vmroam_net *vn, const struct vmroam_event *ev)
{
	struct ratelimit_state *rs = &vn->event_rs;
	struct sk_buff *msg;
	void *hdr;

	rcu_read_lock();
	if (!vmroam_nl_has_listeners(vn->net))
		goto out;
	if (ev->port_rs) {
		ev->port_rs->burst = READ_ONCE(violation_rate);
		if (!__ratelimit(ev->port_rs))
			goto drop;
	}
	if (ev->type == VMROAM_EVENT_VIOLATION)
		rs = &vn->violation_rs;
	rs->burst = READ_ONCE(event_rate);
	if (!__ratelimit(rs))
		goto drop;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!msg)
		goto drop;
	hdr = vmroam_nl_event_put(msg);
	if (!hdr || vmroam_event_fill(msg, vn->net, ev)) {
		nlmsg_free(msg);
		goto drop;
	}
	genlmsg_end(msg, hdr);
	vmroam_nl_event_send(vn->net, msg);
	goto out;
drop:
	atomic64_inc(&vn->events_dropped);
out:
	rcu_read_unlock();
}

void vmroam_event_init_net(struct vmroam_net *vn)
{
	ratelimit_state_init(&vn->event_rs, HZ, READ_ONCE(event_rate));
	/* the count of what was suppressed goes to events_dropped, not to the kernel log */
	ratelimit_set_flags(&vn->event_rs, RATELIMIT_MSG_ON_RELEASE);
	ratelimit_state_init(&vn->violation_rs, HZ, READ_ONCE(event_rate));
	ratelimit_set_flags(&vn->violation_rs, RATELIMIT_MSG_ON_RELEASE);
	atomic64_set(&vn->events_dropped, 0);
}

void vmroam_event_port_rs_init(struct ratelimit_state *rs)
{
	ratelimit_state_init(rs, HZ, READ_ONCE(violation_rate));
	ratelimit_set_flags(rs, RATELIMIT_MSG_ON_RELEASE);
}
