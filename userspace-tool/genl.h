/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink over libmnl: a socket bound to one family, requests, acks and dumps, with the
 * kernel's extended ack message kept for error reports.
 */
#ifndef VMROAM_GENL_H
#define VMROAM_GENL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct vr_genl;

/* open and bind a NETLINK_GENERIC socket with extended acks; 0 or -errno */
int vr_genl_new(struct vr_genl **gp);

void vr_genl_free(struct vr_genl *g);

/*
 * Look up @family with CTRL_CMD_GETFAMILY; later requests go to it with genl version @version.
 * The operations the family lists are kept: see vr_genl_unsupported().
 * 0 or -errno: -ENOENT when the kernel has no such family.
 */
int vr_genl_resolve(struct vr_genl *g, const char *family, uint8_t version);

/*
 * Join the multicast group @group of the family vr_genl_resolve() found: its notifications come
 * to vr_genl_recv(). 0; -ENOENT when the family has no such group; or the -errno of the socket.
 */
int vr_genl_join(struct vr_genl *g, const char *group);

/*
 * Ask for a receive buffer of @bytes, for notifications that come in bursts: beyond
 * net.core.rmem_max only with CAP_NET_ADMIN, else capped there. Best effort, never fails.
 */
void vr_genl_rcvbuf(struct vr_genl *g, int bytes);

/* the socket, to poll() for notifications */
int vr_genl_fd(const struct vr_genl *g);

/*
 * Read one datagram of notifications (blocking) and pass each message of the resolved family to
 * @cb, as vr_genl_talk() does. 0; -EBADMSG when @cb failed; or the -errno of the socket:
 * -ENOBUFS when the receive buffer overran and notifications were lost (the socket stays
 * usable), -EINTR when a signal came first.
 */
int vr_genl_recv(struct vr_genl *g, mnl_cb_t cb, void *data);

/*
 * Start a request @cmd of the resolved family in @g's send buffer, with @flags (NLM_F_REQUEST is
 * always added). Append attributes with mnl_attr_put*() and pass it to vr_genl_talk().
 */
struct nlmsghdr *vr_genl_request(struct vr_genl *g, uint8_t cmd, uint16_t flags);

/*
 * Send @nlh and read the answer until its ack (NLM_F_ACK), NLMSG_DONE (NLM_F_DUMP) or an error.
 * @cb, if not NULL, sees each data message; it returns MNL_CB_OK to go on, MNL_CB_STOP to stop
 * and MNL_CB_ERROR to fail (keeping the reason in @data).
 *
 * Returns 0; -EBADMSG when @cb failed; or the -errno of the kernel (then vr_genl_extack() tells
 * the kernel's message, if any) or of the socket.
 */
int vr_genl_talk(struct vr_genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

/*
 * The extended ack message of the last vr_genl_talk()/vr_genl_resolve(): the reason of an error
 * or a warning of a successful ack. NULL if the kernel sent none.
 */
const char *vr_genl_extack(const struct vr_genl *g);

/*
 * Whether the last vr_genl_talk() failed (-EOPNOTSUPP) because the family lacks the command, or
 * lacks it as a dump or as a plain request: the operations the family listed do not include it
 * (then nothing was sent), or the family listed none and the kernel refused the command without
 * a message. A kernel module older than the CLI, typically.
 */
bool vr_genl_unsupported(const struct vr_genl *g);

/*
 * Index the attributes of a generic netlink message (after its genlmsghdr) or of a nest into
 * @tb[0..@max], which the caller zeroes; attributes of a type above @max are skipped, as are
 * those a newer kernel adds. 0, or -1 when the message is too short.
 */
int vr_genl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb, unsigned int max);
int vr_genl_parse_nested(const struct nlattr *nest, const struct nlattr **tb, unsigned int max);

#endif /* VMROAM_GENL_H */
