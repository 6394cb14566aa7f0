// SPDX-License-Identifier: GPL-2.0
/*
 * A small streaming JSON writer: see json.h. It writes into a buffer of its own with memcpy()
 * and hands the buffer to its FILE in JSONW_FLUSH pieces, or, held, only when told: "binding
 * show -j" of 100 000 bindings is some 20 MB of it, and stdio's per-call work was most of the
 * CLI's time. A string's run of characters that need no escape is copied in one go.
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define JSONW_INDENT	4
#define JSONW_FLUSH	65536

struct json_writer {
	FILE *out;
	char *buf;
	size_t len, cap;
	bool hold;		/* keep what is written until jsonw_flush() */
	bool failed;		/* out of memory: what was written since is lost */
	unsigned int depth;
	bool pretty;
	bool sep;		/* a value was written at this depth: the next one needs a comma */
	bool after_name;	/* a key was written: its value follows on the same line */
	bool written;
};

struct json_writer *jsonw_new(FILE *out)
{
	struct json_writer *self = calloc(1, sizeof(*self));

	if (self)
		self->out = out;
	return self;
}

static void jsonw_put(struct json_writer *self, const void *s, size_t n)
{
	if (self->len + n > self->cap) {
		size_t cap = self->cap ? self->cap : 2 * JSONW_FLUSH;
		char *buf;

		while (cap < self->len + n)
			cap *= 2;
		buf = realloc(self->buf, cap);
		if (!buf) {
			self->failed = true;
			return;
		}
		self->buf = buf;
		self->cap = cap;
	}
	memcpy(self->buf + self->len, s, n);
	self->len += n;
	if (!self->hold && self->len >= JSONW_FLUSH)
		jsonw_flush(self);
}

static void jsonw_putc(struct json_writer *self, char c)
{
	if (self->len < self->cap)
		self->buf[self->len++] = c;
	else
		jsonw_put(self, &c, 1);
}

static void jsonw_puts_raw(struct json_writer *self, const char *s)
{
	jsonw_put(self, s, strlen(s));
}

int jsonw_flush(struct json_writer *self)
{
	int ret = self->failed ? -1 : 0;

	if (self->len && fwrite(self->buf, 1, self->len, self->out) != self->len)
		ret = -1;
	self->len = 0;
	self->failed = false;
	return ret;
}

void jsonw_hold(struct json_writer *self, bool on)
{
	self->hold = on;
}

void jsonw_discard(struct json_writer *self)
{
	self->len = 0;
	self->failed = false;
	self->depth = 0;
	self->sep = false;
	self->after_name = false;
	self->written = false;
}

void jsonw_destroy(struct json_writer **self)
{
	if (!*self)
		return;
	if ((*self)->written)
		jsonw_putc(*self, '\n');
	jsonw_flush(*self);
	free((*self)->buf);
	free(*self);
	*self = NULL;
}

void jsonw_pretty(struct json_writer *self, bool on)
{
	self->pretty = on;
}

static void jsonw_newline(struct json_writer *self)
{
	unsigned int i;

	if (!self->pretty)
		return;
	jsonw_putc(self, '\n');
	for (i = 0; i < self->depth * JSONW_INDENT; i++)
		jsonw_putc(self, ' ');
}

/* what comes before a value or a key: a comma and, pretty, a new line */
static void jsonw_begin_item(struct json_writer *self)
{
	if (self->depth) {
		if (self->sep)
			jsonw_putc(self, ',');
		jsonw_newline(self);
	} else if (self->sep) {		/* values at the top level go one per line */
		jsonw_putc(self, '\n');
	}
	self->written = true;
}

static void jsonw_begin_value(struct json_writer *self)
{
	if (self->after_name)
		self->after_name = false;
	else
		jsonw_begin_item(self);
}

/*
 * the characters a JSON string cannot hold as they are: '"', '\\' and the controls; a table,
 * since every character of every string of a dump is looked up
 */
static const bool jsonw_escaped[256] = {
	[0x00 ... 0x1f] = true,
	['"'] = true,
	['\\'] = true,
};

static bool jsonw_needs_escape(unsigned char c)
{
	return jsonw_escaped[c];
}

static void jsonw_puts(struct json_writer *self, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;

	jsonw_putc(self, '"');
	for (;;) {
		for (run = p; !jsonw_needs_escape(*p); p++)	/* NUL is escaped: it ends the run */
			;
		if (p > run)
			jsonw_put(self, run, p - run);
		if (!*p)
			break;
		switch (*p) {
		case '"':
			jsonw_puts_raw(self, "\\\"");
			break;
		case '\\':
			jsonw_puts_raw(self, "\\\\");
			break;
		case '\b':
			jsonw_puts_raw(self, "\\b");
			break;
		case '\f':
			jsonw_puts_raw(self, "\\f");
			break;
		case '\n':
			jsonw_puts_raw(self, "\\n");
			break;
		case '\r':
			jsonw_puts_raw(self, "\\r");
			break;
		case '\t':
			jsonw_puts_raw(self, "\\t");
			break;
		default: {
			static const char hex[] = "0123456789abcdef";
			char u[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };

			jsonw_put(self, u, sizeof(u));
		}
		}
		p++;
	}
	jsonw_putc(self, '"');
}

/* @v in decimal, without fprintf()'s parsing of a format */
static void jsonw_put_u64(struct json_writer *self, uint64_t v)
{
	char buf[20], *p = buf + sizeof(buf);

	do {
		*--p = '0' + v % 10;
		v /= 10;
	} while (v);
	jsonw_put(self, p, buf + sizeof(buf) - p);
}

static void jsonw_open(struct json_writer *self, char c)
{
	jsonw_begin_value(self);
	jsonw_putc(self, c);
	self->depth++;
	self->sep = false;
}

static void jsonw_close(struct json_writer *self, char c)
{
	bool empty = !self->sep;

	self->depth--;
	self->after_name = false;
	if (!empty)
		jsonw_newline(self);
	jsonw_putc(self, c);
	self->sep = true;
}

void jsonw_start_object(struct json_writer *self)
{
	jsonw_open(self, '{');
}

void jsonw_end_object(struct json_writer *self)
{
	jsonw_close(self, '}');
}

void jsonw_start_array(struct json_writer *self)
{
	jsonw_open(self, '[');
}

void jsonw_end_array(struct json_writer *self)
{
	jsonw_close(self, ']');
}

void jsonw_name(struct json_writer *self, const char *name)
{
	jsonw_begin_item(self);
	jsonw_puts(self, name);
	jsonw_puts_raw(self, self->pretty ? ": " : ":");
	self->after_name = true;
	self->sep = false;
}

void jsonw_string(struct json_writer *self, const char *value)
{
	jsonw_begin_value(self);
	jsonw_puts(self, value);
	self->sep = true;
}

void jsonw_u64(struct json_writer *self, uint64_t value)
{
	jsonw_begin_value(self);
	jsonw_put_u64(self, value);
	self->sep = true;
}

void jsonw_s64(struct json_writer *self, int64_t value)
{
	jsonw_begin_value(self);
	if (value < 0) {
		jsonw_putc(self, '-');
		jsonw_put_u64(self, -(uint64_t)value);
	} else {
		jsonw_put_u64(self, value);
	}
	self->sep = true;
}

void jsonw_bool(struct json_writer *self, bool value)
{
	jsonw_begin_value(self);
	jsonw_puts_raw(self, value ? "true" : "false");
	self->sep = true;
}

void jsonw_null(struct json_writer *self)
{
	jsonw_begin_value(self);
	jsonw_puts_raw(self, "null");
	self->sep = true;
}

void jsonw_string_field(struct json_writer *self, const char *name, const char *value)
{
	jsonw_name(self, name);
	jsonw_string(self, value);
}

void jsonw_u64_field(struct json_writer *self, const char *name, uint64_t value)
{
	jsonw_name(self, name);
	jsonw_u64(self, value);
}

void jsonw_s64_field(struct json_writer *self, const char *name, int64_t value)
{
	jsonw_name(self, name);
	jsonw_s64(self, value);
}

void jsonw_bool_field(struct json_writer *self, const char *name, bool value)
{
	jsonw_name(self, name);
	jsonw_bool(self, value);
}
