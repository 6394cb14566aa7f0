// SPDX-License-Identifier: GPL-2.0
/*
 * vmroam gateway add|del|show: the gateways of a bridge. When vmroam announces a migrated VM, it
 * also sends each gateway of the VM's bridge an ARP request from the VM, so that the gateway's
 * neighbour entry follows at once.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vmroam.h>

#include "genl.h"
#include "json.h"
#include "vmroam.h"

#define VR_GATEWAY_ADD_USAGE	"gateway add dev BRIDGE ip ADDR [ip ADDR]..."
#define VR_GATEWAY_DEL_USAGE	"gateway del dev BRIDGE ip ADDR [ip ADDR]..."
#define VR_GATEWAY_MAX		8	/* per bridge: what the kernel keeps */

/* the words of a gateway subcommand */
struct vr_gateway_args {
	const char *dev;
	unsigned int n_ips;
	struct in_addr ips[VR_GATEWAY_MAX];
};

/* one bridge of the reply to VMROAM_CMD_GET_GATEWAY */
struct vr_gateway {
	uint32_t ifindex;
	bool has_ifname;
	char ifname[IF_NAMESIZE];
	unsigned int n_ips;
	struct vr_ip *ips;		/* IPv4 only, in the kernel's order */
};

/* the reply to VMROAM_CMD_GET_GATEWAY */
struct vr_gateways {
	uint32_t ifindex;		/* asked for: 0 for a dump */
	struct vr_gateway *v;
	size_t n, cap;
	bool nomem;
	char bad[128];			/* why the reply was rejected */
};

/* "ip ADDR": one more IPv4 address of @args, not given yet, at most VR_GATEWAY_MAX */
static bool vr_gateway_ip(const char *what, const struct vr_kw *kw, const char *word, void *args)
{
	struct vr_gateway_args *a = args;
	struct vr_ip ip;
	unsigned int k;

	(void)kw;
	if (!vr_arg_ip(what, word, &ip))
		return false;
	if (ip.family != AF_INET) {
		vr_err("%s: \"%s\" is an IPv6 address; gateways are IPv4", what, word);
		return false;
	}
	for (k = 0; k < a->n_ips; k++) {
		if (a->ips[k].s_addr == ip.v4.s_addr) {
			vr_err("%s: address %s given twice", what, word);
			return false;
		}
	}
	if (a->n_ips == VR_GATEWAY_MAX) {
		vr_err("%s: too many addresses at \"%s\" (a bridge has at most %d gateways)", what,
		       word, VR_GATEWAY_MAX);
		return false;
	}
	a->ips[a->n_ips++] = ip.v4;
	return true;
}

#define VR_GATEWAY_KW_DEV \
	{ .key = "dev", .type = VR_KW_DEV, .off = offsetof(struct vr_gateway_args, dev), \
	  .desc = "a bridge name" }

/* add and del */
static const struct vr_kw vr_gateway_change_kws[] = {
	VR_GATEWAY_KW_DEV,
	{ .key = "ip", .type = VR_KW_FUNC, .parse = vr_gateway_ip, .desc = "an IPv4 address" },
	{ .key = NULL },
};

static const struct vr_kw vr_gateway_show_kws[] = {
	VR_GATEWAY_KW_DEV,
	{ .key = NULL },
};

/* the words of @what, which takes the keywords @kws, into @a */
static int vr_gateway_parse(const char *what, const struct vr_kw *kws, int argc, char **argv,
			    struct vr_gateway_args *a)
{
	memset(a, 0, sizeof(*a));
	return vr_kw_parse(what, "gateway", kws, argc, argv, a);
}

/* the words of "gateway add" or "gateway del" into @a: dev BRIDGE ip ADDR... */
static int vr_gateway_change_parse(const char *what, const char *usage, int argc, char **argv,
				   struct vr_gateway_args *a)
{
	int ret = vr_gateway_parse(what, vr_gateway_change_kws, argc, argv, a);

	if (ret != VR_EXIT_OK)
		return ret;
	if (!a->dev || !a->n_ips) {
		vr_err("%s: \"%s\" is required: %s", what, a->dev ? "ip" : "dev", usage);
		return VR_EXIT_USAGE;
	}
	return VR_EXIT_OK;
}

/* @cmd (NEW_ or DEL_GATEWAY) of the @n addresses @ips for bridge @ifindex */
static int vr_gateway_send(const char *what, uint8_t cmd, uint32_t ifindex,
			   const struct in_addr *ips, unsigned int n)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct vr_genl *g;
	unsigned int k;

	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	nlh = vr_genl_request(g, cmd, NLM_F_ACK);
	mnl_attr_put_u32(nlh, VMROAM_A_IFINDEX, ifindex);
	nest = mnl_attr_nest_start(nlh, VMROAM_A_GATEWAY);
	for (k = 0; k < n; k++)
		mnl_attr_put(nlh, VMROAM_A_GATEWAY_IPV4, sizeof(ips[k]), &ips[k]);
	mnl_attr_nest_end(nlh, nest);
	return vr_request_ack(g, what, nlh);
}

static int vr_gateway_change(const char *what, const char *usage, uint8_t cmd, int argc,
			     char **argv)
{
	struct vr_gateway_args a;
	uint32_t ifindex;
	int ret;

	ret = vr_gateway_change_parse(what, usage, argc, argv, &a);
	if (ret != VR_EXIT_OK)
		return ret;
	ifindex = vr_dev_index(a.dev);
	if (!ifindex)
		return VR_EXIT_FAIL;
	return vr_gateway_send(what, cmd, ifindex, a.ips, a.n_ips);
}

static int vr_gateway_add_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	return vr_gateway_change("gateway add", VR_GATEWAY_ADD_USAGE, VMROAM_CMD_NEW_GATEWAY,
				 argc, argv);
}

static int vr_gateway_del_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	return vr_gateway_change("gateway del", VR_GATEWAY_DEL_USAGE, VMROAM_CMD_DEL_GATEWAY,
				 argc, argv);
}

static void vr_gateways_free(struct vr_gateways *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++)
		free(gs->v[i].ips);
	free(gs->v);
	gs->v = NULL;
	gs->n = gs->cap = 0;
}

static int vr_gateways_bad(struct vr_gateways *gs, const char *what)
{
	snprintf(gs->bad, sizeof(gs->bad), "%s", what);
	return MNL_CB_ERROR;
}

/* one message: a bridge, VMROAM_A_IFINDEX and VMROAM_A_GATEWAY { IFNAME, IPV4... } */
static int vr_gateways_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VMROAM_A_MAX + 1] = {};
	const struct nlattr *gtb[VMROAM_A_GATEWAY_MAX + 1] = {};
	struct vr_gateways *gs = data;
	struct vr_gateway gw = { 0 };
	const struct nlattr *attr, *nest;
	void *v;
	int err;

	if (vr_genl_parse(nlh, tb, VMROAM_A_MAX) < 0)
		return vr_gateways_bad(gs, "malformed reply");
	attr = tb[VMROAM_A_IFINDEX];
	if (!attr)
		return vr_gateways_bad(gs, "the reply lacks VMROAM_A_IFINDEX");
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return vr_gateways_bad(gs, "malformed VMROAM_A_IFINDEX");
	gw.ifindex = mnl_attr_get_u32(attr);
	if (gs->ifindex && gw.ifindex != gs->ifindex)
		return vr_gateways_bad(gs, "the reply is for another device");
	if (gs->ifindex && gs->n)
		return vr_gateways_bad(gs, "more than one reply");

	/* a bridge without gateways may come without the nest */
	nest = tb[VMROAM_A_GATEWAY];
	if (nest) {
		if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0 ||
		    vr_genl_parse_nested(nest, gtb, VMROAM_A_GATEWAY_MAX) < 0)
			return vr_gateways_bad(gs, "malformed VMROAM_A_GATEWAY");
		attr = gtb[VMROAM_A_GATEWAY_IFNAME];
		if (attr) {
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
			    strlen(mnl_attr_get_str(attr)) >= sizeof(gw.ifname))
				return vr_gateways_bad(gs, "malformed VMROAM_A_GATEWAY_IFNAME");
			strcpy(gw.ifname, mnl_attr_get_str(attr));
			gw.has_ifname = true;
		}
		/* no IPv6 type: attribute types are 14 bits, UINT_MAX matches none */
		err = vr_nest_ips(nest, VMROAM_A_GATEWAY_IPV4, UINT_MAX, &gw.ips, &gw.n_ips);
		if (err == -ENOMEM) {
			gs->nomem = true;
			return MNL_CB_ERROR;
		}
		if (err)
			return vr_gateways_bad(gs, "malformed VMROAM_A_GATEWAY_IPV4");
	}

	if (gs->n == gs->cap) {
		gs->cap = gs->cap ? 2 * gs->cap : 8;
		v = reallocarray(gs->v, gs->cap, sizeof(*gs->v));
		if (!v) {
			gs->nomem = true;
			free(gw.ips);
			return MNL_CB_ERROR;
		}
		gs->v = v;
	}
	gs->v[gs->n++] = gw;
	return MNL_CB_OK;
}

/* "br0", or "ifindex 7" when the kernel did not name the bridge */
static const char *vr_gateway_dev(const struct vr_gateway *gw, char *buf, size_t len)
{
	if (gw->has_ifname)
		return gw->ifname;
	snprintf(buf, len, "ifindex %" PRIu32, gw->ifindex);
	return buf;
}

/* "br0 gateway 10.0.0.1 gateway 10.0.0.254": one line per bridge */
static int vr_gateways_print(const struct vr_gateways *gs)
{
	char buf[INET6_ADDRSTRLEN], dev[32];
	unsigned int k;
	size_t i;

	for (i = 0; i < gs->n; i++) {
		const struct vr_gateway *gw = &gs->v[i];

		fputs(vr_gateway_dev(gw, dev, sizeof(dev)), stdout);
		for (k = 0; k < gw->n_ips; k++)
			printf(" gateway %s", vr_ip_str(&gw->ips[k], buf));
		putchar('\n');
	}
	return VR_EXIT_OK;
}

/* [{"dev": "br0", "ifindex": 4, "gateways": ["10.0.0.1"]}]: "dev" only when the kernel named it */
static int vr_gateways_print_json(const struct vr_ctx *ctx, const struct vr_gateways *gs)
{
	struct json_writer *jw = jsonw_new(stdout);
	char buf[INET6_ADDRSTRLEN];
	unsigned int k;
	size_t i;

	if (!jw) {
		vr_err("out of memory");
		return VR_EXIT_FAIL;
	}
	jsonw_pretty(jw, ctx->pretty);
	jsonw_start_array(jw);
	for (i = 0; i < gs->n; i++) {
		const struct vr_gateway *gw = &gs->v[i];

		jsonw_start_object(jw);
		if (gw->has_ifname)
			jsonw_string_field(jw, "dev", gw->ifname);
		jsonw_u64_field(jw, "ifindex", gw->ifindex);
		jsonw_name(jw, "gateways");
		jsonw_start_array(jw);
		for (k = 0; k < gw->n_ips; k++)
			jsonw_string(jw, vr_ip_str(&gw->ips[k], buf));
		jsonw_end_array(jw);
		jsonw_end_object(jw);
	}
	jsonw_end_array(jw);
	jsonw_destroy(&jw);
	return VR_EXIT_OK;
}

/* the gateways of bridge @gs->ifindex (or of every bridge) into @gs: the exit status */
static int vr_gateways_get(const char *what, struct vr_gateways *gs)
{
	struct nlmsghdr *nlh;
	struct vr_genl *g;
	int err, ret;

	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	if (gs->ifindex) {
		nlh = vr_genl_request(g, VMROAM_CMD_GET_GATEWAY, NLM_F_ACK);
		mnl_attr_put_u32(nlh, VMROAM_A_IFINDEX, gs->ifindex);
	} else {
		nlh = vr_genl_request(g, VMROAM_CMD_GET_GATEWAY, NLM_F_DUMP);
	}
	err = vr_genl_talk(g, nlh, vr_gateways_cb, gs);
	ret = vr_reply_status(g, what, err, gs->nomem, gs->bad, NULL);
	vr_genl_free(g);
	return ret;
}

/* a "gateway add" line of the configuration file: the addresses the bridge lacks */
static int vr_gateway_add_apply(struct vr_apply *ap, int argc, char **argv)
{
	const char *what = "gateway add";
	struct vr_gateways gs = { 0 };
	struct vr_gateway_args a;
	struct in_addr add[VR_GATEWAY_MAX];
	char words[VR_GATEWAY_MAX * (INET_ADDRSTRLEN + 4)], ip[INET_ADDRSTRLEN];
	unsigned int k, j, n = 0;
	size_t w = 0;
	bool has;
	int ret;

	ret = vr_gateway_change_parse(what, VR_GATEWAY_ADD_USAGE, argc, argv, &a);
	if (ret != VR_EXIT_OK || ap->check)
		return ret;
	gs.ifindex = vr_dev_index(a.dev);
	if (!gs.ifindex)
		return VR_EXIT_FAIL;
	ret = vr_gateways_get(what, &gs);
	if (ret != VR_EXIT_OK)
		goto out;
	words[0] = '\0';
	for (k = 0; k < a.n_ips; k++) {
		has = false;
		for (j = 0; gs.n && j < gs.v[0].n_ips; j++)
			has |= gs.v[0].ips[j].v4.s_addr == a.ips[k].s_addr;
		if (has)
			continue;
		add[n++] = a.ips[k];
		inet_ntop(AF_INET, &a.ips[k], ip, sizeof(ip));
		w += snprintf(words + w, sizeof(words) - w, " ip %s", ip);
	}
	if (!n)
		goto out;
	if (!ap->dry_run) {
		ret = vr_gateway_send(what, VMROAM_CMD_NEW_GATEWAY, gs.ifindex, add, n);
		if (ret != VR_EXIT_OK)
			goto out;
	}
	vr_apply_change(ap, "gateway add dev %s%s", a.dev, words);
out:
	vr_gateways_free(&gs);
	return ret;
}

static int vr_gateway_show_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	const char *what = "gateway show";
	struct vr_gateways gs = { 0 };
	struct vr_gateway_args a;
	int ret;

	ret = vr_gateway_parse(what, vr_gateway_show_kws, argc, argv, &a);
	if (ret != VR_EXIT_OK)
		return ret;
	if (a.dev) {
		gs.ifindex = vr_dev_index(a.dev);
		if (!gs.ifindex)
			return VR_EXIT_FAIL;
	}
	ret = vr_gateways_get(what, &gs);
	/* the bridge asked for, if the kernel did not name it */
	if (gs.ifindex && gs.n && !gs.v[0].has_ifname) {
		strcpy(gs.v[0].ifname, a.dev);
		gs.v[0].has_ifname = true;
	}

	if (ret == VR_EXIT_OK) {
		if (ctx->json)
			ret = vr_gateways_print_json(ctx, &gs);
		else
			ret = vr_gateways_print(&gs);
	}
	vr_gateways_free(&gs);
	return ret;
}

static const struct vr_cmd vr_gateway_subcmds[] = {
	{
		.name		= "add",
		.usage		= VR_GATEWAY_ADD_USAGE,
		.summary	= "add gateways of bridge BRIDGE (IPv4, at most 8 per\n"
				  "bridge): announcing a migrated VM sends each an ARP\n"
				  "request from it",
		.run		= vr_gateway_add_run,
		.apply		= vr_gateway_add_apply,
	},
	{
		.name		= "del",
		.usage		= VR_GATEWAY_DEL_USAGE,
		.summary	= "remove gateways of bridge BRIDGE",
		.run		= vr_gateway_del_run,
	},
	{
		.name		= "show",
		.usage		= "gateway show [dev BRIDGE]",
		.summary	= "show the gateways of every bridge, or of BRIDGE",
		.run		= vr_gateway_show_run,
	},
	{ .name = NULL },
};

const struct vr_cmd vr_cmd_gateway = {
	.name		= "gateway",
	.subcmds	= vr_gateway_subcmds,
};
