# shellcheck shell=bash
# Shared helpers for the pe2fsck test-image scripts.  Source this file; it is
# not meant to be run on its own.
#
# Everything here works on plain image files.  Damage helpers write raw bytes
# and never fix up checksums or counters: a damaged image is exactly as broken
# as the case says, nothing more.

# The e2fsprogs tools often live in an sbin directory that is not on the PATH
# of an ordinary shell.
PATH="$PATH:/sbin:/usr/sbin"
export PATH

TI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export TI_DIR

# Number of inodes requested for every profile: the source tree holds a bit
# more than 20,000 files, and the image must have room for a few more that
# the damage cases and e2fsck (lost+found) may need.
TI_INODES=20480

die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

note() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
}

require_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || die "required tool '$t' not found"
	done
}

require_tools mke2fs debugfs e2fsck dumpe2fs dd od truncate

# ---------------------------------------------------------------------------
# Feature profiles
#
# A profile is a short name that fixes the file system type, block size,
# image size and extra mke2fs options.  Image names carry the profile name.
# ---------------------------------------------------------------------------

# shellcheck disable=SC2034  # used by the scripts that source this file
TI_PROFILES=(
	ext2-1k ext2-4k
	ext3-1k ext3-4k
	ext4-1k ext4-2k ext4-4k
	ext4-inline ext4-uninit ext4-no64 ext4-noflex ext4-bigalloc
	ext4-new ext4-quota ext4-casefold ext4-meta ext4-bigalloc-all
)

# profile_desc NAME: one line telling what the profile is.
profile_desc() {
	case "$1" in
	ext2-1k) echo "ext2, 1 KiB blocks, 32 MiB" ;;
	ext2-4k) echo "ext2, 4 KiB blocks, 16 MiB" ;;
	ext3-1k) echo "ext3 (journal), 1 KiB blocks, 32 MiB" ;;
	ext3-4k) echo "ext3 (journal), 4 KiB blocks, 16 MiB" ;;
	ext4-1k) echo "ext4 defaults, 1 KiB blocks, 32 MiB" ;;
	ext4-2k) echo "ext4 defaults, 2 KiB blocks, 32 MiB" ;;
	ext4-4k) echo "ext4 defaults, 4 KiB blocks, 16 MiB" ;;
	ext4-inline) echo "ext4 + inline_data, 4 KiB blocks, 16 MiB" ;;
	ext4-uninit) echo "ext4 without metadata_csum, with uninit_bg, 4 groups" ;;
	ext4-no64) echo "ext4 without 64bit, 4 groups" ;;
	ext4-noflex) echo "ext4 without flex_bg, 4 groups" ;;
	ext4-bigalloc) echo "ext4 + bigalloc, 16 KiB clusters" ;;
	ext4-new) echo "mke2fs 1.47.1+ defaults: ext4 + orphan_file + metadata_csum_seed" ;;
	ext4-quota) echo "ext4 + quota (user, group, project) + project ids + orphan_file + ea_inode" ;;
	ext4-casefold) echo "ext4 + casefold (a casefolded directory), encrypt, large_dir, ea_inode" ;;
	ext4-meta) echo "ext4 + sparse_super2 + meta_bg (no resize_inode) + fast_commit + stable_inodes + verity, 4 groups" ;;
	ext4-bigalloc-all) echo "ext4 + bigalloc + inline_data, symlinks with attribute blocks" ;;
	*) return 1 ;;
	esac
}

# mkfs_profile NAME IMG [SRC]: create IMG for profile NAME, filled from the
# directory SRC when given (mke2fs -d).
mkfs_profile() {
	local name=$1 img=$2 src=${3:-}
	local type bs size config=''
	local eopts=hash_seed=0b6e2a43-6a1c-4f5f-8d7e-3c2b1a000001
	local -a opts=()
	case "$name" in
	ext2-1k) type=ext2 bs=1024 size=32M ;;
	ext2-4k) type=ext2 bs=4096 size=16M ;;
	ext3-1k) type=ext3 bs=1024 size=32M ;;
	ext3-4k) type=ext3 bs=4096 size=16M ;;
	ext4-1k) type=ext4 bs=1024 size=32M ;;
	ext4-2k) type=ext4 bs=2048 size=32M ;;
	ext4-4k) type=ext4 bs=4096 size=16M ;;
	ext4-inline) type=ext4 bs=4096 size=16M opts=(-O inline_data) ;;
	ext4-uninit) type=ext4 bs=4096 size=16M opts=(-g 1024 -O '^metadata_csum,uninit_bg') ;;
	ext4-no64) type=ext4 bs=4096 size=16M opts=(-g 1024 -O ^64bit) ;;
	ext4-noflex) type=ext4 bs=4096 size=16M opts=(-g 1024 -O ^flex_bg) ;;
	ext4-bigalloc) type=ext4 bs=4096 size=32M opts=(-O bigalloc -C 16384) ;;
	ext4-new) type=ext4 bs=4096 size=16M config=new ;;
	ext4-quota)
		type=ext4 bs=4096 size=16M opts=(-O 'quota,project,orphan_file,ea_inode')
		eopts+=,quotatype=usrquota:grpquota:prjquota
		;;
	ext4-casefold) type=ext4 bs=4096 size=16M opts=(-O 'casefold,encrypt,large_dir,ea_inode') ;;
	# No mmp here: every tool that opens an mmp file system for writing waits
	# some 11 s for the block to settle, and the build opens it four times.
	ext4-meta) type=ext4 bs=4096 size=16M opts=(-g 1024 -O 'sparse_super2,meta_bg,^resize_inode,fast_commit,stable_inodes,verity') ;;
	ext4-bigalloc-all) type=ext4 bs=4096 size=32M opts=(-O 'bigalloc,inline_data' -C 16384) ;;
	*) die "unknown profile '$name'" ;;
	esac
	if [[ -n "$src" ]]; then
		opts+=(-d "$src")
	fi
	rm -f "$img"
	if [[ $config == new ]]; then
		config=$(mktemp)
		mke2fs_new_defaults >"$config"
	fi
	# Fixed UUID, hash seed and time stamps keep the images reproducible.
	local rc=0
	MKE2FS_CONFIG=${config:-${MKE2FS_CONFIG:-/etc/mke2fs.conf}} E2FSPROGS_FAKE_TIME=1700000000 \
		mke2fs -F -q -t "$type" -b "$bs" \
		-N "$TI_INODES" -U 6b1f6c1e-0d1f-4e7a-9a37-5f2e2d0c0001 \
		-E "$eopts" -L "pe2-${name:0:12}" "${opts[@]}" "$img" "$size" || rc=$?
	[[ -z $config ]] || rm -f "$config"
	return "$rc"
}

# mke2fs_new_defaults: an mke2fs.conf with the defaults of mke2fs 1.47.1 and
# later, which turn on orphan_file and metadata_csum_seed for every ext4 (so
# every new ext4 on a current distribution has them, kernel-written ones too).
mke2fs_new_defaults() {
	cat <<'CONF'
[defaults]
	base_features = sparse_super,large_file,filetype,resize_inode,dir_index,ext_attr
	default_mntopts = acl,user_xattr
	enable_periodic_fsck = 0
	blocksize = 4096
	inode_size = 256
	inode_ratio = 16384

[fs_types]
	ext3 = {
		features = has_journal
	}
	ext4 = {
		features = has_journal,extent,huge_file,flex_bg,metadata_csum,metadata_csum_seed,64bit,dir_nlink,extra_isize,orphan_file
	}
	small = {
		blocksize = 1024
		inode_ratio = 4096
	}
	floppy = {
		blocksize = 1024
		inode_ratio = 8192
	}
CONF
}

# ---------------------------------------------------------------------------
# debugfs wrappers
# ---------------------------------------------------------------------------

# dbg IMG REQUEST: run one read-only debugfs request, print its stdout.
dbg() {
	debugfs -R "$2" "$1" 2>/dev/null
}

# dbgw IMG REQUEST...: run the requests, in order, in one writable debugfs
# session.  Fails when debugfs complains about any of them.
dbgw() {
	local img=$1 err
	shift
	err=$(printf '%s\n' "$@" | debugfs -w -f - "$img" 2>&1 >/dev/null |
		grep -v -e '^debugfs [0-9]' || true)
	if [[ -n "$err" ]]; then
		printf '%s\n' "$err" >&2
		die "debugfs request failed on $img: $*"
	fi
}

# ---------------------------------------------------------------------------
# Reading layout facts
# ---------------------------------------------------------------------------

# sb_value IMG "Field name": a field of the dumpe2fs -h listing.
sb_value() {
	dumpe2fs -h "$1" 2>/dev/null | sed -n "s/^$2:[[:space:]]*//p" | head -n 1
}

block_size() {
	sb_value "$1" "Block size"
}

# ino_of IMG PATH: inode number of PATH inside the image.
ino_of() {
	local n
	n=$(dbg "$1" "stat $2" | sed -n 's/^Inode: \([0-9]*\).*/\1/p' | head -n 1)
	[[ -n "$n" ]] || die "no inode for '$2' in $1"
	echo "$n"
}

# inode_offset IMG INO: byte offset of the on-disk inode.
inode_offset() {
	local img=$1 ino=$2 out blk off bs
	out=$(dbg "$img" "imap <$ino>")
	blk=$(sed -n 's/.*located at block \([0-9]*\), offset \(0x[0-9a-f]*\).*/\1/p' <<<"$out")
	off=$(sed -n 's/.*located at block \([0-9]*\), offset \(0x[0-9a-f]*\).*/\2/p' <<<"$out")
	[[ -n "$blk" && -n "$off" ]] || die "imap failed for inode $ino in $img"
	bs=$(block_size "$img")
	echo $((blk * bs + off))
}

# file_block IMG PATH LBLK: physical block number of logical block LBLK.
file_block() {
	local b
	b=$(dbg "$1" "bmap $2 $3" | tr -d '[:space:]')
	[[ "$b" =~ ^[0-9]+$ && "$b" != 0 ]] || die "bmap $2 $3 failed in $1"
	echo "$b"
}

# gd_offset IMG GROUP: byte offset of the group descriptor of GROUP.
gd_offset() {
	local img=$1 g=$2 bs first dsz
	bs=$(block_size "$img")
	first=$(sb_value "$img" "First block")
	dsz=$(sb_value "$img" "Group descriptor size")
	[[ -n "$dsz" ]] || dsz=32
	echo $(((first + 1) * bs + g * dsz))
}

# ---------------------------------------------------------------------------
# Raw byte access (pure dd/od/printf)
# ---------------------------------------------------------------------------

# read_u IMG OFFSET WIDTH: little-endian unsigned value.
read_u() {
	local -a b
	local v=0 i
	read -r -a b < <(od -An -v -t u1 -j "$2" -N "$3" "$1")
	for ((i = $3 - 1; i >= 0; i--)); do
		v=$((v * 256 + b[i]))
	done
	echo "$v"
}

# read_ube IMG OFFSET WIDTH: big-endian unsigned value (journal fields).
read_ube() {
	local -a b
	local v=0 i
	read -r -a b < <(od -An -v -t u1 -j "$2" -N "$3" "$1")
	for ((i = 0; i < $3; i++)); do
		v=$((v * 256 + b[i]))
	done
	echo "$v"
}

# put_bytes IMG OFFSET BYTE...: write bytes (given as numbers) in place.
put_bytes() {
	local img=$1 off=$2 fmt='' x
	shift 2
	for x in "$@"; do
		fmt+=$(printf '\\%03o' "$((x & 255))")
	done
	# shellcheck disable=SC2059  # the format is built from octal escapes
	printf "$fmt" | dd of="$img" bs=1 seek="$off" conv=notrunc status=none
}

# put_le IMG OFFSET WIDTH VALUE: write VALUE little-endian.
put_le() {
	local img=$1 off=$2 w=$3 v=$4 i
	local -a b=()
	for ((i = 0; i < w; i++)); do
		b+=($(((v >> (8 * i)) & 255)))
	done
	put_bytes "$img" "$off" "${b[@]}"
}

# put_be IMG OFFSET WIDTH VALUE: write VALUE big-endian.
put_be() {
	local img=$1 off=$2 w=$3 v=$4 i
	local -a b=()
	for ((i = w - 1; i >= 0; i--)); do
		b+=($(((v >> (8 * i)) & 255)))
	done
	put_bytes "$img" "$off" "${b[@]}"
}

# flip_byte IMG OFFSET [MASK]: xor one byte with MASK (default 0xff).
flip_byte() {
	local v
	v=$(read_u "$1" "$2" 1)
	put_bytes "$1" "$2" $((v ^ ${3:-255}))
}

# dirent_offset IMG DIRPATH NAME: byte offset of the entry NAME in a
# (linear) directory, found by walking rec_len in each block.
dirent_offset() {
	local img=$1 dir=$2 name=$3 bs size nblk lb pb pos ino rl nl
	local -a b
	bs=$(block_size "$img")
	size=$(dbg "$img" "stat $dir" | sed -n 's/.*Size: \([0-9]*\).*/\1/p' | head -n 1)
	nblk=$(((size + bs - 1) / bs))
	for ((lb = 0; lb < nblk; lb++)); do
		pb=$(file_block "$img" "$dir" "$lb")
		read -r -d '' -a b < <(od -An -v -t u1 -j $((pb * bs)) -N "$bs" "$img") || true
		pos=0
		while ((pos + 8 <= bs)); do
			ino=$((b[pos] | b[pos + 1] << 8 | b[pos + 2] << 16 | b[pos + 3] << 24))
			rl=$((b[pos + 4] | b[pos + 5] << 8))
			nl=${b[pos + 6]}
			if ((ino != 0 && nl == ${#name})); then
				local i s=''
				for ((i = 0; i < nl; i++)); do
					s+=$(printf '%b' "\\$(printf '%03o' "${b[pos + 8 + i]}")")
				done
				if [[ "$s" == "$name" ]]; then
					echo $((pb * bs + pos))
					return 0
				fi
			fi
			((rl >= 8)) || break
			pos=$((pos + rl))
		done
	done
	die "entry '$name' not found in $dir of $img"
}

# ---------------------------------------------------------------------------
# e2fsck helpers
# ---------------------------------------------------------------------------

# first_pass LOGFILE: the pass (1-5) under whose header e2fsck printed its
# first problem, 0 for a message before Pass 1, "-" when it printed none.
# Skipped: the version banner, blank lines, the closing summary lines.
first_pass() {
	awk '
		/^Pass [1-5][A-E]?:/ { p = substr($2, 1, 1); next }
		/^[[:space:]]*$/ { next }
		/^e2fsck [0-9]/ { next }
		/: [0-9]+\/[0-9]+ files \(/ { next }
		/: \*\*\*\*\*\*\*\*\*\* WARNING: Filesystem still has errors/ { next }
		/: \*\*\*\*\* FILE SYSTEM WAS MODIFIED/ { next }
		{ print (p == "" ? 0 : p); found = 1; exit }
		END { if (!found) print "-" }
	' "$1"
}

# ---------------------------------------------------------------------------
# Healthy images
# ---------------------------------------------------------------------------

# Profiles whose images carry the full 20,000-entry bigdir.  mke2fs -d adds
# entries to a directory by scanning it from the start each time, so a
# directory that large costs it some 20-50 seconds; every other profile gets
# the "lite" tree, identical except that bigdir keeps only its first 2,000
# entries (still several blocks, so still hash-indexed).  Set TI_FULL_PROFILES
# to "all" to give every image the full directory.
TI_FULL_PROFILES=${TI_FULL_PROFILES:-ext4-4k}

# ensure_source_tree DIR: make the default (seed 1) source tree in DIR once,
# and its lite variant in DIR-lite.
ensure_source_tree() {
	local dir=$1
	if [[ ! -f "$dir/.complete" ]]; then
		rm -rf "$dir" "$dir-lite"
		"$TI_DIR/make-source-tree.sh" "$dir" 1
		cp -a "$dir" "$dir-lite"
		(cd "$dir-lite/bigdir" && seq 2000 19999 | xargs rm -f)
		touch -d @1700000000 "$dir-lite/bigdir"
		: >"$dir/.complete"
	fi
}

# tree_for PROFILE SRC: the source tree to use for PROFILE.
tree_for() {
	if [[ "$TI_FULL_PROFILES" == all || " $TI_FULL_PROFILES " == *" $1 "* ]]; then
		echo "$2"
	else
		echo "$2-lite"
	fi
}

# profile_extras PROFILE IMG: what the newer profiles add with debugfs to
# cover their features (e2fsck -fyD afterwards brings quota usage and the
# like up to date, as the kernel would have kept them):
#  - symlinks, fast and slow, that also have an attribute block;
#  - ext4-quota: project ids on a file and an inheriting directory, and a
#    file of another owner with a value in an EA inode (charged to the file);
#  - ext4-casefold: a casefolded directory with entries, and an attribute
#    whose value lives in its own inode (ea_inode).
profile_extras() {
	local profile=$1 img=$2 big huge
	case "$profile" in
	ext4-new | ext4-quota | ext4-casefold | ext4-meta | ext4-bigalloc-all) ;;
	*) return 0 ;;
	esac
	big=$(printf 'w%.0s' {1..600})
	dbgw "$img" \
		"cd /sym" \
		"symlink fast-ea ../README.txt" \
		"symlink slow-ea $(printf 'long/%.0s' {1..30})target" \
		"cd /" \
		"ea_set sym/fast-ea user.big $big" \
		"ea_set sym/slow-ea user.big $big" \
		"sif sym/fast-ea mtime 1700000000" "sif sym/fast-ea ctime 1700000000" \
		"sif sym/fast-ea atime 1700000000" "sif sym/fast-ea crtime 1700000000" \
		"sif sym/slow-ea mtime 1700000000" "sif sym/slow-ea ctime 1700000000" \
		"sif sym/slow-ea atime 1700000000" "sif sym/slow-ea crtime 1700000000"
	case "$profile" in
	ext4-quota)
		huge=$(mktemp)
		head -c 9000 /dev/zero | tr '\0' 'q' >"$huge"
		dbgw "$img" "sif small/f001 projid 7" "sif deep/d01 projid 7" "sif deep/d01 flags 0x20080000" \
			"sif small/f002 uid 1234" "sif small/f002 projid 9" "ea_set -f $huge small/f002 user.huge"
		rm -f "$huge"
		;;
	ext4-casefold)
		huge=$(mktemp)
		head -c 9000 /dev/zero | tr '\0' 'h' >"$huge"
		dbgw "$img" "mkdir fold" "sif fold flags 0x40080000" "cd fold" \
			"mkdir Alpha" "mkdir beta" "symlink Gamma ../README.txt" "cd /" \
			"ea_set -f $huge xattr/ea-block user.huge"
		rm -f "$huge"
		;;
	esac
}

# build_healthy PROFILE SRC IMG: a checked, healthy image of PROFILE.
#  1. mke2fs -d SRC fills the image;
#  2. debugfs adds what the tree cannot carry: device nodes and an extended
#     attribute large enough to need its own block;
#  3. mke2fs -d writes every directory as a plain list, so e2fsck -D is run
#     once to give the large directories hash-tree indexes;
#  4. e2fsck -fn must then find nothing.
build_healthy() {
	local profile=$1 src=$2 img=$3 big rc=0
	mkfs_profile "$profile" "$img" "$(tree_for "$profile" "$src")" ||
		die "mke2fs failed for profile $profile"
	big=$(printf 'v%.0s' {1..600})
	dbgw "$img" \
		"cd /special" \
		"mknod chr c 1 3" \
		"mknod blk b 7 0" \
		"cd /" \
		"ea_set xattr/ea-block user.big $big"
	# debugfs stamps new inodes with the clock; pin them like the rest.
	local f fld reqs=("sif special/chr mode 020644" "sif special/blk mode 060660")
	for f in special/chr special/blk; do
		for fld in atime ctime mtime crtime; do
			reqs+=("sif $f $fld 1700000000")
		done
	done
	dbgw "$img" "${reqs[@]}"
	profile_extras "$profile" "$img"
	E2FSCK_CONFIG=/dev/null e2fsck -fyD "$img" >"$img.log" 2>&1 || rc=$?
	if ((rc > 1)); then
		cat "$img.log" >&2
		die "e2fsck -fyD failed ($rc) while indexing $img"
	fi
	rc=0
	E2FSCK_CONFIG=/dev/null e2fsck -fn "$img" >"$img.log" 2>&1 || rc=$?
	if ((rc != 0)); then
		cat "$img.log" >&2
		die "healthy image $img is not clean: e2fsck -fn exit $rc"
	fi
	rm -f "$img.log"
}
