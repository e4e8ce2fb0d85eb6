/*
 * archive_custom.c — data blocks of pg_dump's custom format: block heads,
 * chunked streams, large object lists, and finding a block by dumpId in a
 * seekable file (pg_backup_custom.c: _readBlockHeader, _ReadBuf, _skipData,
 * _LoadLOs, and the seek-or-scan of _PrintTocData).  The contract is in
 * archive_custom.h.
 */
#include "pgscrub/archive_custom.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* A chunk length is an Int; PostgreSQL never writes one over 1 GB. */
#define PGS_MAX_CHUNK ((int64_t)INT32_MAX)

/* ---- reading ------------------------------------------------------------ */

/* Every byte the writer writes: to its sink when it has one, else out. */
static int writer_put(struct pgs_custom_writer *w, const void *p, size_t n,
		      struct pgs_error *err)
{
	if (w->sink)
		return w->sink(w->sink_ctx, p, n, err);
	return pgs_output_write(w->out, p, n, err);
}

void pgs_custom_reader_init(struct pgs_custom_reader *rd,
			    struct pgs_input *in, const struct pgs_archive *a)
{
	memset(rd, 0, sizeof(*rd));
	rd->in = in;
	rd->a = a;
}

void pgs_custom_reader_release(struct pgs_custom_reader *rd)
{
	free(rd->block_pos);
	free(rd->block_done);
	free(rd->sorted_ids);
	free(rd->sorted_idx);
	rd->block_pos = NULL;
	rd->block_done = NULL;
	rd->sorted_ids = NULL;
	rd->sorted_idx = NULL;
	rd->nsorted = 0;
}

static const char *label(struct pgs_custom_reader *rd, size_t idx)
{
	if (rd->label)
		return rd->label(rd->ctx, idx);
	return pgs_archive_entry_label(&rd->a->toc[idx], rd->label_buf,
				       sizeof(rd->label_buf));
}

/* Read an Int and also keep its raw bytes, for byte-exact copying. */
static int read_int_raw(struct pgs_custom_reader *rd, struct pgs_custom_int *v,
			struct pgs_error *err)
{
	unsigned n = 1u + rd->a->hdr.intsize;
	unsigned i;
	uint64_t mag = 0;

	v->len = n;
	if (pgs_input_read(rd->in, v->raw, n, err))
		return -1;
	for (i = 1; i < n; i++)
		mag |= (uint64_t)v->raw[i] << (8 * (i - 1));
	if (mag > (uint64_t)INT64_MAX)
		return pgs_error_set(err, PGS_EINPUT, "integer at byte %" PRIu64
				     " is out of range", pgs_input_tell(rd->in) - n);
	v->v = v->raw[0] ? -(int64_t)mag : (int64_t)mag;
	return 0;
}

static int chunk_len_check(struct pgs_custom_reader *rd, int64_t len,
			   struct pgs_error *err)
{
	if (len < 0 || len > PGS_MAX_CHUNK)
		return pgs_error_set(err, PGS_EINPUT,
				     "invalid data chunk length %" PRId64 " at byte %" PRIu64,
				     len, pgs_input_tell(rd->in) - 1 - rd->a->hdr.intsize);
	return 0;
}

/*
 * Hand every payload byte of a chunk list to sink, up to the zero length,
 * straight from the input buffer.  copy_to: also write each chunk's length
 * (and the terminator) there as its raw bytes, so that the stream is
 * copied byte for byte.
 */
static int walk_chunks(struct pgs_custom_reader *rd, pgs_sink_fn sink,
		       void *ctx, struct pgs_custom_writer *copy_to,
		       struct pgs_error *err)
{
	for (;;) {
		struct pgs_custom_int len;

		if (read_int_raw(rd, &len, err) ||
		    chunk_len_check(rd, len.v, err) ||
		    (copy_to && pgs_custom_writer_int(copy_to, &len, err)))
			return -1;
		if (len.v == 0)
			return 0;
		while (len.v > 0) {
			const unsigned char *p;
			size_t avail;

			if (pgs_input_peek(rd->in, &p, &avail, err))
				return -1;
			if (avail == 0)
				return pgs_input_eof_error(rd->in, err);
			if ((int64_t)avail > len.v)
				avail = (size_t)len.v;
			if (sink(ctx, p, avail, err))
				return -1;
			pgs_input_skip(rd->in, avail);
			len.v -= (int64_t)avail;
			if (pgs_input_tell(rd->in) >= rd->next_progress) {
				rd->next_progress = pgs_input_tell(rd->in) + (1u << 20);
				if (rd->progress)
					rd->progress(rd->ctx);
			}
		}
	}
}

int pgs_custom_reader_stream(struct pgs_custom_reader *rd, pgs_sink_fn sink,
			     void *ctx, struct pgs_error *err)
{
	return walk_chunks(rd, sink, ctx, NULL, err);
}

/* pgs_sink_fn: straight to the writer's output. */
static int output_sink(void *ctx, const void *p, size_t n,
		       struct pgs_error *err)
{
	struct pgs_custom_writer *w = ctx;

	return writer_put(w, p, n, err);
}

int pgs_custom_copy_stream(struct pgs_custom_reader *rd,
			   struct pgs_custom_writer *w, struct pgs_error *err)
{
	return walk_chunks(rd, output_sink, w, w, err);
}

int pgs_custom_reader_skip_stream(struct pgs_custom_reader *rd,
				  struct pgs_error *err)
{
	for (;;) {
		int64_t len = 0;

		if (pgs_archive_read_int(rd->in, rd->a, &len, err) ||
		    chunk_len_check(rd, len, err))
			return -1;
		if (len == 0)
			return 0;
		if (pgs_input_discard(rd->in, (uint64_t)len, err))
			return -1;
	}
}

int pgs_custom_reader_next_blob(struct pgs_custom_reader *rd,
				struct pgs_custom_int *oid,
				struct pgs_error *err)
{
	if (read_int_raw(rd, oid, err))
		return -1;
	if (oid->v != 0 && (oid->v < 0 || oid->v > UINT32_MAX))
		return pgs_error_set(err, PGS_EINPUT,
				     "invalid large object OID %" PRId64, oid->v);
	return 0;
}

/* ---- finding blocks ----------------------------------------------------- */

static long data_entry_index(const struct pgs_custom_reader *rd, int64_t id)
{
	size_t lo = 0, hi = rd->nsorted;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rd->sorted_ids[mid] == id)
			return (long)rd->sorted_idx[mid];
		if (rd->sorted_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int cmp_pairs(const void *x, const void *y)
{
	const int *a = x, *b = y;

	return (a[0] > b[0]) - (a[0] < b[0]);
}

int pgs_custom_reader_open(struct pgs_custom_reader *rd, struct pgs_error *err)
{
	const struct pgs_archive *a = rd->a;
	size_t i, n = 0;
	int *pairs;

	rd->block_pos = calloc(a->ntoc + 1, sizeof(*rd->block_pos));
	rd->block_done = calloc(a->ntoc + 1, 1);
	rd->sorted_ids = calloc(a->ntoc + 1, sizeof(int));
	rd->sorted_idx = calloc(a->ntoc + 1, sizeof(size_t));
	pairs = calloc(2 * (a->ntoc + 1), sizeof(int));
	if (!rd->block_pos || !rd->block_done || !rd->sorted_ids ||
	    !rd->sorted_idx || !pairs) {
		free(pairs);
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	}
	for (i = 0; i < a->ntoc; i++)
		if (a->toc[i].offset_flag != K_OFFSET_NO_DATA) {
			pairs[2 * n] = a->toc[i].dump_id;
			pairs[2 * n + 1] = (int)i;
			n++;
		}
	qsort(pairs, n, 2 * sizeof(int), cmp_pairs);
	for (i = 0; i < n; i++) {
		rd->sorted_ids[i] = pairs[2 * i];
		rd->sorted_idx[i] = (size_t)pairs[2 * i + 1];
	}
	rd->nsorted = n;
	free(pairs);
	rd->scan_end = pgs_input_tell(rd->in);
	rd->next_start = rd->scan_end;
	rd->prev_idx = SIZE_MAX;
	return 0;
}

/* Whether entry idx's block holds large objects (BLK_BLOBS). */
static int is_blobs(const struct pgs_custom_reader *rd, size_t idx)
{
	const struct pgs_str *desc = &rd->a->toc[idx].desc;

	return desc->p && strcmp(desc->p, "BLOBS") == 0;
}

static int read_block_head(struct pgs_custom_reader *rd,
			   struct pgs_custom_block *h, struct pgs_error *err)
{
	int64_t id;

	h->pos = pgs_input_tell(rd->in);
	if (pgs_input_read(rd->in, &h->type, 1, err) ||
	    read_int_raw(rd, &h->id, err))
		return -1;
	id = h->id.v;
	h->idx = data_entry_index(rd, id);
	if (h->idx < 0) {
		if (pgs_archive_find(rd->a, (int)id) >= 0 && id > 0 &&
		    id <= INT32_MAX)
			return pgs_error_set(err, PGS_EINPUT,
					     "data block at byte %" PRIu64 " belongs to TOC entry %" PRId64
					     ", which has no data", h->pos, id);
		return pgs_error_set(err, PGS_EINPUT,
				     "data block at byte %" PRIu64 " is for dumpId %" PRId64
				     ", which is not in the TOC", h->pos, id);
	}
	if (h->type != BLK_DATA && h->type != BLK_BLOBS)
		return pgs_error_set(err, PGS_EINPUT,
				     "unknown data block type %u at byte %" PRIu64,
				     h->type, h->pos);
	if ((h->type == BLK_BLOBS) != is_blobs(rd, (size_t)h->idx))
		return pgs_error_set(err, PGS_EINPUT,
				     "data block at byte %" PRIu64 " for %s has type %u",
				     h->pos, label(rd, (size_t)h->idx), h->type);
	if ((rd->block_done[h->idx] && !rd->reread) ||
	    (rd->block_pos[h->idx] && rd->block_pos[h->idx] != h->pos))
		return pgs_error_set(err, PGS_EINPUT,
				     "second data block for %s at byte %" PRIu64,
				     label(rd, (size_t)h->idx), h->pos);
	return 0;
}

static int skip_block(struct pgs_custom_reader *rd,
		      const struct pgs_custom_block *h, struct pgs_error *err)
{
	if (h->type == BLK_DATA)
		return pgs_custom_reader_skip_stream(rd, err);
	for (;;) {
		int64_t oid = 0;

		if (pgs_archive_read_int(rd->in, rd->a, &oid, err))
			return -1;
		if (oid == 0)
			return 0;
		if (pgs_custom_reader_skip_stream(rd, err))
			return -1;
	}
}

static int out_of_order(struct pgs_custom_reader *rd,
			const struct pgs_custom_block *h, struct pgs_error *err)
{
	pgs_error_set(err, PGS_EINPUT,
		      "the data of %s comes first, though the TOC lists it "
		      "later, and %s cannot be read twice",
		      label(rd, (size_t)h->idx), rd->in->name);
	return pgs_error_hint(err, "save the archive to a file and pass it "
			      "with -i FILE, which pgscrub can read in any order");
}

int pgs_custom_reader_find_block(struct pgs_custom_reader *rd, size_t idx,
				 struct pgs_custom_block *h,
				 struct pgs_error *err)
{
	if (rd->block_pos[idx]) {
		if (pgs_input_seek(rd->in, rd->block_pos[idx], err))
			return -1;
		return read_block_head(rd, h, err);
	}
	if (pgs_input_tell(rd->in) != rd->scan_end &&
	    pgs_input_seek(rd->in, rd->scan_end, err))
		return -1;
	for (;;) {
		const unsigned char *p;
		size_t avail;

		if (pgs_input_peek(rd->in, &p, &avail, err))
			return -1;
		if (avail == 0) {
			pgs_error_set(err, PGS_EINPUT,
				      "the archive ends at byte %" PRIu64
				      " without the data of %s",
				      pgs_input_tell(rd->in), label(rd, idx));
			return pgs_error_hint(err, "the archive is cut short: check "
					      "that pg_dump finished and the file was "
					      "copied whole");
		}
		if (read_block_head(rd, h, err))
			return -1;
		if ((size_t)h->idx == idx) {
			if (rd->reread)
				rd->block_pos[idx] = h->pos;
			return 0;
		}
		if (!rd->in->seekable)
			return out_of_order(rd, h, err);
		rd->block_pos[h->idx] = h->pos;
		if (skip_block(rd, h, err))
			return pgs_error_where(err, "%s", label(rd, (size_t)h->idx));
		rd->scan_end = pgs_input_tell(rd->in);
	}
}

int pgs_custom_reader_find_block_at(struct pgs_custom_reader *rd, size_t idx,
				    uint64_t pos, struct pgs_custom_block *h,
				    struct pgs_error *err)
{
	rd->block_pos[idx] = pos;
	if (pgs_custom_reader_find_block(rd, idx, h, err))
		return -1;
	if ((size_t)h->idx != idx)
		return pgs_error_set(err, PGS_EINTERNAL, "the block at byte %"
				     PRIu64 " is %s's, not the one looked for",
				     pos, label(rd, (size_t)h->idx));
	return 0;
}

/* Whether the block head at pos is entry idx's (nothing else said). */
static int head_is(struct pgs_custom_reader *rd, size_t idx, uint64_t pos)
{
	struct pgs_custom_block h;
	struct pgs_error e;

	pgs_error_init(&e);
	return pos >= rd->in->base && pgs_input_seek(rd->in, pos, &e) == 0 &&
	       read_block_head(rd, &h, &e) == 0 && (size_t)h.idx == idx;
}

/*
 * A bad block met while locating (e, not yet passed up): PGS_EINPUT ends
 * the search there, and _find_block reports it in its turn, as without
 * _locate, so that an error in a block before it comes first; other
 * errors (reading the input) are passed up.
 */
static int locate_stop(struct pgs_custom_reader *rd, size_t idx,
		       const struct pgs_error *e, struct pgs_error *err)
{
	if (e->code == PGS_EINPUT)
		return 0;
	if (err)
		*err = *e;
	return pgs_error_where(err, "%s", label(rd, idx));
}

int pgs_custom_reader_locate(struct pgs_custom_reader *rd, const size_t *want,
			     size_t nwant, struct pgs_error *err)
{
	const struct pgs_archive *a = rd->a;
	struct pgs_error e;
	uint64_t last = 0;
	size_t i, last_idx = 0, left;

	pgs_error_init(&e);

	/* pg_dump's offsets, when it wrote every one: each checked to be a
	 * head of the right block, and the last block walked to its end. */
	for (i = 0; i < nwant; i++)
		if (a->toc[want[i]].offset_flag != K_OFFSET_POS_SET ||
		    rd->in->base != 0)
			break;
	if (nwant && i == nwant) {
		for (i = 0; i < nwant; i++) {
			uint64_t pos = a->toc[want[i]].offset;

			/* pg_dump writes the blocks in TOC order: offsets
			 * that do not increase are walked instead. */
			if (pos <= last || !head_is(rd, want[i], pos))
				break;
			rd->block_pos[want[i]] = pos;
			if (pos > last) {
				last = pos;
				last_idx = want[i];
			}
		}
		if (i == nwant) {
			struct pgs_custom_block h;

			/* Taken: _check_start checks each block's start
			 * against where the one before it ended. */
			rd->by_offsets = 1;
			if (pgs_input_seek(rd->in, last, &e) ||
			    read_block_head(rd, &h, &e) ||
			    skip_block(rd, &h, &e))
				return locate_stop(rd, last_idx, &e, err);
			if (pgs_input_tell(rd->in) > rd->scan_end)
				rd->scan_end = pgs_input_tell(rd->in);
			return 0;
		}
		for (i = 0; i < nwant; i++)
			rd->block_pos[want[i]] = 0;
	}
	/* Else the heads, walked from where the scan stopped, up to the last
	 * block wanted (chunk lengths read, payload skipped), as _find_block
	 * walks them when it is asked for the last one. */
	for (left = 0, i = 0; i < nwant; i++)
		left += !rd->block_pos[want[i]];
	if (pgs_input_seek(rd->in, rd->scan_end, err))
		return -1;
	while (left) {
		struct pgs_custom_block h;
		const unsigned char *p;
		size_t avail;

		if (pgs_input_peek(rd->in, &p, &avail, err))
			return -1;
		if (avail == 0)
			return 0;   /* find_block says which one is missing */
		if (read_block_head(rd, &h, &e)) {
			if (e.code == PGS_EINPUT)
				return 0;
			if (err)
				*err = e;
			return -1;
		}
		rd->block_pos[h.idx] = h.pos;
		for (i = 0; i < nwant; i++)
			if (want[i] == (size_t)h.idx) {
				left--;
				break;
			}
		if (skip_block(rd, &h, &e))
			return locate_stop(rd, (size_t)h.idx, &e, err);
		rd->scan_end = pgs_input_tell(rd->in);
	}
	return 0;
}

void pgs_custom_reader_block_done(struct pgs_custom_reader *rd, size_t idx)
{
	pgs_custom_reader_block_done_at(rd, idx, pgs_input_tell(rd->in));
}

void pgs_custom_reader_block_done_at(struct pgs_custom_reader *rd,
				     size_t idx, uint64_t end)
{
	rd->block_done[idx] = 1;
	if (rd->by_offsets) {
		rd->prev_idx = idx;
		rd->prev_start = rd->block_pos[idx];
		rd->next_start = end;
	}
	if (end > rd->scan_end)
		rd->scan_end = end;
}

int pgs_custom_reader_check_start(struct pgs_custom_reader *rd, uint64_t pos,
				  struct pgs_error *err)
{
	char prev[320];

	if (!rd->by_offsets || pos == rd->next_start)
		return 0;
	if (pos > rd->next_start)
		pgs_error_set(err, PGS_EINPUT, "no data offset in the TOC leads "
			      "to bytes %" PRIu64 " to %" PRIu64 ", before this "
			      "data block", rd->next_start, pos);
	else {
		snprintf(prev, sizeof(prev), "%s", rd->prev_idx == SIZE_MAX ?
			 "the TOC" : label(rd, rd->prev_idx));
		pgs_error_set(err, PGS_EINPUT, "its data offset leads to byte "
			      "%" PRIu64 ", inside %s%s (bytes %" PRIu64 " to %"
			      PRIu64 ")", pos,
			      rd->prev_idx == SIZE_MAX ? "" :
			      "the data block of ", prev,
			      rd->prev_idx == SIZE_MAX ? 0 : rd->prev_start,
			      rd->next_start);
	}
	return pgs_error_hint(err, "the archive was damaged, or its TOC "
			      "edited, after pg_dump wrote it: dump again, or "
			      "pass -j 1 to read the blocks one after another, "
			      "not by their offsets");
}

int pgs_custom_reader_end(struct pgs_custom_reader *rd, struct pgs_error *err)
{
	const unsigned char *p;
	size_t avail;

	/* Nothing may follow the last block. */
	if (pgs_input_tell(rd->in) != rd->scan_end &&
	    pgs_input_seek(rd->in, rd->scan_end, err))
		return -1;
	if (pgs_input_peek(rd->in, &p, &avail, err))
		return -1;
	if (avail) {
		pgs_error_set(err, PGS_EINPUT,
			      "unexpected data after the last data block, at byte %" PRIu64,
			      pgs_input_tell(rd->in));
		return pgs_error_hint(err, "the file may be two archives joined, "
				      "or damaged");
	}
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

void pgs_custom_writer_init(struct pgs_custom_writer *w,
			    struct pgs_output *out,
			    const struct pgs_archive *a)
{
	w->out = out;
	w->a = a;
	w->sink = NULL;
	w->sink_ctx = NULL;
	pgs_buf_init(&w->chunk, PGS_CHUNK_MAX);
	pgs_buf_init(&w->scratch, 64);
}

void pgs_custom_writer_release(struct pgs_custom_writer *w)
{
	pgs_buf_release(&w->chunk);
	pgs_buf_release(&w->scratch);
}

int pgs_custom_writer_block_head(struct pgs_custom_writer *w,
				 const struct pgs_custom_block *blk,
				 struct pgs_error *err)
{
	if (writer_put(w, &blk->type, 1, err))
		return -1;
	return pgs_custom_writer_int(w, &blk->id, err);
}

int pgs_custom_writer_int(struct pgs_custom_writer *w,
			  const struct pgs_custom_int *v, struct pgs_error *err)
{
	return writer_put(w, v->raw, v->len, err);
}

static int write_int(struct pgs_custom_writer *w, int64_t v,
		     struct pgs_error *err)
{
	pgs_buf_reset(&w->scratch);
	if (pgs_archive_encode_int(&w->scratch, w->a, v, err))
		return -1;
	return writer_put(w, w->scratch.data, w->scratch.len, err);
}

static int chunk_flush(struct pgs_custom_writer *w, struct pgs_error *err)
{
	if (w->chunk.len == 0)
		return 0;   /* a zero length would end the stream */
	if (write_int(w, (int64_t)w->chunk.len, err) ||
	    writer_put(w, w->chunk.data, w->chunk.len, err))
		return -1;
	pgs_buf_reset(&w->chunk);
	return 0;
}

int pgs_custom_writer_chunk_sink(void *ctx, const void *p, size_t n,
				 struct pgs_error *err)
{
	struct pgs_custom_writer *w = ctx;
	const char *s = p;

	while (n) {
		size_t room = PGS_CHUNK_MAX - w->chunk.len;

		if (room > n)
			room = n;
		if (pgs_buf_add(&w->chunk, s, room, err))
			return -1;
		s += room;
		n -= room;
		if (w->chunk.len == PGS_CHUNK_MAX && chunk_flush(w, err))
			return -1;
	}
	return 0;
}

int pgs_custom_writer_end_stream(struct pgs_custom_writer *w,
				 struct pgs_error *err)
{
	if (chunk_flush(w, err))
		return -1;
	return write_int(w, 0, err);
}
