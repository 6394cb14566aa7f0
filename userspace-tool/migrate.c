// SPDX-License-Identifier: GPL-2.0
/*
 * vmroam migrate add|del|out|show: sanctioned migrations. The operator (or the orchestrator)
 * tells the destination host that a VM is coming to a port, so that vmroam activates its binding
 * there at once and announces it on its behalf; and tells the source host that it left.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vmroam.h>

#include "genl.h"
#include "json.h"
#include "vmroam.h"

#define VR_MIGRATE_ADD_USAGE	"migrate add dev PORT mac MAC [vlan VID]\n" \
				"            [ip ADDR [origin ORIGIN] [valid SECONDS]]...\n" \
				"            [timeout SECONDS] [activate first-frame|now|announce]\n" \
				"            [lease SECONDS]"
#define VR_MIGRATE_DEL_USAGE	"migrate del mac MAC [vlan VID]"
#define VR_MIGRATE_OUT_USAGE	"migrate out mac MAC [vlan VID]"
#define VR_MIGRATE_TIMEOUT_MAX	86400	/* seconds: a day */
#define VR_DUMP_TRIES		3	/* a dump the kernel says was interrupted starts again */

/* STATE of "migrate show"; one missing here (a newer module's) prints as its number */
static const struct vr_name vr_migration_state_table[__VMROAM_MIGRATION_STATE_MAX] = {
	[VMROAM_MIGRATION_PENDING]	= { "pending", "sanctioned, waiting for the MAC at the port" },
	[VMROAM_MIGRATION_ANNOUNCING]	= { "announcing", "activated; announcement rounds under way" },
	[VMROAM_MIGRATION_DONE]		= { "done", "activated, every round sent" },
	[VMROAM_MIGRATION_EXPIRED]	= { "expired", "the timeout passed before activation" },
};

static const struct vr_names vr_migration_states = VR_NAMES(vr_migration_state_table);

/* the words of "activate" */
static const struct vr_name vr_activate_table[__VMROAM_ACTIVATE_MAX] = {
	[VMROAM_ACTIVATE_FIRST_FRAME]	= { "first-frame",
					    "on the MAC's first frame of any kind at the port" },
	[VMROAM_ACTIVATE_NOW]		= { "now", "at once: for a VM that will send nothing" },
	[VMROAM_ACTIVATE_ANNOUNCE]	= { "announce", "on its RARP, gratuitous ARP or unsolicited NA" },
};

static const struct vr_names vr_activates = VR_NAMES(vr_activate_table);

/* the words of a migrate subcommand */
struct vr_migrate_args {
	const char *dev;
	bool has_mac, has_vlan, has_timeout, has_activate, has_lease;
	uint8_t mac[VR_MAC_LEN];
	uint16_t vlan;
	uint32_t timeout;
	uint32_t lease;
	uint8_t activate;
	unsigned int n_ips;
	struct vr_ip ips[VR_MAX_IPS];
	/* of an IPv6 address ips[k]: the origin and lifetime "origin" and "valid" gave it */
	struct vr_addr6 addr6[VR_MAX_IPS];
};

/* which optional attributes of a migration the kernel sent */
enum {
	VR_HAS_VLAN		= 1 << 0,
	VR_HAS_IFINDEX		= 1 << 1,
	VR_HAS_IFNAME		= 1 << 2,
	VR_HAS_STATE		= 1 << 3,
	VR_HAS_ACTIVATE		= 1 << 4,
	VR_HAS_TIMEOUT		= 1 << 5,
	VR_HAS_AGE		= 1 << 6,
	VR_HAS_EXPIRES		= 1 << 7,
	VR_HAS_ACTIVATED	= 1 << 8,
	VR_HAS_ANNOUNCED	= 1 << 9,
	VR_HAS_ROUNDS		= 1 << 10,
	VR_HAS_FRAMES		= 1 << 11,
	VR_HAS_LEASE		= 1 << 12,
};

/* one migration of the reply to VMROAM_CMD_GET_MIGRATION */
struct vr_migration {
	uint8_t mac[VR_MAC_LEN];
	uint16_t vlan;
	uint8_t state;
	uint8_t activate;
	unsigned int has;		/* VR_HAS_* */
	uint32_t ifindex;
	uint32_t timeout;		/* seconds */
	uint32_t rounds;
	uint32_t frames;
	uint32_t lease;			/* seconds */
	uint64_t age;			/* milliseconds */
	uint64_t expires;		/* milliseconds */
	uint64_t activated;		/* nanoseconds */
	uint64_t announced;		/* nanoseconds */
	char ifname[IF_NAMESIZE];
	unsigned int n_ips;
	struct vr_ip *ips;		/* in the kernel's order */
	unsigned int n_addr6s;
	struct vr_addr6 *addr6s;	/* VMROAM_A_MIGRATION_ADDR6, in the kernel's order */
};

/* the reply to VMROAM_CMD_GET_MIGRATION */
struct vr_migrations {
	struct vr_migration *v;
	size_t n, cap;
	bool nomem;
	char bad[128];			/* why the reply was rejected */
};

/*
 * "origin ORIGIN" or "valid SECONDS" (@kw): of the address before it, which must be an IPv6
 * one: into @args->addr6[] of that address
 */
static bool vr_migrate_addr6_word(const char *what, const struct vr_kw *kw, const char *word,
				  void *args)
{
	struct vr_migrate_args *a = args;
	bool origin = strcmp(kw->key, "origin") == 0;
	char buf[INET6_ADDRSTRLEN], list[128];
	struct vr_addr6 *a6;
	int o;

	if (!a->n_ips) {
		vr_err("%s: \"%s\" before any address: it follows the IPv6 address it applies to "
		       "(ip ADDR %s ...)", what, kw->key, kw->key);
		return false;
	}
	if (a->ips[a->n_ips - 1].family != AF_INET6) {
		vr_err("%s: \"%s\" after IPv4 address %s: only an IPv6 address has an origin and "
		       "a lifetime", what, kw->key, vr_ip_str(&a->ips[a->n_ips - 1], buf));
		return false;
	}
	a6 = &a->addr6[a->n_ips - 1];
	if (origin ? a6->has_origin : a6->has_valid) {
		vr_err("%s: \"%s\" given twice", what, kw->key);
		return false;
	}
	if (!origin) {
		if (!vr_arg_seconds(what, "valid lifetime", word, &a6->valid))
			return false;
		a6->has_valid = true;
		return true;
	}
	o = vr_names_find(&vr_origins, word);
	if (o < 0) {
		vr_names_list(&vr_origins, list, sizeof(list));
		vr_err("%s: unknown origin \"%s\" (%s)", what, word, list);
		return false;
	}
	a6->origin = o;
	a6->has_origin = true;
	return true;
}

/* the keywords of the migrate subcommands, into struct vr_migrate_args */
#define VR_MIGRATE_KW(k, t, field, ...) \
	{ .key = (k), .type = (t), .off = offsetof(struct vr_migrate_args, field), __VA_ARGS__ }
#define VR_MIGRATE_HAS(field)	.has = VR_KW_HAS(struct vr_migrate_args, field)
#define VR_MIGRATE_KW_MAC	VR_MIGRATE_KW("mac", VR_KW_MAC, mac, VR_MIGRATE_HAS(has_mac))

static const struct vr_kw vr_migrate_add_kws[] = {
	VR_MIGRATE_KW("dev", VR_KW_DEV, dev),
	VR_MIGRATE_KW_MAC,
	/* a sanction without vlan is for the port's PVID, or 0: 0 is not a choice */
	VR_MIGRATE_KW("vlan", VR_KW_VLAN, vlan, VR_MIGRATE_HAS(has_vlan), .min = 1),
	VR_MIGRATE_KW("ip", VR_KW_IP, ips, .count = offsetof(struct vr_migrate_args, n_ips),
		      .repeat = true),
	VR_MIGRATE_KW("origin", VR_KW_FUNC, addr6, .parse = vr_migrate_addr6_word,
		      .names = &vr_origins),
	VR_MIGRATE_KW("valid", VR_KW_FUNC, addr6, .parse = vr_migrate_addr6_word,
		      .desc = "a number of seconds"),
	VR_MIGRATE_KW("timeout", VR_KW_UINT, timeout, VR_MIGRATE_HAS(has_timeout), .min = 1,
		      .max = VR_MIGRATE_TIMEOUT_MAX, .unit = " seconds",
		      .desc = "a number of seconds"),
	VR_MIGRATE_KW("activate", VR_KW_NAME, activate, VR_MIGRATE_HAS(has_activate),
		      .names = &vr_activates, .value_name = "activation"),
	VR_MIGRATE_KW("lease", VR_KW_UINT, lease, VR_MIGRATE_HAS(has_lease), .min = 1,
		      .max = UINT32_MAX, .unit = " seconds", .desc = "a number of seconds"),
	{ .key = NULL },
};

/* del and out */
static const struct vr_kw vr_migrate_mac_kws[] = {
	VR_MIGRATE_KW_MAC,
	VR_MIGRATE_KW("vlan", VR_KW_VLAN, vlan, VR_MIGRATE_HAS(has_vlan)),
	{ .key = NULL },
};

/* the words of @what, which takes the keywords @kws, into @a */
static int vr_migrate_parse(const char *what, const struct vr_kw *kws, int argc, char **argv,
			    struct vr_migrate_args *a)
{
	memset(a, 0, sizeof(*a));
	return vr_kw_parse(what, "migrate", kws, argc, argv, a);
}

/* VMROAM_A_MIGRATION of @a, with IFINDEX @ifindex unless 0 */
static void vr_migrate_put(struct nlmsghdr *nlh, const struct vr_migrate_args *a,
			   uint32_t ifindex)
{
	const struct vr_addr6 *a6;
	struct nlattr *nest, *addr;
	unsigned int k;

	nest = mnl_attr_nest_start(nlh, VMROAM_A_MIGRATION);
	mnl_attr_put(nlh, VMROAM_A_MIGRATION_MAC, VR_MAC_LEN, a->mac);
	if (ifindex)
		mnl_attr_put_u32(nlh, VMROAM_A_MIGRATION_IFINDEX, ifindex);
	if (a->has_vlan)
		mnl_attr_put_u16(nlh, VMROAM_A_MIGRATION_VLAN, a->vlan);
	for (k = 0; k < a->n_ips; k++) {
		a6 = &a->addr6[k];
		if (a->ips[k].family == AF_INET) {
			mnl_attr_put(nlh, VMROAM_A_MIGRATION_IPV4, sizeof(a->ips[k].v4),
				     &a->ips[k].v4);
		} else if (!a6->has_origin && !a6->has_valid) {
			mnl_attr_put(nlh, VMROAM_A_MIGRATION_IPV6, sizeof(a->ips[k].v6),
				     &a->ips[k].v6);
		} else {
			/* with the origin and lifetime it had on the source host */
			addr = mnl_attr_nest_start(nlh, VMROAM_A_MIGRATION_ADDR6);
			mnl_attr_put(nlh, VMROAM_A_ADDR6_ADDR, sizeof(a->ips[k].v6),
				     &a->ips[k].v6);
			if (a6->has_origin)
				mnl_attr_put_u8(nlh, VMROAM_A_ADDR6_ORIGIN, a6->origin);
			if (a6->has_valid)
				mnl_attr_put_u32(nlh, VMROAM_A_ADDR6_VALID, a6->valid);
			mnl_attr_nest_end(nlh, addr);
		}
	}
	if (a->has_timeout)
		mnl_attr_put_u32(nlh, VMROAM_A_MIGRATION_TIMEOUT, a->timeout);
	if (a->has_activate)
		mnl_attr_put_u8(nlh, VMROAM_A_MIGRATION_ACTIVATE, a->activate);
	if (a->has_lease)
		mnl_attr_put_u32(nlh, VMROAM_A_MIGRATION_LEASE, a->lease);
	mnl_attr_nest_end(nlh, nest);
}

/* send @cmd about the migration @a; the kernel answers with an ack only */
static int vr_migrate_change(const char *what, uint8_t cmd, const struct vr_migrate_args *a,
			     uint32_t ifindex)
{
	struct nlmsghdr *nlh;
	struct vr_genl *g;

	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	nlh = vr_genl_request(g, cmd, NLM_F_ACK);
	vr_migrate_put(nlh, a, ifindex);
	return vr_request_ack(g, what, nlh);
}

static int vr_migrate_add_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	static const uint8_t zero[VR_MAC_LEN];
	const char *what = "migrate add";
	struct vr_migrate_args a;
	char mac[VR_MAC_STRLEN];
	uint32_t ifindex;
	int ret;

	(void)ctx;
	ret = vr_migrate_parse(what, vr_migrate_add_kws, argc, argv, &a);
	if (ret != VR_EXIT_OK)
		return ret;
	if (!a.dev || !a.has_mac) {
		vr_err("%s: \"%s\" is required: %s", what, a.dev ? "mac" : "dev",
		       "migrate add dev PORT mac MAC ...");
		return VR_EXIT_USAGE;
	}
	/* a VM's own address: not a group address, not 00:00:00:00:00:00 */
	if ((a.mac[0] & 1) || memcmp(a.mac, zero, VR_MAC_LEN) == 0) {
		vr_mac_str(a.mac, mac);
		vr_err("%s: %s is not a unicast MAC address", what, mac);
		return VR_EXIT_USAGE;
	}
	ifindex = vr_dev_index(a.dev);
	if (!ifindex)
		return VR_EXIT_FAIL;
	return vr_migrate_change(what, VMROAM_CMD_NEW_MIGRATION, &a, ifindex);
}

/* "migrate del" and "migrate out": mac MAC [vlan VID] */
static int vr_migrate_mac_run(const char *what, const char *usage, uint8_t cmd, int argc,
			      char **argv)
{
	struct vr_migrate_args a;
	int ret;

	ret = vr_migrate_parse(what, vr_migrate_mac_kws, argc, argv, &a);
	if (ret != VR_EXIT_OK)
		return ret;
	if (!a.has_mac) {
		vr_err("%s: \"mac\" is required: %s", what, usage);
		return VR_EXIT_USAGE;
	}
	return vr_migrate_change(what, cmd, &a, 0);
}

static int vr_migrate_del_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	return vr_migrate_mac_run("migrate del", VR_MIGRATE_DEL_USAGE, VMROAM_CMD_DEL_MIGRATION,
				  argc, argv);
}

static int vr_migrate_out_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	return vr_migrate_mac_run("migrate out", VR_MIGRATE_OUT_USAGE, VMROAM_CMD_MIGRATE_OUT,
				  argc, argv);
}

static void vr_migrations_free(struct vr_migrations *ms)
{
	size_t i;

	for (i = 0; i < ms->n; i++) {
		free(ms->v[i].ips);
		free(ms->v[i].addr6s);
	}
	free(ms->v);
	memset(ms, 0, sizeof(*ms));
}

static int vr_migrations_bad(struct vr_migrations *ms, const char *what)
{
	snprintf(ms->bad, sizeof(ms->bad), "%s", what);
	return MNL_CB_ERROR;
}

/* an optional unsigned attribute of a migration */
static const struct vr_migration_num {
	unsigned int attr;
	enum mnl_attr_data_type type;
	unsigned int has;
	size_t offset;
	const char *name;
} vr_migration_nums[] = {
	{ VMROAM_A_MIGRATION_VLAN, MNL_TYPE_U16, VR_HAS_VLAN,
	  offsetof(struct vr_migration, vlan), "VMROAM_A_MIGRATION_VLAN" },
	{ VMROAM_A_MIGRATION_IFINDEX, MNL_TYPE_U32, VR_HAS_IFINDEX,
	  offsetof(struct vr_migration, ifindex), "VMROAM_A_MIGRATION_IFINDEX" },
	{ VMROAM_A_MIGRATION_STATE, MNL_TYPE_U8, VR_HAS_STATE,
	  offsetof(struct vr_migration, state), "VMROAM_A_MIGRATION_STATE" },
	{ VMROAM_A_MIGRATION_ACTIVATE, MNL_TYPE_U8, VR_HAS_ACTIVATE,
	  offsetof(struct vr_migration, activate), "VMROAM_A_MIGRATION_ACTIVATE" },
	{ VMROAM_A_MIGRATION_TIMEOUT, MNL_TYPE_U32, VR_HAS_TIMEOUT,
	  offsetof(struct vr_migration, timeout), "VMROAM_A_MIGRATION_TIMEOUT" },
	{ VMROAM_A_MIGRATION_AGE, MNL_TYPE_U64, VR_HAS_AGE,
	  offsetof(struct vr_migration, age), "VMROAM_A_MIGRATION_AGE" },
	{ VMROAM_A_MIGRATION_EXPIRES, MNL_TYPE_U64, VR_HAS_EXPIRES,
	  offsetof(struct vr_migration, expires), "VMROAM_A_MIGRATION_EXPIRES" },
	{ VMROAM_A_MIGRATION_ACTIVATED, MNL_TYPE_U64, VR_HAS_ACTIVATED,
	  offsetof(struct vr_migration, activated), "VMROAM_A_MIGRATION_ACTIVATED" },
	{ VMROAM_A_MIGRATION_ANNOUNCED, MNL_TYPE_U64, VR_HAS_ANNOUNCED,
	  offsetof(struct vr_migration, announced), "VMROAM_A_MIGRATION_ANNOUNCED" },
	{ VMROAM_A_MIGRATION_ROUNDS, MNL_TYPE_U32, VR_HAS_ROUNDS,
	  offsetof(struct vr_migration, rounds), "VMROAM_A_MIGRATION_ROUNDS" },
	{ VMROAM_A_MIGRATION_FRAMES, MNL_TYPE_U32, VR_HAS_FRAMES,
	  offsetof(struct vr_migration, frames), "VMROAM_A_MIGRATION_FRAMES" },
	{ VMROAM_A_MIGRATION_LEASE, MNL_TYPE_U32, VR_HAS_LEASE,
	  offsetof(struct vr_migration, lease), "VMROAM_A_MIGRATION_LEASE" },
};

#define VR_MIGRATION_NNUMS	(sizeof(vr_migration_nums) / sizeof(vr_migration_nums[0]))

/* the attributes of VMROAM_A_MIGRATION but the addresses; only the MAC address is required */
static int vr_migration_parse_attrs(struct vr_migrations *ms, struct vr_migration *m,
				    const struct nlattr **mtb)
{
	const struct vr_migration_num *num;
	const struct nlattr *attr;
	char *field;
	size_t i;

	attr = mtb[VMROAM_A_MIGRATION_MAC];
	if (!attr)
		return vr_migrations_bad(ms, "a migration lacks VMROAM_A_MIGRATION_MAC");
	if (mnl_attr_get_payload_len(attr) != VR_MAC_LEN)
		return vr_migrations_bad(ms, "malformed VMROAM_A_MIGRATION_MAC");
	memcpy(m->mac, mnl_attr_get_payload(attr), VR_MAC_LEN);

	attr = mtb[VMROAM_A_MIGRATION_IFNAME];
	if (attr) {
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
		    strlen(mnl_attr_get_str(attr)) >= sizeof(m->ifname))
			return vr_migrations_bad(ms, "malformed VMROAM_A_MIGRATION_IFNAME");
		strcpy(m->ifname, mnl_attr_get_str(attr));
		m->has |= VR_HAS_IFNAME;
	}
	for (i = 0; i < VR_MIGRATION_NNUMS; i++) {
		num = &vr_migration_nums[i];
		attr = mtb[num->attr];
		if (!attr)
			continue;
		if (mnl_attr_validate(attr, num->type) < 0) {
			snprintf(ms->bad, sizeof(ms->bad), "malformed %s", num->name);
			return MNL_CB_ERROR;
		}
		field = (char *)m + num->offset;
		switch (num->type) {
		case MNL_TYPE_U8:
			*(uint8_t *)field = mnl_attr_get_u8(attr);
			break;
		case MNL_TYPE_U16:
			*(uint16_t *)field = mnl_attr_get_u16(attr);
			break;
		case MNL_TYPE_U32:
			*(uint32_t *)field = mnl_attr_get_u32(attr);
			break;
		default:
			*(uint64_t *)field = mnl_attr_get_u64(attr);
			break;
		}
		m->has |= num->has;
	}
	return MNL_CB_OK;
}

/* one message of the dump: one VMROAM_A_MIGRATION */
static int vr_migrations_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VMROAM_A_MAX + 1] = {};
	const struct nlattr *mtb[VMROAM_A_MIGRATION_MAX + 1] = {};
	struct vr_migrations *ms = data;
	struct vr_migration m = { 0 };
	const struct nlattr *nest;
	void *v;
	int err;

	if (vr_genl_parse(nlh, tb, VMROAM_A_MAX) < 0)
		return vr_migrations_bad(ms, "malformed reply");
	nest = tb[VMROAM_A_MIGRATION];
	if (!nest)
		return vr_migrations_bad(ms, "the reply lacks VMROAM_A_MIGRATION");
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0 ||
	    vr_genl_parse_nested(nest, mtb, VMROAM_A_MIGRATION_MAX) < 0)
		return vr_migrations_bad(ms, "malformed VMROAM_A_MIGRATION");
	if (vr_migration_parse_attrs(ms, &m, mtb) != MNL_CB_OK)
		return MNL_CB_ERROR;
	err = vr_nest_ips(nest, VMROAM_A_MIGRATION_IPV4, VMROAM_A_MIGRATION_IPV6, &m.ips,
			  &m.n_ips);
	if (err == -ENOMEM) {
		ms->nomem = true;
		return MNL_CB_ERROR;
	}
	if (err)
		return vr_migrations_bad(ms, "malformed VMROAM_A_MIGRATION_IPV4 or _IPV6");
	/* a module older than per-address origins sends none; "ipv6" lists them all */
	err = vr_nest_addr6s(nest, VMROAM_A_MIGRATION_ADDR6, &m.addr6s, &m.n_addr6s);
	if (!err)
		err = vr_ips_add_addr6s(&m.ips, &m.n_ips, m.addr6s, m.n_addr6s);
	if (err == -EINVAL) {
		vr_migrations_bad(ms, "malformed VMROAM_A_MIGRATION_ADDR6");
		goto fail;
	}
	if (err)
		goto nomem;

	if (ms->n == ms->cap) {
		ms->cap = ms->cap ? 2 * ms->cap : 16;
		v = reallocarray(ms->v, ms->cap, sizeof(*ms->v));
		if (!v)
			goto nomem;
		ms->v = v;
	}
	ms->v[ms->n++] = m;
	return MNL_CB_OK;

nomem:
	ms->nomem = true;
fail:
	free(m.ips);
	free(m.addr6s);
	return MNL_CB_ERROR;
}

/* by MAC address, then VLAN: the order of "migrate show" */
static int vr_migration_cmp(const void *pa, const void *pb)
{
	const struct vr_migration *a = pa, *b = pb;
	int d = memcmp(a->mac, b->mac, VR_MAC_LEN);

	if (d)
		return d;
	return (int)a->vlan - (int)b->vlan;
}

/*
 * Dump the migrations into @ms. A dump the kernel flags as interrupted is started again, on a
 * new socket: the rest of the old one may follow.
 */
static int vr_migrations_dump(struct vr_migrations *ms)
{
	const char *what = "migrate show";
	struct nlmsghdr *nlh;
	struct vr_genl *g;
	int tries, err, ret;

	for (tries = 1;; tries++) {
		g = vr_connect();
		if (!g)
			return VR_EXIT_FAIL;
		nlh = vr_genl_request(g, VMROAM_CMD_GET_MIGRATION, NLM_F_DUMP);
		err = vr_genl_talk(g, nlh, vr_migrations_cb, ms);
		if (err != -EINTR || tries == VR_DUMP_TRIES)
			break;
		vr_genl_free(g);
		vr_migrations_free(ms);
	}

	ret = vr_reply_status(g, what, err, ms->nomem, ms->bad, "migrations");
	vr_genl_free(g);
	return ret;
}

/* " age 1.234s": @ms milliseconds as seconds */
static void vr_print_ms(const char *key, uint64_t ms)
{
	printf(" %s %" PRIu64 ".%03" PRIu64 "s", key, ms / 1000, ms % 1000);
}

/* " activated 12.345ms": @ns nanoseconds as milliseconds */
static void vr_print_ns(const char *key, uint64_t ns)
{
	printf(" %s %" PRIu64 ".%03" PRIu64 "ms", key, ns / 1000000, ns / 1000 % 1000);
}

/* one line per migration; what the kernel did not send is left out */
static int vr_migrations_print(const struct vr_migrations *ms)
{
	char mac[VR_MAC_STRLEN], buf[VR_ADDR6_STRLEN];
	unsigned int k;
	size_t i;

	for (i = 0; i < ms->n; i++) {
		const struct vr_migration *m = &ms->v[i];

		vr_mac_str(m->mac, mac);
		fputs(mac, stdout);
		if (m->has & VR_HAS_VLAN)
			printf(" vlan %u", m->vlan);
		if (m->has & VR_HAS_IFNAME)
			printf(" dev %s", m->ifname);
		else if (m->has & VR_HAS_IFINDEX)
			printf(" ifindex %" PRIu32, m->ifindex);
		if (m->has & VR_HAS_STATE)
			printf(" state %s", vr_names_str(&vr_migration_states, m->state, buf,
							 sizeof(buf)));
		if (m->has & VR_HAS_ACTIVATE)
			printf(" activate %s", vr_names_str(&vr_activates, m->activate, buf,
							    sizeof(buf)));
		for (k = 0; k < m->n_ips; k++)
			printf(" ip %s", vr_ip_addr6_str(&m->ips[k], m->addr6s, m->n_addr6s, buf));
		if (m->has & VR_HAS_AGE)
			vr_print_ms("age", m->age);
		if (m->has & VR_HAS_EXPIRES)
			vr_print_ms("expires", m->expires);
		if (m->has & VR_HAS_ACTIVATED)
			vr_print_ns("activated", m->activated);
		if (m->has & VR_HAS_ANNOUNCED)
			vr_print_ns("announced", m->announced);
		if (m->has & VR_HAS_ROUNDS)
			printf(" rounds %" PRIu32, m->rounds);
		if (m->has & VR_HAS_FRAMES)
			printf(" frames %" PRIu32, m->frames);
		if (m->has & VR_HAS_LEASE)
			printf(" lease %" PRIu32 "s", m->lease);
		putchar('\n');
	}
	return VR_EXIT_OK;
}

/* an array of objects; an attribute the kernel did not send has no key, addresses always do */
static int vr_migrations_print_json(const struct vr_ctx *ctx, const struct vr_migrations *ms)
{
	struct json_writer *jw = jsonw_new(stdout);
	char mac[VR_MAC_STRLEN], buf[16];
	size_t i;

	if (!jw) {
		vr_err("out of memory");
		return VR_EXIT_FAIL;
	}
	jsonw_pretty(jw, ctx->pretty);
	jsonw_start_array(jw);
	for (i = 0; i < ms->n; i++) {
		const struct vr_migration *m = &ms->v[i];

		jsonw_start_object(jw);
		vr_mac_str(m->mac, mac);
		jsonw_string_field(jw, "mac", mac);
		if (m->has & VR_HAS_VLAN)
			jsonw_u64_field(jw, "vlan", m->vlan);
		if (m->has & VR_HAS_IFNAME)
			jsonw_string_field(jw, "dev", m->ifname);
		if (m->has & VR_HAS_IFINDEX)
			jsonw_u64_field(jw, "ifindex", m->ifindex);
		/* strings even when unknown: "7", for a consumer that expects one */
		if (m->has & VR_HAS_STATE)
			jsonw_string_field(jw, "state",
					   vr_names_str(&vr_migration_states, m->state, buf,
							sizeof(buf)));
		if (m->has & VR_HAS_ACTIVATE)
			jsonw_string_field(jw, "activate",
					   vr_names_str(&vr_activates, m->activate, buf,
							sizeof(buf)));
		vr_json_ips(jw, "ipv4", m->ips, m->n_ips, AF_INET);
		vr_json_ips(jw, "ipv6", m->ips, m->n_ips, AF_INET6);
		vr_json_addr6s(jw, m->addr6s, m->n_addr6s);
		if (m->has & VR_HAS_TIMEOUT)
			jsonw_u64_field(jw, "timeout_s", m->timeout);
		if (m->has & VR_HAS_AGE)
			jsonw_u64_field(jw, "age_ms", m->age);
		if (m->has & VR_HAS_EXPIRES)
			jsonw_u64_field(jw, "expires_ms", m->expires);
		if (m->has & VR_HAS_ACTIVATED)
			jsonw_u64_field(jw, "activated_ns", m->activated);
		if (m->has & VR_HAS_ANNOUNCED)
			jsonw_u64_field(jw, "announced_ns", m->announced);
		if (m->has & VR_HAS_ROUNDS)
			jsonw_u64_field(jw, "rounds", m->rounds);
		if (m->has & VR_HAS_FRAMES)
			jsonw_u64_field(jw, "frames", m->frames);
		if (m->has & VR_HAS_LEASE)
			jsonw_u64_field(jw, "lease_s", m->lease);
		jsonw_end_object(jw);
	}
	jsonw_end_array(jw);
	jsonw_destroy(&jw);
	return VR_EXIT_OK;
}

static int vr_migrate_show_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	struct vr_migrations ms = { 0 };
	int ret;

	if (argc) {
		vr_err("migrate show: unknown argument \"%s\"; try \"vmroam help\"", argv[0]);
		return VR_EXIT_USAGE;
	}
	ret = vr_migrations_dump(&ms);
	if (ret == VR_EXIT_OK) {
		if (ms.n)	/* qsort() wants a valid pointer even for nothing */
			qsort(ms.v, ms.n, sizeof(*ms.v), vr_migration_cmp);
		if (ctx->json)
			ret = vr_migrations_print_json(ctx, &ms);
		else
			ret = vr_migrations_print(&ms);
	}
	vr_migrations_free(&ms);
	return ret;
}

static void vr_migrate_help(FILE *out)
{
	fputs("Activation (\"activate\" of \"migrate add\"): when the binding moves to PORT\n"
	      "and is announced on the VM's behalf:\n", out);
	vr_names_help(out, &vr_activates);
	fputs("Migration states (\"migrate show\"):\n", out);
	vr_names_help(out, &vr_migration_states);
}

static const struct vr_cmd vr_migrate_subcmds[] = {
	{
		.name		= "add",
		.usage		= VR_MIGRATE_ADD_USAGE,
		.summary	= "sanction a migration to this host: MAC (on VLAN VID,\n"
				  "1 to 4094) will appear on bridge port PORT with\n"
				  "addresses ADDR (at most 4 IPv4 and 8 IPv6; an IPv6\n"
				  "one with the ORIGIN and the lifetime, valid 0 to\n"
				  "4294967295 s, it had on the source host); timeout:\n"
				  "how long it waits for activation (1 to 86400 s;\n"
				  "default: module parameter migrate_timeout); lease:\n"
				  "what is left of the VM's DHCP lease (1 to 4294967295\n"
				  "s), when the migrated binding expires; replaces an\n"
				  "earlier sanction of MAC and VID",
		.run		= vr_migrate_add_run,
	},
	{
		.name		= "del",
		.usage		= VR_MIGRATE_DEL_USAGE,
		.summary	= "withdraw the sanction of MAC (on VLAN VID)",
		.run		= vr_migrate_del_run,
	},
	{
		.name		= "out",
		.usage		= VR_MIGRATE_OUT_USAGE,
		.summary	= "the VM of MAC left this host: its bindings (on VLAN\n"
				  "VID, else on every VLAN) depart",
		.run		= vr_migrate_out_run,
	},
	{
		.name		= "show",
		.usage		= "migrate show",
		.summary	= "show pending and recent migrations",
		.run		= vr_migrate_show_run,
	},
	{ .name = NULL },
};

const struct vr_cmd vr_cmd_migrate = {
	.name		= "migrate",
	.subcmds	= vr_migrate_subcmds,
	.help_extra	= vr_migrate_help,
};
