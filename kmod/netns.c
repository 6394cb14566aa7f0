// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state and its lifetime.
 *
 * The hook is registered in every namespace when the namespace (or the module) comes up and is
 * taken out in pre_exit: the core then waits for an RCU grace period before calling exit, so by
 * the time exit frees the counters and the port table no CPU can still be inside the hook.
 */
#include <linux/netfilter_bridge.h>
#include <net/netns/generic.h>

#include "announce.h"
#include "binding.h"
#include "bridge.h"
#include "event.h"
#include "fdb.h"
#include "gateway.h"
#include "hook.h"
#include "local.h"
#include "migrate.h"
#include "netns.h"
#include "policy.h"
#include "port.h"
#include "stats.h"

static unsigned int vmroam_net_id __read_mostly;

struct vmroam_net *vmroam_net(const struct net *net)
{
	return net_generic(net, vmroam_net_id);
}

static int __net_init vmroam_net_init(struct net *net)
{
	struct vmroam_net *vn = vmroam_net(net);
	int err;

	vn->net = net;
	/* empty until this namespace has a bridge: nothing to undo on the error paths */
	vmroam_local_init_net(vn);
	vn->stats = vmroam_stats_alloc();
	if (!vn->stats)
		return -ENOMEM;
	err = vmroam_port_table_init(vn);
	if (err)
		goto err_stats;
	err = vmroam_binding_init_net(vn);
	if (err)
		goto err_ports;
	err = vmroam_migrate_init_net(vn);
	if (err)
		goto err_bindings_only;
	vmroam_policy_init_net(vn);
	vmroam_bridge_init_net(vn);
	vmroam_fdb_init_net(vn);
	vmroam_gateways_init_net(vn);
	vmroam_announce_init_net(vn);
	vmroam_event_init_net(vn);
	atomic64_set(&vn->departures, 0);
	atomic_set(&vn->n_guarded, 0);
	atomic_set(&vn->n_frozen, 0);

	vn->hook_ops = (struct nf_hook_ops) {
		.hook = vmroam_hook,
		.priv = vn,
		.pf = NFPROTO_BRIDGE,
		.hooknum = NF_BR_PRE_ROUTING,
		/* before br_netfilter and nftables: each frame is seen once, first, untouched */
		.priority = NF_BR_PRI_FIRST,
	};
	err = nf_register_net_hook(net, &vn->hook_ops);
	if (err)
		goto err_bindings;
	return 0;

err_bindings:
	vmroam_migrate_exit_net(vn);
	vmroam_announce_exit_net(vn);
	vmroam_migrate_destroy_net(vn);
	vmroam_gateways_exit_net(vn);
	vmroam_fdb_exit_net(vn);
	vmroam_bridge_exit_net(vn);
	vmroam_policy_exit_net(vn);
err_bindings_only:
	vmroam_binding_exit_net(vn);
err_ports:
	vmroam_port_table_destroy(vn);
err_stats:
	vmroam_stats_free(vn->stats);
	return err;
}

static void __net_exit vmroam_net_pre_exit(struct net *net)
{
	nf_unregister_net_hook(net, &vmroam_net(net)->hook_ops);
}

static void __net_exit vmroam_net_exit(struct net *net)
{
	struct vmroam_net *vn = vmroam_net(net);

	/* migrations first: their work items queue announcements and FDB changes */
	vmroam_migrate_exit_net(vn);
	vmroam_announce_exit_net(vn);
	vmroam_migrate_destroy_net(vn);
	vmroam_gateways_exit_net(vn);
	vmroam_fdb_exit_net(vn);
	vmroam_bridge_exit_net(vn);
	vmroam_policy_exit_net(vn);
	vmroam_binding_exit_net(vn);
	vmroam_local_exit_net(vn);
	vmroam_port_table_destroy(vn);
	vmroam_stats_free(vn->stats);
}

static struct pernet_operations vmroam_net_ops = {
	.init = vmroam_net_init,
	.pre_exit = vmroam_net_pre_exit,
	.exit = vmroam_net_exit,
	.id = &vmroam_net_id,
	.size = sizeof(struct vmroam_net),
};

int vmroam_netns_init(void)
{
	return register_pernet_subsys(&vmroam_net_ops);
}

void vmroam_netns_exit(void)
{
	unregister_pernet_subsys(&vmroam_net_ops);
}
