// SPDX-License-Identifier: GPL-2.0
/*
 * vrping: ICMP echo requests at a steady interval, for the vmroam shell selftests. It records when
 * each request left and when its reply came back, so a test can tell how many pings a migration
 * lost after a given moment and how long the first reply took.
 *
 *	vrping [-i MS] [-w SECONDS] [-W MS] [-s BYTES] ADDR
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
 * It uses a raw ICMP socket (CAP_NET_RAW), else an ICMP datagram socket (ping_group_range).
 */
#define _GNU_SOURCE	/* ppoll */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/icmp.h>
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
"usage: vrping [-i MS] [-w SECONDS] [-W MS] [-s BYTES] ADDR\n"
"\n"
"Send an ICMP echo request to IPv4 ADDR every MS milliseconds (-i, default 10) for SECONDS\n"
"(-w, default 60) or until SIGTERM/SIGINT, wait up to -W MS (default 1000) for the last\n"
"replies, then print \"SEQ SEND_NS RECV_NS\" per request (RECV_NS \"-\" without a reply),\n"
"CLOCK_REALTIME in nanoseconds. -s: payload bytes (default 56, at least 8).\n");
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

/* a raw ICMP socket, else a datagram one; *raw says which */
static int open_socket(int *raw)
{
	struct icmp_filter filt = { .data = ~(1U << ICMP_ECHOREPLY) };
	int fd, on = 1;

	*raw = 1;
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd >= 0 &&
	    setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof(filt)) < 0) {
		perror("vrping: ICMP_FILTER");
		exit(1);
	}
	if (fd < 0 && (errno == EPERM || errno == EACCES)) {
		*raw = 0;
		fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	}
	if (fd < 0) {
		perror("vrping: socket");
		exit(1);
	}
	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) < 0) {
		perror("vrping: SO_TIMESTAMPNS");
		exit(1);
	}
	return fd;
}

static void send_one(int fd, int raw, const struct sockaddr_in *dst, uint16_t id, uint32_t seq,
		     size_t payload, struct probe *p)
{
	uint8_t buf[sizeof(struct icmphdr) + MAX_PAYLOAD] = { 0 };
	struct icmphdr *icmp = (struct icmphdr *)buf;
	struct stamp st = { .magic = htonl(VRPING_MAGIC), .seq = htonl(seq) };
	size_t len = sizeof(*icmp) + payload;
	ssize_t n;

	icmp->type = ICMP_ECHO;
	icmp->un.echo.id = htons(id);
	icmp->un.echo.sequence = htons((uint16_t)seq);
	memcpy(buf + sizeof(*icmp), &st, sizeof(st));
	if (raw)
		icmp->checksum = csum(buf, len);

	p->sent = now_ns(CLOCK_REALTIME);
	n = sendto(fd, buf, len, 0, (const struct sockaddr *)dst, sizeof(*dst));
	/* a request the stack refused (no route yet...) simply gets no reply */
	if (n < 0 && errno != ENETUNREACH && errno != EHOSTUNREACH && errno != ENOBUFS &&
	    errno != EAGAIN) {
		perror("vrping: sendto");
		exit(1);
	}
}

/* reads every reply waiting; returns the number of requests newly answered */
static int recv_all(int fd, int raw, const struct sockaddr_in *dst, uint16_t id,
		    struct probe *probes, uint32_t nsent)
{
	uint8_t buf[sizeof(struct iphdr) + 60 + sizeof(struct icmphdr) + MAX_PAYLOAD];
	union {
		char buf[CMSG_SPACE(sizeof(struct timespec))];
		struct cmsghdr align;
	} ctl;
	struct sockaddr_in from;
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
		if (from.sin_addr.s_addr != dst->sin_addr.s_addr)
			continue;
		if (raw) {
			const struct iphdr *ip = (const struct iphdr *)buf;

			if ((size_t)n < sizeof(*ip))
				continue;
			off = ip->ihl * 4;
		}
		if ((size_t)n < off + sizeof(*icmp) + sizeof(st))
			continue;
		icmp = (const struct icmphdr *)(buf + off);
		if (icmp->type != ICMP_ECHOREPLY || (raw && ntohs(icmp->un.echo.id) != id))
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
	struct sockaddr_in dst = { .sin_family = AF_INET };
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block, waitmask;
	int64_t start, deadline, next, now, interval;
	struct probe *probes;
	uint32_t nmax, nsent = 0, i;
	int fd, raw, opt;
	uint16_t id;

	while ((opt = getopt(argc, argv, "i:w:W:s:h")) != -1) {
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
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 1 || inet_pton(AF_INET, argv[optind], &dst.sin_addr) != 1) {
		usage(stderr);
		return 2;
	}

	nmax = (uint32_t)(secs * 1000 / interval_ms + 1);
	probes = calloc(nmax, sizeof(*probes));
	if (!probes) {
		perror("vrping");
		return 1;
	}
	fd = open_socket(&raw);
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
				fprintf(stderr, "vrping: %s: one request every %ld ms\n",
					argv[optind], interval_ms);
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
