// SPDX-License-Identifier: GPL-2.0
/*
 * vmroam: keeps a bridge's forwarding database and the host's neighbour cache right when a VM
 * moves between hypervisors. This file only wires the pieces together; see README.md.
 */
#include <linux/module.h>
#include <linux/vmroam.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>

#include "binding.h"
#include "local.h"
#include "netlink.h"
#include "netns.h"
#include "port.h"

struct workqueue_struct *vmroam_wq __read_mostly;

static int __init vmroam_init(void)
{
	int err;

	err = vmroam_binding_cache_init();
	if (err)
		return err;
	vmroam_wq = alloc_workqueue("vmroam", WQ_UNBOUND, 0);
	if (!vmroam_wq) {
		err = -ENOMEM;
		goto err_cache;
	}
	/*
	 * state and hook in every namespace, then the ports and the bridges' addresses that
	 * already exist, then user space
	 */
	err = vmroam_netns_init();
	if (err)
		goto err_wq;
	err = vmroam_port_notifier_init();
	if (err)
		goto err_netns;
	err = vmroam_local_init();
	if (err)
		goto err_port;
	err = vmroam_netlink_init();
	if (err)
		goto err_local;
	return 0;

err_local:
	vmroam_local_exit();
err_port:
	vmroam_port_notifier_exit();
err_netns:
	vmroam_netns_exit();
err_wq:
	rcu_barrier();		/* RCU works still to be queued, bindings still to be freed */
	destroy_workqueue(vmroam_wq);
err_cache:
	vmroam_binding_cache_exit();
	return err;
}

static void __exit vmroam_exit(void)
{
	vmroam_netlink_exit();
	vmroam_local_exit();
	vmroam_port_notifier_exit();
	vmroam_netns_exit();
	rcu_barrier();		/* RCU works still to be queued, bindings still to be freed */
	destroy_workqueue(vmroam_wq);
	vmroam_binding_cache_exit();
}

module_init(vmroam_init);
module_exit(vmroam_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Normalised VM migration announcements and port security for Linux bridges");
MODULE_AUTHOR("vmroam developers");
MODULE_ALIAS_GENL_FAMILY(VMROAM_GENL_NAME);
