/* SPDX-License-Identifier: GPL-2.0 */
/* The "vmroam" generic netlink family (commands and attributes: uapi/linux/vmroam.h). */
#ifndef _VMROAM_NETLINK_H
#define _VMROAM_NETLINK_H

int vmroam_netlink_init(void);
void vmroam_netlink_exit(void);

#endif /* _VMROAM_NETLINK_H */
