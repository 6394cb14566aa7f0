/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A rate limit with a burst, as the generic cell rate algorithm (GCRA) states it: one number of
 * state, the theoretical arrival time of the next frame. Pure core, no kernel headers; times in
 * nanoseconds of any monotonic clock.
 */
#ifndef VR_CORE_RATELIMIT_H
#define VR_CORE_RATELIMIT_H

struct vr_gcra {
	unsigned long long tat;		/* zero: a full burst is available */
};

/*
 * May one frame go at @now, at @rate frames per second with bursts of @burst frames? On yes the
 * frame is accounted for; on no, *@wait (when not NULL) is how long until one may. A @rate of zero
 * lets nothing go (*@wait is then a second).
 */
int vr_gcra_take(struct vr_gcra *g, unsigned long long now, unsigned int rate, unsigned int burst,
		 unsigned long long *wait);

#endif /* VR_CORE_RATELIMIT_H */
