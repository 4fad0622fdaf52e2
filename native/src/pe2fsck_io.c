/*
 * pe2fsck_io: native I/O helpers for pe2fsck. See pe2fsck_io.h for the
 * contract of each function.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* O_DIRECT, readahead(2), statx */
#endif
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif

#include "pe2fsck_io.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#ifdef PE2IO_HAVE_SYS_SYSMACROS_H
#include <sys/sysmacros.h>
#endif
#ifdef PE2IO_HAVE_LINUX_FS_H
#include <linux/fs.h>
#endif

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

/* Largest single transfer handed to the kernel (Linux caps one call near 2 GiB). */
#define PE2IO_MAX_CHUNK ((int64_t)1 << 30)

/* Alignment assumed for O_DIRECT on files when the kernel does not tell. */
#define PE2IO_DEFAULT_DIO_ALIGN 4096

static int is_power_of_two(int64_t v)
{
    return v > 0 && (v & (v - 1)) == 0;
}

static int open_retry(const char *path, int oflags)
{
    int fd;
    do {
        fd = open(path, oflags);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

int32_t pe2io_abi_version(void)
{
    return PE2IO_ABI_VERSION;
}

/* Logical and physical sector size plus O_DIRECT alignment of an open file. */
static int sector_sizes(int fd, const struct stat *st, int32_t out[PE2IO_SECT_NVALS])
{
    int32_t logical = 512;
    int32_t physical = 512;
    int32_t dio = PE2IO_DEFAULT_DIO_ALIGN;

    if (S_ISBLK(st->st_mode)) {
#ifdef PE2IO_HAVE_BLKSSZGET
        int lss = 0;
        if (ioctl(fd, BLKSSZGET, &lss) != 0)
            return -errno;
        if (lss > 0)
            logical = lss;
#endif
#ifdef PE2IO_HAVE_BLKPBSZGET
        unsigned int pss = 0;
        if (ioctl(fd, BLKPBSZGET, &pss) == 0 && pss > 0 && pss <= INT32_MAX)
            physical = (int32_t)pss;
        else
            physical = logical;
#else
        physical = logical;
#endif
        dio = logical;
    }

#ifdef PE2IO_HAVE_STATX_DIOALIGN
    {
        struct statx sx;
        memset(&sx, 0, sizeof sx);
        if (statx(fd, "", AT_EMPTY_PATH, STATX_DIOALIGN, &sx) == 0
            && (sx.stx_mask & STATX_DIOALIGN) != 0
            && sx.stx_dio_offset_align != 0 && sx.stx_dio_mem_align != 0) {
            int64_t off_align = sx.stx_dio_offset_align;
            int64_t mem_align = sx.stx_dio_mem_align;
            int64_t need = off_align > mem_align ? off_align : mem_align;
            if (S_ISBLK(st->st_mode)) {
                if (need > dio && is_power_of_two(need) && need <= INT32_MAX)
                    dio = (int32_t)need;
            } else if (is_power_of_two(need) && need <= INT32_MAX) {
                dio = (int32_t)need;
                if (is_power_of_two(off_align) && off_align <= INT32_MAX)
                    logical = (int32_t)off_align;
                physical = logical;
            }
        }
    }
#endif

    if (!is_power_of_two(dio))
        dio = PE2IO_DEFAULT_DIO_ALIGN;
    out[PE2IO_SECT_LOGICAL] = logical;
    out[PE2IO_SECT_PHYSICAL] = physical;
    out[PE2IO_SECT_DIO_ALIGN] = dio;
    return 0;
}

/*
 * Reads the first aligned block of a file opened with O_DIRECT. Returns 0 if
 * the read was accepted (or failed for a reason unrelated to O_DIRECT) and
 * -EINVAL if the kernel refused the direct transfer.
 */
static int probe_direct(int fd, const struct stat *st)
{
    int32_t sizes[PE2IO_SECT_NVALS];
    void *buf = NULL;
    ssize_t n;
    int err = 0;

    if (!S_ISREG(st->st_mode) && !S_ISBLK(st->st_mode))
        return 0;
    if (sector_sizes(fd, st, sizes) != 0)
        return 0;
    if (posix_memalign(&buf, (size_t)sizes[PE2IO_SECT_DIO_ALIGN],
                       (size_t)sizes[PE2IO_SECT_DIO_ALIGN]) != 0)
        return 0;
    do {
        n = pread(fd, buf, (size_t)sizes[PE2IO_SECT_DIO_ALIGN], 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && errno == EINVAL)
        err = -EINVAL;
    free(buf);
    return err;
}

int32_t pe2io_open(const char *path, int32_t flags, int32_t *mode_out)
{
    struct stat st;
    int writable = (flags & PE2IO_OPEN_WRITE) != 0;
    int direct = (flags & PE2IO_OPEN_DIRECT) != 0;
    int shared = (flags & PE2IO_OPEN_SHARED) != 0;
    int excl = 0;
    int nonblock = 0;
    int32_t mode = 0;
    int fd;

    if (mode_out != NULL)
        *mode_out = 0;
    if (path == NULL || path[0] == '\0')
        return -ENOENT;
    if ((flags & ~(PE2IO_OPEN_WRITE | PE2IO_OPEN_DIRECT | PE2IO_OPEN_SHARED)) != 0)
        return -EINVAL;

#ifndef PE2IO_HAVE_O_DIRECT
    if (direct) {
        direct = 0;
        mode |= PE2IO_MODE_DIRECT_REFUSED;
    }
#endif

    /* A look before opening decides O_EXCL and keeps FIFOs from blocking open(). */
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return -EISDIR;
        if (writable && !shared && S_ISBLK(st.st_mode))
            excl = 1;
        if (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode))
            nonblock = 1;
    }

    for (;;) {
        int oflags = (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOCTTY;
        if (excl)
            oflags |= O_EXCL;
        if (nonblock)
            oflags |= O_NONBLOCK;
#ifdef PE2IO_HAVE_O_DIRECT
        if (direct)
            oflags |= O_DIRECT;
#endif
        fd = open_retry(path, oflags);
        if (fd < 0) {
            int err = errno;
            if (err == EINVAL && direct) {
                direct = 0;
                mode |= PE2IO_MODE_DIRECT_REFUSED;
                continue;
            }
            return -err;
        }
        if (fstat(fd, &st) != 0) {
            int err = errno;
            (void)close(fd);
            return -err;
        }
        if (S_ISDIR(st.st_mode)) {
            (void)close(fd);
            return -EISDIR;
        }
        if (writable && !shared && S_ISBLK(st.st_mode) && !excl) {
            /* The path turned into a block device after the first look. */
            (void)close(fd);
            excl = 1;
            continue;
        }
        if (direct && probe_direct(fd, &st) == -EINVAL) {
            (void)close(fd);
            direct = 0;
            mode |= PE2IO_MODE_DIRECT_REFUSED;
            continue;
        }
        break;
    }

    if (nonblock) {
        int fl = fcntl(fd, F_GETFL);
        if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
            int err = errno;
            (void)close(fd);
            return -err;
        }
    }

    if (direct)
        mode |= PE2IO_MODE_DIRECT;
    if (excl)
        mode |= PE2IO_MODE_EXCL;
    if (mode_out != NULL)
        *mode_out = mode;
    return fd;
}

int32_t pe2io_file_kind(int32_t fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return -errno;
    if (S_ISBLK(st.st_mode))
        return PE2IO_KIND_BLOCK;
    if (S_ISREG(st.st_mode))
        return PE2IO_KIND_REGULAR;
    if (S_ISDIR(st.st_mode))
        return PE2IO_KIND_DIRECTORY;
    return PE2IO_KIND_OTHER;
}

int64_t pe2io_size(int32_t fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return -errno;
    if (S_ISBLK(st.st_mode)) {
#ifdef PE2IO_HAVE_BLKGETSIZE64
        uint64_t bytes = 0;
        if (ioctl(fd, BLKGETSIZE64, &bytes) != 0)
            return -errno;
        if (bytes > (uint64_t)INT64_MAX)
            return -EOVERFLOW;
        return (int64_t)bytes;
#else
        return -ENOSYS;
#endif
    }
    return (int64_t)st.st_size;
}

int32_t pe2io_sector_sizes(int32_t fd, int32_t *out)
{
    struct stat st;
    if (out == NULL)
        return -EINVAL;
    if (fstat(fd, &st) != 0)
        return -errno;
    return sector_sizes(fd, &st, out);
}

static int range_ok(const void *buf, int64_t len, int64_t off)
{
    if (len < 0 || off < 0 || (buf == NULL && len > 0))
        return 0;
    return off <= INT64_MAX - len;
}

/*
 * The read loop of pe2io_pread() and pe2io_pread_cached(): with nowait, each
 * read takes only what the page cache holds (preadv2 with RWF_NOWAIT) and the
 * loop stops where the cache does.
 */
static int64_t read_loop(int32_t fd, void *buf, int64_t len, int64_t off, int nowait)
{
    char *p = buf;
    int64_t done = 0;

    if (!range_ok(buf, len, off))
        return -EINVAL;
    while (done < len) {
        int64_t want = len - done;
        ssize_t n;
        if (want > PE2IO_MAX_CHUNK)
            want = PE2IO_MAX_CHUNK;
        if (nowait) {
#ifdef PE2IO_HAVE_PREADV2_NOWAIT
            struct iovec iov;
            iov.iov_base = p + done;
            iov.iov_len = (size_t)want;
            n = preadv2(fd, &iov, 1, (off_t)(off + done), RWF_NOWAIT);
#else
            return -ENOSYS; /* no way to ask the cache alone */
#endif
        } else {
            n = pread(fd, p + done, (size_t)want, (off_t)(off + done));
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (nowait && errno == EAGAIN)
                break; /* the rest is not cached */
            return done > 0 ? done : -errno;
        }
        if (n == 0)
            break; /* end of file */
        done += n;
    }
    return done;
}

int64_t pe2io_pread(int32_t fd, void *buf, int64_t len, int64_t off)
{
    return read_loop(fd, buf, len, off, 0);
}

int64_t pe2io_pread_cached(int32_t fd, void *buf, int64_t len, int64_t off)
{
    return read_loop(fd, buf, len, off, 1);
}

int64_t pe2io_pwrite(int32_t fd, const void *buf, int64_t len, int64_t off)
{
    const char *p = buf;
    int64_t done = 0;

    if (!range_ok(buf, len, off))
        return -EINVAL;
    while (done < len) {
        int64_t want = len - done;
        ssize_t n;
        if (want > PE2IO_MAX_CHUNK)
            want = PE2IO_MAX_CHUNK;
        n = pwrite(fd, p + done, (size_t)want, (off_t)(off + done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return done > 0 ? done : -errno;
        }
        if (n == 0)
            break; /* no progress: let the caller report a short write */
        done += n;
    }
    return done;
}

int32_t pe2io_fadvise(int32_t fd, int64_t off, int64_t len, int32_t advice)
{
#ifdef PE2IO_HAVE_POSIX_FADVISE
    int adv;
    int rc;
    switch (advice) {
    case PE2IO_ADV_NORMAL:     adv = POSIX_FADV_NORMAL; break;
    case PE2IO_ADV_SEQUENTIAL: adv = POSIX_FADV_SEQUENTIAL; break;
    case PE2IO_ADV_RANDOM:     adv = POSIX_FADV_RANDOM; break;
    case PE2IO_ADV_WILLNEED:   adv = POSIX_FADV_WILLNEED; break;
    case PE2IO_ADV_DONTNEED:   adv = POSIX_FADV_DONTNEED; break;
    default: return -EINVAL;
    }
    if (off < 0 || len < 0)
        return -EINVAL;
    rc = posix_fadvise(fd, (off_t)off, (off_t)len, adv);
    return rc == 0 ? 0 : -rc; /* posix_fadvise returns the error number itself */
#else
    (void)fd; (void)off; (void)len; (void)advice;
    return -ENOSYS;
#endif
}

int32_t pe2io_readahead(int32_t fd, int64_t off, int64_t len)
{
#ifdef PE2IO_HAVE_READAHEAD
    if (off < 0 || len < 0)
        return -EINVAL;
    if (readahead(fd, (off_t)off, (size_t)len) != 0)
        return -errno;
    return 0;
#else
    (void)fd; (void)off; (void)len;
    return -ENOSYS;
#endif
}

int32_t pe2io_set_direct(int32_t fd, int32_t on)
{
#ifdef PE2IO_HAVE_O_DIRECT
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0)
        return -errno;
    fl = on ? (fl | O_DIRECT) : (fl & ~O_DIRECT);
    if (fcntl(fd, F_SETFL, fl) != 0)
        return -errno;
    return 0;
#else
    (void)fd;
    return on ? -EINVAL : 0;
#endif
}

int32_t pe2io_sync(int32_t fd, int32_t data_only)
{
    int rc;
#ifdef PE2IO_HAVE_FDATASYNC
    rc = data_only ? fdatasync(fd) : fsync(fd);
#else
    (void)data_only;
    rc = fsync(fd);
#endif
    return rc == 0 ? 0 : -errno;
}

int32_t pe2io_close(int32_t fd)
{
    if (close(fd) != 0) {
        /* On Linux the descriptor is released even when close() is interrupted. */
        if (errno == EINTR)
            return 0;
        return -errno;
    }
    return 0;
}

int32_t pe2io_dev_numbers(int32_t fd, int32_t *out)
{
    struct stat st;
    if (out == NULL)
        return -EINVAL;
    if (fstat(fd, &st) != 0)
        return -errno;
    if (!S_ISBLK(st.st_mode))
        return -ENOTBLK;
    out[0] = (int32_t)major(st.st_rdev);
    out[1] = (int32_t)minor(st.st_rdev);
    return 0;
}

/*
 * Reads a small sysfs attribute below one of the given directories, trying
 * them in order. Returns the length read (newline stripped) or -1.
 */
static int read_attr(const int dirs[2], const char *name, char *buf, size_t cap)
{
    for (int i = 0; i < 2; i++) {
        int fd;
        ssize_t n;
        if (dirs[i] < 0)
            continue;
        fd = openat(dirs[i], name, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        do {
            n = read(fd, buf, cap - 1);
        } while (n < 0 && errno == EINTR);
        (void)close(fd);
        if (n < 0)
            continue;
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
            n--;
        buf[n] = '\0';
        return (int)n;
    }
    return -1;
}

static int64_t read_attr_int(const int dirs[2], const char *name, int64_t missing)
{
    char buf[64];
    char *end = NULL;
    long long v;
    if (read_attr(dirs, name, buf, sizeof buf) <= 0)
        return missing;
    errno = 0;
    v = strtoll(buf, &end, 10);
    if (errno != 0 || end == buf)
        return missing;
    return (int64_t)v;
}

int32_t pe2io_sysfs_geometry(int32_t major_no, int32_t minor_no, int64_t *vals,
                             char *level, int32_t level_len)
{
    char path[64];
    int dirs[2] = { -1, -1 };

    if (vals == NULL || major_no < 0 || minor_no < 0)
        return -EINVAL;
    for (int i = 0; i < PE2IO_GEOM_NVALS; i++)
        vals[i] = 0;
    vals[PE2IO_GEOM_ROTATIONAL] = -1;
    if (level != NULL && level_len > 0)
        level[0] = '\0';

    snprintf(path, sizeof path, "/sys/dev/block/%" PRId32 ":%" PRId32, major_no, minor_no);
    dirs[0] = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirs[0] < 0)
        return -errno;
    /* A partition has no queue/ of its own; its parent directory is the whole disk. */
    if (faccessat(dirs[0], "partition", F_OK, 0) == 0)
        dirs[1] = openat(dirs[0], "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    vals[PE2IO_GEOM_MIN_IO] = read_attr_int(dirs, "queue/minimum_io_size", 0);
    vals[PE2IO_GEOM_OPT_IO] = read_attr_int(dirs, "queue/optimal_io_size", 0);
    vals[PE2IO_GEOM_ROTATIONAL] = read_attr_int(dirs, "queue/rotational", -1);
    vals[PE2IO_GEOM_MD_CHUNK] = read_attr_int(dirs, "md/chunk_size", 0);
    vals[PE2IO_GEOM_MD_DISKS] = read_attr_int(dirs, "md/raid_disks", 0);
    if (level != NULL && level_len > 1) {
        char buf[64];
        if (read_attr(dirs, "md/level", buf, sizeof buf) > 0)
            snprintf(level, (size_t)level_len, "%s", buf);
    }

    if (dirs[1] >= 0)
        (void)close(dirs[1]);
    (void)close(dirs[0]);
    return 0;
}

#ifdef PE2IO_HAVE_STRERROR_R
/*
 * glibc with _GNU_SOURCE offers strerror_r returning char *, which may or may
 * not point into the caller's buffer; POSIX's variant returns int and always
 * fills the buffer. _Generic on the call's type picks the matching helper, so
 * no feature macro needs to be guessed.
 */
static const char *strerror_gnu(char *result, char *buf)
{
    (void)buf;
    return result;
}

static const char *strerror_xsi(int result, char *buf)
{
    return result == 0 ? buf : NULL;
}

#define PE2IO_STRERROR_TEXT(call, buf) \
    _Generic((call), char *: strerror_gnu, default: strerror_xsi)((call), (buf))
#endif

int32_t pe2io_strerror(int32_t errnum, char *buf, int32_t len)
{
    char tmp[256];
    const char *text = NULL;

    if (buf == NULL || len <= 0)
        return -EINVAL;
    tmp[0] = '\0';
#ifdef PE2IO_HAVE_STRERROR_R
    text = PE2IO_STRERROR_TEXT(strerror_r(errnum, tmp, sizeof tmp), tmp);
#endif
    if (text == NULL || text[0] == '\0') {
        snprintf(buf, (size_t)len, "Unknown error %" PRId32, errnum);
        return 0;
    }
    snprintf(buf, (size_t)len, "%s", text);
    return 0;
}
