// SPDX-License-Identifier: GPL-2.0
/*
 * vmroam port set|show: the port security of bridge ports. A trusted port (an uplink, a DHCP
 * server's) is not checked; on the others vmroam may lock MAC addresses to their port, limit
 * the MACs a port binds, inspect ARP against the bindings, guard IP sources and rate-limit ARP;
 * inspect ND (first-come, first-served source address validation), limit the IPv6 addresses a
 * port's MACs claim, and drop router advertisements and redirects (RA guard).
 * What it drops is counted per reason ("stats") and reported ("monitor").
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/vmroam.h>

#include "genl.h"
#include "json.h"
#include "vmroam.h"

#define VR_PORT_SET_USAGE	"port set dev PORT [trusted on|off] [lock on|off] [max-macs N]\n" \
				"           [arp-inspect on|off] [ip-guard on|off] [rate PPS]\n" \
				"           [nd-inspect on|off] [ra-guard on|off] [max-addrs N]"
#define VR_BRIDGE_SET_USAGE	"bridge set dev BRIDGE port-defaults { SETTING VALUE... | inherit }"
#define VR_PORT_NUM_MAX		1000000	/* of max-macs, rate and max-addrs */

/* names of the drop reasons: part of the user interface, as the frame types' are */
static const struct vr_name vr_drop_reason_table[VMROAM_DROP_COUNT] = {
	[VMROAM_DROP_DHCP_SERVER] = { "dhcp_server",
		"DHCP server message from an untrusted port" },
	[VMROAM_DROP_DHCP_CHADDR] = { "dhcp_chaddr",
		"DHCP client message whose source is not chaddr" },
	[VMROAM_DROP_ARP_UNBOUND] = { "arp_unbound",
		"ARP whose sender MAC and IP match no binding" },
	[VMROAM_DROP_ARP_SRC_MAC] = { "arp_src_mac",
		"ARP whose Ethernet source is not the sender MAC" },
	[VMROAM_DROP_ARP_BAD_IP] = { "arp_bad_ip",
		"ARP with a sender IP no host may have" },
	[VMROAM_DROP_ARP_RATE] = { "arp_rate",
		"ARP beyond the port's rate" },
	[VMROAM_DROP_IP_GUARD] = { "ip_guard",
		"IP source not bound to the MAC and port" },
	[VMROAM_DROP_MAC_MOVE] = { "mac_move",
		"MAC locked: it is bound to another port" },
	[VMROAM_DROP_MAX_MACS] = { "max_macs",
		"the port has its max-macs MACs already" },
	[VMROAM_DROP_FROZEN] = { "frozen",
		"the MAC flapped and is frozen: its moves are dropped" },
	[VMROAM_DROP_MALFORMED] = { "malformed",
		"ARP, RARP, ND or DHCP that is truncated or inconsistent" },
	[VMROAM_DROP_UNPARSED] = { "unparsed",
		"stacked or foreign VLAN tags, or an EtherType not let through" },
	[VMROAM_DROP_ND_SRC_MAC] = { "nd_src_mac",
		"ND whose link-layer option is not the Ethernet source" },
	[VMROAM_DROP_ND_RATE] = { "nd_rate",
		"ND beyond the port's rate" },
	[VMROAM_DROP_ND_ADDR_TAKEN] = { "nd_addr_taken",
		"NS or NA (DAD too) for an address bound to another MAC" },
	[VMROAM_DROP_ND_UNBOUND] = { "nd_unbound",
		"ND claiming an address beyond the port's max-addrs" },
	[VMROAM_DROP_RA_GUARD] = { "ra_guard",
		"router advertisement from a port with ra-guard on" },
	[VMROAM_DROP_REDIRECT] = { "redirect",
		"ICMPv6 redirect from a port with ra-guard on" },
	[VMROAM_DROP_DHCP6_SERVER] = { "dhcp6_server",
		"DHCPv6 server message from an untrusted port" },
};

static const struct vr_names vr_drop_reasons = VR_NAMES(vr_drop_reason_table);

/* a port of the reply to VMROAM_CMD_GET_PORT; has[attr]: the kernel sent attribute attr */
struct vr_port {
	uint32_t ifindex;
	bool inherit;			/* a bridge's: its defaults are the module parameters' */
	bool has_ifname;
	char ifname[IF_NAMESIZE];
	bool has[VMROAM_A_PORT_MAX + 1];
	uint32_t value[VMROAM_A_PORT_MAX + 1];
};

/* a setting of a port: a keyword of "port set", a word of "port show" and a JSON key */
struct vr_port_setting {
	struct vr_kw kw;		/* of "port set": its value into struct vr_port */
	unsigned int attr;		/* in VMROAM_A_PORT */
	bool num;			/* a u32 (0: none), else a u8 0/1 */
	const char *name;
	const char *key;
	const char *help;
};

/* the keyword of a setting: on/off (u8) or a number 0 to VR_PORT_NUM_MAX, or none (u32) */
#define VR_PORT_KW(a, num, name) { \
	.key = (name), .type = (num) ? VR_KW_UINT : VR_KW_ONOFF, \
	.off = offsetof(struct vr_port, value[a]), .has = VR_KW_HAS(struct vr_port, has[a]), \
	.none = true, .max = VR_PORT_NUM_MAX }

#define VR_PORT_SETTING(a, num_, name_, key_, help_) { \
	.kw = VR_PORT_KW(a, num_, name_), .attr = (a), .num = (num_), .name = (name_), \
	.key = (key_), .help = (help_) }

/* in the order "port show" prints them; the counts (replies only) come after them */
static const struct vr_port_setting vr_port_settings[] = {
	VR_PORT_SETTING(VMROAM_A_PORT_TRUSTED, false, "trusted", "trusted",
		"an uplink or a DHCP server's port: no check applies"),
	VR_PORT_SETTING(VMROAM_A_PORT_LOCK, false, "lock", "lock",
		"MAC locking: a MAC bound to another port is dropped"),
	VR_PORT_SETTING(VMROAM_A_PORT_MAX_MACS, true, "max-macs", "max_macs",
		"MACs the port may bind (0 or none: no limit)"),
	VR_PORT_SETTING(VMROAM_A_PORT_ARP_INSPECT, false, "arp-inspect", "arp_inspect",
		"ARP must match a dhcp, static or migrated binding"),
	VR_PORT_SETTING(VMROAM_A_PORT_IP_GUARD, false, "ip-guard", "ip_guard",
		"IP source must be bound to the frame's MAC and port"),
	VR_PORT_SETTING(VMROAM_A_PORT_RATE, true, "rate", "rate",
		"ARP frames per second, in bursts of as many\n(0 or none: no limit)"),
	VR_PORT_SETTING(VMROAM_A_PORT_ND_INSPECT, false, "nd-inspect", "nd_inspect",
		"NS and NA must not name an address bound to\nanother MAC; an address a MAC claims first is\n"
		"bound to it (origin savi)"),
	VR_PORT_SETTING(VMROAM_A_PORT_RA_GUARD, false, "ra-guard", "ra_guard",
		"router advertisements and redirects are dropped\n(on by default; off: the port hosts a router)"),
	VR_PORT_SETTING(VMROAM_A_PORT_MAX_ADDRS, true, "max-addrs", "max_addrs",
		"IPv6 addresses the port's MACs may claim through\nND inspection (0 or none: no limit)"),
};

#define VR_PORT_NSETTINGS	(sizeof(vr_port_settings) / sizeof(vr_port_settings[0]))

/* what "port show" prints after the settings: u32 counts, in replies only */
static const struct vr_port_setting vr_port_counts[] = {
	VR_PORT_SETTING(VMROAM_A_PORT_MACS, true, "macs", "macs",
		"MACs bound to the port now (\"port show\" only)"),
	VR_PORT_SETTING(VMROAM_A_PORT_ADDRS, true, "addrs", "addrs",
		"IPv6 addresses claimed on the port now (\"port\nshow\" only)"),
};

#define VR_PORT_NCOUNTS		(sizeof(vr_port_counts) / sizeof(vr_port_counts[0]))

/* the reply to VMROAM_CMD_GET_PORT */
struct vr_ports {
	uint32_t ifindex;		/* asked for: 0 for a dump */
	struct vr_port *v;
	size_t n, cap;
	bool nomem;
	char bad[128];			/* why the reply was rejected */
};

const char *vr_drop_reason_name(unsigned int reason)
{
	return vr_names_name(&vr_drop_reasons, reason);
}

void vr_drop_reason_str(unsigned int reason, char *buf, size_t len)
{
	vr_names_str(&vr_drop_reasons, reason, buf, len);
}

static const struct vr_port_setting *vr_port_setting(const char *name)
{
	size_t i;

	for (i = 0; i < VR_PORT_NSETTINGS; i++) {
		if (strcmp(vr_port_settings[i].name, name) == 0)
			return &vr_port_settings[i];
	}
	return NULL;
}

/* the settings' names, for messages: "trusted, lock, ..., max-addrs" */
static void vr_port_setting_list(char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < VR_PORT_NSETTINGS && n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s", i ? ", " : "", vr_port_settings[i].name);
}

/*
 * argv[*i] names a setting: its value (argv[*i + 1]) into @p, *i on the value; 1. 0 when it is
 * no setting's name; -1 (said) when the value is wrong
 */
static int vr_port_setting_arg(const char *what, int argc, char **argv, int *i, struct vr_port *p)
{
	const struct vr_port_setting *set = vr_port_setting(argv[*i]);

	return set ? vr_kw_arg_one(what, &set->kw, argc, argv, i, p) : 0;
}

/* the settings of @p as a nest @type of enum vmroam_port_attr */
static void vr_port_settings_put(struct nlmsghdr *nlh, unsigned int type, const struct vr_port *p)
{
	const struct vr_port_setting *set;
	struct nlattr *nest;
	size_t k;

	nest = mnl_attr_nest_start(nlh, type);
	for (k = 0; k < VR_PORT_NSETTINGS; k++) {
		set = &vr_port_settings[k];
		if (!p->has[set->attr])
			continue;
		if (set->num)
			mnl_attr_put_u32(nlh, set->attr, p->value[set->attr]);
		else
			mnl_attr_put_u8(nlh, set->attr, p->value[set->attr]);
	}
	mnl_attr_nest_end(nlh, nest);
}

/* the words of "port set" into *@dev and @p */
static int vr_port_set_parse(const char *what, int argc, char **argv, const char **dev,
			     struct vr_port *p)
{
	unsigned int n = 0;
	char list[256];
	int i, r;

	*dev = NULL;
	memset(p, 0, sizeof(*p));
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "dev") == 0) {
			*dev = vr_arg_value(what, argc, argv, &i, "a device name", *dev);
			if (!*dev || !vr_arg_dev(what, *dev))
				return VR_EXIT_USAGE;
			continue;
		}
		r = vr_port_setting_arg(what, argc, argv, &i, p);
		if (r < 0)
			return VR_EXIT_USAGE;
		if (!r) {
			vr_err("%s: unknown argument \"%s\"; try \"vmroam port help\"", what,
			       argv[i]);
			return VR_EXIT_USAGE;
		}
		n++;
	}
	if (!*dev) {
		vr_err("%s: \"dev\" is required: port set dev PORT SETTING VALUE...", what);
		return VR_EXIT_USAGE;
	}
	if (!n) {
		vr_port_setting_list(list, sizeof(list));
		vr_err("%s: no setting given: %s", what, list);
		return VR_EXIT_USAGE;
	}
	return VR_EXIT_OK;
}

/* VMROAM_CMD_SET_PORT of the settings @p has for port @ifindex: the exit status */
static int vr_port_set_send(const char *what, uint32_t ifindex, const struct vr_port *p)
{
	struct nlmsghdr *nlh;
	struct vr_genl *g;

	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	nlh = vr_genl_request(g, VMROAM_CMD_SET_PORT, NLM_F_ACK);
	mnl_attr_put_u32(nlh, VMROAM_A_IFINDEX, ifindex);
	vr_port_settings_put(nlh, VMROAM_A_PORT, p);
	return vr_request_ack(g, what, nlh);
}

static int vr_port_set_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	const char *what = "port set";
	struct vr_port p;
	const char *dev;
	uint32_t ifindex;
	int ret;

	(void)ctx;
	ret = vr_port_set_parse(what, argc, argv, &dev, &p);
	if (ret != VR_EXIT_OK)
		return ret;
	ifindex = vr_dev_index(dev);
	if (!ifindex)
		return VR_EXIT_FAIL;
	return vr_port_set_send(what, ifindex, &p);
}

static int vr_ports_bad(struct vr_ports *ps, const char *what)
{
	snprintf(ps->bad, sizeof(ps->bad), "%s", what);
	return MNL_CB_ERROR;
}

/* an ifname attribute into @p */
static int vr_port_ifname(struct vr_ports *ps, struct vr_port *p, const struct nlattr *attr,
			  const char *name)
{
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
	    strlen(mnl_attr_get_str(attr)) >= sizeof(p->ifname)) {
		snprintf(ps->bad, sizeof(ps->bad), "malformed %s", name);
		return MNL_CB_ERROR;
	}
	strcpy(p->ifname, mnl_attr_get_str(attr));
	p->has_ifname = true;
	return MNL_CB_OK;
}

/* the settings and counts of @n in @tab that VMROAM_A_PORT has */
static int vr_port_parse_tab(struct vr_ports *ps, struct vr_port *p, const struct nlattr **ptb,
			     const struct vr_port_setting *tab, size_t n)
{
	const struct nlattr *attr;
	size_t i;

	for (i = 0; i < n; i++) {
		attr = ptb[tab[i].attr];
		if (!attr)
			continue;
		if (mnl_attr_validate(attr, tab[i].num ? MNL_TYPE_U32 : MNL_TYPE_U8) < 0) {
			snprintf(ps->bad, sizeof(ps->bad), "malformed %s (attribute %u)",
				 tab[i].key, tab[i].attr);
			return MNL_CB_ERROR;
		}
		p->value[tab[i].attr] = tab[i].num ? mnl_attr_get_u32(attr) :
						     mnl_attr_get_u8(attr);
		p->has[tab[i].attr] = true;
	}
	return MNL_CB_OK;
}

/* the numbers of VMROAM_A_PORT: the settings and the counts */
static int vr_port_parse_nums(struct vr_ports *ps, struct vr_port *p, const struct nlattr **ptb)
{
	if (vr_port_parse_tab(ps, p, ptb, vr_port_settings, VR_PORT_NSETTINGS) != MNL_CB_OK)
		return MNL_CB_ERROR;
	return vr_port_parse_tab(ps, p, ptb, vr_port_counts, VR_PORT_NCOUNTS);
}

/* one message: a port, VMROAM_A_IFINDEX and VMROAM_A_PORT { settings, MACS, IFNAME } */
static int vr_ports_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VMROAM_A_MAX + 1] = {};
	const struct nlattr *ptb[VMROAM_A_PORT_MAX + 1] = {};
	struct vr_ports *ps = data;
	struct vr_port p = { 0 };
	const struct nlattr *attr, *nest;
	void *v;

	if (vr_genl_parse(nlh, tb, VMROAM_A_MAX) < 0)
		return vr_ports_bad(ps, "malformed reply");
	attr = tb[VMROAM_A_IFINDEX];
	if (!attr)
		return vr_ports_bad(ps, "the reply lacks VMROAM_A_IFINDEX");
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return vr_ports_bad(ps, "malformed VMROAM_A_IFINDEX");
	p.ifindex = mnl_attr_get_u32(attr);
	if (ps->ifindex && p.ifindex != ps->ifindex)
		return vr_ports_bad(ps, "the reply is for another device");
	if (ps->ifindex && ps->n)
		return vr_ports_bad(ps, "more than one reply");
	/* the contract names the port inside the nest; a name beside it will do too */
	attr = tb[VMROAM_A_IFNAME];
	if (attr && vr_port_ifname(ps, &p, attr, "VMROAM_A_IFNAME") != MNL_CB_OK)
		return MNL_CB_ERROR;

	nest = tb[VMROAM_A_PORT];
	if (!nest)
		return vr_ports_bad(ps, "the reply lacks VMROAM_A_PORT");
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0 ||
	    vr_genl_parse_nested(nest, ptb, VMROAM_A_PORT_MAX) < 0)
		return vr_ports_bad(ps, "malformed VMROAM_A_PORT");
	attr = ptb[VMROAM_A_PORT_IFNAME];
	if (attr && vr_port_ifname(ps, &p, attr, "VMROAM_A_PORT_IFNAME") != MNL_CB_OK)
		return MNL_CB_ERROR;
	if (vr_port_parse_nums(ps, &p, ptb) != MNL_CB_OK)
		return MNL_CB_ERROR;

	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 16;
		v = reallocarray(ps->v, ps->cap, sizeof(*ps->v));
		if (!v) {
			ps->nomem = true;
			return MNL_CB_ERROR;
		}
		ps->v = v;
	}
	ps->v[ps->n++] = p;
	return MNL_CB_OK;
}

/* by ifindex: the order of "port show" */
static int vr_port_cmp(const void *pa, const void *pb)
{
	const struct vr_port *a = pa, *b = pb;

	return a->ifindex < b->ifindex ? -1 : a->ifindex > b->ifindex;
}

/* "tap1 trusted off lock on max-macs 4 ... macs 1 addrs 2": one line per port, what the kernel sent */
static int vr_ports_print(const struct vr_ports *ps)
{
	const struct vr_port_setting *set;
	size_t i, k;

	for (i = 0; i < ps->n; i++) {
		const struct vr_port *p = &ps->v[i];

		if (p->has_ifname)
			fputs(p->ifname, stdout);
		else
			printf("ifindex %" PRIu32, p->ifindex);
		for (k = 0; k < VR_PORT_NSETTINGS; k++) {
			set = &vr_port_settings[k];
			if (!p->has[set->attr])
				continue;
			if (!set->num)
				printf(" %s %s", set->name, p->value[set->attr] ? "on" : "off");
			else if (p->value[set->attr])
				printf(" %s %" PRIu32, set->name, p->value[set->attr]);
			else
				printf(" %s none", set->name);
		}
		for (k = 0; k < VR_PORT_NCOUNTS; k++) {
			set = &vr_port_counts[k];
			if (p->has[set->attr])
				printf(" %s %" PRIu32, set->name, p->value[set->attr]);
		}
		putchar('\n');
	}
	return VR_EXIT_OK;
}

/* [{"dev": "tap1", "ifindex": 5, "trusted": false, ..., "macs": 1, "addrs": 2}]: what the kernel sent */
static int vr_ports_print_json(const struct vr_ctx *ctx, const struct vr_ports *ps)
{
	struct json_writer *jw = jsonw_new(stdout);
	const struct vr_port_setting *set;
	size_t i, k;

	if (!jw) {
		vr_err("out of memory");
		return VR_EXIT_FAIL;
	}
	jsonw_pretty(jw, ctx->pretty);
	jsonw_start_array(jw);
	for (i = 0; i < ps->n; i++) {
		const struct vr_port *p = &ps->v[i];

		jsonw_start_object(jw);
		if (p->has_ifname)
			jsonw_string_field(jw, "dev", p->ifname);
		jsonw_u64_field(jw, "ifindex", p->ifindex);
		for (k = 0; k < VR_PORT_NSETTINGS; k++) {
			set = &vr_port_settings[k];
			if (!p->has[set->attr])
				continue;
			if (set->num)
				jsonw_u64_field(jw, set->key, p->value[set->attr]);
			else
				jsonw_bool_field(jw, set->key, p->value[set->attr]);
		}
		for (k = 0; k < VR_PORT_NCOUNTS; k++) {
			set = &vr_port_counts[k];
			if (p->has[set->attr])
				jsonw_u64_field(jw, set->key, p->value[set->attr]);
		}
		jsonw_end_object(jw);
	}
	jsonw_end_array(jw);
	jsonw_destroy(&jw);
	return VR_EXIT_OK;
}

static int vr_port_show_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	const char *what = "port show";
	struct vr_ports ps = { 0 };
	const char *dev = NULL;
	struct nlmsghdr *nlh;
	struct vr_genl *g;
	int i, err, ret;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "dev")) {
			vr_err("%s: unknown argument \"%s\"; try \"vmroam help\"", what, argv[i]);
			return VR_EXIT_USAGE;
		}
		dev = vr_arg_value(what, argc, argv, &i, "a device name", dev);
		if (!dev || !vr_arg_dev(what, dev))
			return VR_EXIT_USAGE;
	}
	if (dev) {
		ps.ifindex = vr_dev_index(dev);
		if (!ps.ifindex)
			return VR_EXIT_FAIL;
	}

	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	if (ps.ifindex) {
		nlh = vr_genl_request(g, VMROAM_CMD_GET_PORT, NLM_F_ACK);
		mnl_attr_put_u32(nlh, VMROAM_A_IFINDEX, ps.ifindex);
	} else {
		nlh = vr_genl_request(g, VMROAM_CMD_GET_PORT, NLM_F_DUMP);
	}
	err = vr_genl_talk(g, nlh, vr_ports_cb, &ps);
	if (!err && ps.ifindex && !ps.n) {
		vr_err("%s: the kernel acknowledged the request but sent no port", what);
		ret = VR_EXIT_FAIL;
	} else {
		ret = vr_reply_status(g, what, err, ps.nomem, ps.bad, NULL);
	}
	vr_genl_free(g);
	/* the port asked for, if the kernel did not name it */
	if (ps.ifindex && ps.n && !ps.v[0].has_ifname) {
		strcpy(ps.v[0].ifname, dev);
		ps.v[0].has_ifname = true;
	}

	if (ret == VR_EXIT_OK) {
		if (ps.n)	/* qsort() wants a valid pointer even for nothing */
			qsort(ps.v, ps.n, sizeof(*ps.v), vr_port_cmp);
		if (ctx->json)
			ret = vr_ports_print_json(ctx, &ps);
		else
			ret = vr_ports_print(&ps);
	}
	free(ps.v);
	return ret;
}

/* ---- bridge: the port defaults of a bridge ---- */

/* the words of "bridge set" into *@dev, @p and *@inherit */
static int vr_bridge_set_parse(const char *what, int argc, char **argv, const char **dev,
			       struct vr_port *p, bool *inherit)
{
	bool defaults = false;
	unsigned int n = 0;
	char list[256];
	int i, r;

	*dev = NULL;
	*inherit = false;
	memset(p, 0, sizeof(*p));
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "dev") == 0) {
			*dev = vr_arg_value(what, argc, argv, &i, "a device name", *dev);
			if (!*dev || !vr_arg_dev(what, *dev))
				return VR_EXIT_USAGE;
			continue;
		}
		if (strcmp(argv[i], "port-defaults") == 0 && !defaults) {
			defaults = true;
			continue;
		}
		if (defaults && strcmp(argv[i], "inherit") == 0 && !*inherit) {
			*inherit = true;
			continue;
		}
		r = defaults ? vr_port_setting_arg(what, argc, argv, &i, p) : 0;
		if (r < 0)
			return VR_EXIT_USAGE;
		if (!r) {
			vr_err("%s: unknown argument \"%s\"; usage: %s", what, argv[i],
			       VR_BRIDGE_SET_USAGE);
			return VR_EXIT_USAGE;
		}
		n++;
	}
	if (!*dev || !defaults) {
		vr_err("%s: \"dev\" and \"port-defaults\" are required: %s", what,
		       VR_BRIDGE_SET_USAGE);
		return VR_EXIT_USAGE;
	}
	if (!n && !*inherit) {
		vr_port_setting_list(list, sizeof(list));
		vr_err("%s: no port default given: %s, or inherit", what, list);
		return VR_EXIT_USAGE;
	}
	if (n && *inherit) {
		vr_err("%s: \"inherit\" (the module parameters') takes no setting", what);
		return VR_EXIT_USAGE;
	}
	return VR_EXIT_OK;
}

/* VMROAM_CMD_SET_BRIDGE: the port defaults @p, or @inherit, for bridge @ifindex */
static int vr_bridge_set_send(const char *what, uint32_t ifindex, const struct vr_port *p,
			      bool inherit)
{
	struct nlmsghdr *nlh;
	struct vr_genl *g;

	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	nlh = vr_genl_request(g, VMROAM_CMD_SET_BRIDGE, NLM_F_ACK);
	mnl_attr_put_u32(nlh, VMROAM_A_IFINDEX, ifindex);
	if (inherit)
		mnl_attr_put(nlh, VMROAM_A_INHERIT, 0, NULL);
	else
		vr_port_settings_put(nlh, VMROAM_A_PORT_DEFAULTS, p);
	return vr_request_ack(g, what, nlh);
}

static int vr_bridge_set_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	const char *what = "bridge set";
	struct vr_port p;
	const char *dev;
	uint32_t ifindex;
	bool inherit;
	int ret;

	(void)ctx;
	ret = vr_bridge_set_parse(what, argc, argv, &dev, &p, &inherit);
	if (ret != VR_EXIT_OK)
		return ret;
	ifindex = vr_dev_index(dev);
	if (!ifindex)
		return VR_EXIT_FAIL;
	return vr_bridge_set_send(what, ifindex, &p, inherit);
}

/* one message: a bridge, VMROAM_A_IFINDEX, IFNAME, [INHERIT], PORT_DEFAULTS { settings } */
static int vr_bridges_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VMROAM_A_MAX + 1] = {};
	const struct nlattr *ptb[VMROAM_A_PORT_MAX + 1] = {};
	struct vr_ports *ps = data;
	struct vr_port p = { 0 };
	const struct nlattr *attr, *nest;
	void *v;

	if (vr_genl_parse(nlh, tb, VMROAM_A_MAX) < 0)
		return vr_ports_bad(ps, "malformed reply");
	attr = tb[VMROAM_A_IFINDEX];
	if (!attr || mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return vr_ports_bad(ps, "the reply lacks a valid VMROAM_A_IFINDEX");
	p.ifindex = mnl_attr_get_u32(attr);
	if (ps->ifindex && (p.ifindex != ps->ifindex || ps->n))
		return vr_ports_bad(ps, "the reply is not the bridge's alone");
	attr = tb[VMROAM_A_IFNAME];
	if (attr && vr_port_ifname(ps, &p, attr, "VMROAM_A_IFNAME") != MNL_CB_OK)
		return MNL_CB_ERROR;
	p.inherit = tb[VMROAM_A_INHERIT];
	nest = tb[VMROAM_A_PORT_DEFAULTS];
	if (!nest || mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0 ||
	    vr_genl_parse_nested(nest, ptb, VMROAM_A_PORT_MAX) < 0)
		return vr_ports_bad(ps, "the reply lacks a valid VMROAM_A_PORT_DEFAULTS");
	if (vr_port_parse_tab(ps, &p, ptb, vr_port_settings, VR_PORT_NSETTINGS) != MNL_CB_OK)
		return MNL_CB_ERROR;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 4;
		v = reallocarray(ps->v, ps->cap, sizeof(*ps->v));
		if (!v) {
			ps->nomem = true;
			return MNL_CB_ERROR;
		}
		ps->v = v;
	}
	ps->v[ps->n++] = p;
	return MNL_CB_OK;
}

/* "br0 port-defaults trusted off lock on ... (module parameters)" */
static int vr_bridges_print(const struct vr_ports *ps)
{
	const struct vr_port_setting *set;
	size_t i, k;

	for (i = 0; i < ps->n; i++) {
		const struct vr_port *p = &ps->v[i];

		if (p->has_ifname)
			fputs(p->ifname, stdout);
		else
			printf("ifindex %" PRIu32, p->ifindex);
		fputs(" port-defaults", stdout);
		for (k = 0; k < VR_PORT_NSETTINGS; k++) {
			set = &vr_port_settings[k];
			if (!p->has[set->attr])
				continue;
			if (!set->num)
				printf(" %s %s", set->name, p->value[set->attr] ? "on" : "off");
			else if (p->value[set->attr])
				printf(" %s %" PRIu32, set->name, p->value[set->attr]);
			else
				printf(" %s none", set->name);
		}
		puts(p->inherit ? " (module parameters)" : "");
	}
	return VR_EXIT_OK;
}

/* [{"dev": "br0", "ifindex": 3, "inherit": false, "port_defaults": {"trusted": false, ...}}] */
static int vr_bridges_print_json(const struct vr_ctx *ctx, const struct vr_ports *ps)
{
	struct json_writer *jw = jsonw_new(stdout);
	const struct vr_port_setting *set;
	size_t i, k;

	if (!jw) {
		vr_err("out of memory");
		return VR_EXIT_FAIL;
	}
	jsonw_pretty(jw, ctx->pretty);
	jsonw_start_array(jw);
	for (i = 0; i < ps->n; i++) {
		const struct vr_port *p = &ps->v[i];

		jsonw_start_object(jw);
		if (p->has_ifname)
			jsonw_string_field(jw, "dev", p->ifname);
		jsonw_u64_field(jw, "ifindex", p->ifindex);
		jsonw_bool_field(jw, "inherit", p->inherit);
		jsonw_name(jw, "port_defaults");
		jsonw_start_object(jw);
		for (k = 0; k < VR_PORT_NSETTINGS; k++) {
			set = &vr_port_settings[k];
			if (!p->has[set->attr])
				continue;
			if (set->num)
				jsonw_u64_field(jw, set->key, p->value[set->attr]);
			else
				jsonw_bool_field(jw, set->key, p->value[set->attr]);
		}
		jsonw_end_object(jw);
		jsonw_end_object(jw);
	}
	jsonw_end_array(jw);
	jsonw_destroy(&jw);
	return VR_EXIT_OK;
}

static int vr_bridge_show_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	const char *what = "bridge show";
	struct vr_ports ps = { 0 };
	const char *dev = NULL;
	struct nlmsghdr *nlh;
	struct vr_genl *g;
	int i, err, ret;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "dev")) {
			vr_err("%s: unknown argument \"%s\"; usage: bridge show [dev BRIDGE]", what,
			       argv[i]);
			return VR_EXIT_USAGE;
		}
		dev = vr_arg_value(what, argc, argv, &i, "a device name", dev);
		if (!dev || !vr_arg_dev(what, dev))
			return VR_EXIT_USAGE;
	}
	if (dev) {
		ps.ifindex = vr_dev_index(dev);
		if (!ps.ifindex)
			return VR_EXIT_FAIL;
	}
	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	if (ps.ifindex) {
		nlh = vr_genl_request(g, VMROAM_CMD_GET_BRIDGE, NLM_F_ACK);
		mnl_attr_put_u32(nlh, VMROAM_A_IFINDEX, ps.ifindex);
	} else {
		nlh = vr_genl_request(g, VMROAM_CMD_GET_BRIDGE, NLM_F_DUMP);
	}
	err = vr_genl_talk(g, nlh, vr_bridges_cb, &ps);
	if (!err && ps.ifindex && !ps.n) {
		vr_err("%s: the kernel acknowledged the request but sent no bridge", what);
		ret = VR_EXIT_FAIL;
	} else {
		ret = vr_reply_status(g, what, err, ps.nomem, ps.bad, NULL);
	}
	vr_genl_free(g);
	if (ret == VR_EXIT_OK) {
		if (ps.n)
			qsort(ps.v, ps.n, sizeof(*ps.v), vr_port_cmp);
		ret = ctx->json ? vr_bridges_print_json(ctx, &ps) : vr_bridges_print(&ps);
	}
	free(ps.v);
	return ret;
}

/* ---- apply: the "port set" and "bridge set" lines of the configuration file ---- */

/* VMROAM_CMD_GET_PORT or _GET_BRIDGE (@cmd, @cb) of @ifindex into *@cur: the exit status */
static int vr_port_get(const char *what, uint8_t cmd, mnl_cb_t cb, uint32_t ifindex,
		       struct vr_port *cur)
{
	struct vr_ports ps = { .ifindex = ifindex };
	struct nlmsghdr *nlh;
	struct vr_genl *g;
	int err, ret;

	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	nlh = vr_genl_request(g, cmd, NLM_F_ACK);
	mnl_attr_put_u32(nlh, VMROAM_A_IFINDEX, ifindex);
	err = vr_genl_talk(g, nlh, cb, &ps);
	if (!err && !ps.n) {
		vr_err("%s: the kernel acknowledged the request but sent nothing", what);
		ret = VR_EXIT_FAIL;
	} else {
		ret = vr_reply_status(g, what, err, ps.nomem, ps.bad, NULL);
	}
	vr_genl_free(g);
	if (ret == VR_EXIT_OK)
		*cur = ps.v[0];
	free(ps.v);
	return ret;
}

/*
 * The settings of @want that @cur has otherwise (all of them when @all) into @diff, and as the
 * words of "port set" into @words ("lock on max-macs 4"): how many
 */
static unsigned int vr_port_diff(const struct vr_port *want, const struct vr_port *cur, bool all,
				 struct vr_port *diff, char *words, size_t len)
{
	const struct vr_port_setting *set;
	unsigned int n = 0, a;
	size_t k, w = 0;
	uint32_t v;

	memset(diff, 0, sizeof(*diff));
	words[0] = '\0';
	for (k = 0; k < VR_PORT_NSETTINGS; k++) {
		set = &vr_port_settings[k];
		a = set->attr;
		v = want->value[a];
		if (!want->has[a] || (!all && cur->has[a] && cur->value[a] == v))
			continue;
		diff->has[a] = true;
		diff->value[a] = v;
		n++;
		if (w >= len)
			continue;
		if (!set->num)
			w += snprintf(words + w, len - w, " %s %s", set->name, v ? "on" : "off");
		else if (v)
			w += snprintf(words + w, len - w, " %s %" PRIu32, set->name, v);
		else
			w += snprintf(words + w, len - w, " %s none", set->name);
	}
	return n;
}

/* "port set" of @want on port @dev, @ifindex: what differs */
static int vr_port_apply_one(struct vr_apply *ap, const char *dev, uint32_t ifindex,
			     const struct vr_port *want)
{
	const char *what = "port set";
	struct vr_port cur, diff;
	char words[256];
	int ret;

	ret = vr_port_get(what, VMROAM_CMD_GET_PORT, vr_ports_cb, ifindex, &cur);
	if (ret != VR_EXIT_OK)
		return ret;
	if (!vr_port_diff(want, &cur, false, &diff, words, sizeof(words)))
		return VR_EXIT_OK;
	if (!ap->dry_run) {
		ret = vr_port_set_send(what, ifindex, &diff);
		if (ret != VR_EXIT_OK)
			return ret;
	}
	vr_apply_change(ap, "port set dev %s%s", dev, words);
	return VR_EXIT_OK;
}

/* whether @name is a bridge port (of this network namespace: sysfs follows it) */
static bool vr_is_bridge_port(const char *name)
{
	char path[64 + IF_NAMESIZE];

	snprintf(path, sizeof(path), "/sys/class/net/%s/brport", name);
	return access(path, F_OK) == 0;
}

/*
 * "port set dev PORT|PATTERN SETTING VALUE...": a pattern (tap*, vnet[0-9]*) stands for every
 * bridge port whose name it matches now, and matching none is no error: the ports to come take
 * their bridge's port-defaults.
 */
static int vr_port_set_apply(struct vr_apply *ap, int argc, char **argv)
{
	struct if_nameindex *ifs, *it;
	int ret, r, worst = VR_EXIT_OK;
	struct vr_port want;
	const char *dev;
	uint32_t ifindex;

	ret = vr_port_set_parse("port set", argc, argv, &dev, &want);
	if (ret != VR_EXIT_OK || ap->check)
		return ret;
	if (!strpbrk(dev, "*?[")) {
		ifindex = vr_dev_index(dev);
		if (!ifindex)
			return VR_EXIT_FAIL;
		return vr_port_apply_one(ap, dev, ifindex, &want);
	}
	ifs = if_nameindex();
	if (!ifs) {
		vr_err("port set: cannot list the devices: %s", strerror(errno));
		return VR_EXIT_FAIL;
	}
	for (it = ifs; it->if_index; it++) {
		if (fnmatch(dev, it->if_name, 0) || !vr_is_bridge_port(it->if_name))
			continue;
		r = vr_port_apply_one(ap, it->if_name, it->if_index, &want);
		if (r != VR_EXIT_OK)
			worst = r;
	}
	if_freenameindex(ifs);
	return worst;
}

/* "bridge set dev BRIDGE port-defaults ...": what differs; a bridge that inherits takes all */
static int vr_bridge_set_apply(struct vr_apply *ap, int argc, char **argv)
{
	const char *what = "bridge set";
	struct vr_port want, cur, diff = { 0 };
	uint32_t ifindex;
	char words[256];
	const char *dev;
	bool inherit;
	int ret;

	ret = vr_bridge_set_parse(what, argc, argv, &dev, &want, &inherit);
	if (ret != VR_EXIT_OK || ap->check)
		return ret;
	ifindex = vr_dev_index(dev);
	if (!ifindex)
		return VR_EXIT_FAIL;
	ret = vr_port_get(what, VMROAM_CMD_GET_BRIDGE, vr_bridges_cb, ifindex, &cur);
	if (ret != VR_EXIT_OK)
		return ret;
	if (inherit) {
		if (cur.inherit)
			return VR_EXIT_OK;
		snprintf(words, sizeof(words), " inherit");
	} else if (!vr_port_diff(&want, &cur, cur.inherit, &diff, words, sizeof(words))) {
		return VR_EXIT_OK;
	}
	if (!ap->dry_run) {
		ret = vr_bridge_set_send(what, ifindex, &diff, inherit);
		if (ret != VR_EXIT_OK)
			return ret;
	}
	vr_apply_change(ap, "bridge set dev %s port-defaults%s", dev, words);
	return VR_EXIT_OK;
}

static const struct vr_cmd vr_bridge_subcmds[] = {
	{
		.name		= "set",
		.usage		= VR_BRIDGE_SET_USAGE,
		.summary	= "the port security a port takes when it joins\n"
				  "BRIDGE (the settings of \"port set\"; those not given\n"
				  "as before, at first the module parameters'), so that\n"
				  "a VM's new tap is guarded from its first frame;\n"
				  "inherit: the module parameters' again. Ports already\n"
				  "in BRIDGE keep their settings",
		.run		= vr_bridge_set_run,
		.apply		= vr_bridge_set_apply,
	},
	{
		.name		= "show",
		.usage		= "bridge show [dev BRIDGE]",
		.summary	= "show the port defaults of every bridge, or of BRIDGE",
		.run		= vr_bridge_show_run,
	},
	{ .name = NULL },
};

const struct vr_cmd vr_cmd_bridge = {
	.name		= "bridge",
	.subcmds	= vr_bridge_subcmds,
};

static void vr_port_help(FILE *out)
{
	size_t i;

	fputs("Port security settings (\"port set\", \"port show\"; on a port vmroam has not\n"
	      "seen yet, the module parameters' defaults):\n", out);
	for (i = 0; i < VR_PORT_NSETTINGS; i++)
		vr_help_entry(out, vr_port_settings[i].name, vr_port_settings[i].help);
	for (i = 0; i < VR_PORT_NCOUNTS; i++)
		vr_help_entry(out, vr_port_counts[i].name, vr_port_counts[i].help);
	fputs("Drop reasons (\"drops\" of \"stats\", \"reason\" of a violation event):\n", out);
	vr_names_help(out, &vr_drop_reasons);
}

static const struct vr_cmd vr_port_subcmds[] = {
	{
		.name		= "set",
		.usage		= VR_PORT_SET_USAGE,
		.summary	= "change the port security of bridge port PORT: the\n"
				  "settings given (at least one); the others stay.\n"
				  "N and PPS: 0 to 1000000, 0 or none for no limit",
		.run		= vr_port_set_run,
		.apply		= vr_port_set_apply,
	},
	{
		.name		= "show",
		.usage		= "port show [dev PORT]",
		.summary	= "show the port security of every bridge port, or of\n"
				  "PORT, and how many MACs and IPv6 addresses each has\n"
				  "bound",
		.run		= vr_port_show_run,
	},
	{ .name = NULL },
};

const struct vr_cmd vr_cmd_port = {
	.name		= "port",
	.subcmds	= vr_port_subcmds,
	.help_extra	= vr_port_help,
};
