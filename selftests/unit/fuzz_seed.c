// SPDX-License-Identifier: GPL-2.0
/*
 * Seed corpus for fuzz_classify: one file per frame kind of the frame builders (every
 * announcement type, the frames to ignore, the malformed variants), untagged and with an 802.1Q
 * tag, in fuzz_classify's input format (control byte, layout byte, frame).
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
	printf("fuzz_seed: %d seeds in %s\n", n, argv[1]);
	return 0;
}
