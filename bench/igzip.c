/*
 * igzip.c — ISA-L's igzip against zlib on the same bytes (issue 13: "where a
 * faster deflate serves the same stream format, measure it").
 *
 *   igzip FILE [MB]
 *
 * Reads the first MB (default 100) MiB of FILE (plain COPY text, e.g. what
 * pg_restore -a -t people -f - writes) and deflates it once as one zlib
 * stream (RFC 1950, what pg_dump writes) with zlib at levels 1, 3 and 6 and
 * with isal_deflate at its levels 1, 2 and 3 (ISA-L has no others; its 0 is
 * a stored-like fast mode), one thread, timed with CLOCK_PROCESS_CPUTIME_ID.
 * Prints "lib level seconds MB/s ratio" lines, MB/s of input (10^6 bytes).
 * Built by bench/parallel.sh when libisal-dev is installed:
 *   gcc -O2 bench/igzip.c -o igzip -lisal -lz
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <isa-l/igzip_lib.h>
#include <zlib.h>

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *lib, int level, double s, size_t in, size_t out)
{
	printf("%s %d %.3f %.1f %.4f\n", lib, level, s, (double)in / 1e6 / s,
	       (double)out / (double)in);
}

int main(int argc, char **argv)
{
	size_t max = (argc > 2 ? (size_t)atol(argv[2]) : 100) << 20, len = 0;
	size_t cap = compressBound((uLong)max) + 1024;
	unsigned char *in = malloc(max), *out = malloc(cap);
	FILE *f;
	int lv;

	if (argc < 2 || !in || !out) {
		fprintf(stderr, "usage: igzip FILE [MB]\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	len = fread(in, 1, max, f);
	fclose(f);
	for (lv = 1; lv <= 6; lv += (lv == 1 ? 2 : 3)) {
		z_stream zs;
		double t0;

		memset(&zs, 0, sizeof(zs));
		t0 = cpu_now();
		if (deflateInit(&zs, lv) != Z_OK)
			return 1;
		zs.next_in = in;
		zs.avail_in = (uInt)len;
		zs.next_out = out;
		zs.avail_out = (uInt)cap;
		if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
			return 1;
		report("zlib", lv, cpu_now() - t0, len, zs.total_out);
		deflateEnd(&zs);
	}
	for (lv = 1; lv <= ISAL_DEF_MAX_LEVEL; lv++) {
		static const uint32_t lvl_buf[] = {
			0, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT,
			ISAL_DEF_LVL3_DEFAULT
		};
		struct isal_zstream st;
		uint8_t *lb = malloc(lvl_buf[lv]);
		double t0;

		isal_deflate_init(&st);
		t0 = cpu_now();
		st.level = (uint32_t)lv;
		st.level_buf = lb;
		st.level_buf_size = lvl_buf[lv];
		st.gzip_flag = IGZIP_ZLIB;
		st.end_of_stream = 1;
		st.flush = NO_FLUSH;
		st.next_in = in;
		st.avail_in = (uint32_t)len;
		st.next_out = out;
		st.avail_out = (uint32_t)cap;
		if (isal_deflate(&st) != COMP_OK || st.internal_state.state != ZSTATE_END)
			return 1;
		report("isal", lv, cpu_now() - t0, len, st.total_out);
		free(lb);
	}
	free(in);
	free(out);
	return 0;
}
