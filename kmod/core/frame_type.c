// SPDX-License-Identifier: GPL-2.0
#include "frame_type.h"

static const char *const vr_frame_type_names[VMROAM_FT_COUNT] = {
	[VMROAM_FT_ARP_GARP_REQUEST]	= "arp_garp_request",
	[VMROAM_FT_ARP_GARP_REPLY]	= "arp_garp_reply",
	[VMROAM_FT_ARP_PROBE]		= "arp_probe",
	[VMROAM_FT_ARP_REQUEST_LOCAL]	= "arp_request_local",
	[VMROAM_FT_ARP_REQUEST_OTHER]	= "arp_request_other",
	[VMROAM_FT_ARP_REPLY_LOCAL]	= "arp_reply_local",
	[VMROAM_FT_ARP_REPLY_OTHER]	= "arp_reply_other",
	[VMROAM_FT_ARP_REPLY_BROADCAST]	= "arp_reply_broadcast",
	[VMROAM_FT_RARP_REQUEST]	= "rarp_request",
	[VMROAM_FT_RARP_REPLY]		= "rarp_reply",
	[VMROAM_FT_ND_NS]		= "nd_ns",
	[VMROAM_FT_ND_NS_DAD]		= "nd_ns_dad",
	[VMROAM_FT_ND_NA_SOLICITED]	= "nd_na_solicited",
	[VMROAM_FT_ND_NA_UNSOLICITED]	= "nd_na_unsolicited",
	[VMROAM_FT_DHCP_CLIENT]		= "dhcp_client",
	[VMROAM_FT_DHCP_SERVER]		= "dhcp_server",
	[VMROAM_FT_MALFORMED]		= "malformed",
	[VMROAM_FT_ND_RA]		= "nd_ra",
	[VMROAM_FT_ND_REDIRECT]		= "nd_redirect",
	[VMROAM_FT_DHCP6_CLIENT]	= "dhcp6_client",
	[VMROAM_FT_DHCP6_SERVER]	= "dhcp6_server",
};

const char *vr_frame_type_name(int type)
{
	if (type < 0 || type >= VMROAM_FT_COUNT)
		return (const char *)0;
	return vr_frame_type_names[type];
}

int vr_frame_type_from_name(const char *name)
{
	int t;

	for (t = 0; t < VMROAM_FT_COUNT; t++) {
		const char *a = vr_frame_type_names[t], *b = name;

		while (*a && *a == *b) {
			a++;
			b++;
		}
		if (!*a && !*b)
			return t;
	}
	return -1;
}
