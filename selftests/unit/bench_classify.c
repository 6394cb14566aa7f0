// SPDX-License-Identifier: GPL-2.0
/*
 * Micro-benchmark of the pure core's work per frame, by frame kind: what the hook asks of it,
 * vr_classify() and, for a frame of ours, vr_decide() on what the frame showed (a known MAC on a
 * new port every other frame, under the type's default policy).
 *
 *	bench_classify [--iterations N] [--runs R] [--only NAME] [--list]
 *
 * Prints the best of R runs of N classifications of one frame, in ns/frame, against the budget
 * of 67 ns/frame: 10 GbE line rate at 64-byte frames (84 bytes on the wire, 14.88 Mframes/s).
 * The frames are those of the frame builders; the environment is the unit tests' (all linear,
 * one local address), whose vr_env_read() does what skb_header_pointer() does on a linear skb.
 * "make bench" also counts instructions per frame under callgrind, with --only and a small N.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify.h"
#include "env.h"
#include "frames.h"
#include "policy.h"

#define BUDGET_NS	67.0

struct bench {
	const char *name;
	struct frame_spec spec;
	int expect;
};

static const struct bench benches[] = {
	{ "ipv4_tcp", { .kind = FK_IPV4_TCP }, VR_FT_NONE },
	{ "ipv6_tcp", { .kind = FK_IPV6_TCP }, VR_FT_NONE },
	{ "ipv6_udp", { .kind = FK_IPV6_UDP }, VR_FT_NONE },
	{ "arp_garp_request", { .kind = VMROAM_FT_ARP_GARP_REQUEST },
	  VMROAM_FT_ARP_GARP_REQUEST },
	{ "arp_request", { .kind = VMROAM_FT_ARP_REQUEST_OTHER }, VMROAM_FT_ARP_REQUEST_OTHER },
	{ "nd_na", { .kind = VMROAM_FT_ND_NA_UNSOLICITED }, VMROAM_FT_ND_NA_UNSOLICITED },
	{ "dhcp_ack", { .kind = VMROAM_FT_DHCP_SERVER }, VMROAM_FT_DHCP_SERVER },
	{ "nd_ra", { .kind = VMROAM_FT_ND_RA }, VMROAM_FT_ND_RA },
	{ "dhcp6_reply", { .kind = VMROAM_FT_DHCP6_SERVER }, VMROAM_FT_DHCP6_SERVER },
};

#define NBENCH	(sizeof(benches) / sizeof(benches[0]))

/* one frame's core work; not inlined, so that callgrind can count it (--toggle-collect) */
__attribute__((noinline)) long bench_frame(const struct vr_frame *f, struct vr_pkt *pkt,
					  unsigned long n)
{
	struct vr_observation obs = { .known = 1, .moved = n & 1 };
	int t = vr_classify(f, pkt);

	if (t == VR_FT_NONE)
		return t;
	return t + 32 * vr_decide(vr_policy_default(t), &obs);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_classify [--iterations N] [--runs R] [--only NAME] [--list]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long iterations = 10000000, runs = 5;
	const char *only = NULL;
	unsigned char fr[2048];
	int i, matched = 0, over = 0;
	size_t b;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--list")) {
			for (b = 0; b < NBENCH; b++)
				printf("%s\n", benches[b].name);
			return 0;
		} else if (!strcmp(argv[i], "--iterations") && i + 1 < argc) {
			iterations = strtoul(argv[++i], NULL, 0);
		} else if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
			runs = strtoul(argv[++i], NULL, 0);
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			only = argv[++i];
		} else {
			usage();
		}
	}
	if (!iterations || !runs)
		usage();

	printf("classify + decide per frame: best of %lu runs x %lu iterations; budget %.0f ns/frame (10 GbE line rate, 64-byte frames)\n",
	       runs, iterations, BUDGET_NS);
	for (b = 0; b < NBENCH; b++) {
		const struct bench *bn = &benches[b];
		struct env_frame ef;
		struct vr_pkt pkt;
		double best = 1e30;
		unsigned long r, n;
		int len, t;
		long sink = 0, expect = 0;

		if (only && strcmp(only, bn->name))
			continue;
		matched++;
		len = frame_build(&bn->spec, fr, sizeof(fr));
		if (len < 0 || env_frame_init(&ef, &env_default_cfg, fr, len, ENV_VLAN_STRIP)) {
			fprintf(stderr, "bench_classify: cannot build %s\n", bn->name);
			return 1;
		}
		t = vr_classify(&ef.f, &pkt);
		if (t != bn->expect) {
			fprintf(stderr, "bench_classify: %s classified as %d, not %d\n", bn->name, t,
				bn->expect);
			return 1;
		}
		for (r = 0; r < runs; r++) {
			double t0 = now_ns(), dt;

			for (n = 0; n < iterations; n++) {
				const struct vr_frame *f = &ef.f;

				/* the compiler must assume the frame and pkt change every time */
				__asm__ __volatile__("" : "+r"(f) : : "memory");
				sink += bench_frame(f, &pkt, n);
				__asm__ __volatile__("" : : "r"(&pkt) : "memory");
			}
			dt = (now_ns() - t0) / iterations;
			if (dt < best)
				best = dt;
		}
		/* even and odd iterations differ (moved or not): two calls say what to expect */
		expect = (long)((iterations + 1) / 2) * bench_frame(&ef.f, &pkt, 0) +
			 (long)(iterations / 2) * bench_frame(&ef.f, &pkt, 1);
		if (sink != expect * (long)runs)
			fprintf(stderr, "bench_classify: results changed during the run\n");
		printf("%-18s %8.2f ns/frame  %5.1f%% of budget  %s\n", bn->name, best,
		       100.0 * best / BUDGET_NS, best <= BUDGET_NS ? "ok" : "OVER BUDGET");
		over |= best > BUDGET_NS;
		env_frame_free(&ef);
	}
	if (!matched) {
		fprintf(stderr, "bench_classify: no benchmark called %s (see --list)\n", only);
		return 2;
	}
	printf("%s\n", over ? "some frame kinds are over the budget" : "all within the budget");
	return 0;
}
