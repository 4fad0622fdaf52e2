# Warning flags for the project's C targets.
#
#   pe2fsck_set_warnings(<target> [WERROR])
#
# Turns on a strict but portable warning set for GCC and Clang. With WERROR
# (or with the cache option PE2FSCK_WERROR) warnings fail the build.

option(PE2FSCK_WERROR "Treat compiler warnings as errors" OFF)

function(pe2fsck_set_warnings target)
  cmake_parse_arguments(ARG "WERROR" "" "" ${ARGN})
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra
      -Wshadow
      -Wpointer-arith
      -Wcast-align
      -Wstrict-prototypes
      -Wmissing-prototypes
      -Wformat=2
      -Wundef
      -Wvla)
    if(ARG_WERROR OR PE2FSCK_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()
