/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The facts of one frame, derived once in the hook and handed to migration, port security and
 * normalisation, so that all three judge the same frame: its bridge and port, the VLAN exactly as
 * the bridge will assign it, what classification found, and whether the MAC its fields name is
 * the one that sent it.
 */
#ifndef _VMROAM_FRAME_H
#define _VMROAM_FRAME_H

#include <linux/types.h>

#include "core/classify.h"

struct net_device;
struct sk_buff;
struct vmroam_net;
struct vmroam_port;

struct vmroam_frame {
	struct sk_buff *skb;
	struct net_device *br;		/* the bridge of the ingress port */
	struct vmroam_port *port;	/* vmroam's record of that port; NULL: it has none */
	const u8 *src;			/* the Ethernet source */
	int type;			/* enum vmroam_frame_type, VR_FT_NONE or VR_FT_UNPARSED */
	/* the VLAN the bridge assigns (its FDB key, and the bindings'): 0 without filtering */
	u16 vid;
	/* the VLAN of the host device the frame reaches: a filtering bridge's VID, else its tag */
	u16 l3_vlan;
	u8 admitted;			/* the bridge's ingress filter lets it in */
	u8 foreign_tag;			/* a tag of another protocol than the bridge's */
	/*
	 * the MAC its fields name (ARP/RARP sender, ND link-layer option, DHCP client chaddr) is
	 * its Ethernet source; always for a DHCP server message, never for a malformed frame
	 */
	u8 evidence;
	struct vr_pkt pkt;		/* what classification found, for type >= 0 */
};

/* classify @skb into @fr (type and pkt only); softirq, rcu_read_lock() held */
int vmroam_frame_classify(struct vmroam_frame *fr, struct sk_buff *skb);

/*
 * The rest of the facts of a classified frame; false when its port has no bridge (any more).
 * Softirq, rcu_read_lock() held.
 */
bool vmroam_frame_init_rcu(struct vmroam_frame *fr, struct vmroam_net *vn);

/* the frame types whose sender fields speak for a MAC (ARP, RARP, ND) */
static inline bool vmroam_frame_is_nd(const struct vmroam_frame *fr)
{
	return fr->type >= VMROAM_FT_ND_NS && fr->type <= VMROAM_FT_ND_NA_UNSOLICITED;
}

#endif /* _VMROAM_FRAME_H */
