/*
 * compress.h — the four compression methods of pg_dump's custom archive
 * (none, gzip/zlib, lz4 frame, zstd frame) behind one streaming interface.
 *
 * pg_dump makes exactly one compressed stream per TABLE DATA block and one
 * per large object (archive-format.md §4.2): a zlib-format stream (RFC 1950,
 * not a gzip file), one LZ4 frame, or one zstd frame.  Chunk boundaries mean
 * nothing, so both directions work on arbitrary pieces.
 *
 * Output goes to a sink callback; the pieces it is handed are borrowed and
 * valid only during the call.  A sink returns 0, or -1 with err filled (its
 * error is passed up unchanged).
 *
 * One decoder/encoder is made per run and reset between streams (reusing the
 * library context, as zstd and lz4 recommend).
 */
#ifndef PGSCRUB_COMPRESS_H
#define PGSCRUB_COMPRESS_H

#include <stddef.h>
#include "pgscrub/error.h"

/* Values are the 1.15+ header's algorithm byte. */
enum pgs_compression {
	PGS_COMPRESS_NONE = 0,
	PGS_COMPRESS_GZIP = 1,
	PGS_COMPRESS_LZ4 = 2,
	PGS_COMPRESS_ZSTD = 3
};

/*
 * Where a compressed stream lives.  In a custom archive's data block gzip
 * is a bare zlib stream (RFC 1950); a directory archive's NNNN.dat.gz, and
 * a compressed plain script (pg_dump -Fp -Z, or gzip of one), is a file of
 * its own: gzip members (RFC 1952, other-formats.md §2.3), further members
 * read as more of the same file, as gzip -d and pg_restore do; written as
 * one.  lz4 frames, zstd frames and none are the same in both.
 */
enum pgs_container {
	PGS_CONTAINER_STREAM = 0,
	PGS_CONTAINER_FILE = 1
};

/* Level meaning "the library's default" (zlib -1, lz4 0, zstd 3). */
#define PGS_COMPRESS_DEFAULT_LEVEL (-1)

typedef int (*pgs_sink_fn)(void *ctx, const void *p, size_t n,
			   struct pgs_error *err);

/* "none", "gzip", "lz4", "zstd". */
const char *pgs_compression_name(enum pgs_compression alg);

/*
 * Parse "METHOD" or "METHOD:LEVEL" (the --compress argument).  Accepts the
 * method names above; LEVEL must be in the method's range (gzip 0–9, lz4
 * 0–12, zstd 1–22; none takes no level).  *level is
 * PGS_COMPRESS_DEFAULT_LEVEL when absent.  PGS_EUSAGE on anything else.
 */
int pgs_compression_parse(enum pgs_compression *alg, int *level,
			  const char *spec, struct pgs_error *err);

/* ---- decoding -------------------------------------------------------- */

struct pgs_decoder;

/* A decoder for alg; *out is NULL on failure. */
/* pgs_decoder_new() for a stream in container c. */
int pgs_decoder_new_in(struct pgs_decoder **out, enum pgs_compression alg,
		       enum pgs_container c, struct pgs_error *err);
int pgs_decoder_new(struct pgs_decoder **out, enum pgs_compression alg,
		    struct pgs_error *err);

/* Get ready for a new stream (call before each block / large object). */
int pgs_decoder_reset(struct pgs_decoder *d, struct pgs_error *err);

/*
 * Decompress n bytes of the current stream, handing the output to sink in
 * pieces of at most 64 KiB.  Fails with PGS_EINPUT on damaged data, and on
 * any byte after the end of the stream (pg_restore hangs on those).
 */
int pgs_decoder_feed(struct pgs_decoder *d, const void *in, size_t n,
		     pgs_sink_fn sink, void *ctx, struct pgs_error *err);

/*
 * The stream's input is over: PGS_EINPUT ("compressed data ends early")
 * unless the stream ended exactly (Z_STREAM_END, LZ4F frame end, zstd frame
 * end).  An empty input is a truncated stream for gzip/lz4/zstd and an empty
 * stream for none.
 */
int pgs_decoder_finish(struct pgs_decoder *d, struct pgs_error *err);

void pgs_decoder_free(struct pgs_decoder *d);

/* ---- encoding -------------------------------------------------------- */

struct pgs_encoder;

/* An encoder for alg at level (PGS_COMPRESS_DEFAULT_LEVEL for default). */
/* pgs_encoder_new() for a stream in container c (a gzip member for a
 * file: no name, mtime 0, OS 3, as pg_dump's gzwrite makes it). */
int pgs_encoder_new_in(struct pgs_encoder **out, enum pgs_compression alg,
		       int level, enum pgs_container c, struct pgs_error *err);
int pgs_encoder_new(struct pgs_encoder **out, enum pgs_compression alg,
		    int level, struct pgs_error *err);

/*
 * zstd: compress with n worker threads of the library's own
 * (ZSTD_c_nbWorkers; its output is the same for any n >= 1, and differs
 * from n = 0's).  Kept across resets.  No effect for the other methods.
 * PGS_EUSAGE when the library has no thread support.
 */
int pgs_encoder_set_workers(struct pgs_encoder *e, unsigned n,
			    struct pgs_error *err);

/* Start a new stream. */
int pgs_encoder_reset(struct pgs_encoder *e, struct pgs_error *err);

/*
 * Compress n bytes into the current stream; compressed output goes to sink
 * (possibly nothing yet: encoders buffer).  For none, the bytes go to the
 * sink as they are.
 */
int pgs_encoder_write(struct pgs_encoder *e, const void *in, size_t n,
		      pgs_sink_fn sink, void *ctx, struct pgs_error *err);

/* End the stream, flushing everything (zlib trailer, lz4 end mark, zstd
 * epilogue) to sink.  A stream with no input still produces a valid, empty
 * stream for gzip/lz4/zstd, and nothing for none. */
int pgs_encoder_finish(struct pgs_encoder *e, pgs_sink_fn sink, void *ctx,
		       struct pgs_error *err);

void pgs_encoder_free(struct pgs_encoder *e);

/* ---- igzip: gzip at levels 1-3 --------------------------------------- */

/*
 * gzip (a zlib stream or a gzip member) at levels 1 to PGS_IGZIP_MAX_LEVEL
 * is deflated by ISA-L's igzip (isal_deflate), not zlib: the same stream
 * format, which zlib's inflate and pg_restore read, at about 4x zlib's
 * speed and a smaller output (bench/README.md, igzip).  igzip's level n
 * serves our level n: each is faster and smaller than zlib's same level,
 * and they keep zlib's order (1 fastest, 3 smallest) on the bench's
 * people table.  The bytes differ from zlib's at the same level; they are
 * the same on every run and for any -j on one machine, but ISA-L picks its
 * code by CPU features (level 3 has another match finder with AVX2 than
 * without; every level another hash without SSE4.2), so another CPU may
 * write other (equally valid) bytes.  Level 0 (stored), 4-9 and the
 * default (6, pg_dump's) stay zlib's, the reference.
 */
#define PGS_IGZIP_MAX_LEVEL 3

/* Whether gzip at level (resolved, or PGS_COMPRESS_DEFAULT_LEVEL) is
 * igzip's. */
int pgs_gzip_igzip(int level);

/* The header zlib's deflate writes at level in container c, into h (10
 * bytes of room): the zlib header (2 bytes: the level's FLEVEL) or the
 * gzip member header (10 bytes: no name, mtime 0, XFL from the level,
 * OS 3).  Its length. */
size_t pgs_gzip_head(unsigned char *h, int level, enum pgs_container c);

/*
 * One igzip deflate state at one level with its level buffer and input
 * stage, allocated once (state 80 KiB, level buffer 276, 324 or 340 KiB
 * for levels 1, 2, 3, stage 256 KiB: 0.6-0.7 MiB) and reused for every
 * stream: for the encoder above and for each of the compression pool's
 * workers.
 */
struct pgs_igzip;

enum pgs_igzip_wrap {
	PGS_IGZIP_RAW = 0,           /* raw deflate (the pool's blocks) */
	PGS_IGZIP_ZLIB_TRAILER = 1,  /* and the Adler-32 trailer at the end */
	PGS_IGZIP_GZIP_TRAILER = 2   /* and the CRC-32 and ISIZE trailer */
};

enum pgs_igzip_mode {
	PGS_IGZIP_MORE = 0,  /* more input to come (NO_FLUSH) */
	PGS_IGZIP_SYNC = 1,  /* end at a byte boundary after this input
				(SYNC_FLUSH: an empty stored block) */
	PGS_IGZIP_END = 2    /* the stream's last input: the final block */
};

/* PGS_ENOMEM; PGS_EINTERNAL unless pgs_gzip_igzip(level). */
int pgs_igzip_new(struct pgs_igzip **out, int level, struct pgs_error *err);
void pgs_igzip_free(struct pgs_igzip *z);

/* Start a stream wrapped as wrap (headers are the caller's), with the
 * last 32 KiB of dict[0 .. dictlen) as its dictionary (none if 0). */
int pgs_igzip_begin(struct pgs_igzip *z, int wrap, const void *dict,
		    size_t dictlen, struct pgs_error *err);

/*
 * Deflate from *in (*in_n bytes) into *out (*out_n bytes of room),
 * advancing both.  Call again while input is left or the output is full
 * (*out_n == 0: give it more room); for PGS_IGZIP_END until
 * pgs_igzip_ended().  A flush or the end (mode) happens once the input of
 * a call with that mode is used up; a flush with no input is a call with
 * *in_n == 0.  After it only pgs_igzip_begin() starts more.  The output
 * depends on the bytes and the flush points, never on how the input is
 * cut into calls (it is staged in 256 KiB).  PGS_EINTERNAL if igzip
 * fails.
 */
int pgs_igzip_deflate(struct pgs_igzip *z, const unsigned char **in,
		      size_t *in_n, unsigned char **out, size_t *out_n,
		      int mode, struct pgs_error *err);

/* The stream is complete (final block and trailer written). */
int pgs_igzip_ended(const struct pgs_igzip *z);

/* "zlib 1.2.13, lz4 1.9.4, zstd 1.5.4, isa-l 2.30.0" — the linked library
 * versions. */
const char *pgs_compression_versions(void);

#endif
