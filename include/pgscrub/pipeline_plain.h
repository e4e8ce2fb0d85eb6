/*
 * pipeline_plain.h — one run of pgscrub over a plain SQL script (pg_dump
 * -Fp, also gzip/lz4/zstd-compressed): script in, scrubbed script out.
 */
#ifndef PGSCRUB_PIPELINE_PLAIN_H
#define PGSCRUB_PIPELINE_PLAIN_H

#include "pgscrub/error.h"
#include "pgscrub/io.h"
#include "pgscrub/pipeline.h"

/*
 * Whether in (opened, nothing read yet) holds a plain script: it starts with
 * "--" or with the magic bytes of a gzip, lz4 or zstd file (a compressed
 * script; whether it really is one is found when it is read).  Peeks only.
 */
int pgs_pipeline_plain_detect(int *is_plain, struct pgs_input *in,
			      struct pgs_error *err);

/*
 * --format given for a plain script: -1 with PGS_EUSAGE and a hint.  A
 * script is written as a script; --format converts between custom,
 * directory and tar archives only.  The run and pgscrub plan both refuse here.
 */
int pgs_pipeline_plain_refuse_format(struct pgs_error *err);

/*
 * pgs_pipeline_scrub() for a plain script: the same options, tally and
 * contract (nothing is written to out before the rules have been checked
 * against every table of the script).  The script is read twice: first
 * for its DDL (the resolver needs all of it, and pg_dump puts foreign keys
 * and statistics after the data), then for the output.  A pipe is spooled
 * to opt->tmpdir first (pgs_input_spool).  The output script is compressed
 * with opt->compression when opt->recompress is set, else as the input
 * was.
 */
int pgs_pipeline_plain_scrub(const struct pgs_options *opt,
			     struct pgs_input *in, struct pgs_output *out,
			     struct pgs_tally *tally, struct pgs_error *err);

#endif
