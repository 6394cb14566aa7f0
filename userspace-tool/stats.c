// SPDX-License-Identifier: GPL-2.0
/*
 * vmroam stats [dev PORT]: the frame counters of the network namespace or of one bridge port;
 * for the namespace, also those of bindings, FDB moves, neighbour updates, migrations,
 * departures, announcements and events; for both, the frames port security dropped per reason.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/vmroam.h>

#include "frame_type.h"
#include "genl.h"
#include "json.h"
#include "vmroam.h"

/* what "vmroam help" says of each type; a type missing here is listed without a description */
static const char *const vr_frame_type_help[VMROAM_FT_COUNT] = {
	[VMROAM_FT_ARP_GARP_REQUEST]	= "gratuitous ARP request (sender IP == target IP)",
	[VMROAM_FT_ARP_GARP_REPLY]	= "gratuitous ARP reply (sender IP == target IP)",
	[VMROAM_FT_ARP_PROBE]		= "ARP probe: request from 0.0.0.0 (RFC 5227)",
	[VMROAM_FT_ARP_REQUEST_LOCAL]	= "ARP request for an address of this host",
	[VMROAM_FT_ARP_REQUEST_OTHER]	= "ARP request for another host",
	[VMROAM_FT_ARP_REPLY_LOCAL]	= "unicast ARP reply to a MAC address of this host",
	[VMROAM_FT_ARP_REPLY_OTHER]	= "unicast ARP reply to another host",
	[VMROAM_FT_ARP_REPLY_BROADCAST]	= "non-gratuitous ARP reply to a group address",
	[VMROAM_FT_RARP_REQUEST]	= "RARP request (QEMU/VMware self-announce)",
	[VMROAM_FT_RARP_REPLY]		= "RARP reply",
	[VMROAM_FT_ND_NS]		= "IPv6 neighbour solicitation",
	[VMROAM_FT_ND_NS_DAD]		= "IPv6 neighbour solicitation from :: (DAD)",
	[VMROAM_FT_ND_NA_SOLICITED]	= "IPv6 neighbour advertisement, S flag set",
	[VMROAM_FT_ND_NA_UNSOLICITED]	= "IPv6 neighbour advertisement, S flag clear",
	[VMROAM_FT_DHCP_CLIENT]		= "DHCPv4 BOOTREQUEST",
	[VMROAM_FT_DHCP_SERVER]		= "DHCPv4 BOOTREPLY",
	[VMROAM_FT_MALFORMED]		= "one of the above, truncated or inconsistent",
	[VMROAM_FT_ND_RA]		= "IPv6 router advertisement",
	[VMROAM_FT_ND_REDIRECT]		= "ICMPv6 redirect",
	[VMROAM_FT_DHCP6_CLIENT]	= "DHCPv6 client message, or RELAY-FORW",
	[VMROAM_FT_DHCP6_SERVER]	= "DHCPv6 ADVERTISE, REPLY, RECONFIGURE or RELAY-REPL",
};

/*
 * The counters after the frame counters, in the order of their JSON keys. A module older than
 * the CLI does not send them, and per-port replies never do: only those sent are printed.
 */
static const struct vr_stats_extra {
	unsigned int attr;		/* in VMROAM_A_STATS */
	enum mnl_attr_data_type type;
	const char *key;
} vr_stats_extras[] = {
	{ VMROAM_A_STATS_BINDINGS,		MNL_TYPE_U32,	"bindings" },
	{ VMROAM_A_STATS_BINDINGS_REFUSED,	MNL_TYPE_U64,	"bindings_refused" },
	{ VMROAM_A_STATS_FDB_MOVES,		MNL_TYPE_U64,	"fdb_moves" },
	{ VMROAM_A_STATS_NEIGH_UPDATES,		MNL_TYPE_U64,	"neigh_updates" },
	{ VMROAM_A_STATS_FDB_LATENCY_LAST,	MNL_TYPE_U64,	"fdb_latency_last_ns" },
	{ VMROAM_A_STATS_FDB_LATENCY_MAX,	MNL_TYPE_U64,	"fdb_latency_max_ns" },
	{ VMROAM_A_STATS_NEIGH_LATENCY_LAST,	MNL_TYPE_U64,	"neigh_latency_last_ns" },
	{ VMROAM_A_STATS_NEIGH_LATENCY_MAX,	MNL_TYPE_U64,	"neigh_latency_max_ns" },
	{ VMROAM_A_STATS_MIGRATIONS,		MNL_TYPE_U64,	"migrations" },
	{ VMROAM_A_STATS_DEPARTURES,		MNL_TYPE_U64,	"departures" },
	{ VMROAM_A_STATS_ANNOUNCE_SENT,		MNL_TYPE_U64,	"announce_sent" },
	{ VMROAM_A_STATS_ANNOUNCE_DROPPED,	MNL_TYPE_U64,	"announce_dropped" },
	{ VMROAM_A_STATS_EVENTS_DROPPED,	MNL_TYPE_U64,	"events_dropped" },
	{ VMROAM_A_STATS_FDB_KEPT,		MNL_TYPE_U64,	"fdb_kept" },
};

#define VR_STATS_NEXTRAS	(sizeof(vr_stats_extras) / sizeof(vr_stats_extras[0]))

/* the reply to VMROAM_CMD_GET_STATS */
struct vr_stats {
	uint32_t ifindex;		/* asked for: 0 for the namespace */
	unsigned int replies;
	uint64_t frames[VMROAM_FT_COUNT];
	/* by attribute type: the other counters, and which of them the kernel sent */
	uint64_t extra[VMROAM_A_STATS_MAX + 1];
	bool has_extra[VMROAM_A_STATS_MAX + 1];
	bool has_drops;			/* the kernel sent VMROAM_A_STATS_DROPS */
	uint64_t drops[VMROAM_DROP_COUNT];
	char ifname[IF_NAMESIZE];	/* from the reply, for a port */
	char bad[128];			/* why the reply was rejected */
};

static const char *vr_type_name(int type)
{
	const char *name = vr_frame_type_name(type);

	return name ? name : "unknown";
}

static int vr_stats_bad(struct vr_stats *s, const char *what)
{
	snprintf(s->bad, sizeof(s->bad), "%s", what);
	return MNL_CB_ERROR;
}

static int vr_stats_frames(struct vr_stats *s, const struct nlattr *nest)
{
	const struct nlattr *attr;

	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
		return vr_stats_bad(s, "malformed VMROAM_A_STATS_FRAMES");
	mnl_attr_for_each_nested(attr, nest) {
		unsigned int type = mnl_attr_get_type(attr);

		/* 0 is padding; above VMROAM_FT_COUNT, types a newer kernel knows */
		if (type == 0 || type > VMROAM_FT_COUNT)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0) {
			snprintf(s->bad, sizeof(s->bad), "malformed counter of %s",
				 vr_type_name(type - 1));
			return MNL_CB_ERROR;
		}
		s->frames[type - 1] = mnl_attr_get_u64(attr);
	}
	/* a type the kernel did not send (an older kernel) stays at 0 */
	return MNL_CB_OK;
}

static int vr_stats_drops(struct vr_stats *s, const struct nlattr *nest)
{
	const struct nlattr *attr;

	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
		return vr_stats_bad(s, "malformed VMROAM_A_STATS_DROPS");
	mnl_attr_for_each_nested(attr, nest) {
		unsigned int type = mnl_attr_get_type(attr);

		/* 0 is padding; above VMROAM_DROP_COUNT, reasons a newer kernel knows */
		if (type == 0 || type > VMROAM_DROP_COUNT)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0) {
			snprintf(s->bad, sizeof(s->bad), "malformed drop counter of %s",
				 vr_drop_reason_name(type - 1));
			return MNL_CB_ERROR;
		}
		s->drops[type - 1] = mnl_attr_get_u64(attr);
	}
	/* a reason the kernel did not send stays at 0 */
	s->has_drops = true;
	return MNL_CB_OK;
}

static int vr_stats_extras_parse(struct vr_stats *s, const struct nlattr **stb)
{
	const struct vr_stats_extra *e;
	const struct nlattr *attr;
	size_t i;

	for (i = 0; i < VR_STATS_NEXTRAS; i++) {
		e = &vr_stats_extras[i];
		attr = stb[e->attr];
		if (!attr)
			continue;
		if (mnl_attr_validate(attr, e->type) < 0) {
			snprintf(s->bad, sizeof(s->bad), "malformed counter %s", e->key);
			return MNL_CB_ERROR;
		}
		s->extra[e->attr] = e->type == MNL_TYPE_U32 ? mnl_attr_get_u32(attr) :
							      mnl_attr_get_u64(attr);
		s->has_extra[e->attr] = true;
	}
	return MNL_CB_OK;
}

static int vr_stats_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VMROAM_A_MAX + 1] = {};
	const struct nlattr *stb[VMROAM_A_STATS_MAX + 1] = {};
	struct vr_stats *s = data;
	const struct nlattr *attr;

	if (++s->replies > 1)
		return vr_stats_bad(s, "more than one reply");
	if (vr_genl_parse(nlh, tb, VMROAM_A_MAX) < 0)
		return vr_stats_bad(s, "malformed reply");

	if (s->ifindex) {
		attr = tb[VMROAM_A_IFINDEX];
		if (!attr)
			return vr_stats_bad(s, "the reply lacks VMROAM_A_IFINDEX");
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return vr_stats_bad(s, "malformed VMROAM_A_IFINDEX");
		if (mnl_attr_get_u32(attr) != s->ifindex)
			return vr_stats_bad(s, "the reply is for another device");
		attr = tb[VMROAM_A_IFNAME];
		if (!attr)
			return vr_stats_bad(s, "the reply lacks VMROAM_A_IFNAME");
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
		    strlen(mnl_attr_get_str(attr)) >= sizeof(s->ifname))
			return vr_stats_bad(s, "malformed VMROAM_A_IFNAME");
		strcpy(s->ifname, mnl_attr_get_str(attr));
	}

	attr = tb[VMROAM_A_STATS];
	if (!attr)
		return vr_stats_bad(s, "the reply lacks VMROAM_A_STATS");
	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
	    vr_genl_parse_nested(attr, stb, VMROAM_A_STATS_MAX) < 0)
		return vr_stats_bad(s, "malformed VMROAM_A_STATS");
	if (!stb[VMROAM_A_STATS_FRAMES])
		return vr_stats_bad(s, "the reply lacks VMROAM_A_STATS_FRAMES");
	if (vr_stats_frames(s, stb[VMROAM_A_STATS_FRAMES]) != MNL_CB_OK)
		return MNL_CB_ERROR;
	/* a module older than port security does not send it */
	if (stb[VMROAM_A_STATS_DROPS] &&
	    vr_stats_drops(s, stb[VMROAM_A_STATS_DROPS]) != MNL_CB_OK)
		return MNL_CB_ERROR;
	return vr_stats_extras_parse(s, stb);
}

static int vr_stats_print_json(const struct vr_ctx *ctx, const struct vr_stats *s)
{
	struct json_writer *jw = jsonw_new(stdout);
	size_t i;
	int t;

	if (!jw) {
		vr_err("out of memory");
		return VR_EXIT_FAIL;
	}
	jsonw_pretty(jw, ctx->pretty);
	jsonw_start_object(jw);
	for (t = 0; t < VMROAM_FT_COUNT; t++)
		jsonw_u64_field(jw, vr_type_name(t), s->frames[t]);
	for (i = 0; i < VR_STATS_NEXTRAS; i++) {
		const struct vr_stats_extra *e = &vr_stats_extras[i];

		if (s->has_extra[e->attr])
			jsonw_u64_field(jw, e->key, s->extra[e->attr]);
	}
	/* last: a consumer that sums the frame counters must skip this object */
	if (s->has_drops) {
		jsonw_name(jw, "drops");
		jsonw_start_object(jw);
		for (t = 0; t < VMROAM_DROP_COUNT; t++)
			jsonw_u64_field(jw, vr_drop_reason_name(t), s->drops[t]);
		jsonw_end_object(jw);
	}
	jsonw_end_object(jw);
	jsonw_destroy(&jw);
	return VR_EXIT_OK;
}

/* @ns nanoseconds as "41.2 us", "3.5 ms" or "1.2 s" */
static void vr_stats_ns_str(uint64_t ns, char *buf, size_t len)
{
	if (ns < 1000000)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 " us", ns / 1000, ns / 100 % 10);
	else if (ns < 1000000000)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 " ms", ns / 1000000, ns / 100000 % 10);
	else
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 " s", ns / 1000000000,
			 ns / 100000000 % 10);
}

/* "fdb moves 2, latency last 41.2 us, max 120.5 us", with what the kernel sent of it */
static void vr_stats_print_updates(const struct vr_stats *s, const char *what,
				   unsigned int count_attr, const char *count_name,
				   unsigned int last_attr, unsigned int max_attr)
{
	const char *sep = " ";
	char num[32];

	if (!s->has_extra[count_attr] && !s->has_extra[last_attr] && !s->has_extra[max_attr])
		return;
	fputs(what, stdout);
	if (s->has_extra[count_attr]) {
		printf("%s%s %" PRIu64, sep, count_name, s->extra[count_attr]);
		sep = ", ";
	}
	if (s->has_extra[last_attr]) {
		vr_stats_ns_str(s->extra[last_attr], num, sizeof(num));
		printf("%slatency last %s", sep, num);
		sep = ", ";
	}
	if (s->has_extra[max_attr]) {
		vr_stats_ns_str(s->extra[max_attr], num, sizeof(num));
		printf("%s%s %s", sep, s->has_extra[last_attr] ? "max" : "latency max", num);
	}
	putchar('\n');
}

/*
 * "migrations 1, departures 0": @what, then "name value" of each of the @n counters @attrs (named
 * @names) the kernel sent, separated by commas; nothing if it sent none of them
 */
static void vr_stats_print_counts(const struct vr_stats *s, const char *what,
				  const unsigned int *attrs, const char *const *names,
				  unsigned int n)
{
	const char *sep = what[0] ? " " : "";
	bool any = false;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!s->has_extra[attrs[i]])
			continue;
		if (!any)
			fputs(what, stdout);
		printf("%s%s %" PRIu64, sep, names[i], s->extra[attrs[i]]);
		sep = ", ";
		any = true;
	}
	if (any)
		putchar('\n');
}

/* what vmroam did about migrations: sanctions, departures, announcements, events */
static void vr_stats_print_migrations(const struct vr_stats *s)
{
	static const unsigned int moved[] = {
		VMROAM_A_STATS_MIGRATIONS, VMROAM_A_STATS_DEPARTURES,
	};
	static const char *const moved_names[] = { "migrations", "departures" };
	static const unsigned int announce[] = {
		VMROAM_A_STATS_ANNOUNCE_SENT, VMROAM_A_STATS_ANNOUNCE_DROPPED,
	};
	static const char *const announce_names[] = { "sent", "dropped" };
	static const unsigned int events[] = { VMROAM_A_STATS_EVENTS_DROPPED };
	static const char *const events_names[] = { "dropped" };

	vr_stats_print_counts(s, "", moved, moved_names, 2);
	vr_stats_print_counts(s, "announce", announce, announce_names, 2);
	vr_stats_print_counts(s, "events", events, events_names, 1);
}

/* after the frame table, a blank line and the other counters the kernel sent */
static void vr_stats_print_extras(const struct vr_stats *s)
{
	const bool *has = s->has_extra;
	size_t i;

	for (i = 0; i < VR_STATS_NEXTRAS; i++)
		if (has[vr_stats_extras[i].attr])
			break;
	if (i == VR_STATS_NEXTRAS)
		return;
	putchar('\n');
	if (has[VMROAM_A_STATS_BINDINGS] && has[VMROAM_A_STATS_BINDINGS_REFUSED])
		printf("bindings %" PRIu64 " (refused %" PRIu64 ")\n",
		       s->extra[VMROAM_A_STATS_BINDINGS], s->extra[VMROAM_A_STATS_BINDINGS_REFUSED]);
	else if (has[VMROAM_A_STATS_BINDINGS])
		printf("bindings %" PRIu64 "\n", s->extra[VMROAM_A_STATS_BINDINGS]);
	else if (has[VMROAM_A_STATS_BINDINGS_REFUSED])
		printf("bindings refused %" PRIu64 "\n",
		       s->extra[VMROAM_A_STATS_BINDINGS_REFUSED]);
	vr_stats_print_updates(s, "fdb", VMROAM_A_STATS_FDB_MOVES, "moves",
			       VMROAM_A_STATS_FDB_LATENCY_LAST, VMROAM_A_STATS_FDB_LATENCY_MAX);
	if (has[VMROAM_A_STATS_FDB_KEPT])
		printf("fdb kept %" PRIu64 " (entries of the operator or another control plane)\n",
		       s->extra[VMROAM_A_STATS_FDB_KEPT]);
	vr_stats_print_updates(s, "neigh", VMROAM_A_STATS_NEIGH_UPDATES, "updates",
			       VMROAM_A_STATS_NEIGH_LATENCY_LAST, VMROAM_A_STATS_NEIGH_LATENCY_MAX);
	vr_stats_print_migrations(s);
}

static int vr_stats_print(const struct vr_stats *s)
{
	int name_w = 20, count_w = 8, t, n;
	char num[24];

	/* one width for both tables, frames and drops */
	for (t = 0; t < VMROAM_FT_COUNT; t++) {
		n = strlen(vr_type_name(t)) + 1;
		if (n > name_w)
			name_w = n;
		n = snprintf(num, sizeof(num), "%" PRIu64, s->frames[t]);
		if (n > count_w)
			count_w = n;
	}
	for (t = 0; s->has_drops && t < VMROAM_DROP_COUNT; t++) {
		n = snprintf(num, sizeof(num), "%" PRIu64, s->drops[t]);
		if (n > count_w)
			count_w = n;
	}
	if (s->ifindex)
		printf("dev %s\n", s->ifname);
	printf("%-*s %*s\n", name_w, "TYPE", count_w, "FRAMES");
	for (t = 0; t < VMROAM_FT_COUNT; t++)
		printf("%-*s %*" PRIu64 "\n", name_w, vr_type_name(t), count_w, s->frames[t]);
	vr_stats_print_extras(s);
	/* after a blank line, a table of its own: the frame table ends at the first one */
	if (s->has_drops) {
		printf("\n%-*s %*s\n", name_w, "DROP_REASON", count_w, "DROPS");
		for (t = 0; t < VMROAM_DROP_COUNT; t++)
			printf("%-*s %*" PRIu64 "\n", name_w, vr_drop_reason_name(t), count_w,
			       s->drops[t]);
	}
	return VR_EXIT_OK;
}

static int vr_stats_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	struct vr_stats s = { 0 };
	const char *dev = NULL;
	struct nlmsghdr *nlh;
	struct vr_genl *g;
	int i, err, ret;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "dev")) {
			vr_err("stats: unknown argument \"%s\"; try \"vmroam help\"", argv[i]);
			return VR_EXIT_USAGE;
		}
		dev = vr_arg_value("stats", argc, argv, &i, "a device name: stats dev PORT", dev);
		if (!dev || !vr_arg_dev("stats", dev))
			return VR_EXIT_USAGE;
	}

	if (dev) {
		s.ifindex = vr_dev_index(dev);
		if (!s.ifindex)
			return VR_EXIT_FAIL;
	}

	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	nlh = vr_genl_request(g, VMROAM_CMD_GET_STATS, NLM_F_ACK);
	if (s.ifindex)
		mnl_attr_put_u32(nlh, VMROAM_A_IFINDEX, s.ifindex);
	err = vr_genl_talk(g, nlh, vr_stats_cb, &s);
	if (err == -EBADMSG && s.bad[0]) {
		vr_err("stats: bad reply from the kernel: %s", s.bad);
		ret = VR_EXIT_FAIL;
	} else if (err) {
		ret = vr_kernel_err(g, "stats", err);
	} else if (!s.replies) {
		vr_err("stats: the kernel acknowledged the request but sent no statistics");
		ret = VR_EXIT_FAIL;
	} else {
		vr_kernel_warn(g, "stats");
		ret = VR_EXIT_OK;
	}
	vr_genl_free(g);
	if (ret != VR_EXIT_OK)
		return ret;

	if (ctx->json)
		return vr_stats_print_json(ctx, &s);
	return vr_stats_print(&s);
}

static void vr_stats_help(FILE *out)
{
	int t;

	fputs("Frame types (rows of \"stats\" and, up to malformed, of \"policy show\"; keys of\n"
	      "their JSON objects; TYPE of \"policy set\"), in this order:\n", out);
	for (t = 0; t < VMROAM_FT_COUNT; t++) {
		const char *help = vr_frame_type_help[t];

		if (help)
			fprintf(out, "  %-21s %s\n", vr_type_name(t), help);
		else
			fprintf(out, "  %s\n", vr_type_name(t));
	}
}

const struct vr_cmd vr_cmd_stats = {
	.name		= "stats",
	.usage		= "stats [dev PORT]",
	.summary	= "show how many frames of each type entered the bridge\n"
			  "ports of the network namespace, or bridge port PORT;\n"
			  "for the namespace, also the bindings, FDB moves and\n"
			  "neighbour updates, with their latencies, migrations,\n"
			  "departures and announcements; for both, the frames\n"
			  "port security dropped, per reason",
	.run		= vr_stats_run,
	.help_extra	= vr_stats_help,
};
