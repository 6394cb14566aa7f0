/* SPDX-License-Identifier: GPL-2.0 */
/* The vmroam CLI: what main.c and the command files share. */
#ifndef VMROAM_CLI_H
#define VMROAM_CLI_H

#include <stdbool.h>
#include <stdio.h>

#define VMROAM_CLI_VERSION	"0.1.0"

/* exit status */
#define VR_EXIT_OK	0
#define VR_EXIT_FAIL	1	/* the command could not be carried out */
#define VR_EXIT_USAGE	2	/* bad command line */

struct vr_genl;

/* global options */
struct vr_ctx {
	bool json;
	bool pretty;
};

/*
 * One command of the CLI. A command lives in its own file, which defines a "const struct vr_cmd
 * vr_cmd_<name>"; main.c lists it in its command table.
 */
struct vr_cmd {
	const char *name;
	const char *usage;	/* "stats [dev PORT]" */
	const char *summary;	/* one line or more, '\n'-separated, for "vmroam help" */
	/* returns a VR_EXIT_* status; argv[0] is the first argument after the command name */
	int (*run)(const struct vr_ctx *ctx, int argc, char **argv);
	/* optional: an extra section of "vmroam help" */
	void (*help_extra)(FILE *out);
};

extern const struct vr_cmd vr_cmd_stats;

/* util.c */

/* "vmroam: <message>\n" on stderr */
void vr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Open a generic netlink socket and resolve the "vmroam" family. On failure, prints why (module
 * not loaded...) and returns NULL.
 */
struct vr_genl *vr_connect(void);

/*
 * Report that the kernel refused request @what with @err (negative errno), with its extended ack
 * message if it gave one. Returns VR_EXIT_FAIL.
 */
int vr_kernel_err(const struct vr_genl *g, const char *what, int err);

/* print the warning the kernel attached to a successful ack, if any */
void vr_kernel_warn(const struct vr_genl *g, const char *what);

#endif /* VMROAM_CLI_H */
