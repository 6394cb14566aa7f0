// SPDX-License-Identifier: GPL-2.0
/*
 * A small streaming JSON writer: see json.h. A writer is used by one thread, so it writes with
 * stdio's unlocked calls, and a string's run of characters that need no escape in one fwrite:
 * "binding show -j" of 100 000 bindings is some 20 MB of it.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define JSONW_INDENT	4

struct json_writer {
	FILE *out;
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

void jsonw_destroy(struct json_writer **self)
{
	if (!*self)
		return;
	if ((*self)->written)
		fputc_unlocked('\n', (*self)->out);
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
	fputc_unlocked('\n', self->out);
	for (i = 0; i < self->depth * JSONW_INDENT; i++)
		fputc_unlocked(' ', self->out);
}

/* what comes before a value or a key: a comma and, pretty, a new line */
static void jsonw_begin_item(struct json_writer *self)
{
	if (self->depth) {
		if (self->sep)
			fputc_unlocked(',', self->out);
		jsonw_newline(self);
	} else if (self->sep) {		/* values at the top level go one per line */
		fputc_unlocked('\n', self->out);
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

/* the characters a JSON string cannot hold as they are: '"', '\\' and the controls */
static bool jsonw_needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

static void jsonw_puts(struct json_writer *self, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;

	fputc_unlocked('"', self->out);
	for (;;) {
		for (run = p; *p && !jsonw_needs_escape(*p); p++)
			;
		if (p > run)
			fwrite_unlocked(run, 1, p - run, self->out);
		if (!*p)
			break;
		switch (*p) {
		case '"':
			fputs_unlocked("\\\"", self->out);
			break;
		case '\\':
			fputs_unlocked("\\\\", self->out);
			break;
		case '\b':
			fputs_unlocked("\\b", self->out);
			break;
		case '\f':
			fputs_unlocked("\\f", self->out);
			break;
		case '\n':
			fputs_unlocked("\\n", self->out);
			break;
		case '\r':
			fputs_unlocked("\\r", self->out);
			break;
		case '\t':
			fputs_unlocked("\\t", self->out);
			break;
		default:
			fprintf(self->out, "\\u%04x", *p);
		}
		p++;
	}
	fputc_unlocked('"', self->out);
}

/* @v in decimal, without fprintf()'s parsing of a format */
static void jsonw_put_u64(struct json_writer *self, uint64_t v)
{
	char buf[20], *p = buf + sizeof(buf);

	do {
		*--p = '0' + v % 10;
		v /= 10;
	} while (v);
	fwrite_unlocked(p, 1, buf + sizeof(buf) - p, self->out);
}

static void jsonw_open(struct json_writer *self, char c)
{
	jsonw_begin_value(self);
	fputc_unlocked(c, self->out);
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
	fputc_unlocked(c, self->out);
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
	fputs_unlocked(self->pretty ? ": " : ":", self->out);
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
	fprintf(self->out, "%" PRId64, value);
	self->sep = true;
}

void jsonw_bool(struct json_writer *self, bool value)
{
	jsonw_begin_value(self);
	fputs_unlocked(value ? "true" : "false", self->out);
	self->sep = true;
}

void jsonw_null(struct json_writer *self)
{
	jsonw_begin_value(self);
	fputs_unlocked("null", self->out);
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
