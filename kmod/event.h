/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events: what happened to bindings and migrations, multicast on the family's "events" group
 * (enum vmroam_event_type) for "vmroam monitor" and the management plane.
 */
#ifndef _VMROAM_EVENT_H
#define _VMROAM_EVENT_H

#include <linux/ratelimit_types.h>
#include <linux/types.h>

#include "binding.h"

struct vmroam_net;

struct vmroam_event {
	u8 type;				/* enum vmroam_event_type */
	u8 origin;				/* enum vmroam_origin + 1; 0: none */
	bool sanction;				/* expired: a sanction, not a binding */
	u8 reason;				/* violation: enum vmroam_drop_reason */
	struct vmroam_binding_key key;
	int ifindex;
	int from_ifindex;			/* moved: 0 when it had no port */
	const struct vmroam_binding_addrs *addrs;	/* may be NULL */
	u64 activated;				/* migrated: ns from sanction to activation */
	u64 announced;				/* ... to the first announcement */
	/* violation: the port's own budget (violation_rate), before the namespace's */
	struct ratelimit_state *port_rs;
};

/*
 * Send @ev to the listeners of @vn's namespace, if any. Any context (GFP_ATOMIC). At most
 * event_rate events a second per namespace: beyond that, and when out of memory, an event is
 * counted in vn->events_dropped instead, so a flood cannot flood the listeners too.
 */
void vmroam_event(struct vmroam_net *vn, const struct vmroam_event *ev);

void vmroam_event_init_net(struct vmroam_net *vn);

/* a port's budget of violation events */
void vmroam_event_port_rs_init(struct ratelimit_state *rs);

#endif /* _VMROAM_EVENT_H */
