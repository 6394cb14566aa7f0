// SPDX-License-Identifier: GPL-2.0
/*
 * The lines of a command file (-batch FILE, the configuration file of "apply"): each line one
 * command in the words of the command line. Words are separated by blanks; '...' and "..."
 * quote blanks into a word; a word starting with '#' starts a comment to the end of the line; a
 * backslash at the end of a line continues it on the next. The whole file is read at once, so
 * that "apply" can check it all before it changes anything, and go over it again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmroam.h"

#define VR_LINE_MAX_WORDS	256

struct vr_lines {
	char *name;		/* for messages: the path, or "stdin" */
	char *text;		/* the whole file, NUL-terminated */
	size_t len;
	size_t pos;		/* where the next line starts */
	unsigned int lineno;	/* of the line vr_lines_next() returned last */
	unsigned int next_lineno;
	char *buf;		/* the words of that line, each NUL-terminated */
	char *argv[VR_LINE_MAX_WORDS + 1];
};

/* "FILE:LINE" that vr_err() puts before its messages while a line runs; NULL outside */
static char vr_where[256];

const char *vr_err_where(void)
{
	return vr_where[0] ? vr_where : NULL;
}

static char *vr_read_all(FILE *f, size_t *lenp)
{
	size_t len = 0, cap = 0, n;
	char *text = NULL, *p;

	do {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 8192;
			p = realloc(text, cap + 1);
			if (!p) {
				free(text);
				errno = ENOMEM;
				return NULL;
			}
			text = p;
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
	} while (n);
	if (ferror(f)) {
		free(text);
		errno = EIO;
		return NULL;
	}
	text[len] = '\0';
	*lenp = len;
	return text;
}

struct vr_lines *vr_lines_open(const char *path)
{
	bool is_stdin = strcmp(path, "-") == 0;
	struct vr_lines *l;
	FILE *f;

	l = calloc(1, sizeof(*l));
	if (!l) {
		vr_err("out of memory");
		return NULL;
	}
	f = is_stdin ? stdin : fopen(path, "r");
	if (!f) {
		vr_err("cannot open %s: %s", path, strerror(errno));
		free(l);
		return NULL;
	}
	l->text = vr_read_all(f, &l->len);
	if (!is_stdin)
		fclose(f);
	l->name = strdup(is_stdin ? "stdin" : path);
	if (!l->text || !l->name) {
		vr_err("cannot read %s: %s", path, strerror(errno ? errno : ENOMEM));
		vr_lines_close(l);
		return NULL;
	}
	if (memchr(l->text, '\0', l->len)) {
		vr_err("%s is not a text file (it has a NUL byte)", path);
		vr_lines_close(l);
		return NULL;
	}
	l->buf = malloc(l->len + 1);
	if (!l->buf) {
		vr_err("out of memory");
		vr_lines_close(l);
		return NULL;
	}
	l->next_lineno = 1;
	return l;
}

void vr_lines_rewind(struct vr_lines *l)
{
	l->pos = 0;
	l->lineno = 0;
	l->next_lineno = 1;
	vr_where[0] = '\0';
}

void vr_lines_close(struct vr_lines *l)
{
	if (!l)
		return;
	vr_where[0] = '\0';
	free(l->name);
	free(l->text);
	free(l->buf);
	free(l);
}

unsigned int vr_lines_lineno(const struct vr_lines *l)
{
	return l->lineno;
}

/*
 * The words of the line at l->pos into l->buf and l->argv: 1 with *argc > 0, or 0 for a line
 * without words. Steps l->pos past the line (and the lines a backslash joined to it).
 */
static int vr_lines_split(struct vr_lines *l, int *argc)
{
	const char *s = l->text + l->pos, *end = l->text + l->len;
	char *out = l->buf + l->pos, quote;
	int n = 0;

	l->lineno = l->next_lineno;
	for (;;) {
		/* blanks, and a backslash-newline between words */
		while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' ||
				   (*s == '\\' && s + 1 < end && s[1] == '\n'))) {
			if (*s == '\\') {
				s++;
				l->next_lineno++;
			}
			s++;
		}
		if (s == end || *s == '\n')
			break;
		if (*s == '#') {
			while (s < end && *s != '\n')
				s++;
			break;
		}
		if (n == VR_LINE_MAX_WORDS) {
			vr_err("more than %d words in a line", VR_LINE_MAX_WORDS);
			return -VR_EXIT_USAGE;
		}
		l->argv[n++] = out;
		quote = 0;
		while (s < end && (quote || (*s != ' ' && *s != '\t' && *s != '\r' &&
					     *s != '\n'))) {
			if (*s == '\\' && s + 1 < end && s[1] == '\n') {
				s += 2;
				l->next_lineno++;
				if (!quote)
					break;
				continue;
			}
			if (quote && *s == '\n') {
				vr_err("unterminated %c quote", quote);
				return -VR_EXIT_USAGE;
			}
			if (!quote && (*s == '\'' || *s == '"')) {
				quote = *s++;
				continue;
			}
			if (quote && *s == quote) {
				quote = 0;
				s++;
				continue;
			}
			*out++ = *s++;
		}
		if (quote) {
			vr_err("unterminated %c quote", quote);
			return -VR_EXIT_USAGE;
		}
		*out++ = '\0';
	}
	if (s < end)	/* the newline */
		s++;
	l->next_lineno++;
	l->pos = s - l->text;
	l->argv[n] = NULL;
	*argc = n;
	return n > 0;
}

int vr_lines_next(struct vr_lines *l, int *argc, char ***argv)
{
	int r;

	while (l->pos < l->len) {
		/* the location first: the split's own messages carry it */
		snprintf(vr_where, sizeof(vr_where), "%s:%u", l->name, l->next_lineno);
		r = vr_lines_split(l, argc);
		if (r < 0)
			return r;
		if (r) {
			snprintf(vr_where, sizeof(vr_where), "%s:%u", l->name, l->lineno);
			*argv = l->argv;
			return 1;
		}
	}
	vr_where[0] = '\0';
	return 0;
}
