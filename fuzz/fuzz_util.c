/*
 * fuzz_util.c - util.c's strict parsers, closest-word suggestion and
 * error messages
 *
 * Input: lines. Every line goes through parse_ulong and parse_pid, checked
 * against a digit-by-digit reading; the first line is the word nsx_closest
 * looks up among the others; the first two make an error message with
 * context added, as modules build them.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsx/lib/util.h"

#define MAX_WORDS 64

/* 0 and the value, -EINVAL (not all digits) or -ERANGE (above max). */
static int ref_ulong(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	bool big = false;

	if (!*s)
		return -EINVAL;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		if (v > (ULONG_MAX - (unsigned long)(*p - '0')) / 10)
			big = true;
		else
			v = v * 10 + (unsigned long)(*p - '0');
	}
	if (big || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static void check_numbers(const char *s)
{
	static const unsigned long maxes[] = { ULONG_MAX, INT_MAX, 0, 65535 };
	unsigned long got, want;
	int pid, r, w;

	for (size_t i = 0; i < sizeof(maxes) / sizeof(maxes[0]); i++) {
		got = want = 12345;
		r = parse_ulong(s, maxes[i], &got);
		w = ref_ulong(s, maxes[i], &want);
		if (r != w || (r == 0 && got != want)) {
			fprintf(stderr, "parse_ulong(\"%s\", %lu) = %d %lu, "
				"expected %d %lu\n", s, maxes[i], r, got, w,
				want);
			abort();
		}
	}
	r = parse_pid(s, &pid);
	w = ref_ulong(s, INT_MAX, &want);
	if (w == 0 && want == 0)
		w = -ERANGE;
	if (r != w || (r == 0 && (unsigned long)pid != want))
		abort();
}

static void check_closest(const char *word, const char *const *words)
{
	const char *best = nsx_closest(word, words);
	bool listed = false, exact = false;

	for (const char *const *w = words; *w; w++) {
		listed = listed || best == *w;
		exact = exact || strcmp(*w, word) == 0;
	}
	if (best && !listed)
		abort(); /* a suggestion is always one of the words */
	/* A word that is in the list is its own closest (when it can be
	 * measured: edit distances stop at 63 bytes). */
	if (exact && *word && strlen(word) < 64 &&
	    (!best || strcmp(best, word)))
		abort();
	if (best && !*word)
		abort(); /* nothing is suggested for an empty word */
}

static void check_messages(const char *a, const char *b)
{
	struct nsx_err err = { 0 };
	char copy[NSX_ERR_MAX];
	int r;

	r = nsx_fail(&err, ENOENT, "%s", a);
	if (r != -ENOENT || !memchr(err.msg, '\0', sizeof(err.msg)))
		abort();
	/* Context added to a message, the old message as an argument. */
	snprintf(copy, sizeof(copy), "%s: %s", b, err.msg);
	r = nsx_failx(&err, EINVAL, "%s: %s", b, err.msg);
	if (r != -EINVAL || strcmp(err.msg, copy))
		abort();
	snprintf(copy, sizeof(copy), "%s: %s", a, err.msg);
	r = nsx_wrap(&err, "%s", a);
	if (r != -EINVAL || strcmp(err.msg, copy))
		abort();
	r = nsx_failx(&err, 0, "%s", b);
	if (r != -EINVAL || err.code != EINVAL)
		abort();
}

static void check_strlcpy(const char *s)
{
	char small[8];
	size_t len = strlen(s);
	int r = nsx_strlcpy(small, s, sizeof(small));

	if (len < sizeof(small) ? (r != 0 || strcmp(small, s))
				: r != -ENAMETOOLONG)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *save = NULL, *line;
	const char *words[MAX_WORDS + 1];
	size_t n = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	/* strsep, not strtok: empty lines are words too. */
	for (save = text; (line = strsep(&save, "\n")) && n < MAX_WORDS;) {
		words[n++] = line;
		check_numbers(line);
		check_strlcpy(line);
	}
	words[n] = NULL;
	if (n >= 1)
		check_closest(words[0], words + 1);
	if (n >= 2)
		check_messages(words[0], words[1]);
	free(text);
	return 0;
}
