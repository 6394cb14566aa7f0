// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU frame counters. Writers are the bridge hook on each CPU, so a counter never needs a lock
 * or an atomic; readers (netlink) add up every CPU under the u64_stats seqcount, which costs
 * nothing on 64-bit and keeps 32-bit readers from seeing torn values.
 */
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/string.h>

#include "stats.h"

struct vmroam_stats __percpu *vmroam_stats_alloc(void)
{
	struct vmroam_stats __percpu *stats;
	int cpu;

	stats = alloc_percpu(struct vmroam_stats);
	if (!stats)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return stats;
}

void vmroam_stats_free(struct vmroam_stats __percpu *stats)
{
	free_percpu(stats);
}

void vmroam_stats_fold(const struct vmroam_stats __percpu *stats, struct vmroam_stats_sum *sum)
{
	int cpu, t;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct vmroam_stats *s = per_cpu_ptr(stats, cpu);
		u64 frames[VMROAM_FT_COUNT], drops[VMROAM_DROP_COUNT];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (t = 0; t < VMROAM_FT_COUNT; t++)
				frames[t] = u64_stats_read(&s->frames[t]);
			for (t = 0; t < VMROAM_DROP_COUNT; t++)
				drops[t] = u64_stats_read(&s->drops[t]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (t = 0; t < VMROAM_FT_COUNT; t++)
			sum->frames[t] += frames[t];
		for (t = 0; t < VMROAM_DROP_COUNT; t++)
			sum->drops[t] += drops[t];
	}
}

void vmroam_latency_record(struct vmroam_latency *l, u64 ns)
{
	s64 max = atomic64_read(&l->max);

	atomic64_set(&l->last, ns);
	while ((u64)max < ns) {
		s64 seen = atomic64_cmpxchg(&l->max, max, ns);

		if (seen == max)
			break;
		max = seen;
	}
}
