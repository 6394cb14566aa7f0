/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer, after iproute2's json_writer: compact output on one line, or
 * indented with jsonw_pretty(). The caller nests calls correctly; the writer adds the commas.
 */
#ifndef VMROAM_JSON_H
#define VMROAM_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json_writer;

/* NULL when out of memory */
struct json_writer *jsonw_new(FILE *out);

/* ends the output with a newline (if anything was written) and frees the writer; NULL is fine */
void jsonw_destroy(struct json_writer **self);

void jsonw_pretty(struct json_writer *self, bool on);

/*
 * Output goes to the FILE in pieces as it is written; held (on), it stays in memory until
 * jsonw_flush(), and jsonw_discard() forgets it and starts the document over (a dump begun
 * again). jsonw_flush() returns -1 when memory ran out since the last flush (what was written
 * meanwhile is incomplete) or the FILE refused the write.
 */
void jsonw_hold(struct json_writer *self, bool on);
void jsonw_discard(struct json_writer *self);
int jsonw_flush(struct json_writer *self);

void jsonw_start_object(struct json_writer *self);
void jsonw_end_object(struct json_writer *self);
void jsonw_start_array(struct json_writer *self);
void jsonw_end_array(struct json_writer *self);

/* the key of the next value, inside an object */
void jsonw_name(struct json_writer *self, const char *name);

void jsonw_string(struct json_writer *self, const char *value);
void jsonw_u64(struct json_writer *self, uint64_t value);
void jsonw_s64(struct json_writer *self, int64_t value);
void jsonw_bool(struct json_writer *self, bool value);
void jsonw_null(struct json_writer *self);

/* jsonw_name() then the value */
void jsonw_string_field(struct json_writer *self, const char *name, const char *value);
void jsonw_u64_field(struct json_writer *self, const char *name, uint64_t value);
void jsonw_s64_field(struct json_writer *self, const char *name, int64_t value);
void jsonw_bool_field(struct json_writer *self, const char *name, bool value);

#endif /* VMROAM_JSON_H */
