// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the port security decisions (kmod/core/guard.c): each rule drops exactly what
 * it should, in the order guard.h gives, trusted ports and sanctioned migrations pass. TAP.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "frame_type.h"
#include "guard.h"

static int n, failed;

static void tap(int ok, const char *fmt, ...)
{
	va_list ap;

	n++;
	if (!ok)
		failed++;
	printf("%s %d - ", ok ? "ok" : "not ok", n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static const char *reason(int r)
{
	static const char *const names[] = {
		"dhcp_server", "dhcp_chaddr", "arp_unbound", "arp_src_mac", "arp_bad_ip",
		"arp_rate", "ip_guard", "mac_move", "max_macs", "frozen", "malformed",
		"unparsed", "nd_src_mac", "nd_rate", "nd_addr_taken", "nd_unbound", "ra_guard",
		"redirect", "dhcp6_server",
	};

	return r == VR_GUARD_PASS ? "pass" : r >= 0 && r < VMROAM_DROP_COUNT ? names[r] : "?";
}

/* an untrusted port with every check on; an ARP request of a VM bound here */
static struct vr_guard_facts vm_arp(void)
{
	struct vr_guard_facts f = {
		.lock = 1, .arp_inspect = 1, .ip_guard = 1, .check_bad_ip = 1,
		 .max_macs = 4, .macs = 1,
		.type = VMROAM_FT_ARP_REQUEST_OTHER,
		.mac_bound = 1, .mac_here = 1, .src_is_sha = 1, .ip_bound = 1, .rate_ok = 1,
	};

	return f;
}

static void expect(const struct vr_guard_facts *f, int want, const char *what)
{
	int got = vr_guard_decide(f);

	tap(got == want, "%s: %s (%s expected)", what, reason(got), reason(want));
}

int main(void)
{
	struct vr_guard_facts f;
	int t;

	printf("TAP version 13\n");

	f = vm_arp();
	expect(&f, VR_GUARD_PASS, "bound VM's ARP on its port");
	f.trusted = 1;
	f.ip_bound = 0;
	f.src_is_sha = 0;
	f.mac_here = 0;
	f.rate_ok = 0;
	expect(&f, VR_GUARD_PASS, "trusted port: anything passes");

	f = vm_arp();
	f.ip_bound = 0;
	expect(&f, VMROAM_DROP_ARP_UNBOUND, "ARP claiming an address not bound here");
	f = vm_arp();
	f.src_is_sha = 0;
	expect(&f, VMROAM_DROP_ARP_SRC_MAC, "ARP whose Ethernet source is not the sender MAC");
	f.arp_inspect = 0;
	f.lock = 0;
	f.ip_guard = 0;
	f.max_macs = 0;
	expect(&f, VMROAM_DROP_ARP_SRC_MAC, "... on any untrusted port, one with no check on too");
	f.trusted = 1;
	expect(&f, VR_GUARD_PASS, "... and passes a trusted port");
	f = vm_arp();
	f.ip_bad = 1;
	expect(&f, VMROAM_DROP_ARP_BAD_IP, "ARP from a sender IP no host may have");
	f.check_bad_ip = 0;
	expect(&f, VR_GUARD_PASS, "... passes with that check off");
	f = vm_arp();
	f.rate_ok = 0;
	f.ip_bound = 0;
	expect(&f, VMROAM_DROP_ARP_RATE, "ARP over the rate: the rate first");
	f = vm_arp();
	f.ip_zero = 1;
	f.ip_bound = 0;
	expect(&f, VR_GUARD_PASS, "ARP probe (sender 0.0.0.0) claims nothing");
	f = vm_arp();
	f.type = VMROAM_FT_RARP_REQUEST;
	f.ip_bound = 0;
	expect(&f, VMROAM_DROP_ARP_UNBOUND, "RARP of a MAC not vouched for here");
	f.arp_inspect = 0;
	expect(&f, VR_GUARD_PASS, "... passes without ARP inspection");

	f = vm_arp();
	f.mac_here = 0;
	expect(&f, VMROAM_DROP_MAC_MOVE, "locked port: a MAC bound to another port");
	f.sanctioned = 1;
	expect(&f, VR_GUARD_PASS, "... unless its migration here is sanctioned");
	f.sanctioned = 0;
	f.lock = 0;
	expect(&f, VR_GUARD_PASS, "... and passes on a port that does not lock");
	f = vm_arp();
	f.mac_here = 0;
	f.mac_frozen = 1;
	expect(&f, VMROAM_DROP_FROZEN, "a frozen MAC away from its port: frozen before locked");
	f.mac_here = 1;
	expect(&f, VR_GUARD_PASS, "a frozen MAC on its own port passes");

	f = vm_arp();
	f.mac_bound = 0;
	f.mac_here = 0;
	f.macs = 4;
	expect(&f, VMROAM_DROP_MAX_MACS, "a new MAC on a port at max-macs");
	f.macs = 3;
	expect(&f, VR_GUARD_PASS, "a new MAC below max-macs");
	f.macs = 4;
	f.max_macs = 0;
	expect(&f, VR_GUARD_PASS, "max-macs 0: no limit");

	f = vm_arp();
	f.type = VMROAM_FT_DHCP_SERVER;
	expect(&f, VMROAM_DROP_DHCP_SERVER, "DHCP server message from an untrusted port");
	f.type = VMROAM_FT_DHCP_CLIENT;
	f.src_is_sha = 0;
	expect(&f, VMROAM_DROP_DHCP_CHADDR, "DHCP client message whose chaddr is not its source");
	f.src_is_sha = 1;
	f.is_ip = 1;
	f.ip_zero = 1;
	f.ip_bound = 0;
	expect(&f, VR_GUARD_PASS, "DHCP client from 0.0.0.0 passes the IP source guard");

	f = vm_arp();
	f.type = VR_FT_NONE;
	f.is_ip = 1;
	expect(&f, VR_GUARD_PASS, "IP from a bound source");
	f.ip_bound = 0;
	expect(&f, VMROAM_DROP_IP_GUARD, "IP from a source not bound to the MAC and port");
	f.ip_exempt = 1;
	expect(&f, VR_GUARD_PASS, "IPv6 link-local source is not guarded");
	f.ip_exempt = 0;
	f.ip_guard = 0;
	expect(&f, VR_GUARD_PASS, "... passes without the IP source guard");
	f = vm_arp();
	f.type = VR_FT_NONE;
	f.is_ip = 0;
	f.ip_bound = 0;
	expect(&f, VR_GUARD_PASS, "a frame that is neither ARP nor IP");

	/* what every untrusted port refuses, whatever it checks */
	f = vm_arp();
	f.type = VMROAM_FT_MALFORMED;
	expect(&f, VMROAM_DROP_MALFORMED, "a malformed frame of ours on a guarding port");
	f.lock = f.arp_inspect = f.ip_guard = 0;
	f.max_macs = 0;
	expect(&f, VMROAM_DROP_MALFORMED, "... and on an untrusted port with no check on");
	f.trusted = 1;
	expect(&f, VR_GUARD_PASS, "... and passes a trusted port (the stack judges it)");
	f = vm_arp();
	f.type = VMROAM_FT_ND_NA_UNSOLICITED;
	f.src_is_sha = 0;
	expect(&f, VMROAM_DROP_ND_SRC_MAC, "an NA whose target link-layer option is another MAC");
	f.type = VMROAM_FT_ND_NS;
	expect(&f, VMROAM_DROP_ND_SRC_MAC, "an NS whose source link-layer option is another MAC");
	f.src_is_sha = 1;
	f.rate_ok = 0;
	expect(&f, VMROAM_DROP_ND_RATE, "ND beyond the port's rate (with ARP inspection)");
	f.arp_inspect = 0;
	expect(&f, VR_GUARD_PASS, "... no ND rate without ARP inspection");

	/* RA guard and DHCPv6 guard */
	f = vm_arp();
	f.lock = f.arp_inspect = f.ip_guard = 0;
	f.max_macs = 0;
	f.type = VMROAM_FT_DHCP6_SERVER;
	expect(&f, VMROAM_DROP_DHCP6_SERVER, "DHCPv6 server message from an untrusted port");
	f.trusted = 1;
	expect(&f, VR_GUARD_PASS, "... passes a trusted port");
	f.trusted = 0;
	f.type = VMROAM_FT_DHCP6_CLIENT;
	expect(&f, VR_GUARD_PASS, "DHCPv6 client message from an untrusted port");
	f.is_ip = 1;
	f.ip_guard = 1;
	f.ip_bound = 0;
	f.ip_exempt = 1;
	expect(&f, VR_GUARD_PASS, "... passes the IP source guard before it has an address");
	f.ip_exempt = 0;
	expect(&f, VMROAM_DROP_IP_GUARD, "... but not from a global source not bound to it");
	f = vm_arp();
	f.ra_guard = 1;
	f.type = VMROAM_FT_ND_RA;
	expect(&f, VMROAM_DROP_RA_GUARD, "router advertisement, RA guard on");
	f.type = VMROAM_FT_ND_REDIRECT;
	expect(&f, VMROAM_DROP_REDIRECT, "redirect, RA guard on");
	f.ra_guard = 0;
	expect(&f, VR_GUARD_PASS, "... passes a port with RA guard off (a router's)");
	f.type = VMROAM_FT_ND_RA;
	expect(&f, VR_GUARD_PASS, "router advertisement, RA guard off");
	f.ra_guard = 1;
	f.trusted = 1;
	expect(&f, VR_GUARD_PASS, "... and from a trusted port");
	f = vm_arp();
	f.lock = f.arp_inspect = f.ip_guard = 0;
	f.max_macs = 0;
	f.ra_guard = 1;
	f.type = VR_FT_UNPARSED;
	expect(&f, VMROAM_DROP_UNPARSED, "RA guard alone: what cannot be seen into may hide an RA");

	/* ND inspection */
	f = vm_arp();
	f.arp_inspect = 0;
	f.nd_inspect = 1;
	f.type = VMROAM_FT_ND_NA_UNSOLICITED;
	f.addr_claim_ok = 1;
	f.src_claimed = 1;
	f.ip_bound = 0;
	f.is_ip = 1;
	expect(&f, VR_GUARD_PASS, "ND inspection: an NA claiming a free address, IP guard on");
	f.addr_taken = 1;
	expect(&f, VMROAM_DROP_ND_ADDR_TAKEN, "an NA for an address bound to another MAC");
	f.type = VMROAM_FT_ND_NS_DAD;
	f.ip_zero = 1;
	expect(&f, VMROAM_DROP_ND_ADDR_TAKEN, "a DAD NS for an address bound to another MAC");
	f.addr_taken = 0;
	expect(&f, VR_GUARD_PASS, "a DAD NS for a free address");
	f.addr_claim_ok = 0;
	expect(&f, VMROAM_DROP_ND_UNBOUND, "a DAD NS beyond the port's max-addrs");
	f.nd_inspect = 0;
	expect(&f, VR_GUARD_PASS, "... passes without ND inspection");
	f = vm_arp();
	f.arp_inspect = 0;
	f.nd_inspect = 1;
	f.type = VMROAM_FT_ND_NS;
	f.addr_claim_ok = 1;
	f.rate_ok = 0;
	expect(&f, VMROAM_DROP_ND_RATE, "ND beyond the port's rate (with ND inspection)");
	f.rate_ok = 1;
	f.is_ip = 1;
	f.ip_bound = 0;
	f.src_claimed = 0;
	f.type = VMROAM_FT_ND_NA_SOLICITED;
	expect(&f, VMROAM_DROP_IP_GUARD, "an NA whose IP source is neither bound nor its claim");
	f.src_claimed = 1;
	f.nd_inspect = 0;
	expect(&f, VMROAM_DROP_IP_GUARD, "... and without ND inspection a claim is no binding");

	/* a port that guards lets through only what it can see into */
	f = vm_arp();
	f.type = VR_FT_UNPARSED;
	expect(&f, VMROAM_DROP_UNPARSED, "stacked VLAN tags on a guarding port");
	f.type = VR_FT_NONE;
	f.unparsed = 1;
	expect(&f, VMROAM_DROP_UNPARSED, "a tag of another protocol than the bridge's");
	f.lock = f.arp_inspect = f.ip_guard = 0;
	f.max_macs = 0;
	expect(&f, VR_GUARD_PASS, "... passes an untrusted port that checks nothing");
	f = vm_arp();
	f.type = VR_FT_NONE;
	f.other_proto = 1;
	expect(&f, VMROAM_DROP_UNPARSED, "an EtherType that is not IPv4/IPv6/ARP/RARP, IP source guard on");
	f.ip_guard = 0;
	expect(&f, VR_GUARD_PASS, "... passes a port that locks and inspects ARP but does not guard IP");

	/* every ARP and RARP type is inspected, nothing else is */
	for (t = 0; t < VMROAM_FT_COUNT; t++)
		tap(vr_type_is_arp(t) == (t <= VMROAM_FT_RARP_REPLY),
		    "%s %s ARP inspection", vr_frame_type_name(t),
		    t <= VMROAM_FT_RARP_REPLY ? "is under" : "is not under");

	tap(vr_ip4_is_bad(inet_addr("127.0.0.1")) && vr_ip4_is_bad(inet_addr("224.0.0.1")) &&
	    vr_ip4_is_bad(inet_addr("255.255.255.255")) && vr_ip4_is_bad(inet_addr("0.1.2.3")) &&
	    vr_ip4_is_bad(inet_addr("240.0.0.1")),
	    "bad sender IPs: loopback, multicast, broadcast, 0/8, class E");
	tap(!vr_ip4_is_bad(inet_addr("192.0.2.10")) && !vr_ip4_is_bad(inet_addr("10.0.0.1")) &&
	    !vr_ip4_is_bad(inet_addr("223.255.255.254")),
	    "good sender IPs: unicast addresses");

	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
