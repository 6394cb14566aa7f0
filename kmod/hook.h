/* SPDX-License-Identifier: GPL-2.0 */
/* The bridge PRE_ROUTING hook: every frame that enters a bridge port passes here first. */
#ifndef _VMROAM_HOOK_H
#define _VMROAM_HOOK_H

#include <linux/netfilter.h>

unsigned int vmroam_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *state);

#endif /* _VMROAM_HOOK_H */
