// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of what vmroam sends on a migrated VM's behalf (kmod/core/announce.c) and of its
 * rate limit (kmod/core/ratelimit.c). Every announcement is classified by the module's own
 * classifier, through the same environment as classify_test, in every VLAN mode: the type and
 * the fields a receiver uses must be what the builder meant. TAP.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "announce.h"
#include "env.h"
#include "frame_type.h"
#include "ratelimit.h"

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

static const unsigned char vm_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const unsigned char bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const unsigned char zero[6];

static unsigned int ip4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

/* the frame with an 802.1Q tag for VLAN 10 inserted after the MAC addresses */
static size_t tag(unsigned char *out, const unsigned char *f, size_t len)
{
	static const unsigned char t[4] = { 0x81, 0x00, 0x00, 10 };

	memcpy(out, f, 12);
	memcpy(out + 12, t, 4);
	memcpy(out + 16, f + 12, len - 12);
	return len + 4;
}

/* classify @f untagged, tagged in band and tagged offloaded: the same type every time */
static int classify3(const unsigned char *f, size_t len, struct vr_pkt *pkt)
{
	unsigned char t[VR_ANNOUNCE_MAX + 4];
	struct vr_pkt p2;
	size_t tl = tag(t, f, len);
	int type, t2, t3;

	type = env_classify(NULL, f, len, ENV_VLAN_STRIP, pkt, NULL);
	t2 = env_classify(NULL, t, tl, ENV_VLAN_INBAND, &p2, NULL);
	t3 = env_classify(NULL, t, tl, ENV_VLAN_STRIP, &p2, NULL);
	if (t2 != type || t3 != type || p2.vlan != 10)
		return -3;
	return type;
}

static void test_arp(void)
{
	unsigned char f[VR_ANNOUNCE_MAX];
	unsigned int vm = ip4("192.0.2.10"), gw = ip4("192.0.2.1");
	struct vr_pkt p;
	size_t len;
	int type;

	len = vr_build_garp_request(f, vm_mac, vm);
	type = classify3(f, len, &p);
	tap(len == 60 && type == VMROAM_FT_ARP_GARP_REQUEST, "garp request: 60 bytes, %s",
	    vr_frame_type_name(type));
	tap(!memcmp(p.eth_dst, bcast, 6) && !memcmp(p.eth_src, vm_mac, 6) &&
	    !memcmp(p.sha, vm_mac, 6) && !memcmp(p.tha, zero, 6) && p.sip == vm && p.tip == vm,
	    "garp request: broadcast, from the VM, target MAC zero, sender = target = VM IP");

	len = vr_build_garp_reply(f, vm_mac, vm);
	type = classify3(f, len, &p);
	tap(len == 60 && type == VMROAM_FT_ARP_GARP_REPLY, "garp reply: 60 bytes, %s",
	    vr_frame_type_name(type));
	tap(!memcmp(p.eth_dst, bcast, 6) && !memcmp(p.tha, vm_mac, 6) && p.sip == vm &&
	    p.tip == vm, "garp reply: broadcast, target MAC = sender MAC, sender = target = VM IP");

	/* 192.0.2.1 is not an address of the unit tests' host: "other" */
	len = vr_build_arp_request(f, vm_mac, vm, gw);
	type = classify3(f, len, &p);
	tap(type == VMROAM_FT_ARP_REQUEST_OTHER && p.sip == vm && p.tip == gw &&
	    !memcmp(p.sha, vm_mac, 6), "request to the gateway: %s, from the VM's MAC and IP",
	    vr_frame_type_name(type));

	len = vr_build_rarp(f, vm_mac);
	type = classify3(f, len, &p);
	tap(len == 60 && type == VMROAM_FT_RARP_REQUEST && !memcmp(p.sha, vm_mac, 6) &&
	    !memcmp(p.tha, vm_mac, 6) && !p.sip && !p.tip,
	    "rarp: %s, sender = target = the VM's MAC, no address", vr_frame_type_name(type));
}

/* the ICMPv6 checksum over the frame, pseudo-header included: 0 when right */
static unsigned int icmp6_verify(const unsigned char *f, size_t len)
{
	const unsigned char *ip = f + 14;
	unsigned int plen = ip[4] << 8 | ip[5], sum = 0, i;

	if (len != 14 + 40 + plen)
		return 1;
	for (i = 0; i < 32; i += 2)
		sum += ip[8 + i] << 8 | ip[9 + i];
	sum += plen + ip[6];
	for (i = 0; i + 1 < plen; i += 2)
		sum += ip[40 + i] << 8 | ip[41 + i];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (~sum) & 0xffff;
}

static void test_na(void)
{
	static const unsigned char addrs[][16] = {
		{ 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 },
		{ 0xfe, 0x80, [8] = 0x50, 0x54, 0x00, 0xff, 0xfe, 0x12, 0x34, 0x56 },
		{ 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		  0xff, 0xff, 0xff },
	};
	static const unsigned char all_nodes[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	unsigned char f[VR_ANNOUNCE_MAX];
	struct vr_pkt p;
	unsigned int i;
	size_t len;
	int type;

	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		len = vr_build_unsolicited_na(f, vm_mac, addrs[i], i == 1);
		type = classify3(f, len, &p);
		tap(len == VR_ANNOUNCE_MAX && type == VMROAM_FT_ND_NA_UNSOLICITED &&
		    p.nd_override && p.has_lla && !memcmp(p.sha, vm_mac, 6) &&
		    !memcmp(p.tip6, addrs[i], 16) && !memcmp(p.eth_dst, all_nodes, 6),
		    "unsolicited NA %u: %s, override, target and its link-layer option", i,
		    vr_frame_type_name(type));
		/* flags: R(0x80) S(0x40) O(0x20), the byte after the ICMPv6 checksum */
		tap(f[14 + 40 + 4] == (i == 1 ? 0xa0 : 0x20),
		    "unsolicited NA %u: flags 0x%02x (router flag only for a router)", i,
		    f[14 + 40 + 4]);
		tap(icmp6_verify(f, len) == 0 && f[14 + 7] == 255,
		    "unsolicited NA %u: ICMPv6 checksum right, hop limit 255", i);
	}
}

static void test_gcra(void)
{
	const unsigned long long s = 1000000000ULL;
	struct vr_gcra g = { 0 };
	unsigned long long wait = 0, t = 5 * s;
	int i, sent = 0;

	/* 15/s with a burst of 15: fifteen at once, then one every 1/15 s */
	for (i = 0; i < 20; i++)
		sent += vr_gcra_take(&g, t, 15, 15, NULL);
	tap(sent == 15, "gcra 15/s burst 15: %d of 20 at one instant", sent);
	i = vr_gcra_take(&g, t, 15, 15, &wait);
	tap(!i && wait == s / 15, "gcra: the next one in 1/15 s (%llu ns)", wait);
	tap(vr_gcra_take(&g, t + wait, 15, 15, NULL) && !vr_gcra_take(&g, t + wait, 15, 15, NULL),
	    "gcra: exactly one at that time");
	/* over ten seconds at a steady offer of 100/s: 15 + 10 * 15 at most */
	g.tat = 0;
	sent = 0;
	for (i = 0; i < 1000; i++)
		sent += vr_gcra_take(&g, t + (unsigned long long)i * s / 100, 15, 15, NULL);
	tap(sent >= 15 + 9 * 15 && sent <= 15 + 10 * 15,
	    "gcra: %d of 1000 offered at 100/s over 10 s pass at 15/s", sent);
	/* idle for a second: the burst is back */
	t += 20 * s;
	sent = 0;
	for (i = 0; i < 20; i++)
		sent += vr_gcra_take(&g, t, 15, 15, NULL);
	tap(sent == 15, "gcra: after a pause the burst is back (%d)", sent);
	i = vr_gcra_take(&g, t, 0, 15, &wait);
	tap(!i && wait == s, "gcra: rate 0 lets nothing go");
	g.tat = 0;
	tap(vr_gcra_take(&g, t, 1, 0, NULL) && !vr_gcra_take(&g, t, 1, 0, NULL),
	    "gcra: burst 0 behaves as burst 1");
}

int main(void)
{
	printf("TAP version 13\n");
	test_arp();
	test_na();
	test_gcra();
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
