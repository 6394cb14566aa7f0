// SPDX-License-Identifier: GPL-2.0
/*
 * garpflood: send COUNT gratuitous ARP requests from DEV, each from another VM: frame i has the
 * Ethernet source and ARP sender MAC 02:be:HH:HH:HH:HH (0x02 locally administered, HH the
 * big-endian i + FIRST) and the sender (= target) IP BASE + i. The frames are built beforehand
 * with the selftests' frame builders (../lib/frames.c) and sent with sendmmsg() in batches, so
 * that the time measured is the kernel's, not the builder's.
 *
 *	garpflood [-b BATCH] [-f FIRST] [-i BASE_IP] [-q] DEV COUNT
 *
 * With -m SMAC,DMAC it sends instead what one VM's neighbour traffic looks like to its port, the
 * frames versus.sh forwards: every frame from SMAC, unicast to DMAC (the neighbour probes of
 * NUD), alternately an ARP request from BASE for BASE + 2 and an NS from SMAC's link-local
 * address (EUI-64) for fe80::2, neither answered by the host that has DMAC.
 *
 *	garpflood -m SMAC,DMAC [-b BATCH] [-i BASE_IP] [-q] DEV COUNT
 *
 * Prints one line: "sent N frames in S s: R frames/s". Needs CAP_NET_RAW.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frames.h"

#define FRAME_CAP	128

static const char *prog = "garpflood";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [-b BATCH] [-f FIRST] [-i BASE_IP] [-q] DEV COUNT\n"
		"\n"
		"Send COUNT gratuitous ARP requests from DEV, frame i from MAC 02:be:<i+FIRST as 4 bytes>\n"
		"and IP BASE_IP + i (default 10.0.0.1), BATCH (default 64) per sendmmsg().\n"
		"  -m SMAC,DMAC  instead: from SMAC to DMAC, ARP requests and NSs in turn\n"
		"  -q  print nothing\n", prog);
}

/* the mix of -m: frame 0 an ARP request, frame 1 an NS, both from @smac to @dmac */
static int mix_build(const uint8_t smac[6], const uint8_t dmac[6], uint32_t base,
		     unsigned char *frames, int lens[2])
{
	struct frame_spec arp = {
		.kind = VMROAM_FT_ARP_REQUEST_OTHER,
		.set = FS_SMAC | FS_DMAC | FS_SHA | FS_SIP | FS_TIP,
	};
	struct frame_spec ns = {
		.kind = VMROAM_FT_ND_NS,
		.set = FS_SMAC | FS_DMAC | FS_SHA | FS_SIP6 | FS_TIP6 | FS_DIP6,
	};
	uint32_t tip = base + 2;

	memcpy(arp.smac, smac, 6);
	memcpy(arp.sha, smac, 6);
	memcpy(arp.dmac, dmac, 6);
	arp.sip[0] = base >> 24;
	arp.sip[1] = base >> 16;
	arp.sip[2] = base >> 8;
	arp.sip[3] = base;
	arp.tip[0] = tip >> 24;
	arp.tip[1] = tip >> 16;
	arp.tip[2] = tip >> 8;
	arp.tip[3] = tip;
	memcpy(ns.smac, smac, 6);
	memcpy(ns.sha, smac, 6);
	memcpy(ns.dmac, dmac, 6);
	/* fe80::SMAC as EUI-64: the universal/local bit flipped, ff:fe in the middle */
	ns.sip6[0] = 0xfe;
	ns.sip6[1] = 0x80;
	ns.sip6[8] = smac[0] ^ 0x02;
	ns.sip6[9] = smac[1];
	ns.sip6[10] = smac[2];
	ns.sip6[11] = 0xff;
	ns.sip6[12] = 0xfe;
	ns.sip6[13] = smac[3];
	ns.sip6[14] = smac[4];
	ns.sip6[15] = smac[5];
	ns.tip6[0] = 0xfe;
	ns.tip6[1] = 0x80;
	ns.tip6[15] = 2;
	memcpy(ns.dip6, ns.tip6, 16);
	lens[0] = frame_build(&arp, frames, FRAME_CAP);
	lens[1] = frame_build(&ns, frames + FRAME_CAP, FRAME_CAP);
	return lens[0] > 0 && lens[1] > 0 ? 0 : -1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned long count, first = 0, batch = 64, i, sent = 0, nframes;
	uint8_t mix_smac[6], mix_dmac[6];
	int mix = 0;
	struct in_addr base = { htonl(0x0a000001) };	/* 10.0.0.1 */
	unsigned char *frames;
	struct mmsghdr *msgs;
	struct iovec *iov;
	struct sockaddr_ll sll;
	unsigned int ifindex;
	int opt, fd, len = 0, lens[2] = { 0, 0 }, quiet = 0;
	double t0, t1;

	while ((opt = getopt(argc, argv, "b:f:i:m:qh")) != -1) {
		switch (opt) {
		case 'b':
			batch = strtoul(optarg, NULL, 0);
			break;
		case 'f':
			first = strtoul(optarg, NULL, 0);
			break;
		case 'i':
			if (inet_pton(AF_INET, optarg, &base) != 1) {
				fprintf(stderr, "%s: bad IPv4 address %s\n", prog, optarg);
				return 2;
			}
			break;
		case 'm': {
			char *comma = strchr(optarg, ',');

			if (!comma) {
				fprintf(stderr, "%s: -m wants SMAC,DMAC\n", prog);
				return 2;
			}
			*comma = '\0';
			if (frame_parse_mac(optarg, mix_smac) || frame_parse_mac(comma + 1, mix_dmac)) {
				fprintf(stderr, "%s: -m: bad MAC address in %s,%s\n", prog, optarg,
					comma + 1);
				return 2;
			}
			mix = 1;
			break;
		}
		case 'q':
			quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return 2;
	}
	count = strtoul(argv[optind + 1], NULL, 0);
	if (!count || !batch || batch > 1024) {
		fprintf(stderr, "%s: COUNT must be > 0 and BATCH 1..1024\n", prog);
		return 2;
	}
	ifindex = if_nametoindex(argv[optind]);
	if (!ifindex) {
		fprintf(stderr, "%s: %s: no such interface\n", prog, argv[optind]);
		return 1;
	}

	nframes = mix ? 2 : count;	/* -m sends its two frames in turn */
	frames = calloc(nframes, FRAME_CAP);
	msgs = calloc(batch, sizeof(*msgs));
	iov = calloc(batch, sizeof(*iov));
	if (!frames || !msgs || !iov) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 1;
	}
	if (mix) {
		if (mix_build(mix_smac, mix_dmac, ntohl(base.s_addr), frames, lens)) {
			fprintf(stderr, "%s: frame_build failed\n", prog);
			return 1;
		}
	}
	for (i = 0; !mix && i < count; i++) {
		uint32_t id = (uint32_t)(i + first);
		uint32_t ip = ntohl(base.s_addr) + (uint32_t)i;
		struct frame_spec s = {
			.kind = VMROAM_FT_ARP_GARP_REQUEST,
			.set = FS_SMAC | FS_SHA | FS_SIP,
		};
		int l;

		s.smac[0] = 0x02;
		s.smac[1] = 0xbe;
		s.smac[2] = id >> 24;
		s.smac[3] = id >> 16;
		s.smac[4] = id >> 8;
		s.smac[5] = id;
		memcpy(s.sha, s.smac, 6);
		s.sip[0] = ip >> 24;
		s.sip[1] = ip >> 16;
		s.sip[2] = ip >> 8;
		s.sip[3] = ip;
		l = frame_build(&s, frames + i * FRAME_CAP, FRAME_CAP);
		if (l <= 0 || (len && l != len)) {
			fprintf(stderr, "%s: frame_build failed\n", prog);
			return 1;
		}
		len = l;
	}

	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		fprintf(stderr, "%s: socket(AF_PACKET): %s\n", prog, strerror(errno));
		return 1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = ifindex;
	sll.sll_protocol = htons(ETH_P_ARP);
	sll.sll_halen = 6;
	memset(sll.sll_addr, 0xff, 6);

	t0 = now_s();
	while (sent < count) {
		unsigned long n = count - sent < batch ? count - sent : batch, k;
		int r;

		for (k = 0; k < n; k++) {
			unsigned long f = mix ? (sent + k) % 2 : sent + k;

			iov[k].iov_base = frames + f * FRAME_CAP;
			iov[k].iov_len = mix ? lens[f] : len;
			memset(&msgs[k].msg_hdr, 0, sizeof(msgs[k].msg_hdr));
			msgs[k].msg_hdr.msg_name = &sll;
			msgs[k].msg_hdr.msg_namelen = sizeof(sll);
			msgs[k].msg_hdr.msg_iov = &iov[k];
			msgs[k].msg_hdr.msg_iovlen = 1;
		}
		r = sendmmsg(fd, msgs, n, 0);
		if (r < 0) {
			if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR)
				continue;
			fprintf(stderr, "%s: sendmmsg on %s: %s\n", prog, argv[optind],
				strerror(errno));
			return 1;
		}
		sent += r;
	}
	t1 = now_s();
	close(fd);
	if (!quiet)
		printf("sent %lu frames in %.3f s: %.0f frames/s\n", sent, t1 - t0,
		       sent / (t1 - t0));
	free(frames);
	free(msgs);
	free(iov);
	return 0;
}
