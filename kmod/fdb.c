// SPDX-License-Identifier: GPL-2.0
/*
 * Moving bridge FDB entries.
 *
 * The hook cannot take RTNL, so it queues a request and a work item does the move. The move goes
 * through the bridge's ndo_fdb_add(), exactly as "bridge fdb replace" does: the bridge sends its
 * RTM_NEWNEIGH notification (bridge monitor, FRR and other controllers see the move), and the
 * entry keeps what the operator made of it: a static entry stays static, a sticky one sticky.
 * Who may change which entry is in fdb.h (enum vmroam_fdb_op): the host's own entries and those
 * of another control plane never move; what the operator pinned, only as far as the request's
 * authority goes; what was refused is counted (fdb_kept). None is created unless fdb_create is
 * set or a sanctioned migration asks for it: on a port with learning off, only what the operator
 * made exists. A VM that left has its entry deleted the same way ("bridge fdb del").
 *
 * An entry on a VXLAN port is the fabric's: FRR's zebra installs the MACs BGP EVPN says are behind
 * other VTEPs there. No frame moves it and no flush deletes it. Only a sanctioned migration takes
 * it over, as the bridge's own learning does the moment the VM speaks here (br_fdb_update(), which
 * the bridge runs for NTF_USE): the entry becomes a dynamic one of the VM's port, no longer
 * extern_learn, and zebra advertises the MAC as local with a higher sequence number before the VM
 * sent anything. A remote MAC the fabric pinned (sticky, static) stays where it is.
 */
#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/moduleparam.h>
#include <linux/neighbour.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <net/netlink.h>
#include <net/vxlan.h>

#include "fdb.h"
#include "netns.h"
#include "stats.h"

static bool fdb_create __read_mostly;
module_param(fdb_create, bool, 0644);
MODULE_PARM_DESC(fdb_create,
		 "Create an FDB entry for a moved MAC that has none (a port with learning off). Default N");

/* requests waiting for the work item; beyond it the bridge's own learning has to do */
#define VMROAM_FDB_PENDING_MAX	1024

struct vmroam_fdb_req {
	struct list_head list;
	enum vmroam_fdb_op op;
	int br_ifindex;
	int port_ifindex;
	u8 mac[ETH_ALEN];
	u16 vid;
	u64 t0;
};

void vmroam_fdb_request(struct vmroam_net *vn, enum vmroam_fdb_op op, int br_ifindex,
			int port_ifindex, const u8 *mac, u16 vid, u64 t0)
{
	struct vmroam_fdb_req *req;

	if (atomic_inc_return(&vn->fdb_pending) > VMROAM_FDB_PENDING_MAX)
		goto drop;
	req = kmalloc(sizeof(*req), GFP_ATOMIC);
	if (!req)
		goto drop;
	req->op = op;
	req->br_ifindex = br_ifindex;
	req->port_ifindex = port_ifindex;
	ether_addr_copy(req->mac, mac);
	req->vid = vid;
	req->t0 = t0;
	spin_lock_bh(&vn->fdb_lock);
	list_add_tail(&req->list, &vn->fdb_reqs);
	spin_unlock_bh(&vn->fdb_lock);
	queue_work(system_unbound_wq, &vn->fdb_work);
	return;
drop:
	atomic_dec(&vn->fdb_pending);
	atomic64_inc(&vn->fdb_dropped);
}

/* the entry's NUD state and NTF flags, read with the bridge's ndo_fdb_get(); RTNL held */
static int vmroam_fdb_state_rtnl(struct net_device *br, const u8 *mac, u16 vid, u16 *state,
				 u8 *flags)
{
	struct nlattr *tb[NDA_MAX + 1] = {};
	struct sk_buff *skb;
	struct ndmsg *ndm;
	int err;

	if (!br->netdev_ops->ndo_fdb_get)
		return -EOPNOTSUPP;
	skb = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	err = br->netdev_ops->ndo_fdb_get(skb, tb, br, mac, vid, 0, 0, NULL);
	if (!err) {
		ndm = nlmsg_data(nlmsg_hdr(skb));
		*state = ndm->ndm_state;
		*flags = ndm->ndm_flags;
	}
	kfree_skb(skb);
	return err;
}

/* the entry's owner says no to this request? @fabric: it points at a VXLAN port */
static bool vmroam_fdb_owned(enum vmroam_fdb_op op, u16 state, u8 flags, bool fabric)
{
	if (state & NUD_PERMANENT)
		return true;
	if (fabric)
		return op != VMROAM_FDB_MIGRATE || (state & NUD_NOARP) || (flags & NTF_STICKY);
	if (flags & NTF_EXT_LEARNED)
		return true;
	switch (op) {
	case VMROAM_FDB_MOVE:
	case VMROAM_FDB_FLUSH:
		return (state & NUD_NOARP) || (flags & NTF_STICKY);
	case VMROAM_FDB_MOVE_TRUSTED:
		return flags & NTF_STICKY;
	default:		/* a sanction, or the operator's word that the VM left */
		return false;
	}
}

/*
 * The VM left port req->port_ifindex: its entry goes while it still points there (not once the
 * bridge learnt the VM elsewhere), if @op may delete it. A sanctioned migration asks with
 * from_ifindex 0: wherever it points.
 */
static void vmroam_fdb_flush_rtnl(struct vmroam_net *vn, struct net_device *br,
				  const struct vmroam_fdb_req *req, enum vmroam_fdb_op op,
				  int from_ifindex)
{
	struct nlattr *tb[NDA_MAX + 1] = {};
	struct ndmsg ndm = { .ndm_family = AF_BRIDGE, .ndm_flags = NTF_MASTER };
	struct net_device *cur;
	u8 flags;

	cur = br_fdb_find_port(br, req->mac, req->vid);
	if (!cur || (from_ifindex && cur->ifindex != from_ifindex) ||
	    !br->netdev_ops->ndo_fdb_del)
		return;
	if (vmroam_fdb_state_rtnl(br, req->mac, req->vid, &ndm.ndm_state, &flags))
		return;
	if (vmroam_fdb_owned(op, ndm.ndm_state, flags, netif_is_vxlan(cur))) {
		atomic64_inc(&vn->fdb_kept);
		return;
	}
	br->netdev_ops->ndo_fdb_del(&ndm, tb, cur, req->mac, req->vid, NULL);
}

static void vmroam_fdb_move_rtnl(struct vmroam_net *vn, const struct vmroam_fdb_req *req)
{
	struct nlattr *tb[NDA_MAX + 1] = {};
	struct net_device *port, *br, *cur;
	struct ndmsg ndm = {
		.ndm_family = AF_BRIDGE,
		.ndm_flags = NTF_MASTER,
	};
	bool migrate = req->op == VMROAM_FDB_MIGRATE;
	u16 nlflags = NLM_F_REPLACE, state;
	bool fabric;
	u8 flags;

	if (req->op == VMROAM_FDB_FLUSH || req->op == VMROAM_FDB_FLUSH_OUT) {
		br = __dev_get_by_index(vn->net, req->br_ifindex);
		if (br && netif_is_bridge_master(br))
			vmroam_fdb_flush_rtnl(vn, br, req, req->op, req->port_ifindex);
		return;
	}
	port = __dev_get_by_index(vn->net, req->port_ifindex);
	if (!port || !netif_is_bridge_port(port))
		return;
	br = netdev_master_upper_dev_get(port);
	if (!br || br->ifindex != req->br_ifindex || !br->netdev_ops->ndo_fdb_add)
		return;

	cur = br_fdb_find_port(br, req->mac, req->vid);
	if (cur == port)		/* already there: the bridge learnt it */
		return;
	/* the entry as it is, also one of the host's that points at no port */
	if (!vmroam_fdb_state_rtnl(br, req->mac, req->vid, &state, &flags)) {
		fabric = cur && netif_is_vxlan(cur);
		if (!cur || vmroam_fdb_owned(req->op, state, flags, fabric)) {
			atomic64_inc(&vn->fdb_kept);
			return;
		}
		/* a static entry stays static, a sticky one sticky; a dynamic one is fresh now */
		ndm.ndm_state = state & NUD_NOARP ? NUD_NOARP : NUD_REACHABLE;
		ndm.ndm_flags |= flags & NTF_STICKY;
		/* the fabric's remote MAC: learnt here as a frame of the VM would have it */
		if (fabric)
			ndm.ndm_flags |= NTF_USE;
	} else {
		if (!migrate && !READ_ONCE(fdb_create))
			return;
		ndm.ndm_state = NUD_REACHABLE;
		nlflags |= NLM_F_CREATE;
		cur = NULL;
	}
	ndm.ndm_ifindex = port->ifindex;
	/*
	 * Without a VLAN on a bridge whose ports have VLANs the bridge also tries every VLAN of the
	 * port and may fail on those: whether the entry moved is what counts.
	 */
	br->netdev_ops->ndo_fdb_add(&ndm, tb, port, req->mac, req->vid, nlflags, NULL);
	if (br_fdb_find_port(br, req->mac, req->vid) != port) {
		/* a port that is not forwarding yet takes no dynamic entry: flood meanwhile */
		if (migrate && cur && !(ndm.ndm_state & NUD_NOARP))
			vmroam_fdb_flush_rtnl(vn, br, req, VMROAM_FDB_FLUSH, 0);
		return;
	}
	atomic64_inc(&vn->fdb_moves);
	vmroam_latency_record(&vn->fdb_latency, ktime_get_ns() - req->t0);
}

static void vmroam_fdb_work(struct work_struct *work)
{
	struct vmroam_net *vn = container_of(work, struct vmroam_net, fdb_work);
	struct vmroam_fdb_req *req, *tmp;
	LIST_HEAD(reqs);

	spin_lock_bh(&vn->fdb_lock);
	list_splice_init(&vn->fdb_reqs, &reqs);
	spin_unlock_bh(&vn->fdb_lock);
	if (list_empty(&reqs))
		return;

	rtnl_lock();
	list_for_each_entry_safe(req, tmp, &reqs, list) {
		vmroam_fdb_move_rtnl(vn, req);
		list_del(&req->list);
		kfree(req);
		atomic_dec(&vn->fdb_pending);
	}
	rtnl_unlock();
}

void vmroam_fdb_init_net(struct vmroam_net *vn)
{
	spin_lock_init(&vn->fdb_lock);
	INIT_LIST_HEAD(&vn->fdb_reqs);
	INIT_WORK(&vn->fdb_work, vmroam_fdb_work);
	atomic_set(&vn->fdb_pending, 0);
}

/* the hook is gone: no new request can come */
void vmroam_fdb_exit_net(struct vmroam_net *vn)
{
	struct vmroam_fdb_req *req, *tmp;

	cancel_work_sync(&vn->fdb_work);
	list_for_each_entry_safe(req, tmp, &vn->fdb_reqs, list)
		kfree(req);
}
