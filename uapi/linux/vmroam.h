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
	VMROAM_FT_MALFORMED,		/* one of the above, truncated or inconsistent */
	__VMROAM_FT_MAX,
};

#define VMROAM_FT_COUNT	__VMROAM_FT_MAX

/* Commands of the "vmroam" generic netlink family. */
enum vmroam_cmd {
	VMROAM_CMD_UNSPEC,
	/*
	 * doit: without VMROAM_A_IFINDEX, the counters of the caller's network namespace; with it,
	 * those of that bridge port. dumpit: one message per bridge port of the namespace.
	 * Replies carry VMROAM_A_IFINDEX/VMROAM_A_IFNAME (ports only) and VMROAM_A_STATS.
	 */
	VMROAM_CMD_GET_STATS,
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
	__VMROAM_A_STATS_MAX,
};

#define VMROAM_A_STATS_MAX	(__VMROAM_A_STATS_MAX - 1)

#endif /* _UAPI_LINUX_VMROAM_H */
