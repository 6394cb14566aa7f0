// SPDX-License-Identifier: GPL-2.0
/*
 * vmroam policy show|set: what a frame of each type may make vmroam do when it shows a known MAC
 * address on a new port, or a known IP address with a new MAC: move the FDB entry, update the
 * neighbour entries, learn the binding. Global defaults, and a bridge's overrides.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/vmroam.h>

#include "frame_type.h"
#include "genl.h"
#include "json.h"
#include "vmroam.h"

#define VR_POLICY_ALL_TYPES	(-2)	/* TYPE "all": every type but malformed */
/*
 * the types a policy maps: up to malformed (which has one, though no frame of it ever moves
 * anything); those after it (RA guard, DHCPv6) are counted and guarded, never normalised
 */
#define VR_POLICY_NTYPES	(VMROAM_FT_MALFORMED + 1)
#define VR_ACTIONS_STRLEN	256	/* "fdb,neigh,learn", or up to 32 names and numbers */

/* names of the actions, in the order they are printed; an unknown one prints as its number */
static const struct vr_name vr_action_table[__VMROAM_ACTION_MAX] = {
	[VMROAM_ACTION_FDB]	= { "fdb", "move the MAC's bridge FDB entry to the frame's port" },
	[VMROAM_ACTION_NEIGH]	= { "neigh", "update this host's neighbour entries of the MAC's IPs" },
	[VMROAM_ACTION_LEARN]	= { "learn", "update the binding: port, addresses, last seen" },
};

static const struct vr_names vr_actions = VR_NAMES(vr_action_table);

/* the reply to VMROAM_CMD_GET_POLICY */
struct vr_policy {
	uint32_t ifindex;		/* asked for: 0 for the global defaults */
	unsigned int replies;
	bool has[VR_POLICY_NTYPES];	/* the kernel sent an entry for the type */
	bool inherit[VR_POLICY_NTYPES];
	uint32_t actions[VR_POLICY_NTYPES];
	char bad[128];			/* why the reply was rejected */
};

/* @actions as "fdb,neigh,learn", or "none" */
static void vr_actions_str(uint32_t actions, char *buf, size_t len)
{
	char num[16];
	unsigned int a;
	size_t n = 0;

	snprintf(buf, len, "none");
	for (a = 0; a < 32 && n < len; a++) {
		if (actions & (1U << a))
			n += snprintf(buf + n, len - n, "%s%s", n ? "," : "",
				      vr_names_str(&vr_actions, a, num, sizeof(num)));
	}
}

static int vr_policy_bad(struct vr_policy *p, const char *what)
{
	snprintf(p->bad, sizeof(p->bad), "%s", what);
	return MNL_CB_ERROR;
}

/* one VMROAM_A_POLICY_ENTRY */
static int vr_policy_entry(struct vr_policy *p, const struct nlattr *entry)
{
	const struct nlattr *etb[VMROAM_A_POLICY_MAX + 1] = {};
	const struct nlattr *type, *actions, *inherit;
	uint32_t t;

	if (mnl_attr_validate(entry, MNL_TYPE_NESTED) < 0 ||
	    vr_genl_parse_nested(entry, etb, VMROAM_A_POLICY_MAX) < 0)
		return vr_policy_bad(p, "malformed VMROAM_A_POLICY_ENTRY");
	type = etb[VMROAM_A_POLICY_TYPE];
	actions = etb[VMROAM_A_POLICY_ACTIONS];
	inherit = etb[VMROAM_A_POLICY_INHERIT];
	if (!type || !actions)
		return vr_policy_bad(p, "an entry lacks VMROAM_A_POLICY_TYPE or _ACTIONS");
	if (mnl_attr_validate(type, MNL_TYPE_U32) < 0)
		return vr_policy_bad(p, "malformed VMROAM_A_POLICY_TYPE");
	if (mnl_attr_validate(actions, MNL_TYPE_U32) < 0)
		return vr_policy_bad(p, "malformed VMROAM_A_POLICY_ACTIONS");
	if (inherit && mnl_attr_validate(inherit, MNL_TYPE_FLAG) < 0)
		return vr_policy_bad(p, "malformed VMROAM_A_POLICY_INHERIT");
	t = mnl_attr_get_u32(type);
	if (t >= VR_POLICY_NTYPES)	/* a type without a policy, or one a newer module knows */
		return MNL_CB_OK;
	if (p->has[t]) {
		snprintf(p->bad, sizeof(p->bad), "two entries for %s", vr_frame_type_name(t));
		return MNL_CB_ERROR;
	}
	p->has[t] = true;
	p->actions[t] = mnl_attr_get_u32(actions);
	p->inherit[t] = inherit != NULL;
	return MNL_CB_OK;
}

static int vr_policy_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VMROAM_A_MAX + 1] = {};
	struct vr_policy *p = data;
	const struct nlattr *attr;

	if (++p->replies > 1)
		return vr_policy_bad(p, "more than one reply");
	if (vr_genl_parse(nlh, tb, VMROAM_A_MAX) < 0)
		return vr_policy_bad(p, "malformed reply");
	/* the reply need not name the bridge; if it does, it must be ours */
	attr = tb[VMROAM_A_IFINDEX];
	if (attr && p->ifindex) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return vr_policy_bad(p, "malformed VMROAM_A_IFINDEX");
		if (mnl_attr_get_u32(attr) != p->ifindex)
			return vr_policy_bad(p, "the reply is for another device");
	}
	attr = tb[VMROAM_A_POLICY];
	if (!attr)
		return vr_policy_bad(p, "the reply lacks VMROAM_A_POLICY");
	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
		return vr_policy_bad(p, "malformed VMROAM_A_POLICY");
	mnl_attr_for_each_nested(attr, tb[VMROAM_A_POLICY]) {
		if (mnl_attr_get_type(attr) == VMROAM_A_POLICY_ENTRY &&
		    vr_policy_entry(p, attr) != MNL_CB_OK)
			return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* { "arp_garp_request": ["fdb", "neigh", "learn"], ... }: the types the kernel sent, in order */
static int vr_policy_print_json(const struct vr_ctx *ctx, const struct vr_policy *p)
{
	struct json_writer *jw = jsonw_new(stdout);
	unsigned int a;
	char num[16];
	int t;

	if (!jw) {
		vr_err("out of memory");
		return VR_EXIT_FAIL;
	}
	jsonw_pretty(jw, ctx->pretty);
	jsonw_start_object(jw);
	for (t = 0; t < VR_POLICY_NTYPES; t++) {
		if (!p->has[t])
			continue;
		jsonw_name(jw, vr_frame_type_name(t));
		jsonw_start_array(jw);
		for (a = 0; a < 32; a++) {
			if (p->actions[t] & (1U << a))
				jsonw_string(jw, vr_names_str(&vr_actions, a, num, sizeof(num)));
		}
		jsonw_end_array(jw);
	}
	jsonw_end_object(jw);
	jsonw_destroy(&jw);
	return VR_EXIT_OK;
}

static int vr_policy_print(const struct vr_policy *p, const char *dev)
{
	char actions[VR_ACTIONS_STRLEN];
	int name_w = 20, t, n;

	for (t = 0; t < VR_POLICY_NTYPES; t++) {
		n = strlen(vr_frame_type_name(t)) + 1;
		if (n > name_w)
			name_w = n;
	}
	if (dev)
		printf("dev %s\n", dev);
	printf("%-*s %s\n", name_w, "TYPE", "ACTIONS");
	for (t = 0; t < VR_POLICY_NTYPES; t++) {
		if (!p->has[t])
			continue;
		vr_actions_str(p->actions[t], actions, sizeof(actions));
		printf("%-*s %s%s\n", name_w, vr_frame_type_name(t), actions,
		       p->inherit[t] ? " (default)" : "");
	}
	return VR_EXIT_OK;
}

/* [dev BRIDGE]: its ifindex into *@ifindex (0 without dev), or a VR_EXIT_* failure */
static int vr_policy_dev(const char *dev, uint32_t *ifindex)
{
	*ifindex = 0;
	if (!dev)
		return VR_EXIT_OK;
	*ifindex = vr_dev_index(dev);
	return *ifindex ? VR_EXIT_OK : VR_EXIT_FAIL;
}

/* VMROAM_CMD_GET_POLICY: the global defaults (@ifindex 0) or a bridge's, into @p */
static int vr_policy_get(const char *what, uint32_t ifindex, struct vr_policy *p)
{
	struct nlmsghdr *nlh;
	struct vr_genl *g;
	int err, ret;

	memset(p, 0, sizeof(*p));
	p->ifindex = ifindex;
	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	nlh = vr_genl_request(g, VMROAM_CMD_GET_POLICY, NLM_F_ACK);
	if (ifindex)
		mnl_attr_put_u32(nlh, VMROAM_A_IFINDEX, ifindex);
	err = vr_genl_talk(g, nlh, vr_policy_cb, p);
	if (err == -EBADMSG && p->bad[0]) {
		vr_err("%s: bad reply from the kernel: %s", what, p->bad);
		ret = VR_EXIT_FAIL;
	} else if (err) {
		ret = vr_kernel_err(g, what, err);
	} else if (!p->replies) {
		vr_err("%s: the kernel acknowledged the request but sent no policy", what);
		ret = VR_EXIT_FAIL;
	} else {
		vr_kernel_warn(g, what);
		ret = VR_EXIT_OK;
	}
	vr_genl_free(g);
	return ret;
}

static int vr_policy_show_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	const char *what = "policy show";
	const char *dev = NULL;
	struct vr_policy p;
	uint32_t ifindex;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "dev")) {
			vr_err("%s: unknown argument \"%s\"; try \"vmroam policy help\"", what,
			       argv[i]);
			return VR_EXIT_USAGE;
		}
		dev = vr_arg_value(what, argc, argv, &i, "a bridge name", dev);
		if (!dev || !vr_arg_dev(what, dev))
			return VR_EXIT_USAGE;
	}
	ret = vr_policy_dev(dev, &ifindex);
	if (ret != VR_EXIT_OK)
		return ret;
	ret = vr_policy_get(what, ifindex, &p);
	if (ret != VR_EXIT_OK)
		return ret;
	if (ctx->json)
		return vr_policy_print_json(ctx, &p);
	return vr_policy_print(&p, dev);
}

/* what "policy set" asks */
struct vr_policy_set {
	const char *dev;
	int type;			/* a frame type or VR_POLICY_ALL_TYPES */
	uint32_t actions;
	bool inherit;			/* "default" */
	const char *alone;		/* "none", "all" or "default": no other action with it */
	unsigned int n_actions;		/* names of actions given */
};

/* one ACTION word: names of actions, separated by commas as "policy show" prints them */
static int vr_policy_set_actions(const char *what, const char *word, struct vr_policy_set *ps)
{
	const char *s = word, *name;
	unsigned int a;
	size_t len;

	for (;;) {
		len = strcspn(s, ",");
		if (!len) {
			vr_err("%s: empty action in \"%s\"", what, word);
			return VR_EXIT_USAGE;
		}
		for (a = 0; a < __VMROAM_ACTION_MAX; a++) {
			name = vr_names_name(&vr_actions, a);
			if (name && strlen(name) == len && strncmp(s, name, len) == 0)
				break;
		}
		if (a < __VMROAM_ACTION_MAX) {
			ps->actions |= 1U << a;
		} else if (len == 4 && strncmp(s, "none", len) == 0) {
			ps->alone = "none";
		} else if (len == 3 && strncmp(s, "all", len) == 0) {
			ps->alone = "all";
			ps->actions = VMROAM_ACTION_ALL;
		} else if (len == 7 && strncmp(s, "default", len) == 0) {
			ps->alone = "default";
			ps->inherit = true;
		} else {
			vr_err("%s: unknown action \"%.*s\" (%s)", what, (int)len, s,
			       "fdb, neigh, learn, none, all or default");
			return VR_EXIT_USAGE;
		}
		ps->n_actions++;
		if (!s[len])
			return VR_EXIT_OK;
		s += len + 1;
	}
}

static int vr_policy_set_parse(const char *what, int argc, char **argv,
			       struct vr_policy_set *ps)
{
	const char *type = NULL;
	int i, ret;

	memset(ps, 0, sizeof(*ps));
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "dev") == 0) {
			ps->dev = vr_arg_value(what, argc, argv, &i, "a bridge name", ps->dev);
			if (!ps->dev || !vr_arg_dev(what, ps->dev))
				return VR_EXIT_USAGE;
		} else if (!type) {
			type = argv[i];
			ps->type = strcmp(type, "all") ? vr_frame_type_from_name(type) :
							VR_POLICY_ALL_TYPES;
			if (ps->type == -1) {
				vr_err("%s: unknown frame type \"%s\"; see \"vmroam help\"", what,
				       type);
				return VR_EXIT_USAGE;
			}
			if (ps->type >= VR_POLICY_NTYPES) {
				vr_err("%s: frame type \"%s\" has no policy: it is counted and guarded, "
				       "never normalised", what, type);
				return VR_EXIT_USAGE;
			}
		} else {
			ret = vr_policy_set_actions(what, argv[i], ps);
			if (ret != VR_EXIT_OK)
				return ret;
		}
	}
	if (!type || !ps->n_actions) {
		vr_err("%s: missing %s: policy set [dev BRIDGE] TYPE ACTION...", what,
		       type ? "ACTION" : "TYPE and ACTION");
		return VR_EXIT_USAGE;
	}
	if (ps->alone && ps->n_actions > 1) {
		vr_err("%s: \"%s\" cannot be combined with other actions", what, ps->alone);
		return VR_EXIT_USAGE;
	}
	if (ps->inherit && !ps->dev) {
		vr_err("%s: \"default\" needs dev BRIDGE: it drops a bridge's override", what);
		return VR_EXIT_USAGE;
	}
	return VR_EXIT_OK;
}

static void vr_policy_put_entry(struct nlmsghdr *nlh, const struct vr_policy_set *ps, int type)
{
	struct nlattr *entry;

	entry = mnl_attr_nest_start(nlh, VMROAM_A_POLICY_ENTRY);
	mnl_attr_put_u32(nlh, VMROAM_A_POLICY_TYPE, type);
	if (ps->inherit)
		mnl_attr_put(nlh, VMROAM_A_POLICY_INHERIT, 0, NULL);
	else
		mnl_attr_put_u32(nlh, VMROAM_A_POLICY_ACTIONS, ps->actions);
	mnl_attr_nest_end(nlh, entry);
}

/* the types "policy set" names: every type but malformed for "all" */
static void vr_policy_set_types(const struct vr_policy_set *ps, bool types[VR_POLICY_NTYPES])
{
	int t;

	for (t = 0; t < VR_POLICY_NTYPES; t++)
		types[t] = ps->type == VR_POLICY_ALL_TYPES ? t < VMROAM_FT_MALFORMED :
							     t == ps->type;
}

/* VMROAM_CMD_SET_POLICY of @ps for the @types, globally (@ifindex 0) or for a bridge */
static int vr_policy_set_send(const char *what, uint32_t ifindex, const struct vr_policy_set *ps,
			      const bool types[VR_POLICY_NTYPES])
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct vr_genl *g;
	int t;

	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	nlh = vr_genl_request(g, VMROAM_CMD_SET_POLICY, NLM_F_ACK);
	if (ifindex)
		mnl_attr_put_u32(nlh, VMROAM_A_IFINDEX, ifindex);
	nest = mnl_attr_nest_start(nlh, VMROAM_A_POLICY);
	for (t = 0; t < VR_POLICY_NTYPES; t++) {
		if (types[t])
			vr_policy_put_entry(nlh, ps, t);
	}
	mnl_attr_nest_end(nlh, nest);
	return vr_request_ack(g, what, nlh);
}

static int vr_policy_set_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	const char *what = "policy set";
	bool types[VR_POLICY_NTYPES];
	struct vr_policy_set ps;
	uint32_t ifindex;
	int ret;

	(void)ctx;
	ret = vr_policy_set_parse(what, argc, argv, &ps);
	if (ret != VR_EXIT_OK)
		return ret;
	ret = vr_policy_dev(ps.dev, &ifindex);
	if (ret != VR_EXIT_OK)
		return ret;
	vr_policy_set_types(&ps, types);
	return vr_policy_set_send(what, ifindex, &ps, types);
}

/*
 * A "policy set" line of the configuration file: the types whose actions differ, or which a
 * bridge inherits where the line gives actions of its own (an override, even of the same
 * actions), or overrides where the line says default
 */
static int vr_policy_set_apply(struct vr_apply *ap, int argc, char **argv)
{
	const char *what = "policy set";
	bool types[VR_POLICY_NTYPES];
	char actions[VR_ACTIONS_STRLEN];
	struct vr_policy_set ps;
	struct vr_policy cur;
	unsigned int n = 0;
	uint32_t ifindex;
	bool differs;
	int t, ret;

	ret = vr_policy_set_parse(what, argc, argv, &ps);
	if (ret != VR_EXIT_OK || ap->check)
		return ret;
	ret = vr_policy_dev(ps.dev, &ifindex);
	if (ret != VR_EXIT_OK)
		return ret;
	ret = vr_policy_get(what, ifindex, &cur);
	if (ret != VR_EXIT_OK)
		return ret;
	vr_policy_set_types(&ps, types);
	for (t = 0; t < VR_POLICY_NTYPES; t++) {
		if (!types[t])
			continue;
		if (ps.inherit)
			differs = !cur.inherit[t];
		else
			differs = !cur.has[t] || cur.actions[t] != ps.actions ||
				  (ifindex && cur.inherit[t]);
		types[t] = differs;
		n += differs;
	}
	if (!n)
		return VR_EXIT_OK;
	if (!ap->dry_run) {
		ret = vr_policy_set_send(what, ifindex, &ps, types);
		if (ret != VR_EXIT_OK)
			return ret;
	}
	if (ps.inherit)
		snprintf(actions, sizeof(actions), "default");
	else
		vr_actions_str(ps.actions, actions, sizeof(actions));
	for (t = 0; t < VR_POLICY_NTYPES; t++) {
		if (types[t])
			vr_apply_change(ap, "policy set%s%s %s %s", ps.dev ? " dev " : "",
					ps.dev ? ps.dev : "", vr_frame_type_name(t), actions);
	}
	return VR_EXIT_OK;
}

static void vr_policy_help(FILE *out)
{
	const char *sep = "";
	int t;

	fputs("Policy actions (ACTIONS of \"policy show\", ACTION of \"policy set\"):\n", out);
	vr_names_help(out, &vr_actions);
	fputs("  none, all             no action; every action\n"
	      "  default               with dev: drop the bridge's override of TYPE and\n"
	      "                        follow the global default again, which \"policy show\"\n"
	      "                        marks \"(default)\"\n"
	      "TYPE is a frame type above, or \"all\": every type but malformed. Several\n"
	      "actions may also be one word, fdb,neigh, as \"policy show\" prints them.\n"
	      "These types have no policy (counted and guarded, never normalised):\n ", out);
	for (t = VR_POLICY_NTYPES; t < VMROAM_FT_COUNT; t++) {
		if (vr_frame_type_name(t)) {
			fprintf(out, "%s %s", sep, vr_frame_type_name(t));
			sep = ",";
		}
	}
	fputs(".\n", out);
}

static const struct vr_cmd vr_policy_subcmds[] = {
	{
		.name		= "show",
		.usage		= "policy show [dev BRIDGE]",
		.summary	= "show the actions each frame type may cause: the\n"
				  "global defaults, or those of bridge BRIDGE",
		.run		= vr_policy_show_run,
	},
	{
		.name		= "set",
		.usage		= "policy set [dev BRIDGE] TYPE ACTION...",
		.summary	= "set the actions of frame type TYPE: the global\n"
				  "default, or bridge BRIDGE's override",
		.run		= vr_policy_set_run,
		.apply		= vr_policy_set_apply,
	},
	{ .name = NULL },
};

const struct vr_cmd vr_cmd_policy = {
	.name		= "policy",
	.subcmds	= vr_policy_subcmds,
	.help_extra	= vr_policy_help,
};
