/* json.h - a small streaming JSON writer (nested objects and arrays) */
#ifndef NSX_JSON_H
#define NSX_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_DEPTH 16

/*
 * Output as iproute2's -j prints it: compact, one document per line.
 * key is the member name inside an object and NULL inside an array or
 * at the top. Nesting deeper than JSON_DEPTH is a programming error.
 */
struct json {
	FILE *out;
	int depth;
	bool comma[JSON_DEPTH]; /* a value was already written at this depth */
	bool pretty;            /* iproute2's -p layout; set after json_begin */
};

void json_begin(struct json *j, FILE *out);
/*
 * JSON text must be UTF-8. Strings are written whole; a byte that starts
 * no valid UTF-8 sequence (a file name is any bytes) stands for the code
 * point of its value, U+0080 to U+00FF: json_write_string writes it as
 * \u00XX, and json_utf8_dup gives a copy of str with such bytes in UTF-8
 * for a document another writer (libsmartcols) escapes. NULL on ENOMEM.
 */
void json_write_string(FILE *out, const char *str);
char *json_utf8_dup(const char *str);
void json_obj_open(struct json *j, const char *key);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j, const char *key);
void json_arr_close(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_uint(struct json *j, const char *key, uint64_t val);
void json_int(struct json *j, const char *key, int64_t val);
void json_bool(struct json *j, const char *key, bool val);
/* text as it is: a number written as iproute2 writes it ("0.00"). */
void json_raw(struct json *j, const char *key, const char *text);
void json_null(struct json *j, const char *key);
/* Ends the document with a newline. */
void json_end(struct json *j);

/* Write s as a JSON string, quotes included; bytes that are not UTF-8
 * are written as the code points of the same value. */

#endif
