/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU frame counters, per network namespace and per bridge port. */
#ifndef _VMROAM_STATS_H
#define _VMROAM_STATS_H

#include <linux/atomic.h>
#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>
#include <linux/vmroam.h>

struct vmroam_stats {
	u64_stats_t frames[VMROAM_FT_COUNT];
	u64_stats_t drops[VMROAM_DROP_COUNT];	/* by port security, per reason */
	struct u64_stats_sync syncp;
};

/* a consistent sum over every CPU, for netlink */
struct vmroam_stats_sum {
	u64 frames[VMROAM_FT_COUNT];
	u64 drops[VMROAM_DROP_COUNT];
};

/* the latest and the largest duration of something rare (an FDB move, a neighbour update) */
struct vmroam_latency {
	atomic64_t last;
	atomic64_t max;
};

void vmroam_latency_record(struct vmroam_latency *l, u64 ns);

struct vmroam_stats __percpu *vmroam_stats_alloc(void);
void vmroam_stats_free(struct vmroam_stats __percpu *stats);
void vmroam_stats_fold(const struct vmroam_stats __percpu *stats, struct vmroam_stats_sum *sum);

/* softirq, or process context with BH off: the bridge receive path */
static inline void vmroam_stats_count(struct vmroam_stats __percpu *stats, int type)
{
	struct vmroam_stats *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->frames[type]);
	u64_stats_update_end(&s->syncp);
}

/* a frame port security dropped for @reason; same context as vmroam_stats_count() */
static inline void vmroam_stats_drop(struct vmroam_stats __percpu *stats, int reason)
{
	struct vmroam_stats *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[reason]);
	u64_stats_update_end(&s->syncp);
}

#endif /* _VMROAM_STATS_H */
