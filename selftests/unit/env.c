// SPDX-License-Identifier: GPL-2.0
/* The userspace environment of the classifier core (see env.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "frames.h"

const struct env_cfg env_default_cfg = {
	.local_ip4 = &frame_ip_local,
	.n_local_ip4 = 1,
	.local_mac = &frame_mac_local,
	.n_local_mac = 1,
	.ip4_answer = -1,
	.mac_answer = -1,
	.headlen = SIZE_MAX,
};

int env_frame_init(struct env_frame *ef, const struct env_cfg *cfg, const void *frame, size_t len,
		   enum env_vlan_mode mode)
{
	const uint8_t *p = frame;
	size_t hdr = 14;
	uint16_t type;

	memset(ef, 0, sizeof(*ef));
	if (len < 14 || len - 14 > UINT32_MAX)
		return -1;
	ef->cfg = cfg ? cfg : &env_default_cfg;
	type = (uint16_t)(p[12] << 8 | p[13]);
	/* skb_vlan_untag() pulls the tag and the 2 bytes after it, or drops the frame */
	if (mode == ENV_VLAN_STRIP && (type == 0x8100 || type == 0x88a8) && len >= 20) {
		ef->f.vlan_present = 1;
		ef->f.vlan_tci = (uint16_t)(p[14] << 8 | p[15]);
		type = (uint16_t)(p[16] << 8 | p[17]);
		hdr = 18;
	}
	ef->eth = malloc(12);
	/* exactly the frame: a 0-byte block makes any read of it an error */
	ef->data = malloc(len - hdr);
	if (!ef->data && len == hdr)
		ef->data = malloc(1);
	if (!ef->eth || !ef->data) {
		env_frame_free(ef);
		return -1;
	}
	memcpy(ef->eth, p, 12);
	memcpy(ef->data, p + hdr, len - hdr);
	ef->f.eth = ef->eth;
	ef->f.priv = ef;
	ef->f.len = (unsigned int)(len - hdr);
	ef->f.proto = type;
	return 0;
}

void env_frame_free(struct env_frame *ef)
{
	free(ef->eth);
	free(ef->data);
	ef->eth = NULL;
	ef->data = NULL;
}

int env_classify(const struct env_cfg *cfg, const void *frame, size_t len,
		 enum env_vlan_mode mode, struct vr_pkt *pkt, struct env_frame *stats)
{
	struct env_frame ef;
	int ret;

	if (env_frame_init(&ef, cfg, frame, len, mode))
		return ENV_FAILURE;
	ret = vr_classify(&ef.f, pkt);
	env_frame_free(&ef);
	if (stats)
		*stats = ef;
	return ret;
}

const void *vr_env_read(const struct vr_frame *f, unsigned int off, unsigned int len, void *buf)
{
	struct env_frame *ef = (struct env_frame *)f->priv;

	ef->reads++;
	if (off > f->len || len > f->len - off) {
		ef->failed++;
		return NULL;
	}
	if (off + len > ef->max_end)
		ef->max_end = off + len;
	if (off + (size_t)len <= ef->cfg->headlen)
		return ef->data + off;
	ef->copied++;
	memcpy(buf, ef->data + off, len);
	return buf;
}

int vr_env_ip4_is_local(const struct vr_frame *f, unsigned int ip)
{
	struct env_frame *ef = (struct env_frame *)f->priv;
	int i;

	ef->ip4_queries++;
	if (ef->cfg->ip4_answer >= 0)
		return ef->cfg->ip4_answer;
	for (i = 0; i < ef->cfg->n_local_ip4; i++)
		if (!memcmp(ef->cfg->local_ip4[i], &ip, 4))
			return 1;
	return 0;
}

int vr_env_mac_is_local(const struct vr_frame *f, const unsigned char *mac)
{
	struct env_frame *ef = (struct env_frame *)f->priv;
	int i;

	ef->mac_queries++;
	if (ef->cfg->mac_answer >= 0)
		return ef->cfg->mac_answer;
	for (i = 0; i < ef->cfg->n_local_mac; i++)
		if (!memcmp(ef->cfg->local_mac[i], mac, 6))
			return 1;
	return 0;
}
