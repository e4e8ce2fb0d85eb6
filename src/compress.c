/*
 * compress.c — the compressed streams inside pg_dump's custom archive
 * (archive-format.md §4.2): one zlib-format stream, LZ4 frame or zstd frame
 * per TABLE DATA block and per large object, behind one streaming interface
 * (see compress.h), and the same codecs as the data files of a directory
 * archive (PGS_CONTAINER_FILE: gzip as one gzip member, RFC 1952).
 *
 * Mirrors pg_dump's compress_gzip.c (deflateInit/inflate, RFC 1950 rather
 * than a gzip file), compress_lz4.c (LZ4F with default preferences but the
 * level) and compress_zstd.c (ZSTD_compressStream2, continue/end).
 *
 * The decoders are stricter than pg_restore, which silently accepts
 * truncated lz4 and zstd frames and hangs on bytes after a zlib stream: a
 * stream must end exactly at its last input byte.  Decoders follow zpipe.c:
 * call the library again while it fills the whole output buffer, and treat
 * "no progress possible" as "needs more input", never as a reason to retry.
 *
 * All buffers and library contexts are allocated by _new and reused across
 * _reset, so feeding and writing never allocate (the libraries themselves
 * may size their window buffers once, on the first frame that needs them).
 */
#include "pgscrub/compress.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lz4.h>
#include <lz4frame.h>
#define ZLIB_CONST  /* next_in is const: our input is borrowed, never written */
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>   /* ZSTD_getErrorCode */

/* Largest piece handed to a sink (the decoders promise at most 64 KiB). */
#define PGS_COMPRESS_CHUNK ((size_t)64 * 1024)

/*
 * A zstd frame header is at most this long (zstd format, RFC 8878 §3.1.1:
 * magic 4 + descriptor 1 + window 1 + dictionary ID 4 + content size 8;
 * zstd.h's ZSTD_FRAMEHEADERSIZE_MAX, which is not in its stable API).
 */
#define PGS_ZSTD_HEADER_MAX 18

/* Input handed to one LZ4F_compressUpdate call; sizes the lz4 scratch. */
#define PGS_LZ4_STEP ((size_t)64 * 1024)

/* zlib counts in uInt; larger pieces are fed in slices of this size. */
#define PGS_ZLIB_SLICE ((size_t)UINT_MAX)

/* Library defaults behind PGS_COMPRESS_DEFAULT_LEVEL (pg_dump's as well). */
#define PGS_LZ4_DEFAULT_LEVEL 0
#define PGS_ZSTD_DEFAULT_LEVEL 3

static const unsigned char lz4_magic[4] = { 0x04, 0x22, 0x4d, 0x18 };
static const unsigned char zstd_magic[4] = { 0x28, 0xb5, 0x2f, 0xfd };

struct level_range {
	int min, max;
};

/* The --compress ranges of compress.h, indexed by enum pgs_compression. */
static const struct level_range level_ranges[] = {
	[PGS_COMPRESS_NONE] = { 0, 0 },
	[PGS_COMPRESS_GZIP] = { 0, 9 },
	[PGS_COMPRESS_LZ4] = { 0, 12 },
	[PGS_COMPRESS_ZSTD] = { 1, 22 },
};

static int valid_alg(enum pgs_compression alg)
{
	return alg == PGS_COMPRESS_NONE || alg == PGS_COMPRESS_GZIP ||
	       alg == PGS_COMPRESS_LZ4 || alg == PGS_COMPRESS_ZSTD;
}

const char *pgs_compression_name(enum pgs_compression alg)
{
	switch (alg) {
	case PGS_COMPRESS_NONE:
		return "none";
	case PGS_COMPRESS_GZIP:
		return "gzip";
	case PGS_COMPRESS_LZ4:
		return "lz4";
	case PGS_COMPRESS_ZSTD:
		return "zstd";
	}
	return "unknown";
}

static int parse_level(int *level, const char *text, enum pgs_compression alg,
		       struct pgs_error *err)
{
	const struct level_range *r = &level_ranges[alg];
	const char *p = text;
	long v = 0;
	int neg = 0, overflow = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (*p == '\0')
		return pgs_error_set(err, PGS_EUSAGE,
				     "invalid compression level '%s' for %s (expected a number)",
				     text, pgs_compression_name(alg));
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return pgs_error_set(err, PGS_EUSAGE,
					     "invalid compression level '%s' for %s (expected a number)",
					     text, pgs_compression_name(alg));
		/* Saturate instead of overflowing: any big number is out of range. */
		if (v > 1000)
			overflow = 1;
		else
			v = v * 10 + (*p - '0');
	}
	if (neg)
		v = -v;
	if (overflow || v < r->min || v > r->max)
		return pgs_error_set(err, PGS_EUSAGE,
				     "compression level %s is out of range for %s (%d-%d)",
				     text, pgs_compression_name(alg), r->min, r->max);
	*level = (int)v;
	return 0;
}

int pgs_compression_parse(enum pgs_compression *alg, int *level,
			  const char *spec, struct pgs_error *err)
{
	static const enum pgs_compression algs[] = {
		PGS_COMPRESS_NONE, PGS_COMPRESS_GZIP, PGS_COMPRESS_LZ4,
		PGS_COMPRESS_ZSTD
	};
	const char *colon = strchr(spec, ':');
	size_t namelen = colon ? (size_t)(colon - spec) : strlen(spec);
	size_t i;

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		const char *name = pgs_compression_name(algs[i]);

		if (strlen(name) == namelen && memcmp(name, spec, namelen) == 0)
			break;
	}
	if (i == sizeof(algs) / sizeof(algs[0]))
		return pgs_error_set(err, PGS_EUSAGE,
				     "unknown compression method '%.*s' (expected none, gzip, lz4 or zstd)",
				     (int)(namelen > 64 ? 64 : namelen), spec);
	if (!colon) {
		*alg = algs[i];
		*level = PGS_COMPRESS_DEFAULT_LEVEL;
		return 0;
	}
	if (algs[i] == PGS_COMPRESS_NONE)
		return pgs_error_set(err, PGS_EUSAGE,
				     "compression method none takes no level (got 'none:%s')",
				     colon + 1);
	if (parse_level(level, colon + 1, algs[i], err))
		return -1;
	*alg = algs[i];
	return 0;
}

const char *pgs_compression_versions(void)
{
	/* Filled on first use; the run is single-threaded. */
	static char versions[128];

	if (!versions[0])
		snprintf(versions, sizeof(versions), "zlib %s, lz4 %s, zstd %s",
			 zlibVersion(), LZ4_versionString(),
			 ZSTD_versionString());
	return versions;
}

/* ---- decoding -------------------------------------------------------- */

struct pgs_decoder {
	enum pgs_compression alg;
	z_stream zs;          /* gzip; valid when zs_ready */
	int zs_ready;
	LZ4F_dctx *lz4;       /* lz4 */
	ZSTD_DCtx *zstd;      /* zstd */
	unsigned char *out;   /* PGS_COMPRESS_CHUNK bytes; not used for none */
	size_t magic_seen;    /* lz4/zstd: leading bytes checked against the magic */
	unsigned char zhead[PGS_ZSTD_HEADER_MAX]; /* zstd: the frame's first bytes */
	size_t zhead_len;
	unsigned long long zout;  /* zstd: bytes decoded from the frame */
	int ended;            /* the stream is complete: any further byte is junk */
	int failed;           /* an error (ours or the sink's) left the stream unusable */
	int file;             /* PGS_CONTAINER_FILE: gzip is RFC 1952 and may
				 have more members (cat a.gz b.gz) */
};

static int decoder_fail_input(struct pgs_decoder *d, struct pgs_error *err,
			      const char *what)
{
	d->failed = 1;
	return pgs_error_set(err, PGS_EINPUT, "compressed data is damaged: %s",
			     what);
}

static int decoder_fail_trailing(struct pgs_decoder *d, struct pgs_error *err)
{
	d->failed = 1;
	return pgs_error_set(err, PGS_EINPUT,
			     "data after the end of the compressed stream");
}

/* Output pieces are at most one buffer, so PGS_COMPRESS_CHUNK holds. */
static int decoder_emit(struct pgs_decoder *d, size_t n, pgs_sink_fn sink,
			void *ctx, struct pgs_error *err)
{
	if (n == 0)
		return 0;
	if (sink(ctx, d->out, n, err)) {
		d->failed = 1;
		return -1;
	}
	return 0;
}

/*
 * LZ4F and zstd also decode "skippable frames", which would pass as a
 * complete stream with no content; pg_dump writes one data frame, so insist
 * on its magic number (checked as the bytes arrive, whatever the piecing).
 */
static int decoder_check_magic(struct pgs_decoder *d, const unsigned char *p,
			       size_t n, struct pgs_error *err)
{
	const unsigned char *magic =
		d->alg == PGS_COMPRESS_LZ4 ? lz4_magic : zstd_magic;

	while (d->magic_seen < 4 && n > 0) {
		if (*p != magic[d->magic_seen]) {
			d->failed = 1;
			return pgs_error_set(err, PGS_EINPUT,
					     "compressed data is not a%s %s frame (bad magic number)",
					     d->alg == PGS_COMPRESS_LZ4 ? "n" : "",
					     pgs_compression_name(d->alg));
		}
		d->magic_seen++;
		p++;
		n--;
	}
	return 0;
}

static int decode_gzip(struct pgs_decoder *d, const unsigned char *p, size_t n,
		       pgs_sink_fn sink, void *ctx, struct pgs_error *err)
{
	z_stream *zs = &d->zs;

	while (n > 0) {
		size_t slice = n < PGS_ZLIB_SLICE ? n : PGS_ZLIB_SLICE;
		int ret;

		zs->next_in = p;
		zs->avail_in = (uInt)slice;
		p += slice;
		n -= slice;
		do {
			zs->next_out = d->out;
			zs->avail_out = (uInt)PGS_COMPRESS_CHUNK;
			ret = inflate(zs, Z_NO_FLUSH);
			switch (ret) {
			case Z_OK:
			case Z_STREAM_END:
				break;
			case Z_BUF_ERROR:
				/*
				 * No progress was possible: we always offer a
				 * whole output buffer, so inflate needs more
				 * input.  Never loop on it (libgit2 hung so).
				 */
				break;
			case Z_NEED_DICT:
				d->failed = 1;
				return pgs_error_set(err, PGS_EINPUT,
						     "compressed data needs a zlib preset dictionary (pg_dump never writes one)");
			case Z_MEM_ERROR:
				d->failed = 1;
				return pgs_error_set(err, PGS_ENOMEM,
						     "out of memory decompressing gzip data");
			default:
				return decoder_fail_input(d, err,
							  zs->msg ? zs->msg : "inflate failed");
			}
			if (decoder_emit(d, PGS_COMPRESS_CHUNK - zs->avail_out,
					 sink, ctx, err))
				return -1;
			if (ret == Z_STREAM_END) {
				d->ended = 1;
				if ((zs->avail_in > 0 || n > 0) && d->file) {
					/* Another gzip member (cat a.gz b.gz):
					 * the rest of this slice and p are
					 * contiguous. */
					const unsigned char *rest = zs->next_in;
					size_t rn = zs->avail_in + n;

					if (inflateReset(zs) != Z_OK)
						return decoder_fail_input(d, err,
									  "inflateReset failed");
					d->ended = 0;
					return decode_gzip(d, rest, rn, sink, ctx, err);
				}
				if (zs->avail_in > 0 || n > 0)
					return decoder_fail_trailing(d, err);
				return 0;
			}
			if (ret == Z_BUF_ERROR)
				break;
		} while (zs->avail_out == 0);
		/*
		 * inflate stops only on an empty input or a full output; never
		 * drop input silently should a zlib ever do otherwise.
		 */
		if (zs->avail_in != 0)
			return decoder_fail_input(d, err,
						  "inflate stopped before the end of its input");
	}
	return 0;
}

static int decode_lz4(struct pgs_decoder *d, const unsigned char *p, size_t n,
		      pgs_sink_fn sink, void *ctx, struct pgs_error *err)
{
	for (;;) {
		size_t dst = PGS_COMPRESS_CHUNK, src = n;
		size_t ret = LZ4F_decompress(d->lz4, d->out, &dst, p, &src, NULL);

		if (LZ4F_isError(ret))
			return decoder_fail_input(d, err, LZ4F_getErrorName(ret));
		p += src;
		n -= src;
		if (decoder_emit(d, dst, sink, ctx, err))
			return -1;
		/* 0 means the frame is decoded, checked and fully flushed. */
		if (ret == 0) {
			d->ended = 1;
			if (n > 0)
				return decoder_fail_trailing(d, err);
			return 0;
		}
		/* A full output buffer may leave more output inside LZ4F. */
		if (n == 0 && dst < PGS_COMPRESS_CHUNK)
			return 0;
		/* Defensive: with input and room LZ4F always moves. */
		if (src == 0 && dst == 0)
			return decoder_fail_input(d, err,
						  "the lz4 decoder made no progress");
	}
}

static int decode_zstd(struct pgs_decoder *d, const unsigned char *p, size_t n,
		       pgs_sink_fn sink, void *ctx, struct pgs_error *err)
{
	ZSTD_inBuffer in = { p, n, 0 };
	size_t keep = PGS_ZSTD_HEADER_MAX - d->zhead_len;

	if (keep > n)
		keep = n;
	memcpy(d->zhead + d->zhead_len, p, keep);
	d->zhead_len += keep;
	for (;;) {
		ZSTD_outBuffer out = { d->out, PGS_COMPRESS_CHUNK, 0 };
		size_t ret = ZSTD_decompressStream(d->zstd, &out, &in);

		if (ZSTD_isError(ret))
			return decoder_fail_input(d, err, ZSTD_getErrorName(ret));
		d->zout += out.pos;
		if (decoder_emit(d, out.pos, sink, ctx, err))
			return -1;
		/* 0: the frame is complete and flushed; zstd stops right there. */
		if (ret == 0) {
			unsigned long long size =
				ZSTD_getFrameContentSize(d->zhead, d->zhead_len);

			/*
			 * libzstd (1.5.4) checks the declared content size
			 * when the whole frame comes in one call, but not when
			 * it streams in an empty last block: check it here, so
			 * the verdict does not depend on how input is pieced.
			 */
			if (size != ZSTD_CONTENTSIZE_UNKNOWN && size != d->zout)
				return decoder_fail_input(d, err,
							  "the zstd frame is shorter or longer than its header says");
			d->ended = 1;
			if (in.pos < in.size)
				return decoder_fail_trailing(d, err);
			return 0;
		}
		/* zstd's rule: output short of full means all was flushed. */
		if (in.pos == in.size && out.pos < out.size)
			return 0;
	}
}

int pgs_decoder_new(struct pgs_decoder **out, enum pgs_compression alg,
		    struct pgs_error *err)
{
	return pgs_decoder_new_in(out, alg, PGS_CONTAINER_STREAM, err);
}

int pgs_decoder_new_in(struct pgs_decoder **out, enum pgs_compression alg,
		       enum pgs_container c, struct pgs_error *err)
{
	struct pgs_decoder *d;

	*out = NULL;
	if (!valid_alg(alg))
		return pgs_error_set(err, PGS_EINPUT,
				     "unsupported compression algorithm %d",
				     (int)alg);
	d = calloc(1, sizeof(*d));
	if (!d)
		goto nomem;
	d->alg = alg;
	d->file = c == PGS_CONTAINER_FILE;
	if (alg != PGS_COMPRESS_NONE) {
		d->out = malloc(PGS_COMPRESS_CHUNK);
		if (!d->out)
			goto nomem;
	}
	switch (alg) {
	case PGS_COMPRESS_NONE:
		break;
	case PGS_COMPRESS_GZIP:
		/* In an archive's block, RFC 1950 (pg_dump's inflateInit); a
		 * file is one gzip member (windowBits 15 + 16). */
		if ((c == PGS_CONTAINER_FILE ? inflateInit2(&d->zs, 15 + 16)
					     : inflateInit(&d->zs)) != Z_OK)
			goto nomem;
		d->zs_ready = 1;
		break;
	case PGS_COMPRESS_LZ4:
		if (LZ4F_isError(LZ4F_createDecompressionContext(&d->lz4,
								  LZ4F_VERSION))) {
			d->lz4 = NULL;
			goto nomem;
		}
		break;
	case PGS_COMPRESS_ZSTD:
		d->zstd = ZSTD_createDCtx();
		if (!d->zstd)
			goto nomem;
		break;
	}
	*out = d;
	return 0;

nomem:
	pgs_decoder_free(d);
	return pgs_error_set(err, PGS_ENOMEM,
			     "out of memory creating the %s decoder",
			     pgs_compression_name(alg));
}

int pgs_decoder_reset(struct pgs_decoder *d, struct pgs_error *err)
{
	d->magic_seen = 0;
	d->zhead_len = 0;
	d->zout = 0;
	d->ended = 0;
	d->failed = 0;
	switch (d->alg) {
	case PGS_COMPRESS_NONE:
		break;
	case PGS_COMPRESS_GZIP:
		if (inflateReset(&d->zs) != Z_OK) {
			d->failed = 1;
			return pgs_error_set(err, PGS_EINTERNAL,
					     "could not reset the gzip decoder");
		}
		break;
	case PGS_COMPRESS_LZ4:
		/* Also the way out of LZ4F's undefined state after an error. */
		LZ4F_resetDecompressionContext(d->lz4);
		break;
	case PGS_COMPRESS_ZSTD:
		if (ZSTD_isError(ZSTD_DCtx_reset(d->zstd,
						 ZSTD_reset_session_only))) {
			d->failed = 1;
			return pgs_error_set(err, PGS_EINTERNAL,
					     "could not reset the zstd decoder");
		}
		break;
	}
	return 0;
}

int pgs_decoder_feed(struct pgs_decoder *d, const void *in, size_t n,
		     pgs_sink_fn sink, void *ctx, struct pgs_error *err)
{
	const unsigned char *p = in;

	if (d->failed)
		return pgs_error_set(err, PGS_EINTERNAL,
				     "compressed stream already failed (reset the decoder first)");
	if (n == 0)
		return 0;
	if (d->ended)
		return decoder_fail_trailing(d, err);

	switch (d->alg) {
	case PGS_COMPRESS_NONE:
		while (n > 0) {
			size_t piece = n < PGS_COMPRESS_CHUNK ? n : PGS_COMPRESS_CHUNK;

			if (sink(ctx, p, piece, err)) {
				d->failed = 1;
				return -1;
			}
			p += piece;
			n -= piece;
		}
		return 0;
	case PGS_COMPRESS_GZIP:
		return decode_gzip(d, p, n, sink, ctx, err);
	case PGS_COMPRESS_LZ4:
		if (decoder_check_magic(d, p, n, err))
			return -1;
		return decode_lz4(d, p, n, sink, ctx, err);
	case PGS_COMPRESS_ZSTD:
		if (decoder_check_magic(d, p, n, err))
			return -1;
		return decode_zstd(d, p, n, sink, ctx, err);
	}
	return 0;
}

int pgs_decoder_finish(struct pgs_decoder *d, struct pgs_error *err)
{
	if (d->failed)
		return pgs_error_set(err, PGS_EINTERNAL,
				     "compressed stream already failed (reset the decoder first)");
	if (d->alg == PGS_COMPRESS_NONE || d->ended)
		return 0;
	/* Also an empty input: even an empty table makes a non-empty stream. */
	d->failed = 1;
	return pgs_error_set(err, PGS_EINPUT, "compressed data ends early");
}

void pgs_decoder_free(struct pgs_decoder *d)
{
	if (!d)
		return;
	if (d->zs_ready)
		inflateEnd(&d->zs);
	if (d->lz4)
		LZ4F_freeDecompressionContext(d->lz4);
	ZSTD_freeDCtx(d->zstd);  /* accepts NULL */
	free(d->out);
	free(d);
}

/* ---- encoding -------------------------------------------------------- */

struct pgs_encoder {
	enum pgs_compression alg;
	int level;               /* resolved: never PGS_COMPRESS_DEFAULT_LEVEL */
	z_stream zs;             /* gzip; valid when zs_ready */
	int zs_ready;
	LZ4F_cctx *lz4;          /* lz4 */
	LZ4F_preferences_t prefs;
	unsigned char *scratch;  /* lz4: one LZ4F call's worst-case output */
	size_t scratch_cap;
	int lz4_begun;           /* lz4: frame header written */
	ZSTD_CCtx *zstd;         /* zstd */
	unsigned char *out;      /* PGS_COMPRESS_CHUNK bytes of pending output */
	size_t out_len;
	int finished;            /* the stream is closed until the next reset */
	int failed;
};

static int encoder_flush(struct pgs_encoder *e, pgs_sink_fn sink, void *ctx,
			 struct pgs_error *err)
{
	size_t n = e->out_len;

	if (n == 0)
		return 0;
	e->out_len = 0;
	if (sink(ctx, e->out, n, err)) {
		e->failed = 1;
		return -1;
	}
	return 0;
}

/* Append to the pending output, handing on each full 64 KiB piece. */
static int encoder_put(struct pgs_encoder *e, const unsigned char *p, size_t n,
		       pgs_sink_fn sink, void *ctx, struct pgs_error *err)
{
	while (n > 0) {
		size_t room = PGS_COMPRESS_CHUNK - e->out_len;
		size_t piece = n < room ? n : room;

		memcpy(e->out + e->out_len, p, piece);
		e->out_len += piece;
		p += piece;
		n -= piece;
		if (e->out_len == PGS_COMPRESS_CHUNK &&
		    encoder_flush(e, sink, ctx, err))
			return -1;
	}
	return 0;
}

static int encoder_fail(struct pgs_encoder *e, struct pgs_error *err,
			const char *detail)
{
	e->failed = 1;
	return pgs_error_set(err, PGS_EINTERNAL, "%s compression failed: %s",
			     pgs_compression_name(e->alg), detail);
}

/*
 * deflate writes straight into the pending buffer; flush is Z_NO_FLUSH
 * (write) or Z_FINISH (finish).
 */
static int encode_gzip(struct pgs_encoder *e, const unsigned char *p, size_t n,
		       int flush, pgs_sink_fn sink, void *ctx,
		       struct pgs_error *err)
{
	z_stream *zs = &e->zs;

	do {
		size_t slice = n < PGS_ZLIB_SLICE ? n : PGS_ZLIB_SLICE;
		int last = slice == n;
		int ret;

		zs->next_in = p;
		zs->avail_in = (uInt)slice;
		if (slice) {  /* finish passes NULL: NULL + 0 is undefined */
			p += slice;
			n -= slice;
		}
		for (;;) {
			int full;

			zs->next_out = e->out + e->out_len;
			zs->avail_out = (uInt)(PGS_COMPRESS_CHUNK - e->out_len);
			ret = deflate(zs, last ? flush : Z_NO_FLUSH);
			e->out_len = PGS_COMPRESS_CHUNK - zs->avail_out;
			if (ret == Z_STREAM_ERROR)
				return encoder_fail(e, err, zs->msg ? zs->msg :
						    "deflate failed");
			full = e->out_len == PGS_COMPRESS_CHUNK;
			if (full && encoder_flush(e, sink, ctx, err))
				return -1;
			/*
			 * Room left over means deflate consumed all input
			 * (zpipe.c's rule); after Z_STREAM_END only
			 * deflateReset is allowed.
			 */
			if (ret == Z_STREAM_END || !full)
				break;
		}
		if (zs->avail_in != 0)
			return encoder_fail(e, err,
					    "deflate stopped before the end of its input");
		if (last && flush == Z_FINISH && ret != Z_STREAM_END)
			return encoder_fail(e, err, zs->msg ? zs->msg :
					    "deflate did not end the stream");
	} while (n > 0);
	return 0;
}

static int lz4_begin(struct pgs_encoder *e, pgs_sink_fn sink, void *ctx,
		     struct pgs_error *err)
{
	size_t ret;

	if (e->lz4_begun)
		return 0;
	/* Restarts the context even after an abandoned or failed frame. */
	ret = LZ4F_compressBegin(e->lz4, e->scratch, e->scratch_cap, &e->prefs);
	if (LZ4F_isError(ret))
		return encoder_fail(e, err, LZ4F_getErrorName(ret));
	e->lz4_begun = 1;
	return encoder_put(e, e->scratch, ret, sink, ctx, err);
}

static int encode_lz4(struct pgs_encoder *e, const unsigned char *p, size_t n,
		      pgs_sink_fn sink, void *ctx, struct pgs_error *err)
{
	if (lz4_begin(e, sink, ctx, err))
		return -1;
	while (n > 0) {
		size_t step = n < PGS_LZ4_STEP ? n : PGS_LZ4_STEP;
		size_t ret = LZ4F_compressUpdate(e->lz4, e->scratch,
						 e->scratch_cap, p, step, NULL);

		if (LZ4F_isError(ret))
			return encoder_fail(e, err, LZ4F_getErrorName(ret));
		if (encoder_put(e, e->scratch, ret, sink, ctx, err))
			return -1;
		p += step;
		n -= step;
	}
	return 0;
}

static int encode_zstd(struct pgs_encoder *e, const unsigned char *p, size_t n,
		       ZSTD_EndDirective mode, pgs_sink_fn sink, void *ctx,
		       struct pgs_error *err)
{
	ZSTD_inBuffer in = { p, n, 0 };

	for (;;) {
		ZSTD_outBuffer out = { e->out, PGS_COMPRESS_CHUNK, e->out_len };
		size_t ret = ZSTD_compressStream2(e->zstd, &out, &in, mode);

		if (ZSTD_isError(ret)) {
			/* Memory is not a bug: zstd allocates on first use. */
			if (ZSTD_getErrorCode(ret) ==
			    ZSTD_error_memory_allocation) {
				e->failed = 1;
				return pgs_error_set(err, PGS_ENOMEM, "zstd "
						     "compression: out of memory");
			}
			return encoder_fail(e, err, ZSTD_getErrorName(ret));
		}
		e->out_len = out.pos;
		if (mode == ZSTD_e_end) {
			/* ret is what is left to flush; 0 is the frame end. */
			if (ret == 0)
				return 0;
			if (encoder_flush(e, sink, ctx, err))
				return -1;
			continue;
		}
		if (e->out_len == PGS_COMPRESS_CHUNK &&
		    encoder_flush(e, sink, ctx, err))
			return -1;
		if (in.pos == in.size)
			return 0;
	}
}

int pgs_encoder_new(struct pgs_encoder **out, enum pgs_compression alg,
		    int level, struct pgs_error *err)
{
	return pgs_encoder_new_in(out, alg, level, PGS_CONTAINER_STREAM, err);
}

int pgs_encoder_new_in(struct pgs_encoder **out, enum pgs_compression alg,
		       int level, enum pgs_container c, struct pgs_error *err)
{
	struct pgs_encoder *e;

	*out = NULL;
	if (!valid_alg(alg))
		return pgs_error_set(err, PGS_EUSAGE,
				     "unsupported compression algorithm %d",
				     (int)alg);
	if (alg != PGS_COMPRESS_NONE && level != PGS_COMPRESS_DEFAULT_LEVEL &&
	    (level < level_ranges[alg].min || level > level_ranges[alg].max))
		return pgs_error_set(err, PGS_EUSAGE,
				     "compression level %d is out of range for %s (%d-%d)",
				     level, pgs_compression_name(alg),
				     level_ranges[alg].min,
				     level_ranges[alg].max);
	e = calloc(1, sizeof(*e));
	if (!e)
		goto nomem;
	e->alg = alg;
	e->level = level;
	if (alg != PGS_COMPRESS_NONE) {
		e->out = malloc(PGS_COMPRESS_CHUNK);
		if (!e->out)
			goto nomem;
	}
	switch (alg) {
	case PGS_COMPRESS_NONE:
		e->level = 0;
		break;
	case PGS_COMPRESS_GZIP:
		if (level == PGS_COMPRESS_DEFAULT_LEVEL)
			e->level = Z_DEFAULT_COMPRESSION;
		/* In an archive's block RFC 1950 (pg_dump's deflateInit); a
		 * file is one gzip member (gzwrite's deflateInit2 with
		 * windowBits 15 + 16, memLevel 8: mtime 0, OS 3). */
		if ((c == PGS_CONTAINER_FILE
		     ? deflateInit2(&e->zs, e->level, Z_DEFLATED, 15 + 16, 8,
				    Z_DEFAULT_STRATEGY)
		     : deflateInit(&e->zs, e->level)) != Z_OK)
			goto nomem;
		e->zs_ready = 1;
		break;
	case PGS_COMPRESS_LZ4:
		if (level == PGS_COMPRESS_DEFAULT_LEVEL)
			e->level = PGS_LZ4_DEFAULT_LEVEL;
		/*
		 * pg_dump 16+ (compress_lz4.c) zeroes the preferences and sets
		 * only the level: 64 KiB linked blocks, no checksums, no
		 * content size.
		 */
		memset(&e->prefs, 0, sizeof(e->prefs));
		e->prefs.compressionLevel = e->level;
		e->scratch_cap = LZ4F_compressBound(PGS_LZ4_STEP, &e->prefs);
		if (e->scratch_cap < LZ4F_HEADER_SIZE_MAX)
			e->scratch_cap = LZ4F_HEADER_SIZE_MAX;
		e->scratch = malloc(e->scratch_cap);
		if (!e->scratch)
			goto nomem;
		if (LZ4F_isError(LZ4F_createCompressionContext(&e->lz4,
								LZ4F_VERSION))) {
			e->lz4 = NULL;
			goto nomem;
		}
		break;
	case PGS_COMPRESS_ZSTD:
		if (level == PGS_COMPRESS_DEFAULT_LEVEL)
			e->level = PGS_ZSTD_DEFAULT_LEVEL;
		e->zstd = ZSTD_createCCtx();
		if (!e->zstd)
			goto nomem;
		/* A session reset keeps this parameter (ZSTD_CCtx_reset). */
		if (ZSTD_isError(ZSTD_CCtx_setParameter(e->zstd,
							ZSTD_c_compressionLevel,
							e->level))) {
			pgs_encoder_free(e);
			return pgs_error_set(err, PGS_EUSAGE,
					     "zstd rejected compression level %d",
					     level);
		}
		break;
	}
	*out = e;
	return 0;

nomem:
	pgs_encoder_free(e);
	return pgs_error_set(err, PGS_ENOMEM,
			     "out of memory creating the %s encoder",
			     pgs_compression_name(alg));
}

int pgs_encoder_set_workers(struct pgs_encoder *e, unsigned n,
			    struct pgs_error *err)
{
	size_t ret;

	if (e->alg != PGS_COMPRESS_ZSTD)
		return 0;
	ret = ZSTD_CCtx_setParameter(e->zstd, ZSTD_c_nbWorkers, (int)n);
	/* Jobs of 2 MiB instead of the default 4 windows (8 MiB at level
	 * 3): each worker holds a few of them.  On the bench's 100 MB
	 * archive the peak RSS of --compress zstd at -j 4 is 23-25 MiB
	 * instead of 79 MiB, and the output 0.1 % smaller. */
	if (!ZSTD_isError(ret))
		ret = ZSTD_CCtx_setParameter(e->zstd, ZSTD_c_jobSize, 1 << 21);
	if (ZSTD_isError(ret))
		return pgs_error_set(err, PGS_EUSAGE, "zstd cannot compress "
				     "with %u threads: %s", n,
				     ZSTD_getErrorName(ret));
	return 0;
}

int pgs_encoder_reset(struct pgs_encoder *e, struct pgs_error *err)
{
	/* Output of an abandoned stream must not leak into the next one. */
	e->out_len = 0;
	e->finished = 0;
	e->failed = 0;
	e->lz4_begun = 0;  /* LZ4F_compressBegin restarts the context */
	switch (e->alg) {
	case PGS_COMPRESS_NONE:
	case PGS_COMPRESS_LZ4:
		break;
	case PGS_COMPRESS_GZIP:
		if (deflateReset(&e->zs) != Z_OK) {
			e->failed = 1;
			return pgs_error_set(err, PGS_EINTERNAL,
					     "could not reset the gzip encoder");
		}
		break;
	case PGS_COMPRESS_ZSTD:
		if (ZSTD_isError(ZSTD_CCtx_reset(e->zstd,
						 ZSTD_reset_session_only))) {
			e->failed = 1;
			return pgs_error_set(err, PGS_EINTERNAL,
					     "could not reset the zstd encoder");
		}
		break;
	}
	return 0;
}

static int encoder_check_state(struct pgs_encoder *e, struct pgs_error *err)
{
	if (e->failed)
		return pgs_error_set(err, PGS_EINTERNAL,
				     "compressed stream already failed (reset the encoder first)");
	/* Writing after finish is the caller's bug; say so in release builds too. */
	assert(!e->finished);
	if (e->finished)
		return pgs_error_set(err, PGS_EINTERNAL,
				     "compressed stream already finished (reset the encoder first)");
	return 0;
}

int pgs_encoder_write(struct pgs_encoder *e, const void *in, size_t n,
		      pgs_sink_fn sink, void *ctx, struct pgs_error *err)
{
	if (encoder_check_state(e, err))
		return -1;
	if (n == 0)
		return 0;
	switch (e->alg) {
	case PGS_COMPRESS_NONE:
		if (sink(ctx, in, n, err)) {
			e->failed = 1;
			return -1;
		}
		return 0;
	case PGS_COMPRESS_GZIP:
		return encode_gzip(e, in, n, Z_NO_FLUSH, sink, ctx, err);
	case PGS_COMPRESS_LZ4:
		return encode_lz4(e, in, n, sink, ctx, err);
	case PGS_COMPRESS_ZSTD:
		return encode_zstd(e, in, n, ZSTD_e_continue, sink, ctx, err);
	}
	return 0;
}

int pgs_encoder_finish(struct pgs_encoder *e, pgs_sink_fn sink, void *ctx,
		       struct pgs_error *err)
{
	size_t ret;

	if (encoder_check_state(e, err))
		return -1;
	switch (e->alg) {
	case PGS_COMPRESS_NONE:
		break;
	case PGS_COMPRESS_GZIP:
		if (encode_gzip(e, NULL, 0, Z_FINISH, sink, ctx, err))
			return -1;
		break;
	case PGS_COMPRESS_LZ4:
		/* An empty stream still needs its header and end mark. */
		if (lz4_begin(e, sink, ctx, err))
			return -1;
		ret = LZ4F_compressEnd(e->lz4, e->scratch, e->scratch_cap, NULL);
		if (LZ4F_isError(ret))
			return encoder_fail(e, err, LZ4F_getErrorName(ret));
		if (encoder_put(e, e->scratch, ret, sink, ctx, err))
			return -1;
		break;
	case PGS_COMPRESS_ZSTD:
		if (encode_zstd(e, NULL, 0, ZSTD_e_end, sink, ctx, err))
			return -1;
		break;
	}
	if (encoder_flush(e, sink, ctx, err))
		return -1;
	e->finished = 1;
	return 0;
}

void pgs_encoder_free(struct pgs_encoder *e)
{
	if (!e)
		return;
	if (e->zs_ready)
		deflateEnd(&e->zs);
	if (e->lz4)
		LZ4F_freeCompressionContext(e->lz4);
	ZSTD_freeCCtx(e->zstd);  /* accepts NULL */
	free(e->scratch);
	free(e->out);
	free(e);
}
