// SPDX-License-Identifier: GPL-2.0
/*
 * The names of the uapi's enums (origins, states, activations, drop reasons, actions): one
 * table shape, struct vr_name indexed by value, and the lookups, lists and help every command
 * uses on them. See vmroam.h.
 */
#include <stdio.h>
#include <string.h>

#include "vmroam.h"

int vr_names_find(const struct vr_names *t, const char *word)
{
	unsigned int v;

	for (v = 0; v < t->n; v++) {
		if (t->v[v].name && strcmp(t->v[v].name, word) == 0)
			return v;
	}
	return -1;
}

const char *vr_names_name(const struct vr_names *t, unsigned int v)
{
	return v < t->n ? t->v[v].name : NULL;
}

const char *vr_names_str(const struct vr_names *t, unsigned int v, char *buf, size_t len)
{
	const char *name = vr_names_name(t, v);

	size_t n;

	if (!len)
		return buf;
	if (!name) {
		snprintf(buf, len, "%u", v);
		return buf;
	}
	n = strnlen(name, len - 1);	/* a name is short: no snprintf() per binding */
	memcpy(buf, name, n);
	buf[n] = '\0';
	return buf;
}

void vr_names_list(const struct vr_names *t, char *buf, size_t len)
{
	unsigned int v, last = t->n;
	const char *sep = "";
	size_t n = 0;

	buf[0] = '\0';
	for (v = 0; v < t->n; v++) {
		if (t->v[v].name)
			last = v;
	}
	for (v = 0; v < t->n && n < len; v++) {
		if (!t->v[v].name)
			continue;
		n += snprintf(buf + n, len - n, "%s%s", v == last && *sep ? " or " : sep,
			      t->v[v].name);
		sep = ", ";
	}
}

void vr_names_help(FILE *out, const struct vr_names *t)
{
	unsigned int v;

	for (v = 0; v < t->n; v++) {
		if (t->v[v].name)
			vr_help_entry(out, t->v[v].name, t->v[v].help ? t->v[v].help : "");
	}
}
