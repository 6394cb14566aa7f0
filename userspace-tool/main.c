// SPDX-License-Identifier: GPL-2.0
/* vmroam: the command line interface of the vmroam kernel module. Options, commands, help. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <linux/vmroam.h>

#include "vmroam.h"

#define VR_SHORT_OPTS	"jphV"
#define VR_USAGE_WIDTH	20	/* of the command column of the help */

static int vr_help_run(const struct vr_ctx *ctx, int argc, char **argv);

static const struct vr_cmd vr_cmd_help = {
	.name		= "help",
	.usage		= "help",
	.summary	= "show this help",
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
	&vr_cmd_help,
};

#define VR_NCMDS	(sizeof(vr_cmds) / sizeof(vr_cmds[0]))

static void vr_usage_cmd(FILE *out, const struct vr_cmd *cmd)
{
	const char *s = cmd->summary;
	const struct vr_cmd *sub;
	size_t len;

	if (cmd->subcmds) {
		for (sub = cmd->subcmds; sub->name; sub++)
			vr_usage_cmd(out, sub);
		return;
	}
	if (strlen(cmd->usage) > VR_USAGE_WIDTH)
		fprintf(out, "  %s\n%*s", cmd->usage, VR_USAGE_WIDTH + 4, "");
	else
		fprintf(out, "  %-*s  ", VR_USAGE_WIDTH, cmd->usage);
	for (;;) {
		len = strcspn(s, "\n");
		fprintf(out, "%.*s\n", (int)len, s);
		if (!s[len])
			break;
		s += len + 1;
		fprintf(out, "%*s", VR_USAGE_WIDTH + 4, "");
	}
}

static void vr_usage(FILE *out)
{
	size_t i;

	fputs("Usage: vmroam [OPTIONS] COMMAND [ARGUMENTS]\n"
	      "\n"
	      "Talks to the vmroam kernel module, which classifies the ARP, RARP, IPv6\n"
	      "neighbour discovery (router advertisements too), DHCP and DHCPv6 frames\n"
	      "entering bridge ports and counts them per type, per network namespace and per\n"
	      "bridge port. From them it learns where each MAC address is (its binding: port,\n"
	      "VLAN, IP addresses) and, when a MAC or an address shows up elsewhere, moves\n"
	      "bridge FDB and neighbour entries as the policy of the frame's type allows. A\n"
	      "sanctioned migration moves a VM's binding to the port it is expected on and\n"
	      "announces the VM on its behalf. Port security drops what an untrusted port may\n"
	      "not send (rogue DHCP and DHCPv6 servers, router advertisements, ARP, ND and IP\n"
	      "sources that match no binding, MACs of other ports...).\n"
	      "\n"
	      "Commands:\n", out);
	for (i = 0; i < VR_NCMDS; i++)
		vr_usage_cmd(out, vr_cmds[i]);
	fputs("\n"
	      "Options (before COMMAND):\n"
	      "  -j, --json            print JSON, on one line\n"
	      "  -p, --pretty          with -j, indent the JSON\n"
	      "  -h, --help            show this help and exit\n"
	      "  -V, --version         show the version and exit\n", out);
	for (i = 0; i < VR_NCMDS; i++) {
		if (vr_cmds[i]->help_extra) {
			fputc('\n', out);
			vr_cmds[i]->help_extra(out);
		}
	}
	fputs("\n"
	      "The kernel module must be loaded (modprobe vmroam); \"binding\n"
	      "add|del|unfreeze\", \"policy set\", \"migrate add|del|out\", \"gateway\n"
	      "add|del\" and \"port set\" need CAP_NET_ADMIN. Exit status: 0 on success,\n"
	      "1 on failure, 2 on bad usage.\n", out);
}

static int vr_help_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc) {
		vr_err("help: unexpected argument \"%s\"", argv[0]);
		return VR_EXIT_USAGE;
	}
	vr_usage(stdout);
	return VR_EXIT_OK;
}

static void vr_version(void)
{
	printf("vmroam %s\n", VMROAM_CLI_VERSION);
	printf("generic netlink family \"%s\", version %d\n", VMROAM_GENL_NAME,
	       VMROAM_GENL_VERSION);
}

/* getopt_long() returned '?' for argv[optind - 1] */
static void vr_bad_option(char **argv)
{
	const char *word = argv[optind - 1];

	if (optopt && strncmp(word, "--", 2) == 0 && strchr(VR_SHORT_OPTS, optopt))
		vr_err("option \"%.*s\" takes no value; try \"vmroam help\"",
		       (int)strcspn(word, "="), word);
	else if (optopt)
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

static int vr_run(const struct vr_ctx *ctx, const struct vr_cmd *cmd, int argc, char **argv)
{
	const struct vr_cmd *sub;
	char list[128];

	if (!cmd->subcmds)
		return cmd->run(ctx, argc, argv);
	vr_subcmd_list(cmd, list, sizeof(list));
	if (!argc) {
		vr_err("%s: missing subcommand: %s; try \"vmroam help\"", cmd->name, list);
		return VR_EXIT_USAGE;
	}
	for (sub = cmd->subcmds; sub->name; sub++) {
		if (strcmp(argv[0], sub->name) == 0)
			return sub->run(ctx, argc - 1, argv + 1);
	}
	vr_err("%s: unknown subcommand \"%s\" (%s); try \"vmroam help\"", cmd->name, argv[0],
	       list);
	return VR_EXIT_USAGE;
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

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json",	no_argument,	NULL,	'j' },
		{ "pretty",	no_argument,	NULL,	'p' },
		{ "help",	no_argument,	NULL,	'h' },
		{ "version",	no_argument,	NULL,	'V' },
		{ NULL,		0,		NULL,	0 },
	};
	struct vr_ctx ctx = { 0 };
	const char *name;
	size_t i;
	int c;

	opterr = 0;	/* we say it ourselves, with our prefix */
	while ((c = getopt_long(argc, argv, "+" VR_SHORT_OPTS, opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			ctx.json = true;
			break;
		case 'p':
			ctx.pretty = true;
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

	if (optind >= argc) {
		vr_err("no command given");
		vr_usage(stderr);
		return VR_EXIT_USAGE;
	}
	name = argv[optind];
	for (i = 0; i < VR_NCMDS; i++) {
		if (strcmp(name, vr_cmds[i]->name) == 0)
			return vr_flush(vr_run(&ctx, vr_cmds[i], argc - optind - 1,
					       argv + optind + 1));
	}
	vr_err("unknown command \"%s\"; try \"vmroam help\"", name);
	return VR_EXIT_USAGE;
}
