/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vmroam: the contract between the kernel module and user space.
 *
 * Everything here is shared by kmod/ (which also compiles it into its pure core) and by the
 * vmroam CLI. It includes nothing, so both sides can use it as it is. Numbers are ABI: append,
 * never renumber.
 */
#ifndef _UAPI_LINUX_VMROAM_H
#define _UAPI_LINUX_VMROAM_H

#define VMROAM_GENL_NAME	"vmroam"
#define VMROAM_GENL_VERSION	1

/*
 * The announcement frame types the bridge hook tells apart. Their names (without the prefix, in
 * lower case: "arp_garp_request", ...) are part of the user interface: the CLI prints them and
 * uses them as JSON keys.
 */
enum vmroam_frame_type {
	VMROAM_FT_ARP_GARP_REQUEST,	/* request, sender IP == target IP != 0 */
	VMROAM_FT_ARP_GARP_REPLY,	/* reply, sender IP == target IP != 0 */
	VMROAM_FT_ARP_PROBE,		/* request from sender IP 0.0.0.0 (RFC 5227) */
	VMROAM_FT_ARP_REQUEST_LOCAL,	/* request for an address of this host */
	VMROAM_FT_ARP_REQUEST_OTHER,	/* request for another host */
	VMROAM_FT_ARP_REPLY_LOCAL,	/* unicast reply to a MAC of this host */
	VMROAM_FT_ARP_REPLY_OTHER,	/* unicast reply to another host */
	VMROAM_FT_ARP_REPLY_BROADCAST,	/* non-gratuitous reply to a group address */
	VMROAM_FT_RARP_REQUEST,		/* RARP opcode 3 (QEMU/VMware self-announce) */
	VMROAM_FT_RARP_REPLY,		/* RARP opcode 4 */
	VMROAM_FT_ND_NS,		/* neighbour solicitation */
	VMROAM_FT_ND_NS_DAD,		/* neighbour solicitation from :: */
	VMROAM_FT_ND_NA_SOLICITED,	/* neighbour advertisement, S flag set */
	VMROAM_FT_ND_NA_UNSOLICITED,	/* neighbour advertisement, S flag clear */
	VMROAM_FT_DHCP_CLIENT,		/* DHCPv4 BOOTREQUEST */
	VMROAM_FT_DHCP_SERVER,		/* DHCPv4 BOOTREPLY */
	VMROAM_FT_MALFORMED,		/* one of the others, truncated or inconsistent */
	/* IPv6 first-hop security (RA guard, DHCPv6 guard); no normalisation policy applies */
	VMROAM_FT_ND_RA,		/* router advertisement (ICMPv6 134) */
	VMROAM_FT_ND_REDIRECT,		/* redirect (ICMPv6 137) */
	VMROAM_FT_DHCP6_CLIENT,		/* DHCPv6 client message, or RELAY-FORW */
	VMROAM_FT_DHCP6_SERVER,		/* DHCPv6 ADVERTISE, REPLY, RECONFIGURE, RELAY-REPL */
	__VMROAM_FT_MAX,
};

#define VMROAM_FT_COUNT	__VMROAM_FT_MAX

/*
 * What a frame may make vmroam do when it shows a known MAC on a new port, or a known IP with a new
 * MAC. A policy maps each frame type to a set of these (bit (1 << action)).
 */
enum vmroam_action {
	VMROAM_ACTION_FDB,		/* move the MAC's bridge FDB entry to the frame's port */
	VMROAM_ACTION_NEIGH,		/* update this host's neighbour entries of the MAC's IPs */
	VMROAM_ACTION_LEARN,		/* update the binding: port, addresses, last seen */
	__VMROAM_ACTION_MAX,
};

#define VMROAM_ACTION_ALL	((1U << __VMROAM_ACTION_MAX) - 1)

/* Where a binding came from. */
enum vmroam_origin {
	VMROAM_ORIGIN_ARP,		/* learnt from ARP/RARP sender fields */
	VMROAM_ORIGIN_ND,		/* learnt from neighbour discovery */
	VMROAM_ORIGIN_STATIC,		/* added by the operator; never ages */
	VMROAM_ORIGIN_MIGRATED,		/* carried here by a sanctioned migration */
	VMROAM_ORIGIN_DHCP,		/* a DHCPACK or DHCPv6 REPLY from a trusted port */
	/*
	 * an IPv6 address this MAC claimed first (DAD, NS or NA) on a port with ND inspection, and
	 * nobody else held: first-come, first-served source address validation (RFC 6620)
	 */
	VMROAM_ORIGIN_SAVI,
	__VMROAM_ORIGIN_MAX,
};

/* What a binding is doing. */
enum vmroam_binding_state {
	VMROAM_BINDING_ACTIVE,		/* the VM is on its port */
	/*
	 * the VM left this host (its port went down or away, or "migrate out"): its FDB entries
	 * are flushed and this host's neighbour entries of its addresses invalidated; the binding
	 * stays for departed_grace seconds so that the MAC, seen again from an uplink, is known
	 * for the VM that moved, not taken for a new one
	 */
	VMROAM_BINDING_DEPARTED,
	__VMROAM_BINDING_STATE_MAX,
};

/* When a sanctioned migration takes effect. */
enum vmroam_activate {
	VMROAM_ACTIVATE_FIRST_FRAME,	/* on the MAC's first frame of any kind at the port */
	VMROAM_ACTIVATE_NOW,		/* when sanctioned: for a VM that will send nothing */
	/* on a RARP, gratuitous ARP or unsolicited NA only: for stacks that leak its MAC early */
	VMROAM_ACTIVATE_ANNOUNCE,
	__VMROAM_ACTIVATE_MAX,
};

/* Where a sanctioned migration is. */
enum vmroam_migration_state {
	VMROAM_MIGRATION_PENDING,	/* sanctioned, waiting for the MAC at the port */
	VMROAM_MIGRATION_ANNOUNCING,	/* activated; announcement rounds under way */
	VMROAM_MIGRATION_DONE,		/* activated, every round sent */
	VMROAM_MIGRATION_EXPIRED,	/* the timeout passed before activation */
	__VMROAM_MIGRATION_STATE_MAX,
};

/* Events of the "events" multicast group (VMROAM_CMD_EVENT). */
enum vmroam_event_type {
	VMROAM_EVENT_NEW,		/* a binding for a MAC never seen (or forgotten) */
	VMROAM_EVENT_MOVED,		/* a binding seen on another port of this host */
	VMROAM_EVENT_MIGRATED,		/* a sanctioned migration activated and announced */
	VMROAM_EVENT_DEPARTED,		/* a binding's VM left this host */
	/* a sanction's timeout passed before activation, or a binding aged out */
	VMROAM_EVENT_EXPIRED,
	VMROAM_EVENT_VIOLATION,		/* port security dropped a frame (VMROAM_A_EVENT_REASON) */
	VMROAM_EVENT_FROZEN,		/* a MAC moved too often: its moves are dropped a while */
	VMROAM_EVENT_RETURNED,		/* a departed binding's VM spoke again from its port */
	__VMROAM_EVENT_MAX,
};

#define VMROAM_MCGRP_EVENTS	"events"

/*
 * Why port security dropped a frame. Their names (without the prefix, in lower case:
 * "dhcp_server", ...) are part of the user interface, as the frame types' are.
 */
enum vmroam_drop_reason {
	VMROAM_DROP_DHCP_SERVER,	/* DHCP server message from an untrusted port (rogue) */
	VMROAM_DROP_DHCP_CHADDR,	/* DHCP client message whose source MAC is not chaddr */
	VMROAM_DROP_ARP_UNBOUND,	/* ARP inspection: sender MAC and IP bound nowhere here */
	VMROAM_DROP_ARP_SRC_MAC,	/* ARP inspection: Ethernet source is not the sender MAC */
	VMROAM_DROP_ARP_BAD_IP,		/* ARP inspection: a sender IP no host may have */
	VMROAM_DROP_ARP_RATE,		/* ARP beyond the port's rate */
	VMROAM_DROP_IP_GUARD,		/* IP source guard: source not bound to the MAC and port */
	VMROAM_DROP_MAC_MOVE,		/* MAC locking: the MAC is bound to another port */
	VMROAM_DROP_MAX_MACS,		/* the port has its max-macs MACs already */
	VMROAM_DROP_FROZEN,		/* the MAC flapped and is frozen: its moves are dropped */
	/* an ARP, RARP, ND or DHCP frame that is truncated or inconsistent (untrusted port) */
	VMROAM_DROP_MALFORMED,
	/*
	 * a frame vmroam cannot see into on a port that guards: stacked VLAN tags, a tag of
	 * another protocol than the bridge's, an EtherType that may carry IP another way
	 */
	VMROAM_DROP_UNPARSED,
	VMROAM_DROP_ND_SRC_MAC,		/* ND link-layer address option: not the Ethernet source */
	VMROAM_DROP_ND_RATE,		/* ND beyond the port's rate */
	/* ND inspection: the source (NS) or target (NA, DAD) address is bound to another MAC */
	VMROAM_DROP_ND_ADDR_TAKEN,
	/* ND inspection: an address the MAC may not claim (the port has its max-addrs already) */
	VMROAM_DROP_ND_UNBOUND,
	VMROAM_DROP_RA_GUARD,		/* a router advertisement from a port with RA guard on */
	VMROAM_DROP_REDIRECT,		/* an ICMPv6 redirect from a port with RA guard on */
	VMROAM_DROP_DHCP6_SERVER,	/* DHCPv6 server message from an untrusted port (rogue) */
	__VMROAM_DROP_MAX,
};

#define VMROAM_DROP_COUNT	__VMROAM_DROP_MAX

/* Commands of the "vmroam" generic netlink family. */
enum vmroam_cmd {
	VMROAM_CMD_UNSPEC,
	/*
	 * doit: without VMROAM_A_IFINDEX, the counters of the caller's network namespace; with it,
	 * those of that bridge port. dumpit: one message per bridge port of the namespace.
	 * Replies carry VMROAM_A_IFINDEX/VMROAM_A_IFNAME (ports only) and VMROAM_A_STATS.
	 */
	VMROAM_CMD_GET_STATS,
	/*
	 * dumpit: the bindings of the namespace, one VMROAM_A_BINDING per message, filtered by
	 * VMROAM_A_IFINDEX and by VMROAM_A_BINDING { _MAC, _IPV4, _IPV6 } when given.
	 */
	VMROAM_CMD_GET_BINDING,
	/*
	 * doit, CAP_NET_ADMIN: a static binding VMROAM_A_BINDING { MAC, IFINDEX, [VLAN], IPs }.
	 * Without VLAN: the port's PVID on a VLAN-filtering bridge, else 0. An existing binding of
	 * that MAC and VLAN becomes static, moves to IFINDEX and gains the addresses
	 * (at most 4 IPv4 and 8 IPv6: E2BIG beyond).
	 */
	VMROAM_CMD_NEW_BINDING,
	/* doit, CAP_NET_ADMIN: remove VMROAM_A_BINDING { MAC, [VLAN] } (no VLAN: in every VLAN) */
	VMROAM_CMD_DEL_BINDING,
	/*
	 * doit: the policy in force, VMROAM_A_POLICY; with VMROAM_A_IFINDEX (a bridge) that
	 * bridge's, else the global defaults (module parameters policy_<type>).
	 */
	VMROAM_CMD_GET_POLICY,
	/*
	 * doit, CAP_NET_ADMIN: set the actions of the types in VMROAM_A_POLICY; with
	 * VMROAM_A_IFINDEX as an override for that bridge (VMROAM_A_POLICY_INHERIT drops the
	 * override), else the global defaults (CAP_NET_ADMIN in the initial user namespace).
	 */
	VMROAM_CMD_SET_POLICY,
	/*
	 * doit, CAP_NET_ADMIN: sanction a migration to this host, VMROAM_A_MIGRATION { MAC,
	 * IFINDEX (the port the VM will appear on), [VLAN], IPs, [TIMEOUT], [ACTIVATE] }. A
	 * sanction of the same MAC and VLAN replaces the one before. Without VLAN: the port's
	 * PVID on a VLAN-filtering bridge, else 0.
	 */
	VMROAM_CMD_NEW_MIGRATION,
	/* doit, CAP_NET_ADMIN: withdraw VMROAM_A_MIGRATION { MAC, [VLAN] } (no VLAN: every VLAN) */
	VMROAM_CMD_DEL_MIGRATION,
	/* dumpit: pending and recent migrations, one VMROAM_A_MIGRATION per message */
	VMROAM_CMD_GET_MIGRATION,
	/*
	 * doit, CAP_NET_ADMIN: the VM VMROAM_A_MIGRATION { MAC, [VLAN] } left this host
	 * ("ARP leave"): its bindings depart (without VLAN: in every VLAN)
	 */
	VMROAM_CMD_MIGRATE_OUT,
	/*
	 * gateways of a bridge, VMROAM_A_IFINDEX (the bridge) and VMROAM_A_GATEWAY { IPV4... }:
	 * announcements send each of them an ARP request from the migrated VM. NEW and DEL
	 * (CAP_NET_ADMIN) add and remove addresses; GET replies with the bridge's list (doit) or
	 * every bridge's (dumpit).
	 */
	VMROAM_CMD_NEW_GATEWAY,
	VMROAM_CMD_DEL_GATEWAY,
	VMROAM_CMD_GET_GATEWAY,
	/* notification only, on the "events" group: VMROAM_A_EVENT */
	VMROAM_CMD_EVENT,
	/*
	 * doit, CAP_NET_ADMIN: port security settings of bridge port VMROAM_A_IFINDEX, those in
	 * VMROAM_A_PORT (the others stay). A port first seen takes the module parameters' defaults.
	 */
	VMROAM_CMD_SET_PORT,
	/* doit (VMROAM_A_IFINDEX) or dumpit (every port): VMROAM_A_IFINDEX, VMROAM_A_PORT */
	VMROAM_CMD_GET_PORT,
	/* doit, CAP_NET_ADMIN: thaw VMROAM_A_BINDING { MAC, [VLAN] } (no VLAN: every VLAN) */
	VMROAM_CMD_UNFREEZE_BINDING,
	/*
	 * doit, CAP_NET_ADMIN: the settings a port takes when it joins bridge
	 * VMROAM_A_IFINDEX, those in VMROAM_A_PORT_DEFAULTS (a bridge without defaults of its
	 * own starts from the module parameters'); VMROAM_A_INHERIT instead: the module
	 * parameters' again. Ports already in the bridge keep theirs.
	 */
	VMROAM_CMD_SET_BRIDGE,
	/*
	 * doit (VMROAM_A_IFINDEX, a bridge) or dumpit (every bridge): VMROAM_A_IFINDEX,
	 * VMROAM_A_IFNAME, VMROAM_A_PORT_DEFAULTS, and VMROAM_A_INHERIT when they are the module
	 * parameters'
	 */
	VMROAM_CMD_GET_BRIDGE,
	__VMROAM_CMD_MAX,
};

#define VMROAM_CMD_MAX	(__VMROAM_CMD_MAX - 1)

/* Top-level attributes. */
enum vmroam_attr {
	VMROAM_A_UNSPEC,
	VMROAM_A_PAD,
	VMROAM_A_IFINDEX,		/* u32: a bridge port of the caller's namespace */
	VMROAM_A_IFNAME,		/* string: its name (replies only) */
	VMROAM_A_STATS,			/* nest: enum vmroam_stats_attr */
	VMROAM_A_BINDING,		/* nest: enum vmroam_binding_attr */
	VMROAM_A_POLICY,		/* nest: VMROAM_A_POLICY_ENTRY, one per frame type */
	VMROAM_A_MIGRATION,		/* nest: enum vmroam_migration_attr */
	VMROAM_A_GATEWAY,		/* nest: VMROAM_A_GATEWAY_IPV4, repeated */
	VMROAM_A_EVENT,			/* nest: enum vmroam_event_attr */
	VMROAM_A_PORT,			/* nest: enum vmroam_port_attr */
	VMROAM_A_PORT_DEFAULTS,		/* nest: enum vmroam_port_attr, of a bridge's new ports */
	VMROAM_A_INHERIT,		/* flag: the module parameters' port defaults */
	__VMROAM_A_MAX,
};

#define VMROAM_A_MAX	(__VMROAM_A_MAX - 1)

/* Inside VMROAM_A_STATS. */
enum vmroam_stats_attr {
	VMROAM_A_STATS_UNSPEC,
	VMROAM_A_STATS_PAD,
	/*
	 * nest: frames seen per type; attribute type (enum vmroam_frame_type + 1) holds a u64,
	 * type 0 is padding. Types a newer kernel adds appear as attributes an older CLI does
	 * not know: skip them.
	 */
	VMROAM_A_STATS_FRAMES,
	VMROAM_A_STATS_BINDINGS,		/* u32: bindings in the table now */
	VMROAM_A_STATS_BINDINGS_REFUSED,	/* u64: not learnt, the table was full */
	VMROAM_A_STATS_FDB_MOVES,		/* u64: FDB entries moved by vmroam */
	VMROAM_A_STATS_NEIGH_UPDATES,		/* u64: neighbour entries updated or created */
	/* u64, nanoseconds from the frame's arrival to the update: latest and largest */
	VMROAM_A_STATS_FDB_LATENCY_LAST,
	VMROAM_A_STATS_FDB_LATENCY_MAX,
	VMROAM_A_STATS_NEIGH_LATENCY_LAST,
	VMROAM_A_STATS_NEIGH_LATENCY_MAX,
	VMROAM_A_STATS_MIGRATIONS,		/* u64: sanctioned migrations activated */
	VMROAM_A_STATS_DEPARTURES,		/* u64: bindings that departed */
	VMROAM_A_STATS_ANNOUNCE_SENT,		/* u64: announcement frames sent */
	/* u64: announcement frames dropped (a port's queue was full or the port went away) */
	VMROAM_A_STATS_ANNOUNCE_DROPPED,
	VMROAM_A_STATS_EVENTS_DROPPED,		/* u64: events not sent (rate limit, memory) */
	/*
	 * nest: frames dropped by port security per reason; attribute type (enum
	 * vmroam_drop_reason + 1) holds a u64, type 0 is padding. In the namespace's reply and in
	 * each port's.
	 */
	VMROAM_A_STATS_DROPS,
	/*
	 * u64: FDB moves and deletions not made because the entry belongs to the operator or
	 * another control plane (permanent, local, sticky, externally learnt; static unless a
	 * sanction or a trusted port asks)
	 */
	VMROAM_A_STATS_FDB_KEPT,
	__VMROAM_A_STATS_MAX,
};

#define VMROAM_A_STATS_MAX	(__VMROAM_A_STATS_MAX - 1)

/* Inside VMROAM_A_BINDING. */
enum vmroam_binding_attr {
	VMROAM_A_BINDING_UNSPEC,
	VMROAM_A_BINDING_PAD,
	VMROAM_A_BINDING_MAC,		/* binary, 6 bytes */
	VMROAM_A_BINDING_VLAN,		/* u16: VLAN ID, 0 on a bridge without VLAN filtering */
	VMROAM_A_BINDING_IFINDEX,	/* u32: the bridge port */
	VMROAM_A_BINDING_IFNAME,	/* string (replies only) */
	VMROAM_A_BINDING_ORIGIN,	/* u8: enum vmroam_origin */
	VMROAM_A_BINDING_IPV4,		/* be32; repeated, one per address */
	VMROAM_A_BINDING_IPV6,		/* binary, 16 bytes; repeated, one per address */
	VMROAM_A_BINDING_FIRST_SEEN,	/* u64: milliseconds ago, to the second (replies only) */
	VMROAM_A_BINDING_LAST_SEEN,	/* u64: milliseconds ago (replies only) */
	VMROAM_A_BINDING_MOVES,		/* u32: times it moved to another port (replies only) */
	VMROAM_A_BINDING_STATE,		/* u8: enum vmroam_binding_state (replies only) */
	VMROAM_A_BINDING_LEASE,		/* u32: seconds left of its DHCP lease (replies only) */
	VMROAM_A_BINDING_FROZEN,	/* u32: seconds left frozen (replies only) */
	/*
	 * nest, enum vmroam_addr6_attr; repeated, one per IPv6 address, each with its own origin
	 * and lifetime (replies only; the addresses are in VMROAM_A_BINDING_IPV6 too)
	 */
	VMROAM_A_BINDING_ADDR6,
	__VMROAM_A_BINDING_MAX,
};

#define VMROAM_A_BINDING_MAX	(__VMROAM_A_BINDING_MAX - 1)

/* Inside VMROAM_A_POLICY. */
enum vmroam_policy_attr {
	VMROAM_A_POLICY_UNSPEC,
	VMROAM_A_POLICY_ENTRY,		/* nest: the attributes below, for one frame type */
	VMROAM_A_POLICY_TYPE,		/* u32: enum vmroam_frame_type */
	VMROAM_A_POLICY_ACTIONS,	/* u32: bits (1 << enum vmroam_action) */
	VMROAM_A_POLICY_INHERIT,	/* flag: the bridge follows the global default */
	__VMROAM_A_POLICY_MAX,
};

#define VMROAM_A_POLICY_MAX	(__VMROAM_A_POLICY_MAX - 1)

/* Inside VMROAM_A_MIGRATION. */
enum vmroam_migration_attr {
	VMROAM_A_MIGRATION_UNSPEC,
	VMROAM_A_MIGRATION_PAD,
	VMROAM_A_MIGRATION_MAC,		/* binary, 6 bytes */
	VMROAM_A_MIGRATION_VLAN,	/* u16 */
	VMROAM_A_MIGRATION_IFINDEX,	/* u32: the port the VM appears on */
	VMROAM_A_MIGRATION_IFNAME,	/* string (replies only) */
	VMROAM_A_MIGRATION_IPV4,	/* be32; repeated, at most 4 */
	VMROAM_A_MIGRATION_IPV6,	/* binary, 16 bytes; repeated, at most 8 */
	/* u32: seconds a pending sanction waits (default: module parameter migrate_timeout) */
	VMROAM_A_MIGRATION_TIMEOUT,
	VMROAM_A_MIGRATION_ACTIVATE,	/* u8: enum vmroam_activate (default first-frame) */
	/* replies only */
	VMROAM_A_MIGRATION_STATE,	/* u8: enum vmroam_migration_state */
	VMROAM_A_MIGRATION_AGE,		/* u64: milliseconds since the sanction */
	VMROAM_A_MIGRATION_EXPIRES,	/* u64: milliseconds left (pending only) */
	VMROAM_A_MIGRATION_ACTIVATED,	/* u64: ns from sanction to activation */
	VMROAM_A_MIGRATION_ANNOUNCED,	/* u64: ns from sanction to the first announcement */
	VMROAM_A_MIGRATION_ROUNDS,	/* u32: announcement rounds sent */
	VMROAM_A_MIGRATION_FRAMES,	/* u32: announcement frames sent */
	/* u32: seconds left of the VM's DHCP lease: the migrated binding expires then */
	VMROAM_A_MIGRATION_LEASE,
	/*
	 * nest, enum vmroam_addr6_attr; repeated (at most 8 with the IPV6 ones): an IPv6 address
	 * with the origin and lifetime it had on the source host (dhcp, savi; anything else
	 * arrives as migrated). The address keeps them here; IPV6 alone means migrated, no
	 * lifetime.
	 */
	VMROAM_A_MIGRATION_ADDR6,
	__VMROAM_A_MIGRATION_MAX,
};

#define VMROAM_A_MIGRATION_MAX	(__VMROAM_A_MIGRATION_MAX - 1)

/* Inside VMROAM_A_BINDING_ADDR6 and VMROAM_A_MIGRATION_ADDR6: one IPv6 address of a binding. */
enum vmroam_addr6_attr {
	VMROAM_A_ADDR6_UNSPEC,
	VMROAM_A_ADDR6_ADDR,		/* binary, 16 bytes */
	VMROAM_A_ADDR6_ORIGIN,		/* u8: enum vmroam_origin */
	/* u32: seconds it stays bound (DHCPv6 valid lifetime); absent: until the binding goes */
	VMROAM_A_ADDR6_VALID,
	__VMROAM_A_ADDR6_MAX,
};

#define VMROAM_A_ADDR6_MAX	(__VMROAM_A_ADDR6_MAX - 1)

/* Inside VMROAM_A_GATEWAY. */
enum vmroam_gateway_attr {
	VMROAM_A_GATEWAY_UNSPEC,
	VMROAM_A_GATEWAY_IPV4,		/* be32; repeated, at most 8 per bridge */
	VMROAM_A_GATEWAY_IFNAME,	/* string: the bridge (replies only) */
	__VMROAM_A_GATEWAY_MAX,
};

#define VMROAM_A_GATEWAY_MAX	(__VMROAM_A_GATEWAY_MAX - 1)

/* Inside VMROAM_A_EVENT. */
enum vmroam_event_attr {
	VMROAM_A_EVENT_UNSPEC,
	VMROAM_A_EVENT_PAD,
	VMROAM_A_EVENT_TYPE,		/* u8: enum vmroam_event_type */
	VMROAM_A_EVENT_TIME,		/* u64: CLOCK_REALTIME, nanoseconds */
	VMROAM_A_EVENT_MAC,		/* binary, 6 bytes */
	VMROAM_A_EVENT_VLAN,		/* u16 */
	VMROAM_A_EVENT_IFINDEX,		/* u32: the port (the new one for a move) */
	VMROAM_A_EVENT_IFNAME,		/* string */
	VMROAM_A_EVENT_FROM_IFINDEX,	/* u32: moved: the port it was on */
	VMROAM_A_EVENT_FROM_IFNAME,	/* string */
	VMROAM_A_EVENT_IPV4,		/* be32; repeated */
	VMROAM_A_EVENT_IPV6,		/* binary, 16 bytes; repeated */
	VMROAM_A_EVENT_ORIGIN,		/* u8: enum vmroam_origin */
	VMROAM_A_EVENT_ACTIVATED,	/* u64, migrated: ns from sanction to activation */
	VMROAM_A_EVENT_ANNOUNCED,	/* u64, migrated: ns from sanction to first announcement */
	VMROAM_A_EVENT_SANCTION,	/* flag, expired: a sanction expired (else a binding) */
	VMROAM_A_EVENT_REASON,		/* u8, violation: enum vmroam_drop_reason */
	__VMROAM_A_EVENT_MAX,
};

#define VMROAM_A_EVENT_MAX	(__VMROAM_A_EVENT_MAX - 1)

/*
 * Inside VMROAM_A_PORT: a bridge port's security. Settings are u8 0/1 unless said otherwise;
 * in SET_PORT each is optional.
 */
enum vmroam_port_attr {
	VMROAM_A_PORT_UNSPEC,
	VMROAM_A_PORT_TRUSTED,		/* uplinks, DHCP servers: no check applies to the port */
	VMROAM_A_PORT_LOCK,		/* MAC locking: a MAC bound elsewhere is dropped here */
	VMROAM_A_PORT_MAX_MACS,		/* u32: MACs the port may bind; 0: no limit */
	VMROAM_A_PORT_ARP_INSPECT,	/* ARP must match a dhcp, static or migrated binding */
	VMROAM_A_PORT_IP_GUARD,		/* IP source must be bound to the frame's MAC and port */
	VMROAM_A_PORT_RATE,		/* u32: ARP frames a second (bursts of as many); 0: none */
	VMROAM_A_PORT_MACS,		/* u32: MACs bound to the port now (replies only) */
	VMROAM_A_PORT_IFNAME,		/* string (replies only) */
	/*
	 * ND inspection, the IPv6 twin of ARP_INSPECT: NS and NA must not name an address bound
	 * to another MAC; an address the port's MAC claims first is bound to it (origin savi)
	 */
	VMROAM_A_PORT_ND_INSPECT,
	/*
	 * RA guard: router advertisements and redirects from the port are dropped (untrusted
	 * ports only; default on: off marks a port that hosts a router)
	 */
	VMROAM_A_PORT_RA_GUARD,
	/* u32: IPv6 addresses the port's MACs may claim through ND inspection; 0: no limit */
	VMROAM_A_PORT_MAX_ADDRS,
	VMROAM_A_PORT_ADDRS,		/* u32: addresses claimed on the port now (replies only) */
	__VMROAM_A_PORT_MAX,
};

#define VMROAM_A_PORT_MAX	(__VMROAM_A_PORT_MAX - 1)

#endif /* _UAPI_LINUX_VMROAM_H */
