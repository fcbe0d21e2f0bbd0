/* out.c - nsx's tables: the lines and cells, column selection, raw output */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <strings.h>

#include "nsx/out.h"
#include "nsx/out_print.h"

/* The column named name (any case), or -1. */
static int out_column_id(const struct out_column *cols, size_t ncols,
			 const char *name)
{
	for (size_t i = 0; i < ncols; i++)
		if (strcasecmp(cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int unknown_column(const struct out_column *cols, size_t ncols,
			  const char *name, struct nsx_err *err)
{
	const char *words[OUT_MAX_COLUMNS + 1];
	char upper[64];
	const char *hint;
	size_t i;

	for (i = 0; i < ncols && i < OUT_MAX_COLUMNS; i++)
		words[i] = cols[i].name;
	words[i] = NULL;
	for (i = 0; name[i] && i + 1 < sizeof(upper); i++)
		upper[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ?
				  name[i] - 'a' + 'A' : name[i]);
	upper[i] = '\0';
	hint = nsx_closest(upper, words);
	if (hint)
		return nsx_failx(err, EINVAL,
				 "unknown column '%s' (did you mean %s?)",
				 name, hint);
	return nsx_failx(err, EINVAL, "unknown column '%s'", name);
}

int out_select(const struct out_column *cols, size_t ncols, const char *list,
	       struct out_selection *sel, struct nsx_err *err)
{
	_cleanup_free_ char *copy = NULL;
	char *save = NULL, *word;

	if (*list == '+')
		list++;
	else
		sel->n = 0;
	copy = strdup(list);
	if (!copy)
		return nsx_fail(err, ENOMEM, "columns");
	for (word = strtok_r(copy, ",", &save); word;
	     word = strtok_r(NULL, ",", &save)) {
		int id = out_column_id(cols, ncols, word);

		if (id < 0)
			return unknown_column(cols, ncols, word, err);
		if (sel->n >= OUT_MAX_COLUMNS)
			return nsx_failx(err, E2BIG, "too many columns");
		sel->id[sel->n++] = id;
	}
	if (sel->n == 0)
		return nsx_failx(err, EINVAL, "no columns selected");
	return 0;
}

int out_init(struct out *o, const char *name, const struct out_column *cols,
	     size_t ncols, const struct out_selection *sel, unsigned flags,
	     struct nsx_err *err)
{
	*o = (struct out){ .name = name, .cols = cols, .ncols = ncols,
			   .flags = flags };
	if (ncols > OUT_MAX_COLUMNS || sel->n > OUT_MAX_COLUMNS)
		return nsx_failx(err, E2BIG, "too many columns");
	for (size_t i = 0; i < sel->n; i++) {
		if (sel->id[i] < 0 || (size_t)sel->id[i] >= ncols)
			return nsx_failx(err, EINVAL, "no such column");
		if (!(flags & OUT_REPEAT) && out_has(o, sel->id[i]))
			continue; /* named twice: show it once */
		o->id[o->n++] = sel->id[i];
	}
	return 0;
}

/*
 * Lines and their cells live in blocks that out_free frees together: a
 * table of thousands of lines costs a few allocations, not one a cell,
 * and no more memory than its text. Memory from out_alloc is zeroed.
 */
#define OUT_BLOCK_SIZE 65536

struct out_block {
	struct out_block *next;
	size_t used, size;
	_Alignas(max_align_t) char data[];
};

static void *out_alloc(struct out *o, size_t n, size_t align)
{
	struct out_block *b = o->blocks;
	size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;

	if (!b || at > b->size || b->size - at < n) {
		size_t size = n > OUT_BLOCK_SIZE ? n : OUT_BLOCK_SIZE;

		b = calloc(1, sizeof(*b) + size);
		if (!b)
			return NULL;
		b->size = size;
		b->next = o->blocks;
		o->blocks = b;
		at = 0;
	}
	b->used = at + n;
	return b->data + at;
}

static char *out_strndup(struct out *o, const char *s, size_t len)
{
	char *p = out_alloc(o, len + 1, 1);

	if (p)
		memcpy(p, s, len);
	return p;
}

void out_free(struct out *o)
{
	struct out_block *b = o->blocks, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	o->blocks = NULL;
	o->first = o->last = NULL;
}

bool out_has(const struct out *o, int id)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->id[i] == id)
			return true;
	return false;
}

static void add_child(struct out_line *parent, struct out_line *ln)
{
	ln->parent = parent;
	if (parent->last_child)
		parent->last_child->sibling = ln;
	else
		parent->child = ln;
	parent->last_child = ln;
}

struct out_line *out_line(struct out *o, struct out_line *parent)
{
	struct out_line *ln = out_alloc(o, sizeof(*ln) +
					     (o->n + 1) * sizeof(ln->cell[0]),
				       _Alignof(struct out_line));

	if (!ln)
		return NULL;
	if (o->last)
		o->last->next = ln;
	else
		o->first = ln;
	o->last = ln;
	if (parent)
		add_child(parent, ln);
	return ln;
}

int out_line_adopt(struct out_line *parent, struct out_line *ln)
{
	/* A line under one of its own descendants would be in no tree. */
	for (const struct out_line *p = parent; p; p = p->parent)
		if (p == ln)
			return -ELOOP;
	if (ln->parent)
		return -EBUSY;
	add_child(parent, ln);
	return 0;
}

/* Give the line the string s (out_alloc'd) in every place column id is
 * shown. */
static void out_take(struct out *o, struct out_line *ln, int id, char *s)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->id[i] == id)
			ln->cell[i] = s;
}

int out_set(struct out *o, struct out_line *ln, int id, const char *data)
{
	char *s;

	if (!out_has(o, id) || !data)
		return 0;
	s = out_strndup(o, data, strlen(data));
	if (!s)
		return -ENOMEM;
	out_take(o, ln, id, s);
	return 0;
}

int out_setf(struct out *o, struct out_line *ln, int id,
	     const char *fmt, ...)
{
	_cleanup_free_ char *big = NULL;
	char buf[128], *s;
	va_list ap;
	int r;

	if (!out_has(o, id))
		return 0;
	va_start(ap, fmt);
	r = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (r >= (int)sizeof(buf)) {
		va_start(ap, fmt);
		r = vasprintf(&big, fmt, ap);
		va_end(ap);
	}
	if (r < 0)
		return -ENOMEM;
	s = out_strndup(o, big ? big : buf, (size_t)r);
	if (!s)
		return -ENOMEM;
	out_take(o, ln, id, s);
	return 0;
}

int out_set_list(struct out *o, struct out_line *ln, int id,
		 const char *const *items, size_t n)
{
	/* JSON splits the cell at newlines into its array (out_json.c). */
	char sep = (o->flags & OUT_JSON) ? '\n' : ',';
	size_t len = 1, at = 0;
	char *s;

	if (!out_has(o, id) || n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(items[i]) + 1;
	s = out_alloc(o, len, 1);
	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(items[i]);

		if (i)
			s[at++] = sep;
		memcpy(s + at, items[i], l);
		at += l;
	}
	s[at] = '\0';
	out_take(o, ln, id, s);
	return 0;
}

bool out_is_tree(const struct out *o)
{
	return (o->flags & OUT_TREE) && o->n > 0;
}

/* The next top-level line after ln, in the order made. */
static const struct out_line *next_root(const struct out_line *ln)
{
	for (ln = ln->next; ln && ln->parent; ln = ln->next)
		;
	return ln;
}

const struct out_line *out_next(const struct out *o,
				const struct out_line *ln)
{
	if (!out_is_tree(o))
		return ln->next;
	if (ln->child)
		return ln->child;
	for (; ln->parent; ln = ln->parent)
		if (ln->sibling)
			return ln->sibling;
	return next_root(ln);
}

const struct out_line *out_first(const struct out *o)
{
	const struct out_line *ln = o->first;

	if (ln && ln->parent && out_is_tree(o))
		ln = next_root(ln);
	return ln;
}

/* Two characters a level, built from the line up to its root. */
size_t out_tree_art(const struct out_line *ln, bool own, char **art)
{
	size_t depth = 0, at;
	char *s;

	for (const struct out_line *p = ln; p->parent; p = p->parent)
		depth++;
	*art = s = malloc(2 * depth + 1);
	if (!s)
		return 0;
	at = 2 * depth;
	s[at] = '\0';
	for (const struct out_line *p = ln; p->parent; p = p->parent) {
		at -= 2;
		/* "|-" or "`-" before the line's own text, else a rule
		 * down to the ancestor's next sibling, or nothing. */
		if (p == ln && own)
			memcpy(s + at, p->sibling ? "|-" : "`-", 2);
		else
			memcpy(s + at, p->sibling ? "| " : "  ", 2);
	}
	return 2 * depth;
}

/* Raw output: what is not a printable ASCII character other than the
 * backslash, or is blank, as \xHH, cells one space apart. */
static void raw_put(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p <= ' ' || *p >= 0x7f || *p == '\\')
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
}

static int print_raw(const struct out *o, FILE *f)
{
	bool tree = out_is_tree(o);

	if (!(o->flags & OUT_NOHEADINGS)) {
		for (size_t i = 0; i < o->n; i++) {
			raw_put(f, o->cols[o->id[i]].name);
			fputs(i + 1 < o->n ? " " : "\n", f);
		}
	}
	for (const struct out_line *ln = out_first(o); ln;
	     ln = out_next(o, ln)) {
		for (size_t i = 0; i < o->n; i++) {
			if (i == 0 && tree && ln->parent) {
				char *art;

				out_tree_art(ln, true, &art);
				if (!art)
					return -ENOMEM;
				raw_put(f, art);
				free(art);
			}
			raw_put(f, ln->cell[i]);
			fputs(i + 1 < o->n ? " " : "\n", f);
		}
	}
	return 0;
}

int out_print(struct out *o, struct nsx_err *err)
{
	int r = 0;

	if (o->flags & OUT_JSON)
		out_print_json(o, stdout);
	else if (!o->first || !o->n)
		; /* nothing, not even the headings */
	else if (o->flags & OUT_RAW)
		r = print_raw(o, stdout);
	else
		r = out_print_table(o, stdout);
	if (r < 0)
		return nsx_fail(err, -r, "print table");
	return 0;
}

void out_columns_help(FILE *f, const struct out_column *cols, size_t ncols)
{
	fputs("\nAvailable output columns:\n", f);
	for (size_t i = 0; i < ncols; i++)
		fprintf(f, " %10s  %s\n", cols[i].name, cols[i].help);
}
