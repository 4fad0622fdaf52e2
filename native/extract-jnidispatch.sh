#!/bin/sh
# Copies JNA's own native dispatch library out of the JNA jar into the build,
# so that JNA can be started with -Djna.nounpack=true and never unpacks
# anything into a temporary directory at run time.
#
# usage: native/extract-jnidispatch.sh [OUTPUT_DIR] [JNA_JAR]
#
#   OUTPUT_DIR  defaults to build/native below the project root
#   JNA_JAR     defaults to build/lib/jna-*.jar, then the newest
#               jna-*.jar in the local Maven repository (the version
#               named in pom.xml when it is there)
#
# Result:
#   OUTPUT_DIR/libjnidispatch.so                  for this machine's architecture
#   OUTPUT_DIR/jna/linux-x86-64/libjnidispatch.so  and
#   OUTPUT_DIR/jna/linux-aarch64/libjnidispatch.so when the jar has them
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$root/build/native"}
jar=${2:-}

if [ -z "$jar" ]; then
    for candidate in "$root"/build/lib/jna-[0-9]*.jar; do
        [ -f "$candidate" ] && jar=$candidate
    done
fi
if [ -z "$jar" ]; then
    repo=${MAVEN_REPO:-"$HOME/.m2/repository"}
    version=$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' "$root/pom.xml" 2>/dev/null | head -n 1)
    if [ -n "$version" ] && [ -f "$repo/net/java/dev/jna/jna/$version/jna-$version.jar" ]; then
        jar="$repo/net/java/dev/jna/jna/$version/jna-$version.jar"
    else
        jar=$(ls "$repo"/net/java/dev/jna/jna/*/jna-*.jar 2>/dev/null | sort -V | tail -n 1 || true)
    fi
fi
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
    echo "extract-jnidispatch: no JNA jar found (build/lib or the local Maven repository)" >&2
    exit 1
fi
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")

case $(uname -m) in
    x86_64|amd64)  host=linux-x86-64 ;;
    aarch64|arm64) host=linux-aarch64 ;;
    *)             host= ;;
esac

mkdir -p "$out"
tmp=$(mktemp -d "$out/.jnidispatch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# unzip when installed, the JDK's jar tool otherwise
extract() {
    if command -v unzip >/dev/null 2>&1; then
        unzip -qq -o "$jar" "$1" -d "$tmp" 2>/dev/null
    else
        (cd "$tmp" && jar xf "$jar" "$1") 2>/dev/null
    fi
}

found=
for arch in linux-x86-64 linux-aarch64; do
    member="com/sun/jna/$arch/libjnidispatch.so"
    if extract "$member" && [ -f "$tmp/$member" ]; then
        mkdir -p "$out/jna/$arch"
        cp -f "$tmp/$member" "$out/jna/$arch/libjnidispatch.so"
        found="$found $arch"
        if [ "$arch" = "$host" ]; then
            cp -f "$tmp/$member" "$out/libjnidispatch.so"
        fi
    fi
done

if [ -z "$found" ]; then
    echo "extract-jnidispatch: $jar holds no Linux libjnidispatch.so" >&2
    exit 1
fi
if [ -z "$host" ] || [ ! -f "$out/libjnidispatch.so" ]; then
    echo "extract-jnidispatch: $jar has no libjnidispatch.so for $(uname -m)" >&2
    exit 1
fi
echo "extract-jnidispatch: $(basename "$jar") ->$found into $out"
