/*
 * sample.c — a bounded look at the rows of a custom-format archive for
 * pgscrub init (sample.h): what the first rows of each TABLE DATA entry
 * look like, column by column, as counts.
 *
 * The blocks are read in TOC order as the scrub reads them
 * (pgs_custom_reader, as in pipeline.c's write_blocks), each stream
 * decompressed (pgs_decoder) into the COPY row splitter (pgs_copy_reader)
 * until the table's row or byte budget is spent; past that the stream's
 * compressed bytes are passed over without being decompressed.  Nothing is
 * written and no value is kept: one scratch buffer holds the value being
 * classified and is reset for the next.
 *
 * NEEDSWORK: on a seekable file the rest of a sampled block could be
 * skipped instead of read; INSERT-style data (pg_dump --inserts) is not
 * sampled.
 */
#include "pgscrub/sample.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/archive_custom.h"
#include "pgscrub/archive_directory.h"
#include "pgscrub/archive_tar.h"
#include "pgscrub/buf.h"
#include "pgscrub/compress.h"
#include "pgscrub/copy.h"

/* Values longer than this are not looked at by the whole-value
 * classifiers (no address or number is that long). */
#define SHORT_VALUE 256
/* Free text is searched for e-mail addresses up to this many bytes. */
#define SEARCH_MAX ((size_t)64 << 10)

struct sampler {
	struct pgs_sample *s;
	struct pgs_sample_table *t;
	struct pgs_decoder *dec;
	struct pgs_copy_reader rows;
	struct pgs_slice *fields;
	struct pgs_buf value;
	size_t bytes;               /* decompressed bytes fed for this table */
	int done;                   /* the table's budget is spent */
};

void pgs_sample_init(struct pgs_sample *s, uint32_t max_rows,
		     size_t max_bytes)
{
	memset(s, 0, sizeof(*s));
	s->max_rows = max_rows;
	s->max_bytes = max_bytes;
}

void pgs_sample_release(struct pgs_sample *s)
{
	size_t i, j;

	for (i = 0; i < s->ntables; i++) {
		struct pgs_sample_table *t = &s->tables[i];

		for (j = 0; j < t->ncols; j++)
			free(t->cols[j].name);
		free(t->cols);
		free(t->schema);
		free(t->table);
	}
	free(s->tables);
	pgs_sample_init(s, s->max_rows, s->max_bytes);
}

/* ---- classifiers ---------------------------------------------------------- */

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_local(unsigned char c)
{
	return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
	       c == '-';
}

/* The length of a domain (labels of [A-Za-z0-9-] joined by single dots,
 * at least two labels) at the start of v, or 0. */
static size_t domain_len(const char *v, size_t len)
{
	size_t i = 0, labels = 0, last = 0;

	for (;;) {
		size_t start = i;

		while (i < len && (is_alnum((unsigned char)v[i]) || v[i] == '-'))
			i++;
		if (i == start)
			break;
		labels++;
		last = i;
		if (i + 1 < len && v[i] == '.' &&
		    (is_alnum((unsigned char)v[i + 1]) || v[i + 1] == '-'))
			i++;
		else
			break;
	}
	return labels >= 2 ? last : 0;
}

static int is_email(const char *v, size_t len)
{
	const char *at = memchr(v, '@', len);
	size_t i, l;

	if (!at || at == v)
		return 0;
	l = (size_t)(at - v);
	for (i = 0; i < l; i++)
		if (!is_local((unsigned char)v[i]))
			return 0;
	return domain_len(at + 1, len - l - 1) == len - l - 1;
}

int pgs_sample_has_email(const char *v, size_t len)
{
	size_t i;

	if (len > SEARCH_MAX)
		len = SEARCH_MAX;
	for (i = 1; i + 1 < len; i++)
		if (v[i] == '@' && is_local((unsigned char)v[i - 1]) &&
		    domain_len(v + i + 1, len - i - 1))
			return 1;
	return 0;
}

static int luhn(const char *digits, size_t n)
{
	unsigned sum = 0, any = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned d = (unsigned)(digits[n - 1 - i] - '0');

		any |= d;
		if (i % 2) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return any && sum % 10 == 0;
}

static int is_card(const char *v, size_t len)
{
	char d[20];
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (is_digit((unsigned char)v[i])) {
			if (n == sizeof(d))
				return 0;
			d[n++] = v[i];
		} else if ((v[i] != ' ' && v[i] != '-') || i == 0 ||
			   i + 1 == len) {
			return 0;
		}
	}
	return n >= 13 && n <= 19 && luhn(d, n);
}

static int is_phone(const char *v, size_t len)
{
	size_t i, digits = 0, seps = 0, dots = 0;

	/* 2024-01-31 is a date, not a phone. */
	if (len == 10 && v[4] == '-' && v[7] == '-')
		return 0;
	for (i = 0; i < len; i++) {
		char c = v[i];

		if (is_digit((unsigned char)c))
			digits++;
		else if (c == '+' && i == 0)
			seps++;
		else if (c == ' ' || c == '-' || c == '(' || c == ')' ||
			 c == '/')
			seps++;
		else if (c == '.')
			dots++;
		else
			return 0;
	}
	/* 12345678 is any number; 1234.5678 a decimal. */
	if (!seps && dots < 2)
		return 0;
	return digits >= 7 && digits <= 15;
}

static int is_ip(const char *v, size_t len)
{
	char a[64];
	unsigned char bin[16];
	const char *slash;
	size_t n = len;

	if (len == 0 || len >= sizeof(a))
		return 0;
	slash = memchr(v, '/', len);
	if (slash) {
		size_t i;

		n = (size_t)(slash - v);
		if (n + 1 == len || len - n > 4)
			return 0;
		for (i = n + 1; i < len; i++)
			if (!is_digit((unsigned char)v[i]))
				return 0;
	}
	memcpy(a, v, n);
	a[n] = '\0';
	return inet_pton(AF_INET, a, bin) == 1 ||
	       (memchr(a, ':', n) && inet_pton(AF_INET6, a, bin) == 1);
}

enum pgs_sample_looks pgs_sample_classify(const char *v, size_t len)
{
	if (len == 0 || len > SHORT_VALUE)
		return PGS_LOOKS_NOTHING;
	if (is_email(v, len))
		return PGS_LOOKS_EMAIL;
	if (is_ip(v, len))
		return PGS_LOOKS_IP;
	if (is_card(v, len))
		return PGS_LOOKS_CARD;
	if (is_phone(v, len))
		return PGS_LOOKS_PHONE;
	return PGS_LOOKS_NOTHING;
}

/* "Ann Smith", "José da Silva" is not (a lower-case word), nor is
 * "Category 12". */
int pgs_sample_is_person_name(const char *v, size_t len)
{
	size_t i = 0, words = 0;

	if (len > SHORT_VALUE)
		return 0;
	while (i < len) {
		size_t start = i;
		unsigned char c = (unsigned char)v[i];

		if (!((c >= 'A' && c <= 'Z') || c >= 0xC0))
			return 0;
		for (i++; i < len && v[i] != ' '; i++) {
			c = (unsigned char)v[i];
			if (!((c >= 'a' && c <= 'z') || c >= 0x80 || c == '\'' ||
			      c == '-' ||
			      /* O'Neil, Smith-Jones */
			      (c >= 'A' && c <= 'Z' &&
			       (v[i - 1] == '\'' || v[i - 1] == '-'))))
				return 0;
		}
		if (i - start < 2)
			return 0;
		words++;
		if (i < len)
			i++;    /* the blank */
		if (i == len && v[len - 1] == ' ')
			return 0;
	}
	return words >= 2 && words <= 3;
}

/* ---- reading -------------------------------------------------------------- */

const struct pgs_sample_column *pgs_sample_column(const struct pgs_sample *s,
						  const char *schema,
						  const char *table,
						  const char *column)
{
	size_t i, j;

	for (i = 0; s && i < s->ntables; i++) {
		const struct pgs_sample_table *t = &s->tables[i];

		if (strcmp(t->table, table) != 0 ||
		    (t->schema[0] && strcmp(t->schema, schema) != 0))
			continue;
		for (j = 0; j < t->ncols; j++)
			if (strcmp(t->cols[j].name, column) == 0)
				return &t->cols[j];
	}
	return NULL;
}

enum pgs_sample_looks pgs_sample_verdict(const struct pgs_sample_column *c)
{
	int k;

	if (!c || !c->values)
		return PGS_LOOKS_NOTHING;
	for (k = PGS_LOOKS_EMAIL; k < PGS_LOOKS_COUNT; k++)
		if ((uint64_t)c->looks[k] * 2 >= c->values)
			return (enum pgs_sample_looks)k;
	return PGS_LOOKS_NOTHING;
}

static int on_row(void *ctx, const char *line, size_t len, uint64_t rowno,
		  struct pgs_error *err)
{
	struct sampler *sp = ctx;
	struct pgs_sample_table *t = sp->t;
	struct pgs_error e;
	size_t i, n;

	(void)rowno;
	if (sp->done)
		return 0;
	if (t->rows >= sp->s->max_rows) {
		sp->done = 1;
		return 0;
	}
	t->rows++;
	n = pgs_copy_split(sp->fields, t->ncols, line, len);
	if (n != t->ncols)
		return 0;   /* the scrub reports it; a sample just skips it */
	for (i = 0; i < n; i++) {
		struct pgs_sample_column *c = &t->cols[i];
		const struct pgs_slice *f = &sp->fields[i];

		if (pgs_copy_is_null(f->p, f->len))
			continue;
		pgs_buf_reset(&sp->value);
		pgs_error_init(&e);
		if (pgs_copy_decode(&sp->value, f->p,
				    f->len < SEARCH_MAX ? f->len : SEARCH_MAX,
				    &e)) {
			if (e.code == PGS_ENOMEM)
				return pgs_error_set(err, PGS_ENOMEM,
						     "out of memory");
			continue;   /* a cut escape: not our business here */
		}
		c->values++;
		c->looks[pgs_sample_classify(sp->value.data, sp->value.len)]++;
		c->person += (uint32_t)pgs_sample_is_person_name(sp->value.data,
								 sp->value.len);
		c->has_email += (uint32_t)pgs_sample_has_email(sp->value.data,
							       sp->value.len);
	}
	return 0;
}

static int decoded(void *ctx, const void *p, size_t n, struct pgs_error *err)
{
	struct sampler *sp = ctx;
	size_t room;

	if (sp->done)
		return 0;
	room = sp->s->max_bytes - sp->bytes;
	if (n >= room) {
		n = room;
		sp->done = 1;   /* after these bytes' rows */
	}
	sp->bytes += n;
	return pgs_copy_reader_feed(&sp->rows, p, n, on_row, sp, err);
}

static int compressed(void *ctx, const void *p, size_t n,
		      struct pgs_error *err)
{
	struct sampler *sp = ctx;

	if (sp->done)
		return 0;   /* passed over, not decompressed */
	return pgs_decoder_feed(sp->dec, p, n, decoded, sp, err);
}

/* A new table from a COPY statement, its columns zeroed. */
static int add_table(struct pgs_sample *s, const struct pgs_copy_stmt *st,
		     struct pgs_error *err)
{
	struct pgs_sample_table *v, *t;
	size_t i;

	v = realloc(s->tables, (s->ntables + 1) * sizeof(*v));
	if (!v)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	s->tables = v;
	t = &v[s->ntables];
	memset(t, 0, sizeof(*t));
	t->cols = calloc(st->ncols ? st->ncols : 1, sizeof(*t->cols));
	t->schema = strdup(st->schema);
	t->table = strdup(st->table);
	s->ntables++;
	if (!t->cols || !t->schema || !t->table)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	for (i = 0; i < st->ncols; i++) {
		t->cols[i].name = strdup(st->cols[i]);
		if (!t->cols[i].name)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		t->ncols++;
	}
	return 0;
}

/* Start sampling TABLE DATA entry te: 1 when its data is INSERT
 * statements (not sampled, counted), 0 when rows follow, -1 on error. */
static int table_begin(struct sampler *sp, const struct pgs_toc_entry *te,
		       struct pgs_error *err)
{
	struct pgs_copy_stmt st;
	struct pgs_slice *f;
	int rc;

	if (!te->copy_stmt.p || !te->copy_stmt.len) {
		/* INSERT statements (pg_dump --inserts): SQL, not COPY rows;
		 * init says they were not sampled. */
		sp->s->ninserts++;
		return 1;
	}
	memset(&st, 0, sizeof(st));
	if (pgs_copy_stmt_parse(&st, te->copy_stmt.p, err))
		return -1;
	rc = add_table(sp->s, &st, err);
	pgs_copy_stmt_release(&st);
	if (rc)
		return -1;
	sp->t = &sp->s->tables[sp->s->ntables - 1];
	f = realloc(sp->fields, (sp->t->ncols + 1) * sizeof(*f));
	if (!f)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	sp->fields = f;
	sp->bytes = 0;
	sp->done = sp->t->ncols == 0;
	pgs_copy_reader_reset(&sp->rows);
	return pgs_decoder_reset(sp->dec, err) ? -1 : 0;
}

/* The table's rows have all been fed: the end must be whole too. */
static int table_end(struct sampler *sp, struct pgs_error *err)
{
	if (sp->done)
		return 0;
	return pgs_decoder_finish(sp->dec, err) ||
	       pgs_copy_reader_finish(&sp->rows, err) ? -1 : 0;
}

static int sample_block(struct sampler *sp, struct pgs_custom_reader *rd,
			const struct pgs_toc_entry *te, struct pgs_error *err)
{
	int rc = table_begin(sp, te, err);

	if (rc < 0)
		return -1;
	if (rc > 0)
		return pgs_custom_reader_skip_stream(rd, err);
	if (pgs_custom_reader_stream(rd, compressed, sp, err))
		return -1;
	return table_end(sp, err);
}

/* ---- rows from elsewhere ------------------------------------------------- */

struct pgs_sample_feed {
	struct sampler sp;
};

int pgs_sample_feed_open(struct pgs_sample_feed **f, struct pgs_sample *s,
			 struct pgs_error *err)
{
	*f = calloc(1, sizeof(**f));
	if (!*f)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	(*f)->sp.s = s;
	(*f)->sp.done = 1;
	pgs_copy_reader_init(&(*f)->sp.rows, s->max_bytes + 1);
	pgs_buf_init(&(*f)->sp.value, SEARCH_MAX + 1);
	return 0;
}

int pgs_sample_feed_table(struct pgs_sample_feed *f,
			  const struct pgs_copy_stmt *st, struct pgs_error *err)
{
	struct sampler *sp = &f->sp;
	struct pgs_slice *v;

	if (add_table(sp->s, st, err))
		return -1;
	sp->t = &sp->s->tables[sp->s->ntables - 1];
	v = realloc(sp->fields, (sp->t->ncols + 1) * sizeof(*v));
	if (!v)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	sp->fields = v;
	sp->bytes = 0;
	sp->done = sp->t->ncols == 0;
	pgs_copy_reader_reset(&sp->rows);
	return 0;
}

int pgs_sample_feed_data(struct pgs_sample_feed *f, const void *p, size_t n,
			 struct pgs_error *err)
{
	return decoded(&f->sp, p, n, err);
}

void pgs_sample_feed_close(struct pgs_sample_feed *f)
{
	if (!f)
		return;
	pgs_copy_reader_release(&f->sp.rows);
	pgs_buf_release(&f->sp.value);
	free(f->sp.fields);
	free(f);
}

static int skip_blobs(struct pgs_custom_reader *rd, struct pgs_error *err)
{
	struct pgs_custom_int oid;

	for (;;) {
		if (pgs_custom_reader_next_blob(rd, &oid, err))
			return -1;
		if (oid.v == 0)
			return 0;
		if (pgs_custom_reader_skip_stream(rd, err))
			return -1;
	}
}

int pgs_sample_archive(struct pgs_sample *s, struct pgs_input *in,
		       const struct pgs_archive *a, struct pgs_error *err)
{
	struct pgs_custom_reader rd;
	struct sampler sp;
	size_t i;
	int rc = -1;

	memset(&sp, 0, sizeof(sp));
	sp.s = s;
	pgs_copy_reader_init(&sp.rows, s->max_bytes + 1);
	pgs_buf_init(&sp.value, SEARCH_MAX + 1);
	pgs_custom_reader_init(&rd, in, a);
	if (pgs_decoder_new(&sp.dec, a->hdr.compression, err) ||
	    pgs_custom_reader_open(&rd, err))
		goto done;
	for (i = 0; i < a->ntoc; i++) {
		const struct pgs_toc_entry *te = &a->toc[i];
		struct pgs_custom_block blk;
		char label[256];

		if (te->offset_flag == K_OFFSET_NO_DATA)
			continue;
		if (pgs_custom_reader_find_block(&rd, i, &blk, err) ||
		    (blk.type == BLK_BLOBS ? skip_blobs(&rd, err)
		     : te->desc.p && strcmp(te->desc.p, "TABLE DATA") == 0
		     ? sample_block(&sp, &rd, te, err)
		     : pgs_custom_reader_skip_stream(&rd, err))) {
			pgs_error_where(err, "%s", pgs_archive_entry_label(
					te, label, sizeof(label)));
			goto done;
		}
		pgs_custom_reader_block_done(&rd, i);
	}
	rc = 0;
done:
	pgs_custom_reader_release(&rd);
	pgs_decoder_free(sp.dec);
	pgs_copy_reader_release(&sp.rows);
	pgs_buf_release(&sp.value);
	free(sp.fields);
	return rc;
}

int pgs_sample_directory(struct pgs_sample *s, const char *dir,
			 const struct pgs_archive *a, struct pgs_error *err)
{
	struct pgs_dir_reader rd;
	struct pgs_decoder *dec[4] = { NULL, NULL, NULL, NULL };
	struct sampler sp;
	size_t i;
	int rc = -1;

	memset(&sp, 0, sizeof(sp));
	sp.s = s;
	pgs_copy_reader_init(&sp.rows, s->max_bytes + 1);
	pgs_buf_init(&sp.value, SEARCH_MAX + 1);
	if (pgs_dir_reader_open(&rd, dir, a, err))
		goto done;
	for (i = 0; i < a->ntoc; i++) {
		const struct pgs_toc_entry *te = &a->toc[i];
		struct pgs_dir_file f;
		char label[256];
		int r;

		if (te->offset_flag == K_OFFSET_NO_DATA || !te->desc.p ||
		    strcmp(te->desc.p, "TABLE DATA") != 0)
			continue;
		memset(&f, 0, sizeof(f));
		r = pgs_dir_reader_entry(&rd, i, &f, err);
		if (r == 0 && !dec[f.alg])
			r = pgs_decoder_new_in(&dec[f.alg], f.alg,
					       PGS_CONTAINER_FILE, err);
		if (r == 0) {
			sp.dec = dec[f.alg];
			r = table_begin(&sp, te, err);
			if (r == 0 && f.size == 0)
				r = pgs_error_set(err, PGS_EINPUT, "the file is empty");
			if (r == 0)
				r = pgs_dir_file_stream(&rd, &f, compressed, &sp,
							err) ||
				    table_end(&sp, err) ? -1 : 0;
		}
		if (r < 0)
			pgs_error_where(err, "%s", f.path ? f.path :
					pgs_archive_entry_label(te, label,
								sizeof(label)));
		pgs_dir_file_release(&f);
		if (r < 0)
			goto done;
	}
	rc = 0;
done:
	pgs_dir_reader_release(&rd);
	for (i = 0; i < 4; i++)
		pgs_decoder_free(dec[i]);
	pgs_copy_reader_release(&sp.rows);
	pgs_buf_release(&sp.value);
	free(sp.fields);
	return rc;
}

int pgs_sample_tar(struct pgs_sample *s, struct pgs_tar_reader *rd,
		   const struct pgs_archive *a, struct pgs_error *err)
{
	struct sampler sp;
	size_t i;
	int end, rc = -1;

	memset(&sp, 0, sizeof(sp));
	sp.s = s;
	pgs_copy_reader_init(&sp.rows, s->max_bytes + 1);
	pgs_buf_init(&sp.value, SEARCH_MAX + 1);
	if (pgs_decoder_new_in(&sp.dec, PGS_COMPRESS_NONE, PGS_CONTAINER_FILE,
			       err))
		goto done;
	for (;;) {
		const struct pgs_toc_entry *te = NULL;
		int r = 1;

		if (pgs_tar_reader_next(rd, &end, err))
			goto done;
		if (end)
			break;
		/* Members are matched by name: only TABLE DATA is sampled,
		 * the rest (large objects, restore.sql) passed over. */
		for (i = 0; i < a->ntoc && !te; i++)
			if (a->toc[i].offset_flag != K_OFFSET_NO_DATA &&
			    a->toc[i].desc.p &&
			    strcmp(a->toc[i].desc.p, "TABLE DATA") == 0 &&
			    a->toc[i].filename.p &&
			    strcmp(a->toc[i].filename.p, rd->cur.name) == 0)
				te = &a->toc[i];
		if (te && (r = table_begin(&sp, te, err)) == 0 &&
		    (r = pgs_decoder_reset(sp.dec, err)) == 0)
			r = pgs_tar_reader_stream(rd, compressed, &sp, err) ||
			    table_end(&sp, err) ? -1 : 0;
		else if (r > 0)
			r = pgs_tar_reader_skip(rd, err);
		if (r < 0) {
			pgs_error_where(err, "tar member %s", rd->cur.name);
			goto done;
		}
	}
	rc = pgs_tar_reader_finish(rd, err);
done:
	pgs_decoder_free(sp.dec);
	pgs_copy_reader_release(&sp.rows);
	pgs_buf_release(&sp.value);
	free(sp.fields);
	return rc;
}
