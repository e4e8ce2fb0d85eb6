/*
 * test_archive_plain.c — the plain-script scanner (archive_plain.h): units and
 * entries are the same whatever the pieces the text comes in; the units put
 * together are the script; the TOC a script makes; refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/archive_plain.h"
#include "unit.h"

/* Every unit, as "kind role entry|bytes" records, and the bytes alone. */
struct log {
	struct pgs_buf rec, bytes;
};

static int log_unit(void *ctx, const struct pgs_plain_unit *u,
		    struct pgs_error *err)
{
	struct log *l = ctx;
	char head[64];

	snprintf(head, sizeof(head), "\n%d %d %zd|", (int)u->kind, (int)u->role,
		 u->entry == SIZE_MAX ? (ssize_t)-1 : (ssize_t)u->entry);
	/* COPY rows may come in any pieces: logged as bytes only. */
	if (u->kind != PGS_PLAIN_COPY_DATA &&
	    (pgs_buf_adds(&l->rec, head, err) || pgs_buf_add(&l->rec, u->p, u->n, err)))
		return -1;
	return pgs_buf_add(&l->bytes, u->p, u->n, err);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Scan text in pieces of step bytes (0: whole); the log, the TOC. */
static int scan(struct log *l, struct pgs_archive *a, const char *text,
		size_t len, size_t step, struct pgs_error *err)
{
	struct pgs_plain_scanner sc;
	size_t at = 0;
	int rc = 0;

	pgs_buf_init(&l->rec, (size_t)1 << 30);
	pgs_buf_init(&l->bytes, (size_t)1 << 30);
	pgs_archive_init(a);
	pgs_plain_scanner_init(&sc, a, 1, log_unit, l);
	while (rc == 0 && at < len) {
		size_t n = step && step < len - at ? step : len - at;

		rc = pgs_plain_scanner_feed(&sc, text + at, n, err);
		at += n;
	}
	if (rc == 0)
		rc = pgs_plain_scanner_finish(&sc, err);
	pgs_plain_scanner_release(&sc);
	return rc;
}

static void release(struct log *l, struct pgs_archive *a)
{
	pgs_buf_release(&l->rec);
	pgs_buf_release(&l->bytes);
	pgs_archive_release(a);
}

static long find(const struct pgs_archive *a, const char *desc, const char *tag)
{
	size_t i;

	for (i = 0; i < a->ntoc; i++)
		if (a->toc[i].desc.p && strcmp(a->toc[i].desc.p, desc) == 0 &&
		    a->toc[i].tag.p && strcmp(a->toc[i].tag.p, tag) == 0)
			return (long)i;
	return -1;
}

/* The same units and TOC in pieces of 1, 2, 3, 7, 4096 bytes as whole. */
static void pieces(const char *path)
{
	static const size_t steps[] = { 1, 2, 3, 7, 4096 };
	struct pgs_error err;
	struct log whole, l;
	struct pgs_archive a0, a;
	size_t len, i, k;
	char *text = slurp(path, &len);

	CHECK(text != NULL);
	if (!text)
		return;
	pgs_error_init(&err);
	CHECK(scan(&whole, &a0, text, len, 0, &err) == 0);
	CHECK_EQ_MEM(whole.bytes.data, whole.bytes.len, text, len);
	for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		CHECK(scan(&l, &a, text, len, steps[k], &err) == 0);
		CHECK_EQ_MEM(l.rec.data, l.rec.len, whole.rec.data, whole.rec.len);
		CHECK_EQ_MEM(l.bytes.data, l.bytes.len, text, len);
		CHECK(a.ntoc == a0.ntoc);
		for (i = 0; i < a.ntoc && i < a0.ntoc; i++) {
			CHECK_STR(a.toc[i].desc.p, a0.toc[i].desc.p);
			CHECK(a.toc[i].defn.len == a0.toc[i].defn.len);
		}
		release(&l, &a);
	}
	release(&whole, &a0);
	free(text);
}

static void tricky(void)
{
	struct pgs_error err;
	struct log l;
	struct pgs_archive a;
	size_t len;
	long t, d, f;
	char *text = slurp(PGSCRUB_SOURCE_DIR "/fixtures/plain/tricky.sql", &len);

	CHECK(text != NULL);
	if (!text)
		return;
	pgs_error_init(&err);
	CHECK(scan(&l, &a, text, len, 0, &err) == 0);
	/* The table's name from its CREATE TABLE, not from the comment. */
	t = find(&a, "TABLE", "a; Type: TABLE; Schema: x");
	CHECK(t >= 0);
	CHECK(t >= 0 && a.toc[t].namespace_.p && strcmp(a.toc[t].namespace_.p, "public") == 0);
	d = find(&a, "TABLE DATA", "a; Type: TABLE; Schema: x");
	CHECK(d >= 0);
	CHECK(d >= 0 && a.toc[d].copy_stmt.p != NULL);
	CHECK(d >= 0 && t >= 0 && a.toc[d].ndeps == 1 &&
	      atoi(a.toc[d].deps[0].p) == a.toc[t].dump_id);
	/* The COPY text in a function body is part of the function. */
	f = find(&a, "FUNCTION", "f()");
	CHECK(f >= 0 && a.toc[f].defn.p && strstr(a.toc[f].defn.p, "-- Data for Name: t") != NULL);
	/* Two TABLE DATA entries, no more: the rows that look like SQL are rows. */
	CHECK(find(&a, "TABLE DATA", "t") >= 0);
	CHECK(find(&a, "TABLE", "x") < 0);
	CHECK_STR(a.encoding, "UTF8");
	CHECK(a.std_strings == 1);
	release(&l, &a);
	free(text);
}

static int fails(const char *text, const char *msg)
{
	struct pgs_error err;
	struct log l;
	struct pgs_archive a;
	int rc;

	pgs_error_init(&err);
	rc = scan(&l, &a, text, strlen(text), 1, &err);
	release(&l, &a);
	if (rc == 0)
		return 0;
	if (!strstr(err.msg, msg)) {
		fprintf(stderr, "message: %s\n", err.msg);
		return 0;
	}
	return 1;
}

static int whole(const char *text)
{
	struct pgs_error err;
	struct log l;
	struct pgs_archive a;
	int rc;

	pgs_error_init(&err);
	rc = scan(&l, &a, text, strlen(text), 1, &err);
	release(&l, &a);
	return rc == 0;
}

int main(void)
{
	pieces(PGSCRUB_SOURCE_DIR "/fixtures/plain/tricky.sql");
	pieces(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg18-plain-statistics.sql");
	pieces(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg17-plain-inserts.sql");
	pieces(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg15-plain.sql");
	tricky();

	CHECK(fails("", "the input is empty"));
	CHECK(fails("--\n-- PostgreSQL database cluster dump\n", "not a pg_dump plain SQL script"));
	CHECK(fails("--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE t (a int", "truncated script"));
	CHECK(fails("--\n-- PostgreSQL database dump\n--\n\nCOPY public.t (a) FROM stdin;\n1\n",
		    "no \\. line"));
	CHECK(fails("--\n-- PostgreSQL database dump\n--\n\nCOPY public.t (a) FROM stdin;\n1\n\\",
		    "no \\. line"));
	CHECK(fails("--\n-- PostgreSQL database dump\n--\n\n\\i /etc/passwd\n",
		    "unsupported psql meta-command"));
	CHECK(fails("--\n-- PostgreSQL database dump\n--\n\nSELECT 1 \\gexec\n",
		    "backslash command inside a statement"));
	CHECK(fails("--\n-- PostgreSQL database dump\n--\n\nCREATE FUNCTION f() AS $x$ ; \n",
		    "truncated script"));
	CHECK(fails("--\n-- PostgreSQL database dump\n--\n\nINSERT INTO public.t VALUES (1);\n",
		    "INSERT statement outside"));
	CHECK(fails("--\n-- PostgreSQL database dump\n--\n\nCOPY public.t (a) TO stdout;\n",
		    "COPY"));
	/* A script that ends right after its last statement (no LF) is whole. */
	CHECK(whole("--\n-- PostgreSQL database dump\n--\n\nSET a = 1;"));
	CHECK(whole("--\n-- PostgreSQL database dump\n--\n\nSET a = 1; SET b = 2;\n"));
	CHECK(whole("--\n-- PostgreSQL database dump\n--\n\nSELECT E'\\'', ';', 'a''b;', $q$;$q$ /* /* ; */ ; */ , $1, (1;2);\n"));
	return check_report("archive_plain");
}
