// SPDX-License-Identifier: GPL-2.0
/*
 * Seed corpus for fuzz_classify: one file per frame kind of the frame builders (every
 * announcement type, the frames to ignore, the malformed variants), untagged and with an 802.1Q
 * tag, then the DHCPv6 messages and RA variants the kinds leave out (every message type, many
 * addresses, relays, fragments), in fuzz_classify's input format (control byte, layout byte,
 * frame).
 *
 *	fuzz_seed DIR
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "frames.h"

static int write_seed(const char *dir, const char *name, uint8_t ctl, uint8_t layout,
		      const unsigned char *fr, int len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fputc(ctl, f) == EOF || fputc(layout, f) == EOF ||
	    fwrite(fr, 1, len, f) != (size_t)len || fclose(f)) {
		fprintf(stderr, "fuzz_seed: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* what the kinds' defaults do not show */
static const struct {
	const char *name;
	struct frame_spec spec;
} extra[] = {
	{ "dhcp6_reply_5addrs", { .kind = VMROAM_FT_DHCP6_SERVER, .set = FS_IA, .n_ia = 5,
	  .ia_addr = { { 0x20, 1, 0xd, 0xb8, [15] = 1 }, { 0x20, 1, 0xd, 0xb8, [15] = 2 },
		       { 0x20, 1, 0xd, 0xb8, [15] = 3 }, { 0x20, 1, 0xd, 0xb8, [15] = 4 },
		       { 0x20, 1, 0xd, 0xb8, [15] = 5 } },
	  .ia_valid = { 100, 200, 300, 400, 500 } } },
	{ "dhcp6_advertise", { .kind = VMROAM_FT_DHCP6_SERVER, .set = FS_MSG, .dhcp_msg = 2 } },
	{ "dhcp6_reconfigure", { .kind = VMROAM_FT_DHCP6_SERVER, .set = FS_MSG, .dhcp_msg = 10 } },
	{ "dhcp6_relay_repl", { .kind = VMROAM_FT_DHCP6_SERVER, .set = FS_MSG, .dhcp_msg = 13 } },
	{ "dhcp6_request", { .kind = VMROAM_FT_DHCP6_CLIENT, .set = FS_MSG, .dhcp_msg = 3 } },
	{ "dhcp6_release", { .kind = VMROAM_FT_DHCP6_CLIENT, .set = FS_MSG, .dhcp_msg = 8 } },
	{ "dhcp6_decline", { .kind = VMROAM_FT_DHCP6_CLIENT, .set = FS_MSG, .dhcp_msg = 9 } },
	{ "dhcp6_inf_req", { .kind = VMROAM_FT_DHCP6_CLIENT, .set = FS_MSG, .dhcp_msg = 11 } },
	{ "dhcp6_relay_forw", { .kind = VMROAM_FT_DHCP6_CLIENT, .set = FS_MSG, .dhcp_msg = 12 } },
	{ "dhcp6_solicit_frag", { .kind = VMROAM_FT_DHCP6_CLIENT, .quirks = FQ_IP6_FRAG } },
	{ "dhcp6_reply_dstopts", { .kind = VMROAM_FT_DHCP6_SERVER, .quirks = FQ_IP6_DSTOPTS } },
	{ "dhcp6_reply_pad", { .kind = VMROAM_FT_DHCP6_SERVER, .pad_to = 700 } },
	{ "nd_ra_dstopts", { .kind = VMROAM_FT_ND_RA, .quirks = FQ_IP6_DSTOPTS } },
	{ "nd_ra_pad", { .kind = VMROAM_FT_ND_RA, .pad_to = 400 } },
	{ "nd_redirect_frag", { .kind = VMROAM_FT_ND_REDIRECT, .quirks = FQ_IP6_FRAG } },
	{ "nd_na_router", { .kind = VMROAM_FT_ND_NA_SOLICITED, .set = FS_ROUTER, .nd_router = 1 } },
};

int main(int argc, char **argv)
{
	static unsigned char fr[4096];
	int n = 0;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: fuzz_seed DIR\n");
		return 2;
	}
	if (mkdir(argv[1], 0777) && errno != EEXIST) {
		fprintf(stderr, "fuzz_seed: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (i = 0; i < frame_nkinds; i++) {
		struct frame_spec s = { .kind = frame_kinds[i].kind };
		char name[128];
		int len;

		len = frame_build(&s, fr, sizeof(fr));
		if (len < 0 || write_seed(argv[1], frame_kinds[i].name, 0, 255, fr, len))
			return 1;
		s.set = FS_VLAN;
		s.vlan = 0x2000 | (i + 1);
		len = frame_build(&s, fr, sizeof(fr));
		snprintf(name, sizeof(name), "%s-vlan", frame_kinds[i].name);
		/* tagged seeds: local answers from the control byte, a paged layout */
		if (len < 0 || write_seed(argv[1], name, 0x05 | (i & 1 ? 0x0a : 0), 20, fr, len))
			return 1;
		n += 2;
	}
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		int len = frame_build(&extra[i].spec, fr, sizeof(fr));

		/* a paged layout: the reads cross from the linear part into the pages */
		if (len < 0 || write_seed(argv[1], extra[i].name, 0, 60, fr, len))
			return 1;
		n++;
	}
	printf("fuzz_seed: %d seeds in %s\n", n, argv[1]);
	return 0;
}
