/* SPDX-License-Identifier: GPL-2.0 */
/* The "vmroam" generic netlink family (commands and attributes: uapi/linux/vmroam.h). */
#ifndef _VMROAM_NETLINK_H
#define _VMROAM_NETLINK_H

#include <net/genetlink.h>

struct vmroam_binding_addrs;

int vmroam_netlink_init(void);
void vmroam_netlink_exit(void);

/* events (event.c): is anyone listening in @net, the message header, the multicast */
bool vmroam_nl_has_listeners(struct net *net);
void *vmroam_nl_event_put(struct sk_buff *msg);
void vmroam_nl_event_send(struct net *net, struct sk_buff *msg);

/* ---- shared by netlink.c and netlink_migrate.c ---- */

extern struct genl_family vmroam_genl_family;

/*
 * The repeated address attributes @type4 and @type6 of @nest into @a, and the nests of
 * enum vmroam_addr6_attr @type_addr6 (0: none taken) as IPv6 addresses with their origin and
 * lifetime: at most 4 IPv4 and 8 IPv6 (E2BIG, said in @extack, beyond)
 */
int vmroam_nl_parse_addrs(const struct nlattr *nest, int type4, int type6, int type_addr6,
			  struct vmroam_binding_addrs *a, struct netlink_ext_ack *extack);

/* the IPv6 addresses of @a that have an origin, as nests @type of enum vmroam_addr6_attr */
int vmroam_nl_put_addrs6(struct sk_buff *msg, int type, const struct vmroam_binding_addrs *a);

/*
 * The bridge port of @net that @attr (u32 ifindex) names, RTNL held, and in *@vid the VLAN that
 * @vlan_attr (u16, may be NULL) names on it: by default the one its untagged frames belong to;
 * NULL (said in @extack) when it is not a bridge port, or the bridge would never assign that
 * VLAN to the port's frames (a non-filtering bridge: only 0; a filtering one: its VLANs).
 */
struct net_device *vmroam_nl_port_rtnl(struct net *net, const struct nlattr *attr,
				       const struct nlattr *vlan_attr, u16 *vid,
				       struct netlink_ext_ack *extack);

/*
 * A dump's walk over the devices of @net in ifindex order, which a cursor can resume even when
 * devices come and go meanwhile (the device list is not in that order): the first device from
 * @ifindex on, or NULL. rcu_read_lock() held.
 */
struct net_device *vmroam_nl_next_dev_rcu(struct net *net, long ifindex);

/* handlers of netlink_migrate.c */
int vmroam_nl_new_migration_doit(struct sk_buff *skb, struct genl_info *info);
int vmroam_nl_del_migration_doit(struct sk_buff *skb, struct genl_info *info);
int vmroam_nl_get_migration_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vmroam_nl_migrate_out_doit(struct sk_buff *skb, struct genl_info *info);
int vmroam_nl_new_gateway_doit(struct sk_buff *skb, struct genl_info *info);
int vmroam_nl_del_gateway_doit(struct sk_buff *skb, struct genl_info *info);
int vmroam_nl_get_gateway_doit(struct sk_buff *skb, struct genl_info *info);
int vmroam_nl_get_gateway_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

/* handlers of netlink_security.c */
int vmroam_nl_set_port_doit(struct sk_buff *skb, struct genl_info *info);
int vmroam_nl_get_port_doit(struct sk_buff *skb, struct genl_info *info);
int vmroam_nl_get_port_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vmroam_nl_set_bridge_doit(struct sk_buff *skb, struct genl_info *info);
int vmroam_nl_get_bridge_doit(struct sk_buff *skb, struct genl_info *info);
int vmroam_nl_get_bridge_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vmroam_nl_unfreeze_doit(struct sk_buff *skb, struct genl_info *info);

extern const struct nla_policy vmroam_binding_nl_policy[];
extern const struct nla_policy vmroam_port_nl_policy[];
extern const struct nla_policy vmroam_migration_nl_policy[];
extern const struct nla_policy vmroam_gateway_nl_policy[];

#endif /* _VMROAM_NETLINK_H */
