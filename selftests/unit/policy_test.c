// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the pure core's policy (kmod/core/policy.c): defaults per type, what may teach an
 * address, the action lists of the module parameters, and the decision for one frame. TAP.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "frame_type.h"
#include "policy.h"

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

static void test_defaults(void)
{
	/*
	 * the types a VM sends about itself do everything; the others nothing, among them the
	 * first-hop security types (RA, redirect, DHCPv6): port security looks at those
	 */
	static const unsigned int want[VMROAM_FT_COUNT] = {
		[VMROAM_FT_ARP_GARP_REQUEST] = VMROAM_ACTION_ALL,
		[VMROAM_FT_ARP_GARP_REPLY] = VMROAM_ACTION_ALL,
		[VMROAM_FT_ARP_PROBE] = VMROAM_ACTION_ALL,
		[VMROAM_FT_ARP_REQUEST_LOCAL] = VMROAM_ACTION_ALL,
		[VMROAM_FT_ARP_REQUEST_OTHER] = VMROAM_ACTION_ALL,
		[VMROAM_FT_ARP_REPLY_LOCAL] = VMROAM_ACTION_ALL,
		[VMROAM_FT_ARP_REPLY_OTHER] = VMROAM_ACTION_ALL,
		[VMROAM_FT_ARP_REPLY_BROADCAST] = VMROAM_ACTION_ALL,
		[VMROAM_FT_RARP_REQUEST] = VMROAM_ACTION_ALL,
		[VMROAM_FT_ND_NS] = VMROAM_ACTION_ALL,
		[VMROAM_FT_ND_NS_DAD] = VMROAM_ACTION_ALL,
		[VMROAM_FT_ND_NA_SOLICITED] = VMROAM_ACTION_ALL,
		[VMROAM_FT_ND_NA_UNSOLICITED] = VMROAM_ACTION_ALL,
	};
	int t;

	for (t = 0; t < VMROAM_FT_COUNT; t++)
		tap(vr_policy_default(t) == want[t], "default policy of %s is %s",
		    vr_frame_type_name(t), want[t] ? "all" : "none");
}

static void test_learns_ip(void)
{
	int t;

	for (t = 0; t < VMROAM_FT_COUNT; t++) {
		int want = t != VMROAM_FT_ARP_PROBE && t != VMROAM_FT_ND_NS_DAD &&
			   t != VMROAM_FT_RARP_REQUEST && t != VMROAM_FT_RARP_REPLY &&
			   t != VMROAM_FT_ND_RA && t != VMROAM_FT_ND_REDIRECT &&
			   t != VMROAM_FT_DHCP6_CLIENT && t != VMROAM_FT_DHCP6_SERVER;

		tap(vr_type_learns_ip(t) == want, "%s %s its sender address",
		    vr_frame_type_name(t), want ? "teaches" : "does not teach");
	}
}

/* the types after malformed, spelt out: a table indexed by type cannot miss them silently */
static void test_fhs_types(void)
{
	static const int fhs[] = {
		VMROAM_FT_ND_RA, VMROAM_FT_ND_REDIRECT, VMROAM_FT_DHCP6_CLIENT,
		VMROAM_FT_DHCP6_SERVER,
	};
	unsigned int i;

	for (i = 0; i < sizeof(fhs) / sizeof(fhs[0]); i++)
		tap(fhs[i] > VMROAM_FT_MALFORMED && fhs[i] < VMROAM_FT_COUNT &&
		    vr_policy_default(fhs[i]) == 0 && !vr_type_learns_ip(fhs[i]),
		    "%s: default policy none, teaches no address", vr_frame_type_name(fhs[i]));
	tap(vr_policy_default(VMROAM_FT_COUNT) == 0 && vr_policy_default(-1) == 0,
	    "out-of-range types have no policy");
}

static void test_parse(void)
{
	static const struct {
		const char *s;
		int ok;
		unsigned int mask;
	} cases[] = {
		{ "fdb", 1, 1 }, { "neigh", 1, 2 }, { "learn", 1, 4 },
		{ "fdb,neigh", 1, 3 }, { "learn,fdb", 1, 5 }, { "fdb,neigh,learn", 1, 7 },
		{ "all", 1, 7 }, { "none", 1, 0 }, { "learn\n", 1, 4 }, { "fdb,fdb", 1, 1 },
		{ "", 0, 0 }, { "fdbx", 0, 0 }, { "fd", 0, 0 }, { "fdb,", 0, 0 }, { ",fdb", 0, 0 },
		{ "FDB", 0, 0 }, { "fdb neigh", 0, 0 }, { "fdb\nx", 0, 0 }, { "\n", 0, 0 },
	};
	unsigned int i, mask;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;

		mask = 0xdead;
		rc = vr_actions_parse(cases[i].s, &mask);
		if (cases[i].ok)
			tap(rc == 0 && mask == cases[i].mask, "parse \"%s\" -> %#x (got %d, %#x)",
			    cases[i].s, cases[i].mask, rc, mask);
		else
			tap(rc == -1 && mask == 0xdead, "parse \"%s\" is refused, mask untouched",
			    cases[i].s);
	}
}

static void test_format(void)
{
	static const char *const want[8] = {
		"none", "fdb", "neigh", "fdb,neigh", "learn", "fdb,learn", "neigh,learn",
		"fdb,neigh,learn",
	};
	unsigned int m, back;
	char buf[32], small[5];
	int len;

	for (m = 0; m < 8; m++) {
		len = vr_actions_format(m, buf, sizeof(buf));
		tap(!strcmp(buf, want[m]) && len == (int)strlen(want[m]) &&
		    !vr_actions_parse(buf, &back) && back == m,
		    "format %#x -> \"%s\" and back (got \"%s\")", m, want[m], buf);
	}
	len = vr_actions_format(7, small, sizeof(small));
	tap(len == 4 && !strcmp(small, "fdb,"), "format truncates to the buffer (\"%s\")", small);
	tap(vr_actions_format(7, small, 0) == 0, "format into no buffer writes nothing");
}

static void test_decide(void)
{
	int known, moved, ip_moved;

	for (known = 0; known < 2; known++)
		for (moved = 0; moved <= known; moved++)
			for (ip_moved = 0; ip_moved < 2; ip_moved++) {
				struct vr_observation o = {
					.known = known, .moved = moved, .ip_moved = ip_moved,
				};
				unsigned int want = moved || ip_moved ? VMROAM_ACTION_ALL :
							VR_ACT_LEARN;

				tap(vr_decide(VMROAM_ACTION_ALL, &o) == want &&
				    vr_decide(VR_ACT_FDB, &o) == (want & VR_ACT_FDB) &&
				    vr_decide(0, &o) == 0,
				    "decide known=%d moved=%d ip_moved=%d: %s, never beyond policy",
				    known, moved, ip_moved, want == VR_ACT_LEARN ? "learn only" : "all");
			}
}

int main(void)
{
	printf("TAP version 13\n");
	test_defaults();
	test_learns_ip();
	test_fhs_types();
	test_parse();
	test_format();
	test_decide();
	printf("1..%d\n", n);
	return failed != 0;
}
