// SPDX-License-Identifier: GPL-2.0
/*
 * Port security.
 *
 * The hook hands over the facts of one frame (frame.c: its port, the bridge's VLAN, its
 * classification and whether its fields name its own source); this file adds what the tables
 * say (the binding of its source MAC; for ARP the binding of its sender address; for IP that of
 * its source address; the port's rates) and the pure core decides (core/guard.c). Trusted ports
 * (the default) pass everything, so a host that configures nothing sees nothing change. What a
 * frame that passes teaches is learnt here: the DHCP snooping bindings, and on a port that locks
 * or counts its MACs, the MAC itself.
 */
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/moduleparam.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/timekeeping.h>
#include <net/ipv6.h>

#include "binding.h"
#include "core/classify.h"
#include "core/guard.h"
#include "event.h"
#include "frame.h"
#include "migrate.h"
#include "port.h"
#include "security.h"
#include "stats.h"

static bool arp_inspect_bad_ip __read_mostly = true;
module_param(arp_inspect_bad_ip, bool, 0644);
MODULE_PARM_DESC(arp_inspect_bad_ip,
		 "ARP inspection also drops sender IPs no host may have (0/8, loopback, multicast, class E). Default Y");

struct vmroam_sec_frame {
	struct vmroam_binding_key key;		/* Ethernet source, VLAN */
	u8 family;				/* of addr: AF_INET, AF_INET6 or 0 */
	struct in6_addr addr;			/* ARP sender IP or IP source, for the event */
	u8 nd_held;				/* ND: it claims an address it holds already */
};

/*
 * The address an ND frame claims for its sender: an NS's source, a DAD NS's or an NA's target;
 * NULL for one that no host may claim (unspecified, multicast)
 */
static const struct in6_addr *vmroam_sec_nd_claim(const struct vmroam_frame *frame)
{
	const struct in6_addr *a = (const struct in6_addr *)(frame->type == VMROAM_FT_ND_NS ?
							     frame->pkt.sip6 : frame->pkt.tip6);

	return ipv6_addr_any(a) || ipv6_addr_is_multicast(a) ? NULL : a;
}

/* ND inspection: whom the claimed address is bound to, and whether this MAC may claim it */
static void vmroam_sec_nd_facts_rcu(struct vmroam_net *vn, struct vr_guard_facts *f,
				    struct vmroam_sec_frame *fr,
				    const struct vmroam_port_sec *sec, struct vmroam_port *port,
				    const struct vmroam_frame *frame)
{
	const struct in6_addr *a = vmroam_sec_nd_claim(frame);
	int err;

	if (!a)
		return;		/* addr_claim_ok 0: nothing a host may claim */
	err = vmroam_binding_may_claim6_rcu(vn, &fr->key, port->ifindex, a, sec->max_addrs);
	f->addr_taken = err == -EPERM;
	f->addr_claim_ok = err >= 0;
	fr->nd_held = err == 1;
	f->src_claimed = !memcmp(frame->pkt.sip6, a, sizeof(*a));
}

/* one of the port's rates (ARP, ND): may one more go now? */
static bool vmroam_sec_rate_ok(struct vmroam_port *port, struct vr_gcra *g, u32 rate)
{
	bool ok;

	if (!rate)
		return true;
	spin_lock(&port->rate_lock);
	ok = vr_gcra_take(g, ktime_get_ns(), rate, rate, NULL);
	spin_unlock(&port->rate_lock);
	return ok;
}

static void vmroam_sec_arp_facts_rcu(struct vmroam_net *vn, struct vr_guard_facts *f,
				     struct vmroam_sec_frame *fr, struct vmroam_port *port,
				     const struct vmroam_frame *frame)
{
	const struct vr_pkt *pkt = &frame->pkt;
	struct vmroam_binding *b;

	if (frame->type == VMROAM_FT_RARP_REQUEST || frame->type == VMROAM_FT_RARP_REPLY) {
		/* no address: the sender MAC must be this port's, by a binding that vouches */
		b = vmroam_binding_find_rcu(vn, &fr->key);
		f->ip_bound = b && READ_ONCE(b->ifindex) == port->ifindex &&
			      vmroam_binding_vouched(b);
		return;
	}
	fr->family = AF_INET;
	memcpy(&fr->addr, &pkt->sip, sizeof(pkt->sip));
	f->ip_zero = !pkt->sip;
	f->ip_bad = vr_ip4_is_bad(pkt->sip);
	f->ip_bound = vmroam_binding_ip_vouched_rcu(vn, fr->key.vlan, AF_INET, &pkt->sip,
						    fr->key.mac, port->ifindex);
}

/* the IP source of a frame, for the IP source guard */
static void vmroam_sec_ip_facts_rcu(struct vmroam_net *vn, struct vr_guard_facts *f,
				    struct vmroam_sec_frame *fr, struct sk_buff *skb, int ifindex)
{
	struct in6_addr a6;
	__be32 a4;

	if (skb->protocol == htons(ETH_P_IP)) {
		if (skb_copy_bits(skb, offsetof(struct iphdr, saddr), &a4, sizeof(a4)))
			return;
		f->is_ip = 1;
		fr->family = AF_INET;
		memcpy(&fr->addr, &a4, sizeof(a4));
		f->ip_zero = !a4;
		f->ip_bound = vmroam_binding_ip_vouched_rcu(vn, fr->key.vlan, AF_INET, &a4,
							    fr->key.mac, ifindex);
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		if (skb_copy_bits(skb, offsetof(struct ipv6hdr, saddr), &a6, sizeof(a6)))
			return;
		f->is_ip = 1;
		fr->family = AF_INET6;
		fr->addr = a6;
		f->ip_zero = ipv6_addr_any(&a6);
		f->ip_exempt = ipv6_addr_type(&a6) & IPV6_ADDR_LINKLOCAL;
		f->ip_bound = vmroam_binding_ip_vouched_rcu(vn, fr->key.vlan, AF_INET6, &a6,
							    fr->key.mac, ifindex);
	}
}

/* an EtherType the checks of a guarding port can look into: IPv4, IPv6, ARP, RARP */
static bool vmroam_sec_proto_known(__be16 proto)
{
	return proto == htons(ETH_P_IP) || proto == htons(ETH_P_IPV6) ||
	       proto == htons(ETH_P_ARP) || proto == htons(ETH_P_RARP);
}

static void vmroam_sec_violation(struct vmroam_net *vn, struct vmroam_port *port,
				 const struct vmroam_sec_frame *fr, int reason)
{
	struct vmroam_binding_addrs a = { .n_ip4 = 0 };
	struct vmroam_event ev = {
		.type = VMROAM_EVENT_VIOLATION,
		.key = fr->key,
		.ifindex = port->ifindex,
		.reason = reason,
		.addrs = &a,
		.port_rs = &port->violation_rs,
	};

	vmroam_stats_drop(vn->stats, reason);
	vmroam_stats_drop(port->stats, reason);
	if (fr->family == AF_INET && fr->addr.s6_addr32[0])
		a.ip4[a.n_ip4++] = fr->addr.s6_addr32[0];
	else if (fr->family == AF_INET6 && !ipv6_addr_any(&fr->addr))
		a.ip6[a.n_ip6++] = fr->addr;
	vmroam_event(vn, &ev);
}

/*
 * What a DHCP frame that passed teaches. A client's own message (chaddr is its source) puts its
 * binding where it is, unless a lease, the operator or a sanction vouches for it elsewhere, and
 * releases it only from the binding's own port; a trusted server's ACK binds the address, its
 * NAK takes the binding back.
 */
static void vmroam_sec_dhcp_snoop(struct vmroam_net *vn, const struct vmroam_port_sec *sec,
				  int ifindex, const struct vmroam_frame *fr)
{
	const struct vr_pkt *pkt = &fr->pkt;
	struct vmroam_sighting s = {
		.ifindex = ifindex,
		.origin = VMROAM_ORIGIN_ARP,
		.key.vlan = fr->vid,
	};

	ether_addr_copy(s.key.mac, pkt->sha);
	if (!is_valid_ether_addr(s.key.mac))
		return;
	if (fr->type == VMROAM_FT_DHCP6_CLIENT) {
		if (!fr->evidence)
			return;
		if (pkt->dhcp6_msg == VR_DHCP6_RELEASE || pkt->dhcp6_msg == VR_DHCP6_DECLINE)
			vmroam_binding_dhcp6_release(vn, &s.key, ifindex,
						     (const struct in6_addr *)pkt->ia_addr,
						     pkt->n_ia);
		else if (pkt->dhcp6_msg != VR_DHCP6_RELAY_FORW)
			vmroam_binding_learn(vn, &s);
	} else if (fr->type == VMROAM_FT_DHCP6_SERVER) {
		/* the REPLY's Ethernet destination is the client the trusted server binds */
		if (sec->trusted && pkt->dhcp6_msg == VR_DHCP6_REPLY && pkt->n_ia)
			vmroam_binding_dhcp6_reply(vn, &s.key,
						   (const struct in6_addr *)pkt->ia_addr,
						   pkt->ia_valid, pkt->n_ia);
	} else if (fr->type == VMROAM_FT_DHCP_CLIENT) {
		if (!fr->evidence)
			return;
		if (pkt->dhcp_msg == VR_DHCP_RELEASE || pkt->dhcp_msg == VR_DHCP_DECLINE)
			vmroam_binding_dhcp_release(vn, &s.key, ifindex);
		else	/* where the client is: the ACK binds it there */
			vmroam_binding_learn(vn, &s);
	} else if (sec->trusted) {
		if (pkt->dhcp_msg == VR_DHCP_ACK && pkt->tip)
			vmroam_binding_dhcp_ack(vn, &s.key, (__force __be32)pkt->tip,
						pkt->dhcp_lease);
		else if (pkt->dhcp_msg == VR_DHCP_NAK)
			vmroam_binding_dhcp_release(vn, &s.key, 0);
	}
}

/*
 * What an ND frame that passed ND inspection teaches: its sender holds the address it claimed
 * (first come, first served), bound with origin savi; its binding is learnt first if it had
 * none
 */
static void vmroam_sec_nd_claim_bind(struct vmroam_net *vn, struct vmroam_port *port,
				     const struct vmroam_sec_frame *fr,
				     const struct vmroam_frame *frame, u32 max_addrs,
				     struct vmroam_binding *b)
{
	const struct in6_addr *a = vmroam_sec_nd_claim(frame);
	struct vmroam_sighting s;

	if (!a || !frame->evidence || !is_valid_ether_addr(fr->key.mac))
		return;
	if (!b) {
		memset(&s, 0, sizeof(s));
		s.key = fr->key;
		s.ifindex = port->ifindex;
		s.origin = VMROAM_ORIGIN_ND;
		if (vmroam_binding_learn(vn, &s))
			return;
	}
	vmroam_binding_claim6(vn, &fr->key, port->ifindex, a, max_addrs);
}

/* the facts of a frame on an untrusted port; returns its source MAC's binding, if any */
static struct vmroam_binding *vmroam_sec_facts_rcu(struct vmroam_net *vn, struct vr_guard_facts *f,
						   struct vmroam_sec_frame *fr,
						   const struct vmroam_port_sec *sec,
						   struct vmroam_port *port,
						   const struct vmroam_frame *frame)
{
	struct vmroam_binding *b;
	int type = frame->type;

	f->lock = sec->lock;
	f->arp_inspect = sec->arp_inspect;
	f->ip_guard = sec->ip_guard;
	f->nd_inspect = sec->nd_inspect;
	f->ra_guard = sec->ra_guard;
	f->check_bad_ip = READ_ONCE(arp_inspect_bad_ip);
	/* a port that locks or counts its MACs binds at most this many, whatever it says */
	f->max_macs = vmroam_port_max_macs(sec);
	f->macs = max(atomic_read(&port->macs), 0);
	f->unparsed = frame->foreign_tag;
	f->other_proto = type == VR_FT_NONE && !vmroam_sec_proto_known(frame->skb->protocol);
	f->src_is_sha = frame->evidence;

	b = vmroam_binding_find_rcu(vn, &fr->key);
	f->mac_bound = !!b;
	f->mac_here = b && READ_ONCE(b->ifindex) == port->ifindex;
	f->mac_frozen = b && vmroam_binding_frozen(b);
	/*
	 * its VM, departed when this port went down, speaks again from it: back, before its
	 * addresses are checked (they vouch for an active VM only). Only this port's frames can
	 * bring it back, and not what the port's checks cannot see into.
	 */
	if (f->mac_here && READ_ONCE(b->state) == VMROAM_BINDING_DEPARTED &&
	    type != VMROAM_FT_MALFORMED && type != VR_FT_UNPARSED && !f->unparsed)
		vmroam_binding_return_rcu(vn, b, port->ifindex);
	if (b && !f->mac_here)
		f->sanctioned = vmroam_migration_sanctioned_rcu(vn, &fr->key, port->ifindex);

	if (vr_type_is_arp(type)) {
		vmroam_sec_arp_facts_rcu(vn, f, fr, port, frame);
		if (sec->arp_inspect)
			f->rate_ok = vmroam_sec_rate_ok(port, &port->arp_rate, sec->rate);
	} else {
		if (vr_type_is_nd(type) && (sec->arp_inspect || sec->nd_inspect))
			f->rate_ok = vmroam_sec_rate_ok(port, &port->nd_rate, sec->rate);
		if (vr_type_is_nd(type) && sec->nd_inspect)
			vmroam_sec_nd_facts_rcu(vn, f, fr, sec, port, frame);
		if (sec->ip_guard)
			vmroam_sec_ip_facts_rcu(vn, f, fr, frame->skb, port->ifindex);
	}
	return b;
}

unsigned int vmroam_security_rcu(struct vmroam_net *vn, const struct vmroam_frame *frame)
{
	struct vmroam_port *port = frame->port;
	struct vmroam_port_sec sec = {
		.trusted = READ_ONCE(port->sec.trusted),
		.lock = READ_ONCE(port->sec.lock),
		.arp_inspect = READ_ONCE(port->sec.arp_inspect),
		.ip_guard = READ_ONCE(port->sec.ip_guard),
		.max_macs = READ_ONCE(port->sec.max_macs),
		.rate = READ_ONCE(port->sec.rate),
		.nd_inspect = READ_ONCE(port->sec.nd_inspect),
		.ra_guard = READ_ONCE(port->sec.ra_guard),
		.max_addrs = READ_ONCE(port->sec.max_addrs),
	};
	bool dhcp = frame->type == VMROAM_FT_DHCP_CLIENT || frame->type == VMROAM_FT_DHCP_SERVER ||
		    frame->type == VMROAM_FT_DHCP6_CLIENT || frame->type == VMROAM_FT_DHCP6_SERVER;
	struct vmroam_sec_frame fr = { .key.vlan = frame->vid };
	struct vr_guard_facts f = { .type = frame->type };
	struct vmroam_binding *b;
	struct vmroam_sighting s;
	int verdict;

	/* a trusted port: no check, only what DHCP snooping learns from its servers */
	if (sec.trusted) {
		if (dhcp)
			vmroam_sec_dhcp_snoop(vn, &sec, port->ifindex, frame);
		return NF_ACCEPT;
	}

	ether_addr_copy(fr.key.mac, frame->src);
	b = vmroam_sec_facts_rcu(vn, &f, &fr, &sec, port, frame);
	verdict = vr_guard_decide(&f);
	if (verdict != VR_GUARD_PASS) {
		vmroam_sec_violation(vn, port, &fr, verdict);
		return NF_DROP;
	}

	/* a port that locks or counts its MACs knows each of them, from any frame */
	if (!b && (sec.lock || sec.max_macs) && is_valid_ether_addr(fr.key.mac)) {
		memset(&s, 0, sizeof(s));
		s.key = fr.key;
		s.ifindex = port->ifindex;
		s.origin = VMROAM_ORIGIN_ARP;
		vmroam_binding_learn(vn, &s);
	}
	if (dhcp)
		vmroam_sec_dhcp_snoop(vn, &sec, port->ifindex, frame);
	if (sec.nd_inspect && f.addr_claim_ok && !f.addr_taken && !fr.nd_held)
		vmroam_sec_nd_claim_bind(vn, port, &fr, frame, sec.max_addrs, b);
	return NF_ACCEPT;
}
