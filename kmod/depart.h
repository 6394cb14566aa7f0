/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Departures, the "ARP leave" the protocols lack: when a VM's port goes down or away, or the
 * management plane says the VM left ("vmroam migrate out"), what it left behind goes at once.
 */
#ifndef _VMROAM_DEPART_H
#define _VMROAM_DEPART_H

#include <linux/types.h>

struct net_device;
struct vmroam_net;

/* every VM on @port (of bridge @br) left: RTNL held (the netdevice notifier) */
void vmroam_depart_port_rtnl(struct vmroam_net *vn, struct net_device *br,
			     struct net_device *port);

/* the VM @mac left, in VLAN @vlan or in every VLAN (@vlan < 0); -ENOENT when not known here */
int vmroam_depart_mac(struct vmroam_net *vn, const u8 *mac, int vlan);

#endif /* _VMROAM_DEPART_H */
