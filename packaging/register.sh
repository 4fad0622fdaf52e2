#!/bin/sh
# usage: packaging/register.sh register|unregister SBIN_DIR
# Makes pe2fsck the checker fsck(8) runs for ext2, ext3 and ext4, without removing e2fsprogs:
# each of e2fsprogs' fsck.extN is moved aside by dpkg-divert (to fsck.extN.e2fsprogs, where it
# still works), and fsck.extN becomes a symlink to pe2fsck. `unregister` removes the links and
# puts e2fsprogs' programs back. Both are idempotent. Without dpkg-divert (not a Debian
# system) nothing is changed and the manual way is printed.
set -eu
action=${1:-}
sbin=${2:-}
[ -n "$action" ] && [ -n "$sbin" ] || { sed -n 2,2p "$0" >&2; exit 2; }
target=$sbin/pe2fsck
# e2fsprogs' programs live in /sbin (on merged-/usr systems the same directory as /usr/sbin)
dir=/sbin
if ! command -v dpkg-divert > /dev/null 2>&1; then
	echo "register: dpkg-divert not found; by hand: put links fsck.ext2, fsck.ext3, fsck.ext4 -> $target" >&2
	echo "register: in a directory that comes before $dir in the PATH fsck(8) is run with" >&2
	exit 1
fi
for t in ext2 ext3 ext4; do
	link=$dir/fsck.$t
	case $action in
		register)
			[ -x "$target" ] || { echo "register: $target is not installed" >&2; exit 1; }
			if [ -L "$link" ] && [ "$(readlink "$link")" = "$target" ]; then
				continue
			fi
			dpkg-divert --quiet --local --rename --divert "$link.e2fsprogs" --add "$link"
			ln -sf "$target" "$link"
			echo "register: $link -> $target (e2fsprogs' checker kept as $link.e2fsprogs)"
			;;
		unregister)
			if [ -L "$link" ] && [ "$(readlink "$link")" = "$target" ]; then
				rm -f "$link"
			fi
			if dpkg-divert --list "$link" | grep -q .; then
				dpkg-divert --quiet --local --rename --remove "$link"
				echo "unregister: $link is e2fsprogs' again"
			fi
			;;
		*) echo "register: unknown action $action" >&2; exit 2 ;;
	esac
done
if [ "$action" = register ] && command -v update-initramfs > /dev/null 2>&1; then
	echo "register: run 'update-initramfs -u' to have the initramfs check the root file system with pe2fsck"
fi
