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

/* "zlib 1.2.13, lz4 1.9.4, zstd 1.5.4" — the linked library versions. */
const char *pgs_compression_versions(void);

#endif
