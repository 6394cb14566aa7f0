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

/* the most the core may read of any frame: "a few hundred bytes" (DHCP: 4+20+8+240+312) */
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

	if (type <= VMROAM_FT_RARP_REPLY) {
		memcpy(o->sha, a + 8, 6);
		memcpy(&o->sip, a + 14, 4);
		memcpy(o->tha, a + 18, 6);
		memcpy(&o->tip, a + 24, 4);
	} else if (type <= VMROAM_FT_ND_NA_UNSOLICITED) {
		int ns = type == VMROAM_FT_ND_NS || type == VMROAM_FT_ND_NS_DAD;
		size_t i = 64, end = 40 + be16(a + 4);

		memcpy(o->sip6, a + 8, 16);
		memcpy(o->tip6, a + 48, 16);
		while (i + 2 <= end && a[i + 1]) {
			if (a[i] == (ns ? 1 : 2) && a[i + 1] == 1) {
				memcpy(o->sha, a + i + 2, 6);
				o->has_lla = 1;
			}
			i += a[i + 1] * 8;
		}
		if (!o->has_lla)
			memcpy(o->sha, o->eth_src, 6);
		if (!ns)
			o->nd_override = !!(a[44] & 0x20);
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
	D_VAL(dhcp_msg);
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
	if (t >= 0 && t < MALFORMED && !(r->flags & R_NO_ORACLE)) {
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
	    !strcmp(vr_frame_type_name(VMROAM_FT_DHCP_SERVER), "dhcp_server"),
	    "names: first, last and malformed are spelt as in the UAPI");
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
#define PK(...)	.pokes = { __VA_ARGS__ },					\
		.npokes = sizeof((struct frame_poke[]){ __VA_ARGS__ }) / sizeof(struct frame_poke)

#define BOOTP	FRAME_IP4_BOOTP
#define COOKIE	(FRAME_IP4_BOOTP + FRAME_BOOTP_COOKIE)
#define OPTS	(COOKIE + 4)
#define ICMP	FRAME_IP6_ICMP
#define NDOPT	FRAME_IP6_ND_OPTS

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
	{ "ICMPv6 echo request", { .kind = FK_ICMP6_ECHO }, NONE },
	{ "ICMPv6 router solicitation (133)", { .kind = FK_ICMP6_RS }, NONE },
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

/* IPv6 extension headers before the ICMPv6 header: @n of type @type (the last before ICMPv6) */
static void add_ip6_ext(unsigned char *fr, int *len, int n, unsigned char type)
{
	unsigned char *ip6 = fr + 14, *h;
	uint16_t plen = be16(ip6 + 4) + 8 * n;
	int i;

	memmove(ip6 + 40 + 8 * n, ip6 + 40, *len - 14 - 40);
	for (i = 0; i < n; i++) {
		h = ip6 + 40 + 8 * i;
		memset(h, 0, 8);
		h[0] = i == n - 1 ? 58 : type;
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
	if (kind <= VMROAM_FT_ND_NA_UNSOLICITED)
		return info->l4_off + 1;		/* ICMPv6 type 135/136 */
	return info->l4_off + 4;			/* UDP ports 68/67 */
}

static void test_truncation(void)
{
	int k;
	size_t c;

	for (k = 0; k < VMROAM_FT_MALFORMED; k++) {
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

	for (k = 0; k < VMROAM_FT_MALFORMED; k++) {
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
