/* SPDX-License-Identifier: GPL-2.0 */
/* Names of the frame types: part of the user interface, shared by the module and the CLI. */
#ifndef VR_CORE_FRAME_TYPE_H
#define VR_CORE_FRAME_TYPE_H

#include <linux/vmroam.h>

/* "arp_garp_request" for VMROAM_FT_ARP_GARP_REQUEST...; NULL when @type is out of range */
const char *vr_frame_type_name(int type);

/* the type called @name, or -1 */
int vr_frame_type_from_name(const char *name);

#endif /* VR_CORE_FRAME_TYPE_H */
