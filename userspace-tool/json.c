// SPDX-License-Identifier: GPL-2.0
/* A small streaming JSON writer: see json.h. */
#include <inttypes.h>
#include <stdlib.h>

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
		fputc('\n', (*self)->out);
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
	fputc('\n', self->out);
	for (i = 0; i < self->depth * JSONW_INDENT; i++)
		fputc(' ', self->out);
}

/* what comes before a value or a key: a comma and, pretty, a new line */
static void jsonw_begin_item(struct json_writer *self)
{
	if (self->depth) {
		if (self->sep)
			fputc(',', self->out);
		jsonw_newline(self);
	} else if (self->sep) {		/* values at the top level go one per line */
		fputc('\n', self->out);
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

static void jsonw_puts(struct json_writer *self, const char *s)
{
	const unsigned char *p;

	fputc('"', self->out);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", self->out);
			break;
		case '\\':
			fputs("\\\\", self->out);
			break;
		case '\b':
			fputs("\\b", self->out);
			break;
		case '\f':
			fputs("\\f", self->out);
			break;
		case '\n':
			fputs("\\n", self->out);
			break;
		case '\r':
			fputs("\\r", self->out);
			break;
		case '\t':
			fputs("\\t", self->out);
			break;
		default:
			if (*p < 0x20)
				fprintf(self->out, "\\u%04x", *p);
			else
				fputc(*p, self->out);
		}
	}
	fputc('"', self->out);
}

static void jsonw_open(struct json_writer *self, char c)
{
	jsonw_begin_value(self);
	fputc(c, self->out);
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
	fputc(c, self->out);
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
	fputs(self->pretty ? ": " : ":", self->out);
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
	fprintf(self->out, "%" PRIu64, value);
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
	fputs(value ? "true" : "false", self->out);
	self->sep = true;
}

void jsonw_null(struct json_writer *self)
{
	jsonw_begin_value(self);
	fputs("null", self->out);
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
