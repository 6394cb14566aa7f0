// SPDX-License-Identifier: GPL-2.0
/* vmroam: the command line interface of the vmroam kernel module. Options, commands, help. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/vmroam.h>

#include "vmroam.h"

#define VR_SHORT_OPTS	"jpb:fhV"
#define VR_USAGE_INDENT	6	/* of a summary under its usage */

static int vr_help_run(const struct vr_ctx *ctx, int argc, char **argv);

static const struct vr_cmd vr_cmd_help = {
	.name		= "help",
	.usage		= "help [OBJECT]",
	.summary	= "show the usage of every object, or OBJECT's with its details",
	.run		= vr_help_run,
};

/* the commands, in the order "vmroam help" lists them */
static const struct vr_cmd *const vr_cmds[] = {
	&vr_cmd_stats,
	&vr_cmd_binding,
	&vr_cmd_policy,
	&vr_cmd_migrate,
	&vr_cmd_gateway,
	&vr_cmd_port,
	&vr_cmd_bridge,
	&vr_cmd_monitor,
	&vr_cmd_apply,
	&vr_cmd_help,
};

#define VR_NCMDS	(sizeof(vr_cmds) / sizeof(vr_cmds[0]))

/* the usage lines of @cmd, or of each of its subcommands */
static void vr_usage_lines(FILE *out, const struct vr_cmd *cmd)
{
	const struct vr_cmd *sub;

	if (!cmd->subcmds) {
		fprintf(out, "  %s\n", cmd->usage);
		return;
	}
	for (sub = cmd->subcmds; sub->name; sub++)
		fprintf(out, "  %s\n", sub->usage);
}

/* a usage and its summary, the summary's lines in a column of their own */
static void vr_usage_cmd(FILE *out, const struct vr_cmd *cmd)
{
	const char *s = cmd->summary;
	size_t len;

	fprintf(out, "  %s\n", cmd->usage);
	for (;;) {
		len = strcspn(s, "\n");
		fprintf(out, "%*s%.*s\n", VR_USAGE_INDENT, "", (int)len, s);
		if (!s[len])
			break;
		s += len + 1;
	}
}

static void vr_usage(FILE *out)
{
	size_t i;

	fputs("Usage: vmroam [OPTIONS] OBJECT COMMAND [ARGUMENTS]\n"
	      "       vmroam [OPTIONS] -batch FILE\n"
	      "\n"
	      "Talks to the vmroam kernel module: ARP, RARP, ND and DHCP normalisation,\n"
	      "bindings, sanctioned migrations and port security on Linux bridges.\n"
	      "\n"
	      "Objects and commands (\"vmroam OBJECT help\" explains one):\n", out);
	for (i = 0; i < VR_NCMDS; i++)
		vr_usage_lines(out, vr_cmds[i]);
	fputs("\n"
	      "Options (before OBJECT):\n"
	      "  -j, -json             print JSON, on one line\n"
	      "  -p, -pretty           with -j, indent the JSON\n"
	      "  -b, -batch FILE       run the commands of FILE (- for stdin), one a line\n"
	      "  -f, -force            with -batch, go on after a failing command\n"
	      "  -h, -help             show this help and exit\n"
	      "  -V, -version          show the version and exit\n"
	      "\n"
	      "The details are in vmroam(8). Exit status: 0 on success, 1 on failure, 2 on\n"
	      "bad usage.\n", out);
}

/* "vmroam OBJECT help": the usage and summary of each command of @cmd, and its extra section */
static void vr_usage_object(FILE *out, const struct vr_cmd *cmd)
{
	const struct vr_cmd *sub;

	fputs("Usage:\n", out);
	if (cmd->subcmds) {
		for (sub = cmd->subcmds; sub->name; sub++)
			vr_usage_cmd(out, sub);
	} else {
		vr_usage_cmd(out, cmd);
	}
	if (cmd->help_extra) {
		fputc('\n', out);
		cmd->help_extra(out);
	}
	fputs("\nSee vmroam(8) for the details.\n", out);
}

static int vr_help_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	size_t i;

	(void)ctx;
	if (argc > 1) {
		vr_err("help: unexpected argument \"%s\"", argv[1]);
		return VR_EXIT_USAGE;
	}
	if (!argc) {
		vr_usage(stdout);
		return VR_EXIT_OK;
	}
	for (i = 0; i < VR_NCMDS; i++) {
		if (strcmp(argv[0], vr_cmds[i]->name) == 0) {
			vr_usage_object(stdout, vr_cmds[i]);
			return VR_EXIT_OK;
		}
	}
	vr_err("help: unknown object \"%s\"; try \"vmroam help\"", argv[0]);
	return VR_EXIT_USAGE;
}

static void vr_version(void)
{
	printf("vmroam %s\n", VMROAM_CLI_VERSION);
	printf("generic netlink family \"%s\", version %d\n", VMROAM_GENL_NAME,
	       VMROAM_GENL_VERSION);
}

/* getopt_long_only() returned '?' for argv[optind - 1] */
static void vr_bad_option(char **argv)
{
	const char *word = argv[optind - 1];

	if (optopt && strchr(VR_SHORT_OPTS, optopt) && strchr(word, '='))
		vr_err("option \"%.*s\" takes no value; try \"vmroam help\"",
		       (int)strcspn(word, "="), word);
	else if (optopt && strchr(VR_SHORT_OPTS, optopt))
		vr_err("option \"%s\" needs a value; try \"vmroam help\"", word);
	else if (optopt && word[1] != '-' && !word[2])
		vr_err("unknown option \"-%c\"; try \"vmroam help\"", optopt);
	else
		vr_err("unknown option \"%s\"; try \"vmroam help\"", word);
}

/* "show, add or del": the subcommands of @cmd, for messages */
static void vr_subcmd_list(const struct vr_cmd *cmd, char *buf, size_t len)
{
	const struct vr_cmd *sub;
	size_t n = 0;

	buf[0] = '\0';
	for (sub = cmd->subcmds; sub->name && n < len; sub++)
		n += snprintf(buf + n, len - n, "%s%s", sub == cmd->subcmds ? "" :
			      sub[1].name ? ", " : " or ", sub->name);
}

const struct vr_cmd *vr_find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < VR_NCMDS; i++) {
		if (strcmp(name, vr_cmds[i]->name) == 0)
			return vr_cmds[i];
	}
	return NULL;
}

const struct vr_cmd *vr_find_subcmd(const struct vr_cmd *cmd, const char *name)
{
	const struct vr_cmd *sub;

	for (sub = cmd->subcmds; sub && sub->name; sub++) {
		if (strcmp(name, sub->name) == 0)
			return sub;
	}
	return NULL;
}

static int vr_run(const struct vr_ctx *ctx, const struct vr_cmd *cmd, int argc, char **argv)
{
	const struct vr_cmd *sub;
	char list[128];

	/* "vmroam port help" */
	if (argc == 1 && strcmp(argv[0], "help") == 0 && cmd->run != vr_help_run) {
		vr_usage_object(stdout, cmd);
		return VR_EXIT_OK;
	}
	if (!cmd->subcmds)
		return cmd->run(ctx, argc, argv);
	vr_subcmd_list(cmd, list, sizeof(list));
	if (!argc) {
		vr_err("%s: missing subcommand: %s; try \"vmroam %s help\"", cmd->name, list,
		       cmd->name);
		return VR_EXIT_USAGE;
	}
	sub = vr_find_subcmd(cmd, argv[0]);
	if (sub)
		return sub->run(ctx, argc - 1, argv + 1);
	vr_err("%s: unknown subcommand \"%s\" (%s); try \"vmroam %s help\"", cmd->name, argv[0],
	       list, cmd->name);
	return VR_EXIT_USAGE;
}

int vr_dispatch(const struct vr_ctx *ctx, int argc, char **argv)
{
	const struct vr_cmd *cmd = vr_find_cmd(argv[0]);

	if (!cmd) {
		vr_err("unknown object \"%s\"; try \"vmroam help\"", argv[0]);
		return VR_EXIT_USAGE;
	}
	return vr_run(ctx, cmd, argc - 1, argv + 1);
}

/* what went to stdout must have reached it */
static int vr_flush(int ret)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		vr_err("cannot write the output: %s", strerror(errno));
		return VR_EXIT_FAIL;
	}
	return ret;
}

/* -batch FILE: each line a command; the first that fails ends it, unless -force */
static int vr_batch_run(const struct vr_ctx *ctx, const char *path, bool force)
{
	struct vr_lines *lines;
	int argc, ret = VR_EXIT_OK, r;
	char **argv;

	lines = vr_lines_open(path);
	if (!lines)
		return VR_EXIT_FAIL;
	while ((r = vr_lines_next(lines, &argc, &argv)) > 0) {
		r = vr_flush(vr_dispatch(ctx, argc, argv));
		if (r == VR_EXIT_OK)
			continue;
		ret = force ? VR_EXIT_FAIL : r;
		if (!force)
			break;
	}
	if (r < 0)
		ret = -r;
	vr_lines_close(lines);
	return ret;
}

int main(int argc, char **argv)
{
	/* getopt_long_only(): -json and -batch, as ip(8) spells them, and --json too */
	static const struct option opts[] = {
		{ "json",	no_argument,		NULL,	'j' },
		{ "pretty",	no_argument,		NULL,	'p' },
		{ "batch",	required_argument,	NULL,	'b' },
		{ "force",	no_argument,		NULL,	'f' },
		{ "help",	no_argument,		NULL,	'h' },
		{ "version",	no_argument,		NULL,	'V' },
		{ NULL,		0,			NULL,	0 },
	};
	struct vr_ctx ctx = { 0 };
	const char *batch = NULL;
	bool force = false;
	int c;

	opterr = 0;	/* we say it ourselves, with our prefix */
	while ((c = getopt_long_only(argc, argv, "+" VR_SHORT_OPTS, opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			ctx.json = true;
			break;
		case 'p':
			ctx.pretty = true;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'h':
			vr_usage(stdout);
			return vr_flush(VR_EXIT_OK);
		case 'V':
			vr_version();
			return vr_flush(VR_EXIT_OK);
		default:
			vr_bad_option(argv);
			return VR_EXIT_USAGE;
		}
	}

	if (batch) {
		if (optind < argc) {
			vr_err("-batch takes no command: unexpected \"%s\"", argv[optind]);
			return VR_EXIT_USAGE;
		}
		return vr_flush(vr_batch_run(&ctx, batch, force));
	}
	if (force) {
		vr_err("-force goes with -batch FILE");
		return VR_EXIT_USAGE;
	}
	if (optind >= argc) {
		vr_err("no command given");
		vr_usage(stderr);
		return VR_EXIT_USAGE;
	}
	return vr_flush(vr_dispatch(&ctx, argc - optind, argv + optind));
}
