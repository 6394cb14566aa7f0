/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Normalisation policy: which actions (enum vmroam_action) a frame of each type may trigger, and
 * the decision for one frame given what it showed. Pure core, no kernel headers.
 */
#ifndef VR_CORE_POLICY_H
#define VR_CORE_POLICY_H

#include <linux/vmroam.h>

#define VR_ACT_FDB	(1U << VMROAM_ACTION_FDB)
#define VR_ACT_NEIGH	(1U << VMROAM_ACTION_NEIGH)
#define VR_ACT_LEARN	(1U << VMROAM_ACTION_LEARN)

/* the defaults: every type that carries the VM's own source MAC does everything */
unsigned int vr_policy_default(int type);

/*
 * May a frame of this type teach the binding its sender IP? Not probes and DAD: their sender
 * address is not (yet) theirs.
 */
int vr_type_learns_ip(int type);

/* "fdb,neigh,learn", "none" or "all" into a mask; returns 0, or -1 naming nothing valid */
int vr_actions_parse(const char *s, unsigned int *mask);

/* the mask as "fdb,neigh,learn" or "none"; returns the length written (without the NUL) */
int vr_actions_format(unsigned int mask, char *buf, unsigned int size);

/* What a frame showed about a VM it speaks for. */
struct vr_observation {
	unsigned char known;		/* its MAC has a binding */
	unsigned char moved;		/* ... on another port than the frame's */
	unsigned char ip_moved;		/* its IP is bound to another MAC */
};

/*
 * The actions to take: the FDB and the neighbour cache only when the frame shows a move, of a
 * known MAC to another port or of a known IP to this MAC; learning (creating or refreshing the
 * binding) whenever the policy allows it.
 */
unsigned int vr_decide(unsigned int allowed, const struct vr_observation *obs);

#endif /* VR_CORE_POLICY_H */
