# shellcheck shell=bash
# Shared helpers for User-Mode Linux guests (sourced, not run): the bench (uml.sh, uml-guest.sh)
# and the boot test (test-images/boot/) use them. The guest's root file system is the host's own
# root, read through hostfs, so a guest sees the checkout, the JDK and the host's tools at their
# usual paths.

# Host side. uml_boot LOG INIT [ARG...]: boots a guest whose init is the script INIT, with ARGs
# appended to the kernel command line (ubdX=FILE disks, NAME=VALUE words the kernel hands to init
# as environment); the console goes to LOG. Memory: UML_MEM (default 1G); a guest is killed after
# UML_TIMEOUT seconds (default 3600). The kernel is UML_KERNEL (default linux.uml, as Debian's
# user-mode-linux package installs it). Returns the kernel's exit status.
uml_boot() {
	local log=$1 init=$2
	shift 2
	timeout "${UML_TIMEOUT:-3600}" "${UML_KERNEL:-linux.uml}" mem="${UML_MEM:-1G}" root=/dev/root rootfstype=hostfs \
		rootflags=/ rw "$@" init="$init" con=null con0=fd:0,fd:1 < /dev/null > "$log" 2>&1
}

# Host side. uml_cannot_run LOG: true when the boot in LOG failed because this UML kernel cannot
# run user processes on this host's CPU: it cannot restore the CPU's register state through
# ptrace (seen on CPUs with AMX, whose extended state is larger than the UML build expects), so
# every boot fails the same way.
uml_cannot_run() {
	grep -q "ptrace set fp regs failed" "$1" 2>/dev/null
}

# Guest side. uml_load MODULE [PARAM...]: insmods MODULE (a path under the module tree's kernel/,
# e.g. drivers/md/raid1.ko) after the modules it depends on, each once; PARAMs go to MODULE.
uml_load() {
	local moddir m=$1 deps d
	shift
	moddir=/usr/lib/uml/modules/$(uname -r)
	deps=$(awk -v m="kernel/$m" -F': *' '$1 == m {print $2}' "$moddir/modules.dep")
	for d in $(echo "$deps" | tr ' ' '\n' | tac); do
		grep -q "^$(basename "$d" .ko | tr - _) " /proc/modules || insmod "$moddir/$d"
	done
	grep -q "^$(basename "$m" .ko | tr - _) " /proc/modules || insmod "$moddir/kernel/$m" "$@"
}
