/*
 * io.c — buffered input/output with absolute positions (see io.h).
 *
 * Output to a named file goes to ".NAME.pgscrub-XXXXXX" in the same
 * directory, so that the final rename is atomic and a failed run leaves
 * nothing behind (a cron job must never find a half-written archive).
 * What a careful tool does with other names (as cp, gzip and rsync do): a
 * symbolic link is followed and the file it points to replaced, the link
 * kept; a FIFO or a character device (/dev/null, a tape) is written
 * directly; a directory, a block device or a socket is refused.
 */
#include "pgscrub/io.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- input ------------------------------------------------------------ */

static int input_open(struct pgs_input *in, const char *path,
		      struct pgs_error *err)
{
	struct stat st;

	memset(in, 0, sizeof(*in));
	in->fd = -1;
	if (!path || strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
		in->name = strdup("standard input");
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0)
			return pgs_error_set(err, PGS_EIO, "cannot open '%s': %s",
					     path, strerror(errno));
		in->close_fd = 1;
		in->name = strdup(path);
	}
	in->buf = malloc(PGS_INPUT_BUFSIZE);
	if (!in->name || !in->buf)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	if (fstat(in->fd, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return pgs_error_set(err, PGS_EUSAGE,
					     "'%s' is a directory, not an archive file",
					     in->name);
		if (S_ISREG(st.st_mode)) {
			off_t at = lseek(in->fd, 0, SEEK_CUR);

			in->seekable = at >= 0;
			in->pos = at > 0 ? (uint64_t)at : 0;
		}
	}
	return 0;
}

int pgs_input_open(struct pgs_input *in, const char *path,
		   struct pgs_error *err)
{
	if (input_open(in, path, err)) {
		pgs_input_close(in);   /* nothing is left to free */
		return -1;
	}
	return 0;
}

int pgs_input_dup(struct pgs_input *dst, const struct pgs_input *src,
		  struct pgs_error *err)
{
	memset(dst, 0, sizeof(*dst));
	dst->fd = -1;
	if (!src->seekable)
		return pgs_error_set(err, PGS_EINTERNAL, "%s is not seekable",
				     src->name);
	dst->name = strdup(src->name);
	dst->buf = malloc(PGS_INPUT_BUFSIZE);
	if (!dst->name || !dst->buf) {
		pgs_input_close(dst);
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	}
	dst->fd = src->fd;
	dst->seekable = 1;
	dst->base = src->base;
	dst->pos = src->base;
	dst->use_pread = 1;
	return 0;
}

void pgs_input_close(struct pgs_input *in)
{
	if (in->close_fd && in->fd >= 0)
		close(in->fd);
	free(in->buf);
	free(in->name);
	memset(in, 0, sizeof(*in));
	in->fd = -1;
}

static int input_fill(struct pgs_input *in, struct pgs_error *err)
{
	ssize_t n;

	if (in->start == in->end)
		in->start = in->end = 0;
	else if (in->start > 0 && in->end == PGS_INPUT_BUFSIZE) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	for (;;) {
		if (in->use_pread)
			n = pread(in->fd, in->buf + in->end,
				  PGS_INPUT_BUFSIZE - in->end,
				  (off_t)(in->pos - in->base +
					  (in->end - in->start)));
		else
			n = read(in->fd, in->buf + in->end,
				 PGS_INPUT_BUFSIZE - in->end);
		if (n >= 0)
			break;
		if (errno != EINTR)
			return pgs_error_set(err, PGS_EIO,
					     "cannot read %s at byte %llu: %s",
					     in->name,
					     (unsigned long long)(in->pos + in->end - in->start),
					     strerror(errno));
	}
	if (n == 0)
		in->eof = 1;
	in->end += (size_t)n;
	return 0;
}

int pgs_input_peek(struct pgs_input *in, const unsigned char **p,
		   size_t *avail, struct pgs_error *err)
{
	if (in->start == in->end && !in->eof && input_fill(in, err))
		return -1;
	*p = in->buf + in->start;
	*avail = in->end - in->start;
	return 0;
}

void pgs_input_skip(struct pgs_input *in, size_t n)
{
	in->start += n;
	in->pos += n;
}

int pgs_input_eof_error(struct pgs_input *in, struct pgs_error *err)
{
	pgs_error_set(err, PGS_EINPUT, "unexpected end of input at byte %llu",
		      (unsigned long long)in->pos);
	return pgs_error_hint(err, "the archive is cut short: check that "
			      "pg_dump finished and the file was copied whole");
}

int pgs_input_read(struct pgs_input *in, void *dst, size_t n,
		   struct pgs_error *err)
{
	unsigned char *d = dst;

	while (n) {
		size_t have = in->end - in->start;

		if (have == 0) {
			if (in->eof)
				return pgs_input_eof_error(in, err);
			if (input_fill(in, err))
				return -1;
			continue;
		}
		if (have > n)
			have = n;
		memcpy(d, in->buf + in->start, have);
		pgs_input_skip(in, have);
		d += have;
		n -= have;
	}
	return 0;
}

int pgs_input_seek(struct pgs_input *in, uint64_t pos, struct pgs_error *err)
{
	uint64_t buf_start = in->pos - in->start;

	if (pos >= buf_start && pos <= buf_start + in->end) {
		/* Inside what is buffered: no system call. */
		in->start = (size_t)(pos - buf_start);
		in->pos = pos;
		return 0;
	}
	if (!in->seekable)
		return pgs_error_set(err, PGS_EINPUT,
				     "cannot seek in %s", in->name);
	if (pos < in->base)
		return pgs_error_set(err, PGS_EINTERNAL,
				     "seek before the spooled part of %s", in->name);
	if (!in->use_pread &&
	    lseek(in->fd, (off_t)(pos - in->base), SEEK_SET) < 0)
		return pgs_error_set(err, PGS_EIO, "cannot seek in %s: %s",
				     in->name, strerror(errno));
	in->start = in->end = 0;
	in->pos = pos;
	in->eof = 0;
	return 0;
}

/* An unlinked file for the spool, in $TMPDIR or /tmp; -1 and errno. */
static int spool_file(const char *dir)
{
	char path[4096];
	int fd;

#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
#endif
	if ((size_t)snprintf(path, sizeof(path), "%s/pgscrub-spool-XXXXXX",
			     dir) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

static int spool_write(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int pgs_input_spool(struct pgs_input *in, const char *dir,
		    struct pgs_error *err)
{
	int fd;

	if (in->seekable)
		return 0;
	if (!dir || !*dir)
		dir = "/tmp";
	fd = spool_file(dir);
	if (fd < 0)
		goto fail;
	if (spool_write(fd, in->buf + in->start, in->end - in->start))
		goto fail;
	while (!in->eof) {
		ssize_t got = read(in->fd, in->buf, PGS_INPUT_BUFSIZE);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;

			close(fd);
			return pgs_error_set(err, PGS_EIO, "cannot read %s: %s",
					     in->name, strerror(e));
		}
		if (got == 0)
			in->eof = 1;
		else if (spool_write(fd, in->buf, (size_t)got))
			goto fail;
	}
	if (lseek(fd, 0, SEEK_SET) < 0)
		goto fail;
	if (in->close_fd)
		close(in->fd);
	in->fd = fd;
	in->close_fd = 1;
	in->base = in->pos;
	in->start = in->end = 0;
	in->eof = 0;
	in->seekable = 1;
	return 0;
fail:
	{
		int e = errno;

		if (fd >= 0)
			close(fd);
		pgs_error_set(err, PGS_EIO, "cannot spool %s to a temporary "
			      "file in %s: %s", in->name, dir, strerror(e));
		return pgs_error_hint(err, "filtering rows from a pipe needs "
				      "room for the archive in $TMPDIR; point "
				      "TMPDIR at a larger disk, or pass the "
				      "archive with -i FILE");
	}
}

int pgs_io_tmpfile(int *fd, const char *dir, struct pgs_error *err)
{
	if (!dir || !*dir)
		dir = "/tmp";
	*fd = spool_file(dir);
	if (*fd < 0)
		return pgs_error_set(err, PGS_EIO, "cannot make a temporary file "
				     "in %s: %s", dir, strerror(errno));
	return 0;
}

int pgs_input_peek_n(struct pgs_input *in, size_t n, const unsigned char **p,
		     size_t *avail, struct pgs_error *err)
{
	assert(n <= PGS_INPUT_BUFSIZE);
	while (in->end - in->start < n && !in->eof) {
		if (in->start > 0 && PGS_INPUT_BUFSIZE - in->start < n) {
			memmove(in->buf, in->buf + in->start, in->end - in->start);
			in->end -= in->start;
			in->start = 0;
		}
		if (input_fill(in, err))
			return -1;
	}
	*p = in->buf + in->start;
	*avail = in->end - in->start;
	return 0;
}

int pgs_input_discard(struct pgs_input *in, uint64_t n, struct pgs_error *err)
{
	size_t have = in->end - in->start;

	if (n <= have) {
		pgs_input_skip(in, (size_t)n);
		return 0;
	}
	if (in->seekable) {
		struct stat st;
		uint64_t target = in->pos + n;

		if (fstat(in->fd, &st) == 0 &&
		    in->base + (uint64_t)st.st_size < target) {
			in->pos = in->base + (uint64_t)st.st_size;
			in->start = in->end = 0;
			return pgs_input_eof_error(in, err);
		}
		return pgs_input_seek(in, target, err);
	}
	while (n) {
		const unsigned char *p;
		size_t avail;

		if (pgs_input_peek(in, &p, &avail, err))
			return -1;
		if (avail == 0)
			return pgs_input_eof_error(in, err);
		if (avail > n)
			avail = (size_t)n;
		pgs_input_skip(in, avail);
		n -= avail;
	}
	return 0;
}

/* ---- output ----------------------------------------------------------- */

/*
 * The temporary files being written (the archive and the report), for
 * pgs_output_remove_on_signal(): fixed buffers, each filled with every
 * signal blocked while mkstemp() makes its file and marked unused once it
 * is renamed, so a handler never sees a half-written path and no moment
 * leaves a file it does not know.
 */
#define SIGNAL_SLOTS 4
static char signal_tmp_path[SIGNAL_SLOTS][4096];
static volatile sig_atomic_t signal_tmp_set[SIGNAL_SLOTS];

static int signal_path_set(const char *path)
{
	size_t n = strlen(path);

	for (int i = 0; i < SIGNAL_SLOTS; i++) {
		if (signal_tmp_set[i] || n >= sizeof(signal_tmp_path[i]))
			continue;
		memcpy(signal_tmp_path[i], path, n + 1);
		signal_tmp_set[i] = 1;
		return i;
	}
	return -1;
}

static void signal_path_clear(int slot)
{
	if (slot >= 0)
		signal_tmp_set[slot] = 0;
}

void pgs_output_remove_on_signal(void)
{
	for (int i = 0; i < SIGNAL_SLOTS; i++)
		if (signal_tmp_set[i])
			unlink(signal_tmp_path[i]);
}

static int output_error(struct pgs_output *out, const char *what,
			struct pgs_error *err)
{
	if (errno == EPIPE)
		return pgs_error_set(err, PGS_EPIPE, "%s closed the pipe",
				     out->name);
	return pgs_error_set(err, PGS_EIO, "cannot %s %s: %s", what, out->name,
			     strerror(errno));
}

/*
 * Follow the links of a path that names nothing yet (a new file, or a link
 * to a file still to be made) to the name to create: *target is malloc'ed,
 * st is that name's lstat() (st_mode 0 when it does not exist).  A relative
 * link is relative to the directory of the link.
 */
static int follow_dangling(char **target, struct stat *st, const char *path,
			   struct pgs_error *err)
{
	char *cur = strdup(path);

	*target = NULL;
	if (!cur)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	for (int hops = 0;; hops++) {
		char link[4096];
		ssize_t n;

		if (lstat(cur, st) != 0) {
			if (errno != ENOENT) {
				pgs_error_set(err, PGS_EIO, "cannot examine '%s': %s",
					      cur, strerror(errno));
				free(cur);
				return -1;
			}
			memset(st, 0, sizeof(*st));
			break;
		}
		if (!S_ISLNK(st->st_mode))
			break;
		if (hops == 40) {
			free(cur);
			return pgs_error_set(err, PGS_EUSAGE, "output '%s': %s",
					     path, strerror(ELOOP));
		}
		n = readlink(cur, link, sizeof(link) - 1);
		if (n < 0 || (size_t)n >= sizeof(link) - 1) {
			pgs_error_set(err, PGS_EIO, "cannot read the link '%s': %s",
				      cur, n < 0 ? strerror(errno) : "too long");
			free(cur);
			return -1;
		}
		link[n] = '\0';
		if (link[0] != '/' && strchr(cur, '/')) {
			size_t dirlen = (size_t)(strrchr(cur, '/') - cur) + 1;
			char *next = malloc(dirlen + (size_t)n + 1);

			if (!next) {
				free(cur);
				return pgs_error_set(err, PGS_ENOMEM, "out of memory");
			}
			memcpy(next, cur, dirlen);
			memcpy(next + dirlen, link, (size_t)n + 1);
			free(cur);
			cur = next;
		} else {
			free(cur);
			cur = strdup(link);
			if (!cur)
				return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		}
	}
	*target = cur;
	return 0;
}

/*
 * The name the data goes to: for an existing regular file, its real path
 * (links followed, including /proc/self/fd/N), so that the temporary file
 * is made beside it and the link stays; for anything else that exists, the
 * path itself (open() follows the links); for a name that does not exist,
 * the end of its links.  st is what it names (st_mode 0: nothing yet).
 */
static int resolve_target(char **target, struct stat *st, const char *path,
			  struct pgs_error *err)
{
	*target = NULL;
	if (stat(path, st) != 0) {
		if (errno == ENOENT)
			return follow_dangling(target, st, path, err);
		return pgs_error_set(err, PGS_EIO, "cannot examine '%s': %s",
				     path, strerror(errno));
	}
	*target = S_ISREG(st->st_mode) ? realpath(path, NULL) : strdup(path);
	if (!*target)
		return pgs_error_set(err, PGS_EIO, "cannot resolve '%s': %s",
				     path, strerror(errno));
	return 0;
}

/* /dev/stdout and its other names are standard output itself, which may be
 * a file opened for appending or at an offset: write to the descriptor. */
static int is_stdout_name(const char *path)
{
	return strcmp(path, "/dev/stdout") == 0 ||
	       strcmp(path, "/dev/fd/1") == 0 ||
	       strcmp(path, "/proc/self/fd/1") == 0;
}

/*
 * Write straight into a FIFO or a character device (/dev/null, a tape):
 * there is nothing to rename, and replacing it with a regular file would
 * break whatever reads it.
 */
static int open_direct(struct pgs_output *out, const char *target,
		       struct pgs_error *err)
{
	out->fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (out->fd < 0)
		return pgs_error_set(err, PGS_EIO, "cannot open '%s': %s",
				     out->name, strerror(errno));
	return 0;
}

/*
 * A temporary file beside target, renamed onto it by pgs_output_commit().
 * A file being replaced keeps its permission bits and group (a 0600 dump
 * stays 0600); when the group cannot be kept, the group and other bits are
 * dropped rather than handed to our group.  A new file gets what the umask
 * gives.
 */
static int open_temporary(struct pgs_output *out, const char *target,
			  const struct stat *st, struct pgs_error *err)
{
	const char *slash = strrchr(target, '/');
	size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
	const char *base = target + dirlen;
	size_t n = dirlen + strlen(base) + 32;
	sigset_t all, old;
	mode_t mode;

	if (*base == '\0')
		return pgs_error_set(err, PGS_EUSAGE,
				     "output '%s' names a directory", out->name);
	out->tmp_path = malloc(n);
	if (!out->tmp_path)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	snprintf(out->tmp_path, n, "%.*s.%s.pgscrub-XXXXXX", (int)dirlen,
		 target, base);
	/* No signal between the file's creation and its slot, so that a run
	 * killed at any moment leaves nothing behind. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	out->fd = mkstemp(out->tmp_path);
	if (out->fd >= 0)
		out->signal_slot = signal_path_set(out->tmp_path);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (out->fd < 0) {
		int e = errno;

		free(out->tmp_path);
		out->tmp_path = NULL;
		pgs_error_set(err, PGS_EIO, "cannot create a file beside '%s': %s",
			      target, strerror(e));
		if (e == ENOENT || e == ENOTDIR)
			return pgs_error_hint(err, "the directory '%.*s' does not "
					      "exist; create it first",
					      dirlen ? (int)dirlen : 1,
					      dirlen ? target : ".");
		if (e == EACCES || e == EROFS)
			return pgs_error_hint(err, "pgscrub writes a temporary "
					      "file in the same directory and "
					      "renames it: that directory must "
					      "be writable");
		return -1;
	}
	if (st->st_mode) {
		mode = st->st_mode & 07777;
		if (st->st_gid != getegid() &&
		    fchown(out->fd, (uid_t)-1, st->st_gid) != 0)
			mode &= (mode_t)~(S_ISGID | 0077);
	} else {
		mode_t mask = umask(0);

		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(out->fd, mode) != 0) {
		/* not fatal: the file stays private (mkstemp made it 0600) */
	}
	out->seekable = 1;
	return 0;
}

static int output_open(struct pgs_output *out, const char *path,
		       struct pgs_error *err)
{
	struct stat st;
	char *target = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	out->fd = -1;
	out->signal_slot = -1;
	out->buf = malloc(PGS_OUTPUT_BUFSIZE);
	if (!out->buf)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	if (!path || strcmp(path, "-") == 0 || is_stdout_name(path)) {
		int fl;
		off_t at;

		out->fd = STDOUT_FILENO;
		out->name = strdup("standard output");
		if (!out->name)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		fl = fcntl(out->fd, F_GETFL);
		if (fstat(out->fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    fl >= 0 && !(fl & O_APPEND) &&
		    (at = lseek(out->fd, 0, SEEK_CUR)) >= 0) {
			out->seekable = 1;
			out->base = (uint64_t)at;
		}
		return 0;
	}
	out->name = strdup(path);
	if (!out->name)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	if (resolve_target(&target, &st, path, err))
		return -1;
	if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))
		rc = open_direct(out, target, err);
	else if (S_ISDIR(st.st_mode)) {
		pgs_error_set(err, PGS_EUSAGE, "output '%s' is a directory", path);
		rc = pgs_error_hint(err, "name a file in it, such as "
				    "'%s/scrubbed.dump'", path);
	}
	else if (st.st_mode && !S_ISREG(st.st_mode)) {
		pgs_error_set(err, PGS_EUSAGE, "output '%s' is a %s", path,
			      S_ISBLK(st.st_mode) ? "block device" :
			      S_ISSOCK(st.st_mode) ? "socket" : "special file");
		rc = pgs_error_hint(err, "pgscrub writes to regular files, FIFOs "
				    "and character devices; name a file");
	}
	else
		rc = open_temporary(out, target, &st, err);
	if (rc == 0 && out->tmp_path) {
		out->target = target;
		target = NULL;
	}
	free(target);
	return rc;
}

int pgs_output_open(struct pgs_output *out, const char *path,
		    struct pgs_error *err)
{
	if (output_open(out, path, err)) {
		pgs_output_abort(out);   /* nothing is left to free */
		return -1;
	}
	return 0;
}

/* The inode the output's data ends up in (st_mode 0: a new file). */
static int output_destination(const struct pgs_output *out, struct stat *st)
{
	if (out->target) {
		if (stat(out->target, st) == 0)
			return 0;
		memset(st, 0, sizeof(*st));
		return errno == ENOENT ? 0 : -1;
	}
	return fstat(out->fd, st);
}

int pgs_output_check_not_input(const struct pgs_output *out,
			       const struct pgs_input *in,
			       struct pgs_error *err)
{
	struct stat os, is;

	if (fstat(in->fd, &is) != 0 || !S_ISREG(is.st_mode))
		return 0;   /* only a file can be overwritten */
	if (output_destination(out, &os) != 0 || !os.st_mode)
		return 0;
	if (os.st_dev != is.st_dev || os.st_ino != is.st_ino)
		return 0;
	pgs_error_set(err, PGS_EUSAGE, "output '%s' is the input file '%s': "
		      "writing it would destroy the input", out->name, in->name);
	return pgs_error_hint(err, "write the output to another file");
}

static int write_all(struct pgs_output *out, const unsigned char *p, size_t n,
		     struct pgs_error *err)
{
	while (n) {
		ssize_t w = write(out->fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return output_error(out, "write to", err);
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int pgs_output_flush(struct pgs_output *out, struct pgs_error *err)
{
	if (out->len && write_all(out, out->buf, out->len, err))
		return -1;
	out->len = 0;
	return 0;
}

int pgs_output_write(struct pgs_output *out, const void *p, size_t n,
		     struct pgs_error *err)
{
	const unsigned char *s = p;

	out->pos += n;
	if (n >= PGS_OUTPUT_BUFSIZE) {
		/* Large runs (copied chunks) bypass the buffer. */
		if (pgs_output_flush(out, err))
			return -1;
		return write_all(out, s, n, err);
	}
	if (n > PGS_OUTPUT_BUFSIZE - out->len && pgs_output_flush(out, err))
		return -1;
	memcpy(out->buf + out->len, s, n);
	out->len += n;
	return 0;
}

int pgs_output_rewrite(struct pgs_output *out, uint64_t pos, const void *p,
		       size_t n, struct pgs_error *err)
{
	const unsigned char *s = p;
	off_t at = (off_t)(out->base + pos);

	if (!out->seekable)
		return pgs_error_set(err, PGS_EIO, "cannot seek in %s", out->name);
	if (pgs_output_flush(out, err))
		return -1;
	while (n) {
		ssize_t w = pwrite(out->fd, s, n, at);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return output_error(out, "write to", err);
		}
		s += w;
		at += w;
		n -= (size_t)w;
	}
	return 0;
}

int pgs_output_sync(struct pgs_output *out, struct pgs_error *err)
{
	if (pgs_output_flush(out, err))
		return -1;
	if (out->tmp_path && fsync(out->fd) != 0)
		return output_error(out, "sync", err);
	return 0;
}

int pgs_output_same(const struct pgs_output *a, const struct pgs_output *b)
{
	struct stat sa, sb;

	if (a->target && b->target && strcmp(a->target, b->target) == 0)
		return 1;
	if (output_destination(a, &sa) != 0 || output_destination(b, &sb) != 0)
		return 0;
	return sa.st_mode && sb.st_mode && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

int pgs_output_commit(struct pgs_output *out, struct pgs_error *err)
{
	if (pgs_output_flush(out, err))
		return -1;
	if (out->tmp_path) {
		if (fsync(out->fd) != 0)
			return output_error(out, "sync", err);
		if (close(out->fd) != 0) {
			out->fd = -1;
			return output_error(out, "close", err);
		}
		out->fd = -1;
		if (rename(out->tmp_path, out->target) != 0)
			return pgs_error_set(err, PGS_EIO,
					     "cannot rename '%s' to '%s': %s",
					     out->tmp_path, out->target,
					     strerror(errno));
		/* From here on the file is the result.  (A signal just before
		 * this unlinks a name that no longer exists.) */
		signal_path_clear(out->signal_slot);
		out->signal_slot = -1;
		free(out->tmp_path);
		out->tmp_path = NULL;
	} else if (out->fd > STDERR_FILENO) {
		/* a FIFO or a device we opened: no fsync, nothing to rename */
		if (close(out->fd) != 0) {
			out->fd = -1;
			return output_error(out, "close", err);
		}
		out->fd = -1;
	}
	free(out->buf);
	free(out->name);
	free(out->target);
	out->buf = NULL;
	out->name = NULL;
	out->target = NULL;
	return 0;
}

void pgs_output_abort(struct pgs_output *out)
{
	if (out->tmp_path) {
		if (out->fd >= 0)
			close(out->fd);
		unlink(out->tmp_path);
		free(out->tmp_path);
	} else if (out->fd > STDERR_FILENO) {
		close(out->fd);
	}
	signal_path_clear(out->signal_slot);
	free(out->buf);
	free(out->name);
	free(out->target);
	memset(out, 0, sizeof(*out));
	out->fd = -1;
	out->signal_slot = -1;
}
