/*
 * Self-test of the native shim: exercises each entry point on a scratch file
 * in the directory given as argv[1] (the build directory under ctest).
 */
#define _GNU_SOURCE
#include "pe2fsck_io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                 \
            failures++;                                                     \
        }                                                                   \
    } while (0)

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char path[4096];
    char msg[128];
    unsigned char data[10000];
    unsigned char back[12000];
    int32_t mode = -1;
    int32_t sizes[PE2IO_SECT_NVALS];
    int32_t devno[2];
    int fd;

    CHECK(pe2io_abi_version() == PE2IO_ABI_VERSION);

    snprintf(path, sizeof path, "%s/pe2fsck_io_test.%ld.bin", dir, (long)getpid());
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 31u + 7u);

    /* Missing file and directory. */
    CHECK(pe2io_open("/nonexistent/pe2fsck/x", 0, &mode) == -ENOENT);
    CHECK(pe2io_open(dir, 0, &mode) == -EISDIR);
    CHECK(pe2io_open(dir, PE2IO_OPEN_WRITE, &mode) == -EISDIR);
    CHECK(pe2io_open(path, 0x100, &mode) == -EINVAL);

    /* Create the scratch file with plain stdio, then write through the shim. */
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f == NULL)
        return 1;
    fclose(f);

    fd = pe2io_open(path, PE2IO_OPEN_WRITE, &mode);
    CHECK(fd >= 0);
    CHECK((mode & (PE2IO_MODE_DIRECT | PE2IO_MODE_EXCL)) == 0);
    CHECK(pe2io_file_kind(fd) == PE2IO_KIND_REGULAR);
    CHECK(pe2io_pwrite(fd, data, (int64_t)sizeof data, 0) == (int64_t)sizeof data);
    CHECK(pe2io_sync(fd, 1) == 0);
    CHECK(pe2io_sync(fd, 0) == 0);
    CHECK(pe2io_size(fd) == (int64_t)sizeof data);
    CHECK(pe2io_sector_sizes(fd, sizes) == 0);
    CHECK(sizes[PE2IO_SECT_DIO_ALIGN] > 0
          && (sizes[PE2IO_SECT_DIO_ALIGN] & (sizes[PE2IO_SECT_DIO_ALIGN] - 1)) == 0);
    CHECK(pe2io_dev_numbers(fd, devno) == -ENOTBLK);
    CHECK(pe2io_close(fd) == 0);

    /* Read back, including a read that runs into end of file. */
    fd = pe2io_open(path, 0, &mode);
    CHECK(fd >= 0);
    memset(back, 0, sizeof back);
    CHECK(pe2io_pread(fd, back, (int64_t)sizeof data, 0) == (int64_t)sizeof data);
    CHECK(memcmp(back, data, sizeof data) == 0);
    CHECK(pe2io_pread(fd, back, 100, 9950) == 50);
    CHECK(memcmp(back, data + 9950, 50) == 0);
    CHECK(pe2io_pread(fd, back, 100, 20000) == 0);
    CHECK(pe2io_pread(fd, back, -1, 0) == -EINVAL);
    CHECK(pe2io_pread(fd, back, 1, -5) == -EINVAL);
    /* Just read, so cached: all of it comes back without waiting (unless the file
     * system cannot tell, which the caller treats as "not cached"). */
    memset(back, 0, sizeof back);
    {
        int64_t got = pe2io_pread_cached(fd, back, (int64_t)sizeof data, 0);
#ifdef PE2IO_HAVE_PREADV2_NOWAIT
        CHECK(got == (int64_t)sizeof data || got == -EOPNOTSUPP);
#else
        CHECK(got == -ENOSYS);
#endif
        if (got > 0) {
            CHECK(memcmp(back, data, sizeof data) == 0);
            CHECK(pe2io_pread_cached(fd, back, 100, 9950) == 50);
            CHECK(pe2io_pread_cached(fd, back, 100, 20000) == 0);
        }
    }
    CHECK(pe2io_pread_cached(fd, back, -1, 0) == -EINVAL);
    CHECK(pe2io_pwrite(fd, data, 10, 0) == -EBADF); /* opened read-only */
    CHECK(pe2io_fadvise(fd, 0, 0, PE2IO_ADV_SEQUENTIAL) == 0);
    CHECK(pe2io_fadvise(fd, 0, 4096, PE2IO_ADV_WILLNEED) == 0);
    CHECK(pe2io_fadvise(fd, 0, 4096, PE2IO_ADV_DONTNEED) == 0);
    CHECK(pe2io_fadvise(fd, 0, 0, 99) == -EINVAL);
    {
        int32_t ra = pe2io_readahead(fd, 0, 8192);
        CHECK(ra == 0 || ra == -ENOSYS);
    }
    CHECK(pe2io_close(fd) == 0);
    CHECK(pe2io_file_kind(fd) == -EBADF);
    CHECK(pe2io_pread_cached(fd, back, 10, 0) == -EBADF);

    /* O_DIRECT: either in effect or refused, and reads work either way. */
    fd = pe2io_open(path, PE2IO_OPEN_DIRECT, &mode);
    CHECK(fd >= 0);
    if (fd >= 0) {
        void *abuf = NULL;
        CHECK(pe2io_sector_sizes(fd, sizes) == 0);
        CHECK(posix_memalign(&abuf, (size_t)sizes[PE2IO_SECT_DIO_ALIGN], 16384) == 0);
        if (abuf != NULL) {
            /* The last block is partial: the count is short, not an error. */
            CHECK(pe2io_pread(fd, abuf, 16384, 0) == (int64_t)sizeof data);
            CHECK(memcmp(abuf, data, sizeof data) == 0);
            free(abuf);
        }
        if (mode & PE2IO_MODE_DIRECT) {
            CHECK(pe2io_set_direct(fd, 0) == 0);
            CHECK(pe2io_pread(fd, back, 3, 1) == 3);
            CHECK(memcmp(back, data + 1, 3) == 0);
            CHECK(pe2io_set_direct(fd, 1) == 0);
        }
        CHECK(pe2io_close(fd) == 0);
    }

    /* Message text. */
    CHECK(pe2io_strerror(EBUSY, msg, (int32_t)sizeof msg) == 0);
    CHECK(strcmp(msg, strerror(EBUSY)) == 0);
    CHECK(pe2io_strerror(ENOENT, msg, 5) == 0 && strlen(msg) == 4);
    CHECK(pe2io_strerror(EIO, NULL, 10) == -EINVAL);
    CHECK(pe2io_strerror(123456, msg, (int32_t)sizeof msg) == 0 && msg[0] != '\0');

    /* sysfs: a device number that does not exist is reported, not invented. */
    {
        int64_t vals[PE2IO_GEOM_NVALS];
        char level[32];
        struct stat st;
        char sysdir[64];
        CHECK(pe2io_sysfs_geometry(4095, 1048575, vals, level, (int32_t)sizeof level) < 0);
        /* The disk holding the build directory, when it is a real block device. */
        if (stat(dir, &st) == 0) {
            snprintf(sysdir, sizeof sysdir, "/sys/dev/block/%u:%u",
                     major(st.st_dev), minor(st.st_dev));
            if (access(sysdir, F_OK) == 0) {
                CHECK(pe2io_sysfs_geometry((int32_t)major(st.st_dev), (int32_t)minor(st.st_dev),
                                           vals, level, (int32_t)sizeof level) == 0);
                CHECK(vals[PE2IO_GEOM_MIN_IO] >= 512);
                CHECK(vals[PE2IO_GEOM_ROTATIONAL] == 0 || vals[PE2IO_GEOM_ROTATIONAL] == 1);
            } else {
                printf("note: %s missing, sysfs geometry of a real disk not checked\n", sysdir);
            }
        }
    }

    unlink(path);
    if (failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("pe2fsck_io self-test passed\n");
    return 0;
}
