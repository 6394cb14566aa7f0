/* SPDX-License-Identifier: GPL-2.0 */
/* The vmroam CLI: what main.c and the command files share. */
#ifndef VMROAM_CLI_H
#define VMROAM_CLI_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define VMROAM_CLI_VERSION	"0.1.0"

/* exit status */
#define VR_EXIT_OK	0
#define VR_EXIT_FAIL	1	/* the command could not be carried out */
#define VR_EXIT_USAGE	2	/* bad command line */

struct vr_genl;
struct nlmsghdr;
struct nlattr;
struct vr_apply;

/* global options */
struct vr_ctx {
	bool json;
	bool pretty;
};

/*
 * One command of the CLI. A command lives in its own file, which defines a "const struct vr_cmd
 * vr_cmd_<name>"; main.c lists it in its command table. A command either runs itself (run) or is
 * a group of subcommands ("binding show", "binding add"...), each a struct vr_cmd of its own.
 */
struct vr_cmd {
	const char *name;
	const char *usage;	/* "stats [dev PORT]" */
	const char *summary;	/* one line or more, '\n'-separated, for "vmroam help" */
	/* returns a VR_EXIT_* status; argv[0] is the first argument after the command name */
	int (*run)(const struct vr_ctx *ctx, int argc, char **argv);
	/*
	 * instead of run, usage and summary: the subcommands, ended by an entry without a name;
	 * "vmroam help" lists their usages and summaries
	 */
	const struct vr_cmd *subcmds;
	/* optional: an extra section of "vmroam OBJECT help" */
	void (*help_extra)(FILE *out);
	/*
	 * optional, for a subcommand that may be a line of the configuration file: bring the
	 * kernel to what argv says, changing only what differs, each change told to
	 * vr_apply_change(); in @ap's check pass, only parse. A VR_EXIT_* status.
	 */
	int (*apply)(struct vr_apply *ap, int argc, char **argv);
};

extern const struct vr_cmd vr_cmd_stats;
extern const struct vr_cmd vr_cmd_binding;
extern const struct vr_cmd vr_cmd_policy;
extern const struct vr_cmd vr_cmd_migrate;
extern const struct vr_cmd vr_cmd_gateway;
extern const struct vr_cmd vr_cmd_monitor;
extern const struct vr_cmd vr_cmd_port;
extern const struct vr_cmd vr_cmd_bridge;
extern const struct vr_cmd vr_cmd_apply;

/* main.c: the command (object) called @name, or NULL */
const struct vr_cmd *vr_find_cmd(const char *name);

/* main.c: the subcommand @name of @cmd, or NULL (also when @cmd has none) */
const struct vr_cmd *vr_find_subcmd(const struct vr_cmd *cmd, const char *name);

/* main.c: run the command line @argv[0..@argc) ("port", "set", ...): a VR_EXIT_* status */
int vr_dispatch(const struct vr_ctx *ctx, int argc, char **argv);

/*
 * lines.c: the lines of a command file (-batch, apply), read whole at open: words as the
 * shell would split them, quotes ('' "") and backslash-newline continuations, # comments.
 */
struct vr_lines;

/* @path, or stdin for "-": NULL after saying why it cannot be read */
struct vr_lines *vr_lines_open(const char *path);

/*
 * The next line with words: 1 and its words in *@argc, *@argv (valid until the next call);
 * 0 at the end; -VR_EXIT_USAGE for a line that cannot be split (said). Until the next call,
 * vr_err() puts "FILE:LINE: " before its messages.
 */
int vr_lines_next(struct vr_lines *l, int *argc, char ***argv);

/* back to the first line */
void vr_lines_rewind(struct vr_lines *l);

/* the number of the line vr_lines_next() returned last */
unsigned int vr_lines_lineno(const struct vr_lines *l);

void vr_lines_close(struct vr_lines *l);

/* lines.c: "FILE:LINE" of the line that runs now, or NULL */
const char *vr_err_where(void);

/*
 * apply.c: what an apply callback (struct vr_cmd.apply) works with. In the check pass it only
 * parses; in a dry run it reads the kernel's state but changes nothing.
 */
struct vr_apply {
	bool check;
	bool dry_run;
	char **changes;		/* the commands each change amounts to, in their order */
	size_t n_changes, cap;
	bool nomem;
};

/*
 * apply.c: record a change made (or, in a dry run, to be made), in the words of the command
 * that makes it: "port set dev tap0 lock on"
 */
void vr_apply_change(struct vr_apply *ap, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* util.c */

/* "vmroam: <message>\n" on stderr */
void vr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Open a generic netlink socket and resolve the "vmroam" family. On failure, prints why (module
 * not loaded...) and returns NULL.
 */
struct vr_genl *vr_connect(void);

/*
 * Report that the kernel refused request @what with @err (negative errno), with its extended ack
 * message if it gave one, or that the loaded module lacks the command (vr_genl_unsupported()).
 * Returns VR_EXIT_FAIL.
 */
int vr_kernel_err(const struct vr_genl *g, const char *what, int err);

/* print the warning the kernel attached to a successful ack, if any */
void vr_kernel_warn(const struct vr_genl *g, const char *what);

/*
 * Send request @nlh (NLM_F_ACK) of @g and wait for its ack; report a refusal (vr_kernel_err())
 * or the ack's warning; free @g. The exit status.
 */
int vr_request_ack(struct vr_genl *g, const char *what, struct nlmsghdr *nlh);

/*
 * The outcome of request @what that vr_genl_talk() ended with @err, when its reply callback kept
 * @nomem (out of memory) and @bad (why it refused a reply, "" for none): says what went wrong
 * and returns the exit status. For a dump interrupted by changes (-EINTR), @changing names what
 * kept changing ("bindings"). On success prints the kernel's warning, if any: VR_EXIT_OK.
 */
int vr_reply_status(const struct vr_genl *g, const char *what, int err, bool nomem,
		    const char *bad, const char *changing);

/*
 * An entry of a "vmroam help" section: "  NAME  HELP", the lines of @help after the first
 * ('\n'-separated) indented to its column
 */
void vr_help_entry(FILE *out, const char *name, const char *help);

/*
 * args.c: the words of a command line. The vr_arg_*() helpers check one word and, when it is
 * wrong, say so naming it, prefixed with @what (the command: "binding add"); the caller then
 * exits with VR_EXIT_USAGE.
 */

#define VR_MAC_LEN	6
#define VR_MAC_STRLEN	18	/* "52:54:00:12:34:56" and its NUL */
#define VR_VLAN_MAX	4094

/* an IPv4 or IPv6 address */
struct vr_ip {
	int family;		/* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;	/* network order, as VMROAM_A_BINDING_IPV4 */
		struct in6_addr v6;
	};
};

/* what the kernel keeps of a binding or a sanction: at most so many addresses of each family */
#define VR_MAX_IPV4	4
#define VR_MAX_IPV6	8
#define VR_MAX_IPS	(VR_MAX_IPV4 + VR_MAX_IPV6)

/*
 * An IPv6 address with its own origin and lifetime: VMROAM_A_BINDING_ADDR6 and
 * VMROAM_A_MIGRATION_ADDR6 (enum vmroam_addr6_attr)
 */
struct vr_addr6 {
	struct in6_addr addr;
	bool has_origin, has_valid;
	uint8_t origin;			/* enum vmroam_origin */
	uint32_t valid;			/* seconds left */
};

/* "2001:db8::5 (dhcp, 3599s)" and its NUL */
#define VR_ADDR6_STRLEN	(INET6_ADDRSTRLEN + 32)

/*
 * argv[*i] is keyword @key of @what, which takes a value: step *i to the value and return it.
 * @desc names the value for the message when it is missing ("a device name"); @prev is the
 * value an earlier @key gave, if any, which makes this one an error ("given twice").
 */
const char *vr_arg_value(const char *what, int argc, char **argv, int *i, const char *desc,
			 const char *prev);

/* a device name that can exist: not empty, shorter than IF_NAMESIZE */
bool vr_arg_dev(const char *what, const char *word);

/* a MAC address: six octets of one or two hex digits, separated by ':' */
bool vr_arg_mac(const char *what, const char *word, uint8_t *mac);

/* a VLAN ID, 0 to VR_VLAN_MAX */
bool vr_arg_vlan(const char *what, const char *word, uint16_t *vid);

/* an IPv4 or IPv6 address, as inet_pton() reads them */
bool vr_arg_ip(const char *what, const char *word, struct vr_ip *ip);

/* the same address: family and bits */
bool vr_ip_equal(const struct vr_ip *a, const struct vr_ip *b);

/*
 * One more address @word of a list: into @ips[*@n] and ++*@n when it is an IP address not in the
 * list yet, and the list has fewer than VR_MAX_IPV4 (VR_MAX_IPV6) of its family; @ips has room
 * for VR_MAX_IPS.
 */
bool vr_arg_ip_list(const char *what, const char *word, struct vr_ip *ips, unsigned int *n);

/* seconds @word, 0 to UINT32_MAX, digits only; @desc names them in the message ("lifetime") */
bool vr_arg_seconds(const char *what, const char *desc, const char *word, uint32_t *v);

/*
 * The ifindex of device @dev in this network namespace, or 0 after saying why there is none
 * ("no such device"); the caller then exits with VR_EXIT_FAIL.
 */
uint32_t vr_dev_index(const char *dev);

/* @mac as "52:54:00:12:34:56" into @buf, VR_MAC_STRLEN bytes */
void vr_mac_str(const uint8_t *mac, char *buf);

/* @ip as inet_ntop() writes it into @buf, INET6_ADDRSTRLEN bytes; returns @buf */
const char *vr_ip_str(const struct vr_ip *ip, char *buf);

/*
 * names.c: the names of an enum of the uapi (origins, states, activations...), indexed by
 * value; a value without a name (a newer module's) has none here
 */
struct vr_name {
	const char *name;
	const char *help;	/* for "vmroam OBJECT help": '\n'-separated lines */
};

struct vr_names {
	const struct vr_name *v;
	unsigned int n;
};

#define VR_NAMES(table)	{ .v = (table), .n = sizeof(table) / sizeof((table)[0]) }

/* the value called @word, or -1 */
int vr_names_find(const struct vr_names *t, const char *word);

/* the name of @v, or NULL */
const char *vr_names_name(const struct vr_names *t, unsigned int v);

/* the name of @v into @buf, or its number when it has none; returns @buf */
const char *vr_names_str(const struct vr_names *t, unsigned int v, char *buf, size_t len);

/* the names as a list for messages: "arp, nd, static or savi" */
void vr_names_list(const struct vr_names *t, char *buf, size_t len);

/* a "vmroam OBJECT help" entry per name, with its help */
void vr_names_help(FILE *out, const struct vr_names *t);

/* binding.c: the origins of a binding or an address (enum vmroam_origin) */
extern const struct vr_names vr_origins;

/*
 * keywords.c: the keywords of a subcommand, table-driven. A table of struct vr_kw, ended by an
 * entry without a key, says for each keyword the kind of its value and where it goes in the
 * subcommand's arguments struct (offsetof); vr_kw_parse() reads the words with it.
 */
enum vr_kw_type {
	VR_KW_DEV,	/* const char *: a device name */
	VR_KW_MAC,	/* uint8_t[VR_MAC_LEN] */
	VR_KW_VLAN,	/* uint16_t: min to VR_VLAN_MAX */
	VR_KW_IP,	/* struct vr_ip[VR_MAX_IPS] at off, unsigned int count at count */
	VR_KW_ONOFF,	/* uint32_t: 1 or 0 */
	VR_KW_UINT,	/* uint32_t: min to max, or with none the word "none" for 0 */
	VR_KW_NAME,	/* uint8_t: the value of the word in names (also the list "needs" gives) */
	VR_KW_FUNC,	/* parse() reads the word */
};

struct vr_kw {
	const char *key;		/* "mac" */
	enum vr_kw_type type;
	size_t off;			/* of the value in the arguments struct */
	size_t has;			/* VR_KW_HAS() of its bool "given", or 0 for none */
	size_t count;			/* VR_KW_IP: of the number of addresses */
	bool repeat;			/* VR_KW_IP: may be given more than once */
	bool none;			/* VR_KW_UINT: "none" is 0 */
	uint32_t min, max;		/* VR_KW_UINT, VR_KW_VLAN (min) */
	const char *unit;		/* VR_KW_UINT: after the range, " seconds" */
	const char *desc;		/* what the value is, for "needs ...": default by type */
	const char *value_name;		/* for "invalid ..." messages: default the key */
	const struct vr_names *names;	/* VR_KW_NAME */
	/* VR_KW_FUNC: @word into @args, or false after saying why */
	bool (*parse)(const char *what, const struct vr_kw *kw, const char *word, void *args);
};

/* the "has" of a vr_kw: offset + 1 of a bool field, so that 0 is none */
#define VR_KW_HAS(type, field)	(offsetof(type, field) + 1)

/* the keyword @word of @kws, or NULL */
const struct vr_kw *vr_kw_find(const struct vr_kw *kws, const char *word);

/*
 * argv[*i] as a keyword of @kws: its value (argv[*i + 1]) into @args and *i on it: 1. 0 when
 * it is none of @kws; -1 (said, prefixed with @what) when its value is missing, wrong or given
 * twice.
 */
int vr_kw_arg(const char *what, const struct vr_kw *kws, int argc, char **argv, int *i,
	      void *args);

/* the same for the keyword @kw, which argv[*i] is: 1 or -1 */
int vr_kw_arg_one(const char *what, const struct vr_kw *kw, int argc, char **argv, int *i,
		  void *args);

/*
 * All of @argv as keywords of @kws into @args (which the caller zeroes): VR_EXIT_OK, or
 * VR_EXIT_USAGE after saying what is wrong; an unknown word points to "vmroam @object help".
 */
int vr_kw_parse(const char *what, const char *object, const struct vr_kw *kws, int argc,
		char **argv, void *args);

struct json_writer;

/* the addresses of @family among the @n of @ips, as the JSON array @name */
void vr_json_ips(struct json_writer *jw, const char *name, const struct vr_ip *ips,
		 unsigned int n, int family);

/*
 * util.c: the repeated address attributes of nest @nest: those of type @v4_type (be32) and @v6_type
 * (16 bytes), in their order, into a new array *@ips (to free()) of *@n. 0; -ENOMEM; or -EINVAL
 * when one has the wrong length.
 */
int vr_nest_ips(const struct nlattr *nest, unsigned int v4_type, unsigned int v6_type,
		struct vr_ip **ips, unsigned int *n);

/*
 * util.c: the repeated nests of type @type (enum vmroam_addr6_attr) of nest @nest, in their order,
 * into a new array *@v (to free()) of *@n. 0; -ENOMEM; or -EINVAL when one is malformed or
 * lacks VMROAM_A_ADDR6_ADDR.
 */
int vr_nest_addr6s(const struct nlattr *nest, unsigned int type, struct vr_addr6 **v,
		   unsigned int *n);

/*
 * util.c: the addresses of @v[0..@nv) that the list *@ips of *@n lacks, appended to it (realloc);
 * 0 or -ENOMEM
 */
int vr_ips_add_addr6s(struct vr_ip **ips, unsigned int *n, const struct vr_addr6 *v,
		      unsigned int nv);

/*
 * util.c: @ip as vr_ip_str() writes it, followed for an IPv6 address of @v[0..@nv) by its origin
 * and lifetime: "2001:db8::5 (dhcp, 3599s)", "2001:db8::6 (savi)"; into @buf, VR_ADDR6_STRLEN
 * bytes; returns @buf
 */
const char *vr_ip_addr6_str(const struct vr_ip *ip, const struct vr_addr6 *v, unsigned int nv,
			    char *buf);

/*
 * util.c: the JSON array "ipv6_addrs" of @v[0..@nv): {"addr": "2001:db8::5", "origin": "dhcp",
 * "valid": 3599}, without "origin" or "valid" when the kernel did not send it; nothing when @nv
 * is 0 (a module without per-address origins)
 */
void vr_json_addr6s(struct json_writer *jw, const struct vr_addr6 *v, unsigned int nv);

/* port.c: enum vmroam_drop_reason as "dhcp_server"...; NULL when out of range */
const char *vr_drop_reason_name(unsigned int reason);

/* the same into @buf, or its number when it has no name */
void vr_drop_reason_str(unsigned int reason, char *buf, size_t len);

#endif /* VMROAM_CLI_H */
