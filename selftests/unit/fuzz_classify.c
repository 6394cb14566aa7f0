// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the classifier core:
 *	clang-14 -g -O1 -fsanitize=fuzzer,address,undefined ...  (make fuzz)
 *
 * Input: one control byte, one layout byte, then an Ethernet frame.
 *   control bit 0: answer "is this IPv4 address local?" with bit 1 instead of the list
 *   control bit 2: answer "is this MAC local?" with bit 3 instead of the list
 *   layout: how many bytes after the EtherType are linear (255: all)
 * The frame is classified in both VLAN modes (tag in band, tag offloaded) and, in each, with the
 * given layout and all-linear. Everything must agree, the result must be VR_FT_NONE or a valid
 * type, and struct vr_pkt must be consistent with the type. Any violation aborts, which libFuzzer
 * reports as a finding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "env.h"

static void fail(const char *what, int r)
{
	fprintf(stderr, "fuzz_classify: %s (result %d)\n", what, r);
	abort();
}

static int zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return 0;
	return 1;
}

static void check_pkt(int r, const struct vr_pkt *p, const uint8_t *fr, size_t len,
		      const struct env_cfg *cfg)
{
	uint16_t et = (uint16_t)(fr[12] << 8 | fr[13]);
	int tagged = (et == 0x8100 || et == 0x88a8) && len >= 18;

	if (r < 0 || r == VMROAM_FT_MALFORMED)	/* none, unparsed: nothing reported */
		return;
	if (memcmp(p->eth_dst, fr, 6) || memcmp(p->eth_src, fr + 6, 6))
		fail("Ethernet addresses not copied", r);
	if (p->tagged != tagged || p->vlan != (tagged ? (fr[14] << 8 | fr[15]) & 0xfff : 0))
		fail("VLAN not reported", r);
	if (p->dhcp_msg > VR_DHCP_INFORM)
		fail("dhcp_msg out of range", r);
	if (p->n_ia > VR_DHCP6_ADDRS)
		fail("n_ia out of range", r);
	if (!zero((const uint8_t *)p->ia_addr + p->n_ia * 16, (VR_DHCP6_ADDRS - p->n_ia) * 16) ||
	    !zero(p->ia_valid + p->n_ia, (VR_DHCP6_ADDRS - p->n_ia) * sizeof(p->ia_valid[0])))
		fail("IA_NA addresses beyond n_ia not zero", r);
	if (r != VMROAM_FT_DHCP6_CLIENT && r != VMROAM_FT_DHCP6_SERVER &&
	    (p->dhcp6_msg || p->n_ia))
		fail("DHCPv6 fields of another type", r);
	if (r != VMROAM_FT_ND_NA_SOLICITED && r != VMROAM_FT_ND_NA_UNSOLICITED &&
	    (p->nd_router || p->nd_override))
		fail("NA flags of another type", r);

	if (r <= VMROAM_FT_RARP_REPLY) {
		if (!zero(p->sip6, 16) || !zero(p->tip6, 16) || p->has_lla || p->nd_override ||
		    p->dhcp_msg || p->dhcp_lease)
			fail("ARP: irrelevant fields not zero", r);
	} else if (r <= VMROAM_FT_ND_NA_UNSOLICITED || r == VMROAM_FT_ND_RA ||
		   r == VMROAM_FT_ND_REDIRECT) {
		if (p->sip || p->tip || !zero(p->tha, 6) || p->dhcp_msg || p->dhcp_lease)
			fail("ND: irrelevant fields not zero", r);
		if (r <= VMROAM_FT_ND_NA_UNSOLICITED && p->tip6[0] == 0xff)
			fail("ND: multicast target accepted", r);
		if (!p->has_lla && memcmp(p->sha, p->eth_src, 6))
			fail("ND: sha is neither the LLA nor the Ethernet source", r);
		if (r == VMROAM_FT_ND_RA && !zero(p->tip6, 16))
			fail("RA with a target", r);
		if (r == VMROAM_FT_ND_REDIRECT && p->has_lla)
			fail("redirect: sha from the target's LLA", r);
	} else if (r <= VMROAM_FT_DHCP_SERVER) {
		if (!zero(p->sip6, 16) || !zero(p->tip6, 16) || !zero(p->tha, 6) || p->has_lla ||
		    p->nd_override)
			fail("DHCP: irrelevant fields not zero", r);
	} else {
		int server = r == VMROAM_FT_DHCP6_SERVER, m = p->dhcp6_msg;
		int known = m >= VR_DHCP6_SOLICIT && m <= VR_DHCP6_RELAY_REPL;
		int server_msg = m == VR_DHCP6_ADVERTISE || m == VR_DHCP6_REPLY ||
				 m == VR_DHCP6_RECONFIGURE || m == VR_DHCP6_RELAY_REPL;

		if (p->sip || p->tip || !zero(p->tha, 6) || !zero(p->tip6, 16) || p->has_lla ||
		    p->dhcp_msg || p->dhcp_lease)
			fail("DHCPv6: irrelevant fields not zero", r);
		if (known && server != server_msg)
			fail("DHCPv6: message type of the other side", r);
		if (memcmp(p->sha, server ? p->eth_dst : p->eth_src, 6))
			fail("DHCPv6: the client is not the Ethernet source (destination)", r);
		if ((m == VR_DHCP6_RELAY_FORW || m == VR_DHCP6_RELAY_REPL) && p->n_ia)
			fail("DHCPv6: addresses read from a relay message", r);
	}

	switch (r) {
	case VMROAM_FT_ARP_PROBE:
		if (p->sip)
			fail("probe with a sender IP", r);
		break;
	case VMROAM_FT_ARP_GARP_REQUEST:
	case VMROAM_FT_ARP_GARP_REPLY:
		if (!p->sip || p->sip != p->tip)
			fail("gratuitous ARP with sip != tip or sip 0", r);
		break;
	case VMROAM_FT_ARP_REQUEST_LOCAL:
	case VMROAM_FT_ARP_REQUEST_OTHER:
		if (!p->sip || p->sip == p->tip)
			fail("request that is a probe or gratuitous", r);
		if (cfg->ip4_answer >= 0 && cfg->ip4_answer != (r == VMROAM_FT_ARP_REQUEST_LOCAL))
			fail("request local/other disagrees with the environment", r);
		break;
	case VMROAM_FT_ARP_REPLY_BROADCAST:
		if (!(p->eth_dst[0] & 1))
			fail("broadcast reply to a unicast MAC", r);
		break;
	case VMROAM_FT_ARP_REPLY_LOCAL:
	case VMROAM_FT_ARP_REPLY_OTHER:
		if (p->eth_dst[0] & 1)
			fail("unicast reply to a group MAC", r);
		if (p->sip && p->sip == p->tip)
			fail("unicast reply that is gratuitous", r);
		if (cfg->mac_answer >= 0 && cfg->mac_answer != (r == VMROAM_FT_ARP_REPLY_LOCAL))
			fail("reply local/other disagrees with the environment", r);
		break;
	case VMROAM_FT_ND_NS_DAD:
		if (!zero(p->sip6, 16) || p->has_lla)
			fail("DAD NS from a source or with an LLA", r);
		break;
	case VMROAM_FT_ND_NS:
		if (zero(p->sip6, 16))
			fail("NS from ::", r);
		break;
	}
}

static int classify(const struct env_cfg *cfg, const uint8_t *fr, size_t len,
		    enum env_vlan_mode mode, struct vr_pkt *pkt)
{
	int r;

	memset(pkt, 0xa5, sizeof(*pkt));
	r = env_classify(cfg, fr, len, mode, pkt, NULL);
	if (r == ENV_FAILURE)
		fail("environment failure", r);
	if (r != VR_FT_NONE && r != VR_FT_UNPARSED && (r < 0 || r >= VMROAM_FT_COUNT))
		fail("result out of range", r);
	check_pkt(r, pkt, fr, len, cfg);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct env_cfg cfg = env_default_cfg, lin;
	struct vr_pkt pa, pb, pl;
	const uint8_t *fr = data + 2;
	size_t len;
	int ra, rb, rl;

	if (size < 2 + 14)
		return 0;
	len = size - 2;
	cfg.ip4_answer = data[0] & 1 ? (data[0] >> 1) & 1 : -1;
	cfg.mac_answer = data[0] & 4 ? (data[0] >> 3) & 1 : -1;
	cfg.headlen = data[1] == 255 ? SIZE_MAX : data[1];
	lin = cfg;
	lin.headlen = SIZE_MAX;

	ra = classify(&cfg, fr, len, ENV_VLAN_INBAND, &pa);
	rl = classify(&lin, fr, len, ENV_VLAN_INBAND, &pl);
	if (ra != rl || (ra != VR_FT_NONE && memcmp(&pa, &pl, sizeof(pa))))
		fail("linear and paged frames classify differently", ra);
	rb = classify(&cfg, fr, len, ENV_VLAN_STRIP, &pb);
	rl = classify(&lin, fr, len, ENV_VLAN_STRIP, &pl);
	if (rb != rl || (rb != VR_FT_NONE && memcmp(&pb, &pl, sizeof(pb))))
		fail("linear and paged frames classify differently (tag offloaded)", rb);
	if (ra != rb || (ra != VR_FT_NONE && memcmp(&pa, &pb, sizeof(pa))))
		fail("in-band and offloaded VLAN tags classify differently", ra);
	return 0;
}
