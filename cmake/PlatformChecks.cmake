# Probes the C library and kernel headers for the I/O facilities the shim can
# use, and records the answers as PE2IO_HAVE_* variables. The shim's source
# only relies on the macros these checks define, so a libc that lacks one of
# them still builds (the corresponding call then reports ENOSYS).

include(CheckSymbolExists)
include(CheckStructHasMember)
include(CheckIncludeFile)

set(CMAKE_REQUIRED_DEFINITIONS -D_GNU_SOURCE)

check_include_file(linux/fs.h        PE2IO_HAVE_LINUX_FS_H)
check_include_file(sys/sysmacros.h   PE2IO_HAVE_SYS_SYSMACROS_H)

check_symbol_exists(O_DIRECT         "fcntl.h"     PE2IO_HAVE_O_DIRECT)
check_symbol_exists(O_CLOEXEC        "fcntl.h"     PE2IO_HAVE_O_CLOEXEC)
check_symbol_exists(posix_fadvise    "fcntl.h"     PE2IO_HAVE_POSIX_FADVISE)
check_symbol_exists(readahead        "fcntl.h"     PE2IO_HAVE_READAHEAD)
check_symbol_exists(fdatasync        "unistd.h"    PE2IO_HAVE_FDATASYNC)
check_symbol_exists(preadv2          "sys/uio.h"   PE2IO_HAVE_PREADV2)
check_symbol_exists(RWF_NOWAIT       "sys/uio.h"   PE2IO_HAVE_RWF_NOWAIT)
check_symbol_exists(strerror_r       "string.h"    PE2IO_HAVE_STRERROR_R)
check_symbol_exists(statx            "sys/stat.h"  PE2IO_HAVE_STATX)
check_symbol_exists(STATX_DIOALIGN   "sys/stat.h"  PE2IO_HAVE_STATX_DIOALIGN_FLAG)
check_struct_has_member("struct statx" stx_dio_mem_align "sys/stat.h"
                        PE2IO_HAVE_STATX_DIO_MEMBERS LANGUAGE C)

if(PE2IO_HAVE_LINUX_FS_H)
  check_symbol_exists(BLKGETSIZE64   "linux/fs.h"  PE2IO_HAVE_BLKGETSIZE64)
  check_symbol_exists(BLKSSZGET      "linux/fs.h"  PE2IO_HAVE_BLKSSZGET)
  check_symbol_exists(BLKPBSZGET     "linux/fs.h"  PE2IO_HAVE_BLKPBSZGET)
endif()

if(PE2IO_HAVE_PREADV2 AND PE2IO_HAVE_RWF_NOWAIT)
  set(PE2IO_HAVE_PREADV2_NOWAIT 1)
endif()

if(PE2IO_HAVE_STATX AND PE2IO_HAVE_STATX_DIOALIGN_FLAG AND PE2IO_HAVE_STATX_DIO_MEMBERS)
  set(PE2IO_HAVE_STATX_DIOALIGN 1)
endif()

unset(CMAKE_REQUIRED_DEFINITIONS)

# Hands every detected feature to <target> as a compile definition.
function(pe2fsck_apply_platform_checks target)
  foreach(feature
      LINUX_FS_H SYS_SYSMACROS_H O_DIRECT O_CLOEXEC POSIX_FADVISE READAHEAD
      FDATASYNC STRERROR_R STATX_DIOALIGN BLKGETSIZE64 BLKSSZGET BLKPBSZGET PREADV2_NOWAIT)
    if(PE2IO_HAVE_${feature})
      target_compile_definitions(${target} PRIVATE PE2IO_HAVE_${feature}=1)
    endif()
  endforeach()
endfunction()
