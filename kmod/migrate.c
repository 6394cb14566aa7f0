// SPDX-License-Identifier: GPL-2.0
/*
 * Sanctioned migrations.
 *
 * A per-namespace table of sanctions by (MAC, VLAN): pending ones wait for their VM, activated
 * ones announce it, finished and expired ones stay a while for "vmroam migrate show". The hook
 * looks a frame's source up only while some sanction is pending (one atomic read otherwise), and
 * activates with a compare-and-exchange on the state: everything that follows (binding, FDB,
 * neighbours, announcement rounds) happens in the migration's work item.
 *
 * Lifetime: the table and the list change under migrations_lock (a mutex: only process context
 * changes them). A migration taken out of the table is marked GONE, so that neither the hook nor
 * its work item acts on it any more, and freed by an RCU work: after a grace period no hook can
 * still hold it, and the free cancels its work item before freeing.
 */
#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/vmroam.h>
#include <net/netlink.h>

#include "announce.h"
#include "event.h"
#include "fdb.h"
#include "frame.h"
#include "migrate.h"
#include "neigh.h"
#include "netns.h"

static unsigned int migrate_timeout __read_mostly = 600;
module_param(migrate_timeout, uint, 0644);
MODULE_PARM_DESC(migrate_timeout,
		 "Seconds a sanctioned migration waits for its VM before it expires, unless the sanction says otherwise. Default 600");

static unsigned int max_migrations __read_mostly = 1024;
module_param(max_migrations, uint, 0644);
MODULE_PARM_DESC(max_migrations,
		 "Sanctions kept per network namespace, pending and recent; the oldest finished one makes room for a new one. Default 1024");

#define VMROAM_ANNOUNCE_ROUNDS_MAX	16
static unsigned int announce_ms[VMROAM_ANNOUNCE_ROUNDS_MAX] = { 0, 50, 200, 450, 800 };
static unsigned int announce_rounds = 5;
module_param_array(announce_ms, uint, &announce_rounds, 0644);
MODULE_PARM_DESC(announce_ms,
		 "When each announcement round goes out, in ms after activation; as many rounds as values (at most 16). Default 0,50,200,450,800, as QEMU's own RARPs");

/* how long a finished or expired migration stays listed */
#define VMROAM_MIGRATION_KEEP	(600 * HZ)

static const struct rhashtable_params vmroam_migration_params = {
	.head_offset = offsetof(struct vmroam_migration, node),
	.key_offset = offsetof(struct vmroam_migration, key),
	.key_len = sizeof(struct vmroam_binding_key),
	.automatic_shrinking = true,
};

static void vmroam_migration_free(struct work_struct *work)
{
	struct vmroam_migration *m = container_of(to_rcu_work(work), struct vmroam_migration,
						  free_work);

	cancel_delayed_work_sync(&m->work);
	kfree(m);
}

/* out of the table, then freed after a grace period; migrations_lock held */
static void vmroam_migration_unlink(struct vmroam_net *vn, struct vmroam_migration *m)
{
	rhashtable_remove_fast(&vn->migrations, &m->node, vmroam_migration_params);
	list_del(&m->list);
	vn->n_migrations--;
	if (atomic_xchg(&m->state, VMROAM_MIGRATION_GONE) == VMROAM_MIGRATION_PENDING)
		atomic_dec(&vn->migrations_pending);
	queue_rcu_work(vmroam_wq, &m->free_work);
}

/* room for one more: the oldest finished migration goes; migrations_lock held */
static bool vmroam_migration_make_room(struct vmroam_net *vn)
{
	struct vmroam_migration *m;
	int state;

	if (vn->n_migrations < READ_ONCE(max_migrations))
		return true;
	list_for_each_entry(m, &vn->migrations_list, list) {
		state = atomic_read(&m->state);
		if (state == VMROAM_MIGRATION_DONE || state == VMROAM_MIGRATION_EXPIRED) {
			vmroam_migration_unlink(vn, m);
			return true;
		}
	}
	return false;
}

static unsigned long vmroam_ns_to_jiffies_after(u64 t)
{
	u64 now = ktime_get_ns();

	return t > now ? nsecs_to_jiffies(t - now) : 0;
}

/*
 * The binding goes to the sanctioned port with the sanction's addresses and lease: at once, in
 * the hook, so that port security accepts the VM's next frames (any context)
 */
static void vmroam_migration_bind(struct vmroam_net *vn, struct vmroam_migration *m)
{
	vmroam_binding_set(vn, &m->key, m->ifindex, VMROAM_ORIGIN_MIGRATED, &m->addrs, m->lease);
}

/* the VM is here: binding, FDB and neighbour entries follow it to its port */
static void vmroam_migration_activate(struct vmroam_net *vn, struct vmroam_migration *m,
				      struct net_device *br)
{
	struct vmroam_binding_addrs a = m->addrs;

	/* the hook did this already for a first frame: again does no harm */
	vmroam_migration_bind(vn, m);
	/* the addresses the binding had here before count too */
	vmroam_binding_addrs(vn, &m->key, &a);
	m->addrs.n_ip4 = a.n_ip4;
	m->addrs.n_ip6 = a.n_ip6;
	memcpy(m->addrs.ip4, a.ip4, sizeof(a.ip4));
	memcpy(m->addrs.ip6, a.ip6, sizeof(a.ip6));
	memcpy(m->addrs.origin6, a.origin6, sizeof(a.origin6));
	memcpy(m->addrs.valid6, a.valid6, sizeof(a.valid6));

	vmroam_fdb_request(vn, VMROAM_FDB_MIGRATE, br->ifindex, m->ifindex, m->key.mac,
			   m->key.vlan, m->activated);
	vmroam_neigh_follow_rcu(vn, br, m->key.vlan, m->key.mac, &m->addrs, true,
				m->activated);
	atomic64_inc(&vn->migrations_activated);
}

static void vmroam_migration_work(struct work_struct *work)
{
	struct vmroam_migration *m = container_of(to_delayed_work(work), struct vmroam_migration,
						  work);
	struct vmroam_net *vn = m->vn;
	struct vmroam_event ev = { .type = VMROAM_EVENT_EXPIRED, .sanction = true };
	struct net_device *port, *br;
	unsigned int rounds, delay;
	int br_ifindex = 0, n;

	switch (atomic_read(&m->state)) {
	case VMROAM_MIGRATION_PENDING:
		/* the timeout passed; unless the VM came meanwhile */
		if (atomic_cmpxchg(&m->state, VMROAM_MIGRATION_PENDING,
				   VMROAM_MIGRATION_EXPIRED) != VMROAM_MIGRATION_PENDING)
			break;
		atomic_dec(&vn->migrations_pending);
		ev.key = m->key;
		ev.ifindex = m->ifindex;
		ev.addrs = &m->addrs;
		vmroam_event(vn, &ev);
		queue_delayed_work(vmroam_wq, &m->work, VMROAM_MIGRATION_KEEP);
		return;
	case VMROAM_MIGRATION_ANNOUNCING:
		break;
	case VMROAM_MIGRATION_DONE:
	case VMROAM_MIGRATION_EXPIRED:
		/* kept long enough */
		mutex_lock(&vn->migrations_lock);
		if (atomic_read(&m->state) != VMROAM_MIGRATION_GONE)
			vmroam_migration_unlink(vn, m);
		mutex_unlock(&vn->migrations_lock);
		return;
	default:		/* gone */
		return;
	}
	/* "migrate show" reads what changes here */
	mutex_lock(&vn->migrations_lock);
	rcu_read_lock();
	port = dev_get_by_index_rcu(vn->net, m->ifindex);
	br = port ? netdev_master_upper_dev_get_rcu(port) : NULL;
	if (br && netif_is_bridge_master(br)) {
		br_ifindex = br->ifindex;
		if (!m->rounds) {
			vmroam_migration_activate(vn, m, br);
			/* a port without carrier takes no dynamic entry: see port_up_rtnl */
			m->fdb_later = !netif_running(port) || !netif_carrier_ok(port);
		}
	}
	rcu_read_unlock();

	kernel_param_lock(THIS_MODULE);
	rounds = min_t(unsigned int, announce_rounds, VMROAM_ANNOUNCE_ROUNDS_MAX);
	delay = m->rounds + 1 < rounds ? announce_ms[m->rounds + 1] : 0;
	kernel_param_unlock(THIS_MODULE);

	if (br_ifindex && m->rounds < rounds) {
		n = vmroam_announce_round(vn, br_ifindex, m->ifindex, &m->key, &m->addrs,
					  !m->rounds);
		if (n > 0)
			m->frames += n;
	}
	m->rounds++;
	mutex_unlock(&vn->migrations_lock);

	/* every round sent; or no port or bridge any more: nothing to announce out of */
	if (!br_ifindex || m->rounds >= rounds) {
		if (!br_ifindex || !rounds)	/* no frame will report it */
			vmroam_migration_announced(vn, &m->key, 0);
		atomic_cmpxchg(&m->state, VMROAM_MIGRATION_ANNOUNCING, VMROAM_MIGRATION_DONE);
		queue_delayed_work(vmroam_wq, &m->work, VMROAM_MIGRATION_KEEP);
		return;
	}
	queue_delayed_work(vmroam_wq, &m->work,
			   vmroam_ns_to_jiffies_after(m->activated + (u64)delay * NSEC_PER_MSEC));
}

void vmroam_migrations_port_up_rtnl(struct vmroam_net *vn, struct net_device *port)
{
	struct net_device *br = netdev_master_upper_dev_get(port);
	struct vmroam_migration *m;

	if (!br || !netif_is_bridge_master(br))
		return;
	mutex_lock(&vn->migrations_lock);
	list_for_each_entry(m, &vn->migrations_list, list) {
		if (m->ifindex != port->ifindex || !m->fdb_later)
			continue;
		m->fdb_later = false;
		vmroam_fdb_request(vn, VMROAM_FDB_MIGRATE, br->ifindex, m->ifindex, m->key.mac,
				   m->key.vlan, m->activated);
	}
	mutex_unlock(&vn->migrations_lock);
}

void vmroam_migration_announced(struct vmroam_net *vn, const struct vmroam_binding_key *key,
				u64 t)
{
	struct vmroam_event ev = { .type = VMROAM_EVENT_MIGRATED };
	struct vmroam_migration *m;

	rcu_read_lock();
	m = rhashtable_lookup(&vn->migrations, key, vmroam_migration_params);
	if (!m || READ_ONCE(m->announced) || !READ_ONCE(m->activated)) {
		rcu_read_unlock();
		return;
	}
	WRITE_ONCE(m->announced, t ? t : ktime_get_ns());
	ev.key = m->key;
	ev.ifindex = m->ifindex;
	ev.origin = VMROAM_ORIGIN_MIGRATED + 1;
	ev.addrs = &m->addrs;
	ev.activated = m->activated - m->sanctioned;
	ev.announced = t ? t - m->sanctioned : 0;
	vmroam_event(vn, &ev);
	rcu_read_unlock();
}

/* IPv6 all-nodes (ff02::1) as an Ethernet group address (RFC 2464 7) */
static const u8 vmroam_all_nodes_mac[ETH_ALEN] __aligned(2) = {
	0x33, 0x33, 0x00, 0x00, 0x00, 0x01
};

/*
 * Is @fr the VM announcing itself, as "activate announce" asks: a RARP request (QEMU's
 * self-announce, which names the VM as sender and as target), a gratuitous ARP request or reply
 * (sender IP == target IP != 0: an RFC 5227 announcement; a probe, from 0.0.0.0, announces
 * nothing) or an unsolicited NA to all nodes? Only when the MAC the frame names is its Ethernet
 * source (fr->evidence), which the lookup by fr->src made the sanctioned one. Everything else the
 * MAC may send here before the handover (a stack that leaks it on the destination, a DHCP
 * request, data) is no announcement.
 */
static bool vmroam_frame_announces(const struct vmroam_frame *fr)
{
	if (!fr->evidence)
		return false;
	switch (fr->type) {
	case VMROAM_FT_RARP_REQUEST:
		return ether_addr_equal(fr->pkt.tha, fr->src);
	case VMROAM_FT_ARP_GARP_REQUEST:
	case VMROAM_FT_ARP_GARP_REPLY:
		return true;
	case VMROAM_FT_ND_NA_UNSOLICITED:
		return ether_addr_equal(fr->pkt.eth_dst, vmroam_all_nodes_mac);
	default:
		return false;
	}
}

void vmroam_migrate_frame_rcu(struct vmroam_net *vn, const struct vmroam_frame *fr)
{
	struct vmroam_binding_key key = { .vlan = fr->vid };
	struct vmroam_migration *m;

	ether_addr_copy(key.mac, fr->src);
	m = rhashtable_lookup(&vn->migrations, &key, vmroam_migration_params);
	if (!m || m->ifindex != fr->skb->dev->ifindex)
		return;
	/* m->activate is set before the migration enters the table and never changes */
	if (m->activate == VMROAM_ACTIVATE_ANNOUNCE && !vmroam_frame_announces(fr))
		return;
	if (atomic_cmpxchg(&m->state, VMROAM_MIGRATION_PENDING,
			   VMROAM_MIGRATION_ANNOUNCING) != VMROAM_MIGRATION_PENDING)
		return;
	WRITE_ONCE(m->activated, ktime_get_ns());
	atomic_dec(&vn->migrations_pending);
	vmroam_migration_bind(vn, m);
	mod_delayed_work(vmroam_wq, &m->work, 0);
}

bool vmroam_migration_sanctioned_rcu(struct vmroam_net *vn, const struct vmroam_binding_key *key,
				     int ifindex)
{
	struct vmroam_migration *m;
	int state;

	m = rhashtable_lookup(&vn->migrations, key, vmroam_migration_params);
	if (!m || m->ifindex != ifindex)
		return false;
	state = atomic_read(&m->state);
	return state == VMROAM_MIGRATION_PENDING || state == VMROAM_MIGRATION_ANNOUNCING ||
	       state == VMROAM_MIGRATION_DONE;
}

int vmroam_migration_add(struct vmroam_net *vn, const struct vmroam_sanction *s,
			 struct netlink_ext_ack *extack)
{
	struct vmroam_migration *m, *old;
	int err;

	m = kzalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
	if (!m)
		return -ENOMEM;
	m->vn = vn;
	m->key = s->key;
	m->ifindex = s->ifindex;
	m->activate = s->activate;
	m->timeout = s->timeout ? s->timeout : READ_ONCE(migrate_timeout);
	m->lease = s->lease;
	m->addrs = s->addrs;
	m->sanctioned = ktime_get_ns();
	INIT_DELAYED_WORK(&m->work, vmroam_migration_work);
	INIT_RCU_WORK(&m->free_work, vmroam_migration_free);

	mutex_lock(&vn->migrations_lock);
	/* a new sanction of the same VM replaces the one before */
	old = rhashtable_lookup_fast(&vn->migrations, &m->key, vmroam_migration_params);
	if (old)
		vmroam_migration_unlink(vn, old);
	if (!vmroam_migration_make_room(vn)) {
		NL_SET_ERR_MSG(extack, "too many pending migrations (max_migrations)");
		err = -ENOSPC;
		goto err;
	}
	if (s->activate == VMROAM_ACTIVATE_NOW) {
		atomic_set(&m->state, VMROAM_MIGRATION_ANNOUNCING);
		m->activated = m->sanctioned;
	} else {
		atomic_set(&m->state, VMROAM_MIGRATION_PENDING);
	}
	err = rhashtable_insert_fast(&vn->migrations, &m->node, vmroam_migration_params);
	if (err)
		goto err;
	m->seq = ++vn->migrations_seq;
	list_add_tail(&m->list, &vn->migrations_list);
	vn->n_migrations++;
	if (s->activate == VMROAM_ACTIVATE_NOW) {
		queue_delayed_work(vmroam_wq, &m->work, 0);
	} else {
		atomic_inc(&vn->migrations_pending);
		queue_delayed_work(vmroam_wq, &m->work, (unsigned long)m->timeout * HZ);
	}
	mutex_unlock(&vn->migrations_lock);
	return 0;

err:
	mutex_unlock(&vn->migrations_lock);
	kfree(m);
	return err;
}

int vmroam_migration_del(struct vmroam_net *vn, const u8 *mac, int vlan)
{
	struct vmroam_migration *m, *tmp;
	int err = -ENOENT;

	mutex_lock(&vn->migrations_lock);
	list_for_each_entry_safe(m, tmp, &vn->migrations_list, list) {
		if (!ether_addr_equal(m->key.mac, mac) || (vlan >= 0 && m->key.vlan != vlan))
			continue;
		vmroam_migration_unlink(vn, m);
		err = 0;
	}
	mutex_unlock(&vn->migrations_lock);
	return err;
}

static u64 vmroam_ns_since(u64 t0, u64 t)
{
	return t ? t - t0 : 0;
}

int vmroam_migration_list(struct vmroam_net *vn, u64 after, struct vmroam_migration_info *out,
			  int max)
{
	struct vmroam_migration *m;
	u64 now = ktime_get_ns(), end;
	int n = 0;

	mutex_lock(&vn->migrations_lock);
	list_for_each_entry(m, &vn->migrations_list, list) {
		if (m->seq <= after)
			continue;
		if (n == max)
			break;
		out[n].seq = m->seq;
		out[n].key = m->key;
		out[n].ifindex = m->ifindex;
		out[n].activate = m->activate;
		out[n].state = atomic_read(&m->state);
		out[n].timeout = m->timeout;
		out[n].lease = m->lease;
		out[n].addrs = m->addrs;
		out[n].age_ms = div_u64(now - m->sanctioned, NSEC_PER_MSEC);
		end = m->sanctioned + (u64)m->timeout * NSEC_PER_SEC;
		out[n].expires_ms = end > now ? div_u64(end - now, NSEC_PER_MSEC) : 0;
		out[n].activated = READ_ONCE(m->activated);
		out[n].announced = READ_ONCE(m->announced);
		out[n].activated_ns = vmroam_ns_since(m->sanctioned, READ_ONCE(m->activated));
		out[n].announced_ns = vmroam_ns_since(m->sanctioned, READ_ONCE(m->announced));
		out[n].rounds = m->rounds;
		out[n].frames = m->frames;
		n++;
	}
	mutex_unlock(&vn->migrations_lock);
	return n;
}

int vmroam_migrate_init_net(struct vmroam_net *vn)
{
	mutex_init(&vn->migrations_lock);
	INIT_LIST_HEAD(&vn->migrations_list);
	vn->n_migrations = 0;
	vn->migrations_seq = 0;
	atomic_set(&vn->migrations_pending, 0);
	atomic64_set(&vn->migrations_activated, 0);
	return rhashtable_init(&vn->migrations, &vmroam_migration_params);
}

/*
 * The hook is gone and a grace period has passed: every migration goes, and every work item of
 * theirs has run or been cancelled. The table itself stays for the announcement queues, whose
 * work items look into it, until vmroam_migrate_destroy_net().
 */
void vmroam_migrate_exit_net(struct vmroam_net *vn)
{
	struct vmroam_migration *m, *tmp;

	mutex_lock(&vn->migrations_lock);
	list_for_each_entry_safe(m, tmp, &vn->migrations_list, list)
		vmroam_migration_unlink(vn, m);
	mutex_unlock(&vn->migrations_lock);
	/* the RCU works above, then every work item they wait for */
	rcu_barrier();
	flush_workqueue(vmroam_wq);
}

void vmroam_migrate_destroy_net(struct vmroam_net *vn)
{
	rhashtable_destroy(&vn->migrations);
}
