// SPDX-License-Identifier: GPL-2.0
/* The generic cell rate algorithm (see ratelimit.h). */
#include "ratelimit.h"

#define VR_NSEC_PER_SEC	1000000000ULL

int vr_gcra_take(struct vr_gcra *g, unsigned long long now, unsigned int rate, unsigned int burst,
		 unsigned long long *wait)
{
	unsigned long long interval, tolerance, tat;

	if (!rate) {
		if (wait)
			*wait = VR_NSEC_PER_SEC;
		return 0;
	}
	interval = VR_NSEC_PER_SEC / rate;
	/* a burst of N frames may arrive together: N - 1 intervals ahead of the schedule */
	tolerance = burst > 1 ? (unsigned long long)(burst - 1) * interval : 0;
	tat = g->tat > now ? g->tat : now;
	if (tat - now > tolerance) {
		if (wait)
			*wait = tat - now - tolerance;
		return 0;
	}
	g->tat = tat + interval;
	return 1;
}
