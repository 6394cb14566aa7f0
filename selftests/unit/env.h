/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace environment of the classifier core: a struct vr_frame built from the raw bytes of
 * an Ethernet frame as the kernel's bridge would see it, and the vr_env_* functions.
 *
 * The bytes after the EtherType are copied into a heap block of exactly their size, so that a read
 * past the end is caught by valgrind and ASan even if the core ignored vr_env_read()'s answer.
 * Reads within cfg->headlen bytes return a pointer into the frame (the linear part of an skb);
 * reads reaching beyond it are copied into the caller's buffer (skb_copy_bits on a non-linear
 * skb), which catches a buffer smaller than the read under ASan.
 */
#ifndef SELFTESTS_UNIT_ENV_H
#define SELFTESTS_UNIT_ENV_H

#include <stddef.h>
#include <stdint.h>

#include "classify.h"

enum env_vlan_mode {
	ENV_VLAN_INBAND,	/* mode A: a tag stays in the data, proto is its TPID */
	ENV_VLAN_STRIP,		/* mode B: the outer tag goes to vlan_present/vlan_tci */
};

struct env_cfg {
	const uint8_t (*local_ip4)[4];	/* the addresses of "this host" */
	int n_local_ip4;
	const uint8_t (*local_mac)[6];
	int n_local_mac;
	int ip4_answer;			/* -1: look in the list; 0 or 1: always that */
	int mac_answer;
	size_t headlen;			/* linear part: SIZE_MAX for all of it, 0 for none */
};

/* local 10.0.0.1 and 02:00:00:00:00:01 (frame_ip_local, frame_mac_local), all linear */
extern const struct env_cfg env_default_cfg;

struct env_frame {
	struct vr_frame f;
	uint8_t *eth;		/* 12 bytes, heap */
	uint8_t *data;		/* f.len bytes, heap */
	const struct env_cfg *cfg;
	/* what the core did */
	unsigned int reads;	/* vr_env_read() calls */
	unsigned int failed;	/* ... that returned NULL */
	unsigned int copied;	/* ... that copied into the caller's buffer */
	uint32_t max_end;	/* the furthest byte read + 1 */
	unsigned int ip4_queries, mac_queries;
};

/*
 * Describe the @len bytes of @frame as the bridge sees them. In ENV_VLAN_STRIP mode an outer
 * 802.1Q or 802.1ad tag is taken out like skb_vlan_untag() does; a frame too short for the tag
 * and the 2 bytes after it (under 20 bytes) keeps it in band: the kernel would have dropped it,
 * and the core must cope anyway. Returns 0, or -1 for a frame shorter than an Ethernet header or
 * out of memory.
 */
int env_frame_init(struct env_frame *ef, const struct env_cfg *cfg, const void *frame, size_t len,
		   enum env_vlan_mode mode);
void env_frame_free(struct env_frame *ef);

/* build + classify + free in one go; returns vr_classify()'s result, or -2 on env failure */
/* env_classify() when the frame could not be set up (not a classification) */
#define ENV_FAILURE	(-99)

int env_classify(const struct env_cfg *cfg, const void *frame, size_t len,
		 enum env_vlan_mode mode, struct vr_pkt *pkt, struct env_frame *stats);

#endif /* SELFTESTS_UNIT_ENV_H */
