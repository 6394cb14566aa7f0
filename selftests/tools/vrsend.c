// SPDX-License-Identifier: GPL-2.0
/*
 * vrsend: inject crafted frames from a network interface, for the vmroam shell selftests.
 *
 *	vrsend [-x] [-n] [-v] [-w FILE] DEV TYPE [KEY VALUE]...
 *	vrsend -l
 *
 * TYPE is a frame type name (arp_garp_request ... dhcp_server, malformed, nd_ra ... dhcp6_server),
 * a frame that must be ignored or a named malformed variant (vrsend -l lists them all with what
 * the classifier must say), or "raw" with "hex". Every address has a default that makes the frame
 * of its type, so "vrsend veth0 arp_garp_request" works alone; what is given is used as given.
 *
 * The frame is sent through an AF_PACKET SOCK_RAW socket bound to nothing, with sendto() and a
 * sockaddr_ll naming DEV: that needs CAP_NET_RAW.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "frames.h"

#define MAX_FRAME	65536

static const char *prog = "vrsend";

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s [-x] [-n] [-v] [-w FILE] DEV TYPE [KEY VALUE]...\n"
"       %s -l\n"
"\n"
"Send a crafted frame of TYPE from network interface DEV (needs CAP_NET_RAW).\n"
"\n"
"  -x        print the frame in hex on standard output before sending\n"
"  -n        do not send (with -x: only print; DEV may then be \"-\")\n"
"  -w FILE   write the frame(s) to a pcap file instead of sending\n"
"  -v        say what was sent on standard error\n"
"  -l        list the TYPEs and what the classifier must say of each\n"
"\n"
"TYPE: a frame type (arp_garp_request, arp_garp_reply, arp_probe, arp_request_local,\n"
"  arp_request_other, arp_reply_local, arp_reply_other, arp_reply_broadcast, rarp_request,\n"
"  rarp_reply, nd_ns, nd_ns_dad, nd_na_solicited, nd_na_unsolicited, dhcp_client,\n"
"  dhcp_server, malformed, nd_ra, nd_redirect, dhcp6_client, dhcp6_server), a frame to\n"
"  ignore (ipv4_tcp, icmp6_echo, icmp6_rs, qinq_arp, ...), a malformed variant\n"
"  (arp_bad_htype, nd_bad_hoplimit, dhcp_bad_cookie, ra_frag, ...), or raw.\n"
"\n"
"KEYs (defaults make the frame of its TYPE):\n"
"  smac MAC, dmac MAC     Ethernet source and destination\n"
"  sha MAC, tha MAC       ARP sender/target hardware address; sha is also the ND\n"
"                         link-layer address option (NS, RA: source; NA, redirect:\n"
"                         target), the DHCP chaddr and the DHCPv6 client\n"
"  client MAC             the same as sha: the DHCPv6 client, whose DUID-LL the message\n"
"                         carries; a server's message goes to it (Ethernet destination,\n"
"                         and its link-local address unless dip6 is given)\n"
"  sip IP, tip IP         ARP sender/target IP; DHCP ciaddr/yiaddr\n"
"  sip6 IP6, tip6 IP6     IPv6 source, ND and redirect target;  dip6 IP6: IPv6 destination\n"
"  ipsrc IP, ipdst IP     IPv4 source/destination (DHCP, ipv4_*)\n"
"  vlan ID [prio P]       add an 802.1Q tag (ID 0-4095, priority 0-7; vlan 0: a priority\n"
"                         tag); with qinq_arp and vlan2_arp the inner tag;  svlan ID: their\n"
"                         outer tag\n"
"  lease S                DHCP lease time option, seconds\n"
"  msg M                  DHCP message type: DISCOVER OFFER REQUEST DECLINE ACK NAK\n"
"                         RELEASE INFORM or a number; for dhcp6_*: SOLICIT ADVERTISE\n"
"                         REQUEST CONFIRM RENEW REBIND REPLY RELEASE DECLINE RECONFIGURE\n"
"                         INFORMATION-REQUEST RELAY-FORW RELAY-REPL or a number\n"
"  ia6 IP6 [valid S] [pref S]\n"
"                         DHCPv6: an address of the IA_NA (repeat for more, up to %d);\n"
"                         its valid lifetime (default 3600) and preferred one (default\n"
"                         half the valid); the first ia6 replaces the default address\n"
"  iana 0|1               DHCPv6: without/with the IA_NA option\n"
"  op N                   ARP/RARP opcode, BOOTP op\n"
"  flags N                NA flags byte (0x80 R, 0x40 S, 0x20 O); RA flags (0x80 M, 0x40 O)\n"
"  router 0|1             NA: clear/set the R flag, the other flags as they are\n"
"  rlifetime S            RA: router lifetime, seconds (0: not a default router)\n"
"  prefix IP6/LEN [valid S] [pref S]\n"
"                         RA: the prefix information option (flags L and A) and its\n"
"                         lifetimes (default 86400 and 14400)\n"
"  pio 0|1                RA: without/with the prefix information option\n"
"  rdst6 IP6              redirect: the destination redirected (tip6 is the target)\n"
"  lla 0|1                ND, RA, redirect: without/with the link-layer address option\n"
"  hoplimit N             IPv6 hop limit / IPv4 TTL\n"
"  sport N, dport N       UDP/TCP ports\n"
"  frag 0|1               IPv6: put the upper layer in a first fragment (offset 0, M)\n"
"  dstopts 0|1            IPv6: a destination options header before the upper layer\n"
"  noupper 0|1            IPv6: end the frame after the extension headers\n"
"  poke OFF=VAL           set the byte OFF bytes after the EtherType (checksums follow)\n"
"  badcsum 1              break the IP/UDP/TCP/ICMPv6 checksums\n"
"  pad BYTES              pad the frame to BYTES (keeping it of its type)\n"
"  truncate BYTES         cut the frame to BYTES\n"
"  count N [interval MS]  send N times, MS milliseconds apart (default 1, 0)\n"
"  hex HEX                raw: the frame, in hex (':', '-', ' ' and '.' are ignored)\n",
	prog, prog, FRAME_IA_MAX);
}

static void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static unsigned long parse_num(const char *key, const char *val, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(val, &end, 0);
	if (!*val || *end || errno || v > max || val[0] == '-')
		die(2, "%s: bad value \"%s\" (a number up to %lu)", key, val, max);
	return v;
}

static int parse_hex(const char *s, unsigned char *buf, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		int v;

		if (*s == ':' || *s == '-' || *s == ' ' || *s == '.' || *s == '\n')
			continue;
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			v = *s - 'A' + 10;
		else
			return -1;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= cap)
			return -1;
		buf[n++] = hi << 4 | v;
		hi = -1;
	}
	return hi < 0 ? (int)n : -1;
}

static void list_kinds(void)
{
	size_t i;

	printf("%-22s %-20s %s\n", "TYPE", "CLASSIFIED AS", "FRAME");
	for (i = 0; i < frame_nkinds; i++) {
		const struct frame_kind_info *k = &frame_kinds[i];
		const char *exp = k->expect == FRAME_EXPECT_NONE ? "none" :
				  k->expect == FRAME_EXPECT_UNPARSED ? "none (unparsed)" :
				  k->expect == VMROAM_FT_MALFORMED ? "malformed" : k->name;

		printf("%-22s %-20s %s\n", k->name, exp, k->help);
	}
	printf("%-22s %-20s %s\n", "raw", "-", "the bytes given with \"hex\"");
}

/* "2001:db8::/64" */
static int parse_prefix(const char *v, struct frame_spec *s)
{
	const char *slash = strchr(v, '/');
	char addr[64];
	unsigned long len;
	char *end;

	if (!slash || (size_t)(slash - v) >= sizeof(addr))
		return -1;
	memcpy(addr, v, slash - v);
	addr[slash - v] = 0;
	errno = 0;
	len = strtoul(slash + 1, &end, 10);
	if (!slash[1] || *end || errno || len > 128 || frame_parse_ip6(addr, s->prefix))
		return -1;
	s->prefix_len = (uint8_t)len;
	return 0;
}

static void print_hex(const unsigned char *fr, int len)
{
	int i;

	for (i = 0; i < len; i++)
		printf("%02x", fr[i]);
	putchar('\n');
}

static FILE *pcap_open(const char *path)
{
	/* classic pcap, microseconds, Ethernet */
	static const uint32_t hdr[6] = { 0xa1b2c3d4, 2 | 4 << 16, 0, 0, 262144, 1 };
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(hdr, sizeof(hdr), 1, f) != 1)
		die(1, "%s: %s", path, strerror(errno));
	return f;
}

static void pcap_write(FILE *f, const unsigned char *fr, int len)
{
	struct timeval tv;
	uint32_t rec[4];

	gettimeofday(&tv, NULL);
	rec[0] = (uint32_t)tv.tv_sec;
	rec[1] = (uint32_t)tv.tv_usec;
	rec[2] = (uint32_t)len;
	rec[3] = (uint32_t)len;
	if (fwrite(rec, sizeof(rec), 1, f) != 1 || fwrite(fr, 1, len, f) != (size_t)len)
		die(1, "writing the pcap file: %s", strerror(errno));
}

int main(int argc, char **argv)
{
	static unsigned char fr[MAX_FRAME];
	struct frame_spec s;
	const char *dev, *type, *pcap = NULL, *hex = NULL;
	unsigned long count = 1, interval = 0, prio = 0;
	int opt, hexout = 0, nosend = 0, verbose = 0, raw = 0, len, i, have_prio = 0;
	/* what valid and pref apply to: the last ia6 or prefix given */
	enum { LIFE_NONE, LIFE_IA, LIFE_PREFIX } life = LIFE_NONE;
	int pref_given = 0;
	FILE *pf = NULL;

	memset(&s, 0, sizeof(s));
	while ((opt = getopt(argc, argv, "+xnvw:lh")) != -1) {
		switch (opt) {
		case 'x':
			hexout = 1;
			break;
		case 'n':
			nosend = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'w':
			pcap = optarg;
			break;
		case 'l':
			list_kinds();
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind < 2) {
		usage(stderr);
		return 2;
	}
	dev = argv[optind];
	type = argv[optind + 1];
	if (!strcmp(type, "raw")) {
		raw = 1;
	} else {
		s.kind = frame_kind_from_name(type);
		if (s.kind < 0)
			die(2, "unknown frame type \"%s\" (vrsend -l lists them)", type);
	}

	for (i = optind + 2; i < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];
		int bad = 0;

		if (!v)
			die(2, "%s: missing value", k);
		if (!strcmp(k, "smac")) {
			bad = frame_parse_mac(v, s.smac);
			s.set |= FS_SMAC;
		} else if (!strcmp(k, "dmac")) {
			bad = frame_parse_mac(v, s.dmac);
			s.set |= FS_DMAC;
		} else if (!strcmp(k, "sha") || !strcmp(k, "client")) {
			bad = frame_parse_mac(v, s.sha);
			s.set |= FS_SHA;
		} else if (!strcmp(k, "tha")) {
			bad = frame_parse_mac(v, s.tha);
			s.set |= FS_THA;
		} else if (!strcmp(k, "sip")) {
			bad = frame_parse_ip4(v, s.sip);
			s.set |= FS_SIP;
		} else if (!strcmp(k, "tip")) {
			bad = frame_parse_ip4(v, s.tip);
			s.set |= FS_TIP;
		} else if (!strcmp(k, "ipsrc")) {
			bad = frame_parse_ip4(v, s.ip_src);
			s.set |= FS_IPSRC;
		} else if (!strcmp(k, "ipdst")) {
			bad = frame_parse_ip4(v, s.ip_dst);
			s.set |= FS_IPDST;
		} else if (!strcmp(k, "sip6")) {
			bad = frame_parse_ip6(v, s.sip6);
			s.set |= FS_SIP6;
		} else if (!strcmp(k, "tip6")) {
			bad = frame_parse_ip6(v, s.tip6);
			s.set |= FS_TIP6;
		} else if (!strcmp(k, "dip6")) {
			bad = frame_parse_ip6(v, s.dip6);
			s.set |= FS_DIP6;
		} else if (!strcmp(k, "vlan")) {
			s.vlan = parse_num(k, v, 4095);
			s.set |= FS_VLAN;
		} else if (!strcmp(k, "prio")) {
			prio = parse_num(k, v, 7);
			have_prio = 1;
		} else if (!strcmp(k, "svlan")) {
			s.svlan = parse_num(k, v, 4095);
			s.set |= FS_SVLAN;
		} else if (!strcmp(k, "lease")) {
			s.lease = parse_num(k, v, UINT32_MAX);
			s.set |= FS_LEASE;
		} else if (!strcmp(k, "msg")) {
			s.dhcp_msg = frame_kind_is_dhcp6(s.kind) ? frame_dhcp6_msg_from_name(v) :
								    frame_dhcp_msg_from_name(v);
			bad = s.dhcp_msg < 0;
			s.set |= FS_MSG;
		} else if (!strcmp(k, "ia6")) {
			if (!(s.set & FS_IA))
				s.n_ia = 0;
			if (s.n_ia == FRAME_IA_MAX)
				die(2, "ia6: at most %d", FRAME_IA_MAX);
			bad = frame_parse_ip6(v, s.ia_addr[s.n_ia]);
			s.ia_valid[s.n_ia] = 3600;
			s.ia_pref[s.n_ia] = 1800;
			s.n_ia++;
			s.set |= FS_IA;
			life = LIFE_IA;
			pref_given = 0;
		} else if (!strcmp(k, "valid") || !strcmp(k, "pref")) {
			uint32_t t = parse_num(k, v, UINT32_MAX);
			int valid = k[0] == 'v';

			if (life == LIFE_IA && valid) {
				s.ia_valid[s.n_ia - 1] = t;
				if (!pref_given)
					s.ia_pref[s.n_ia - 1] = t / 2;
			} else if (life == LIFE_IA) {
				s.ia_pref[s.n_ia - 1] = t;
			} else if (life == LIFE_PREFIX && valid) {
				s.prefix_valid = t;
			} else if (life == LIFE_PREFIX) {
				s.prefix_pref = t;
			} else {
				die(2, "%s follows ia6 or prefix", k);
			}
			pref_given |= !valid;
		} else if (!strcmp(k, "iana")) {
			s.ia_na = parse_num(k, v, 1);
			s.set |= FS_IANA;
		} else if (!strcmp(k, "router")) {
			s.nd_router = parse_num(k, v, 1);
			s.set |= FS_ROUTER;
		} else if (!strcmp(k, "rlifetime")) {
			s.rlifetime = parse_num(k, v, 0xffff);
			s.set |= FS_RLIFETIME;
		} else if (!strcmp(k, "prefix")) {
			bad = parse_prefix(v, &s);
			s.prefix_valid = 86400;
			s.prefix_pref = 14400;
			s.pio = 1;
			s.set |= FS_PREFIX | FS_PIO;
			life = LIFE_PREFIX;
			pref_given = 0;
		} else if (!strcmp(k, "pio")) {
			s.pio = parse_num(k, v, 1);
			s.set |= FS_PIO;
		} else if (!strcmp(k, "rdst6")) {
			bad = frame_parse_ip6(v, s.rdst6);
			s.set |= FS_RDST6;
		} else if (!strcmp(k, "op")) {
			s.op = parse_num(k, v, 0xffff);
			s.set |= FS_OP;
		} else if (!strcmp(k, "flags")) {
			s.nd_flags = parse_num(k, v, 0xff);
			s.set |= FS_NDFLAGS;
		} else if (!strcmp(k, "lla")) {
			s.lla = parse_num(k, v, 1);
			s.set |= FS_LLA;
		} else if (!strcmp(k, "hoplimit")) {
			s.hoplimit = parse_num(k, v, 255);
			s.set |= FS_HOPLIMIT;
		} else if (!strcmp(k, "sport")) {
			s.sport = parse_num(k, v, 0xffff);
			s.set |= FS_SPORT;
		} else if (!strcmp(k, "dport")) {
			s.dport = parse_num(k, v, 0xffff);
			s.set |= FS_DPORT;
		} else if (!strcmp(k, "poke")) {
			char *eq = strchr(v, '='), off[32];

			if (!eq || eq == v || (size_t)(eq - v) >= sizeof(off))
				die(2, "poke: want OFF=VAL, not \"%s\"", v);
			memcpy(off, v, eq - v);
			off[eq - v] = 0;
			if (frame_poke(&s, parse_num(k, off, 0xffff), parse_num(k, eq + 1, 255)))
				die(2, "poke: at most %d", FRAME_MAX_POKES);
		} else if (!strcmp(k, "frag") || !strcmp(k, "dstopts") || !strcmp(k, "noupper")) {
			unsigned int q = k[0] == 'f' ? FQ_IP6_FRAG : k[0] == 'd' ? FQ_IP6_DSTOPTS :
				       FQ_IP6_NO_UPPER;

			if (parse_num(k, v, 1))
				s.quirks |= q;
			else
				s.quirks &= ~q;
		} else if (!strcmp(k, "badcsum")) {
			s.bad_csum = parse_num(k, v, 1);
		} else if (!strcmp(k, "pad")) {
			s.pad_to = parse_num(k, v, MAX_FRAME - 4096);
		} else if (!strcmp(k, "truncate")) {
			s.truncate = parse_num(k, v, MAX_FRAME);
			s.set |= FS_TRUNC;
		} else if (!strcmp(k, "count")) {
			count = parse_num(k, v, ULONG_MAX);
		} else if (!strcmp(k, "interval")) {
			interval = parse_num(k, v, 3600000);
		} else if (!strcmp(k, "hex")) {
			hex = v;
		} else {
			die(2, "unknown key \"%s\" (%s -h lists them)", k, prog);
		}
		if (bad)
			die(2, "%s: bad value \"%s\"", k, v);
	}
	if (have_prio) {
		if (!(s.set & FS_VLAN))
			die(2, "prio needs vlan");
		s.vlan |= prio << 13;
	}

	if (raw) {
		if (!hex)
			die(2, "raw needs hex HEXSTRING");
		len = parse_hex(hex, fr, sizeof(fr));
		if (len < 0)
			die(2, "hex: not an even number of hex digits, or too long");
		if (s.pad_to > (size_t)len) {
			memset(fr + len, 0, s.pad_to - len);
			len = s.pad_to;
		}
		if ((s.set & FS_TRUNC) && s.truncate < (size_t)len)
			len = s.truncate;
	} else {
		if (hex)
			die(2, "hex goes with raw only");
		len = frame_build(&s, fr, sizeof(fr));
		if (len < 0)
			die(2, "cannot build a %s frame from these values (a poke past the frame?)",
			    type);
	}

	if (hexout)
		print_hex(fr, len);
	if (pcap) {
		pf = pcap_open(pcap);
		for (; count; count--)
			pcap_write(pf, fr, len);
		if (fclose(pf))
			die(1, "%s: %s", pcap, strerror(errno));
		return 0;
	}
	if (nosend)
		return 0;

	{
		struct sockaddr_ll sll;
		unsigned int ifindex = if_nametoindex(dev);
		unsigned long n;
		int fd;

		if (!ifindex)
			die(1, "%s: no such interface", dev);
		fd = socket(AF_PACKET, SOCK_RAW, 0);
		if (fd < 0)
			die(1, "socket(AF_PACKET, SOCK_RAW): %s%s", strerror(errno),
			    errno == EPERM ? " (needs CAP_NET_RAW: run as root)" : "");
		memset(&sll, 0, sizeof(sll));
		sll.sll_family = AF_PACKET;
		sll.sll_ifindex = ifindex;
		sll.sll_protocol = len >= 14 ? htons((uint16_t)(fr[12] << 8 | fr[13])) : 0;
		sll.sll_halen = 6;
		memcpy(sll.sll_addr, fr, len >= 6 ? 6 : len);
		for (n = 0; n < count; n++) {
			ssize_t r;

			if (n && interval) {
				struct timespec ts = { interval / 1000, (interval % 1000) * 1000000 };

				nanosleep(&ts, NULL);
			}
			r = sendto(fd, fr, len, 0, (struct sockaddr *)&sll, sizeof(sll));
			if (r != len)
				die(1, "sending %d bytes on %s: %s%s", len, dev,
				    r < 0 ? strerror(errno) : "short write",
				    r < 0 && errno == EMSGSIZE ? " (larger than the MTU?)" :
				    r < 0 && errno == ENETDOWN ? " (set the link up)" : "");
		}
		close(fd);
		if (verbose)
			fprintf(stderr, "%s: sent %lu %s frame(s) of %d bytes on %s\n", prog, count,
				type, len, dev);
	}
	return 0;
}
