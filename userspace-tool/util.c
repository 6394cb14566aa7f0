// SPDX-License-Identifier: GPL-2.0
/* Error reporting and the connection to the kernel module, shared by the commands. */
#include <errno.h>
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
	va_list ap;

	fputs("vmroam: ", stderr);
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
