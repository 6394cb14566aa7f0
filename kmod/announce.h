/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Announcements on a migrated VM's behalf, out of every other port of its bridge, paced per
 * bridge (and so per port: every announcement goes out of every port) so that switches running
 * ARP inspection never shut a port.
 */
#ifndef _VMROAM_ANNOUNCE_H
#define _VMROAM_ANNOUNCE_H

#include <linux/in6.h>
#include <linux/types.h>

#include "binding.h"

struct vmroam_net;

/*
 * Queue one round for the VM @key (its port @ifindex on bridge @br_ifindex, which it is not sent
 * out of): a gratuitous ARP request and reply per IPv4 address and an ARP request to each
 * gateway of the bridge, an unsolicited NA per IPv6 address, a RARP when there is no address.
 * With @first, the first frame's transmission is reported to vmroam_migration_announced().
 * Process context. Returns the frames queued.
 */
int vmroam_announce_round(struct vmroam_net *vn, int br_ifindex, int ifindex,
			  const struct vmroam_binding_key *key,
			  const struct vmroam_binding_addrs *a, bool first);

/* a bridge went away (RTNL): its queue goes */
void vmroam_announce_bridge_gone(struct vmroam_net *vn, int br_ifindex);

void vmroam_announce_init_net(struct vmroam_net *vn);
void vmroam_announce_exit_net(struct vmroam_net *vn);

#endif /* _VMROAM_ANNOUNCE_H */
