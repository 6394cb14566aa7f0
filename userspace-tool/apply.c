// SPDX-License-Identifier: GPL-2.0
/*
 * vmroam apply: bring the kernel to what the configuration file says. The file is in the CLI's
 * own words, one command a line (see lines.c): "policy set", "bridge set", "port set" (whose dev
 * may be a pattern: tap*), "gateway add" and "binding add". Each of these subcommands has an
 * apply callback (struct vr_cmd.apply) that reads the kernel's state and sends only what
 * differs, so that applying the same file twice changes nothing the second time; what it
 * changed is printed as the commands that changed it.
 *
 * The whole file is checked first: a file with a bad line changes nothing. A request the
 * kernel refuses (a device that does not exist yet...) is reported and the next line applied:
 * at boot, one missing bridge must not leave the others unguarded.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "vmroam.h"

#define VR_APPLY_USAGE		"apply [file FILE] [dry-run]"
#define VR_CONF_DEFAULT		"/etc/vmroam/vmroam.conf"

void vr_apply_change(struct vr_apply *ap, const char *fmt, ...)
{
	va_list args;
	char **v;
	char *s;
	int n;

	va_start(args, fmt);
	n = vasprintf(&s, fmt, args);
	va_end(args);
	if (n < 0) {
		ap->nomem = true;
		return;
	}
	if (ap->n_changes == ap->cap) {
		ap->cap = ap->cap ? 2 * ap->cap : 16;
		v = reallocarray(ap->changes, ap->cap, sizeof(*v));
		if (!v) {
			free(s);
			ap->nomem = true;
			return;
		}
		ap->changes = v;
	}
	ap->changes[ap->n_changes++] = s;
}

/* the subcommand @argv[0] @argv[1] as a line of the file may name it, or NULL (said) */
static const struct vr_cmd *vr_apply_cmd(int argc, char **argv)
{
	const struct vr_cmd *cmd = vr_find_cmd(argv[0]), *sub;

	if (!cmd) {
		vr_err("unknown object \"%s\"", argv[0]);
		return NULL;
	}
	sub = argc > 1 ? vr_find_subcmd(cmd, argv[1]) : NULL;
	if (!sub || !sub->apply) {
		vr_err("\"%s%s%s\" does not belong in a configuration file (policy set, bridge "
		       "set, port set, gateway add and binding add do)", argv[0],
		       argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
		return NULL;
	}
	return sub;
}

/* every line through its callback: in the check pass, parsing only */
static int vr_apply_pass(struct vr_lines *lines, struct vr_apply *ap)
{
	const struct vr_cmd *sub;
	int argc, ret = VR_EXIT_OK, r;
	char **argv;

	vr_lines_rewind(lines);
	while ((r = vr_lines_next(lines, &argc, &argv)) > 0) {
		sub = vr_apply_cmd(argc, argv);
		r = sub ? sub->apply(ap, argc - 2, argv + 2) : VR_EXIT_USAGE;
		if (r != VR_EXIT_OK && (ret == VR_EXIT_OK || r == VR_EXIT_USAGE))
			ret = r;
	}
	return r < 0 ? -r : ret;
}

static void vr_apply_print(const struct vr_ctx *ctx, const struct vr_apply *ap)
{
	struct json_writer *jw;
	size_t i;

	if (!ctx->json) {
		for (i = 0; i < ap->n_changes; i++)
			puts(ap->changes[i]);
		return;
	}
	jw = jsonw_new(stdout);
	if (!jw) {
		vr_err("out of memory");
		return;
	}
	jsonw_pretty(jw, ctx->pretty);
	jsonw_start_object(jw);
	jsonw_bool_field(jw, "dry_run", ap->dry_run);
	jsonw_name(jw, "changes");
	jsonw_start_array(jw);
	for (i = 0; i < ap->n_changes; i++)
		jsonw_string(jw, ap->changes[i]);
	jsonw_end_array(jw);
	jsonw_end_object(jw);
	jsonw_destroy(&jw);
}

static int vr_apply_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	const char *what = "apply", *file = NULL;
	struct vr_apply ap = { 0 };
	struct vr_lines *lines;
	bool dry_run = false;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "file") == 0) {
			file = vr_arg_value(what, argc, argv, &i, "a file name", file);
			if (!file)
				return VR_EXIT_USAGE;
		} else if (strcmp(argv[i], "dry-run") == 0 && !dry_run) {
			dry_run = true;
		} else {
			vr_err("%s: unknown argument \"%s\"; usage: %s", what, argv[i],
			       VR_APPLY_USAGE);
			return VR_EXIT_USAGE;
		}
	}
	if (!file)
		file = getenv("VMROAM_CONF") ? getenv("VMROAM_CONF") : VR_CONF_DEFAULT;

	lines = vr_lines_open(file);
	if (!lines)
		return VR_EXIT_FAIL;
	ap.check = true;
	ret = vr_apply_pass(lines, &ap);
	if (ret == VR_EXIT_OK) {
		ap.check = false;
		ap.dry_run = dry_run;
		ret = vr_apply_pass(lines, &ap);
	} else {
		vr_err("%s: %s has errors: nothing changed", what, file);
		ret = VR_EXIT_USAGE;
	}
	vr_lines_close(lines);
	if (ap.nomem) {
		vr_err("%s: out of memory: the changes made are not all listed", what);
		ret = VR_EXIT_FAIL;
	}
	vr_apply_print(ctx, &ap);
	for (i = 0; (size_t)i < ap.n_changes; i++)
		free(ap.changes[i]);
	free(ap.changes);
	return ret;
}

const struct vr_cmd vr_cmd_apply = {
	.name		= "apply",
	.usage		= VR_APPLY_USAGE,
	.summary	= "bring the kernel to the configuration of FILE (default\n"
			  VR_CONF_DEFAULT ", or $VMROAM_CONF): policy set,\n"
			  "bridge set, port set (dev may be a pattern: tap*), gateway\n"
			  "add and binding add lines; only what differs is changed,\n"
			  "and printed as the command that changed it. dry-run:\n"
			  "print it, change nothing. A file with errors changes nothing",
	.run		= vr_apply_run,
};
