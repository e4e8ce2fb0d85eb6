/*
 * test_io.c — buffered input and output with absolute positions (io.h):
 * input from a file, from a file opened at an offset and from a pipe
 * (short reads, seeking inside and outside the buffer, end of input); output
 * to a temporary file renamed only on commit, abort leaving nothing, the
 * TOC rewrite, standard output to a file, a pipe, a closed pipe and
 * /dev/full (errors carry errno's text); output through a symbolic link,
 * into a FIFO and a character device, refused for a directory, a block
 * device and a socket, and never into the input file.  Needs root (mknod).
 */
#include "pgscrub/io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

static char dir[256];

static void path_in(char *dst, size_t n, const char *name)
{
	snprintf(dst, n, "%s/%s", dir, name);
}

/* Bytes of the test pattern: position-dependent, so misplaced reads show. */
static unsigned char pat(uint64_t i)
{
	return (unsigned char)((i * 2654435761u) >> 13);
}

static void write_file(const char *path, size_t n)
{
	FILE *f = fopen(path, "wb");
	size_t i;

	if (!f) {
		perror(path);
		exit(1);
	}
	for (i = 0; i < n; i++)
		putc(pat(i), f);
	fclose(f);
}

static int same_as_pattern(const unsigned char *p, size_t n, uint64_t at)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != pat(at + i))
			return 0;
	return 1;
}

/* Names in dir other than . and .., counted; *name gets the last one. */
static int dir_entries(char *name, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int count = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		count++;
		if (name)
			snprintf(name, n, "%s", e->d_name);
	}
	closedir(d);
	return count;
}

static void read_file(const char *path, unsigned char *dst, size_t cap,
		      size_t *len)
{
	FILE *f = fopen(path, "rb");

	*len = f ? fread(dst, 1, cap, f) : 0;
	if (f)
		fclose(f);
}

/* ---- input ------------------------------------------------------------- */

#define BIG ((size_t)PGS_INPUT_BUFSIZE * 2 + 12345)

/* pgs_input_dup: a second reader of the same file, with pread: each has
 * its own position, neither moves the other's, and the dup needs no fd. */
static void test_input_dup(void)
{
	char path[512];
	struct pgs_input in, d;
	struct pgs_error err;
	unsigned char *dst = malloc(BIG);
	unsigned char b[16];

	path_in(path, sizeof(path), "dup.bin");
	write_file(path, BIG);
	pgs_error_init(&err);
	CHECK(pgs_input_open(&in, path, &err) == 0);
	CHECK(pgs_input_read(&in, b, 10, &err) == 0 && same_as_pattern(b, 10, 0));
	CHECK(pgs_input_dup(&d, &in, &err) == 0);
	CHECK(d.use_pread && d.fd == in.fd && !d.close_fd);
	CHECK(pgs_input_tell(&d) == 0);
	/* the dup far ahead, across refills; the original goes on at 10 */
	CHECK(pgs_input_seek(&d, PGS_INPUT_BUFSIZE + 7, &err) == 0);
	CHECK(pgs_input_read(&d, dst, PGS_INPUT_BUFSIZE + 100, &err) == 0);
	CHECK(same_as_pattern(dst, PGS_INPUT_BUFSIZE + 100, PGS_INPUT_BUFSIZE + 7));
	CHECK(pgs_input_read(&in, dst, PGS_INPUT_BUFSIZE + 5, &err) == 0);
	CHECK(same_as_pattern(dst, PGS_INPUT_BUFSIZE + 5, 10));
	/* the original seeks; the dup goes on where it was */
	CHECK(pgs_input_seek(&in, 3, &err) == 0);
	CHECK(pgs_input_read(&d, b, 16, &err) == 0 &&
	      same_as_pattern(b, 16, 2 * (size_t)PGS_INPUT_BUFSIZE + 107));
	CHECK(pgs_input_read(&in, b, 4, &err) == 0 && same_as_pattern(b, 4, 3));
	/* discard past the end of the file is an error, as for the original */
	CHECK(pgs_input_discard(&d, BIG, &err) == -1 && err.code == PGS_EINPUT);
	pgs_input_close(&d);
	/* the fd is the original's: still open */
	pgs_error_init(&err);
	CHECK(pgs_input_read(&in, b, 4, &err) == 0 && same_as_pattern(b, 4, 7));
	pgs_input_close(&in);
	unlink(path);
	free(dst);
}

static void test_input_file(void)
{
	char path[512];
	struct pgs_input in;
	struct pgs_error err;
	const unsigned char *p;
	size_t avail;
	unsigned char *dst = malloc(BIG);
	unsigned char b[16];

	path_in(path, sizeof(path), "in.bin");
	write_file(path, BIG);
	pgs_error_init(&err);
	CHECK(pgs_input_open(&in, path, &err) == 0);
	CHECK(in.seekable);
	CHECK_STR(in.name, path);
	CHECK(pgs_input_tell(&in) == 0);

	CHECK(pgs_input_read(&in, b, 10, &err) == 0);
	CHECK(same_as_pattern(b, 10, 0));
	CHECK(pgs_input_tell(&in) == 10);
	CHECK(pgs_input_peek(&in, &p, &avail, &err) == 0);
	CHECK(avail > 0 && same_as_pattern(p, avail, 10));
	pgs_input_skip(&in, 5);
	CHECK(pgs_input_tell(&in) == 15);

	/* one read across several buffer refills */
	CHECK(pgs_input_read(&in, dst, PGS_INPUT_BUFSIZE + 100, &err) == 0);
	CHECK(same_as_pattern(dst, PGS_INPUT_BUFSIZE + 100, 15));
	CHECK(pgs_input_tell(&in) == 15 + PGS_INPUT_BUFSIZE + 100);

	/* seek back out of the buffer, forward, and inside it */
	CHECK(pgs_input_seek(&in, 3, &err) == 0);
	CHECK(pgs_input_tell(&in) == 3);
	CHECK(pgs_input_read(&in, b, 4, &err) == 0 && same_as_pattern(b, 4, 3));
	CHECK(pgs_input_seek(&in, 5, &err) == 0);   /* inside what is buffered */
	CHECK(pgs_input_read(&in, b, 4, &err) == 0 && same_as_pattern(b, 4, 5));
	CHECK(pgs_input_seek(&in, BIG - 3, &err) == 0);
	CHECK(pgs_input_tell(&in) == BIG - 3);
	CHECK(pgs_input_read(&in, b, 3, &err) == 0 && same_as_pattern(b, 3, BIG - 3));

	/* end of input: peek says 0, read and eof_error name the byte */
	CHECK(pgs_input_peek(&in, &p, &avail, &err) == 0);
	CHECK(avail == 0);
	CHECK(pgs_input_read(&in, b, 1, &err) == -1);
	CHECK(err.code == PGS_EINPUT);
	{
		char want[64];

		snprintf(want, sizeof(want), "unexpected end of input at byte %zu", BIG);
		CHECK_STR(err.msg, want);
	}
	CHECK(err.hint[0] != '\0');
	pgs_error_init(&err);
	CHECK(pgs_input_eof_error(&in, &err) == -1);
	CHECK(err.code == PGS_EINPUT && err.hint[0] != '\0');

	/* a short read at the end: the bytes there are consumed, then EOF */
	pgs_error_init(&err);
	CHECK(pgs_input_seek(&in, BIG - 2, &err) == 0);
	CHECK(pgs_input_read(&in, b, 5, &err) == -1);
	CHECK(err.code == PGS_EINPUT);
	CHECK(pgs_input_tell(&in) == BIG);

	/* a seek after EOF reads again */
	pgs_error_init(&err);
	CHECK(pgs_input_seek(&in, 0, &err) == 0);
	CHECK(pgs_input_read(&in, b, 8, &err) == 0 && same_as_pattern(b, 8, 0));

	/* discard: inside the buffer, by seeking, and past the end */
	CHECK(pgs_input_discard(&in, 2, &err) == 0);
	CHECK(pgs_input_tell(&in) == 10);
	CHECK(pgs_input_discard(&in, PGS_INPUT_BUFSIZE + 7, &err) == 0);
	CHECK(pgs_input_tell(&in) == 17 + PGS_INPUT_BUFSIZE);
	CHECK(pgs_input_read(&in, b, 4, &err) == 0 &&
	      same_as_pattern(b, 4, 17 + PGS_INPUT_BUFSIZE));
	CHECK(pgs_input_discard(&in, BIG, &err) == -1);
	CHECK(err.code == PGS_EINPUT);
	CHECK(pgs_input_tell(&in) == BIG);   /* at the end, as the message says */
	pgs_input_close(&in);
	CHECK(in.buf == NULL && in.name == NULL && in.fd == -1);
	pgs_input_close(&in);   /* twice is harmless */
	unlink(path);
	free(dst);
}

/* Standard input that is a file already read from: positions are absolute. */
static void test_input_stdin_offset(void)
{
	char path[512];
	struct pgs_input in;
	struct pgs_error err;
	unsigned char b[8];
	int saved = dup(STDIN_FILENO), fd;

	path_in(path, sizeof(path), "stdin.bin");
	write_file(path, 1000);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0 && lseek(fd, 100, SEEK_SET) == 100);
	dup2(fd, STDIN_FILENO);
	close(fd);

	pgs_error_init(&err);
	CHECK(pgs_input_open(&in, "-", &err) == 0);
	CHECK_STR(in.name, "standard input");
	CHECK(in.seekable);
	CHECK(pgs_input_tell(&in) == 100);
	CHECK(pgs_input_read(&in, b, 8, &err) == 0 && same_as_pattern(b, 8, 100));
	CHECK(pgs_input_seek(&in, 990, &err) == 0);
	CHECK(pgs_input_read(&in, b, 8, &err) == 0 && same_as_pattern(b, 8, 990));
	CHECK(pgs_input_read(&in, b, 8, &err) == -1 && err.code == PGS_EINPUT);
	CHECK(strstr(err.msg, "at byte 1000") != NULL);
	pgs_input_close(&in);
	/* standard input is not ours to close */
	CHECK(fcntl(STDIN_FILENO, F_GETFD) >= 0);

	dup2(saved, STDIN_FILENO);
	close(saved);
	unlink(path);
}

/* A pipe: every read() returns what was written so far (short reads). */
static void test_input_pipe(void)
{
	struct pgs_input in;
	struct pgs_error err;
	const unsigned char *p;
	size_t avail;
	unsigned char b[32], chunk[64];
	int fds[2], saved = dup(STDIN_FILENO);
	size_t i;

	for (i = 0; i < sizeof(chunk); i++)
		chunk[i] = pat(i);
	CHECK(pipe(fds) == 0);
	dup2(fds[0], STDIN_FILENO);
	close(fds[0]);

	pgs_error_init(&err);
	CHECK(pgs_input_open(&in, NULL, &err) == 0);
	CHECK(!in.seekable);
	CHECK(pgs_input_tell(&in) == 0);

	CHECK(write(fds[1], chunk, 7) == 7);
	CHECK(pgs_input_peek(&in, &p, &avail, &err) == 0);
	CHECK(avail == 7 && same_as_pattern(p, 7, 0));   /* what there is, no wait */
	pgs_input_skip(&in, 2);
	CHECK(pgs_input_tell(&in) == 2);
	CHECK(pgs_input_peek(&in, &p, &avail, &err) == 0);
	CHECK(avail == 5 && same_as_pattern(p, 5, 2));

	/* read() returns 5 buffered + part of the next 7 (two short reads) */
	CHECK(write(fds[1], chunk + 7, 7) == 7);
	CHECK(pgs_input_read(&in, b, 8, &err) == 0);
	CHECK(same_as_pattern(b, 8, 2));
	CHECK(pgs_input_tell(&in) == 10);

	/* seeking inside the buffer works on a pipe, outside it does not */
	CHECK(pgs_input_seek(&in, 8, &err) == 0);
	CHECK(pgs_input_tell(&in) == 8);
	CHECK(pgs_input_read(&in, b, 2, &err) == 0 && same_as_pattern(b, 2, 8));
	CHECK(pgs_input_seek(&in, 0, &err) == -1);
	CHECK(err.code == PGS_EINPUT);
	CHECK(strstr(err.msg, "standard input") != NULL);
	pgs_error_init(&err);
	CHECK(pgs_input_tell(&in) == 10);

	/* discard reads through a pipe */
	CHECK(write(fds[1], chunk + 14, 50) == 50);
	CHECK(pgs_input_discard(&in, 20, &err) == 0);
	CHECK(pgs_input_tell(&in) == 30);
	CHECK(pgs_input_read(&in, b, 4, &err) == 0 && same_as_pattern(b, 4, 30));

	/* the writer goes away: the rest, then end of input */
	close(fds[1]);
	CHECK(pgs_input_read(&in, b, 30, &err) == 0 && same_as_pattern(b, 30, 34));
	CHECK(pgs_input_peek(&in, &p, &avail, &err) == 0 && avail == 0);
	CHECK(in.eof);
	CHECK(pgs_input_discard(&in, 1, &err) == -1 && err.code == PGS_EINPUT);
	CHECK(strstr(err.msg, "unexpected end of input at byte 64") != NULL);
	pgs_error_init(&err);
	CHECK(pgs_input_read(&in, b, 1, &err) == -1 && err.code == PGS_EINPUT);
	pgs_input_close(&in);

	dup2(saved, STDIN_FILENO);
	close(saved);
}

static void test_input_errors(void)
{
	char path[512];
	struct pgs_input in;
	struct pgs_error err;

	path_in(path, sizeof(path), "no-such-file");
	pgs_error_init(&err);
	CHECK(pgs_input_open(&in, path, &err) == -1);
	CHECK(err.code == PGS_EIO);
	CHECK(strstr(err.msg, path) != NULL);
	CHECK(strstr(err.msg, strerror(ENOENT)) != NULL);
	CHECK(in.buf == NULL && in.name == NULL);   /* nothing left to free */
	pgs_input_close(&in);

	pgs_error_init(&err);
	CHECK(pgs_input_open(&in, dir, &err) == -1);
	CHECK(err.code == PGS_EUSAGE);
	CHECK(strstr(err.msg, "directory") != NULL);
	CHECK(in.buf == NULL && in.name == NULL);
	pgs_input_close(&in);
}

/* ---- output ------------------------------------------------------------ */

static void test_output_commit(void)
{
	char path[512], name[256], tmp[600];
	struct pgs_output out;
	struct pgs_error err;
	struct stat st;
	static unsigned char big[PGS_OUTPUT_BUFSIZE + 100], got[2 * PGS_OUTPUT_BUFSIZE];
	size_t i, len;
	mode_t old = umask(022);

	for (i = 0; i < sizeof(big); i++)
		big[i] = pat(i + 3);
	path_in(path, sizeof(path), "out.dump");
	pgs_error_init(&err);
	CHECK(pgs_output_open(&out, path, &err) == 0);
	CHECK(out.seekable);
	CHECK_STR(out.name, path);

	/* until commit, only a hidden temporary file beside the target exists */
	CHECK(dir_entries(name, sizeof(name)) == 1);
	CHECK(strncmp(name, ".out.dump.pgscrub-", 18) == 0);
	CHECK(stat(path, &st) != 0 && errno == ENOENT);
	snprintf(tmp, sizeof(tmp), "%s/%s", dir, name);
	CHECK(out.tmp_path && strcmp(out.tmp_path, tmp) == 0);

	CHECK(pgs_output_write(&out, "PGDMP", 5, &err) == 0);
	CHECK(out.pos == 5);
	CHECK(pgs_output_write(&out, big, sizeof(big), &err) == 0);   /* bypasses the buffer */
	CHECK(out.pos == 5 + sizeof(big));
	CHECK(pgs_output_write(&out, "tail", 4, &err) == 0);
	CHECK(out.pos == 9 + sizeof(big));
	CHECK(pgs_output_write(&out, "", 0, &err) == 0);   /* nothing: pos unchanged */
	CHECK(out.pos == 9 + sizeof(big));
	/* the rewrite of earlier bytes (flushes what is buffered first) */
	CHECK(pgs_output_rewrite(&out, 1, "gd", 2, &err) == 0);
	CHECK(pgs_output_rewrite(&out, 5 + sizeof(big), "TA", 2, &err) == 0);
	CHECK(out.pos == 9 + sizeof(big));
	CHECK(stat(path, &st) != 0);

	CHECK(pgs_output_commit(&out, &err) == 0);
	CHECK(dir_entries(name, sizeof(name)) == 1);
	CHECK_STR(name, "out.dump");
	CHECK(stat(path, &st) == 0);
	CHECK((st.st_mode & 0777) == 0644);   /* as a new file: 0666 & ~umask */
	read_file(path, got, sizeof(got), &len);
	CHECK(len == 9 + sizeof(big));
	CHECK(len >= 5 && memcmp(got, "PgdMP", 5) == 0);
	CHECK(len == 9 + sizeof(big) && memcmp(got + 5, big, sizeof(big)) == 0);
	CHECK(len == 9 + sizeof(big) && memcmp(got + 5 + sizeof(big), "TAil", 4) == 0);
	pgs_output_abort(&out);   /* after commit: frees, removes nothing */
	CHECK(stat(path, &st) == 0);

	/* a second run over an existing file replaces it only on commit */
	CHECK(pgs_output_open(&out, path, &err) == 0);
	CHECK(pgs_output_write(&out, "new", 3, &err) == 0);
	CHECK(pgs_output_flush(&out, &err) == 0);
	read_file(path, got, sizeof(got), &len);
	CHECK(len == 9 + sizeof(big));   /* still the old one */
	CHECK(pgs_output_commit(&out, &err) == 0);
	read_file(path, got, sizeof(got), &len);
	CHECK_EQ_MEM(got, len, "new", (size_t)3);
	pgs_output_abort(&out);
	CHECK(dir_entries(NULL, 0) == 1);
	unlink(path);
	umask(old);
}

static void test_output_abort(void)
{
	char path[512];
	struct pgs_output out;
	struct pgs_error err;
	unsigned char got[16];
	size_t len;

	path_in(path, sizeof(path), "aborted.dump");
	pgs_error_init(&err);
	CHECK(pgs_output_open(&out, path, &err) == 0);
	CHECK(pgs_output_write(&out, "data", 4, &err) == 0);
	CHECK(pgs_output_flush(&out, &err) == 0);
	CHECK(dir_entries(NULL, 0) == 1);
	pgs_output_abort(&out);
	CHECK(dir_entries(NULL, 0) == 0);   /* nothing left behind */
	CHECK(out.buf == NULL && out.name == NULL && out.tmp_path == NULL);
	pgs_output_abort(&out);   /* twice is harmless */

	/* an existing file at the target survives a failed run untouched */
	{
		FILE *f = fopen(path, "wb");

		fputs("old", f);
		fclose(f);
	}
	CHECK(pgs_output_open(&out, path, &err) == 0);
	CHECK(pgs_output_write(&out, "partial", 7, &err) == 0);
	CHECK(pgs_output_flush(&out, &err) == 0);
	pgs_output_abort(&out);
	CHECK(dir_entries(NULL, 0) == 1);
	read_file(path, got, sizeof(got), &len);
	CHECK_EQ_MEM(got, len, "old", (size_t)3);
	unlink(path);

	/* the signal handler's removal, then the ordinary abort */
	CHECK(pgs_output_open(&out, path, &err) == 0);
	CHECK(dir_entries(NULL, 0) == 1);
	pgs_output_remove_on_signal();
	CHECK(dir_entries(NULL, 0) == 0);
	pgs_output_abort(&out);
	CHECK(dir_entries(NULL, 0) == 0);

	/* after commit the signal handler must not remove the result */
	CHECK(pgs_output_open(&out, path, &err) == 0);
	CHECK(pgs_output_commit(&out, &err) == 0);
	pgs_output_remove_on_signal();
	CHECK(dir_entries(NULL, 0) == 1);
	pgs_output_abort(&out);
	unlink(path);
}

static void test_output_errors(void)
{
	char path[512], sub[512], inner[600];
	struct pgs_output out;
	struct pgs_error err;

	/* a path naming a directory */
	snprintf(path, sizeof(path), "%s/", dir);
	pgs_error_init(&err);
	CHECK(pgs_output_open(&out, path, &err) == -1);
	CHECK(err.code == PGS_EUSAGE);
	CHECK(out.buf == NULL && out.name == NULL && out.tmp_path == NULL);

	/* a directory that does not exist */
	path_in(path, sizeof(path), "no/such/dir/out.dump");
	pgs_error_init(&err);
	CHECK(pgs_output_open(&out, path, &err) == -1);
	CHECK(err.code == PGS_EIO);
	CHECK(strstr(err.msg, strerror(ENOENT)) != NULL);
	CHECK(out.buf == NULL && out.name == NULL && out.tmp_path == NULL);
	CHECK(dir_entries(NULL, 0) == 0);

	/* an existing directory is refused before anything is created */
	path_in(sub, sizeof(sub), "taken");
	CHECK(mkdir(sub, 0700) == 0);
	pgs_error_init(&err);
	CHECK(pgs_output_open(&out, sub, &err) == -1);
	CHECK(err.code == PGS_EUSAGE);
	CHECK(strstr(err.msg, "is a directory") != NULL);
	CHECK(dir_entries(NULL, 0) == 1);
	rmdir(sub);

	/* the rename fails (the target became a non-empty directory while
	 * the output was written): an error, and abort then removes the
	 * temporary file */
	snprintf(inner, sizeof(inner), "%s/x", sub);
	pgs_error_init(&err);
	CHECK(pgs_output_open(&out, sub, &err) == 0);
	CHECK(mkdir(sub, 0700) == 0);
	write_file(inner, 1);
	CHECK(pgs_output_write(&out, "x", 1, &err) == 0);
	CHECK(pgs_output_commit(&out, &err) == -1);
	CHECK(err.code == PGS_EIO);
	CHECK(strstr(err.msg, "cannot rename") != NULL);
	CHECK(dir_entries(NULL, 0) == 2);
	pgs_output_abort(&out);
	CHECK(dir_entries(NULL, 0) == 1);
	unlink(inner);
	rmdir(sub);
}

/* Standard output: a file (seekable, from where it stands), a pipe (not
 * seekable), a pipe nobody reads (PGS_EPIPE) and a full device. */
static void test_output_stdout(void)
{
	char path[512];
	struct pgs_output out;
	struct pgs_error err;
	static unsigned char big[PGS_OUTPUT_BUFSIZE];
	unsigned char got[64];
	size_t len;
	int saved, fd, fds[2];
	void (*old_pipe)(int);

	fflush(stdout);
	saved = dup(STDOUT_FILENO);

	/* a regular file that already holds 3 bytes */
	path_in(path, sizeof(path), "stdout.dump");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(write(fd, "pre", 3) == 3);
	dup2(fd, STDOUT_FILENO);
	close(fd);
	pgs_error_init(&err);
	CHECK(pgs_output_open(&out, "-", &err) == 0);
	CHECK_STR(out.name, "standard output");
	CHECK(out.seekable && out.base == 3 && out.tmp_path == NULL);
	CHECK(pgs_output_write(&out, "abcdef", 6, &err) == 0);
	CHECK(out.pos == 6);
	CHECK(pgs_output_rewrite(&out, 0, "A", 1, &err) == 0);   /* archive offset */
	CHECK(pgs_output_commit(&out, &err) == 0);
	pgs_output_abort(&out);
	read_file(path, got, sizeof(got), &len);
	CHECK_EQ_MEM(got, len, "preAbcdef", (size_t)9);
	unlink(path);

	/* opened for appending: not seekable */
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	dup2(fd, STDOUT_FILENO);
	close(fd);
	CHECK(pgs_output_open(&out, NULL, &err) == 0);
	CHECK(!out.seekable);
	pgs_output_abort(&out);
	unlink(path);

	/* a pipe: not seekable, so no rewrite */
	CHECK(pipe(fds) == 0);
	dup2(fds[1], STDOUT_FILENO);
	close(fds[1]);
	CHECK(pgs_output_open(&out, NULL, &err) == 0);
	CHECK(!out.seekable);
	CHECK(pgs_output_write(&out, "xy", 2, &err) == 0);
	CHECK(pgs_output_rewrite(&out, 0, "X", 1, &err) == -1);
	CHECK(err.code == PGS_EIO);
	pgs_error_init(&err);
	CHECK(pgs_output_commit(&out, &err) == 0);
	CHECK(read(fds[0], got, sizeof(got)) == 2 && memcmp(got, "xy", 2) == 0);

	/* the reader goes away: PGS_EPIPE (SIGPIPE ignored, as main.c does) */
	old_pipe = signal(SIGPIPE, SIG_IGN);
	close(fds[0]);
	CHECK(pgs_output_open(&out, NULL, &err) == 0);
	CHECK(pgs_output_write(&out, "xy", 2, &err) == 0);   /* buffered */
	CHECK(pgs_output_flush(&out, &err) == -1);
	CHECK(err.code == PGS_EPIPE);
	pgs_output_abort(&out);
	signal(SIGPIPE, old_pipe);

	/* /dev/full: the write error reaches the caller with errno's text */
	fd = open("/dev/full", O_WRONLY);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		close(fd);
		pgs_error_init(&err);
		CHECK(pgs_output_open(&out, "-", &err) == 0);
		CHECK(pgs_output_write(&out, "abc", 3, &err) == 0);   /* buffered */
		CHECK(pgs_output_commit(&out, &err) == -1);
		CHECK(err.code == PGS_EIO);
		CHECK(strstr(err.msg, "standard output") != NULL);
		CHECK(strstr(err.msg, strerror(ENOSPC)) != NULL);
		pgs_output_abort(&out);

		pgs_error_init(&err);
		CHECK(pgs_output_open(&out, "-", &err) == 0);
		CHECK(pgs_output_write(&out, big, sizeof(big), &err) == -1);   /* unbuffered */
		CHECK(err.code == PGS_EIO);
		CHECK(strstr(err.msg, strerror(ENOSPC)) != NULL);
		pgs_output_abort(&out);
	} else {
		fprintf(stderr, "note: no /dev/full, write-error case skipped\n");
	}

	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
}

/* Names that are not plain files: a symbolic link is followed and the link
 * kept; a FIFO and a character device are written directly (neither is
 * replaced by a regular file); a block device and a socket are refused;
 * a replaced file keeps its mode. */
static void test_output_targets(void)
{
	char file[512], link[512], dangling[512], fifo[512], chr[512], blk[512];
	char sock[512];
	unsigned char got[64];
	size_t len;
	struct pgs_output out;
	struct pgs_error err;
	struct stat st;

	/* a link to an existing 0600 file: the file is replaced, the link
	 * and the mode stay */
	path_in(file, sizeof(file), "real.dump");
	path_in(link, sizeof(link), "link.dump");
	write_file(file, 10);
	CHECK(chmod(file, 0600) == 0);
	CHECK(symlink("real.dump", link) == 0);   /* relative to its directory */
	pgs_error_init(&err);
	CHECK(pgs_output_open(&out, link, &err) == 0);
	CHECK(pgs_output_write(&out, "new", 3, &err) == 0);
	CHECK(pgs_output_commit(&out, &err) == 0);
	CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(stat(file, &st) == 0 && (st.st_mode & 07777) == 0600);
	read_file(file, got, sizeof(got), &len);
	CHECK_EQ_MEM(got, len, "new", (size_t)3);
	unlink(link);

	/* a 0640 file replaced directly keeps 0640 (not the umask's 0644) */
	CHECK(chmod(file, 0640) == 0);
	CHECK(pgs_output_open(&out, file, &err) == 0);
	CHECK(pgs_output_commit(&out, &err) == 0);
	CHECK(stat(file, &st) == 0 && (st.st_mode & 07777) == 0640);
	unlink(file);

	/* a dangling link: the file it names is created, the link stays */
	path_in(dangling, sizeof(dangling), "dangling.dump");
	CHECK(symlink("made.dump", dangling) == 0);
	CHECK(pgs_output_open(&out, dangling, &err) == 0);
	CHECK(pgs_output_write(&out, "abc", 3, &err) == 0);
	CHECK(pgs_output_commit(&out, &err) == 0);
	CHECK(lstat(dangling, &st) == 0 && S_ISLNK(st.st_mode));
	read_file(dangling, got, sizeof(got), &len);
	CHECK_EQ_MEM(got, len, "abc", (size_t)3);
	unlink(dangling);
	path_in(file, sizeof(file), "made.dump");
	unlink(file);

	/* a FIFO read by another process gets every byte; it stays a FIFO */
	path_in(fifo, sizeof(fifo), "fifo");
	CHECK(mkfifo(fifo, 0600) == 0);
	{
		int pfd[2];
		pid_t pid;

		CHECK(pipe(pfd) == 0);
		pid = fork();
		if (pid == 0) {
			char b[64];
			int fd = open(fifo, O_RDONLY);
			ssize_t n, total = 0;

			while (fd >= 0 && (n = read(fd, b + total,
						   sizeof(b) - (size_t)total)) > 0)
				total += n;
			if (write(pfd[1], b, (size_t)total) != total)
				_exit(1);
			_exit(0);
		}
		close(pfd[1]);
		CHECK(pgs_output_open(&out, fifo, &err) == 0);
		CHECK(out.tmp_path == NULL && !out.seekable);
		CHECK(pgs_output_write(&out, "through the fifo", 16, &err) == 0);
		CHECK(pgs_output_commit(&out, &err) == 0);
		len = (size_t)read(pfd[0], got, sizeof(got));
		CHECK_EQ_MEM(got, len, "through the fifo", (size_t)16);
		close(pfd[0]);
		waitpid(pid, NULL, 0);
	}
	CHECK(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK(dir_entries(NULL, 0) == 1);
	unlink(fifo);

	/* a character device (a scratch /dev/null, 1:3) and a block device
	 * (a scratch loop device node, never opened) need root to make */
	path_in(chr, sizeof(chr), "null");
	path_in(blk, sizeof(blk), "blk");
	CHECK(mknod(chr, S_IFCHR | 0666, makedev(1, 3)) == 0);
	CHECK(mknod(blk, S_IFBLK | 0600, makedev(7, 250)) == 0);
	CHECK(pgs_output_open(&out, chr, &err) == 0);
	CHECK(pgs_output_write(&out, "gone", 4, &err) == 0);
	CHECK(pgs_output_commit(&out, &err) == 0);
	CHECK(lstat(chr, &st) == 0 && S_ISCHR(st.st_mode));
	pgs_error_init(&err);
	CHECK(pgs_output_open(&out, blk, &err) == -1);
	CHECK(err.code == PGS_EUSAGE && strstr(err.msg, "block device") != NULL);
	CHECK(err.hint[0] != '\0');
	CHECK(lstat(blk, &st) == 0 && S_ISBLK(st.st_mode));
	unlink(chr);
	unlink(blk);

	/* a socket is refused */
	path_in(sock, sizeof(sock), "sock");
	{
		struct sockaddr_un sa;
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);

		memset(&sa, 0, sizeof(sa));
		sa.sun_family = AF_UNIX;
		CHECK(strlen(sock) < sizeof(sa.sun_path));
		memcpy(sa.sun_path, sock, strlen(sock) + 1);
		CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
		pgs_error_init(&err);
		CHECK(pgs_output_open(&out, sock, &err) == -1);
		CHECK(err.code == PGS_EUSAGE && strstr(err.msg, "socket") != NULL);
		close(fd);
		unlink(sock);
	}
	CHECK(dir_entries(NULL, 0) == 0);
}

/* The output must never land in the input file: by name, through a link,
 * or as a hard link; another file is fine. */
static void test_output_not_input(void)
{
	char in_path[512], alias[512], hard[512], other[512];
	struct pgs_input in;
	struct pgs_output out;
	struct pgs_error err;
	const char *same[3];

	path_in(in_path, sizeof(in_path), "in.dump");
	path_in(alias, sizeof(alias), "alias.dump");
	path_in(hard, sizeof(hard), "hard.dump");
	path_in(other, sizeof(other), "other.dump");
	write_file(in_path, 100);
	CHECK(symlink(in_path, alias) == 0);
	CHECK(link(in_path, hard) == 0);
	same[0] = in_path;
	same[1] = alias;
	same[2] = hard;
	pgs_error_init(&err);
	CHECK(pgs_input_open(&in, in_path, &err) == 0);
	for (int i = 0; i < 3; i++) {
		pgs_error_init(&err);
		CHECK(pgs_output_open(&out, same[i], &err) == 0);
		CHECK(pgs_output_check_not_input(&out, &in, &err) == -1);
		CHECK(err.code == PGS_EUSAGE);
		CHECK(strstr(err.msg, "is the input file") != NULL);
		pgs_output_abort(&out);
	}
	pgs_error_init(&err);
	CHECK(pgs_output_open(&out, other, &err) == 0);
	CHECK(pgs_output_check_not_input(&out, &in, &err) == 0);
	pgs_output_abort(&out);
	pgs_input_close(&in);
	unlink(alias);
	unlink(hard);
	unlink(in_path);
	CHECK(dir_entries(NULL, 0) == 0);
}

int main(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/pgscrub-test-io.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_input_file();
	test_input_dup();
	test_input_stdin_offset();
	test_input_pipe();
	test_input_errors();
	test_output_commit();
	test_output_abort();
	test_output_errors();
	test_output_stdout();
	test_output_targets();
	test_output_not_input();
	rmdir(dir);
	return check_report("io");
}
