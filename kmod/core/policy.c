// SPDX-License-Identifier: GPL-2.0
/* Normalisation policy (see policy.h). */
#include "policy.h"

static const char *const vr_action_names[__VMROAM_ACTION_MAX] = {
	[VMROAM_ACTION_FDB] = "fdb",
	[VMROAM_ACTION_NEIGH] = "neigh",
	[VMROAM_ACTION_LEARN] = "learn",
};

unsigned int vr_policy_default(int type)
{
	switch (type) {
	case VMROAM_FT_ARP_GARP_REQUEST:
	case VMROAM_FT_ARP_GARP_REPLY:
	case VMROAM_FT_ARP_PROBE:
	case VMROAM_FT_ARP_REQUEST_LOCAL:
	case VMROAM_FT_ARP_REQUEST_OTHER:
	case VMROAM_FT_ARP_REPLY_LOCAL:
	case VMROAM_FT_ARP_REPLY_OTHER:
	case VMROAM_FT_ARP_REPLY_BROADCAST:
	case VMROAM_FT_RARP_REQUEST:	/* QEMU's self-announce: sender and target are the VM */
	case VMROAM_FT_ND_NS:
	case VMROAM_FT_ND_NS_DAD:
	case VMROAM_FT_ND_NA_SOLICITED:
	case VMROAM_FT_ND_NA_UNSOLICITED:
		return VMROAM_ACTION_ALL;
	default:
		/*
		 * a RARP server's reply, DHCP (snooping decides), malformed frames, and what
		 * first-hop security looks at: router advertisements, redirects and DHCPv6
		 */
		return 0;
	}
}

int vr_type_learns_ip(int type)
{
	switch (type) {
	case VMROAM_FT_ARP_PROBE:
	case VMROAM_FT_ND_NS_DAD:
	case VMROAM_FT_RARP_REQUEST:
	case VMROAM_FT_RARP_REPLY:
	/* a router's source address is not a VM's; DHCPv6 snooping binds addresses apart */
	case VMROAM_FT_ND_RA:
	case VMROAM_FT_ND_REDIRECT:
	case VMROAM_FT_DHCP6_CLIENT:
	case VMROAM_FT_DHCP6_SERVER:
		return 0;
	default:
		return 1;
	}
}

static int vr_word_is(const char *s, unsigned int len, const char *word)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		if (s[i] != word[i])
			return 0;
	return word[len] == 0;
}

int vr_actions_parse(const char *s, unsigned int *mask)
{
	unsigned int m = 0;

	for (;;) {
		unsigned int len = 0, a;
		int found = 0;

		while (s[len] && s[len] != ',' && s[len] != '\n')
			len++;
		if (vr_word_is(s, len, "none")) {
			found = 1;
		} else if (vr_word_is(s, len, "all")) {
			m |= VMROAM_ACTION_ALL;
			found = 1;
		}
		for (a = 0; !found && a < __VMROAM_ACTION_MAX; a++) {
			if (vr_word_is(s, len, vr_action_names[a])) {
				m |= 1U << a;
				found = 1;
			}
		}
		if (!found)
			return -1;
		s += len;
		if (*s != ',')
			break;
		s++;
	}
	if (*s == '\n')
		s++;
	if (*s)
		return -1;
	*mask = m;
	return 0;
}

int vr_actions_format(unsigned int mask, char *buf, unsigned int size)
{
	unsigned int a, n = 0;
	const char *w;

	if (!size)
		return 0;
	for (a = 0; a < __VMROAM_ACTION_MAX; a++) {
		if (!(mask & (1U << a)))
			continue;
		if (n && n + 1 < size)
			buf[n++] = ',';
		for (w = vr_action_names[a]; *w && n + 1 < size; w++)
			buf[n++] = *w;
	}
	for (w = n ? "" : "none"; *w && n + 1 < size; w++)
		buf[n++] = *w;
	buf[n] = 0;
	return n;
}

unsigned int vr_decide(unsigned int allowed, const struct vr_observation *obs)
{
	if (obs->moved || obs->ip_moved)
		return allowed;
	return allowed & VR_ACT_LEARN;
}
