// SPDX-License-Identifier: GPL-2.0
/*
 * The keywords of a subcommand, table-driven: each struct vr_kw names a keyword, the kind of its
 * value and where the value goes in the subcommand's own arguments struct. One parser reads
 * every subcommand's words with its table, so that a keyword means and checks the same in every
 * command ("mac", "vlan", "ip"...), "given twice" and "unknown argument" are said alike, and a
 * new keyword is one line of a table. See vmroam.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vmroam.h"

#define VR_KW_FIELD(args, off, type)	((type *)((char *)(args) + (off)))

/* digits only, @min to @max: no sign, no spaces, no hex, and no overflow before the check */
static bool vr_kw_uint(const char *word, uint32_t min, uint32_t max, uint32_t *v)
{
	unsigned long long n = 0;
	const char *s;

	for (s = word; *s >= '0' && *s <= '9' && n <= max; s++)
		n = n * 10 + (*s - '0');
	if (s == word || *s || n < min || n > max)
		return false;
	*v = n;
	return true;
}

/* whether @kw was given already, by its "has" flag or its value */
static bool vr_kw_given(const struct vr_kw *kw, const void *args)
{
	if (kw->has)
		return *VR_KW_FIELD(args, kw->has - 1, const bool);
	switch (kw->type) {
	case VR_KW_DEV:
		return *VR_KW_FIELD(args, kw->off, const char *const);
	case VR_KW_IP:
		return !kw->repeat && *VR_KW_FIELD(args, kw->count, const unsigned int);
	default:
		return false;
	}
}

static const char *vr_kw_desc(const struct vr_kw *kw, char *buf, size_t len)
{
	if (kw->desc)
		return kw->desc;
	if (kw->names) {
		vr_names_list(kw->names, buf, len);
		return buf;
	}
	switch (kw->type) {
	case VR_KW_DEV:
		return "a device name";
	case VR_KW_MAC:
		return "a MAC address";
	case VR_KW_VLAN:
		return "a VLAN ID";
	case VR_KW_IP:
		return "an IP address";
	case VR_KW_ONOFF:
		return "on or off";
	default:
		return "a number";
	}
}

/* the value @word of @kw into @args; false when it is wrong (said) */
static bool vr_kw_value(const char *what, const struct vr_kw *kw, const char *word, void *args)
{
	const char *name = kw->value_name ? kw->value_name : kw->key;
	char list[256];
	uint32_t v;
	int idx;

	switch (kw->type) {
	case VR_KW_DEV:
		if (!vr_arg_dev(what, word))
			return false;
		*VR_KW_FIELD(args, kw->off, const char *) = word;
		return true;
	case VR_KW_MAC:
		return vr_arg_mac(what, word, VR_KW_FIELD(args, kw->off, uint8_t));
	case VR_KW_VLAN:
		if (!vr_kw_uint(word, kw->min, VR_VLAN_MAX, &v)) {
			vr_err("%s: invalid VLAN ID \"%s\" (%u to %d)", what, word, kw->min,
			       VR_VLAN_MAX);
			return false;
		}
		*VR_KW_FIELD(args, kw->off, uint16_t) = v;
		return true;
	case VR_KW_IP:
		return vr_arg_ip_list(what, word, VR_KW_FIELD(args, kw->off, struct vr_ip),
				      VR_KW_FIELD(args, kw->count, unsigned int));
	case VR_KW_ONOFF:
		if (strcmp(word, "on") && strcmp(word, "off")) {
			vr_err("%s: invalid %s \"%s\" (on or off)", what, name, word);
			return false;
		}
		*VR_KW_FIELD(args, kw->off, uint32_t) = strcmp(word, "on") == 0;
		return true;
	case VR_KW_UINT:
		if (kw->none && strcmp(word, "none") == 0) {
			*VR_KW_FIELD(args, kw->off, uint32_t) = 0;
			return true;
		}
		if (!vr_kw_uint(word, kw->min, kw->max, &v)) {
			vr_err("%s: invalid %s \"%s\" (%u to %u%s%s)", what, name, word, kw->min,
			       kw->max, kw->unit ? kw->unit : "", kw->none ? ", or none" : "");
			return false;
		}
		*VR_KW_FIELD(args, kw->off, uint32_t) = v;
		return true;
	case VR_KW_NAME:
		idx = vr_names_find(kw->names, word);
		if (idx < 0) {
			vr_names_list(kw->names, list, sizeof(list));
			vr_err("%s: unknown %s \"%s\" (%s)", what, name, word, list);
			return false;
		}
		*VR_KW_FIELD(args, kw->off, uint8_t) = idx;
		return true;
	case VR_KW_FUNC:
		return kw->parse(what, kw, word, args);
	}
	return false;
}

const struct vr_kw *vr_kw_find(const struct vr_kw *kws, const char *word)
{
	for (; kws->key; kws++) {
		if (strcmp(kws->key, word) == 0)
			return kws;
	}
	return NULL;
}

int vr_kw_arg_one(const char *what, const struct vr_kw *kw, int argc, char **argv, int *i,
		  void *args)
{
	const char *word;
	char buf[256];

	word = vr_arg_value(what, argc, argv, i, vr_kw_desc(kw, buf, sizeof(buf)),
			    vr_kw_given(kw, args) ? "" : NULL);
	if (!word || !vr_kw_value(what, kw, word, args))
		return -1;
	if (kw->has)
		*VR_KW_FIELD(args, kw->has - 1, bool) = true;
	return 1;
}

int vr_kw_arg(const char *what, const struct vr_kw *kws, int argc, char **argv, int *i,
	      void *args)
{
	const struct vr_kw *kw = vr_kw_find(kws, argv[*i]);

	return kw ? vr_kw_arg_one(what, kw, argc, argv, i, args) : 0;
}

int vr_kw_parse(const char *what, const char *object, const struct vr_kw *kws, int argc,
		char **argv, void *args)
{
	int i, r;

	for (i = 0; i < argc; i++) {
		r = vr_kw_arg(what, kws, argc, argv, &i, args);
		if (r < 0)
			return VR_EXIT_USAGE;
		if (!r) {
			vr_err("%s: unknown argument \"%s\"; try \"vmroam %s help\"", what, argv[i],
			       object);
			return VR_EXIT_USAGE;
		}
	}
	return VR_EXIT_OK;
}
