// SPDX-License-Identifier: GPL-2.0
/*
 * The facts of one frame (see frame.h).
 *
 * The VLAN is the bridge's, found as br_allowed_ingress() finds it, since that is the VLAN under
 * which the bridge learns the frame's source and forwards it a moment later: on a bridge without
 * VLAN filtering every frame is in VID 0 whatever its tag; on a filtering bridge an untagged or
 * priority-tagged frame is in the port's PVID (no PVID: dropped), a tagged one in its VID if the
 * port is a member (else dropped), and a tag of another protocol than the bridge's vlan_proto is
 * no tag at all but payload (the bridge treats the frame as untagged). A frame vmroam judged
 * under another VLAN than the bridge would be a frame it did not judge.
 */
#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "frame.h"
#include "netns.h"
#include "port.h"

int vmroam_frame_classify(struct vmroam_frame *fr, struct sk_buff *skb)
{
	struct vr_frame f = {
		.eth = eth_hdr(skb)->h_dest,
		.priv = skb,
		.len = skb->len,
		.proto = ntohs(skb->protocol),
		.vlan_present = skb_vlan_tag_present(skb),
		.vlan_tci = skb_vlan_tag_get(skb),
	};

	fr->skb = skb;
	fr->type = vr_classify(&f, &fr->pkt);
	return fr->type;
}

static void vmroam_frame_vlan_rcu(struct vmroam_frame *fr)
{
	const struct sk_buff *skb = fr->skb;
	bool tagged = skb_vlan_tag_present(skb);
	u16 vid = tagged ? skb_vlan_tag_get_id(skb) : 0;
	u16 proto = ETH_P_8021Q, pvid = 0;
	struct bridge_vlan_info vinfo;

	fr->admitted = 1;
	fr->foreign_tag = 0;
	if (!br_vlan_enabled(fr->br)) {
		/* one FDB for all tags; an 802.1Q tag leads to the host's VLAN device of it */
		fr->vid = 0;
		fr->foreign_tag = tagged && skb->vlan_proto != htons(ETH_P_8021Q);
		fr->l3_vlan = tagged && !fr->foreign_tag ? vid : 0;
		return;
	}
	br_vlan_get_proto(fr->br, &proto);
	if (tagged && skb->vlan_proto != htons(proto)) {
		fr->foreign_tag = 1;
		vid = 0;
	}
	if (!vid) {
		if (br_vlan_get_pvid_rcu(skb->dev, &pvid) || !pvid)
			fr->admitted = 0;
		vid = pvid;
	} else if (br_vlan_get_info_rcu(skb->dev, vid, &vinfo)) {
		fr->admitted = 0;
	}
	fr->vid = vid;
	fr->l3_vlan = vid;
}

/* do the MACs a frame's fields name agree with the MAC that sent it? */
static u8 vmroam_frame_evidence(const struct vmroam_frame *fr)
{
	if (fr->type < 0 || fr->type == VMROAM_FT_MALFORMED)
		return 0;
	/* a server names its client, not itself: what a server may say is DHCP snooping's */
	if (fr->type == VMROAM_FT_DHCP_SERVER || fr->type == VMROAM_FT_DHCP6_SERVER)
		return 1;
	/* for ND without a link-layer option the classifier took the Ethernet source */
	return ether_addr_equal(fr->pkt.sha, fr->src);
}

bool vmroam_frame_init_rcu(struct vmroam_frame *fr, struct vmroam_net *vn)
{
	struct net_device *dev = fr->skb->dev;

	fr->br = netdev_master_upper_dev_get_rcu(dev);
	if (!fr->br || !netif_is_bridge_master(fr->br))
		return false;
	fr->port = vmroam_port_find_rcu(vn, dev->ifindex);
	fr->src = eth_hdr(fr->skb)->h_source;
	vmroam_frame_vlan_rcu(fr);
	fr->evidence = vmroam_frame_evidence(fr);
	return true;
}
