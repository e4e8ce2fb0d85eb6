/*
 * test_archive_tar.c — tar members (archive_tar.h): headers built as
 * pg_dump builds them parse back to the same name, size and mtime
 * (octal and base-256 sizes), the checksum, magic, type and name checks,
 * detection, and a whole archive read back from a pipe-like input: member
 * order, streaming, padding, the end blocks, and every way of being cut
 * short (in a header, in data, in padding, before or between the end
 * blocks) is an error, never a wait.
 */
#include "pgscrub/archive_tar.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pgscrub/buf.h"
#include "unit.h"

/* pg_dump 18's header of a 15770-byte toc.dat, as bytes (§3.2). */
static void check_build_fields(void)
{
	struct pgs_tar_header h, p;
	struct pgs_error err;

	pgs_error_init(&err);
	pgs_tar_header_build(&h, "toc.dat", 15770, 1764900000);
	CHECK(memcmp(h.raw, "toc.dat\0", 8) == 0);
	CHECK(memcmp(h.raw + 100, "0000600 ", 8) == 0);
	CHECK(memcmp(h.raw + 108, "0004000 ", 8) == 0);
	CHECK(memcmp(h.raw + 116, "0002000 ", 8) == 0);
	CHECK(memcmp(h.raw + 124, "00000036632 ", 12) == 0);
	CHECK(h.raw[156] == '0');
	CHECK(memcmp(h.raw + 257, "ustar\0" "00", 8) == 0);
	CHECK(memcmp(h.raw + 265, "postgres\0", 9) == 0);
	CHECK(memcmp(h.raw + 297, "postgres\0", 9) == 0);
	CHECK(memcmp(h.raw + 329, "0000000 0000000 ", 16) == 0);
	CHECK(h.raw[148 + 7] == ' ');
	CHECK(pgs_tar_detect(h.raw, sizeof(h.raw)));
	CHECK(pgs_tar_detect(h.raw, 265));
	CHECK(pgs_tar_detect(h.raw, 263));   /* too short for the magic: toc.dat's name */
	CHECK(pgs_tar_detect((const unsigned char *)"toc.dat\0", 8));
	CHECK(!pgs_tar_detect((const unsigned char *)"toc.dat", 7));
	CHECK(!pgs_tar_detect((const unsigned char *)"PGDMP\1\16\0\4\10\1\1", 12));
	CHECK(pgs_tar_header_parse(&p, h.raw, 0, &err) == 0);
	CHECK_STR(p.name, "toc.dat");
	CHECK(p.size == 15770);
	CHECK(p.mtime == 1764900000);
	CHECK(memcmp(p.raw, h.raw, 512) == 0);

	/* pg_dump 15.20's own toc.dat header (fixtures/archives/tar/pg15.tar):
	 * the same bytes, so the same checksum */
	pgs_tar_header_build(&p, "toc.dat", 042652, 015304727402);
	CHECK(memcmp(p.raw + 124, "00000042652 15304727402 0014454 0", 33) == 0);

	/* the size changed: only size and checksum differ */
	p = h;
	pgs_tar_header_set_size(&p, 1);
	CHECK(memcmp(p.raw + 124, "00000000001 ", 12) == 0);
	CHECK(memcmp(p.raw, h.raw, 124) == 0);
	CHECK(memcmp(p.raw + 156, h.raw + 156, 512 - 156) == 0);
	CHECK(pgs_tar_header_parse(&p, p.raw, 0, &err) == 0 && p.size == 1);

	/* above 8 GiB - 1: base-256 */
	pgs_tar_header_build(&h, "3516.dat", (uint64_t)1 << 33, 0);
	CHECK(h.raw[124] == 0x80);
	CHECK(pgs_tar_header_parse(&p, h.raw, 0, &err) == 0);
	CHECK(p.size == (uint64_t)1 << 33);
	pgs_tar_header_build(&h, "3516.dat", ((uint64_t)1 << 33) - 1, 0);
	CHECK(memcmp(h.raw + 124, "77777777777 ", 12) == 0);
	CHECK(pgs_tar_header_parse(&p, h.raw, 0, &err) == 0);
	CHECK(p.size == ((uint64_t)1 << 33) - 1);
	/* a tar, whatever its first member (the reader checks that) */
	CHECK(pgs_tar_detect(h.raw, 512));
	h.raw[258] = 'S';
	CHECK(!pgs_tar_detect(h.raw, 512));
}

static int parse_fails(const unsigned char *blk, const char *needle)
{
	struct pgs_tar_header p;
	struct pgs_error err;

	pgs_error_init(&err);
	if (pgs_tar_header_parse(&p, blk, 1024, &err) == 0)
		return 0;
	if (!strstr(err.msg, needle)) {
		fprintf(stderr, "message '%s' lacks '%s'\n", err.msg, needle);
		return 0;
	}
	return err.code == PGS_EINPUT;
}

/* Set raw bytes and recompute the checksum as a writer would. */
static void reseal(struct pgs_tar_header *h)
{
	unsigned sum = 8 * ' ';
	size_t i;

	for (i = 0; i < 512; i++)
		if (i < 148 || i >= 156)
			sum += h->raw[i];
	snprintf((char *)h->raw + 148, 8, "%07o", sum);
	h->raw[155] = ' ';
}

static void check_bad_headers(void)
{
	struct pgs_tar_header h, b;

	pgs_tar_header_build(&h, "3516.dat", 100, 0);
	b = h;
	b.raw[0] = 'X';
	CHECK(parse_fails(b.raw, "bad checksum"));
	b = h;
	memcpy(b.raw + 257, "ustaR", 5);
	reseal(&b);
	CHECK(parse_fails(b.raw, "no ustar magic"));
	/* GNU and old pg_dump magics are fine */
	b = h;
	memcpy(b.raw + 257, "ustar  \0", 8);
	reseal(&b);
	CHECK(!parse_fails(b.raw, ""));
	b = h;
	memcpy(b.raw + 257, "ustar00\0", 8);
	reseal(&b);
	CHECK(!parse_fails(b.raw, ""));
	b = h;
	b.raw[156] = '5';
	reseal(&b);
	CHECK(parse_fails(b.raw, "'3516.dat' at byte 1024 is not a regular file (type '5')"));
	b = h;
	b.raw[156] = '\0';
	reseal(&b);
	CHECK(!parse_fails(b.raw, ""));
	b = h;
	memcpy(b.raw, "a/b", 4);
	reseal(&b);
	CHECK(parse_fails(b.raw, "name pg_dump does not write"));
	b = h;
	memcpy(b.raw, "..", 3);
	reseal(&b);
	CHECK(parse_fails(b.raw, "name pg_dump does not write"));
	b = h;
	memset(b.raw, 0, 100);
	reseal(&b);
	CHECK(parse_fails(b.raw, "name pg_dump does not write"));
	b = h;
	b.raw[345] = 'x';
	reseal(&b);
	CHECK(parse_fails(b.raw, "name pg_dump does not write"));
	b = h;
	memcpy(b.raw + 124, "0000000008  ", 12);
	reseal(&b);
	CHECK(parse_fails(b.raw, "unreadable size"));
	b = h;
	memcpy(b.raw + 124, "            ", 12);
	reseal(&b);
	CHECK(parse_fails(b.raw, "unreadable size"));
	/* GNU tar: 11 digits and a NUL */
	b = h;
	memcpy(b.raw + 124, "00000000144\0", 12);
	reseal(&b);
	CHECK(!parse_fails(b.raw, ""));
	/* a base-256 size of 2^62 or more */
	b = h;
	memset(b.raw + 124, 0xff, 12);
	b.raw[124] = 0x80;
	reseal(&b);
	CHECK(parse_fails(b.raw, "unreadable size"));
}

/* An input over the bytes (a file: read in order like a pipe). */
static int pipe_input(struct pgs_input *in, const unsigned char *p, size_t n,
		      struct pgs_error *err)
{
	char path[] = "/tmp/pgscrub-test-tar-XXXXXX";
	int fd = mkstemp(path);
	int rc;

	if (fd < 0 || write(fd, p, n) != (ssize_t)n) {
		perror("temp");
		exit(1);
	}
	close(fd);
	rc = pgs_input_open(in, path, err);
	unlink(path);
	return rc;
}

static int collect(void *ctx, const void *p, size_t n, struct pgs_error *err)
{
	return pgs_buf_add(ctx, p, n, err);
}

/* Write an archive of members (names, contents) with the writer into a
 * temporary output and return its bytes. */
static void build(struct pgs_buf *tar, const char *const *names,
		  const char *const *data, size_t n, int end)
{
	struct pgs_tar_header h;
	size_t i;
	struct pgs_error err;

	pgs_error_init(&err);
	for (i = 0; i < n; i++) {
		size_t len = strlen(data[i]);

		pgs_tar_header_build(&h, names[i], len, 1000);
		pgs_buf_add(tar, h.raw, 512, &err);
		pgs_buf_add(tar, data[i], len, &err);
		while (tar->len % 512)
			pgs_buf_addc(tar, '\0', &err);
	}
	if (end)
		for (i = 0; i < 1024; i++)
			pgs_buf_addc(tar, '\0', &err);
}

/* Read names in order; 0 when all read and the end found, else -1 with
 * the message in msg. */
static int read_all(const unsigned char *p, size_t n, const char *const *names,
		    size_t nm, char *msg, size_t msglen, struct pgs_buf *data)
{
	struct pgs_input in;
	struct pgs_tar_reader rd;
	struct pgs_error err;
	size_t i;
	int end, rc = -1;

	pgs_error_init(&err);
	msg[0] = '\0';
	if (pipe_input(&in, p, n, &err))
		goto out;
	pgs_tar_reader_init(&rd, &in);
	for (i = 0; i < nm; i++)
		if (pgs_tar_reader_expect(&rd, names[i], &err) ||
		    pgs_tar_reader_stream(&rd, collect, data, &err))
			goto out;
	if (pgs_tar_reader_next(&rd, &end, &err))
		goto out;
	if (!end) {
		pgs_error_set(&err, PGS_EINPUT, "no end");
		goto out;
	}
	rc = pgs_tar_reader_finish(&rd, &err);
out:
	if (rc)
		snprintf(msg, msglen, "%s", err.msg);
	pgs_input_close(&in);
	return rc;
}

static void check_reader(void)
{
	static const char *const names[] = { "toc.dat", "3516.dat", "restore.sql" };
	static const char *const data[] = { "PGDMP toc", "", "x\n" };
	struct pgs_buf tar, got;
	struct pgs_error err;
	char msg[1100];
	size_t cut;

	pgs_error_init(&err);
	pgs_buf_init(&tar, 1 << 20);
	pgs_buf_init(&got, 1 << 20);
	build(&tar, names, data, 3, 1);
	CHECK(tar.len == 512 * 5 + 1024);
	CHECK(read_all((unsigned char *)tar.data, tar.len, names, 3, msg,
		       sizeof(msg), &got) == 0);
	CHECK_EQ_MEM(got.data, got.len, "PGDMP tocx\n", 11);
	/* GNU tar pads to 10240: zeros after the end are fine, others not */
	{
		size_t len = tar.len;

		while (tar.len < 10240)
			pgs_buf_addc(&tar, '\0', &err);
		CHECK(read_all((unsigned char *)tar.data, tar.len, names, 3,
			       msg, sizeof(msg), &got) == 0);
		tar.data[9000] = 'z';
		CHECK(read_all((unsigned char *)tar.data, tar.len, names, 3,
			       msg, sizeof(msg), &got) != 0);
		CHECK(strstr(msg, "data after its end blocks (at byte 9000)") != NULL);
		tar.len = len;
	}
	/* every cut is an error */
	for (cut = 0; cut < tar.len; cut++) {
		pgs_buf_reset(&got);
		if (read_all((unsigned char *)tar.data, cut, names, 3, msg,
			     sizeof(msg), &got) == 0) {
			fprintf(stderr, "cut at %zu read fine\n", cut);
			CHECK(0);
		} else {
			CHECK(strncmp(msg, "truncated tar archive: it ends at byte ", 39) == 0);
		}
	}
	read_all((unsigned char *)tar.data, 100, names, 3, msg, sizeof(msg), &got);
	CHECK_STR(msg, "truncated tar archive: it ends at byte 100 inside the member header at byte 0");
	read_all((unsigned char *)tar.data, 515, names, 3, msg, sizeof(msg), &got);
	CHECK_STR(msg, "truncated tar archive: it ends at byte 515 inside member 'toc.dat' (6 of its 9 bytes missing)");
	read_all((unsigned char *)tar.data, 530, names, 3, msg, sizeof(msg), &got);
	CHECK_STR(msg, "truncated tar archive: it ends at byte 530 inside the padding of a member");
	read_all((unsigned char *)tar.data, 512 * 5, names, 3, msg, sizeof(msg), &got);
	CHECK_STR(msg, "truncated tar archive: it ends at byte 2560 without its two end blocks");
	read_all((unsigned char *)tar.data, 512 * 6, names, 3, msg, sizeof(msg), &got);
	CHECK_STR(msg, "truncated tar archive: it ends at byte 3072 after one end block of two");
	read_all((unsigned char *)tar.data, 512 * 6 + 10, names, 3, msg, sizeof(msg), &got);
	CHECK_STR(msg, "truncated tar archive: it ends at byte 3082 after one end block of two");
	/* order */
	{
		static const char *const other[] = { "toc.dat", "3517.dat", "restore.sql" };

		CHECK(read_all((unsigned char *)tar.data, tar.len, other, 3, msg,
			       sizeof(msg), &got) != 0);
		CHECK_STR(msg, "tar member '3516.dat' at byte 1024 where '3517.dat' was expected");
		CHECK(read_all((unsigned char *)tar.data, tar.len, names, 2, msg,
			       sizeof(msg), &got) != 0);
		CHECK_STR(msg, "no end");
	}
	/* _unread gives the same header, or the end, again */
	{
		struct pgs_input in;
		struct pgs_tar_reader rd;
		int end = 0;

		CHECK(pipe_input(&in, (unsigned char *)tar.data, tar.len, &err) == 0);
		pgs_tar_reader_init(&rd, &in);
		CHECK(pgs_tar_reader_next(&rd, &end, &err) == 0 && !end);
		pgs_tar_reader_unread(&rd);
		CHECK(pgs_tar_reader_expect(&rd, "toc.dat", &err) == 0);
		CHECK(pgs_tar_reader_skip(&rd, &err) == 0);
		CHECK(pgs_tar_reader_expect(&rd, "3516.dat", &err) == 0);
		CHECK(pgs_tar_reader_skip(&rd, &err) == 0);
		CHECK(pgs_tar_reader_expect(&rd, "restore.sql", &err) == 0);
		CHECK(pgs_tar_reader_skip(&rd, &err) == 0);
		CHECK(pgs_tar_reader_next(&rd, &end, &err) == 0 && end);
		pgs_tar_reader_unread(&rd);
		end = 0;
		CHECK(pgs_tar_reader_next(&rd, &end, &err) == 0 && end);
		pgs_tar_reader_unread(&rd);
		CHECK(pgs_tar_reader_expect(&rd, "blobs.toc", &err) != 0);
		CHECK_STR(err.msg, "tar archive ends where member 'blobs.toc' was expected");
		pgs_input_close(&in);
	}
	pgs_buf_release(&tar);
	pgs_buf_release(&got);
}

static void check_writer_spool(void)
{
	char path[] = "/tmp/pgscrub-test-tar-out-XXXXXX";
	struct pgs_output out;
	struct pgs_tar_writer w;
	struct pgs_tar_spool s;
	struct pgs_tar_header h;
	struct pgs_error err;
	unsigned char *big = malloc(PGS_TAR_SPOOL_MEM + 1000);
	unsigned char *back = malloc(PGS_TAR_SPOOL_MEM + 4096);
	size_t i, total;
	int fd;

	pgs_error_init(&err);
	fd = mkstemp(path);
	close(fd);
	for (i = 0; i < PGS_TAR_SPOOL_MEM + 1000; i++)
		big[i] = (unsigned char)(i * 7);
	CHECK(pgs_output_open(&out, path, &err) == 0);
	pgs_tar_writer_init(&w, &out);
	pgs_tar_spool_init(&s, NULL);
	/* a small member stays in memory, a big one goes to the file */
	pgs_tar_header_build(&h, "1.dat", 0, 5);
	CHECK(pgs_tar_spool_sink(&s, "abc", 3, &err) == 0);
	CHECK(s.fd < 0);
	CHECK(pgs_tar_writer_spooled(&w, &h, &s, &err) == 0);
	CHECK(h.size == 3);
	CHECK(pgs_tar_spool_reset(&s, &err) == 0);
	pgs_tar_header_build(&h, "2.dat", 0, 5);
	CHECK(pgs_tar_spool_sink(&s, big, 1000, &err) == 0);
	CHECK(pgs_tar_spool_sink(&s, big + 1000, PGS_TAR_SPOOL_MEM, &err) == 0);
	CHECK(s.fd >= 0);
	CHECK(pgs_tar_writer_spooled(&w, &h, &s, &err) == 0);
	CHECK(pgs_tar_writer_end(&w, &err) == 0);
	total = 512 + 512 + 512 + PGS_TAR_SPOOL_MEM + 1000 + pgs_tar_padding(PGS_TAR_SPOOL_MEM + 1000) + 1024;
	CHECK(w.bytes == total);
	CHECK(pgs_output_commit(&out, &err) == 0);
	pgs_tar_spool_release(&s);
	{
		struct pgs_input in;
		struct pgs_tar_reader rd;
		struct pgs_buf got;
		int end = 0;

		pgs_buf_init(&got, (size_t)64 << 20);
		CHECK(pgs_input_open(&in, path, &err) == 0);
		pgs_tar_reader_init(&rd, &in);
		CHECK(pgs_tar_reader_expect(&rd, "1.dat", &err) == 0);
		CHECK(pgs_tar_reader_stream(&rd, collect, &got, &err) == 0);
		CHECK_EQ_MEM(got.data, got.len, "abc", 3);
		pgs_buf_reset(&got);
		CHECK(pgs_tar_reader_expect(&rd, "2.dat", &err) == 0);
		CHECK(rd.cur.mtime == 5);
		CHECK(pgs_tar_reader_stream(&rd, collect, &got, &err) == 0);
		CHECK_EQ_MEM(got.data, got.len, big, PGS_TAR_SPOOL_MEM + 1000);
		CHECK(pgs_tar_reader_next(&rd, &end, &err) == 0 && end);
		CHECK(pgs_tar_reader_finish(&rd, &err) == 0);
		pgs_input_close(&in);
		pgs_buf_release(&got);
	}
	unlink(path);
	free(big);
	free(back);
}

int main(void)
{
	check_build_fields();
	check_bad_headers();
	check_reader();
	check_writer_spool();
	return check_report("archive_tar");
}
