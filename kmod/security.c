// SPDX-License-Identifier: GPL-2.0
/*
 * Port security.
 *
 * The hook gathers the facts of one frame (its port's settings; the binding of its source MAC;
 * for ARP the binding of its sender address; for IP that of its source address; the port's ARP
 * rate) and the pure core decides (core/guard.c). Trusted ports (the default) pass everything,
 * so a host that configures nothing sees nothing change. What a frame that passes teaches is
 * learnt here: the DHCP snooping bindings, and on a port that locks or counts its MACs, the MAC
 * itself.
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
#include "migrate.h"
#include "port.h"
#include "security.h"
#include "stats.h"

static bool arp_inspect_src_mac __read_mostly = true;
module_param(arp_inspect_src_mac, bool, 0644);
MODULE_PARM_DESC(arp_inspect_src_mac,
		 "ARP inspection also drops ARP whose Ethernet source is not its sender MAC. Default Y");

static bool arp_inspect_bad_ip __read_mostly = true;
module_param(arp_inspect_bad_ip, bool, 0644);
MODULE_PARM_DESC(arp_inspect_bad_ip,
		 "ARP inspection also drops sender IPs no host may have (0/8, loopback, multicast, class E). Default Y");

struct vmroam_sec_frame {
	struct vmroam_binding_key key;		/* Ethernet source, VLAN */
	u8 family;				/* of addr: AF_INET, AF_INET6 or 0 */
	struct in6_addr addr;			/* ARP sender IP or IP source, for the event */
};

/* is @addr of @family bound, by a binding that vouches for it, to @mac on port @ifindex? */
static bool vmroam_sec_ip_bound_rcu(struct vmroam_net *vn, u16 vlan, u8 family, const void *addr,
				    const u8 *mac, int ifindex)
{
	struct vmroam_binding *b = vmroam_binding_find_ip_rcu(vn, vlan, family, addr);

	return b && ether_addr_equal(b->key.mac, mac) && READ_ONCE(b->ifindex) == ifindex &&
	       READ_ONCE(b->state) == VMROAM_BINDING_ACTIVE && vmroam_binding_vouched(b);
}

/* the port's ARP rate: may one more go now? */
static bool vmroam_sec_arp_rate_ok(struct vmroam_port *port, u32 rate)
{
	bool ok;

	if (!rate)
		return true;
	spin_lock(&port->arp_lock);
	ok = vr_gcra_take(&port->arp_rate, ktime_get_ns(), rate, rate, NULL);
	spin_unlock(&port->arp_lock);
	return ok;
}

static void vmroam_sec_arp_facts_rcu(struct vmroam_net *vn, struct vr_guard_facts *f,
				     struct vmroam_sec_frame *fr, struct vmroam_port *port,
				     int type, const struct vr_pkt *pkt)
{
	struct vmroam_binding_key sk = { .vlan = fr->key.vlan };
	struct vmroam_binding *b;

	f->src_is_sha = ether_addr_equal(pkt->eth_src, pkt->sha);
	if (type == VMROAM_FT_RARP_REQUEST || type == VMROAM_FT_RARP_REPLY) {
		/* no address: the sender MAC must be this port's, by a binding that vouches */
		ether_addr_copy(sk.mac, pkt->sha);
		b = vmroam_binding_find_rcu(vn, &sk);
		f->ip_bound = b && READ_ONCE(b->ifindex) == port->ifindex &&
			      vmroam_binding_vouched(b);
		return;
	}
	fr->family = AF_INET;
	memcpy(&fr->addr, &pkt->sip, sizeof(pkt->sip));
	f->ip_zero = !pkt->sip;
	f->ip_bad = vr_ip4_is_bad(pkt->sip);
	f->ip_bound = vmroam_sec_ip_bound_rcu(vn, fr->key.vlan, AF_INET, &pkt->sip, pkt->sha,
					      port->ifindex);
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
		f->ip_bound = vmroam_sec_ip_bound_rcu(vn, fr->key.vlan, AF_INET, &a4,
						      fr->key.mac, ifindex);
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		if (skb_copy_bits(skb, offsetof(struct ipv6hdr, saddr), &a6, sizeof(a6)))
			return;
		f->is_ip = 1;
		fr->family = AF_INET6;
		fr->addr = a6;
		f->ip_zero = ipv6_addr_any(&a6);
		f->ip_exempt = ipv6_addr_type(&a6) & IPV6_ADDR_LINKLOCAL;
		f->ip_bound = vmroam_sec_ip_bound_rcu(vn, fr->key.vlan, AF_INET6, &a6,
						      fr->key.mac, ifindex);
	}
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
	};

	vmroam_stats_drop(vn->stats, reason);
	vmroam_stats_drop(port->stats, reason);
	if (fr->family == AF_INET && fr->addr.s6_addr32[0])
		a.ip4[a.n_ip4++] = fr->addr.s6_addr32[0];
	else if (fr->family == AF_INET6 && !ipv6_addr_any(&fr->addr))
		a.ip6[a.n_ip6++] = fr->addr;
	vmroam_event(vn, &ev);
}

/* what a DHCP frame that passed teaches */
static void vmroam_sec_dhcp_snoop(struct vmroam_net *vn, const struct vmroam_port_sec *sec,
				  const struct vmroam_sec_frame *fr, int ifindex, int type,
				  const struct vr_pkt *pkt)
{
	struct vmroam_sighting s = { .ifindex = ifindex, .origin = VMROAM_ORIGIN_ARP };

	ether_addr_copy(s.key.mac, pkt->sha);
	s.key.vlan = fr->key.vlan;
	if (!is_valid_ether_addr(s.key.mac))
		return;
	if (type == VMROAM_FT_DHCP_CLIENT) {
		if (pkt->dhcp_msg == VR_DHCP_RELEASE || pkt->dhcp_msg == VR_DHCP_DECLINE)
			vmroam_binding_dhcp_release(vn, &s.key);
		else	/* where the client is: the ACK binds it there */
			vmroam_binding_learn(vn, &s);
	} else if (sec->trusted) {
		if (pkt->dhcp_msg == VR_DHCP_ACK && pkt->tip)
			vmroam_binding_dhcp_ack(vn, &s.key, (__force __be32)pkt->tip,
						pkt->dhcp_lease);
		else if (pkt->dhcp_msg == VR_DHCP_NAK)
			vmroam_binding_dhcp_release(vn, &s.key);
	}
}

/* the facts of a frame on an untrusted port; returns its source MAC's binding, if any */
static struct vmroam_binding *vmroam_sec_facts_rcu(struct vmroam_net *vn, struct vr_guard_facts *f,
						   struct vmroam_sec_frame *fr,
						   const struct vmroam_port_sec *sec,
						   struct sk_buff *skb, struct vmroam_port *port,
						   int type, const struct vr_pkt *pkt)
{
	struct vmroam_binding *b;

	f->lock = sec->lock;
	f->arp_inspect = sec->arp_inspect;
	f->ip_guard = sec->ip_guard;
	f->check_src_mac = READ_ONCE(arp_inspect_src_mac);
	f->check_bad_ip = READ_ONCE(arp_inspect_bad_ip);
	f->max_macs = sec->max_macs;
	f->macs = max(atomic_read(&port->macs), 0);

	b = vmroam_binding_find_rcu(vn, &fr->key);
	f->mac_bound = !!b;
	f->mac_here = b && READ_ONCE(b->ifindex) == port->ifindex;
	f->mac_frozen = b && vmroam_binding_frozen(b);
	if (b && !f->mac_here)
		f->sanctioned = vmroam_migration_sanctioned_rcu(vn, &fr->key, port->ifindex);

	if (pkt && type == VMROAM_FT_DHCP_CLIENT)
		f->src_is_sha = ether_addr_equal(pkt->eth_src, pkt->sha);
	if (pkt && vr_type_is_arp(type)) {
		vmroam_sec_arp_facts_rcu(vn, f, fr, port, type, pkt);
		if (sec->arp_inspect)
			f->rate_ok = vmroam_sec_arp_rate_ok(port, sec->rate);
	} else if (sec->ip_guard) {
		vmroam_sec_ip_facts_rcu(vn, f, fr, skb, port->ifindex);
	}
	return b;
}

unsigned int vmroam_security_rcu(struct vmroam_net *vn, struct sk_buff *skb,
				 struct vmroam_port *port, int type, const struct vr_pkt *pkt)
{
	struct vmroam_port_sec sec = {
		.trusted = READ_ONCE(port->sec.trusted),
		.lock = READ_ONCE(port->sec.lock),
		.arp_inspect = READ_ONCE(port->sec.arp_inspect),
		.ip_guard = READ_ONCE(port->sec.ip_guard),
		.max_macs = READ_ONCE(port->sec.max_macs),
		.rate = READ_ONCE(port->sec.rate),
	};
	bool dhcp = pkt && (type == VMROAM_FT_DHCP_CLIENT || type == VMROAM_FT_DHCP_SERVER);
	struct vmroam_sec_frame fr = { .family = 0 };
	struct vr_guard_facts f = { .type = type };
	struct vmroam_binding *b;
	struct vmroam_sighting s;
	int verdict;

	/* a trusted port: no check, only what DHCP snooping learns from its servers */
	if (sec.trusted) {
		if (dhcp) {
			fr.key.vlan = vmroam_port_vlan_rcu(skb);
			vmroam_sec_dhcp_snoop(vn, &sec, &fr, port->ifindex, type, pkt);
		}
		return NF_ACCEPT;
	}

	ether_addr_copy(fr.key.mac, eth_hdr(skb)->h_source);
	fr.key.vlan = vmroam_port_vlan_rcu(skb);
	b = vmroam_sec_facts_rcu(vn, &f, &fr, &sec, skb, port, type, pkt);
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
		vmroam_sec_dhcp_snoop(vn, &sec, &fr, port->ifindex, type, pkt);
	return NF_ACCEPT;
}
