// SPDX-License-Identifier: GPL-2.0
/*
 * Announcements on a migrated VM's behalf.
 *
 * The frames are built by the pure core (core/announce.c) and queued per bridge. A work item
 * sends them, as fast as the bridge's rate allows (announce_pps, bursts of as many), out of
 * every forwarding port of the bridge but the VM's own and, unless announce_fabric is set, its
 * VXLAN ports (an EVPN fabric learns where the VM is through BGP, from the local FDB and
 * neighbour entries the migration made: flooding the announcements to every VTEP adds nothing
 * but load), each tagged as the port's egress policy for the VM's VLAN says. Sending needs
 * RTNL (the bridge's port state and VLAN lookups assert it), so it never happens in the hook;
 * it does not need the VM's port to be up: a VM that is still paused is announced all the same.
 *
 * Lifetime: a bridge's queue (struct vmroam_pacer) is created by the first round for it and lives
 * in vn->pacers until the bridge goes away or the namespace does. Its work item is cancelled
 * only outside RTNL (the work takes RTNL): the bridge-gone path takes it out under pacers_lock,
 * marks it dead and frees it from an RCU work. A round builds its frames first (that sleeps) and
 * then looks the pacer up and queues them without letting go of pacers_lock, so that it never
 * holds a pacer the bridge-gone path has begun to free.
 */
#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <net/vxlan.h>

#include "announce.h"
#include "binding.h"
#include "core/announce.h"
#include "core/ratelimit.h"
#include "gateway.h"
#include "migrate.h"
#include "netns.h"
#include "port.h"

static unsigned int announce_pps __read_mostly = 15;
module_param(announce_pps, uint, 0644);
MODULE_PARM_DESC(announce_pps,
		 "Announcement frames per second out of each bridge port at most, in bursts of as many (ARP inspection on Cisco switches shuts a port beyond 15/s); 0: no pacing. Default 15");

static bool announce_fabric __read_mostly;
module_param(announce_fabric, bool, 0644);
MODULE_PARM_DESC(announce_fabric,
		 "Send announcements out of VXLAN ports too (an EVPN fabric otherwise learns the move through BGP). Default N");

/* frames waiting per bridge; beyond it a round is cut short and the rest counted as dropped */
#define VMROAM_PACER_QUEUE_MAX	256

struct vmroam_pacer {
	struct vmroam_net *vn;
	int br_ifindex;
	spinlock_t lock;		/* protects the fields below */
	struct list_head frames;
	unsigned int n_frames;
	struct vr_gcra gcra;
	bool dead;
	struct delayed_work work;
	struct rcu_work free_work;
};

struct vmroam_announce_frame {
	struct list_head list;
	struct vmroam_binding_key key;	/* the VM */
	int ifindex;			/* its port: not sent there */
	bool first;			/* the migration's first frame */
	u8 len;
	u8 data[VR_ANNOUNCE_MAX];
};

/* one copy of @f out of @port, tagged when the port's egress policy for the VLAN says so */
static int vmroam_announce_xmit_port(struct net_device *br, struct net_device *port,
				     const struct vmroam_announce_frame *f)
{
	struct bridge_vlan_info vinfo;
	struct sk_buff *skb;
	u16 proto;

	if (port->ifindex == f->ifindex || !netif_running(port) || !netif_carrier_ok(port) ||
	    br_port_get_stp_state(port) != BR_STATE_FORWARDING ||
	    (netif_is_vxlan(port) && !READ_ONCE(announce_fabric)))
		return 0;
	if (f->key.vlan && br_vlan_enabled(br) && br_vlan_get_info(port, f->key.vlan, &vinfo))
		return 0;	/* the VLAN does not go out of this port */

	skb = alloc_skb(LL_RESERVED_SPACE(port) + f->len + port->needed_tailroom, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, LL_RESERVED_SPACE(port));
	skb_put_data(skb, f->data, f->len);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->protocol = eth_hdr(skb)->h_proto;
	skb->priority = TC_PRIO_CONTROL;
	skb->dev = port;
	if (f->key.vlan && br_vlan_enabled(br) && !(vinfo.flags & BRIDGE_VLAN_INFO_UNTAGGED) &&
	    !br_vlan_get_proto(br, &proto))
		__vlan_hwaccel_put_tag(skb, htons(proto), f->key.vlan);
	dev_queue_xmit(skb);
	return 1;
}

/* out of every port of @br but the VM's; RTNL held */
static void vmroam_announce_xmit_rtnl(struct vmroam_net *vn, struct net_device *br,
				      const struct vmroam_announce_frame *f)
{
	struct net_device *port;
	struct list_head *iter;
	int ret;

	netdev_for_each_lower_dev(br, port, iter) {
		ret = vmroam_announce_xmit_port(br, port, f);
		if (ret > 0)
			atomic64_inc(&vn->announce_sent);
		else if (ret < 0)
			atomic64_inc(&vn->announce_dropped);
	}
}

/* the next frame the rate allows, or NULL (then the work is due again when one may go) */
static struct vmroam_announce_frame *vmroam_pacer_pop(struct vmroam_pacer *p)
{
	unsigned int pps = READ_ONCE(announce_pps);
	struct vmroam_announce_frame *f = NULL;
	unsigned long long wait;

	spin_lock_bh(&p->lock);
	if (p->dead || list_empty(&p->frames))
		goto out;
	/* 0: no pacing (a rate of 0 would never let one go, and re-arm the work for ever) */
	if (pps && !vr_gcra_take(&p->gcra, ktime_get_ns(), pps, pps, &wait)) {
		queue_delayed_work(vmroam_wq, &p->work, nsecs_to_jiffies(wait) + 1);
		goto out;
	}
	f = list_first_entry(&p->frames, struct vmroam_announce_frame, list);
	list_del(&f->list);
	p->n_frames--;
out:
	spin_unlock_bh(&p->lock);
	return f;
}

static void vmroam_pacer_work(struct work_struct *work)
{
	struct vmroam_pacer *p = container_of(to_delayed_work(work), struct vmroam_pacer, work);
	struct vmroam_net *vn = p->vn;
	struct vmroam_announce_frame *f;
	struct net_device *br;

	rtnl_lock();
	br = __dev_get_by_index(vn->net, p->br_ifindex);
	if (br && !netif_is_bridge_master(br))
		br = NULL;
	while ((f = vmroam_pacer_pop(p))) {
		if (br)
			vmroam_announce_xmit_rtnl(vn, br, f);
		else
			atomic64_inc(&vn->announce_dropped);
		if (f->first)
			vmroam_migration_announced(vn, &f->key, ktime_get_ns());
		kfree(f);
	}
	rtnl_unlock();
}

static void vmroam_pacer_purge(struct vmroam_pacer *p)
{
	struct vmroam_announce_frame *f, *tmp;

	list_for_each_entry_safe(f, tmp, &p->frames, list)
		kfree(f);
	INIT_LIST_HEAD(&p->frames);
	p->n_frames = 0;
}

static void vmroam_pacer_free(struct work_struct *work)
{
	struct vmroam_pacer *p = container_of(to_rcu_work(work), struct vmroam_pacer, free_work);

	cancel_delayed_work_sync(&p->work);
	vmroam_pacer_purge(p);
	kfree(p);
}

/*
 * The bridge's pacer, made on first use; pacers_lock held, which keeps it from being taken out
 * and freed (vmroam_announce_bridge_gone()) until the caller has queued its frames and unlocks.
 */
static struct vmroam_pacer *vmroam_pacer_get_locked(struct vmroam_net *vn, int br_ifindex)
{
	struct vmroam_pacer *p;

	lockdep_assert_held(&vn->pacers_lock);
	p = xa_load(&vn->pacers, br_ifindex);
	if (p)
		return p;
	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return NULL;
	p->vn = vn;
	p->br_ifindex = br_ifindex;
	spin_lock_init(&p->lock);
	INIT_LIST_HEAD(&p->frames);
	INIT_DELAYED_WORK(&p->work, vmroam_pacer_work);
	INIT_RCU_WORK(&p->free_work, vmroam_pacer_free);
	if (xa_err(xa_store(&vn->pacers, br_ifindex, p, GFP_KERNEL_ACCOUNT))) {
		kfree(p);
		return NULL;
	}
	return p;
}

static struct vmroam_announce_frame *vmroam_announce_frame(const struct vmroam_binding_key *key,
							   int ifindex)
{
	struct vmroam_announce_frame *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (f) {
		f->key = *key;
		f->ifindex = ifindex;
	}
	return f;
}

/*
 * is the VM a router, for the R flag of its advertisements? Its own NAs said so here, or its
 * port is marked as a router's (untrusted, RA guard off). Under rcu_read_lock()
 */
static bool vmroam_announce_router_rcu(struct vmroam_net *vn, const struct vmroam_binding_key *key,
				       int ifindex)
{
	struct vmroam_binding *b = vmroam_binding_find_rcu(vn, key);
	struct vmroam_port *port = vmroam_port_find_rcu(vn, ifindex);

	if (b && READ_ONCE(b->router))
		return true;
	return port && !READ_ONCE(port->sec.trusted) && !READ_ONCE(port->sec.ra_guard);
}

int vmroam_announce_round(struct vmroam_net *vn, int br_ifindex, int ifindex,
			  const struct vmroam_binding_key *key,
			  const struct vmroam_binding_addrs *a, bool first)
{
	__be32 gw[VMROAM_GATEWAYS_MAX];
	const struct vmroam_gateways *g;
	struct vmroam_announce_frame *f, *tmp;
	struct vmroam_pacer *p;
	LIST_HEAD(frames);
	int i, j, n = 0, n_gw = 0;
	bool router;

	rcu_read_lock();
	g = vmroam_gateways_rcu(vn, br_ifindex);
	if (g) {
		n_gw = g->n;
		memcpy(gw, g->addr, n_gw * sizeof(gw[0]));
	}
	router = vmroam_announce_router_rcu(vn, key, ifindex);
	rcu_read_unlock();

	/* every frame of the round, in the order they go out */
	for (i = 0; i < a->n_ip4; i++) {
		for (j = 0; j < 2 + n_gw; j++) {
			f = vmroam_announce_frame(key, ifindex);
			if (!f)
				goto nomem;
			if (j == 0)
				f->len = vr_build_garp_request(f->data, key->mac,
							       (__force u32)a->ip4[i]);
			else if (j == 1)
				f->len = vr_build_garp_reply(f->data, key->mac,
							     (__force u32)a->ip4[i]);
			else
				f->len = vr_build_arp_request(f->data, key->mac,
							      (__force u32)a->ip4[i],
							      (__force u32)gw[j - 2]);
			list_add_tail(&f->list, &frames);
			n++;
		}
	}
	for (i = 0; i < a->n_ip6; i++) {
		f = vmroam_announce_frame(key, ifindex);
		if (!f)
			goto nomem;
		f->len = vr_build_unsolicited_na(f->data, key->mac, a->ip6[i].s6_addr, router);
		list_add_tail(&f->list, &frames);
		n++;
	}
	if (!a->n_ip4 && !a->n_ip6) {
		f = vmroam_announce_frame(key, ifindex);
		if (!f)
			goto nomem;
		f->len = vr_build_rarp(f->data, key->mac);
		list_add_tail(&f->list, &frames);
		n++;
	}
	list_first_entry(&frames, struct vmroam_announce_frame, list)->first = first;

	/* the frames are built (that may sleep): now the pacer, and no sleep until they are in */
	mutex_lock(&vn->pacers_lock);
	p = vmroam_pacer_get_locked(vn, br_ifindex);
	if (!p) {
		mutex_unlock(&vn->pacers_lock);
		goto nomem;
	}
	spin_lock_bh(&p->lock);
	if (p->dead || p->n_frames + n > VMROAM_PACER_QUEUE_MAX) {
		spin_unlock_bh(&p->lock);
		mutex_unlock(&vn->pacers_lock);
		atomic64_add(n, &vn->announce_dropped);
		n = 0;
		goto free;
	}
	list_splice_tail_init(&frames, &p->frames);
	p->n_frames += n;
	mod_delayed_work(vmroam_wq, &p->work, 0);
	spin_unlock_bh(&p->lock);
	mutex_unlock(&vn->pacers_lock);
	return n;

nomem:
	n = -ENOMEM;
free:
	list_for_each_entry_safe(f, tmp, &frames, list)
		kfree(f);
	return n;
}

void vmroam_announce_bridge_gone(struct vmroam_net *vn, int br_ifindex)
{
	struct vmroam_pacer *p;

	mutex_lock(&vn->pacers_lock);
	p = xa_erase(&vn->pacers, br_ifindex);
	mutex_unlock(&vn->pacers_lock);
	if (!p)
		return;
	spin_lock_bh(&p->lock);
	p->dead = true;
	atomic64_add(p->n_frames, &vn->announce_dropped);
	spin_unlock_bh(&p->lock);
	queue_rcu_work(vmroam_wq, &p->free_work);
}

void vmroam_announce_init_net(struct vmroam_net *vn)
{
	xa_init(&vn->pacers);
	mutex_init(&vn->pacers_lock);
	atomic64_set(&vn->announce_sent, 0);
	atomic64_set(&vn->announce_dropped, 0);
}

/* the namespace is going: no round can be queued any more */
void vmroam_announce_exit_net(struct vmroam_net *vn)
{
	struct vmroam_pacer *p;
	unsigned long i;

	xa_for_each(&vn->pacers, i, p) {
		cancel_delayed_work_sync(&p->work);
		vmroam_pacer_purge(p);
		kfree(p);
	}
	xa_destroy(&vn->pacers);
}
