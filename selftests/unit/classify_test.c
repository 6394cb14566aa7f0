// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the classifier core (kmod/core), TAP output.
 *
 * Every frame is classified in the VLAN combinations below (untagged; 802.1Q tag left in the
 * data, "mode A"; tag taken out into vlan_present/vlan_tci as skb_vlan_untag() does, "mode B"),
 * and each of those with three skb layouts (all linear, all paged, linear up to byte 28): the
 * layouts must agree exactly. Where the result is an announcement type, struct vr_pkt is compared
 * as a whole with what an independent decoding of the frame says (oracle()), so fields that are
 * not relevant to the type must be zero.
 *
 * Run under valgrind or ASan too (make test does): the environment gives the core heap blocks
 * of exactly the frame's size.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "env.h"
#include "frame_type.h"
#include "frames.h"

/* the tables leave trailing fields out, as the kernel does (it disables this warning too) */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define FRAME_CAP	70000
#define MALFORMED	VMROAM_FT_MALFORMED
#define NONE		VR_FT_NONE
#define INCONSISTENT	(-100)

/*
 * the most the core may read of any frame: "a few hundred bytes" (DHCP: 4+20+8+240+312; DHCPv6
 * relay: 4+40+8+34+512)
 */
#define READ_BOUND	600

static unsigned char fbuf[FRAME_CAP];
static int tap_n, tap_fail;

/* --- TAP --- */

static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static int tap(int pass, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!pass)
		tap_fail++;
	printf("%sok %d - ", pass ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return pass;
}

static const char *tname(int t)
{
	static char other[32];

	if (t == NONE)
		return "none";
	if (t == INCONSISTENT)
		return "(inconsistent across skb layouts)";
	if (t == ENV_FAILURE)
		return "(env failure)";
	if (t == VR_FT_UNPARSED)
		return "unparsed";
	if (vr_frame_type_name(t))
		return vr_frame_type_name(t);
	snprintf(other, sizeof(other), "(invalid %d)", t);
	return other;
}

static const char *hex(const void *p, size_t n)
{
	static char bufs[4][80];
	static int k;
	char *b = bufs[k++ & 3];
	size_t i;

	b[0] = 0;
	for (i = 0; i < n && i < 24; i++)
		sprintf(b + 2 * i, "%02x", ((const uint8_t *)p)[i]);
	return b;
}

/* --- running the core --- */

struct combo {
	const char *name;
	int tagged;			/* add an 802.1Q tag (unless the row has its own) */
	enum env_vlan_mode mode;
};

static const struct combo combos[] = {
	{ "untagged", 0, ENV_VLAN_INBAND },
	{ "vlan in-band", 1, ENV_VLAN_INBAND },
	{ "vlan offloaded", 1, ENV_VLAN_STRIP },
};

/* for rows that bring their own tags: the same frame in both modes */
static const struct combo own_tag_combos[] = {
	{ "mode A (in-band)", 0, ENV_VLAN_INBAND },
	{ "mode B (outer tag offloaded)", 0, ENV_VLAN_STRIP },
};

#define TEST_TCI	0xa02a		/* PCP 5, VID 42 */

static const size_t headlens[] = { SIZE_MAX, 0, 28 };

/* classify in every skb layout; INCONSISTENT when they disagree */
static int classify3(const struct env_cfg *base, const unsigned char *frame, size_t len,
		     enum env_vlan_mode mode, struct vr_pkt *pkt, struct env_frame *st)
{
	struct env_cfg cfg = *base;
	struct vr_pkt other;
	int r = ENV_FAILURE;
	size_t i;

	for (i = 0; i < sizeof(headlens) / sizeof(headlens[0]); i++) {
		struct vr_pkt *p = i ? &other : pkt;
		int t;

		cfg.headlen = headlens[i];
		memset(p, 0xa5, sizeof(*p));
		t = env_classify(&cfg, frame, len, mode, p, i ? NULL : st);
		if (!i) {
			r = t;
		} else if (t != r || memcmp(&other, pkt, sizeof(other))) {
			diag("headlen %zu: %s, linear: %s%s", headlens[i], tname(t), tname(r),
			     t == r ? " (struct vr_pkt differs)" : "");
			return INCONSISTENT;
		}
	}
	return r;
}

static uint16_t be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* where the L3 header of a built frame starts: after one in-band tag, if any */
static size_t l3_of(const unsigned char *fr)
{
	uint16_t et = be16(fr + 12);

	return et == 0x8100 || et == 0x88a8 ? 18 : 14;
}

/* the ND options in [@i, @end) of the IPv6 packet @a: the LLA of @type into @o */
static void oracle_lla(const unsigned char *a, size_t i, size_t end, int type, struct vr_pkt *o)
{
	while (i + 2 <= end && a[i + 1]) {
		if (a[i] == type && a[i + 1] == 1) {
			memcpy(o->sha, a + i + 2, 6);
			o->has_lla = 1;
		}
		i += a[i + 1] * 8;
	}
	if (!o->has_lla)
		memcpy(o->sha, o->eth_src, 6);
}

/* DHCPv6 (RFC 8415): the message at @m, @n bytes, of an IPv6 packet without extension headers */
static void oracle_dhcp6(const unsigned char *m, size_t n, struct vr_pkt *o)
{
	size_t i = 4, j, end;

	if (m[0] == 12 || m[0] == 13)		/* relays: nothing inside is looked at */
		return;
	while (i + 4 <= n) {
		end = i + 4 + be16(m + i + 2);
		if (be16(m + i) == 3) {			/* IA_NA: IAID, T1, T2, options */
			for (j = i + 16; j + 4 <= end; j += 4 + be16(m + j + 2)) {
				if (be16(m + j) != 5 || o->n_ia == VR_DHCP6_ADDRS)
					continue;
				memcpy(o->ia_addr[o->n_ia], m + j + 4, 16);
				o->ia_valid[o->n_ia++] = be32(m + j + 24);
			}
		}
		i = end;
	}
}

/*
 * What struct vr_pkt must hold for a well-formed frame of announcement type @type, decoded
 * straight from the RFCs' layouts.
 */
static void oracle(int type, const unsigned char *fr, struct vr_pkt *o)
{
	const unsigned char *a;
	size_t l3 = 14;
	uint16_t et = be16(fr + 12);

	memset(o, 0, sizeof(*o));
	memcpy(o->eth_dst, fr, 6);
	memcpy(o->eth_src, fr + 6, 6);
	if (et == 0x8100 || et == 0x88a8) {
		o->tagged = 1;
		o->vlan = be16(fr + 14) & 0xfff;
		l3 = 18;
	}
	a = fr + l3;

	if (type == VMROAM_FT_ND_RA || type == VMROAM_FT_ND_REDIRECT) {
		int ra = type == VMROAM_FT_ND_RA;

		memcpy(o->sip6, a + 8, 16);
		if (ra)
			oracle_lla(a, 40 + 16, 40 + be16(a + 4), 1, o);
		else
			memcpy(o->tip6, a + 48, 16);
		if (!ra)		/* the target's LLA does not name the sender */
			memcpy(o->sha, o->eth_src, 6);
		return;
	}
	if (type == VMROAM_FT_DHCP6_CLIENT || type == VMROAM_FT_DHCP6_SERVER) {
		memcpy(o->sip6, a + 8, 16);
		memcpy(o->sha, type == VMROAM_FT_DHCP6_SERVER ? o->eth_dst : o->eth_src, 6);
		o->dhcp6_msg = a[48];
		oracle_dhcp6(a + 48, be16(a + 44) - 8, o);
		return;
	}

	if (type <= VMROAM_FT_RARP_REPLY) {
		memcpy(o->sha, a + 8, 6);
		memcpy(&o->sip, a + 14, 4);
		memcpy(o->tha, a + 18, 6);
		memcpy(&o->tip, a + 24, 4);
	} else if (type <= VMROAM_FT_ND_NA_UNSOLICITED) {
		int ns = type == VMROAM_FT_ND_NS || type == VMROAM_FT_ND_NS_DAD;

		memcpy(o->sip6, a + 8, 16);
		memcpy(o->tip6, a + 48, 16);
		oracle_lla(a, 64, 40 + be16(a + 4), ns ? 1 : 2, o);
		if (!ns) {
			o->nd_override = !!(a[44] & 0x20);
			o->nd_router = !!(a[44] & 0x80);
		}
	} else if (type <= VMROAM_FT_DHCP_SERVER) {
		const unsigned char *u = a + (a[0] & 15) * 4, *b = u + 8;
		size_t i = 240, end = be16(u + 4) - 8;

		memcpy(&o->sip, b + 12, 4);
		memcpy(&o->tip, b + 16, 4);
		memcpy(o->sha, b + 28, 6);
		while (i < end && b[i] != 255) {
			if (!b[i]) {
				i++;
				continue;
			}
			if (b[i] == 53 && b[i + 1] == 1)
				o->dhcp_msg = b[i + 2] <= 8 ? b[i + 2] : 0;
			if (b[i] == 51 && b[i + 1] == 4)
				o->dhcp_lease = (uint32_t)b[i + 2] << 24 | b[i + 3] << 16 |
						b[i + 4] << 8 | b[i + 5];
			i += 2 + b[i + 1];
		}
	}
}

static void pkt_diff(const struct vr_pkt *got, const struct vr_pkt *want)
{
#define D_MEM(f)							\
	do {								\
		if (memcmp(&got->f, &want->f, sizeof(got->f)))		\
			diag("pkt." #f ": got %s, want %s",		\
			     hex(&got->f, sizeof(got->f)), hex(&want->f, sizeof(want->f))); \
	} while (0)
#define D_VAL(f)							\
	do {								\
		if (got->f != want->f)					\
			diag("pkt." #f ": got %lu, want %lu",		\
			     (unsigned long)got->f, (unsigned long)want->f); \
	} while (0)
	D_MEM(eth_dst);
	D_MEM(eth_src);
	D_MEM(sha);
	D_MEM(tha);
	D_MEM(sip);
	D_MEM(tip);
	D_MEM(sip6);
	D_MEM(tip6);
	D_VAL(dhcp_lease);
	D_VAL(vlan);
	D_VAL(tagged);
	D_VAL(has_lla);
	D_VAL(nd_override);
	D_VAL(nd_router);
	D_VAL(dhcp_msg);
	D_VAL(dhcp6_msg);
	D_VAL(n_ia);
	D_MEM(ia_addr[0]);
	D_MEM(ia_addr[1]);
	D_MEM(ia_addr[2]);
	D_MEM(ia_addr[3]);
	D_MEM(ia_valid);
#undef D_MEM
#undef D_VAL
}

/* --- table-driven checks --- */

struct row;
typedef int (*check_fn)(const struct row *r, const struct vr_pkt *pkt,
			const struct env_frame *st);
typedef void (*fix_fn)(unsigned char *fr, int *len);

enum {
	R_OWN_TAGS	= 1 << 0,	/* the frame brings its tags: run it untouched, modes A, B */
	R_NO_ORACLE	= 1 << 1,
	R_UNTAGGED	= 1 << 2,	/* run untagged only (both modes) */
};

struct row {
	const char *desc;
	struct frame_spec spec;
	int expect;
	unsigned int flags;
	const struct env_cfg *cfg;
	check_fn check;
	fix_fn fix;
};

/* build, fix, classify and compare; returns 1 on success */
static int run_row(const struct row *r, const struct combo *c, int quiet)
{
	struct frame_spec s = r->spec;
	struct frame_info info;
	struct env_frame st;
	struct vr_pkt pkt, want;
	int len, t, pass = 1;

	if (c->tagged && !(s.set & FS_VLAN)) {
		s.set |= FS_VLAN;
		s.vlan = TEST_TCI;
	}
	len = frame_build_info(&s, fbuf, sizeof(fbuf), &info);
	if (len < 0) {
		diag("frame_build failed");
		return 0;
	}
	if (r->fix)
		r->fix(fbuf, &len);
	t = classify3(r->cfg ? r->cfg : &env_default_cfg, fbuf, len, c->mode, &pkt, &st);
	if (t != r->expect) {
		if (!quiet)
			diag("%s: got %s, want %s", c->name, tname(t), tname(r->expect));
		return 0;
	}
	if (t >= 0 && t != MALFORMED && t < VMROAM_FT_COUNT && !(r->flags & R_NO_ORACLE)) {
		oracle(t, fbuf, &want);
		if (memcmp(&pkt, &want, sizeof(pkt))) {
			if (!quiet) {
				diag("%s: struct vr_pkt differs", c->name);
				pkt_diff(&pkt, &want);
			}
			pass = 0;
		}
	}
	if (r->check && !r->check(r, &pkt, &st)) {
		if (!quiet)
			diag("%s: the row's own check failed", c->name);
		pass = 0;
	}
	if (st.max_end > READ_BOUND) {
		diag("%s: read up to byte %u", c->name, st.max_end);
		pass = 0;
	}
	return pass;
}

static void run_rows(const char *group, const struct row *rows, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		const struct combo *cs = combos;
		size_t nc = 3;

		if (r->flags & (R_OWN_TAGS | R_UNTAGGED)) {
			cs = own_tag_combos;
			nc = 2;
		}
		for (j = 0; j < nc; j++)
			tap(run_row(r, &cs[j], 0), "%s: %s [%s] -> %s", group, r->desc, cs[j].name,
			    tname(r->expect));
	}
}

#define IP(a, b, c, d)	{ a, b, c, d }
#define MAC(a, b, c, d, e, f) { 0x##a, 0x##b, 0x##c, 0x##d, 0x##e, 0x##f }
#define P(o, v)		{ o, v }
#define P16(o, v)	{ o, (v) >> 8 }, { (o) + 1, (v) & 0xff }
#define IP6(...)	{ __VA_ARGS__ }

/* --- 1. names --- */

static void test_names(void)
{
	int t;

	for (t = 0; t < VMROAM_FT_COUNT; t++) {
		const char *n = vr_frame_type_name(t);
		int pass = n && vr_frame_type_from_name(n) == t && frame_kind_name(t) &&
			   !strcmp(frame_kind_name(t), n);

		tap(pass, "names: type %d \"%s\" round trips (core and frame builders agree)", t,
		    n ? n : "(null)");
	}
	tap(!vr_frame_type_name(-1) && !vr_frame_type_name(VMROAM_FT_COUNT) &&
	    !vr_frame_type_name(1000), "names: out-of-range types have no name");
	tap(vr_frame_type_from_name("") == -1 && vr_frame_type_from_name("nope") == -1 &&
	    vr_frame_type_from_name("arp_garp_reques") == -1 &&
	    vr_frame_type_from_name("arp_garp_request_") == -1 &&
	    vr_frame_type_from_name("ARP_GARP_REQUEST") == -1 &&
	    vr_frame_type_from_name("ipv4_tcp") == -1,
	    "names: unknown, prefix, extended and upper-case names are rejected");
	tap(!strcmp(vr_frame_type_name(VMROAM_FT_MALFORMED), "malformed") &&
	    !strcmp(vr_frame_type_name(0), "arp_garp_request") &&
	    !strcmp(vr_frame_type_name(VMROAM_FT_DHCP_SERVER), "dhcp_server") &&
	    !strcmp(vr_frame_type_name(VMROAM_FT_ND_RA), "nd_ra") &&
	    !strcmp(vr_frame_type_name(VMROAM_FT_ND_REDIRECT), "nd_redirect") &&
	    !strcmp(vr_frame_type_name(VMROAM_FT_DHCP6_CLIENT), "dhcp6_client") &&
	    !strcmp(vr_frame_type_name(VMROAM_FT_DHCP6_SERVER), "dhcp6_server"),
	    "names: first, last, malformed and first-hop security types are spelt as in the UAPI");
}

/* --- 2. every announcement type, default frames --- */

static void test_all_types(void)
{
	size_t i, j;

	for (i = 0; i < frame_nkinds; i++) {
		const struct frame_kind_info *k = &frame_kinds[i];
		struct row r = { .spec = { .kind = k->kind }, .expect = k->expect };

		for (j = 0; j < 3; j++)
			tap(run_row(&r, &combos[j], 0), "type %s [%s] -> %s", k->name,
			    combos[j].name, tname(k->expect));
	}
}

/* --- 3. explicit values --- */

static int ck_garp(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	static const uint8_t ip[4] = { 192, 168, 1, 7 }, sha[6] = { 0x52, 0x54, 0, 0xaa, 0xbb, 0xcc };

	(void)r;
	(void)st;
	return !memcmp(&p->sip, ip, 4) && !memcmp(&p->tip, ip, 4) && !memcmp(p->sha, sha, 6) &&
	       p->tagged && p->vlan == 42 && !memcmp(p->eth_src, frame_mac_vm, 6);
}

static int ck_na(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	static const uint8_t sha[6] = { 0x52, 0x54, 0, 0xaa, 0xbb, 0xcc };

	(void)r;
	(void)st;
	return p->has_lla && !memcmp(p->sha, sha, 6) && p->nd_override &&
	       !memcmp(p->tip6, frame_ip6_vm, 16) && !memcmp(p->sip6, frame_ip6_vm, 16);
}

static int ck_ns_nolla(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)r;
	(void)st;
	return !p->has_lla && !memcmp(p->sha, frame_mac_other, 6) &&
	       !memcmp(p->tip6, frame_ip6_local, 16);
}

static int ck_ack(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	static const uint8_t yi[4] = { 10, 1, 2, 3 }, ch[6] = { 0x52, 0x54, 0, 0xaa, 0xbb, 0xcc };

	(void)r;
	(void)st;
	return p->dhcp_msg == VR_DHCP_ACK && p->dhcp_lease == 86400 && !memcmp(&p->tip, yi, 4) &&
	       !p->sip && !memcmp(p->sha, ch, 6) && !memcmp(p->eth_src, frame_mac_local, 6);
}

static int ck_request(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)r;
	(void)st;
	return p->dhcp_msg == VR_DHCP_REQUEST && p->dhcp_lease == 0 && !p->sip && !p->tip &&
	       !memcmp(p->sha, frame_mac_vm, 6);
}

static int ck_release(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)r;
	(void)st;
	return p->dhcp_msg == VR_DHCP_RELEASE && !memcmp(&p->sip, frame_ip_vm, 4);
}

static int ck_rarp(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)r;
	(void)st;
	return !memcmp(p->sha, frame_mac_vm, 6) && !memcmp(p->tha, frame_mac_vm, 6) && !p->sip &&
	       !p->tip;
}

static int ck_vlan(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)st;
	return p->tagged && p->vlan == (r->spec.vlan & 0xfff);
}

static const struct row explicit_rows[] = {
	{ "gratuitous request for 192.168.1.7 from 52:54:00:aa:bb:cc on VLAN 42",
	  { .kind = VMROAM_FT_ARP_GARP_REQUEST, .set = FS_SIP | FS_SHA | FS_VLAN,
	    .sip = IP(192, 168, 1, 7), .sha = MAC(52, 54, 00, aa, bb, cc), .vlan = 0x202a },
	  VMROAM_FT_ARP_GARP_REQUEST, R_UNTAGGED, NULL, ck_garp },
	{ "unsolicited NA: sha from the target LLA option, not the Ethernet source",
	  { .kind = VMROAM_FT_ND_NA_UNSOLICITED, .set = FS_SHA, .sha = MAC(52, 54, 00, aa, bb, cc) },
	  VMROAM_FT_ND_NA_UNSOLICITED, 0, NULL, ck_na },
	{ "NS without an LLA option: sha is the Ethernet source",
	  { .kind = VMROAM_FT_ND_NS, .set = FS_LLA | FS_SMAC, .lla = 0,
	    .smac = MAC(52, 54, 00, ab, cd, ef) },
	  VMROAM_FT_ND_NS, 0, NULL, ck_ns_nolla },
	{ "DHCP ACK: yiaddr 10.1.2.3, lease 86400, chaddr 52:54:00:aa:bb:cc",
	  { .kind = VMROAM_FT_DHCP_SERVER, .set = FS_TIP | FS_LEASE | FS_SHA,
	    .tip = IP(10, 1, 2, 3), .lease = 86400, .sha = MAC(52, 54, 00, aa, bb, cc) },
	  VMROAM_FT_DHCP_SERVER, 0, NULL, ck_ack },
	{ "DHCP REQUEST: msg 3, no lease",
	  { .kind = VMROAM_FT_DHCP_CLIENT, .set = FS_MSG, .dhcp_msg = 3 },
	  VMROAM_FT_DHCP_CLIENT, 0, NULL, ck_request },
	{ "DHCP RELEASE: ciaddr 10.0.0.2",
	  { .kind = VMROAM_FT_DHCP_CLIENT, .set = FS_MSG, .dhcp_msg = 7 },
	  VMROAM_FT_DHCP_CLIENT, 0, NULL, ck_release },
	{ "RARP request: sha = tha = 52:54:00:12:34:56, IPs 0",
	  { .kind = VMROAM_FT_RARP_REQUEST }, VMROAM_FT_RARP_REQUEST, 0, NULL, ck_rarp },
	{ "VLAN ID 0 (priority tag)",
	  { .kind = VMROAM_FT_ARP_GARP_REQUEST, .set = FS_VLAN, .vlan = 0xe000 },
	  VMROAM_FT_ARP_GARP_REQUEST, R_UNTAGGED, NULL, ck_vlan },
	{ "VLAN ID 4095",
	  { .kind = VMROAM_FT_ND_NA_UNSOLICITED, .set = FS_VLAN, .vlan = 0x0fff },
	  VMROAM_FT_ND_NA_UNSOLICITED, R_UNTAGGED, NULL, ck_vlan },
	{ "VLAN ID 1 with DEI set",
	  { .kind = VMROAM_FT_DHCP_CLIENT, .set = FS_VLAN, .vlan = 0x1001 },
	  VMROAM_FT_DHCP_CLIENT, R_UNTAGGED, NULL, ck_vlan },
	{ "single 802.1ad tag (TPID 0x88a8) is one tag like 802.1Q",
	  { .kind = VMROAM_FT_ARP_GARP_REQUEST, .set = FS_VLAN | FS_TPID, .vlan = 7,
	    .tpid = 0x88a8 },
	  VMROAM_FT_ARP_GARP_REQUEST, R_UNTAGGED, NULL, ck_vlan },
};

/* --- 4. ARP and RARP decisions --- */

static const uint8_t two_ips[2][4] = { { 10, 0, 0, 1 }, { 192, 168, 5, 5 } };
static const uint8_t two_macs[2][6] = { { 2, 0, 0, 0, 0, 1 }, { 2, 0, 0, 0, 0, 2 } };
static const struct env_cfg two_cfg = {
	.local_ip4 = two_ips, .n_local_ip4 = 2, .local_mac = two_macs, .n_local_mac = 2,
	.ip4_answer = -1, .mac_answer = -1, .headlen = SIZE_MAX,
};
static const struct env_cfg all_local_cfg = {
	.ip4_answer = 1, .mac_answer = 1, .headlen = SIZE_MAX,
};

static int ck_no_query(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)r;
	(void)p;
	return st->ip4_queries == 0 && st->mac_queries == 0;
}

#define ARP_REQ		.kind = VMROAM_FT_ARP_REQUEST_OTHER
#define ARP_REP		.kind = VMROAM_FT_ARP_REPLY_OTHER

static const struct row arp_rows[] = {
	{ "request from 0.0.0.0: probe", { ARP_REQ, .set = FS_SIP, .sip = IP(0, 0, 0, 0) },
	  VMROAM_FT_ARP_PROBE },
	{ "request from 0.0.0.0 for 0.0.0.0: probe",
	  { ARP_REQ, .set = FS_SIP | FS_TIP }, VMROAM_FT_ARP_PROBE },
	{ "request from 0.0.0.0 for a local address: probe, not local",
	  { ARP_REQ, .set = FS_SIP | FS_TIP, .tip = IP(10, 0, 0, 1) }, VMROAM_FT_ARP_PROBE,
	  0, NULL, ck_no_query },
	{ "request sip = tip: gratuitous",
	  { ARP_REQ, .set = FS_SIP | FS_TIP, .sip = IP(10, 9, 8, 7), .tip = IP(10, 9, 8, 7) },
	  VMROAM_FT_ARP_GARP_REQUEST, 0, NULL, ck_no_query },
	{ "request sip = tip = a local address: gratuitous (conflict), not local",
	  { ARP_REQ, .set = FS_SIP | FS_TIP, .sip = IP(10, 0, 0, 1), .tip = IP(10, 0, 0, 1) },
	  VMROAM_FT_ARP_GARP_REQUEST },
	{ "gratuitous request with tha = sha (unicast-style garp)",
	  { .kind = VMROAM_FT_ARP_GARP_REQUEST, .set = FS_THA, .tha = MAC(52, 54, 00, 12, 34, 56) },
	  VMROAM_FT_ARP_GARP_REQUEST },
	{ "gratuitous request to a unicast Ethernet address",
	  { .kind = VMROAM_FT_ARP_GARP_REQUEST, .set = FS_DMAC, .dmac = MAC(02, 00, 00, 00, 00, 01) },
	  VMROAM_FT_ARP_GARP_REQUEST },
	{ "request for 10.0.0.1 (local)", { ARP_REQ, .set = FS_TIP, .tip = IP(10, 0, 0, 1) },
	  VMROAM_FT_ARP_REQUEST_LOCAL },
	{ "request for 10.0.0.3 (other)", { ARP_REQ, .set = FS_TIP, .tip = IP(10, 0, 0, 3) },
	  VMROAM_FT_ARP_REQUEST_OTHER },
	{ "request for the second local address",
	  { ARP_REQ, .set = FS_TIP, .tip = IP(192, 168, 5, 5) }, VMROAM_FT_ARP_REQUEST_LOCAL, 0,
	  &two_cfg },
	{ "request for 192.168.5.6 with two local addresses",
	  { ARP_REQ, .set = FS_TIP, .tip = IP(192, 168, 5, 6) }, VMROAM_FT_ARP_REQUEST_OTHER, 0,
	  &two_cfg },
	{ "request unicast to the bridge, for another address: other",
	  { ARP_REQ, .set = FS_DMAC, .dmac = MAC(02, 00, 00, 00, 00, 01) },
	  VMROAM_FT_ARP_REQUEST_OTHER },
	{ "request when everything is local", { ARP_REQ }, VMROAM_FT_ARP_REQUEST_LOCAL, 0,
	  &all_local_cfg },
	{ "reply sip = tip: gratuitous reply", { ARP_REP, .set = FS_TIP, .tip = IP(10, 0, 0, 2) },
	  VMROAM_FT_ARP_GARP_REPLY, 0, NULL, ck_no_query },
	{ "reply sip = tip to a local MAC: gratuitous reply, not local",
	  { ARP_REP, .set = FS_TIP | FS_DMAC, .tip = IP(10, 0, 0, 2),
	    .dmac = MAC(02, 00, 00, 00, 00, 01) }, VMROAM_FT_ARP_GARP_REPLY },
	{ "reply sip = tip = 0.0.0.0 to broadcast: broadcast reply, not gratuitous",
	  { ARP_REP, .set = FS_SIP | FS_TIP | FS_DMAC, .dmac = MAC(ff, ff, ff, ff, ff, ff) },
	  VMROAM_FT_ARP_REPLY_BROADCAST },
	{ "reply sip = tip = 0.0.0.0 unicast to another MAC: other",
	  { ARP_REP, .set = FS_SIP | FS_TIP }, VMROAM_FT_ARP_REPLY_OTHER },
	{ "reply to ff:ff:ff:ff:ff:ff: broadcast",
	  { ARP_REP, .set = FS_DMAC, .dmac = MAC(ff, ff, ff, ff, ff, ff) },
	  VMROAM_FT_ARP_REPLY_BROADCAST, 0, NULL, ck_no_query },
	{ "reply to a multicast MAC: broadcast",
	  { ARP_REP, .set = FS_DMAC, .dmac = MAC(01, 00, 5e, 00, 00, 01) },
	  VMROAM_FT_ARP_REPLY_BROADCAST },
	{ "reply to a multicast MAC that is local: broadcast",
	  { ARP_REP, .set = FS_DMAC, .dmac = MAC(01, 00, 5e, 00, 00, 01) },
	  VMROAM_FT_ARP_REPLY_BROADCAST, 0, &all_local_cfg },
	{ "reply to the bridge's MAC: local",
	  { ARP_REP, .set = FS_DMAC, .dmac = MAC(02, 00, 00, 00, 00, 01) },
	  VMROAM_FT_ARP_REPLY_LOCAL },
	{ "reply to the bridge's MAC, tha another: local (Ethernet destination decides)",
	  { ARP_REP, .set = FS_DMAC | FS_THA, .dmac = MAC(02, 00, 00, 00, 00, 01),
	    .tha = MAC(52, 54, 00, 99, 99, 99) }, VMROAM_FT_ARP_REPLY_LOCAL },
	{ "reply to another MAC, tha the bridge's: other",
	  { ARP_REP, .set = FS_THA, .tha = MAC(02, 00, 00, 00, 00, 01) },
	  VMROAM_FT_ARP_REPLY_OTHER },
	{ "reply to the second local MAC",
	  { ARP_REP, .set = FS_DMAC, .dmac = MAC(02, 00, 00, 00, 00, 02) },
	  VMROAM_FT_ARP_REPLY_LOCAL, 0, &two_cfg },
	{ "reply to 02:00:00:00:00:03 with two local MACs",
	  { ARP_REP, .set = FS_DMAC, .dmac = MAC(02, 00, 00, 00, 00, 03) },
	  VMROAM_FT_ARP_REPLY_OTHER, 0, &two_cfg },
	{ "reply padded to 60 bytes", { ARP_REP, .pad_to = 60 }, VMROAM_FT_ARP_REPLY_OTHER },
	{ "RARP request (EtherType 0x8035, op 3)", { .kind = VMROAM_FT_RARP_REQUEST },
	  VMROAM_FT_RARP_REQUEST },
	{ "RARP reply (EtherType 0x8035, op 4)", { .kind = VMROAM_FT_RARP_REPLY },
	  VMROAM_FT_RARP_REPLY },
	{ "op 3 under the ARP EtherType: RARP request",
	  { ARP_REQ, .set = FS_OP, .op = 3 }, VMROAM_FT_RARP_REQUEST },
	{ "op 4 under the ARP EtherType: RARP reply",
	  { ARP_REP, .set = FS_OP, .op = 4 }, VMROAM_FT_RARP_REPLY },
	{ "RARP request from 10.0.0.2 for itself: still RARP",
	  { .kind = VMROAM_FT_RARP_REQUEST, .set = FS_SIP | FS_TIP, .sip = IP(10, 0, 0, 2),
	    .tip = IP(10, 0, 0, 2) }, VMROAM_FT_RARP_REQUEST },
	{ "RARP request padded to 60 bytes (QEMU's size)",
	  { .kind = VMROAM_FT_RARP_REQUEST, .pad_to = 60 }, VMROAM_FT_RARP_REQUEST },
};

/* --- 5. malformed --- */

#define NS	.kind = VMROAM_FT_ND_NS
#define NA_S	.kind = VMROAM_FT_ND_NA_SOLICITED
#define NA_U	.kind = VMROAM_FT_ND_NA_UNSOLICITED
#define DAD	.kind = VMROAM_FT_ND_NS_DAD
#define DC	.kind = VMROAM_FT_DHCP_CLIENT
#define DS	.kind = VMROAM_FT_DHCP_SERVER
#define GARP	.kind = VMROAM_FT_ARP_GARP_REQUEST
#define RA	.kind = VMROAM_FT_ND_RA
#define RD	.kind = VMROAM_FT_ND_REDIRECT
#define DC6	.kind = VMROAM_FT_DHCP6_CLIENT
#define DS6	.kind = VMROAM_FT_DHCP6_SERVER
#define PK(...)	.pokes = { __VA_ARGS__ },					\
		.npokes = sizeof((struct frame_poke[]){ __VA_ARGS__ }) / sizeof(struct frame_poke)

#define BOOTP	FRAME_IP4_BOOTP
#define COOKIE	(FRAME_IP4_BOOTP + FRAME_BOOTP_COOKIE)
#define OPTS	(COOKIE + 4)
#define ICMP	FRAME_IP6_ICMP
#define NDOPT	FRAME_IP6_ND_OPTS
#define RAOPT	FRAME_IP6_RA_OPTS
#define RDOPT	FRAME_IP6_REDIRECT_OPTS
#define UDP6	FRAME_IP6_UDP
#define DHCP6	FRAME_IP6_DHCP6

static const struct row malformed_rows[] = {
	/* ARP */
	{ "ARP htype 0", { GARP, PK(P16(0, 0)) }, MALFORMED },
	{ "ARP htype 7", { GARP, PK(P16(0, 7)) }, MALFORMED },
	{ "ARP htype 0x0101", { GARP, PK(P16(0, 0x0101)) }, MALFORMED },
	{ "ARP ptype 0x86dd", { GARP, PK(P16(2, 0x86dd)) }, MALFORMED },
	{ "ARP ptype 0x0000", { GARP, PK(P16(2, 0)) }, MALFORMED },
	{ "ARP ptype 0x0801", { GARP, PK(P16(2, 0x0801)) }, MALFORMED },
	{ "ARP hlen 0", { GARP, PK(P(4, 0)) }, MALFORMED },
	{ "ARP hlen 8", { GARP, PK(P(4, 8)) }, MALFORMED },
	{ "ARP plen 0", { GARP, PK(P(5, 0)) }, MALFORMED },
	{ "ARP plen 6", { GARP, PK(P(5, 6)) }, MALFORMED },
	{ "ARP plen 16", { GARP, PK(P(5, 16)) }, MALFORMED },
	{ "ARP opcode 0", { GARP, .set = FS_OP, .op = 0 }, MALFORMED },
	{ "ARP opcode 5", { GARP, .set = FS_OP, .op = 5 }, MALFORMED },
	{ "ARP opcode 8 (InARP request)", { GARP, .set = FS_OP, .op = 8 }, MALFORMED },
	{ "ARP opcode 0x0101", { GARP, .set = FS_OP, .op = 0x0101 }, MALFORMED },
	{ "ARP opcode 0xffff", { GARP, .set = FS_OP, .op = 0xffff }, MALFORMED },
	{ "ARP opcode 1 under the RARP EtherType", { .kind = FK_RARP_ARP_OP }, MALFORMED },
	{ "ARP opcode 2 under the RARP EtherType",
	  { .kind = VMROAM_FT_RARP_REPLY, .set = FS_OP, .op = 2 }, MALFORMED },
	{ "RARP opcode 5 under the RARP EtherType",
	  { .kind = VMROAM_FT_RARP_REPLY, .set = FS_OP, .op = 5 }, MALFORMED },
	{ "RARP htype 7", { .kind = VMROAM_FT_RARP_REQUEST, PK(P16(0, 7)) }, MALFORMED },
	{ "ARP body of 27 bytes", { GARP, .set = FS_TRUNC, .truncate = 14 + 27 }, MALFORMED,
	  R_UNTAGGED },
	{ "ARP EtherType and nothing after it", { GARP, .set = FS_TRUNC, .truncate = 14 },
	  MALFORMED, R_UNTAGGED },
	/* ND */
	{ "NA hop limit 64", { .kind = FK_ND_BAD_HOPLIMIT }, MALFORMED },
	{ "NS hop limit 0", { NS, .set = FS_HOPLIMIT, .hoplimit = 0 }, MALFORMED },
	{ "NS hop limit 1", { NS, .set = FS_HOPLIMIT, .hoplimit = 1 }, MALFORMED },
	{ "DAD NS hop limit 254", { DAD, .set = FS_HOPLIMIT, .hoplimit = 254 }, MALFORMED },
	{ "solicited NA hop limit 128", { NA_S, .set = FS_HOPLIMIT, .hoplimit = 128 }, MALFORMED },
	{ "NS ICMPv6 code 1", { .kind = FK_ND_BAD_CODE }, MALFORMED },
	{ "NA ICMPv6 code 255", { NA_U, PK(P(ICMP + 1, 255)) }, MALFORMED },
	{ "NS payload length 0", { NS, PK(P16(4, 0)) }, MALFORMED },
	{ "NS payload length 16", { .kind = FK_ND_PLEN_SHORT }, MALFORMED },
	{ "NS payload length 23", { NS, PK(P16(4, 23)) }, MALFORMED },
	{ "NS payload length 25 (1 byte of option)", { NS, PK(P16(4, 25)) }, MALFORMED },
	{ "NS payload length 31 (7 bytes of option)", { NS, PK(P16(4, 31)) }, MALFORMED },
	{ "NS payload length 33, frame has 32", { NS, PK(P16(4, 33)) }, MALFORMED },
	{ "NS payload length 8 past the frame", { .kind = FK_ND_PLEN_LONG }, MALFORMED },
	{ "NS payload length 0xffff", { NS, PK(P16(4, 0xffff)) }, MALFORMED },
	{ "NS payload length one past its options, within the frame", { NS, .pad_to = 120,
	  .l3len_adj = 1 }, MALFORMED },
	{ "DAD NS payload length 25", { DAD, PK(P16(4, 25)) }, MALFORMED },
	{ "NA payload length 24 + 9 in a padded frame", { NA_U, .pad_to = 130, PK(P16(4, 33)) },
	  MALFORMED },
	{ "NS option of length 0", { .kind = FK_ND_ZERO_OPT }, MALFORMED },
	{ "NA option of length 0", { NA_U, PK(P(NDOPT + 1, 0)) }, MALFORMED },
	{ "NS option of length 2 (16 bytes, 8 left)", { .kind = FK_ND_LONG_OPT }, MALFORMED },
	{ "NS option of length 255", { NS, PK(P(NDOPT + 1, 255)) }, MALFORMED },
	{ "NA option of length 2", { NA_S, PK(P(NDOPT + 1, 2)) }, MALFORMED },
	{ "NS second option of length 0", { NS, .pad_to = 102, PK(P(NDOPT + 9, 0)) }, MALFORMED },
	{ "NS second option runs past the payload", { NS, .pad_to = 102, PK(P(NDOPT + 9, 3)) },
	  MALFORMED },
	{ "NS payload length cutting an option in two",
	  { NS, .pad_to = 120, PK(P16(4, 40)) }, MALFORMED },
	{ "DAD NS with a source LLA option", { .kind = FK_ND_DAD_SLLA }, MALFORMED },
	{ "solicited NA to ff02::1", { .kind = FK_ND_NA_MCAST }, MALFORMED },
	{ "solicited NA to ff02::1:ff12:3456",
	  { NA_S, .set = FS_DIP6, .dip6 = IP6(0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0x12,
					       0x34, 0x56) }, MALFORMED },
	{ "solicited NA (flags R|S|O) to ff05::2",
	  { NA_S, .set = FS_DIP6 | FS_NDFLAGS, .nd_flags = 0xe0,
	    .dip6 = IP6(0xff, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2) }, MALFORMED },
	{ "NS for target ff02::1", { .kind = FK_ND_MCAST_TARGET }, MALFORMED },
	{ "NA for target ff02::1:2",
	  { NA_U, .set = FS_TIP6, .tip6 = IP6(0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2) },
	  MALFORMED },
	{ "DAD NS for target ff05::1",
	  { DAD, .set = FS_TIP6, .tip6 = IP6(0xff, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) },
	  MALFORMED },
	/* DHCP */
	{ "DHCP cookie byte 0", { DC, PK(P(COOKIE, 0x64)) }, MALFORMED },
	{ "DHCP cookie byte 1", { DC, PK(P(COOKIE + 1, 0)) }, MALFORMED },
	{ "DHCP cookie byte 2", { DS, PK(P(COOKIE + 2, 0x54)) }, MALFORMED },
	{ "DHCP cookie byte 3", { .kind = FK_DHCP_BAD_COOKIE }, MALFORMED },
	{ "DHCP cookie byte-swapped", { DS, PK(P(COOKIE, 0x63), P(COOKIE + 1, 0x53),
					   P(COOKIE + 2, 0x82), P(COOKIE + 3, 0x63)) }, MALFORMED },
	{ "DHCP htype 6", { .kind = FK_DHCP_BAD_HTYPE }, MALFORMED },
	{ "DHCP htype 0", { DS, PK(P(BOOTP + 1, 0)) }, MALFORMED },
	{ "DHCP hlen 16", { .kind = FK_DHCP_BAD_HLEN }, MALFORMED },
	{ "DHCP hlen 0", { DS, PK(P(BOOTP + 2, 0)) }, MALFORMED },
	{ "DHCP BOOTREQUEST to port 68", { .kind = FK_DHCP_BAD_OP }, MALFORMED },
	/* a DHCP message in fragments: none of ours, and its options out of sight */
	{ "DHCP first fragment (MF set)", { DC, PK(P16(6, 0x2000)) }, MALFORMED },
	{ "DHCP BOOTREQUEST to port 68", { DS, .set = FS_OP, .op = 1 }, MALFORMED },
	{ "DHCP op 0 from the client", { DC, .set = FS_OP, .op = 0 }, MALFORMED },
	{ "DHCP op 3 from the server", { DS, .set = FS_OP, .op = 3 }, MALFORMED },
	{ "DHCP op 3 relay to server", { DC, .set = FS_OP | FS_SPORT, .op = 3, .sport = 67 },
	  MALFORMED },
	{ "UDP length 0", { DC, PK(P16(FRAME_IP4_UDP + 4, 0)) }, MALFORMED },
	{ "UDP length 7", { .kind = FK_DHCP_ULEN_SHORT }, MALFORMED },
	{ "UDP length 8 (no BOOTP)", { DC, PK(P16(FRAME_IP4_UDP + 4, 8)) }, MALFORMED },
	{ "UDP length 208 (BOOTP shorter than 236)", { .kind = FK_DHCP_BOOTP_SHORT }, MALFORMED },
	{ "UDP length 247 (no room for the cookie)", { DS, PK(P16(FRAME_IP4_UDP + 4, 247)) },
	  MALFORMED },
	{ "UDP length past the IP payload", { .kind = FK_DHCP_ULEN_LONG }, MALFORMED },
	{ "UDP length 0xffff", { DS, PK(P16(FRAME_IP4_UDP + 4, 0xffff)) }, MALFORMED },
	{ "IP total length past the frame", { .kind = FK_DHCP_IPLEN_LONG }, MALFORMED },
	{ "IP total length 0xffff", { DC, PK(P16(2, 0xffff)) }, MALFORMED },
	{ "IP total length 27 (< header + UDP)", { DC, PK(P16(2, 27)) }, MALFORMED },
	{ "IP total length 0", { DS, PK(P16(2, 0)) }, MALFORMED },
	{ "IP total length 1 short of the UDP length", { DC, .l3len_adj = -1 }, MALFORMED },
	{ "option running past the message", { .kind = FK_DHCP_TRUNC_OPT }, MALFORMED },
	{ "option 53 without its value at the end",
	  { DC, .quirks = FQ_DHCP_NO_END, .udplen_adj = -1 }, MALFORMED },
	{ "option code without a length at the end",
	  { DC, .quirks = FQ_DHCP_NO_END, .udplen_adj = -2 }, MALFORMED },
	{ "lease option claiming 200 bytes",
	  { DS, PK(P(OPTS + 3 + 6 + 1, 200)) }, MALFORMED },
};

/* --- 6. well-formed corner cases --- */

static const struct row corner_rows[] = {
	{ "NS payload length 24, LLA option in the trailer: no LLA",
	  { NS, PK(P16(4, 24)) }, VMROAM_FT_ND_NS },
	{ "NS LLA option after an unknown option",
	  { NS, .pad_to = 102, PK(P(NDOPT, 253), P(NDOPT + 1, 2), P(NDOPT + 16, 1),
				  P(NDOPT + 17, 1)) }, VMROAM_FT_ND_NS },
	{ "NS with padding options after the LLA", { NS, .pad_to = 200 }, VMROAM_FT_ND_NS },
	{ "NS with a 2-unit source LLA option: not an Ethernet LLA",
	  { NS, .pad_to = 102, PK(P(NDOPT + 1, 2), P(NDOPT + 16, 253), P(NDOPT + 17, 1)) },
	  VMROAM_FT_ND_NS },
	{ "NS with a target LLA option: ignored", { NS, PK(P(NDOPT, 2)) }, VMROAM_FT_ND_NS },
	{ "NA with a source LLA option: ignored", { NA_U, PK(P(NDOPT, 1)) },
	  VMROAM_FT_ND_NA_UNSOLICITED },
	{ "DAD NS with a target LLA option: still DAD",
	  { DAD, .set = FS_LLA, .lla = 1, PK(P(NDOPT, 2)) }, VMROAM_FT_ND_NS_DAD },
	{ "DAD NS padded with unknown options", { DAD, .pad_to = 300 }, VMROAM_FT_ND_NS_DAD },
	{ "DAD NS with a nonce option (RFC 7527)",
	  { DAD, .set = FS_LLA, .lla = 1, PK(P(NDOPT, 14)) }, VMROAM_FT_ND_NS_DAD },
	{ "NA without an LLA option", { NA_S, .set = FS_LLA, .lla = 0 }, VMROAM_FT_ND_NA_SOLICITED },
	{ "NA, flags R only: unsolicited, no override",
	  { NA_U, .set = FS_NDFLAGS, .nd_flags = 0x80 }, VMROAM_FT_ND_NA_UNSOLICITED },
	{ "NA, no flags, to a unicast address: unsolicited",
	  { NA_U, .set = FS_NDFLAGS | FS_DIP6, .nd_flags = 0,
	    .dip6 = IP6(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) },
	  VMROAM_FT_ND_NA_UNSOLICITED },
	{ "NA, flags R|S|O to a unicast address: solicited",
	  { NA_S, .set = FS_NDFLAGS, .nd_flags = 0xe0 }, VMROAM_FT_ND_NA_SOLICITED },
	{ "NA, S only: solicited, no override", { NA_S, .set = FS_NDFLAGS, .nd_flags = 0x40 },
	  VMROAM_FT_ND_NA_SOLICITED },
	{ "NA, reserved flag bits set", { NA_U, PK(P(ICMP + 4, 0x3f), P(ICMP + 7, 0xff)) },
	  VMROAM_FT_ND_NA_UNSOLICITED },
	{ "NS with a bad checksum: not checked", { NS, .bad_csum = 1 }, VMROAM_FT_ND_NS },
	{ "NS with a flow label and traffic class", { NS, PK(P(0, 0x6f), P(1, 0xff), P(3, 0x12)) },
	  VMROAM_FT_ND_NS },
	{ "NS from a global address for a global target",
	  { NS, .set = FS_SIP6 | FS_TIP6,
	    .sip6 = IP6(0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2),
	    .tip6 = IP6(0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) }, VMROAM_FT_ND_NS },
	{ "DHCP without an end option", { DC, .quirks = FQ_DHCP_NO_END }, VMROAM_FT_DHCP_CLIENT },
	{ "DHCP without options (UDP length 248)", { DC, PK(P16(FRAME_IP4_UDP + 4, 248)) },
	  VMROAM_FT_DHCP_CLIENT },
	{ "DHCP UDP length 1 short of the IP payload (end option outside)",
	  { DS, .udplen_adj = -1 }, VMROAM_FT_DHCP_SERVER },
	{ "DHCP message type 0", { DC, PK(P(OPTS + 2, 0)) }, VMROAM_FT_DHCP_CLIENT },
	{ "DHCP message type 8 (INFORM)", { DC, .set = FS_MSG, .dhcp_msg = 8 },
	  VMROAM_FT_DHCP_CLIENT },
	{ "DHCP message type 9: none", { DC, .set = FS_MSG, .dhcp_msg = 9 }, VMROAM_FT_DHCP_CLIENT },
	{ "DHCP message type 255: none", { DS, .set = FS_MSG, .dhcp_msg = 255 },
	  VMROAM_FT_DHCP_SERVER },
	{ "DHCP option 53 of length 2: ignored", { DC, PK(P(OPTS + 1, 2)) },
	  VMROAM_FT_DHCP_CLIENT },
	{ "DHCP lease option of length 2: ignored",
	  { DC, .set = FS_LEASE, .lease = 0x12340000, PK(P(OPTS + 4, 2)) }, VMROAM_FT_DHCP_CLIENT },
	{ "DHCP lease 0xffffffff (infinite)", { DS, .set = FS_LEASE, .lease = 0xffffffff },
	  VMROAM_FT_DHCP_SERVER },
	{ "DHCP NAK without lease", { DS, .set = FS_MSG, .dhcp_msg = 6 }, VMROAM_FT_DHCP_SERVER },
	{ "DHCP OFFER", { DS, .set = FS_MSG, .dhcp_msg = 2 }, VMROAM_FT_DHCP_SERVER },
	{ "DHCP DECLINE", { DC, .set = FS_MSG, .dhcp_msg = 4 }, VMROAM_FT_DHCP_CLIENT },
	{ "DHCP padded to 1500 bytes", { DS, .pad_to = 1500 }, VMROAM_FT_DHCP_SERVER },
	{ "DHCP relay to server (67 -> 67), BOOTREQUEST",
	  { DC, .set = FS_SPORT, .sport = 67 }, VMROAM_FT_DHCP_CLIENT },
	{ "DHCP server to relay (67 -> 67), BOOTREPLY",
	  { DS, .set = FS_DPORT, .dport = 67 }, VMROAM_FT_DHCP_SERVER },
	{ "DHCP with DF set", { DS, PK(P16(6, 0x4000)) }, VMROAM_FT_DHCP_SERVER },
	{ "DHCP with bad IP and UDP checksums: not checked", { DC, .bad_csum = 1 },
	  VMROAM_FT_DHCP_CLIENT },
	{ "DHCP with hops and a relay address", { DC, PK(P(BOOTP + 3, 1), P(BOOTP + 24, 10),
						     P(BOOTP + 27, 1)) }, VMROAM_FT_DHCP_CLIENT },
	{ "DHCP unicast renewal from 10.0.0.2",
	  { DC, .set = FS_MSG | FS_SIP | FS_IPDST, .dhcp_msg = 3, .sip = IP(10, 0, 0, 2),
	    .ip_dst = IP(10, 0, 0, 1) }, VMROAM_FT_DHCP_CLIENT },
};

/* --- 6b. router advertisements, redirects and DHCPv6 --- */

static const uint8_t mac_aa[6] = { 0x52, 0x54, 0, 0xaa, 0xbb, 0xcc };
/* fe80::5054:ff:feab:cdef: the default redirect target (frame_mac_other's) */
static const uint8_t ip6_other_ll[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
					  0x50, 0x54, 0x00, 0xff, 0xfe, 0xab, 0xcd, 0xef };

static int zero_bytes(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return 0;
	return 1;
}

/* nothing of ARP, DHCPv4 or DHCPv6 in a record of ND, RA or redirect */
static int nd_clean(const struct vr_pkt *p)
{
	return !p->sip && !p->tip && zero_bytes(p->tha, 6) && !p->dhcp_msg && !p->dhcp_lease &&
	       !p->dhcp6_msg && !p->n_ia && zero_bytes(p->ia_addr, sizeof(p->ia_addr)) &&
	       zero_bytes(p->ia_valid, sizeof(p->ia_valid));
}

static int ck_ra_default(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)r;
	(void)st;
	return nd_clean(p) && !memcmp(p->sip6, frame_ip6_local, 16) && zero_bytes(p->tip6, 16) &&
	       p->has_lla && !memcmp(p->sha, frame_mac_local, 6) && !p->nd_router &&
	       !p->nd_override;
}

static int ck_ra_slla(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)r;
	(void)st;
	return p->has_lla && !memcmp(p->sha, mac_aa, 6) && !memcmp(p->eth_src, frame_mac_local, 6);
}

static int ck_eth_src_other(const struct row *r, const struct vr_pkt *p,
			    const struct env_frame *st)
{
	(void)r;
	(void)st;
	return !p->has_lla && !memcmp(p->sha, frame_mac_other, 6) &&
	       !memcmp(p->eth_src, frame_mac_other, 6);
}

/* the target's link-layer option names the target: the sender is the Ethernet source */
static int ck_redirect_default(const struct row *r, const struct vr_pkt *p,
			       const struct env_frame *st)
{
	(void)r;
	(void)st;
	return nd_clean(p) && !memcmp(p->sip6, frame_ip6_local, 16) &&
	       !memcmp(p->tip6, ip6_other_ll, 16) && !p->has_lla &&
	       !memcmp(p->sha, frame_mac_local, 6);
}

static int ck_na_router(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)st;
	return p->nd_router == !!(r->spec.nd_router) && p->nd_override && !p->dhcp6_msg;
}

static int ck_solicit_default(const struct row *r, const struct vr_pkt *p,
			      const struct env_frame *st)
{
	(void)r;
	(void)st;
	return p->dhcp6_msg == VR_DHCP6_SOLICIT && !p->n_ia && !memcmp(p->sha, frame_mac_vm, 6) &&
	       !memcmp(p->sha, p->eth_src, 6) && !memcmp(p->sip6, frame_ip6_vm, 16) &&
	       zero_bytes(p->tip6, 16) && !p->sip && !p->tip && !p->dhcp_msg && !p->has_lla;
}

static int ck_reply_default(const struct row *r, const struct vr_pkt *p,
			    const struct env_frame *st)
{
	(void)r;
	(void)st;
	return p->dhcp6_msg == VR_DHCP6_REPLY && p->n_ia == 1 &&
	       !memcmp(p->ia_addr[0], frame_ip6_lease, 16) && p->ia_valid[0] == 3600 &&
	       !memcmp(p->sha, frame_mac_vm, 6) && !memcmp(p->sha, p->eth_dst, 6) &&
	       !memcmp(p->eth_src, frame_mac_local, 6) && !memcmp(p->sip6, frame_ip6_local, 16) &&
	       zero_bytes(p->ia_addr[1], 16 * 3) && !p->ia_valid[1];
}

/* the row's message type, client, and addresses (given with FS_IA) */
static int ck_dhcp6(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	const struct frame_spec *s = &r->spec;
	int server = r->expect == VMROAM_FT_DHCP6_SERVER, i, n;
	int msg = s->set & FS_MSG ? s->dhcp_msg : server ? VR_DHCP6_REPLY : VR_DHCP6_SOLICIT;

	(void)st;
	if (p->dhcp6_msg != msg ||
	    memcmp(p->sha, s->set & FS_SHA ? s->sha : frame_mac_vm, 6) ||
	    memcmp(p->sha, server ? p->eth_dst : p->eth_src, 6))
		return 0;
	if (!(s->set & FS_IA))
		return 1;
	n = s->n_ia < VR_DHCP6_ADDRS ? s->n_ia : VR_DHCP6_ADDRS;
	if (p->n_ia != n)
		return 0;
	for (i = 0; i < n; i++)
		if (memcmp(p->ia_addr[i], s->ia_addr[i], 16) || p->ia_valid[i] != s->ia_valid[i])
			return 0;
	return 1;
}

/* whom the DHCPv6 message speaks for: its Ethernet source, or a server's destination */
static int ck_dhcp6_by_eth(const struct row *r, const struct vr_pkt *p,
			   const struct env_frame *st)
{
	(void)st;
	return !memcmp(p->sha, r->expect == VMROAM_FT_DHCP6_SERVER ? p->eth_dst : p->eth_src, 6) &&
	       !memcmp(p->sha, r->expect == VMROAM_FT_DHCP6_SERVER ? frame_mac_other : frame_mac_vm,
		       6);
}

static int ck_no_ia(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)r;
	(void)st;
	return p->n_ia == 0 && zero_bytes(p->ia_addr, sizeof(p->ia_addr));
}

/* the addresses 2001:db8::@a and ::@b with valid lifetimes 100 * their last byte */
static int ck_ia2(const struct vr_pkt *p, int a, int b)
{
	return p->n_ia == 2 && p->ia_addr[0][15] == a && p->ia_addr[1][15] == b &&
	       p->ia_valid[0] == 100u * a && p->ia_valid[1] == 100u * b &&
	       p->ia_addr[0][0] == 0x20 && p->ia_addr[1][1] == 0x01;
}

static int ck_ia_1_2(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)r;
	(void)st;
	return ck_ia2(p, 1, 2);
}

static int ck_ia_one(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)r;
	(void)st;
	return p->n_ia == 1 && p->ia_addr[0][15] == 3 && p->ia_valid[0] == 300;
}

static int ck_prio_tag(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)r;
	(void)st;
	return p->tagged && p->vlan == 0;
}

/* Replace the options of a built DHCPv6 message (a relay's too) with @o; fix the lengths. */
static void dhcp6_set_opts(unsigned char *fr, int *len, const unsigned char *o, size_t n)
{
	unsigned char *ip6 = fr + l3_of(fr), *udp = ip6 + 40, *m = udp + 8;
	size_t hdr = m[0] == 12 || m[0] == 13 ? 34 : 4, ulen = 8 + hdr + n;

	if (n)
		memcpy(m + hdr, o, n);
	ip6[4] = (uint8_t)(ulen >> 8);
	ip6[5] = (uint8_t)ulen;
	udp[4] = ip6[4];
	udp[5] = ip6[5];
	*len = (int)(m + hdr + n - fr);
}

#define O16(v)		((v) >> 8) & 0xff, (v) & 0xff
#define O32(v)		((v) >> 24) & 0xff, ((v) >> 16) & 0xff, ((v) >> 8) & 0xff, (v) & 0xff
/* 2001:db8::x */
#define A6(x)		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, x
/* an IAADDR for 2001:db8::x, valid 100 * x */
#define IAADDR(x)	O16(5), O16(24), A6(x), O32(50 * (x)), O32(100 * (x))
/* an IA_NA holding @len bytes of options */
#define IA_NA(len)	O16(3), O16(12 + (len)), 0, 0, 0, 1, O32(0), O32(0)

#define OPTS_FIX(name, ...)							\
static void name(unsigned char *fr, int *len)					\
{										\
	static const unsigned char o[] = { __VA_ARGS__ };			\
										\
	dhcp6_set_opts(fr, len, o, sizeof(o));					\
}

static void o_none(unsigned char *fr, int *len)
{
	dhcp6_set_opts(fr, len, NULL, 0);
}

OPTS_FIX(o_two_ia_na, IA_NA(28), IAADDR(1), IA_NA(28), IAADDR(2))
OPTS_FIX(o_iaaddr_status, IA_NA(34), O16(5), O16(30), A6(3), O32(150), O32(300),
	 O16(13), O16(2), O16(0))
OPTS_FIX(o_ia_other_first, IA_NA(6 + 28), O16(13), O16(2), O16(0), IAADDR(3))
OPTS_FIX(o_ia_ta, O16(4), O16(4 + 28), 0, 0, 0, 1, IAADDR(5))
OPTS_FIX(o_top_iaaddr, IAADDR(6))
OPTS_FIX(o_ia_na_12, IA_NA(0))
OPTS_FIX(o_ia_na_11, O16(3), O16(11), 0, 0, 0, 1, O32(0), 0, 0, 0)
OPTS_FIX(o_iaaddr_23, IA_NA(27), O16(5), O16(23), A6(7), O32(0), 0, 0, 0)
OPTS_FIX(o_iaaddr_20_then, IA_NA(24 + 28), O16(5), O16(20), A6(7), O32(0), IAADDR(1))
OPTS_FIX(o_iaaddr_past_ia, IA_NA(28), O16(5), O16(32), A6(7), O32(0), O32(0),
	 O16(14), O16(4), 0, 0, 0, 0)
OPTS_FIX(o_header_cut, IA_NA(28), IAADDR(1), O16(1))
OPTS_FIX(o_past_udp, O16(23), O16(32), A6(1))
OPTS_FIX(o_relay_past, O16(9), O16(100), 1, 0, 0, 0)
OPTS_FIX(o_relay_ia, IA_NA(28), IAADDR(1))

/* the options with an IA_NA for 2001:db8::3 after @skip bytes of another option */
static void opts_ia_after(unsigned char *fr, int *len, size_t skip, size_t count)
{
	static const unsigned char ia[] = { IA_NA(28), IAADDR(3) };
	unsigned char o[1200];
	size_t n = 0, i;

	for (i = 0; i < count; i++) {		/* @count empty options (rapid commit) */
		o[n++] = 0;
		o[n++] = 14;
		o[n++] = 0;
		o[n++] = 0;
	}
	if (skip) {
		o[n++] = 0xfd;			/* 65000, unassigned */
		o[n++] = 0xe8;
		o[n++] = (uint8_t)(skip >> 8);
		o[n++] = (uint8_t)skip;
		memset(o + n, 0, skip);
		n += skip;
	}
	memcpy(o + n, ia, sizeof(ia));
	dhcp6_set_opts(fr, len, o, n + sizeof(ia));
}

static void o_ia_at_400(unsigned char *fr, int *len)
{
	opts_ia_after(fr, len, 400, 0);
}

/* the IAADDR's body ends past the 512 bytes walked: not read */
static void o_ia_at_470(unsigned char *fr, int *len)
{
	opts_ia_after(fr, len, 470, 0);
}

static void o_ia_at_520(unsigned char *fr, int *len)
{
	opts_ia_after(fr, len, 520, 0);
}

/* 63 options before the IA_NA: the IA_NA is the 64th, its IAADDR the 65th */
static void o_ia_64th(unsigned char *fr, int *len)
{
	opts_ia_after(fr, len, 0, 63);
}

static void o_ia_63rd(unsigned char *fr, int *len)
{
	opts_ia_after(fr, len, 0, 62);
}

/* past the 512 bytes walked, an option running past the message is not seen */
static void o_past_udp_late(unsigned char *fr, int *len)
{
	unsigned char o[600] = { 0xfd, 0xe8, O16(516) };

	o[520] = 0;
	o[521] = 23;
	o[522] = 0;
	o[523] = 32;
	dhcp6_set_opts(fr, len, o, 530);
}

/* a relay message of 33 bytes after the UDP header: shorter than its fixed part */
static void o_relay_short(unsigned char *fr, int *len)
{
	unsigned char *ip6 = fr + l3_of(fr);

	dhcp6_set_opts(fr, len, NULL, 0);
	ip6[5]--;
	ip6[45]--;
	(*len)--;
}

/* the ICMPv6 type or UDP ports in a later fragment (RFC 7113: RA guard evasion) */
#define PUSHED	(FQ_IP6_FRAG | FQ_IP6_DSTOPTS | FQ_IP6_NO_UPPER)
/* the fragment header's offset and flags, after an IPv6 header */
#define FRAGOFF	(40 + 2)

static const struct row ra_rows[] = {
	{ "RA: from fe80::1, sender its source LLA", { RA }, VMROAM_FT_ND_RA, 0, NULL,
	  ck_ra_default },
	{ "RA: source LLA another than the Ethernet source: the LLA",
	  { RA, .set = FS_SHA, .sha = MAC(52, 54, 00, aa, bb, cc) }, VMROAM_FT_ND_RA, 0, NULL,
	  ck_ra_slla },
	{ "RA without a source LLA: the Ethernet source",
	  { RA, .set = FS_LLA | FS_SMAC, .lla = 0, .smac = MAC(52, 54, 00, ab, cd, ef) },
	  VMROAM_FT_ND_RA, 0, NULL, ck_eth_src_other },
	{ "RA without options (payload length 16)",
	  { RA, .set = FS_LLA | FS_PIO, .lla = 0, .pio = 0 }, VMROAM_FT_ND_RA },
	{ "RA payload length 16, its options in the trailer", { RA, PK(P16(4, 16)) },
	  VMROAM_FT_ND_RA },
	{ "RA with router lifetime 0", { RA, .set = FS_RLIFETIME, .rlifetime = 0 },
	  VMROAM_FT_ND_RA },
	{ "RA with the M and O flags", { RA, .set = FS_NDFLAGS, .nd_flags = 0xc0 },
	  VMROAM_FT_ND_RA },
	{ "RA with prefix 2001:db8:bad::/64", { RA, .set = FS_PREFIX, .prefix_len = 64,
	  .prefix = IP6(0x20, 1, 0xd, 0xb8, 0xb, 0xad), .prefix_valid = 600, .prefix_pref = 300 },
	  VMROAM_FT_ND_RA },
	{ "RA padded to 1500 bytes with unknown options", { RA, .pad_to = 1500 },
	  VMROAM_FT_ND_RA },
	{ "RA with a bad checksum: not checked", { RA, .bad_csum = 1 }, VMROAM_FT_ND_RA },
	{ "RA from a global address (the receiver's check, not ours)",
	  { RA, .set = FS_SIP6, .sip6 = IP6(0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					    1) }, VMROAM_FT_ND_RA },
	{ "RA from ::", { RA, .set = FS_SIP6 }, VMROAM_FT_ND_RA },
	{ "RA unicast to the VM", { RA, .set = FS_DIP6, .dip6 = IP6(0xfe, 0x80, 0, 0, 0, 0, 0, 0,
	  0x50, 0x54, 0, 0xff, 0xfe, 0x12, 0x34, 0x56) }, VMROAM_FT_ND_RA },
	{ "RA in a priority tag (VLAN 0, priority 6)",
	  { RA, .set = FS_VLAN, .vlan = 0xc000 }, VMROAM_FT_ND_RA, R_UNTAGGED, NULL,
	  ck_prio_tag },
	{ "RA with a 2-unit source LLA option: not an Ethernet LLA",
	  { RA, .set = FS_PIO, .pio = 0, .pad_to = 94,
	    PK(P(RAOPT + 1, 2), P(RAOPT + 16, 253), P(RAOPT + 17, 1)) }, VMROAM_FT_ND_RA },
	{ "RA with a target LLA option: not the sender's",
	  { RA, .set = FS_SMAC, .smac = MAC(52, 54, 00, ab, cd, ef), PK(P(RAOPT, 2)) },
	  VMROAM_FT_ND_RA, 0, NULL, ck_eth_src_other },
	{ "RA hop limit 254", { .kind = FK_RA_BAD_HOPLIMIT }, MALFORMED },
	{ "RA hop limit 64", { RA, .set = FS_HOPLIMIT, .hoplimit = 64 }, MALFORMED },
	{ "RA hop limit 0", { RA, .set = FS_HOPLIMIT, .hoplimit = 0 }, MALFORMED },
	{ "RA code 1", { RA, PK(P(ICMP + 1, 1)) }, MALFORMED },
	{ "RA payload length 12", { .kind = FK_RA_SHORT }, MALFORMED },
	{ "RA payload length 15", { RA, PK(P16(4, 15)) }, MALFORMED },
	{ "RA payload length 0", { RA, PK(P16(4, 0)) }, MALFORMED },
	{ "RA payload length 8 past the frame", { RA, .l3len_adj = 8 }, MALFORMED },
	{ "RA payload length 20: an option cut", { RA, PK(P16(4, 20)) }, MALFORMED },
	{ "RA option of length 0", { RA, PK(P(RAOPT + 1, 0)) }, MALFORMED },
	{ "RA prefix option running past the payload", { RA, PK(P(RAOPT + 9, 5)) }, MALFORMED },
	{ "RA in a first fragment (RFC 6980)", { .kind = FK_RA_FRAG }, MALFORMED },
	{ "RA in an atomic fragment (offset 0, no more fragments)",
	  { RA, .quirks = FQ_IP6_FRAG, PK(P16(FRAGOFF, 0)) }, MALFORMED },
	{ "RA in a first fragment behind destination options",
	  { RA, .quirks = FQ_IP6_FRAG | FQ_IP6_DSTOPTS }, MALFORMED },
	{ "RA's first fragment, the ICMPv6 header pushed out (RFC 7113)",
	  { .kind = FK_RA_FRAG_PUSHED }, VR_FT_UNPARSED },
	{ "RA's first fragment, the ICMPv6 header pushed past the payload, into the trailer",
	  { RA, .quirks = PUSHED, .pad_to = 150 }, VR_FT_UNPARSED },
	{ "RA's first fragment cut inside its destination options",
	  { RA, .quirks = PUSHED, .set = FS_TRUNC, .truncate = 14 + 40 + 8 + 4 }, VR_FT_UNPARSED,
	  R_UNTAGGED },
	{ "RA's fragment header cut: not known to be a fragment",
	  { RA, .quirks = FQ_IP6_FRAG, .set = FS_TRUNC, .truncate = 14 + 40 + 4 }, NONE,
	  R_UNTAGGED },
	{ "RA, a later fragment (offset 8)", { RA, .quirks = FQ_IP6_FRAG, PK(P16(FRAGOFF, 9)) },
	  NONE },
	{ "RA, the last fragment (offset 1232)",
	  { RA, .quirks = FQ_IP6_FRAG, PK(P16(FRAGOFF, 1232)) }, NONE },
	{ "first fragment of an echo request: not ours", { .kind = FK_ICMP6_ECHO,
	  .quirks = FQ_IP6_FRAG }, NONE },
	{ "first fragment of a router solicitation: not ours", { .kind = FK_ICMP6_RS,
	  .quirks = FQ_IP6_FRAG }, NONE },
	{ "first fragment of TCP, its header pushed out: the chain says TCP, not ours",
	  { .kind = FK_IPV6_TCP, .quirks = PUSHED }, NONE },
	/* redirect */
	{ "redirect: from fe80::1, target fe80::5054:ff:feab:cdef, sender the Ethernet source",
	  { RD }, VMROAM_FT_ND_REDIRECT, 0, NULL, ck_redirect_default },
	{ "redirect without options (payload length 40)", { RD, .set = FS_LLA, .lla = 0 },
	  VMROAM_FT_ND_REDIRECT },
	{ "redirect with a source LLA option: still the Ethernet source",
	  { RD, .set = FS_SMAC, .smac = MAC(52, 54, 00, ab, cd, ef), PK(P(RDOPT, 1)) },
	  VMROAM_FT_ND_REDIRECT, 0, NULL, ck_eth_src_other },
	{ "redirect padded to 1500 bytes", { RD, .pad_to = 1500 }, VMROAM_FT_ND_REDIRECT },
	{ "redirect payload length 32", { .kind = FK_REDIRECT_SHORT }, MALFORMED },
	{ "redirect payload length 39", { RD, .set = FS_LLA, .lla = 0, PK(P16(4, 39)) },
	  MALFORMED },
	{ "redirect hop limit 64", { RD, .set = FS_HOPLIMIT, .hoplimit = 64 }, MALFORMED },
	{ "redirect code 1", { RD, PK(P(ICMP + 1, 1)) }, MALFORMED },
	{ "redirect option of length 0", { RD, PK(P(RDOPT + 1, 0)) }, MALFORMED },
	{ "redirect option running past the payload", { RD, PK(P(RDOPT + 1, 2)) }, MALFORMED },
	{ "redirect in a first fragment", { RD, .quirks = FQ_IP6_FRAG }, MALFORMED },
	{ "redirect's first fragment, the ICMPv6 header pushed out", { RD, .quirks = PUSHED },
	  VR_FT_UNPARSED },
	{ "NS body under ICMPv6 type 137: a redirect, too short", { NS, PK(P(ICMP, 137)) },
	  MALFORMED },
	/* the NA's R flag */
	{ "NA with the R flag", { NA_U, .set = FS_ROUTER, .nd_router = 1 },
	  VMROAM_FT_ND_NA_UNSOLICITED, 0, NULL, ck_na_router },
	{ "solicited NA with the R flag",
	  { NA_S, .set = FS_ROUTER, .nd_router = 1 }, VMROAM_FT_ND_NA_SOLICITED, 0, NULL,
	  ck_na_router },
	{ "NA without the R flag", { NA_U, .set = FS_ROUTER, .nd_router = 0 },
	  VMROAM_FT_ND_NA_UNSOLICITED, 0, NULL, ck_na_router },
};

#define IA1(a, v)	.n_ia = 1, .ia_addr = { a }, .ia_valid = { v }
#define ADDR(x)		IP6(0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, x)

static const struct row dhcp6_rows[] = {
	{ "SOLICIT from the VM: the client is the Ethernet source", { DC6 },
	  VMROAM_FT_DHCP6_CLIENT, 0, NULL, ck_solicit_default },
	{ "REPLY to the VM: the client is the Ethernet destination, 2001:db8::100 valid 3600",
	  { DS6 }, VMROAM_FT_DHCP6_SERVER, 0, NULL, ck_reply_default },
	{ "REPLY to 52:54:00:aa:bb:cc, 2001:db8::55 valid 7200",
	  { DS6, IA1(ADDR(0x55), 7200), .set = FS_IA | FS_SHA,
	    .sha = MAC(52, 54, 00, aa, bb, cc) },
	  VMROAM_FT_DHCP6_SERVER, 0, NULL, ck_dhcp6 },
	{ "ADVERTISE with two addresses",
	  { DS6, .set = FS_MSG | FS_IA, .dhcp_msg = 2, .n_ia = 2,
	    .ia_addr = { ADDR(1), ADDR(2) }, .ia_valid = { 0xffffffff, 60 } },
	  VMROAM_FT_DHCP6_SERVER, 0, NULL, ck_dhcp6 },
	{ "REPLY with 5 addresses: the first 4 kept, in order",
	  { DS6, .set = FS_IA, .n_ia = 5,
	    .ia_addr = { ADDR(1), ADDR(2), ADDR(3), ADDR(4), ADDR(5) },
	    .ia_valid = { 1, 2, 3, 4, 5 } }, VMROAM_FT_DHCP6_SERVER, 0, NULL, ck_dhcp6 },
	{ "REPLY with an IA_NA without addresses", { DS6, .set = FS_IA, .n_ia = 0 },
	  VMROAM_FT_DHCP6_SERVER, 0, NULL, ck_dhcp6 },
	{ "REPLY without an IA_NA", { DS6, .set = FS_IANA, .ia_na = 0 }, VMROAM_FT_DHCP6_SERVER,
	  0, NULL, ck_no_ia },
	{ "REPLY with two IA_NA options: their addresses in order", { DS6 },
	  VMROAM_FT_DHCP6_SERVER, 0, NULL, ck_ia_1_2, o_two_ia_na },
	{ "REPLY: an IAADDR with a status code inside", { DS6 }, VMROAM_FT_DHCP6_SERVER, 0, NULL,
	  ck_ia_one, o_iaaddr_status },
	{ "REPLY: a status code before the IAADDR in the IA_NA", { DS6 }, VMROAM_FT_DHCP6_SERVER,
	  0, NULL, ck_ia_one, o_ia_other_first },
	{ "REPLY: an IAADDR in an IA_TA: not an IA_NA's", { DS6 }, VMROAM_FT_DHCP6_SERVER, 0, NULL,
	  ck_no_ia, o_ia_ta },
	{ "REPLY: an IAADDR at the top level: not an IA_NA's", { DS6 }, VMROAM_FT_DHCP6_SERVER, 0,
	  NULL, ck_no_ia, o_top_iaaddr },
	{ "REPLY: an IA_NA of 12 bytes", { DS6 }, VMROAM_FT_DHCP6_SERVER, 0, NULL, ck_no_ia,
	  o_ia_na_12 },
	{ "REPLY: an IA_NA 400 bytes into the options: kept", { DS6 }, VMROAM_FT_DHCP6_SERVER, 0,
	  NULL, ck_ia_one, o_ia_at_400 },
	{ "REPLY: an IAADDR ending past the 512 bytes walked: not kept", { DS6 },
	  VMROAM_FT_DHCP6_SERVER, R_NO_ORACLE, NULL, ck_no_ia, o_ia_at_470 },
	{ "REPLY: an IA_NA past the 512 bytes walked: not kept", { DS6 },
	  VMROAM_FT_DHCP6_SERVER, R_NO_ORACLE, NULL, ck_no_ia, o_ia_at_520 },
	{ "REPLY: an option past the 512 bytes walked runs past the message: unseen", { DS6 },
	  VMROAM_FT_DHCP6_SERVER, R_NO_ORACLE, NULL, ck_no_ia, o_past_udp_late },
	{ "REPLY: the IA_NA as the 63rd option: kept", { DS6 }, VMROAM_FT_DHCP6_SERVER, 0, NULL,
	  ck_ia_one, o_ia_63rd },
	{ "REPLY: the IA_NA as the 64th option: its IAADDR past the 64 walked", { DS6 },
	  VMROAM_FT_DHCP6_SERVER, R_NO_ORACLE, NULL, ck_no_ia, o_ia_64th },
	{ "REPLY: UDP length 14 short of the payload, the server ID outside",
	  { DS6, .set = FS_IANA, .ia_na = 0, .udplen_adj = -14 }, VMROAM_FT_DHCP6_SERVER },
	{ "SOLICIT without options (UDP length 12)", { DC6 }, VMROAM_FT_DHCP6_CLIENT, 0, NULL,
	  ck_no_ia, o_none },
	{ "SOLICIT padded to 1500 bytes", { DC6, .pad_to = 1500 }, VMROAM_FT_DHCP6_CLIENT, 0, NULL,
	  ck_solicit_default },
	{ "SOLICIT with a bad UDP checksum: not checked", { DC6, .bad_csum = 1 },
	  VMROAM_FT_DHCP6_CLIENT },
	{ "SOLICIT from a DUID other than the Ethernet source: the Ethernet source",
	  { DC6, .set = FS_SHA, .sha = MAC(52, 54, 00, aa, bb, cc) }, VMROAM_FT_DHCP6_CLIENT, 0,
	  NULL, ck_dhcp6_by_eth },
	{ "REPLY to an Ethernet destination other than the DUID: the destination",
	  { DS6, .set = FS_DMAC, .dmac = MAC(52, 54, 00, ab, cd, ef) }, VMROAM_FT_DHCP6_SERVER, 0,
	  NULL, ck_dhcp6_by_eth },
	{ "REQUEST naming 2001:db8::100", { DC6, .set = FS_MSG, .dhcp_msg = 3 },
	  VMROAM_FT_DHCP6_CLIENT, 0, NULL, ck_dhcp6 },
	{ "CONFIRM", { DC6, .set = FS_MSG, .dhcp_msg = 4 }, VMROAM_FT_DHCP6_CLIENT, 0, NULL,
	  ck_dhcp6 },
	{ "RENEW", { DC6, .set = FS_MSG, .dhcp_msg = 5 }, VMROAM_FT_DHCP6_CLIENT, 0, NULL,
	  ck_dhcp6 },
	{ "REBIND", { DC6, .set = FS_MSG, .dhcp_msg = 6 }, VMROAM_FT_DHCP6_CLIENT, 0, NULL,
	  ck_dhcp6 },
	{ "RELEASE of 2001:db8::9, valid 0",
	  { DC6, IA1(ADDR(9), 0), .set = FS_IA | FS_MSG, .dhcp_msg = 8 }, VMROAM_FT_DHCP6_CLIENT,
	  0, NULL, ck_dhcp6 },
	{ "DECLINE of 2001:db8::9 and ::10",
	  { DC6, .set = FS_IA | FS_MSG, .dhcp_msg = 9, .n_ia = 2, .ia_addr = { ADDR(9), ADDR(16) },
	    .ia_valid = { 0, 7 } }, VMROAM_FT_DHCP6_CLIENT, 0, NULL, ck_dhcp6 },
	{ "INFORMATION-REQUEST", { DC6, .set = FS_MSG, .dhcp_msg = 11 }, VMROAM_FT_DHCP6_CLIENT,
	  0, NULL, ck_no_ia },
	{ "RECONFIGURE", { DS6, .set = FS_MSG, .dhcp_msg = 10 }, VMROAM_FT_DHCP6_SERVER, 0, NULL,
	  ck_dhcp6 },
	{ "RELAY-FORW (547 -> 547)", { DC6, .set = FS_MSG, .dhcp_msg = 12 },
	  VMROAM_FT_DHCP6_CLIENT, 0, NULL, ck_dhcp6 },
	{ "RELAY-REPL (547 -> 547): the client is the Ethernet destination",
	  { DS6, .set = FS_MSG, .dhcp_msg = 13 }, VMROAM_FT_DHCP6_SERVER, 0, NULL, ck_dhcp6 },
	{ "RELAY-FORW: an IA_NA at its top level is not looked into",
	  { DC6, .set = FS_MSG, .dhcp_msg = 12 }, VMROAM_FT_DHCP6_CLIENT, 0, NULL, ck_no_ia,
	  o_relay_ia },
	{ "RELAY-FORW without options (UDP length 42)", { DC6, .set = FS_MSG, .dhcp_msg = 12 },
	  VMROAM_FT_DHCP6_CLIENT, 0, NULL, NULL, o_none },
	{ "message type 0 to 547: a client's", { DC6, .set = FS_MSG, .dhcp_msg = 0 },
	  VMROAM_FT_DHCP6_CLIENT },
	{ "message type 20 to 547: a client's", { DC6, .set = FS_MSG, .dhcp_msg = 20 },
	  VMROAM_FT_DHCP6_CLIENT },
	{ "message type 14 to 546: a server's", { DS6, .set = FS_MSG, .dhcp_msg = 14 },
	  VMROAM_FT_DHCP6_SERVER },
	{ "message type 255 to 546: a server's", { DS6, .set = FS_MSG, .dhcp_msg = 255 },
	  VMROAM_FT_DHCP6_SERVER },
	{ "REPLY in a priority tag (VLAN 0)", { DS6, .set = FS_VLAN, .vlan = 0x2000 },
	  VMROAM_FT_DHCP6_SERVER, R_UNTAGGED, NULL, ck_prio_tag },
	/* malformed */
	{ "SOLICIT to the client port 546", { .kind = FK_DHCP6_CLIENT_TO_546 }, MALFORMED },
	{ "REQUEST to 546", { DC6, .set = FS_MSG | FS_DPORT, .dhcp_msg = 3, .dport = 546 },
	  MALFORMED },
	{ "CONFIRM to 546", { DC6, .set = FS_MSG | FS_DPORT, .dhcp_msg = 4, .dport = 546 },
	  MALFORMED },
	{ "RENEW to 546", { DC6, .set = FS_MSG | FS_DPORT, .dhcp_msg = 5, .dport = 546 },
	  MALFORMED },
	{ "REBIND to 546", { DC6, .set = FS_MSG | FS_DPORT, .dhcp_msg = 6, .dport = 546 },
	  MALFORMED },
	{ "RELEASE to 546", { DC6, .set = FS_MSG | FS_DPORT, .dhcp_msg = 8, .dport = 546 },
	  MALFORMED },
	{ "DECLINE to 546", { DC6, .set = FS_MSG | FS_DPORT, .dhcp_msg = 9, .dport = 546 },
	  MALFORMED },
	{ "INFORMATION-REQUEST to 546",
	  { DC6, .set = FS_MSG | FS_DPORT, .dhcp_msg = 11, .dport = 546 }, MALFORMED },
	{ "RELAY-FORW to 546", { DC6, .set = FS_MSG | FS_DPORT, .dhcp_msg = 12, .dport = 546 },
	  MALFORMED },
	{ "RELAY-REPL to 546", { DS6, .set = FS_MSG | FS_DPORT, .dhcp_msg = 13, .dport = 546 },
	  MALFORMED },
	{ "ADVERTISE to the server port 547", { .kind = FK_DHCP6_ADVERTISE_TO_547 }, MALFORMED },
	{ "REPLY to 547", { DS6, .set = FS_DPORT, .dport = 547 }, MALFORMED },
	{ "RECONFIGURE to 547", { DS6, .set = FS_MSG | FS_DPORT, .dhcp_msg = 10, .dport = 547 },
	  MALFORMED },
	{ "option running past the message", { .kind = FK_DHCP6_TRUNC_OPT }, MALFORMED },
	{ "SOLICIT whose last option runs past the message",
	  { DC6, .quirks = FQ_DHCP_TRUNC_OPT }, MALFORMED },
	{ "option running past the UDP payload", { DS6 }, MALFORMED, 0, NULL, NULL, o_past_udp },
	{ "option header cut by the end of the UDP payload", { DS6 }, MALFORMED, 0, NULL, NULL,
	  o_header_cut },
	{ "UDP length cutting the last option", { DS6, .udplen_adj = -1 }, MALFORMED },
	{ "UDP length 2 bytes into the last option's header",
	  { DS6, .set = FS_IANA, .ia_na = 0, .udplen_adj = -12 }, MALFORMED },
	{ "IA_NA of 8 bytes", { .kind = FK_DHCP6_IA_SHORT }, MALFORMED },
	{ "IA_NA of 11 bytes", { DS6 }, MALFORMED, 0, NULL, NULL, o_ia_na_11 },
	{ "IAADDR of 20 bytes", { .kind = FK_DHCP6_IAADDR_SHORT }, MALFORMED },
	{ "IAADDR of 23 bytes", { DS6 }, MALFORMED, 0, NULL, NULL, o_iaaddr_23 },
	{ "IAADDR of 20 bytes, another after it", { DS6 }, MALFORMED, 0, NULL, NULL,
	  o_iaaddr_20_then },
	{ "IAADDR of 20 bytes in a client's RELEASE",
	  { DC6, .set = FS_MSG, .dhcp_msg = 8, .quirks = FQ_DHCP6_IAADDR_SHORT }, MALFORMED },
	{ "IAADDR running past its IA_NA", { DS6 }, MALFORMED, 0, NULL, NULL, o_iaaddr_past_ia },
	{ "relay message option running past the message",
	  { DC6, .set = FS_MSG, .dhcp_msg = 12 }, MALFORMED, 0, NULL, NULL, o_relay_past },
	{ "RELAY-REPL of 33 bytes", { DS6, .set = FS_MSG, .dhcp_msg = 13 }, MALFORMED, 0, NULL,
	  NULL, o_relay_short },
	{ "RELAY-FORW of 33 bytes", { DC6, .set = FS_MSG, .dhcp_msg = 12 }, MALFORMED, 0, NULL,
	  NULL, o_relay_short },
	{ "UDP length 11", { DC6, PK(P16(UDP6 + 4, 11)) }, MALFORMED },
	{ "UDP length 8", { DC6, PK(P16(UDP6 + 4, 8)) }, MALFORMED },
	{ "UDP length 0", { DS6, PK(P16(UDP6 + 4, 0)) }, MALFORMED },
	{ "UDP length past the IPv6 payload", { DS6, .udplen_adj = 1 }, MALFORMED },
	{ "UDP length 0xffff", { DC6, PK(P16(UDP6 + 4, 0xffff)) }, MALFORMED },
	{ "IPv6 payload length past the frame", { DS6, .l3len_adj = 1 }, MALFORMED },
	{ "IPv6 payload length 7 (no room for UDP)", { DC6, PK(P16(4, 7)) }, MALFORMED },
	{ "IPv6 payload length 0", { DS6, PK(P16(4, 0)) }, MALFORMED },
	{ "UDP header cut", { DC6, .set = FS_TRUNC, .truncate = 14 + 40 + 6 }, MALFORMED,
	  R_UNTAGGED },
	{ "in a first fragment", { DS6, .quirks = FQ_IP6_FRAG }, MALFORMED },
	{ "first fragment, the UDP header pushed out by destination options",
	  { DC6, .quirks = PUSHED }, VR_FT_UNPARSED },
	{ "first fragment, 2 bytes of the UDP header in it",
	  { DC6, .quirks = PUSHED, .set = FS_TRUNC, .truncate = 14 + 40 + 24 + 2,
	    .pad_to = 200 }, VR_FT_UNPARSED, R_UNTAGGED },
	{ "a later fragment (offset 8)", { DS6, .quirks = FQ_IP6_FRAG, PK(P16(FRAGOFF, 9)) },
	  NONE },
};

/* --- 7. frames to ignore --- */

static void fix_ethertype(unsigned char *fr, int *len, uint16_t type)
{
	(void)len;
	fr[12] = type >> 8;
	fr[13] = type & 0xff;
}

static void fix_mpls(unsigned char *fr, int *len)
{
	fix_ethertype(fr, len, 0x8847);
}

static void fix_zero_type(unsigned char *fr, int *len)
{
	fix_ethertype(fr, len, 0);
}

static void fix_8023(unsigned char *fr, int *len)
{
	fix_ethertype(fr, len, 28);	/* an 802.3 length */
}

static void fix_ipv4_in_arp(unsigned char *fr, int *len)
{
	fix_ethertype(fr, len, 0x0800);
}

/* a QinQ frame whose tags are the other way round: 0x8100 outside, 0x88a8 inside */
static void fix_swap_tpids(unsigned char *fr, int *len)
{
	(void)len;
	fr[12] = 0x81;
	fr[13] = 0x00;
	fr[16] = 0x88;
	fr[17] = 0xa8;
}

/* insert 4 bytes of IPv4 options (NOP NOP NOP EOL) after the 20-byte header */
static void fix_ip_options(unsigned char *fr, int *len)
{
	unsigned char *ip = fr + 14;
	uint16_t tot = be16(ip + 2) + 4;
	uint32_t sum;

	memmove(ip + 24, ip + 20, *len - 14 - 20);
	memcpy(ip + 20, "\x01\x01\x01\x00", 4);
	*len += 4;
	ip[0] = 0x46;
	ip[2] = tot >> 8;
	ip[3] = tot & 0xff;
	ip[10] = ip[11] = 0;
	sum = frame_csum_fold(frame_csum_add(0, ip, 24));
	ip[10] = (uint8_t)(~sum >> 8);
	ip[11] = (uint8_t)~sum;
}

static int ck_no_read(const struct row *r, const struct vr_pkt *p, const struct env_frame *st)
{
	(void)r;
	(void)p;
	return st->reads == 0;
}

static const struct row ignored_rows[] = {
	{ "IPv4 TCP", { .kind = FK_IPV4_TCP }, NONE },
	{ "IPv4 UDP to port 9", { .kind = FK_IPV4_UDP }, NONE },
	/* what a client takes on port 68 is DHCP whatever the source port: here, broken DHCP */
	{ "IPv4 UDP 68 -> 68: to the client port, malformed",
	  { .kind = FK_IPV4_UDP, .set = FS_SPORT | FS_DPORT, .sport = 68, .dport = 68 },
	  VMROAM_FT_MALFORMED },
	{ "IPv4 UDP 67 -> 69", { .kind = FK_IPV4_UDP, .set = FS_SPORT | FS_DPORT, .sport = 67,
				  .dport = 69 }, NONE },
	{ "IPv4 UDP 69 -> 67: to the server port, malformed",
	  { .kind = FK_IPV4_UDP, .set = FS_SPORT | FS_DPORT, .sport = 69, .dport = 67 },
	  VMROAM_FT_MALFORMED },
	{ "IPv4 UDP 67 -> 68 with an 8-byte payload: DHCP, malformed",
	  { .kind = FK_IPV4_UDP, .set = FS_SPORT | FS_DPORT, .sport = 67, .dport = 68 },
	  MALFORMED },
	{ "IPv4 TCP 68 -> 67", { .kind = FK_IPV4_TCP, .set = FS_SPORT | FS_DPORT, .sport = 68,
				  .dport = 67 }, NONE },
	{ "DHCP ports inside IP protocol 6", { DC, PK(P(9, 6)) }, NONE },
	{ "DHCP inside an IPv4 header of version 6", { DC, PK(P(0, 0x65)) }, NONE },
	{ "DHCP inside an IPv4 header with IHL 4", { DC, PK(P(0, 0x44)) }, NONE },
	{ "DHCP later fragment (offset 8)", { DC, PK(P16(6, 1)) }, NONE },
	{ "DHCP later fragment with MF (offset 0x1fff)", { DS, PK(P16(6, 0x3fff)) }, NONE },
	{ "IPv4 later fragment that looks like UDP 68 -> 67", { .kind = FK_IPV4_FRAG }, NONE },
	{ "IPv6 TCP", { .kind = FK_IPV6_TCP }, NONE },
	{ "IPv6 UDP to port 9", { .kind = FK_IPV6_UDP }, NONE },
	{ "IPv6 UDP 547 -> 548", { .kind = FK_IPV6_UDP, .set = FS_SPORT | FS_DPORT, .sport = 547,
				   .dport = 548 }, NONE },
	{ "IPv6 UDP 546 -> 545", { .kind = FK_IPV6_UDP, .set = FS_SPORT | FS_DPORT, .sport = 546,
				   .dport = 545 }, NONE },
	{ "IPv6 TCP to port 547", { .kind = FK_IPV6_TCP, .set = FS_DPORT, .dport = 547 }, NONE },
	{ "ICMPv6 echo request", { .kind = FK_ICMP6_ECHO }, NONE },
	{ "ICMPv6 router solicitation (133)", { .kind = FK_ICMP6_RS }, NONE },
	{ "ICMPv6 router solicitation with hop limit 64", { .kind = FK_ICMP6_RS,
	  .set = FS_HOPLIMIT, .hoplimit = 64 }, NONE },
	{ "RA body under ICMPv6 type 133 (solicitation)", { RA, PK(P(ICMP, 133)) }, NONE },
	{ "RA body under ICMPv6 type 138 (router renumbering)", { RA, PK(P(ICMP, 138)) }, NONE },
	{ "DHCPv6 ports inside IPv6 next header 6 (TCP)", { DS6, PK(P(6, 6)) }, NONE },
	{ "DHCPv6 in an IPv6 header of version 4", { DC6, PK(P(0, 0x40)) }, NONE },
	{ "DHCPv6 server's message, IPv6 header truncated",
	  { DS6, .set = FS_TRUNC, .truncate = 14 + 39 }, NONE, R_UNTAGGED },
	{ "NS behind a hop-by-hop header (next header 0)", { NS, PK(P(6, 0)) }, NONE },
	{ "NS in an IPv6 header of version 4", { NS, PK(P(0, 0x40)) }, NONE },
	{ "NA as UDP (next header 17)", { NA_U, PK(P(6, 17)) }, NONE },
	{ "LLDP", { .kind = FK_LLDP }, NONE, R_UNTAGGED, NULL, ck_no_read },
	{ "ARP body under MPLS EtherType", { GARP }, NONE, R_UNTAGGED, NULL, ck_no_read,
	  fix_mpls },
	{ "ARP body under EtherType 0", { GARP }, NONE, R_UNTAGGED, NULL, ck_no_read,
	  fix_zero_type },
	{ "802.3 length field instead of an EtherType", { GARP }, NONE, R_UNTAGGED, NULL,
	  ck_no_read, fix_8023 },
	{ "ARP body under the IPv4 EtherType", { GARP }, NONE, R_UNTAGGED, NULL, NULL,
	  fix_ipv4_in_arp },
	{ "QinQ: 0x88a8 + 0x8100 + ARP", { .kind = FK_QINQ_ARP }, VR_FT_UNPARSED, R_OWN_TAGS },
	{ "two 802.1Q tags + ARP", { .kind = FK_VLAN2_ARP }, VR_FT_UNPARSED, R_OWN_TAGS },
	{ "0x8100 + 0x88a8 + ARP", { .kind = FK_QINQ_ARP }, VR_FT_UNPARSED, R_OWN_TAGS, NULL, NULL,
	  fix_swap_tpids },
	{ "DHCP with IPv4 options (IHL 6)", { DS }, VMROAM_FT_DHCP_SERVER, R_UNTAGGED, NULL, NULL,
	  fix_ip_options },
};

/* IPv6 extension headers before the upper-layer header: @n of type @type */
static void add_ip6_ext(unsigned char *fr, int *len, int n, unsigned char type)
{
	unsigned char *ip6 = fr + 14, *h, upper = ip6[6];
	uint16_t plen = be16(ip6 + 4) + 8 * n;
	int i;

	memmove(ip6 + 40 + 8 * n, ip6 + 40, *len - 14 - 40);
	for (i = 0; i < n; i++) {
		h = ip6 + 40 + 8 * i;
		memset(h, 0, 8);
		h[0] = i == n - 1 ? upper : type;
		if (type == 44)
			h[3] = 1;	/* offset 0, more fragments: a first fragment */
		else
			h[2] = 1, h[3] = 4;	/* PadN of 4 */
	}
	ip6[6] = type;
	ip6[4] = plen >> 8;
	ip6[5] = plen & 0xff;
	*len += 8 * n;
}

static void fix_hbh(unsigned char *fr, int *len)
{
	add_ip6_ext(fr, len, 1, 0);
}

static void fix_dstopts4(unsigned char *fr, int *len)
{
	add_ip6_ext(fr, len, 4, 60);
}

static void fix_dstopts5(unsigned char *fr, int *len)
{
	add_ip6_ext(fr, len, 5, 60);
}

static void fix_frag6(unsigned char *fr, int *len)
{
	add_ip6_ext(fr, len, 1, 44);
}

/* what the receivers accept decides what is ours (trust model: nothing of ours slips past) */
static const struct row trust_rows[] = {
	{ "ARP htype 6 (IEEE 802: Linux's arp_process() takes it)", { GARP, PK(P16(0, 6)) },
	  VMROAM_FT_ARP_GARP_REQUEST },
	{ "RARP htype 6", { .kind = VMROAM_FT_RARP_REQUEST, PK(P16(0, 6)) },
	  VMROAM_FT_RARP_REQUEST },
	{ "DHCP BOOTREPLY to port 68 from source port 80: a server's",
	  { DS, .set = FS_SPORT, .sport = 80 }, VMROAM_FT_DHCP_SERVER },
	{ "DHCP BOOTREPLY to port 67 (server to relay)",
	  { DS, .set = FS_SPORT | FS_DPORT, .sport = 67, .dport = 67 }, VMROAM_FT_DHCP_SERVER },
	{ "NA behind a hop-by-hop header (Linux's ndisc takes it)", { NA_U },
	  VMROAM_FT_ND_NA_UNSOLICITED, R_UNTAGGED | R_NO_ORACLE, NULL, NULL, fix_hbh },
	{ "NA behind 4 destination-options headers", { NA_U }, VMROAM_FT_ND_NA_UNSOLICITED,
	  R_UNTAGGED | R_NO_ORACLE, NULL, NULL, fix_dstopts4 },
	{ "NA behind 5 extension headers: more than we follow", { NA_U }, VR_FT_UNPARSED,
	  R_UNTAGGED | R_NO_ORACLE, NULL, NULL, fix_dstopts5 },
	{ "NA in a first fragment (RFC 6980: never fragmented)", { NA_U }, MALFORMED,
	  R_UNTAGGED | R_NO_ORACLE, NULL, NULL, fix_frag6 },
	{ "RA behind a hop-by-hop header", { RA }, VMROAM_FT_ND_RA, R_UNTAGGED | R_NO_ORACLE,
	  NULL, ck_ra_default, fix_hbh },
	{ "RA behind 4 destination-options headers", { RA }, VMROAM_FT_ND_RA,
	  R_UNTAGGED | R_NO_ORACLE, NULL, ck_ra_default, fix_dstopts4 },
	{ "RA behind 5 extension headers: more than we follow", { RA }, VR_FT_UNPARSED,
	  R_UNTAGGED | R_NO_ORACLE, NULL, NULL, fix_dstopts5 },
	{ "redirect behind a hop-by-hop header", { RD }, VMROAM_FT_ND_REDIRECT,
	  R_UNTAGGED | R_NO_ORACLE, NULL, ck_redirect_default, fix_hbh },
	{ "DHCPv6 REPLY behind a hop-by-hop header", { DS6 }, VMROAM_FT_DHCP6_SERVER,
	  R_UNTAGGED | R_NO_ORACLE, NULL, ck_reply_default, fix_hbh },
	{ "DHCPv6 SOLICIT behind 4 destination-options headers", { DC6 }, VMROAM_FT_DHCP6_CLIENT,
	  R_UNTAGGED | R_NO_ORACLE, NULL, ck_solicit_default, fix_dstopts4 },
	{ "DHCPv6 behind 5 extension headers: more than we follow", { DS6 }, VR_FT_UNPARSED,
	  R_UNTAGGED | R_NO_ORACLE, NULL, NULL, fix_dstopts5 },
	{ "DHCPv6 in a first fragment", { DC6 }, MALFORMED, R_UNTAGGED | R_NO_ORACLE, NULL, NULL,
	  fix_frag6 },
	{ "DHCPv6 server UDP from port 80 to 546: a server's (the port decides)",
	  { DS6, .set = FS_SPORT, .sport = 80 }, VMROAM_FT_DHCP6_SERVER },
	{ "DHCPv6 SOLICIT from port 40000 to 547: a client's",
	  { DC6, .set = FS_SPORT, .sport = 40000 }, VMROAM_FT_DHCP6_CLIENT },
};

/* "QinQ + NA" above needs a second tag: add it by hand */
static void test_qinq_nd(void)
{
	struct frame_spec s = { .kind = VMROAM_FT_ND_NA_UNSOLICITED, .set = FS_VLAN, .vlan = 5 };
	struct vr_pkt pkt;
	int len, i;

	len = frame_build(&s, fbuf + 4, sizeof(fbuf) - 4);
	memmove(fbuf, fbuf + 4, 12);
	fbuf[12] = 0x88;	/* outer S-tag 100 */
	fbuf[13] = 0xa8;
	fbuf[14] = 0;
	fbuf[15] = 100;
	len += 4;
	for (i = 0; i < 2; i++) {
		int t = classify3(&env_default_cfg, fbuf, len, i ? ENV_VLAN_STRIP : ENV_VLAN_INBAND,
				  &pkt, NULL);

		tap(t == VR_FT_UNPARSED,
		    "ignored: QinQ (0x88a8 + 0x8100) + unsolicited NA [%s] -> unparsed (got %s)",
		    own_tag_combos[i].name, tname(t));
	}
}

/* --- 8. truncation at every byte --- */

/* the first prefix length at which the frame is certainly ours (classify.c's rule) */
static size_t ours_at(int kind, const struct frame_info *info)
{
	if (kind <= VMROAM_FT_RARP_REPLY)
		return info->l3_off;			/* the ARP/RARP EtherType */
	if (kind <= VMROAM_FT_ND_NA_UNSOLICITED || kind == VMROAM_FT_ND_RA ||
	    kind == VMROAM_FT_ND_REDIRECT)
		return info->l4_off + 1;		/* ICMPv6 type 134 .. 137 */
	return info->l4_off + 4;			/* UDP ports 68/67, 546/547 */
}

static void test_truncation(void)
{
	int k;
	size_t c;

	for (k = 0; k < VMROAM_FT_COUNT; k++) {
		if (k == VMROAM_FT_MALFORMED)
			continue;
		for (c = 0; c < 3; c++) {
			struct frame_spec s = { .kind = k };
			struct frame_info info;
			struct env_frame st;
			struct vr_pkt pkt;
			int len, p, bad = 0, nbad = 0;
			size_t ours;

			if (combos[c].tagged) {
				s.set |= FS_VLAN;
				s.vlan = TEST_TCI;
			}
			len = frame_build_info(&s, fbuf, sizeof(fbuf), &info);
			ours = ours_at(k, &info);
			for (p = 14; p <= len; p++) {
				int want = p == len ? k : (size_t)p >= ours ? MALFORMED : NONE;
				int t = classify3(&env_default_cfg, fbuf, p, combos[c].mode, &pkt,
						  &st);

				if (t == want)
					continue;
				if (nbad++ < 5)
					diag("cut to %d bytes: got %s, want %s", p, tname(t),
					     tname(want));
				bad = 1;
			}
			tap(!bad, "truncation: %s [%s] cut at every length 14..%d: none below %zu, malformed from %zu",
			    vr_frame_type_name(k), combos[c].name, len, ours, ours);
		}
	}
}

/* --- 9. big frames --- */

static void test_big(void)
{
	static const size_t sizes[] = { 1514, 9014, 65000 };
	int k;
	size_t i, c;

	for (k = 0; k < VMROAM_FT_COUNT; k++) {
		if (k == VMROAM_FT_MALFORMED)
			continue;
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			int pass = 1;

			for (c = 0; c < 3; c++) {
				struct row r = { .spec = { .kind = k, .pad_to = sizes[i] },
						 .expect = k };

				pass &= run_row(&r, &combos[c], 0);
			}
			tap(pass, "big frame: %s padded to %zu bytes, all VLAN modes, reads <= %d bytes",
			    vr_frame_type_name(k), sizes[i], READ_BOUND);
		}
	}
}

/* --- 10. the environment contract --- */

static void test_env(void)
{
	unsigned char fr[64];
	struct env_frame ef;
	struct vr_pkt pkt;
	struct frame_spec s = { .kind = VMROAM_FT_ARP_GARP_REQUEST, .set = FS_VLAN, .vlan = 0x3007 };
	int len = frame_build(&s, fr, sizeof(fr)), t;

	tap(env_frame_init(&ef, NULL, fr, len, ENV_VLAN_STRIP) == 0 && ef.f.vlan_present &&
	    ef.f.vlan_tci == 0x3007 && ef.f.proto == 0x0806 && ef.f.len == (unsigned int)len - 18 &&
	    !memcmp(ef.f.eth, fr, 12), "env: mode B strips the tag into vlan_present/vlan_tci");
	env_frame_free(&ef);
	tap(env_frame_init(&ef, NULL, fr, len, ENV_VLAN_INBAND) == 0 && !ef.f.vlan_present &&
	    ef.f.proto == 0x8100 && ef.f.len == (unsigned int)len - 14,
	    "env: mode A leaves the tag in the data");
	env_frame_free(&ef);
	tap(env_frame_init(&ef, NULL, fr, 13, ENV_VLAN_INBAND) == -1,
	    "env: a frame shorter than an Ethernet header is refused");
	t = env_classify(&env_default_cfg, fr, 17, ENV_VLAN_STRIP, &pkt, NULL);
	tap(t == NONE, "env: a tagged frame too short for its tag stays in band: none (got %s)",
	    tname(t));
	tap(env_frame_init(&ef, NULL, fr, 19, ENV_VLAN_STRIP) == 0 && !ef.f.vlan_present &&
	    ef.f.proto == 0x8100,
	    "env: mode B keeps the tag of a 19-byte frame (skb_vlan_untag pulls 6 bytes)");
	env_frame_free(&ef);
	tap(env_frame_init(&ef, NULL, fr, 20, ENV_VLAN_STRIP) == 0 && ef.f.vlan_present &&
	    ef.f.proto == 0x0806 && ef.f.len == 2, "env: mode B strips the tag of a 20-byte frame");
	env_frame_free(&ef);
	env_frame_init(&ef, NULL, fr, len, ENV_VLAN_INBAND);
	{
		unsigned char b[8];

		tap(vr_env_read(&ef.f, ef.f.len, 0, b) != NULL &&
		    vr_env_read(&ef.f, ef.f.len, 1, b) == NULL &&
		    vr_env_read(&ef.f, 0, ef.f.len + 1, b) == NULL &&
		    vr_env_read(&ef.f, 0xffffffffu, 2, b) == NULL &&
		    vr_env_read(&ef.f, 2, 0xffffffffu, b) == NULL &&
		    vr_env_read(&ef.f, ef.f.len - 2, 2, b) == ef.data + ef.f.len - 2,
		    "env: vr_env_read fails past the end, like skb_header_pointer");
	}
	env_frame_free(&ef);
}

int main(void)
{
	printf("TAP version 13\n");
	test_names();
	test_env();
	test_all_types();
	run_rows("explicit", explicit_rows, sizeof(explicit_rows) / sizeof(explicit_rows[0]));
	run_rows("arp", arp_rows, sizeof(arp_rows) / sizeof(arp_rows[0]));
	run_rows("malformed", malformed_rows, sizeof(malformed_rows) / sizeof(malformed_rows[0]));
	run_rows("corner", corner_rows, sizeof(corner_rows) / sizeof(corner_rows[0]));
	run_rows("ignored", ignored_rows, sizeof(ignored_rows) / sizeof(ignored_rows[0]));
	run_rows("trust", trust_rows, sizeof(trust_rows) / sizeof(trust_rows[0]));
	run_rows("ra", ra_rows, sizeof(ra_rows) / sizeof(ra_rows[0]));
	run_rows("dhcp6", dhcp6_rows, sizeof(dhcp6_rows) / sizeof(dhcp6_rows[0]));
	test_qinq_nd();
	test_truncation();
	test_big();
	printf("1..%d\n", tap_n);
	if (tap_fail)
		printf("# %d of %d failed\n", tap_fail, tap_n);
	else
		printf("# all %d passed\n", tap_n);
	return tap_fail ? 1 : 0;
}
