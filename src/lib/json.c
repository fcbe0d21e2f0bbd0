/* json.c - a small streaming JSON writer */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "nsx/lib/json.h"

void json_begin(struct json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->comma[0] = false;
	j->pretty = false;
}

/* iproute2's -p: each member on a line of its own, indented four
 * spaces a level; values of an array stay on one line. */
static void json_newline(struct json *j, int depth)
{
	fputc('\n', j->out);
	for (int i = 0; i < depth; i++)
		fputs("    ", j->out);
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned min;
	unsigned cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
	cp = s[0] & (0xff >> (n + 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void json_write_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', out);
	while (*s) {
		size_t n = 0;

		/* A run of printable ASCII needs no escape: one write. */
		while (s[n] >= 0x20 && s[n] < 0x7f && s[n] != '"' &&
		       s[n] != '\\')
			n++;
		if (n) {
			fwrite(s, 1, n, out);
			s += n;
			continue;
		}
		switch (*s) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (*s < 0x20 || *s == 0x7f) {
				fprintf(out, "\\u%04x", *s);
			} else if (*s < 0x80) {
				fputc(*s, out);
			} else if ((n = utf8_len(s)) > 0) {
				fwrite(s, 1, n, out);
				s += n;
				continue;
			} else {
				fprintf(out, "\\u%04x", *s);
			}
		}
		s++;
	}
	fputc('"', out);
}

char *json_utf8_dup(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = 0, n;
	char *copy, *d;

	for (const unsigned char *p = s; *p; p += n) {
		n = *p < 0x80 ? 1 : utf8_len(p);
		len += n ? n : 2;
		n = n ? n : 1;
	}
	copy = malloc(len + 1);
	if (!copy)
		return NULL;
	for (d = copy; *s; s += n) {
		n = *s < 0x80 ? 1 : utf8_len(s);
		if (n) {
			memcpy(d, s, n);
			d += n;
			continue;
		}
		/* U+0080 to U+00FF in two bytes: what \u00XX above means. */
		*d++ = (char)(0xc0 | *s >> 6);
		*d++ = (char)(0x80 | (*s & 0x3f));
		n = 1;
	}
	*d = '\0';
	return copy;
}

/* The comma and "key": before a value. */
static void json_lead(struct json *j, const char *key)
{
	if (j->comma[j->depth])
		fputc(',', j->out);
	j->comma[j->depth] = true;
	if (key) {
		if (j->pretty)
			json_newline(j, j->depth);
		json_write_string(j->out, key);
		fputs(j->pretty ? ": " : ":", j->out);
	}
}

static void json_open(struct json *j, const char *key, int c)
{
	json_lead(j, key);
	fputc(c, j->out);
	if (j->pretty && c == '[')
		fputc(' ', j->out);
	if (j->depth + 1 < JSON_DEPTH)
		j->depth++;
	j->comma[j->depth] = false;
}

static void json_close(struct json *j, int c)
{
	if (j->pretty && j->comma[j->depth] && c == '}')
		json_newline(j, j->depth - 1);
	else if (j->pretty && j->comma[j->depth])
		fputc(' ', j->out);
	fputc(c, j->out);
	if (j->depth > 0)
		j->depth--;
}

void json_obj_open(struct json *j, const char *key)
{
	json_open(j, key, '{');
}

void json_obj_close(struct json *j)
{
	json_close(j, '}');
}

void json_arr_open(struct json *j, const char *key)
{
	json_open(j, key, '[');
}

void json_arr_close(struct json *j)
{
	json_close(j, ']');
}

void json_str(struct json *j, const char *key, const char *val)
{
	json_lead(j, key);
	json_write_string(j->out, val);
}

void json_uint(struct json *j, const char *key, uint64_t val)
{
	json_lead(j, key);
	fprintf(j->out, "%llu", (unsigned long long)val);
}

void json_int(struct json *j, const char *key, int64_t val)
{
	json_lead(j, key);
	fprintf(j->out, "%lld", (long long)val);
}

void json_raw(struct json *j, const char *key, const char *text)
{
	json_lead(j, key);
	fputs(text, j->out);
}

void json_bool(struct json *j, const char *key, bool val)
{
	json_lead(j, key);
	fputs(val ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *key)
{
	json_lead(j, key);
	fputs("null", j->out);
}

void json_end(struct json *j)
{
	fputc('\n', j->out);
	j->depth = 0;
	j->comma[0] = false;
}
