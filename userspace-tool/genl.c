// SPDX-License-Identifier: GPL-2.0
/* Generic netlink over libmnl: see genl.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include "genl.h"

#define VR_GENL_SBUF	8192	/* requests are small */
#define VR_GENL_RBUF	32768	/* the kernel fills dump skbs up to 32 KiB */
#define VR_GENL_EXTACK	256
#define VR_GENL_NCMDS	256	/* genlmsghdr.cmd is a u8 */
#define VR_GENL_NGROUPS	16	/* multicast groups of a family kept; more are ignored */

/* a multicast group of the family, from CTRL_ATTR_MCAST_GROUPS */
struct vr_genl_group {
	uint32_t id;
	char name[GENL_NAMSIZ];
};

struct vr_genl {
	struct mnl_socket *nl;
	unsigned int portid;
	unsigned int seq;
	uint16_t family;	/* 0 until vr_genl_resolve() */
	uint8_t version;
	bool ops_known;		/* the family listed its operations: op_caps holds them */
	bool unsupported;	/* see vr_genl_unsupported() */
	uint8_t op_caps[VR_GENL_NCMDS];	/* GENL_CMD_CAP_DO/_DUMP of each command */
	unsigned int n_groups;
	struct vr_genl_group groups[VR_GENL_NGROUPS];
	char extack[VR_GENL_EXTACK];
	char sbuf[VR_GENL_SBUF] __attribute__((aligned(8)));
	char rbuf[VR_GENL_RBUF] __attribute__((aligned(8)));
};

/* one vr_genl_talk() */
struct vr_genl_req {
	struct vr_genl *g;
	mnl_cb_t cb;
	void *data;
	int err;		/* positive errno the kernel answered */
	bool cb_failed;
};

int vr_genl_new(struct vr_genl **gp)
{
	struct vr_genl *g;
	int one = 1, err;

	*gp = NULL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!g->nl)
		goto fail;
	if (mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	/* older kernels lack these options: then errors come without a message, which is fine */
	mnl_socket_setsockopt(g->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(g->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	g->portid = mnl_socket_get_portid(g->nl);
	g->seq = (unsigned int)time(NULL);
	*gp = g;
	return 0;

fail:
	err = errno ? -errno : -EIO;
	vr_genl_free(g);
	return err;
}

void vr_genl_free(struct vr_genl *g)
{
	if (!g)
		return;
	if (g->nl)
		mnl_socket_close(g->nl);
	free(g);
}

const char *vr_genl_extack(const struct vr_genl *g)
{
	return g->extack[0] ? g->extack : NULL;
}

bool vr_genl_unsupported(const struct vr_genl *g)
{
	return g->unsupported;
}

/* can the resolved family run @nlh's command as it asks (a dump or not)? true when unknown */
static bool vr_genl_has_op(const struct vr_genl *g, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	uint8_t need = GENL_CMD_CAP_DO;

	if (!g->ops_known || nlh->nlmsg_type != g->family)
		return true;
	if ((nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
		need = GENL_CMD_CAP_DUMP;
	return g->op_caps[genl->cmd] & need;
}

static struct nlmsghdr *vr_genl_msg(struct vr_genl *g, uint16_t family, uint8_t cmd,
				    uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	nlh = mnl_nlmsg_put_header(g->sbuf);
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++g->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

struct nlmsghdr *vr_genl_request(struct vr_genl *g, uint8_t cmd, uint16_t flags)
{
	return vr_genl_msg(g, g->family, cmd, g->version, flags);
}

/* keep NLMSGERR_ATTR_MSG of an ack/error/done message whose TLVs start at payload @offset */
static void vr_genl_keep_extack(struct vr_genl *g, const struct nlmsghdr *nlh, size_t offset)
{
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || offset > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_for_each(attr, nlh, offset) {
		if (mnl_attr_get_type(attr) != NLMSGERR_ATTR_MSG ||
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			continue;
		snprintf(g->extack, sizeof(g->extack), "%s", mnl_attr_get_str(attr));
		/* the kernel's messages end without a newline, but be sure */
		g->extack[strcspn(g->extack, "\n")] = '\0';
		return;
	}
}

static int vr_genl_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vr_genl_req *req = data;
	int ret;

	if (!req->cb)
		return MNL_CB_OK;
	ret = req->cb(nlh, req->data);
	if (ret == MNL_CB_ERROR)
		req->cb_failed = true;
	return ret;
}

static int vr_genl_noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static int vr_genl_error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vr_genl_req *req = data;
	const struct nlmsgerr *e;
	size_t offset;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		req->err = EBADMSG;
		return MNL_CB_ERROR;
	}
	e = mnl_nlmsg_get_payload(nlh);
	offset = sizeof(*e);
	/* the request follows, whole unless the kernel capped it */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len >= sizeof(e->msg))
		offset += e->msg.nlmsg_len - sizeof(e->msg);
	vr_genl_keep_extack(req->g, nlh, offset);
	if (e->error == 0)
		return MNL_CB_STOP;	/* the ack */
	/* the kernel sends -errno; anything else is broken but must not read as success */
	req->err = e->error < 0 ? -e->error : EPROTO;
	return MNL_CB_ERROR;
}

static int vr_genl_done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vr_genl_req *req = data;
	int error;

	/* a dump may end with an error of its own */
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(error))
		return MNL_CB_STOP;
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	vr_genl_keep_extack(req->g, nlh, sizeof(error));
	if (error == 0)
		return MNL_CB_STOP;
	req->err = error < 0 ? -error : EPROTO;
	return MNL_CB_ERROR;
}

static int vr_genl_overrun_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vr_genl_req *req = data;

	(void)nlh;
	req->err = ENOSPC;
	return MNL_CB_ERROR;
}

int vr_genl_talk(struct vr_genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_NOOP]	= vr_genl_noop_cb,
		[NLMSG_ERROR]	= vr_genl_error_cb,
		[NLMSG_DONE]	= vr_genl_done_cb,
		[NLMSG_OVERRUN]	= vr_genl_overrun_cb,
	};
	struct vr_genl_req req = { .g = g, .cb = cb, .data = data };
	unsigned int seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	g->extack[0] = '\0';
	g->unsupported = false;
	/* the kernel would answer EOPNOTSUPP too, but without saying that this is the reason */
	if (!vr_genl_has_op(g, nlh)) {
		g->unsupported = true;
		return -EOPNOTSUPP;
	}
	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(g->nl, g->rbuf, sizeof(g->rbuf));
		if (n < 0)
			return -errno;
		errno = 0;
		ret = mnl_cb_run2(g->rbuf, n, seq, g->portid, vr_genl_data_cb, &req, ctl,
				  NLMSG_MIN_TYPE);
		/*
		 * genetlink refuses a command the family lacks with a bare EOPNOTSUPP; the
		 * family's own EOPNOTSUPPs come with a message, or for a command it listed
		 */
		if (req.err == EOPNOTSUPP && !g->ops_known && !g->extack[0])
			g->unsupported = true;
		if (req.err)
			return -req.err;
		if (req.cb_failed)
			return -EBADMSG;
		if (ret < 0)	/* from libmnl: a foreign message, an interrupted dump... */
			return errno ? -errno : -EPROTO;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

struct vr_genl_tb {
	const struct nlattr **tb;
	unsigned int max;
};

static int vr_genl_attr_cb(const struct nlattr *attr, void *data)
{
	struct vr_genl_tb *t = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type <= t->max)
		t->tb[type] = attr;
	return MNL_CB_OK;
}

int vr_genl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb, unsigned int max)
{
	struct vr_genl_tb t = { .tb = tb, .max = max };

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return -1;
	return mnl_attr_parse(nlh, GENL_HDRLEN, vr_genl_attr_cb, &t) < 0 ? -1 : 0;
}

int vr_genl_parse_nested(const struct nlattr *nest, const struct nlattr **tb, unsigned int max)
{
	struct vr_genl_tb t = { .tb = tb, .max = max };

	return mnl_attr_parse_nested(nest, vr_genl_attr_cb, &t) < 0 ? -1 : 0;
}

struct vr_genl_family {
	uint16_t id;
	bool ops_known;
	uint8_t op_caps[VR_GENL_NCMDS];
	unsigned int n_groups;
	struct vr_genl_group groups[VR_GENL_NGROUPS];
};

/*
 * CTRL_ATTR_OPS: one nest per operation { CTRL_ATTR_OP_ID, CTRL_ATTR_OP_FLAGS }. Only a help to
 * tell an old module from a failure, so a list that does not parse is ignored, not an error.
 */
static void vr_genl_family_ops(struct vr_genl_family *f, const struct nlattr *ops)
{
	const struct nlattr *op;

	if (mnl_attr_validate(ops, MNL_TYPE_NESTED) < 0)
		return;
	mnl_attr_for_each_nested(op, ops) {
		const struct nlattr *tb[CTRL_ATTR_OP_MAX + 1] = {};
		const struct nlattr *id, *flags;
		uint32_t cmd;

		if (mnl_attr_validate(op, MNL_TYPE_NESTED) < 0 ||
		    vr_genl_parse_nested(op, tb, CTRL_ATTR_OP_MAX) < 0)
			goto bad;
		id = tb[CTRL_ATTR_OP_ID];
		flags = tb[CTRL_ATTR_OP_FLAGS];
		if (!id || mnl_attr_validate(id, MNL_TYPE_U32) < 0 ||
		    !flags || mnl_attr_validate(flags, MNL_TYPE_U32) < 0)
			goto bad;
		cmd = mnl_attr_get_u32(id);
		if (cmd < VR_GENL_NCMDS)
			f->op_caps[cmd] |= mnl_attr_get_u32(flags) &
					   (GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP);
	}
	f->ops_known = true;
	return;

bad:
	memset(f->op_caps, 0, sizeof(f->op_caps));
}

/*
 * CTRL_ATTR_MCAST_GROUPS: one nest per group { CTRL_ATTR_MCAST_GRP_NAME, _ID }. A group that
 * does not parse is left out: vr_genl_join() then says the family lacks it.
 */
static void vr_genl_family_groups(struct vr_genl_family *f, const struct nlattr *groups)
{
	const struct nlattr *grp;

	if (mnl_attr_validate(groups, MNL_TYPE_NESTED) < 0)
		return;
	mnl_attr_for_each_nested(grp, groups) {
		const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = {};
		const struct nlattr *name, *id;
		struct vr_genl_group *gr;

		if (f->n_groups == VR_GENL_NGROUPS)
			return;
		if (mnl_attr_validate(grp, MNL_TYPE_NESTED) < 0 ||
		    vr_genl_parse_nested(grp, tb, CTRL_ATTR_MCAST_GRP_MAX) < 0)
			continue;
		name = tb[CTRL_ATTR_MCAST_GRP_NAME];
		id = tb[CTRL_ATTR_MCAST_GRP_ID];
		if (!name || mnl_attr_validate(name, MNL_TYPE_NUL_STRING) < 0 ||
		    strlen(mnl_attr_get_str(name)) >= GENL_NAMSIZ ||
		    !id || mnl_attr_validate(id, MNL_TYPE_U32) < 0)
			continue;
		gr = &f->groups[f->n_groups++];
		gr->id = mnl_attr_get_u32(id);
		strcpy(gr->name, mnl_attr_get_str(name));
	}
}

static int vr_genl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = {};
	struct vr_genl_family *f = data;
	const struct nlattr *id;

	if (vr_genl_parse(nlh, tb, CTRL_ATTR_MAX) < 0)
		return MNL_CB_ERROR;
	id = tb[CTRL_ATTR_FAMILY_ID];
	if (!id || mnl_attr_validate(id, MNL_TYPE_U16) < 0)
		return MNL_CB_ERROR;
	f->id = mnl_attr_get_u16(id);
	if (tb[CTRL_ATTR_OPS])
		vr_genl_family_ops(f, tb[CTRL_ATTR_OPS]);
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		vr_genl_family_groups(f, tb[CTRL_ATTR_MCAST_GROUPS]);
	return MNL_CB_OK;
}

int vr_genl_resolve(struct vr_genl *g, const char *family, uint8_t version)
{
	struct vr_genl_family f = { 0 };
	struct nlmsghdr *nlh;
	int err;

	nlh = vr_genl_msg(g, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, family);
	err = vr_genl_talk(g, nlh, vr_genl_family_cb, &f);
	if (err)
		return err;
	if (!f.id)
		return -EPROTO;
	g->family = f.id;
	g->version = version;
	g->ops_known = f.ops_known;
	memcpy(g->op_caps, f.op_caps, sizeof(g->op_caps));
	g->n_groups = f.n_groups;
	memcpy(g->groups, f.groups, sizeof(g->groups));
	return 0;
}

int vr_genl_join(struct vr_genl *g, const char *group)
{
	unsigned int i;
	int id;

	for (i = 0; i < g->n_groups; i++) {
		if (strcmp(g->groups[i].name, group))
			continue;
		id = g->groups[i].id;
		if (mnl_socket_setsockopt(g->nl, NETLINK_ADD_MEMBERSHIP, &id, sizeof(id)) < 0)
			return -errno;
		return 0;
	}
	return -ENOENT;
}

void vr_genl_rcvbuf(struct vr_genl *g, int bytes)
{
	int fd = mnl_socket_get_fd(g->nl);

	/* past net.core.rmem_max with CAP_NET_ADMIN; else the kernel caps it there */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}

int vr_genl_fd(const struct vr_genl *g)
{
	return mnl_socket_get_fd(g->nl);
}

/* a notification: only the resolved family's reach the callback */
static int vr_genl_notify_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vr_genl_req *req = data;

	if (nlh->nlmsg_type != req->g->family)
		return MNL_CB_OK;
	return vr_genl_data_cb(nlh, data);
}

int vr_genl_recv(struct vr_genl *g, mnl_cb_t cb, void *data)
{
	struct vr_genl_req req = { .g = g, .cb = cb, .data = data };
	ssize_t n;
	int ret;

	n = mnl_socket_recvfrom(g->nl, g->rbuf, sizeof(g->rbuf));
	if (n < 0)
		return -errno;
	errno = 0;
	/* notifications carry no sequence number nor port id to check */
	ret = mnl_cb_run(g->rbuf, n, 0, 0, vr_genl_notify_cb, &req);
	if (req.cb_failed)
		return -EBADMSG;
	if (ret < 0)
		return errno ? -errno : -EPROTO;
	return 0;
}
