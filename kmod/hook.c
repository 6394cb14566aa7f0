// SPDX-License-Identifier: GPL-2.0
/*
 * The bridge PRE_ROUTING hook.
 *
 * Runs in softirq context (or with BH disabled) under rcu_read_lock(), for every frame entering
 * every bridge port of the namespace, before the bridge learns from it. It must not sleep, take
 * RTNL or allocate without bound: it classifies, counts on this CPU, lets a sanctioned migration
 * activate, lets port security drop what an untrusted port may not send, lets normalisation
 * follow a VM that moved, and lets the frame go. Frames that are not ARP, RARP, ND or DHCP leave
 * after the EtherType compare in vr_classify() and three atomic reads (a sanction pending, a port
 * that guards data, a frozen MAC), unless one of those is set.
 */
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "core/classify.h"
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
	struct vmroam_port *port;
	struct vr_frame frame;
	struct vr_pkt pkt;
	int type;

	frame.eth = eth_hdr(skb)->h_dest;
	frame.priv = skb;
	frame.len = skb->len;
	frame.proto = ntohs(skb->protocol);
	frame.vlan_present = skb_vlan_tag_present(skb);
	frame.vlan_tci = skb_vlan_tag_get(skb);

	type = vr_classify(&frame, &pkt);
	/* any frame of a VM whose migration was sanctioned here activates it */
	vmroam_migrate_hook_rcu(vn, skb);
	if (type == VR_FT_NONE) {
		if (likely(!vmroam_security_watches_data(vn)))
			return NF_ACCEPT;
		port = vmroam_port_find_rcu(vn, skb->dev->ifindex);
		return port ? vmroam_security_rcu(vn, skb, port, type, NULL) : NF_ACCEPT;
	}

	vmroam_stats_count(vn->stats, type);
	port = vmroam_port_find_rcu(vn, skb->dev->ifindex);
	if (port) {
		vmroam_stats_count(port->stats, type);
		if (vmroam_security_rcu(vn, skb, port, type, &pkt) == NF_DROP)
			return NF_DROP;
	}
	vmroam_normalize_rcu(vn, skb, type, &pkt);
	return NF_ACCEPT;
}
