#!/bin/sh
# Makes pe2fsck.jsa, the class-data archive, beside this script, by checking the small sample
# image there once. The JVM uses an archive only from the place it was made, so this runs where
# the tree finally lives: at the end of `make install`, and from the Debian package's postinst
# (the package is built under a staging directory). Run it again after moving the tree.
set -e
home=$(CDPATH= cd -- "${0%/*}" && pwd)
rm -f "$home/pe2fsck.jsa"
PE2FSCK_JAVA_OPTS="-XX:ArchiveClassesAtExit=$home/pe2fsck.jsa" "$home/../../sbin/pe2fsck" -fn "$home/cds-sample.img" > /dev/null
