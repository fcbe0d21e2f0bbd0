/* out_json.c - a table as JSON: an object per line in an array named for
 * the table, a tree's children nested under "children" */
#include "nsx/out_print.h"

/*
 * The layout lsns and the other util-linux tools print, which scripts
 * may compare as text: three spaces an indent level, a member a line, an
 * array's values on one line, and the next object on the line that
 * closes the one before ("},{").
 */
struct jw {
	FILE *f;
	int depth;
	bool more; /* a value is already in the current object or array */
};

static void indent(struct jw *w)
{
	for (int i = 0; i < w->depth; i++)
		fputs("   ", w->f);
}

static void quoted(FILE *f, const char *s, bool lower)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
		case '\\': fputc('\\', f); fputc(*p, f); break;
		case '\b': fputs("\\b", f); break;
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\f': fputs("\\f", f); break;
		case '\r': fputs("\\r", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else if (lower && *p >= 'A' && *p <= 'Z')
				fputc(*p - 'A' + 'a', f);
			else
				fputc(*p, f); /* UTF-8 goes out as it is */
		}
	}
	fputc('"', f);
}

/* Where a member (key) or an array's value (NULL) begins. */
static void jw_place(struct jw *w, const char *key)
{
	if (key) {
		if (w->more)
			fputs(",\n", w->f);
		indent(w);
		quoted(w->f, key, true);
		fputs(": ", w->f);
	} else {
		if (w->more)
			fputc(',', w->f);
		else
			indent(w);
	}
}

/* Open an object ('{') or an array ('['). */
static void jw_open(struct jw *w, const char *key, char bracket)
{
	jw_place(w, key);
	fprintf(w->f, "%c\n", bracket);
	w->depth++;
	w->more = false;
}

static void jw_close(struct jw *w, char bracket)
{
	w->depth--;
	fputc('\n', w->f);
	indent(w);
	fputc(bracket, w->f);
	w->more = true;
}

/* A value: text as it is (a number, true, null), or a string. */
static void jw_value(struct jw *w, const char *key, const char *text,
		     bool string)
{
	jw_place(w, key);
	if (!key)
		fputc(' ', w->f);
	if (!text || !*text)
		fputs("null", w->f);
	else if (string)
		quoted(w->f, text, false);
	else
		fputs(text, w->f);
	w->more = true;
}

/* An array from the lines of s (out_set_list): [ null ] when empty. */
static void jw_lines(struct jw *w, const char *key, const char *s)
{
	jw_open(w, key, '[');
	do {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char *item = strndup(s, len);

		jw_value(w, NULL, item ? item : "", true);
		free(item);
		s = nl ? nl + 1 : NULL;
	} while (s);
	jw_close(w, ']');
}

static void json_cell(struct jw *w, const struct out_column *c,
		      const char *s)
{
	const char *key = c->name;

	switch (c->json_type) {
	case OUT_JSON_NUMBER:
		jw_value(w, key, s, false);
		break;
	case OUT_JSON_BOOLEAN:
		if (!s || !*s || streq(s, "-"))
			jw_value(w, key, NULL, false);
		else
			jw_value(w, key, *s == '0' || *s == 'n' || *s == 'N' ?
					 "false" : "true", false);
		break;
	case OUT_JSON_ARRAY:
		jw_lines(w, key, s ? s : "");
		break;
	default:
		jw_value(w, key, s, true);
	}
}

static void json_line(struct jw *w, const struct out *o,
		      const struct out_line *ln, bool tree)
{
	jw_open(w, NULL, '{');
	for (size_t i = 0; i < o->n; i++)
		json_cell(w, &o->cols[o->id[i]], ln->cell[i]);
	if (tree && ln->child) {
		jw_open(w, "children", '[');
		for (const struct out_line *c = ln->child; c; c = c->sibling)
			json_line(w, o, c, tree);
		jw_close(w, ']');
	}
	jw_close(w, '}');
}

void out_print_json(const struct out *o, FILE *f)
{
	struct jw w = { .f = f, .depth = 1 };
	bool tree = out_is_tree(o);

	fputs("{\n", f);
	jw_open(&w, o->name, '[');
	for (const struct out_line *ln = o->first; ln; ln = ln->next)
		if (!tree || !ln->parent)
			json_line(&w, o, ln, tree);
	jw_close(&w, ']');
	fputs("\n}\n", f);
}
