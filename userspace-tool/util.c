// SPDX-License-Identifier: GPL-2.0
/* Error reporting and the connection to the kernel module, shared by the commands. */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include <linux/vmroam.h>

#include "genl.h"
#include "json.h"
#include "vmroam.h"

void vr_err(const char *fmt, ...)
{
	const char *where = vr_err_where();
	va_list ap;

	fputs("vmroam: ", stderr);
	if (where)
		fprintf(stderr, "%s: ", where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct vr_genl *vr_connect(void)
{
	struct vr_genl *g;
	int err;

	err = vr_genl_new(&g);
	if (err) {
		vr_err("cannot open a generic netlink socket: %s", strerror(-err));
		return NULL;
	}
	err = vr_genl_resolve(g, VMROAM_GENL_NAME, VMROAM_GENL_VERSION);
	if (!err)
		return g;
	if (err == -ENOENT)
		vr_err("the vmroam kernel module is not loaded (no generic netlink family \"%s\"); "
		       "load it with: modprobe vmroam (or insmod kmod/vmroam.ko)", VMROAM_GENL_NAME);
	else
		vr_kernel_err(g, "cannot resolve generic netlink family \"" VMROAM_GENL_NAME "\"",
			      err);
	vr_genl_free(g);
	return NULL;
}

int vr_kernel_err(const struct vr_genl *g, const char *what, int err)
{
	const char *msg = g ? vr_genl_extack(g) : NULL;
	const char *why = strerror(-err);
	const char *hint = NULL;

	if (err == -EOPNOTSUPP && g && vr_genl_unsupported(g)) {
		/* a module lacks all of a command, so name it alone: "binding", not "binding add" */
		vr_err("%.*s: the loaded vmroam module does not support this command (update it)",
		       (int)strcspn(what, " "), what);
		return VR_EXIT_FAIL;
	}
	if (err == -EPERM || err == -EACCES)
		hint = "needs CAP_NET_ADMIN";
	if (msg && hint)
		vr_err("%s: %s (%s; %s)", what, msg, why, hint);
	else if (msg)
		vr_err("%s: %s (%s)", what, msg, why);
	else if (hint)
		vr_err("%s: %s (%s)", what, why, hint);
	else
		vr_err("%s: %s", what, why);
	return VR_EXIT_FAIL;
}

void vr_kernel_warn(const struct vr_genl *g, const char *what)
{
	const char *msg = vr_genl_extack(g);

	if (msg)
		vr_err("%s: warning: %s", what, msg);
}

int vr_reply_status(const struct vr_genl *g, const char *what, int err, bool nomem,
		    const char *bad, const char *changing)
{
	if (err == -EBADMSG && nomem) {
		vr_err("out of memory");
		return VR_EXIT_FAIL;
	}
	if (err == -EBADMSG && bad[0]) {
		vr_err("%s: bad reply from the kernel: %s", what, bad);
		return VR_EXIT_FAIL;
	}
	if (err == -EINTR && changing) {
		vr_err("%s: the %s kept changing during the dump; try again", what, changing);
		return VR_EXIT_FAIL;
	}
	if (err)
		return vr_kernel_err(g, what, err);
	vr_kernel_warn(g, what);
	return VR_EXIT_OK;
}

void vr_json_ips(struct json_writer *jw, const char *name, const struct vr_ip *ips,
		 unsigned int n, int family)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned int k;

	jsonw_name(jw, name);
	jsonw_start_array(jw);
	for (k = 0; k < n; k++) {
		if (ips[k].family == family)
			jsonw_string(jw, vr_ip_str(&ips[k], buf));
	}
	jsonw_end_array(jw);
}

int vr_nest_ips(const struct nlattr *nest, unsigned int v4_type, unsigned int v6_type,
		struct vr_ip **ips, unsigned int *n)
{
	const struct nlattr *attr;
	struct vr_ip *ip;
	unsigned int count = 0;

	*ips = NULL;
	*n = 0;
	mnl_attr_for_each_nested(attr, nest) {
		unsigned int type = mnl_attr_get_type(attr);

		if (type == v4_type || type == v6_type)
			count++;
	}
	if (!count)
		return 0;
	*ips = calloc(count, sizeof(**ips));
	if (!*ips)
		return -ENOMEM;
	mnl_attr_for_each_nested(attr, nest) {
		unsigned int type = mnl_attr_get_type(attr);

		ip = &(*ips)[*n];
		if (type == v4_type) {
			if (mnl_attr_get_payload_len(attr) != sizeof(ip->v4))
				goto bad;
			ip->family = AF_INET;
			memcpy(&ip->v4, mnl_attr_get_payload(attr), sizeof(ip->v4));
			++*n;
		} else if (type == v6_type) {
			if (mnl_attr_get_payload_len(attr) != sizeof(ip->v6))
				goto bad;
			ip->family = AF_INET6;
			memcpy(&ip->v6, mnl_attr_get_payload(attr), sizeof(ip->v6));
			++*n;
		}
	}
	return 0;

bad:
	free(*ips);
	*ips = NULL;
	*n = 0;
	return -EINVAL;
}

int vr_nest_addr6s(const struct nlattr *nest, unsigned int type, struct vr_addr6 **v,
		   unsigned int *n)
{
	const struct nlattr *atb[VMROAM_A_ADDR6_MAX + 1];
	const struct nlattr *attr;
	struct vr_addr6 *a;
	unsigned int count = 0;

	*v = NULL;
	*n = 0;
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) == type)
			count++;
	}
	if (!count)
		return 0;
	*v = calloc(count, sizeof(**v));
	if (!*v)
		return -ENOMEM;
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) != type)
			continue;
		a = &(*v)[*n];
		memset(atb, 0, sizeof(atb));
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
		    vr_genl_parse_nested(attr, atb, VMROAM_A_ADDR6_MAX) < 0 ||
		    !atb[VMROAM_A_ADDR6_ADDR] ||
		    mnl_attr_get_payload_len(atb[VMROAM_A_ADDR6_ADDR]) != sizeof(a->addr))
			goto bad;
		memcpy(&a->addr, mnl_attr_get_payload(atb[VMROAM_A_ADDR6_ADDR]), sizeof(a->addr));
		if (atb[VMROAM_A_ADDR6_ORIGIN]) {
			if (mnl_attr_validate(atb[VMROAM_A_ADDR6_ORIGIN], MNL_TYPE_U8) < 0)
				goto bad;
			a->origin = mnl_attr_get_u8(atb[VMROAM_A_ADDR6_ORIGIN]);
			a->has_origin = true;
		}
		if (atb[VMROAM_A_ADDR6_VALID]) {
			if (mnl_attr_validate(atb[VMROAM_A_ADDR6_VALID], MNL_TYPE_U32) < 0)
				goto bad;
			a->valid = mnl_attr_get_u32(atb[VMROAM_A_ADDR6_VALID]);
			a->has_valid = true;
		}
		++*n;
	}
	return 0;

bad:
	free(*v);
	*v = NULL;
	*n = 0;
	return -EINVAL;
}

/* the address of @v[0..@nv) that is @ip, or NULL */
static const struct vr_addr6 *vr_addr6_find(const struct vr_addr6 *v, unsigned int nv,
					    const struct vr_ip *ip)
{
	unsigned int k;

	if (ip->family != AF_INET6)
		return NULL;
	for (k = 0; k < nv; k++) {
		if (memcmp(&v[k].addr, &ip->v6, sizeof(ip->v6)) == 0)
			return &v[k];
	}
	return NULL;
}

int vr_ips_add_addr6s(struct vr_ip **ips, unsigned int *n, const struct vr_addr6 *v,
		      unsigned int nv)
{
	unsigned int k, j;
	struct vr_ip *p, ip;

	if (!nv)
		return 0;
	p = reallocarray(*ips, *n + nv, sizeof(**ips));
	if (!p)
		return -ENOMEM;
	*ips = p;
	for (k = 0; k < nv; k++) {
		memset(&ip, 0, sizeof(ip));
		ip.family = AF_INET6;
		ip.v6 = v[k].addr;
		for (j = 0; j < *n && !vr_ip_equal(&p[j], &ip); j++)
			;
		if (j == *n)
			p[(*n)++] = ip;
	}
	return 0;
}

const char *vr_ip_addr6_str(const struct vr_ip *ip, const struct vr_addr6 *v, unsigned int nv,
			    char *buf)
{
	const struct vr_addr6 *a = vr_addr6_find(v, nv, ip);
	char origin[16];
	size_t len;

	vr_ip_str(ip, buf);
	if (!a || (!a->has_origin && !a->has_valid))
		return buf;
	len = strlen(buf);
	if (a->has_origin)
		vr_names_str(&vr_origins, a->origin, origin, sizeof(origin));
	if (a->has_origin && a->has_valid)
		snprintf(buf + len, VR_ADDR6_STRLEN - len, " (%s, %" PRIu32 "s)", origin, a->valid);
	else if (a->has_origin)
		snprintf(buf + len, VR_ADDR6_STRLEN - len, " (%s)", origin);
	else
		snprintf(buf + len, VR_ADDR6_STRLEN - len, " (%" PRIu32 "s)", a->valid);
	return buf;
}

void vr_json_addr6s(struct json_writer *jw, const struct vr_addr6 *v, unsigned int nv)
{
	char buf[INET6_ADDRSTRLEN], origin[16];
	unsigned int k;

	if (!nv)
		return;
	jsonw_name(jw, "ipv6_addrs");
	jsonw_start_array(jw);
	for (k = 0; k < nv; k++) {
		jsonw_start_object(jw);
		inet_ntop(AF_INET6, &v[k].addr, buf, sizeof(buf));
		jsonw_string_field(jw, "addr", buf);
		if (v[k].has_origin) {
			/* a string even when unknown: "9", as the binding's "origin" */
			vr_names_str(&vr_origins, v[k].origin, origin, sizeof(origin));
			jsonw_string_field(jw, "origin", origin);
		}
		if (v[k].has_valid)
			jsonw_u64_field(jw, "valid", v[k].valid);
		jsonw_end_object(jw);
	}
	jsonw_end_array(jw);
}

void vr_help_entry(FILE *out, const char *name, const char *help)
{
	size_t len;

	fprintf(out, "  %-21s ", name);
	for (;;) {
		len = strcspn(help, "\n");
		fprintf(out, "%.*s\n", (int)len, help);
		if (!help[len])
			return;
		help += len + 1;
		fprintf(out, "%24s", "");
	}
}

int vr_request_ack(struct vr_genl *g, const char *what, struct nlmsghdr *nlh)
{
	int err = vr_genl_talk(g, nlh, NULL, NULL), ret;

	if (err) {
		ret = vr_kernel_err(g, what, err);
	} else {
		vr_kernel_warn(g, what);
		ret = VR_EXIT_OK;
	}
	vr_genl_free(g);
	return ret;
}
