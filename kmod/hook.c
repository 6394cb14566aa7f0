// SPDX-License-Identifier: GPL-2.0
/*
 * The bridge PRE_ROUTING hook.
 *
 * The rule every part of it follows: vmroam acts only on evidence it can check, and a port that
 * is not trusted fails closed. A MAC named inside ARP, ND or DHCP counts only when it is the
 * frame's Ethernet source; the VLAN is the one the bridge assigns; an address vouched for by DHCP,
 * a static binding or a sanction never follows a frame; an FDB or neighbour entry that the
 * operator or another control plane owns is never moved by a frame; and on an untrusted port,
 * what vmroam cannot parse is dropped, not passed.
 *
 * Runs in softirq context (or with BH disabled) under rcu_read_lock(), for every frame entering
 * every bridge port of the namespace, before the bridge learns from it. It must not sleep, take
 * RTNL or allocate without bound: it classifies, derives the frame's facts once (frame.c),
 * counts on this CPU, lets a sanctioned migration activate, lets port security drop what an
 * untrusted port may not send, lets normalisation follow a VM that moved, and lets the frame go.
 * Frames that are not ARP, RARP, ND or DHCP leave after the EtherType compare in vr_classify() and
 * three atomic reads (a sanction pending, a port that guards, a frozen MAC), unless one is set.
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "frame.h"
#include "hook.h"
#include "migrate.h"
#include "netns.h"
#include "normalize.h"
#include "port.h"
#include "security.h"
#include "stats.h"

unsigned int vmroam_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	struct vmroam_net *vn = priv;
	struct vmroam_frame fr;

	vmroam_frame_classify(&fr, skb);
	if (fr.type < 0 && likely(!atomic_read(&vn->migrations_pending) &&
				  !vmroam_security_watches_data(vn)))
		return NF_ACCEPT;
	if (!vmroam_frame_init_rcu(&fr, vn))
		return NF_ACCEPT;

	if (fr.type >= 0) {
		vmroam_stats_count(vn->stats, fr.type);
		if (fr.port)
			vmroam_stats_count(fr.port->stats, fr.type);
	}
	/* the bridge's ingress filter drops it: it shows nothing, and needs no verdict of ours */
	if (!fr.admitted)
		return NF_ACCEPT;
	/* a frame of a VM whose migration was sanctioned here activates it (any, or announce) */
	vmroam_migrate_hook_rcu(vn, &fr);
	if (fr.port && vmroam_security_rcu(vn, &fr) == NF_DROP)
		return NF_DROP;
	if (fr.type >= 0)
		vmroam_normalize_rcu(vn, &fr);
	return NF_ACCEPT;
}
