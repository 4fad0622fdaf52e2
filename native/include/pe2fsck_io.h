/*
 * pe2fsck_io: the small native I/O layer of pe2fsck.
 *
 * Every function is a thin, stateless wrapper around one or a few system
 * calls. Results follow one convention: a non-negative value means success,
 * a negative value is minus an errno code (for example -EBUSY). Nothing here
 * keeps global mutable state, so all functions may be called from any number
 * of threads at once.
 *
 * Integer widths are fixed (int32_t, int64_t) so that foreign-function
 * bindings can map them without guessing.
 */
#ifndef PE2FSCK_IO_H
#define PE2FSCK_IO_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define PE2IO_API __attribute__((visibility("default")))
#else
#define PE2IO_API
#endif

/* Bumped whenever a signature or a constant below changes meaning. */
#define PE2IO_ABI_VERSION 2

/* Flags for pe2io_open(). */
#define PE2IO_OPEN_WRITE   0x1 /* read-write instead of read-only */
#define PE2IO_OPEN_DIRECT  0x2 /* try O_DIRECT, fall back to buffered */
#define PE2IO_OPEN_SHARED  0x4 /* writable without O_EXCL (a file system mounted read-only) */

/* Bits reported through pe2io_open()'s mode_out. */
#define PE2IO_MODE_DIRECT  0x1 /* O_DIRECT is in effect */
#define PE2IO_MODE_EXCL    0x2 /* opened with O_EXCL (writable block device) */
#define PE2IO_MODE_DIRECT_REFUSED 0x4 /* O_DIRECT was asked for but refused */

/* Results of pe2io_file_kind(). */
#define PE2IO_KIND_BLOCK     1
#define PE2IO_KIND_REGULAR   2
#define PE2IO_KIND_DIRECTORY 3
#define PE2IO_KIND_OTHER     4

/* Advice values for pe2io_fadvise(). */
#define PE2IO_ADV_NORMAL     0
#define PE2IO_ADV_SEQUENTIAL 1
#define PE2IO_ADV_RANDOM     2
#define PE2IO_ADV_WILLNEED   3
#define PE2IO_ADV_DONTNEED   4

/* Slots of the array filled by pe2io_sector_sizes(). */
#define PE2IO_SECT_LOGICAL   0 /* logical sector size */
#define PE2IO_SECT_PHYSICAL  1 /* physical sector size */
#define PE2IO_SECT_DIO_ALIGN 2 /* alignment O_DIRECT needs (offset, length, memory) */
#define PE2IO_SECT_NVALS     3

/* Slots of the array filled by pe2io_sysfs_geometry(); 0 = not reported. */
#define PE2IO_GEOM_MIN_IO     0 /* queue/minimum_io_size, bytes */
#define PE2IO_GEOM_OPT_IO     1 /* queue/optimal_io_size, bytes */
#define PE2IO_GEOM_ROTATIONAL 2 /* queue/rotational: 1, 0, or -1 if unknown */
#define PE2IO_GEOM_MD_CHUNK   3 /* md/chunk_size, bytes */
#define PE2IO_GEOM_MD_DISKS   4 /* md/raid_disks */
#define PE2IO_GEOM_NVALS      5

/* Returns PE2IO_ABI_VERSION of the compiled library. */
PE2IO_API int32_t pe2io_abi_version(void);

/*
 * Opens path with O_CLOEXEC, read-only or read-write. Writable block devices
 * are opened with O_EXCL, so a mounted file system or another exclusive user
 * makes this fail with -EBUSY. Directories are refused with -EISDIR.
 *
 * With PE2IO_OPEN_DIRECT the file is opened with O_DIRECT and one aligned
 * block is read as a probe; if either step fails with EINVAL the file is
 * reopened without O_DIRECT. mode_out (may be NULL) receives PE2IO_MODE_* bits
 * telling what is in effect. Returns the descriptor or -errno.
 */
PE2IO_API int32_t pe2io_open(const char *path, int32_t flags, int32_t *mode_out);

/* Classifies an open descriptor: PE2IO_KIND_* or -errno. */
PE2IO_API int32_t pe2io_file_kind(int32_t fd);

/* Size in bytes: BLKGETSIZE64 for block devices, st_size otherwise; or -errno. */
PE2IO_API int64_t pe2io_size(int32_t fd);

/*
 * Fills out[PE2IO_SECT_NVALS]. Block devices report BLKSSZGET / BLKPBSZGET
 * and the logical size as O_DIRECT alignment. Regular files report the
 * direct-I/O alignment of their file system (statx where the kernel tells,
 * 4096 otherwise) and 512-byte logical and physical sectors unless the file
 * system says otherwise. Returns 0 or -errno.
 */
PE2IO_API int32_t pe2io_sector_sizes(int32_t fd, int32_t *out);

/*
 * Reads len bytes at off into buf, retrying after EINTR and short transfers.
 * Returns the number of bytes read, which is less than len only at end of
 * file or when an error struck after some bytes had already arrived (asking
 * again for the rest then reports the error); -errno if nothing was read.
 */
PE2IO_API int64_t pe2io_pread(int32_t fd, void *buf, int64_t len, int64_t off);

/*
 * Like pe2io_pread(), but only what the page cache holds now: never waits for the
 * device (preadv2 with RWF_NOWAIT). Returns the bytes read from the start of the
 * range, which stops short where the first byte not in the cache is; -errno if
 * nothing was read for another reason (-EOPNOTSUPP or -ENOSYS where the kernel
 * or the file cannot tell, as with O_DIRECT on some kernels).
 */
PE2IO_API int64_t pe2io_pread_cached(int32_t fd, void *buf, int64_t len, int64_t off);

/* Writes len bytes at off; same result convention as pe2io_pread(). */
PE2IO_API int64_t pe2io_pwrite(int32_t fd, const void *buf, int64_t len, int64_t off);

/* posix_fadvise() with a PE2IO_ADV_* value; 0 or -errno. */
PE2IO_API int32_t pe2io_fadvise(int32_t fd, int64_t off, int64_t len, int32_t advice);

/* readahead(2); 0 or -errno (-ENOSYS where the C library lacks it). */
PE2IO_API int32_t pe2io_readahead(int32_t fd, int64_t off, int64_t len);

/* Switches O_DIRECT on or off for the open file description; 0 or -errno. */
PE2IO_API int32_t pe2io_set_direct(int32_t fd, int32_t on);

/* fdatasync() when data_only is non-zero, fsync() otherwise; 0 or -errno. */
PE2IO_API int32_t pe2io_sync(int32_t fd, int32_t data_only);

/* close(); 0 or -errno. The descriptor is gone afterwards even on error. */
PE2IO_API int32_t pe2io_close(int32_t fd);

/* Major and minor number of a block device (out[0], out[1]); -ENOTBLK otherwise. */
PE2IO_API int32_t pe2io_dev_numbers(int32_t fd, int32_t *out);

/*
 * Reads queue and md geometry from /sys/dev/block/MAJOR:MINOR (the parent
 * disk's queue for a partition) into vals[PE2IO_GEOM_NVALS] and the md level
 * (such as "raid5", empty if none) into level, NUL-terminated within
 * level_len bytes. Returns 0, or -errno if the device has no sysfs entry.
 */
PE2IO_API int32_t pe2io_sysfs_geometry(int32_t major, int32_t minor, int64_t *vals,
                                       char *level, int32_t level_len);

/*
 * Writes the message text for errnum into buf (at most len bytes including
 * the terminating NUL). Always terminates buf when len > 0. Returns 0, or
 * -EINVAL if buf is NULL or len is not positive.
 */
PE2IO_API int32_t pe2io_strerror(int32_t errnum, char *buf, int32_t len);

#ifdef __cplusplus
}
#endif

#endif /* PE2FSCK_IO_H */
