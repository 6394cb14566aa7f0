// SPDX-License-Identifier: GPL-2.0
/*
 * vmroam monitor: the events of the network namespace as they happen, one line each, from the
 * family's "events" multicast group: new bindings, moves, migrations, departures, expiries.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/vmroam.h>

#include "genl.h"
#include "json.h"
#include "vmroam.h"

/* events come in bursts (a port going down departs every VM behind it): room for thousands */
#define VR_MONITOR_RCVBUF	(1 << 20)

/* EVENT of the output; one missing here (a newer module's) prints as its number */
static const char *const vr_event_names[__VMROAM_EVENT_MAX] = {
	[VMROAM_EVENT_NEW]	= "new",
	[VMROAM_EVENT_MOVED]	= "moved",
	[VMROAM_EVENT_MIGRATED]	= "migrated",
	[VMROAM_EVENT_DEPARTED]	= "departed",
	[VMROAM_EVENT_EXPIRED]	= "expired",
	[VMROAM_EVENT_VIOLATION] = "violation",
	[VMROAM_EVENT_FROZEN]	= "frozen",
	[VMROAM_EVENT_RETURNED]	= "returned",
};

static const char *const vr_event_help[__VMROAM_EVENT_MAX] = {
	[VMROAM_EVENT_NEW]	= "a binding for a MAC never seen (or forgotten)",
	[VMROAM_EVENT_MOVED]	= "a binding seen on another port of this host",
	[VMROAM_EVENT_MIGRATED]	= "a sanctioned migration activated and announced",
	[VMROAM_EVENT_DEPARTED]	= "a binding's VM left this host",
	[VMROAM_EVENT_EXPIRED]	= "a sanction timed out, or a binding aged out",
	[VMROAM_EVENT_VIOLATION] = "port security dropped a frame; \"reason\" says why",
	[VMROAM_EVENT_FROZEN]	= "a MAC moved too often: its moves are dropped a while",
	[VMROAM_EVENT_RETURNED]	= "a departed binding's VM spoke again from its port: active again",
};

/* which attributes of an event the kernel sent */
enum {
	VR_HAS_TYPE		= 1 << 0,
	VR_HAS_TIME		= 1 << 1,
	VR_HAS_MAC		= 1 << 2,
	VR_HAS_VLAN		= 1 << 3,
	VR_HAS_IFINDEX		= 1 << 4,
	VR_HAS_IFNAME		= 1 << 5,
	VR_HAS_FROM_IFINDEX	= 1 << 6,
	VR_HAS_FROM_IFNAME	= 1 << 7,
	VR_HAS_ORIGIN		= 1 << 8,
	VR_HAS_ACTIVATED	= 1 << 9,
	VR_HAS_ANNOUNCED	= 1 << 10,
	VR_HAS_REASON		= 1 << 11,
};

/* one VMROAM_CMD_EVENT */
struct vr_event {
	unsigned int has;		/* VR_HAS_* */
	uint8_t type;
	uint8_t origin;
	uint8_t reason;			/* enum vmroam_drop_reason */
	uint8_t mac[VR_MAC_LEN];
	uint16_t vlan;
	bool sanction;
	uint32_t ifindex;
	uint32_t from_ifindex;
	uint64_t time;			/* CLOCK_REALTIME, nanoseconds */
	uint64_t activated;		/* nanoseconds from the sanction */
	uint64_t announced;
	char ifname[IF_NAMESIZE];
	char from_ifname[IF_NAMESIZE];
	unsigned int n_ips;
	struct vr_ip *ips;		/* in the kernel's order */
};

struct vr_monitor {
	const struct vr_ctx *ctx;
	int write_errno;		/* the output failed with it */
	char bad[128];			/* why an event was rejected */
};

static volatile sig_atomic_t vr_monitor_stop;

static void vr_monitor_signal(int sig)
{
	(void)sig;
	vr_monitor_stop = 1;
}

static int vr_event_bad(struct vr_monitor *mon, const char *what)
{
	snprintf(mon->bad, sizeof(mon->bad), "%s", what);
	return -1;
}

/* a string attribute into @buf of IF_NAMESIZE bytes */
static int vr_event_ifname(struct vr_monitor *mon, const struct nlattr *attr, char *buf,
			   const char *name)
{
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
	    strlen(mnl_attr_get_str(attr)) >= IF_NAMESIZE) {
		snprintf(mon->bad, sizeof(mon->bad), "malformed %s", name);
		return -1;
	}
	strcpy(buf, mnl_attr_get_str(attr));
	return 0;
}

/* an unsigned attribute of @type into *@v; 0, or -1 when malformed */
static int vr_event_num(struct vr_monitor *mon, const struct nlattr *attr,
			enum mnl_attr_data_type type, uint64_t *v, const char *name)
{
	if (mnl_attr_validate(attr, type) < 0) {
		snprintf(mon->bad, sizeof(mon->bad), "malformed %s", name);
		return -1;
	}
	switch (type) {
	case MNL_TYPE_U8:
		*v = mnl_attr_get_u8(attr);
		break;
	case MNL_TYPE_U16:
		*v = mnl_attr_get_u16(attr);
		break;
	case MNL_TYPE_U32:
		*v = mnl_attr_get_u32(attr);
		break;
	default:
		*v = mnl_attr_get_u64(attr);
		break;
	}
	return 0;
}

/* the numbers of an event: attribute, type, VR_HAS_* */
static const struct vr_event_num {
	unsigned int attr;
	enum mnl_attr_data_type type;
	unsigned int has;
	const char *name;
} vr_event_nums[] = {
	{ VMROAM_A_EVENT_TYPE,		MNL_TYPE_U8,	VR_HAS_TYPE,	"VMROAM_A_EVENT_TYPE" },
	{ VMROAM_A_EVENT_TIME,		MNL_TYPE_U64,	VR_HAS_TIME,	"VMROAM_A_EVENT_TIME" },
	{ VMROAM_A_EVENT_VLAN,		MNL_TYPE_U16,	VR_HAS_VLAN,	"VMROAM_A_EVENT_VLAN" },
	{ VMROAM_A_EVENT_IFINDEX,	MNL_TYPE_U32,	VR_HAS_IFINDEX,
	  "VMROAM_A_EVENT_IFINDEX" },
	{ VMROAM_A_EVENT_FROM_IFINDEX,	MNL_TYPE_U32,	VR_HAS_FROM_IFINDEX,
	  "VMROAM_A_EVENT_FROM_IFINDEX" },
	{ VMROAM_A_EVENT_ORIGIN,	MNL_TYPE_U8,	VR_HAS_ORIGIN,	"VMROAM_A_EVENT_ORIGIN" },
	{ VMROAM_A_EVENT_ACTIVATED,	MNL_TYPE_U64,	VR_HAS_ACTIVATED,
	  "VMROAM_A_EVENT_ACTIVATED" },
	{ VMROAM_A_EVENT_ANNOUNCED,	MNL_TYPE_U64,	VR_HAS_ANNOUNCED,
	  "VMROAM_A_EVENT_ANNOUNCED" },
	{ VMROAM_A_EVENT_REASON,	MNL_TYPE_U8,	VR_HAS_REASON,	"VMROAM_A_EVENT_REASON" },
};

#define VR_EVENT_NNUMS	(sizeof(vr_event_nums) / sizeof(vr_event_nums[0]))

static void vr_event_set(struct vr_event *ev, unsigned int attr, uint64_t v)
{
	switch (attr) {
	case VMROAM_A_EVENT_TYPE:
		ev->type = v;
		break;
	case VMROAM_A_EVENT_TIME:
		ev->time = v;
		break;
	case VMROAM_A_EVENT_VLAN:
		ev->vlan = v;
		break;
	case VMROAM_A_EVENT_IFINDEX:
		ev->ifindex = v;
		break;
	case VMROAM_A_EVENT_FROM_IFINDEX:
		ev->from_ifindex = v;
		break;
	case VMROAM_A_EVENT_ORIGIN:
		ev->origin = v;
		break;
	case VMROAM_A_EVENT_ACTIVATED:
		ev->activated = v;
		break;
	case VMROAM_A_EVENT_ANNOUNCED:
		ev->announced = v;
		break;
	case VMROAM_A_EVENT_REASON:
		ev->reason = v;
		break;
	}
}

/* VMROAM_A_EVENT into @ev; the type is required, the rest printed when present */
static int vr_event_parse(struct vr_monitor *mon, const struct nlmsghdr *nlh,
			  struct vr_event *ev)
{
	const struct nlattr *tb[VMROAM_A_MAX + 1] = {};
	const struct nlattr *etb[VMROAM_A_EVENT_MAX + 1] = {};
	const struct vr_event_num *num;
	const struct nlattr *nest, *attr;
	uint64_t v;
	size_t i;
	int err;

	if (vr_genl_parse(nlh, tb, VMROAM_A_MAX) < 0)
		return vr_event_bad(mon, "malformed message");
	nest = tb[VMROAM_A_EVENT];
	if (!nest)
		return vr_event_bad(mon, "the message lacks VMROAM_A_EVENT");
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0 ||
	    vr_genl_parse_nested(nest, etb, VMROAM_A_EVENT_MAX) < 0)
		return vr_event_bad(mon, "malformed VMROAM_A_EVENT");
	if (!etb[VMROAM_A_EVENT_TYPE])
		return vr_event_bad(mon, "an event lacks VMROAM_A_EVENT_TYPE");

	for (i = 0; i < VR_EVENT_NNUMS; i++) {
		num = &vr_event_nums[i];
		attr = etb[num->attr];
		if (!attr)
			continue;
		if (vr_event_num(mon, attr, num->type, &v, num->name) < 0)
			return -1;
		vr_event_set(ev, num->attr, v);
		ev->has |= num->has;
	}
	attr = etb[VMROAM_A_EVENT_MAC];
	if (attr) {
		if (mnl_attr_get_payload_len(attr) != VR_MAC_LEN)
			return vr_event_bad(mon, "malformed VMROAM_A_EVENT_MAC");
		memcpy(ev->mac, mnl_attr_get_payload(attr), VR_MAC_LEN);
		ev->has |= VR_HAS_MAC;
	}
	attr = etb[VMROAM_A_EVENT_IFNAME];
	if (attr) {
		if (vr_event_ifname(mon, attr, ev->ifname, "VMROAM_A_EVENT_IFNAME") < 0)
			return -1;
		ev->has |= VR_HAS_IFNAME;
	}
	attr = etb[VMROAM_A_EVENT_FROM_IFNAME];
	if (attr) {
		if (vr_event_ifname(mon, attr, ev->from_ifname, "VMROAM_A_EVENT_FROM_IFNAME") < 0)
			return -1;
		ev->has |= VR_HAS_FROM_IFNAME;
	}
	attr = etb[VMROAM_A_EVENT_SANCTION];
	if (attr) {
		if (mnl_attr_validate(attr, MNL_TYPE_FLAG) < 0)
			return vr_event_bad(mon, "malformed VMROAM_A_EVENT_SANCTION");
		ev->sanction = true;
	}
	err = vr_nest_ips(nest, VMROAM_A_EVENT_IPV4, VMROAM_A_EVENT_IPV6, &ev->ips, &ev->n_ips);
	if (err == -ENOMEM)
		return vr_event_bad(mon, "out of memory");
	if (err)
		return vr_event_bad(mon, "malformed VMROAM_A_EVENT_IPV4 or _IPV6");
	return 0;
}

static const char *vr_event_name(const struct vr_event *ev, char *buf, size_t len)
{
	if (ev->type < __VMROAM_EVENT_MAX && vr_event_names[ev->type])
		return vr_event_names[ev->type];
	snprintf(buf, len, "%u", ev->type);
	return buf;
}

/* @ns since the epoch as "2026-11-24T05:40:01.123456Z" */
static void vr_time_str(uint64_t ns, char *buf, size_t len)
{
	time_t s = ns / 1000000000;
	struct tm tm;
	size_t n;

	if (!gmtime_r(&s, &tm) || !(n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm))) {
		snprintf(buf, len, "%" PRIu64 ".%06" PRIu64, ns / 1000000000, ns / 1000 % 1000000);
		return;
	}
	snprintf(buf + n, len - n, ".%06" PRIu64 "Z", ns / 1000 % 1000000);
}

/* "now", for an event the kernel sent without a time */
static uint64_t vr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void vr_event_print(const struct vr_event *ev)
{
	char buf[INET6_ADDRSTRLEN], mac[VR_MAC_STRLEN];
	unsigned int k;

	vr_time_str(ev->has & VR_HAS_TIME ? ev->time : vr_now_ns(), buf, sizeof(buf));
	printf("%s ", buf);
	fputs(vr_event_name(ev, buf, sizeof(buf)), stdout);
	if (ev->has & VR_HAS_MAC) {
		vr_mac_str(ev->mac, mac);
		printf(" mac %s", mac);
	}
	if (ev->has & VR_HAS_VLAN)
		printf(" vlan %u", ev->vlan);
	if (ev->has & VR_HAS_IFNAME)
		printf(" dev %s", ev->ifname);
	else if (ev->has & VR_HAS_IFINDEX)
		printf(" ifindex %" PRIu32, ev->ifindex);
	if (ev->has & VR_HAS_FROM_IFNAME)
		printf(" from %s", ev->from_ifname);
	else if (ev->has & VR_HAS_FROM_IFINDEX)
		printf(" from ifindex %" PRIu32, ev->from_ifindex);
	if (ev->has & VR_HAS_REASON) {
		vr_drop_reason_str(ev->reason, buf, sizeof(buf));
		printf(" reason %s", buf);
	}
	for (k = 0; k < ev->n_ips; k++)
		printf(" ip %s", vr_ip_str(&ev->ips[k], buf));
	if (ev->has & VR_HAS_ORIGIN) {
		vr_names_str(&vr_origins, ev->origin, buf, sizeof(buf));
		printf(" origin %s", buf);
	}
	if (ev->has & VR_HAS_ACTIVATED)
		printf(" activated %" PRIu64 ".%03" PRIu64 "ms", ev->activated / 1000000,
		       ev->activated / 1000 % 1000);
	if (ev->has & VR_HAS_ANNOUNCED)
		printf(" announced %" PRIu64 ".%03" PRIu64 "ms", ev->announced / 1000000,
		       ev->announced / 1000 % 1000);
	if (ev->type == VMROAM_EVENT_EXPIRED)
		fputs(ev->sanction ? " sanction" : " binding", stdout);
	putchar('\n');
}

/* one object on one line, even with -p: a reader takes the stream line by line */
static int vr_event_print_json(const struct vr_event *ev)
{
	struct json_writer *jw = jsonw_new(stdout);
	char buf[INET6_ADDRSTRLEN], mac[VR_MAC_STRLEN];

	if (!jw)
		return -1;
	jsonw_start_object(jw);
	if (ev->has & VR_HAS_TIME)
		jsonw_u64_field(jw, "time_ns", ev->time);
	jsonw_string_field(jw, "event", vr_event_name(ev, buf, sizeof(buf)));
	if (ev->has & VR_HAS_MAC) {
		vr_mac_str(ev->mac, mac);
		jsonw_string_field(jw, "mac", mac);
	}
	if (ev->has & VR_HAS_VLAN)
		jsonw_u64_field(jw, "vlan", ev->vlan);
	if (ev->has & VR_HAS_IFNAME)
		jsonw_string_field(jw, "dev", ev->ifname);
	if (ev->has & VR_HAS_IFINDEX)
		jsonw_u64_field(jw, "ifindex", ev->ifindex);
	if (ev->has & VR_HAS_FROM_IFNAME)
		jsonw_string_field(jw, "from_dev", ev->from_ifname);
	if (ev->has & VR_HAS_FROM_IFINDEX)
		jsonw_u64_field(jw, "from_ifindex", ev->from_ifindex);
	if (ev->has & VR_HAS_REASON) {
		/* a string even when unknown: "12", as "origin" */
		vr_drop_reason_str(ev->reason, buf, sizeof(buf));
		jsonw_string_field(jw, "reason", buf);
	}
	vr_json_ips(jw, "ipv4", ev->ips, ev->n_ips, AF_INET);
	vr_json_ips(jw, "ipv6", ev->ips, ev->n_ips, AF_INET6);
	if (ev->has & VR_HAS_ORIGIN) {
		vr_names_str(&vr_origins, ev->origin, buf, sizeof(buf));
		jsonw_string_field(jw, "origin", buf);
	}
	if (ev->has & VR_HAS_ACTIVATED)
		jsonw_u64_field(jw, "activated_ns", ev->activated);
	if (ev->has & VR_HAS_ANNOUNCED)
		jsonw_u64_field(jw, "announced_ns", ev->announced);
	if (ev->type == VMROAM_EVENT_EXPIRED)
		jsonw_string_field(jw, "object", ev->sanction ? "sanction" : "binding");
	jsonw_end_object(jw);
	jsonw_destroy(&jw);
	return 0;
}

/*
 * One message of the group: an event is printed and flushed at once (a reader may be a pipe);
 * one that does not parse is reported and skipped. Only a failed write stops the monitor.
 */
static int vr_monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct vr_monitor *mon = data;
	struct vr_event ev = { 0 };

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN || genl->cmd != VMROAM_CMD_EVENT)
		return MNL_CB_OK;
	if (vr_event_parse(mon, nlh, &ev) < 0) {
		vr_err("monitor: bad event from the kernel: %s", mon->bad);
		free(ev.ips);
		return MNL_CB_OK;
	}
	if (mon->ctx->json) {
		if (vr_event_print_json(&ev) < 0)
			vr_err("monitor: out of memory");
	} else {
		vr_event_print(&ev);
	}
	free(ev.ips);
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		mon->write_errno = errno ? errno : EIO;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* SIGINT and SIGTERM end the monitor (exit 0); blocked but while it waits in ppoll() */
static int vr_monitor_signals(sigset_t *wait_mask)
{
	struct sigaction sa = { .sa_handler = vr_monitor_signal };
	sigset_t block;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &block, wait_mask) < 0)
		return -1;
	sigdelset(wait_mask, SIGINT);
	sigdelset(wait_mask, SIGTERM);
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: ppoll() returns at once */
	if (sigaction(SIGINT, &sa, NULL) < 0 || sigaction(SIGTERM, &sa, NULL) < 0)
		return -1;
	return 0;
}

static int vr_monitor_run(const struct vr_ctx *ctx, int argc, char **argv)
{
	const char *what = "monitor";
	struct vr_monitor mon = { .ctx = ctx };
	struct pollfd pfd;
	sigset_t wait_mask;
	struct vr_genl *g;
	int err, ret;

	if (argc) {
		vr_err("%s: unknown argument \"%s\"; try \"vmroam help\"", what, argv[0]);
		return VR_EXIT_USAGE;
	}
	g = vr_connect();
	if (!g)
		return VR_EXIT_FAIL;
	vr_genl_rcvbuf(g, VR_MONITOR_RCVBUF);
	err = vr_genl_join(g, VMROAM_MCGRP_EVENTS);
	if (err == -ENOENT) {
		vr_err("%s: the loaded vmroam module does not support this command (update it)",
		       what);
		vr_genl_free(g);
		return VR_EXIT_FAIL;
	}
	if (err) {
		ret = vr_kernel_err(g, "monitor: cannot join group \"" VMROAM_MCGRP_EVENTS "\"",
				    err);
		vr_genl_free(g);
		return ret;
	}
	if (vr_monitor_signals(&wait_mask) < 0) {
		vr_err("%s: cannot handle signals: %s", what, strerror(errno));
		vr_genl_free(g);
		return VR_EXIT_FAIL;
	}

	pfd.fd = vr_genl_fd(g);
	pfd.events = POLLIN;
	ret = VR_EXIT_OK;
	while (!vr_monitor_stop) {
		if (ppoll(&pfd, 1, NULL, &wait_mask) < 0) {
			if (errno == EINTR)
				continue;
			vr_err("%s: %s", what, strerror(errno));
			ret = VR_EXIT_FAIL;
			break;
		}
		err = vr_genl_recv(g, vr_monitor_cb, &mon);
		if (err == -ENOBUFS) {
			/* the kernel dropped what did not fit: say so, the socket goes on */
			fputs("# events lost (receive buffer overrun)\n", stderr);
			continue;
		}
		if (err == -EBADMSG && mon.write_errno) {
			vr_err("cannot write the output: %s", strerror(mon.write_errno));
			ret = VR_EXIT_FAIL;
			break;
		}
		if (err && err != -EINTR && err != -EAGAIN) {
			ret = vr_kernel_err(g, what, err);
			break;
		}
	}
	vr_genl_free(g);
	return ret;
}

static void vr_monitor_help(FILE *out)
{
	int i;

	fputs("Events (\"monitor\"): one line each, \"TIME EVENT mac MAC vlan VID dev PORT ...\"\n",
	      out);
	for (i = 0; i < __VMROAM_EVENT_MAX; i++) {
		if (vr_event_names[i])
			vr_help_entry(out, vr_event_names[i],
				      vr_event_help[i] ? vr_event_help[i] : "");
	}
}

const struct vr_cmd vr_cmd_monitor = {
	.name		= "monitor",
	.usage		= "monitor",
	.summary	= "print the events of the network namespace as they\n"
			  "happen, one line each (with -j, one JSON object per\n"
			  "line), until interrupted",
	.run		= vr_monitor_run,
	.help_extra	= vr_monitor_help,
};
