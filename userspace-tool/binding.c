// SPDX-License-Identifier: GPL-2.0
/*
 * vmroam binding show|add|del: the bindings of the network namespace. A binding is a MAC address
 * (on a VLAN) behind a bridge port, with the IP addresses it announced; vmroam learns them from
 * ARP and neighbour discovery, and the operator adds static ones.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vmroam.h>

#include "genl.h"
#include "json.h"
#include "vmroam.h"

#define VR_BINDING_ADD_USAGE	"binding add dev PORT mac MAC [vlan VID] [ip ADDR]..."
#define VR_BINDING_DEL_USAGE	"binding del mac MAC [vlan VID]"
#define VR_BINDING_UNFREEZE_USAGE	"binding unfreeze mac MAC [vlan VID]"
#define VR_DUMP_TRIES		3	/* a dump the kernel says was interrupted starts again */

/* what "binding show" prints; an origin missing here (a newer module's) prints as its number */
static const struct vr_name vr_origin_table[__VMROAM_ORIGIN_MAX] = {
	[VMROAM_ORIGIN_ARP]		= { "arp", "learnt from ARP and RARP sender fields" },
	[VMROAM_ORIGIN_ND]		= { "nd", "learnt from IPv6 neighbour discovery" },
	[VMROAM_ORIGIN_STATIC]		= { "static", "added with \"binding add\"; never ages" },
	[VMROAM_ORIGIN_MIGRATED]	= { "migrated",
					    "carried here by a sanctioned migration (\"migrate add\")" },
	[VMROAM_ORIGIN_DHCP]		= { "dhcp",
					    "a DHCPACK or DHCPv6 REPLY from a trusted port (DHCP\n"
					    "snooping)" },
	[VMROAM_ORIGIN_SAVI]		= { "savi",
					    "an IPv6 address the MAC claimed first through ND on a\n"
					    "port with nd-inspect (first-come, first-served SAVI)" },
};

const struct vr_names vr_origins = VR_NAMES(vr_origin_table);

/* STATE of "binding show"; a state missing here (a newer module's) prints as its number */
static const struct vr_name vr_binding_state_table[__VMROAM_BINDING_STATE_MAX] = {
	[VMROAM_BINDING_ACTIVE]		= { "active", NULL },
	[VMROAM_BINDING_DEPARTED]	= { "departed", NULL },
};

static const struct vr_names vr_binding_states = VR_NAMES(vr_binding_state_table);

/* the words of a binding subcommand */
struct vr_binding_args {
	const char *dev;
	bool has_mac, has_vlan;
	uint8_t mac[VR_MAC_LEN];
	uint16_t vlan;
	unsigned int n_ips;
	struct vr_ip ips[VR_MAX_IPS];
};

/* which optional attributes of a binding the kernel sent */
enum {
	VR_HAS_VLAN		= 1 << 0,
	VR_HAS_IFINDEX		= 1 << 1,
	VR_HAS_IFNAME		= 1 << 2,
	VR_HAS_ORIGIN		= 1 << 3,
	VR_HAS_FIRST_SEEN	= 1 << 4,
	VR_HAS_LAST_SEEN	= 1 << 5,
	VR_HAS_MOVES		= 1 << 6,
	VR_HAS_STATE		= 1 << 7,
	VR_HAS_LEASE		= 1 << 8,
	VR_HAS_FROZEN		= 1 << 9,
};

/* one binding of the reply to VMROAM_CMD_GET_BINDING */
struct vr_binding {
	uint8_t mac[VR_MAC_LEN];
	uint16_t vlan;
	uint8_t origin;
	uint8_t state;
	unsigned int has;		/* VR_HAS_* */
	uint32_t ifindex;
	uint32_t moves;
	uint32_t lease;			/* seconds left */
	uint32_t frozen;		/* seconds left */
	uint64_t first_seen;		/* milliseconds ago */
	uint64_t last_seen;
	char ifname[IF_NAMESIZE];
	unsigned int n_ips;
	struct vr_ip *ips;		/* in the kernel's order */
	unsigned int n_addr6s;
	struct vr_addr6 *addr6s;	/* VMROAM_A_BINDING_ADDR6, in the kernel's order */
};

/*
 * The reply to VMROAM_CMD_GET_BINDING: its bindings in v; or, when jw is set (binding show -j),
 * each written into jw as its message arrives, nothing kept but the output, which jw holds
 * until the dump is whole: a dump begun again discards it and starts the array over.
 */
struct vr_bindings {
	struct vr_binding *v;
	size_t n, cap;
	bool nomem;
	char bad[128];			/* why the reply was rejected */
	struct json_writer *jw;
};

/* the keywords of the binding subcommands, into struct vr_binding_args */
#define VR_BINDING_KW(k, t, field, ...) \
	{ .key = (k), .type = (t), .off = offsetof(struct vr_binding_args, field), __VA_ARGS__ }
#define VR_BINDING_KW_DEV	VR_BINDING_KW("dev", VR_KW_DEV, dev)
#define VR_BINDING_KW_MAC	VR_BINDING_KW("mac", VR_KW_MAC, mac, \
					      .has = VR_KW_HAS(struct vr_binding_args, has_mac))
#define VR_BINDING_KW_VLAN	VR_BINDING_KW("vlan", VR_KW_VLAN, vlan, \
					      .has = VR_KW_HAS(struct vr_binding_args, has_vlan))
#define VR_BINDING_KW_IP(rep)	VR_BINDING_KW("ip", VR_KW_IP, ips, \
					      .count = offsetof(struct vr_binding_args, n_ips), \
					      .repeat = (rep))

static const struct vr_kw vr_binding_show_kws[] = {
	VR_BINDING_KW_DEV, VR_BINDING_KW_MAC, VR_BINDING_KW_IP(false), { .key = NULL },
};

static const struct vr_kw vr_binding_add_kws[] = {
	VR_BINDING_KW_DEV, VR_BINDING_KW_MAC, VR_BINDING_KW_VLAN, VR_BINDING_KW_IP(true),
	{ .key = NULL },
};

/* del and unfreeze */
static const struct vr_kw vr_binding_mac_kws[] = {
	VR_BINDING_KW_MAC, VR_BINDING_KW_VLAN, { .key = NULL },
};

/* the words of @what, which takes the keywords @kws, into @a */
static int vr_binding_parse(const char *what, const struct vr_kw *kws, int argc, char **argv,
			    struct vr_binding_args *a)
{
	memset(a, 0, sizeof(*a));
	return vr_kw_parse(what, "binding", kws, argc, argv, a);
}

/* VMROAM_A_BINDING { [IFINDEX], [MAC], [VLAN], IPV4/IPV6... } of @a; nothing if it is empty */
static void vr_binding_put(struct nlmsghdr *nlh, const struct vr_binding_args *a,
			   uint32_t ifindex)
{
	struct nlattr *nest;
	unsigned int k;

	if (!ifindex && !a->has_mac && !a->has_vlan && !a->n_ips)
		return;
	nest = mnl_attr_nest_start(nlh, VMROAM_A_BINDING);
	if (ifindex)
		mnl_attr_put_u32(nlh, VMROAM_A_BINDING_IFINDEX, ifindex);
	if (a->has_mac)
		mnl_attr_put(nlh, VMROAM_A_BINDING_MAC, VR_MAC_LEN, a->mac);
	if (a->has_vlan)
		mnl_attr_put_u16(nlh, VMROAM_A_BINDING_VLAN, a->vlan);
	for (k = 0; k < a->n_ips; k++) {
		if (a->ips[k].family == AF_INET)
			mnl_attr_put(nlh, VMROAM_A_BINDING_IPV4, sizeof(a->ips[k].v4),
				     &a->ips[k].v4);
		else
			mnl_attr_put(nlh, VMROAM_A_BINDING_IPV6, sizeof(a->ips[k].v6),
				     &a->ips[k].v6);
	}
	mnl_attr_nest_end(nlh, nest);
}

/* what @bs holds; its jw stays */
static void vr_bindings_free(struct vr_bindings *bs)
{
	size_t i;

	for (i = 0; i < bs->n; i++) {
		free(bs->v[i].ips);
		free(bs->v[i].addr6s);
	}
	free(bs->v);
	bs->v = NULL;
	bs->n = 0;
	bs->cap = 0;
	bs->nomem = false;
	bs->bad[0] = '\0';
}

static int vr_bindings_bad(struct vr_bindings *bs, const char *what)
{
	snprintf(bs->bad, sizeof(bs->bad), "%s", what);
	return MNL_CB_ERROR;
}

/* the repeated VMROAM_A_BINDING_IPV4/_IPV6 of @nest into @b->ips */
static int vr_binding_parse_ips(struct vr_bindings *bs, struct vr_binding *b,
				const struct nlattr *nest)
{
	const struct nlattr *attr;
	struct vr_ip *ip;
	unsigned int n = 0;

	mnl_attr_for_each_nested(attr, nest) {
		unsigned int type = mnl_attr_get_type(attr);

		if (type == VMROAM_A_BINDING_IPV4 || type == VMROAM_A_BINDING_IPV6)
			n++;
	}
	if (!n)
		return MNL_CB_OK;
	b->ips = calloc(n, sizeof(*b->ips));
	if (!b->ips) {
		bs->nomem = true;
		return MNL_CB_ERROR;
	}
	mnl_attr_for_each_nested(attr, nest) {
		ip = &b->ips[b->n_ips];
		switch (mnl_attr_get_type(attr)) {
		case VMROAM_A_BINDING_IPV4:
			if (mnl_attr_get_payload_len(attr) != sizeof(ip->v4))
				return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_IPV4");
			ip->family = AF_INET;
			memcpy(&ip->v4, mnl_attr_get_payload(attr), sizeof(ip->v4));
			b->n_ips++;
			break;
		case VMROAM_A_BINDING_IPV6:
			if (mnl_attr_get_payload_len(attr) != sizeof(ip->v6))
				return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_IPV6");
			ip->family = AF_INET6;
			memcpy(&ip->v6, mnl_attr_get_payload(attr), sizeof(ip->v6));
			b->n_ips++;
			break;
		}
	}
	return MNL_CB_OK;
}

/*
 * The VMROAM_A_BINDING_ADDR6 of @nest (a module older than per-address origins sends none) into
 * @b->addr6s; an address there that VMROAM_A_BINDING_IPV6 lacked joins @b->ips
 */
static int vr_binding_parse_addr6s(struct vr_bindings *bs, struct vr_binding *b,
				   const struct nlattr *nest)
{
	int err;

	err = vr_nest_addr6s(nest, VMROAM_A_BINDING_ADDR6, &b->addr6s, &b->n_addr6s);
	if (!err)
		err = vr_ips_add_addr6s(&b->ips, &b->n_ips, b->addr6s, b->n_addr6s);
	if (err == -ENOMEM) {
		bs->nomem = true;
		return MNL_CB_ERROR;
	}
	if (err)
		return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_ADDR6");
	return MNL_CB_OK;
}

/* the attributes of VMROAM_A_BINDING but the addresses; only the MAC address is required */
static int vr_binding_parse_attrs(struct vr_bindings *bs, struct vr_binding *b,
				  const struct nlattr **btb)
{
	const struct nlattr *attr;

	attr = btb[VMROAM_A_BINDING_MAC];
	if (!attr)
		return vr_bindings_bad(bs, "a binding lacks VMROAM_A_BINDING_MAC");
	if (mnl_attr_get_payload_len(attr) != VR_MAC_LEN)
		return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_MAC");
	memcpy(b->mac, mnl_attr_get_payload(attr), VR_MAC_LEN);

	attr = btb[VMROAM_A_BINDING_VLAN];
	if (attr) {
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_VLAN");
		b->vlan = mnl_attr_get_u16(attr);
		b->has |= VR_HAS_VLAN;
	}
	attr = btb[VMROAM_A_BINDING_IFINDEX];
	if (attr) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_IFINDEX");
		b->ifindex = mnl_attr_get_u32(attr);
		b->has |= VR_HAS_IFINDEX;
	}
	attr = btb[VMROAM_A_BINDING_IFNAME];
	if (attr) {
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
		    strlen(mnl_attr_get_str(attr)) >= sizeof(b->ifname))
			return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_IFNAME");
		strcpy(b->ifname, mnl_attr_get_str(attr));
		b->has |= VR_HAS_IFNAME;
	}
	attr = btb[VMROAM_A_BINDING_ORIGIN];
	if (attr) {
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_ORIGIN");
		b->origin = mnl_attr_get_u8(attr);
		b->has |= VR_HAS_ORIGIN;
	}
	attr = btb[VMROAM_A_BINDING_FIRST_SEEN];
	if (attr) {
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_FIRST_SEEN");
		b->first_seen = mnl_attr_get_u64(attr);
		b->has |= VR_HAS_FIRST_SEEN;
	}
	attr = btb[VMROAM_A_BINDING_LAST_SEEN];
	if (attr) {
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_LAST_SEEN");
		b->last_seen = mnl_attr_get_u64(attr);
		b->has |= VR_HAS_LAST_SEEN;
	}
	attr = btb[VMROAM_A_BINDING_MOVES];
	if (attr) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_MOVES");
		b->moves = mnl_attr_get_u32(attr);
		b->has |= VR_HAS_MOVES;
	}
	attr = btb[VMROAM_A_BINDING_STATE];
	if (attr) {
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_STATE");
		b->state = mnl_attr_get_u8(attr);
		b->has |= VR_HAS_STATE;
	}
	attr = btb[VMROAM_A_BINDING_LEASE];
	if (attr) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_LEASE");
		b->lease = mnl_attr_get_u32(attr);
		b->has |= VR_HAS_LEASE;
	}
	attr = btb[VMROAM_A_BINDING_FROZEN];
	if (attr) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING_FROZEN");
		b->frozen = mnl_attr_get_u32(attr);
		b->has |= VR_HAS_FROZEN;
	}
	return MNL_CB_OK;
}

/* one binding as an object; an attribute the kernel did not send has no key, addresses always do */
static void vr_binding_json(struct json_writer *jw, const struct vr_binding *b)
{
	char mac[VR_MAC_STRLEN], origin[16], state[16];

	jsonw_start_object(jw);
	vr_mac_str(b->mac, mac);
	jsonw_string_field(jw, "mac", mac);
	if (b->has & VR_HAS_VLAN)
		jsonw_u64_field(jw, "vlan", b->vlan);
	if (b->has & VR_HAS_IFNAME)
		jsonw_string_field(jw, "dev", b->ifname);
	if (b->has & VR_HAS_IFINDEX)
		jsonw_u64_field(jw, "ifindex", b->ifindex);
	if (b->has & VR_HAS_ORIGIN) {
		/* a string even when unknown: "3", for a consumer that expects one */
		vr_names_str(&vr_origins, b->origin, origin, sizeof(origin));
		jsonw_string_field(jw, "origin", origin);
	}
	vr_json_ips(jw, "ipv4", b->ips, b->n_ips, AF_INET);
	vr_json_ips(jw, "ipv6", b->ips, b->n_ips, AF_INET6);
	vr_json_addr6s(jw, b->addr6s, b->n_addr6s);
	if (b->has & VR_HAS_FIRST_SEEN)
		jsonw_u64_field(jw, "first_seen_ms", b->first_seen);
	if (b->has & VR_HAS_LAST_SEEN)
		jsonw_u64_field(jw, "last_seen_ms", b->last_seen);
	if (b->has & VR_HAS_MOVES)
		jsonw_u64_field(jw, "moves", b->moves);
	if (b->has & VR_HAS_STATE) {
		vr_names_str(&vr_binding_states, b->state, state, sizeof(state));
		jsonw_string_field(jw, "state", state);
	}
	if (b->has & VR_HAS_LEASE)
		jsonw_u64_field(jw, "lease_s", b->lease);
	if (b->has & VR_HAS_FROZEN)
		jsonw_u64_field(jw, "frozen_s", b->frozen);
	jsonw_end_object(jw);
}

/* one message of the dump: one VMROAM_A_BINDING */
static int vr_bindings_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VMROAM_A_MAX + 1] = {};
	const struct nlattr *btb[VMROAM_A_BINDING_MAX + 1] = {};
	struct vr_bindings *bs = data;
	struct vr_binding b = { 0 };
	const struct nlattr *nest;
	void *v;

	if (vr_genl_parse(nlh, tb, VMROAM_A_MAX) < 0)
		return vr_bindings_bad(bs, "malformed reply");
	nest = tb[VMROAM_A_BINDING];
	if (!nest)
		return vr_bindings_bad(bs, "the reply lacks VMROAM_A_BINDING");
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0 ||
	    vr_genl_parse_nested(nest, btb, VMROAM_A_BINDING_MAX) < 0)
		return vr_bindings_bad(bs, "malformed VMROAM_A_BINDING");
	if (vr_binding_parse_attrs(bs, &b, btb) != MNL_CB_OK ||
	    vr_binding_parse_ips(bs, &b, nest) != MNL_CB_OK ||
	    vr_binding_parse_addr6s(bs, &b, nest) != MNL_CB_OK)
		goto fail;

	if (bs->jw) {
		vr_binding_json(bs->jw, &b);
		free(b.ips);
		free(b.addr6s);
		return MNL_CB_OK;
	}
	if (bs->n == bs->cap) {
		bs->cap = bs->cap ? 2 * bs->cap : 16;
		v = reallocarray(bs->v, bs->cap, sizeof(*bs->v));
		if (!v) {
			bs->nomem = true;
			goto fail;
		}
		bs->v = v;
	}
	bs->v[bs->n++] = b;
	return MNL_CB_OK;

fail:
	free(b.ips);
	free(b.addr6s);
	return MNL_CB_ERROR;
}

/* by MAC address, then VLAN: the order of "binding show" */
static int vr_binding_cmp(const void *pa, const void *pb)
{
	const struct vr_binding *a = pa, *b = pb;
	int d = memcmp(a->mac, b->mac, VR_MAC_LEN);

	if (d)
		return d;
	return (int)a->vlan - (int)b->vlan;
}

/*
 * Dump the bindings @a selects into @bs. A dump the kernel flags as interrupted (the table
 * changed under it) is started again, on a new socket: the rest of the old one may follow.
 */
static int vr_bindings_dump(const struct vr_binding_args *a, uint32_t ifindex,
			    struct vr_bindings *bs)
{
	const char *what = "binding show";
	struct nlmsghdr *nlh;
	struct vr_genl *g;
	int tries, err, ret;

	for (tries = 1;; tries++) {
		g = vr_connect();
		if (!g)
			return VR_EXIT_FAIL;
		nlh = vr_genl_request(g, VMROAM_CMD_GET_BINDING, NLM_F_DUMP);
		if (ifindex)
			mnl_attr_put_u32(nlh, VMROAM_A_IFINDEX, ifindex);
		vr_binding_put(nlh, a, 0);
		err = vr_genl_talk(g, nlh, vr_bindings_cb, bs);
		if (err != -EINTR || tries == VR_DUMP_TRIES)
			break;
		vr_genl_free(g);
		vr_bindings_free(bs);
		if (bs->jw) {
			jsonw_discard(bs->jw);
			jsonw_start_array(bs->jw);
		}
	}

	ret = vr_reply_status(g, what, err, bs->nomem, bs->bad, "bindings");
	vr_genl_free(g);
	return ret;
}

/* @ms milliseconds as "3.2s", "12m05s", "3h07m" or "2d04h" */
static void vr_age_str(uint64_t ms, char *buf, size_t len)
{
	uint64_t s = ms / 1000;

	if (s < 60)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "s", s, ms / 100 % 10);
	else if (s < 3600)
		snprintf(buf, len, "%" PRIu64 "m%02" PRIu64 "s", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%" PRIu64 "h%02" PRIu64 "m", s / 3600, s / 60 % 60);
	else
		snprintf(buf, len, "%" PRIu64 "d%02" PRIu64 "h", s / 86400, s / 3600 % 24);
}

/* @s seconds as "45s", "12m05s", "3h07m" or "2d04h" */
static void vr_secs_str(uint32_t s, char *buf, size_t len)
{
	if (s < 60)
		snprintf(buf, len, "%" PRIu32 "s", s);
	else if (s < 3600)
		snprintf(buf, len, "%" PRIu32 "m%02" PRIu32 "s", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%" PRIu32 "h%02" PRIu32 "m", s / 3600, s / 60 % 60);
	else
		snprintf(buf, len, "%" PRIu32 "d%02" PRIu32 "h", s / 86400, s / 3600 % 24);
}

/* the columns of "binding show" but MAC and ADDRESSES; "-" for what the kernel did not send */
struct vr_binding_cells {
	char vlan[8];
	char port[IF_NAMESIZE];
	char origin[16];
	char moves[16];
	char seen[32];
	char state[16];
	char lease[16];
	char frozen[16];
};

static void vr_binding_cells(const struct vr_binding *b, struct vr_binding_cells *c)
{
	strcpy(c->vlan, "-");
	strcpy(c->port, "-");
	strcpy(c->origin, "-");
	strcpy(c->moves, "-");
	strcpy(c->seen, "-");
	strcpy(c->state, "-");
	strcpy(c->lease, "-");
	strcpy(c->frozen, "-");
	if (b->has & VR_HAS_VLAN)
		snprintf(c->vlan, sizeof(c->vlan), "%u", b->vlan);
	if (b->has & VR_HAS_IFNAME)
		snprintf(c->port, sizeof(c->port), "%s", b->ifname);
	if (b->has & VR_HAS_ORIGIN)
		vr_names_str(&vr_origins, b->origin, c->origin, sizeof(c->origin));
	if (b->has & VR_HAS_MOVES)
		snprintf(c->moves, sizeof(c->moves), "%" PRIu32, b->moves);
	if (b->has & VR_HAS_LAST_SEEN)
		vr_age_str(b->last_seen, c->seen, sizeof(c->seen));
	if (b->has & VR_HAS_STATE)
		vr_names_str(&vr_binding_states, b->state, c->state, sizeof(c->state));
	if (b->has & VR_HAS_LEASE)
		vr_secs_str(b->lease, c->lease, sizeof(c->lease));
	if (b->has & VR_HAS_FROZEN)
		vr_secs_str(b->frozen, c->frozen, sizeof(c->frozen));
}

static int vr_width(int w, const char *cell)
{
	int n = strlen(cell);

	return n > w ? n : w;
}

/*
 * the addresses of @b of @family, each preceded by a space; an IPv6 one with its origin and
 * lifetime when the kernel sent them: "2001:db8::5 (dhcp, 3599s)"
 */
static void vr_binding_print_ips(const struct vr_binding *b, int family)
{
	char buf[VR_ADDR6_STRLEN];
	unsigned int k;

	for (k = 0; k < b->n_ips; k++) {
		if (b->ips[k].family == family)
			printf(" %s", vr_ip_addr6_str(&b->ips[k], b->addr6s, b->n_addr6s, buf));
	}
}

static int vr_bindings_print(const struct vr_bindings *bs)
{
	int port_w = 10, origin_w = 8, moves_w = 5, seen_w = 9, state_w = 8, lease_w = 6;
	int frozen_w = 6;
	struct vr_binding_cells c;
	char mac[VR_MAC_STRLEN];
	size_t i;

	for (i = 0; i < bs->n; i++) {
		vr_binding_cells(&bs->v[i], &c);
		port_w = vr_width(port_w, c.port);
		origin_w = vr_width(origin_w, c.origin);
		moves_w = vr_width(moves_w, c.moves);
		seen_w = vr_width(seen_w, c.seen);
		state_w = vr_width(state_w, c.state);
		lease_w = vr_width(lease_w, c.lease);
		frozen_w = vr_width(frozen_w, c.frozen);
	}
	printf("%-17s %5s %-*s %-*s %*s %*s %-*s %*s %*s ADDRESSES\n", "MAC", "VLAN", port_w,
	       "PORT", origin_w, "ORIGIN", moves_w, "MOVES", seen_w, "LAST_SEEN", state_w, "STATE",
	       lease_w, "LEASE", frozen_w, "FROZEN");
	for (i = 0; i < bs->n; i++) {
		const struct vr_binding *b = &bs->v[i];

		vr_binding_cells(b, &c);
		vr_mac_str(b->mac, mac);
		printf("%-17s %5s %-*s %-*s %*s %*s %-*s %*s %*s", mac, c.vlan, port_w, c.port,
		       origin_w, c.origin, moves_w, c.moves, seen_w, c.seen, state_w, c.state,
		       lease_w, c.lease, frozen_w, c.frozen);
		if (b->n_ips) {
			vr_binding_print_ips(b, AF_INET);
			vr_binding_print_ips(b, AF_INET6);
		} else {
			fputs(" -", stdout);
		}
		putchar('\n');
	}
	return VR_EXIT_OK;
}

/* binding show -j: the bindings in the kernel's order, as they arrive (struct vr_bindings) */
static int vr_binding_show_json(const struct vr_ctx *ctx, const struct vr_binding_args *a,
				uint32_t ifindex)
{
	struct json_writer *jw = jsonw_new(stdout);
	struct vr_bindings bs = { .jw = jw };
	int ret;

	if (!jw) {
		vr_err("binding show: out of memory");
		return VR_EXIT_FAIL;
	}
	jsonw_pretty(jw, ctx->pretty);
	jsonw_hold(jw, true);
	jsonw_start_array(jw);
	ret = vr_bindings_dump(a, ifindex, &bs);
	if (ret == VR_EXIT_OK) {
		jsonw_end_array(jw);
		jsonw_hold(jw, false);
		if (jsonw_flush(jw)) {
			if (!ferror(stdout))	/* else main() reports stdout's error */
				vr_err("binding show: out of memory");
			ret = VR_EXIT_FAIL;
		}
	} else {
		jsonw_discard(jw);
	}
	jsonw_destroy(&jw);	/* its newline */
	vr_bindings_free(&bs);
	return ret;
}

static int vr_binding_show_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	struct vr_bindings bs = { 0 };
	struct vr_binding_args a;
	uint32_t ifindex = 0;
	int ret;

	ret = vr_binding_parse("binding show", vr_binding_show_kws, argc, argv, &a);
	if (ret != VR_EXIT_OK)
		return ret;
	if (a.dev) {
		ifindex = vr_dev_index(a.dev);
		if (!ifindex)
			return VR_EXIT_FAIL;
	}

	if (ctx->json)
		return vr_binding_show_json(ctx, &a, ifindex);
	/* the table aligns its columns over every row, and sorts them: it has them all first */
	ret = vr_bindings_dump(&a, ifindex, &bs);
	if (ret == VR_EXIT_OK) {
		if (bs.n)	/* qsort() wants a valid pointer even for nothing */
			qsort(bs.v, bs.n, sizeof(*bs.v), vr_binding_cmp);
		ret = vr_bindings_print(&bs);
	}
	vr_bindings_free(&bs);
	return ret;
}

/* send @cmd about the binding @a; the kernel answers with an ack only */
static int vr_binding_change(const char *what, uint8_t cmd, uint16_t flags,
			     const struct vr_binding_args *a, uint32_t ifindex)
{
	struct nlmsghdr *nlh;
	struct vr_genl *g;

	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	nlh = vr_genl_request(g, cmd, NLM_F_ACK | flags);
	vr_binding_put(nlh, a, ifindex);
	return vr_request_ack(g, what, nlh);
}

/* the words of "binding add" into @a */
static int vr_binding_add_parse(const char *what, int argc, char **argv,
				struct vr_binding_args *a)
{
	static const uint8_t zero[VR_MAC_LEN];
	char mac[VR_MAC_STRLEN];
	int ret;

	ret = vr_binding_parse(what, vr_binding_add_kws, argc, argv, a);
	if (ret != VR_EXIT_OK)
		return ret;
	if (!a->dev || !a->has_mac) {
		vr_err("%s: \"%s\" is required: " VR_BINDING_ADD_USAGE, what,
		       a->dev ? "mac" : "dev");
		return VR_EXIT_USAGE;
	}
	/* a VM's own address: not a group address, not 00:00:00:00:00:00 */
	if ((a->mac[0] & 1) || memcmp(a->mac, zero, VR_MAC_LEN) == 0) {
		vr_mac_str(a->mac, mac);
		vr_err("%s: %s is not a unicast MAC address", what, mac);
		return VR_EXIT_USAGE;
	}
	return VR_EXIT_OK;
}

static int vr_binding_add_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	const char *what = "binding add";
	struct vr_binding_args a;
	uint32_t ifindex;
	int ret;

	(void)ctx;
	ret = vr_binding_add_parse(what, argc, argv, &a);
	if (ret != VR_EXIT_OK)
		return ret;
	ifindex = vr_dev_index(a.dev);
	if (!ifindex)
		return VR_EXIT_FAIL;
	/* generic netlink takes no NLM_F_CREATE: NEW_BINDING creates or updates by itself */
	return vr_binding_change(what, VMROAM_CMD_NEW_BINDING, 0, &a, ifindex);
}

/* whether @b is the static binding @a asks for, on port @ifindex, with all of @a's addresses */
static bool vr_binding_as_asked(const struct vr_binding *b, const struct vr_binding_args *a,
				uint32_t ifindex)
{
	unsigned int k, j;
	bool has;

	if (memcmp(b->mac, a->mac, VR_MAC_LEN) || (a->has_vlan && b->vlan != a->vlan))
		return false;
	if (!(b->has & VR_HAS_ORIGIN) || b->origin != VMROAM_ORIGIN_STATIC ||
	    !(b->has & VR_HAS_IFINDEX) || b->ifindex != ifindex ||
	    ((b->has & VR_HAS_STATE) && b->state != VMROAM_BINDING_ACTIVE))
		return false;
	for (k = 0; k < a->n_ips; k++) {
		has = false;
		for (j = 0; j < b->n_ips; j++)
			has |= vr_ip_equal(&b->ips[j], &a->ips[k]);
		if (!has)
			return false;
	}
	return true;
}

/*
 * A "binding add" line of the configuration file: nothing when the MAC (on VLAN VID; without
 * vlan, on any) has a static binding on the port with those addresses, which it may have
 * besides others (binding add adds addresses, it never removes one); else the binding add.
 */
static int vr_binding_add_apply(struct vr_apply *ap, int argc, char **argv)
{
	const char *what = "binding add";
	struct vr_bindings bs = { 0 };
	struct vr_binding_args a, filter;
	char words[VR_MAX_IPS * (INET6_ADDRSTRLEN + 4) + 64], buf[INET6_ADDRSTRLEN];
	uint32_t ifindex;
	unsigned int k;
	size_t i, w;
	int ret;

	ret = vr_binding_add_parse(what, argc, argv, &a);
	if (ret != VR_EXIT_OK || ap->check)
		return ret;
	ifindex = vr_dev_index(a.dev);
	if (!ifindex)
		return VR_EXIT_FAIL;
	memset(&filter, 0, sizeof(filter));
	memcpy(filter.mac, a.mac, VR_MAC_LEN);
	filter.has_mac = true;
	ret = vr_bindings_dump(&filter, 0, &bs);
	for (i = 0; ret == VR_EXIT_OK && i < bs.n; i++) {
		if (vr_binding_as_asked(&bs.v[i], &a, ifindex))
			goto out;
	}
	if (ret != VR_EXIT_OK)
		goto out;
	if (!ap->dry_run) {
		ret = vr_binding_change(what, VMROAM_CMD_NEW_BINDING, 0, &a, ifindex);
		if (ret != VR_EXIT_OK)
			goto out;
	}
	vr_mac_str(a.mac, buf);
	w = snprintf(words, sizeof(words), "mac %s", buf);
	if (a.has_vlan)
		w += snprintf(words + w, sizeof(words) - w, " vlan %u", a.vlan);
	for (k = 0; k < a.n_ips && w < sizeof(words); k++)
		w += snprintf(words + w, sizeof(words) - w, " ip %s", vr_ip_str(&a.ips[k], buf));
	vr_apply_change(ap, "binding add dev %s %s", a.dev, words);
out:
	vr_bindings_free(&bs);
	return ret;
}

static int vr_binding_del_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	const char *what = "binding del";
	struct vr_binding_args a;
	int ret;

	(void)ctx;
	ret = vr_binding_parse(what, vr_binding_mac_kws, argc, argv, &a);
	if (ret != VR_EXIT_OK)
		return ret;
	if (!a.has_mac) {
		vr_err("%s: \"mac\" is required: " VR_BINDING_DEL_USAGE, what);
		return VR_EXIT_USAGE;
	}
	return vr_binding_change(what, VMROAM_CMD_DEL_BINDING, 0, &a, 0);
}

static int vr_binding_unfreeze_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	const char *what = "binding unfreeze";
	struct vr_binding_args a;
	int ret;

	(void)ctx;
	ret = vr_binding_parse(what, vr_binding_mac_kws, argc, argv, &a);
	if (ret != VR_EXIT_OK)
		return ret;
	if (!a.has_mac) {
		vr_err("%s: \"mac\" is required: " VR_BINDING_UNFREEZE_USAGE, what);
		return VR_EXIT_USAGE;
	}
	return vr_binding_change(what, VMROAM_CMD_UNFREEZE_BINDING, 0, &a, 0);
}

static void vr_binding_help(FILE *out)
{

	fputs("Binding origins (ORIGIN of \"binding show\"; \"origin\" of \"migrate add\"):\n", out);
	vr_names_help(out, &vr_origins);
	fputs("LAST_SEEN is how long ago the binding was last confirmed; MOVES, how many\n"
	      "times its MAC address moved to another port; STATE, active while the VM is\n"
	      "on its port, departed once it left this host (its port went away, or\n"
	      "\"migrate out\"): kept a while so that the MAC, seen again, is known.\n"
	      "LEASE is what is left of a dhcp binding's DHCP lease (it expires then);\n"
	      "FROZEN, how long the MAC stays frozen after it moved too often: its moves\n"
	      "are dropped until then, or until \"binding unfreeze\". An IPv6 address may\n"
	      "have an origin and a lifetime of its own, which ADDRESSES gives after it:\n"
	      "2001:db8::5 (dhcp, 3599s) (JSON \"ipv6_addrs\").\n", out);
}

static const struct vr_cmd vr_binding_subcmds[] = {
	{
		.name		= "show",
		.usage		= "binding show [dev PORT] [mac MAC] [ip ADDR]",
		.summary	= "show the bindings of the network namespace (MAC\n"
				  "address, VLAN, port, IP addresses); with filters,\n"
				  "only those on port PORT, of MAC, with address ADDR",
		.run		= vr_binding_show_run,
	},
	{
		.name		= "add",
		.usage		= VR_BINDING_ADD_USAGE,
		.summary	= "add a static binding: MAC (on VLAN VID) is behind\n"
				  "bridge port PORT, with addresses ADDR (IPv4 or IPv6;\n"
				  "\"ip\" may repeat: at most 4 IPv4 and 8 IPv6)",
		.run		= vr_binding_add_run,
		.apply		= vr_binding_add_apply,
	},
	{
		.name		= "del",
		.usage		= VR_BINDING_DEL_USAGE,
		.summary	= "remove the binding of MAC (on VLAN VID)",
		.run		= vr_binding_del_run,
	},
	{
		.name		= "unfreeze",
		.usage		= VR_BINDING_UNFREEZE_USAGE,
		.summary	= "thaw the binding of MAC (on VLAN VID, else on every\n"
				  "VLAN), frozen after it moved too often",
		.run		= vr_binding_unfreeze_run,
	},
	{ .name = NULL },
};

const struct vr_cmd vr_cmd_binding = {
	.name		= "binding",
	.subcmds	= vr_binding_subcmds,
	.help_extra	= vr_binding_help,
};
