// SPDX-License-Identifier: GPL-2.0
/*
 * vrping: ICMP or ICMPv6 echo requests at a steady interval, for the vmroam shell selftests. It
 * records when each request left and when its reply came back, so a test can tell how many pings a
 * migration lost after a given moment and how long the first reply took.
 *
 *	vrping [-i MS] [-w SECONDS] [-W MS] [-s BYTES] [-I SRC] ADDR
 *
 * ADDR is an IPv4 or an IPv6 address; a link-local IPv6 one takes its interface as fe80::1%eth0
 * (a name or an index), and when only one of a link-local ADDR and SRC has an interface, the
 * other takes it. -I sends from SRC, an address of this host of ADDR's family (the socket is
 * bound to it: only replies to SRC count). A reply counts when it comes from ADDR (on ADDR's
 * interface, if it has one) and carries the request's identifier (raw socket) and sequence
 * number.
 *
 * One request every -i milliseconds (default 10) until -w seconds have passed (default 60) or
 * SIGTERM/SIGINT comes. Then it waits up to -W milliseconds (default 1000) for the replies still
 * on their way (until the newest request is answered) and prints one line per request, in order:
 *
 *	SEQ SEND_NS RECV_NS		(CLOCK_REALTIME in nanoseconds)
 *	SEQ SEND_NS -			(no reply)
 *
 * SEQ counts from 1. The send time is read just before sendto(), the receive time is the kernel's
 * receive timestamp of the reply (SO_TIMESTAMPNS). A falling-behind sender (a busy machine) does
 * not send a burst to catch up: the next request is then one interval after the late one.
 * Once the first request is out, "vrping: ..." on stderr says so.
 *
 * It uses a raw ICMP or ICMPv6 socket (CAP_NET_RAW; the kernel computes the ICMPv6 checksum),
 * else a datagram one (net.ipv4.ping_group_range, for both). Exit status: 0, 2 for a bad command
 * line (usage, address, interface, -I of the other family), 1 for any other failure (socket,
 * bind to SRC, sendto, recvmsg, writing the output).
 */
#define _GNU_SOURCE	/* ppoll */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <net/if.h>	/* before linux/icmp.h, which includes linux/if.h */
#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NSEC_PER_SEC	1000000000LL
#define NSEC_PER_MSEC	1000000LL
#define VRPING_MAGIC	0x7672706eU	/* "vrpn" */
#define MAX_PAYLOAD	1400

struct probe {
	int64_t sent;		/* CLOCK_REALTIME ns, 0: not sent */
	int64_t recv;		/* CLOCK_REALTIME ns, 0: no reply */
};

/* an IPv4 or IPv6 socket address; family 0: none */
union sockaddr_any {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

/* what the payload starts with: lets a reply name its request beyond 16 bits of sequence */
struct stamp {
	uint32_t magic;
	uint32_t seq;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: vrping [-i MS] [-w SECONDS] [-W MS] [-s BYTES] [-I SRC] ADDR\n"
"\n"
"Send an ICMP (IPv4 ADDR) or ICMPv6 (IPv6 ADDR) echo request to ADDR every MS milliseconds\n"
"(-i, default 10) for SECONDS (-w, default 60) or until SIGTERM/SIGINT, wait up to -W MS\n"
"(default 1000) for the last replies, then print \"SEQ SEND_NS RECV_NS\" per request (RECV_NS\n"
"\"-\" without a reply), CLOCK_REALTIME in nanoseconds. -s: payload bytes (default 56, at\n"
"least 8). -I: send from SRC, an address of this host of ADDR's family. A link-local IPv6\n"
"address takes its interface as fe80::1%%eth0 (when only ADDR or SRC has one, both do).\n"
"Exit status: 0, 2 for a bad command line, 1 for any other failure.\n");
}

static long parse_num(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max) {
		fprintf(stderr, "vrping: -%s: \"%s\" is not a number from %ld to %ld\n", opt, s,
			min, max);
		exit(2);
	}
	return v;
}

/* IPv6 addresses that mean nothing without an interface */
static int needs_scope(const union sockaddr_any *a)
{
	return a->sa.sa_family == AF_INET6 && (IN6_IS_ADDR_LINKLOCAL(&a->in6.sin6_addr) ||
					       IN6_IS_ADDR_MC_LINKLOCAL(&a->in6.sin6_addr));
}

/* an IPv4 address, or an IPv6 one with an optional %INTERFACE (a name or an index) */
static void parse_addr(const char *what, const char *s, union sockaddr_any *a)
{
	char buf[INET6_ADDRSTRLEN];
	const char *pct = strchr(s, '%');
	size_t len = pct ? (size_t)(pct - s) : strlen(s);

	memset(a, 0, sizeof(*a));
	if (!pct && inet_pton(AF_INET, s, &a->in.sin_addr) == 1) {
		a->in.sin_family = AF_INET;
		return;
	}
	if (len >= sizeof(buf))
		goto bad;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET6, buf, &a->in6.sin6_addr) != 1)
		goto bad;
	a->in6.sin6_family = AF_INET6;
	if (!pct)
		return;
	if (!needs_scope(a)) {
		fprintf(stderr, "vrping: %s: \"%s\": only a link-local address takes an interface\n",
			what, s);
		exit(2);
	}
	a->in6.sin6_scope_id = if_nametoindex(pct + 1);
	if (!a->in6.sin6_scope_id) {
		char *end;
		unsigned long idx;

		errno = 0;
		idx = strtoul(pct + 1, &end, 10);
		if (!pct[1] || *end || errno || !idx || idx > UINT32_MAX) {
			fprintf(stderr, "vrping: %s: \"%s\": no interface \"%s\"\n", what, s,
				pct + 1);
			exit(2);
		}
		a->in6.sin6_scope_id = (uint32_t)idx;
	}
	return;
bad:
	fprintf(stderr, "vrping: %s: \"%s\" is neither an IPv4 nor an IPv6 address\n", what, s);
	exit(2);
}

static socklen_t addr_len(const union sockaddr_any *a)
{
	return a->sa.sa_family == AF_INET6 ? sizeof(a->in6) : sizeof(a->in);
}

/* does a reply's source address say ADDR (on ADDR's interface, when it has one)? */
static int same_addr(const union sockaddr_any *from, const union sockaddr_any *dst)
{
	if (from->sa.sa_family != dst->sa.sa_family)
		return 0;
	if (dst->sa.sa_family == AF_INET)
		return from->in.sin_addr.s_addr == dst->in.sin_addr.s_addr;
	return IN6_ARE_ADDR_EQUAL(&from->in6.sin6_addr, &dst->in6.sin6_addr) &&
	       (!dst->in6.sin6_scope_id || from->in6.sin6_scope_id == dst->in6.sin6_scope_id);
}

static int64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static struct timespec ns_to_ts(int64_t ns)
{
	struct timespec ts;

	if (ns < 0)
		ns = 0;
	ts.tv_sec = ns / NSEC_PER_SEC;
	ts.tv_nsec = ns % NSEC_PER_SEC;
	return ts;
}

static uint16_t csum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	while (len > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

/* a raw ICMP/ICMPv6 socket for family, else a datagram one; *raw says which */
static int open_socket(int family, int *raw)
{
	int proto = family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	int fd, on = 1;

	*raw = 1;
	fd = socket(family, SOCK_RAW, proto);
	if (fd >= 0 && family == AF_INET) {
		struct icmp_filter filt = { .data = ~(1U << ICMP_ECHOREPLY) };

		if (setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof(filt)) < 0) {
			perror("vrping: ICMP_FILTER");
			exit(1);
		}
	} else if (fd >= 0) {
		struct icmp6_filter filt;

		ICMP6_FILTER_SETBLOCKALL(&filt);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filt);
		if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof(filt)) < 0) {
			perror("vrping: ICMP6_FILTER");
			exit(1);
		}
	}
	if (fd < 0 && (errno == EPERM || errno == EACCES)) {
		*raw = 0;
		fd = socket(family, SOCK_DGRAM, proto);
	}
	if (fd < 0) {
		int err = errno;

		fprintf(stderr, "vrping: %s socket: %s%s\n", family == AF_INET6 ? "ICMPv6" : "ICMP",
			strerror(err), err == EPERM || err == EACCES ?
			" (needs CAP_NET_RAW, or a group in net.ipv4.ping_group_range)" : "");
		exit(1);
	}
	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) < 0) {
		perror("vrping: SO_TIMESTAMPNS");
		exit(1);
	}
	return fd;
}

static void send_one(int fd, int raw, const union sockaddr_any *dst, uint16_t id, uint32_t seq,
		     size_t payload, struct probe *p)
{
	uint8_t buf[sizeof(struct icmphdr) + MAX_PAYLOAD] = { 0 };
	struct icmphdr *icmp = (struct icmphdr *)buf;
	struct stamp st = { .magic = htonl(VRPING_MAGIC), .seq = htonl(seq) };
	size_t len = sizeof(*icmp) + payload;
	ssize_t n;

	/* an ICMPv6 echo request has the same header, and the kernel fills in its checksum */
	icmp->type = dst->sa.sa_family == AF_INET6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
	icmp->un.echo.id = htons(id);
	icmp->un.echo.sequence = htons((uint16_t)seq);
	memcpy(buf + sizeof(*icmp), &st, sizeof(st));
	if (raw && dst->sa.sa_family == AF_INET)
		icmp->checksum = csum(buf, len);

	p->sent = now_ns(CLOCK_REALTIME);
	n = sendto(fd, buf, len, 0, &dst->sa, addr_len(dst));
	/* a request the stack refused (no route yet...) simply gets no reply */
	if (n < 0 && errno != ENETUNREACH && errno != EHOSTUNREACH && errno != ENOBUFS &&
	    errno != EAGAIN) {
		perror("vrping: sendto");
		exit(1);
	}
}

/* reads every reply waiting; returns the number of requests newly answered */
static int recv_all(int fd, int raw, const union sockaddr_any *dst, uint16_t id,
		    struct probe *probes, uint32_t nsent)
{
	uint8_t buf[sizeof(struct iphdr) + 60 + sizeof(struct icmphdr) + MAX_PAYLOAD];
	union {
		char buf[CMSG_SPACE(sizeof(struct timespec))];
		struct cmsghdr align;
	} ctl;
	uint8_t reply = dst->sa.sa_family == AF_INET6 ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY;
	union sockaddr_any from;
	int answered = 0;

	for (;;) {
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr msg = {
			.msg_name = &from, .msg_namelen = sizeof(from),
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
		};
		const struct icmphdr *icmp;
		struct cmsghdr *cm;
		struct stamp st;
		int64_t t = 0;
		size_t off = 0;
		ssize_t n;
		uint32_t seq;

		n = recvmsg(fd, &msg, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return answered;
			perror("vrping: recvmsg");
			exit(1);
		}
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_TIMESTAMPNS) {
				struct timespec ts;

				memcpy(&ts, CMSG_DATA(cm), sizeof(ts));
				t = ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
			}
		}
		if (!t)
			t = now_ns(CLOCK_REALTIME);
		if (!same_addr(&from, dst))
			continue;
		/* only a raw IPv4 socket passes the IP header on */
		if (raw && dst->sa.sa_family == AF_INET) {
			const struct iphdr *ip = (const struct iphdr *)buf;

			if ((size_t)n < sizeof(*ip))
				continue;
			off = ip->ihl * 4;
		}
		if ((size_t)n < off + sizeof(*icmp) + sizeof(st))
			continue;
		icmp = (const struct icmphdr *)(buf + off);
		if (icmp->type != reply || (raw && ntohs(icmp->un.echo.id) != id))
			continue;
		memcpy(&st, buf + off + sizeof(*icmp), sizeof(st));
		seq = ntohl(st.seq);
		if (ntohl(st.magic) != VRPING_MAGIC || seq == 0 || seq > nsent ||
		    (uint16_t)seq != ntohs(icmp->un.echo.sequence))
			continue;
		if (!probes[seq - 1].recv) {
			probes[seq - 1].recv = t;
			answered++;
		}
	}
}

int main(int argc, char **argv)
{
	long interval_ms = 10, secs = 60, linger_ms = 1000, payload = 56;
	union sockaddr_any dst, src = { .sa.sa_family = 0 };
	const char *src_arg = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block, waitmask;
	int64_t start, deadline, next, now, interval;
	struct probe *probes;
	uint32_t nmax, nsent = 0, i;
	int fd, raw, opt;
	uint16_t id;

	while ((opt = getopt(argc, argv, "i:w:W:s:I:h")) != -1) {
		switch (opt) {
		case 'i':
			interval_ms = parse_num("i", optarg, 1, 60000);
			break;
		case 'w':
			secs = parse_num("w", optarg, 1, 86400);
			break;
		case 'W':
			linger_ms = parse_num("W", optarg, 0, 60000);
			break;
		case 's':
			payload = parse_num("s", optarg, sizeof(struct stamp), MAX_PAYLOAD);
			break;
		case 'I':
			src_arg = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 1) {
		usage(stderr);
		return 2;
	}
	parse_addr("ADDR", argv[optind], &dst);
	if (src_arg) {
		parse_addr("-I", src_arg, &src);
		if (src.sa.sa_family != dst.sa.sa_family) {
			fprintf(stderr, "vrping: -I %s: not an %s address, as ADDR %s is\n",
				src_arg, dst.sa.sa_family == AF_INET6 ? "IPv6" : "IPv4",
				argv[optind]);
			return 2;
		}
	}
	/* a link-local address without an interface takes the other one's */
	if (needs_scope(&dst) && !dst.in6.sin6_scope_id && needs_scope(&src))
		dst.in6.sin6_scope_id = src.in6.sin6_scope_id;
	if (needs_scope(&src) && !src.in6.sin6_scope_id && needs_scope(&dst))
		src.in6.sin6_scope_id = dst.in6.sin6_scope_id;
	if (needs_scope(&dst) && !dst.in6.sin6_scope_id) {
		fprintf(stderr, "vrping: ADDR: link-local %s needs an interface: %s%%IF\n",
			argv[optind], argv[optind]);
		return 2;
	}
	if (needs_scope(&src) && !src.in6.sin6_scope_id) {
		fprintf(stderr, "vrping: -I: link-local %s needs an interface: %s%%IF\n", src_arg,
			src_arg);
		return 2;
	}
	if (needs_scope(&dst) && needs_scope(&src) &&
	    dst.in6.sin6_scope_id != src.in6.sin6_scope_id) {
		fprintf(stderr, "vrping: %s and -I %s are on different interfaces\n", argv[optind],
			src_arg);
		return 2;
	}

	nmax = (uint32_t)(secs * 1000 / interval_ms + 1);
	probes = calloc(nmax, sizeof(*probes));
	if (!probes) {
		perror("vrping");
		return 1;
	}
	fd = open_socket(dst.sa.sa_family, &raw);
	if (src_arg && bind(fd, &src.sa, addr_len(&src)) < 0) {
		fprintf(stderr, "vrping: -I %s: bind: %s\n", src_arg, strerror(errno));
		return 1;
	}
	id = (uint16_t)getpid();

	/* the signals are taken only while waiting in ppoll(): no wake-up is missed */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	interval = interval_ms * NSEC_PER_MSEC;
	start = now_ns(CLOCK_MONOTONIC);
	deadline = start + secs * NSEC_PER_SEC;
	next = start;
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct timespec ts;

		now = now_ns(CLOCK_MONOTONIC);
		if (stop || now >= deadline || nsent == nmax)
			break;
		if (now >= next) {
			send_one(fd, raw, &dst, id, nsent + 1, payload, &probes[nsent]);
			if (!nsent++)
				fprintf(stderr, "vrping: %s%s%s: one request every %ld ms\n",
					argv[optind], src_arg ? " from " : "",
					src_arg ? src_arg : "", interval_ms);
			now = now_ns(CLOCK_MONOTONIC);
			next += interval;
			if (next <= now)
				next = now + interval;
			continue;
		}
		ts = ns_to_ts((next < deadline ? next : deadline) - now);
		if (ppoll(&pfd, 1, &ts, &waitmask) > 0)
			recv_all(fd, raw, &dst, id, probes, nsent);
	}

	/* the replies still on their way: until the newest request is answered, or the time is up */
	deadline = now_ns(CLOCK_MONOTONIC) + linger_ms * NSEC_PER_MSEC;
	recv_all(fd, raw, &dst, id, probes, nsent);
	while (nsent && !probes[nsent - 1].recv) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct timespec ts;

		now = now_ns(CLOCK_MONOTONIC);
		if (now >= deadline)
			break;
		ts = ns_to_ts(deadline - now);
		/* a second signal does not cut the wait short */
		if (ppoll(&pfd, 1, &ts, NULL) > 0)
			recv_all(fd, raw, &dst, id, probes, nsent);
	}
	close(fd);

	for (i = 0; i < nsent; i++) {
		if (probes[i].recv)
			printf("%u %lld %lld\n", i + 1, (long long)probes[i].sent,
			       (long long)probes[i].recv);
		else
			printf("%u %lld -\n", i + 1, (long long)probes[i].sent);
	}
	free(probes);
	return fflush(stdout) ? 1 : 0;
}
