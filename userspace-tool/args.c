// SPDX-License-Identifier: GPL-2.0
/* The words of a command line: devices, MAC and IP addresses, VLAN IDs. See vmroam.h. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "vmroam.h"

const char *vr_arg_value(const char *what, int argc, char **argv, int *i, const char *desc,
			 const char *prev)
{
	const char *key = argv[*i];

	if (prev) {
		vr_err("%s: \"%s\" given twice", what, key);
		return NULL;
	}
	if (++*i == argc) {
		vr_err("%s: \"%s\" needs %s", what, key, desc);
		return NULL;
	}
	return argv[*i];
}

bool vr_arg_dev(const char *what, const char *word)
{
	if (!*word || strlen(word) >= IF_NAMESIZE) {
		vr_err("%s: invalid device name \"%s\"", what, word);
		return false;
	}
	return true;
}

static int vr_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool vr_arg_mac(const char *what, const char *word, uint8_t *mac)
{
	const char *s = word;
	int i, n, d;

	for (i = 0; i < VR_MAC_LEN; i++) {
		if (i && *s++ != ':')
			goto bad;
		mac[i] = 0;
		for (n = 0; n < 2 && (d = vr_hex(*s)) >= 0; n++, s++)
			mac[i] = mac[i] << 4 | d;
		if (!n)
			goto bad;
	}
	if (!*s)
		return true;
bad:
	vr_err("%s: invalid MAC address \"%s\" (expected six hex octets: 52:54:00:12:34:56)",
	       what, word);
	return false;
}

bool vr_arg_vlan(const char *what, const char *word, uint16_t *vid)
{
	unsigned long v = 0;
	const char *s;

	/* digits only: no sign, no spaces, no hex; and no overflow before the range check */
	for (s = word; isdigit((unsigned char)*s) && v <= VR_VLAN_MAX; s++)
		v = v * 10 + (*s - '0');
	if (s == word || *s || v > VR_VLAN_MAX) {
		vr_err("%s: invalid VLAN ID \"%s\" (0 to %d)", what, word, VR_VLAN_MAX);
		return false;
	}
	*vid = v;
	return true;
}

bool vr_arg_ip(const char *what, const char *word, struct vr_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, word, &ip->v4) == 1) {
		ip->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, word, &ip->v6) == 1) {
		ip->family = AF_INET6;
		return true;
	}
	vr_err("%s: invalid IP address \"%s\"", what, word);
	return false;
}

bool vr_ip_equal(const struct vr_ip *a, const struct vr_ip *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->v4.s_addr == b->v4.s_addr;
	return memcmp(&a->v6, &b->v6, sizeof(a->v6)) == 0;
}

bool vr_arg_ip_list(const char *what, const char *word, struct vr_ip *ips, unsigned int *n)
{
	struct vr_ip *ip = &ips[*n];
	unsigned int k, same = 0;

	if (*n == VR_MAX_IPS) {
		vr_err("%s: too many addresses at \"%s\" (at most %d IPv4 and %d IPv6)", what, word,
		       VR_MAX_IPV4, VR_MAX_IPV6);
		return false;
	}
	if (!vr_arg_ip(what, word, ip))
		return false;
	for (k = 0; k < *n; k++) {
		if (vr_ip_equal(&ips[k], ip)) {
			vr_err("%s: address %s given twice", what, word);
			return false;
		}
		if (ips[k].family == ip->family)
			same++;
	}
	if (same == (ip->family == AF_INET ? VR_MAX_IPV4 : VR_MAX_IPV6)) {
		vr_err("%s: too many %s addresses at \"%s\" (at most %d IPv4 and %d IPv6)", what,
		       ip->family == AF_INET ? "IPv4" : "IPv6", word, VR_MAX_IPV4, VR_MAX_IPV6);
		return false;
	}
	++*n;
	return true;
}

bool vr_arg_seconds(const char *what, const char *desc, const char *word, uint32_t *v)
{
	unsigned long long n = 0;
	const char *s;

	/* digits only: no sign, no spaces, no hex; and no overflow before the range check */
	for (s = word; isdigit((unsigned char)*s) && n <= UINT32_MAX; s++)
		n = n * 10 + (*s - '0');
	if (s == word || *s || n > UINT32_MAX) {
		vr_err("%s: invalid %s \"%s\" (0 to %" PRIu32 " seconds)", what, desc, word,
		       UINT32_MAX);
		return false;
	}
	*v = n;
	return true;
}

uint32_t vr_dev_index(const char *dev)
{
	unsigned int ifindex = if_nametoindex(dev);

	if (!ifindex) {
		if (errno == ENODEV || errno == ENXIO)
			vr_err("no such device: %s", dev);
		else
			vr_err("cannot look up device %s: %s", dev, strerror(errno));
	}
	return ifindex;
}

/* by hand, not snprintf(): a dump of 100 000 bindings spent a fifth of its time there */
void vr_mac_str(const uint8_t *mac, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < VR_MAC_LEN; i++) {
		buf[3 * i] = hex[mac[i] >> 4];
		buf[3 * i + 1] = hex[mac[i] & 15];
		buf[3 * i + 2] = i + 1 < VR_MAC_LEN ? ':' : '\0';
	}
}

/* dotted quad, as inet_ntop() writes it: glibc's goes through sprintf(), a dump's hot spot */
static char *vr_ip4_str(const struct in_addr *a, char *buf)
{
	const uint8_t *b = (const uint8_t *)&a->s_addr;
	char *p = buf;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		if (b[i] >= 100)
			*p++ = '0' + b[i] / 100;
		if (b[i] >= 10)
			*p++ = '0' + b[i] / 10 % 10;
		*p++ = '0' + b[i] % 10;
		*p++ = i < 3 ? '.' : '\0';
	}
	return buf;
}

const char *vr_ip_str(const struct vr_ip *ip, char *buf)
{
	if (ip->family == AF_INET)
		return vr_ip4_str(&ip->v4, buf);
	return inet_ntop(ip->family, &ip->v6, buf, INET6_ADDRSTRLEN);
}
