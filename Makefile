# pe2fsck build. `make` builds the native shim and the Java tree into build/ (launcher:
# bin/pe2fsck); `make test` runs every test; `make demo` makes a sample image and checks it;
# `make bench` runs the benchmarks.
MVN ?= mvn
MVNFLAGS ?= -B -q
CMAKE ?= cmake

.PHONY: all native deps jna java picocli cds test demo bench clean runtime install uninstall register unregister deb

all: native jna java cds

native:
	$(CMAKE) -S native -B build/cmake -DCMAKE_BUILD_TYPE=Release > /dev/null
	$(CMAKE) --build build/cmake -j 2 > /dev/null

# Runtime libraries into build/lib (JNA's jar is where its native stub comes from); picocli's
# comes from the picocli target.
deps:
	$(MVN) $(MVNFLAGS) dependency:copy-dependencies -DincludeScope=runtime -DexcludeArtifactIds=picocli \
		-DoutputDirectory=build/lib

# JNA's libjnidispatch goes beside our shim so nothing is unpacked to /tmp at run time.
jna: deps
	sh native/extract-jnidispatch.sh build/native > /dev/null

java:
	$(MVN) $(MVNFLAGS) -DskipTests package
	@echo "built: bin/pe2fsck"

# picocli's published jar holds Java 5 class files: the JVM checks them with its slow old
# verifier on every start and cannot keep them in the class-data archive, so parsing the
# command line was a third of an empty check's time. The same release, compiled from its
# published sources for Java 17, is archived like our own classes. Should the sources be out of
# reach, the published jar serves (slower to start, same behaviour).
PICOCLI_VERSION := $(shell sed -n 's:.*<picocli.version>\(.*\)</picocli.version>.*:\1:p' pom.xml)
PICOCLI_JAR := build/picocli/picocli-$(PICOCLI_VERSION).jar

$(PICOCLI_JAR): pom.xml
	rm -rf build/picocli
	mkdir -p build/picocli/src build/picocli/classes
	if $(MVN) $(MVNFLAGS) dependency:unpack -Dartifact=info.picocli:picocli:$(PICOCLI_VERSION):jar:sources \
			-DoutputDirectory=build/picocli/src -Dmdep.overWriteReleases=true > build/picocli/build.log 2>&1 \
		&& javac -nowarn --release 17 -XDstringConcat=inline -d build/picocli/classes \
			$$(find build/picocli/src -name '*.java') >> build/picocli/build.log 2>&1; then \
		jar cf $@ -C build/picocli/classes . ; \
	else \
		echo "picocli: could not build from sources (see build/picocli/build.log); using the published jar"; \
		$(MVN) $(MVNFLAGS) dependency:copy -Dartifact=info.picocli:picocli:$(PICOCLI_VERSION) -DoutputDirectory=build/picocli \
			&& touch $@; \
	fi

picocli: $(PICOCLI_JAR)
	mkdir -p build/lib
	cp $(PICOCLI_JAR) build/lib/

# A class-data archive of everything a check loads: cuts JVM start-up by about a third. Made by
# checking a small image once (test-images/make-cds-sample.sh: it has a little of each structure
# a real file system has, so their classes are archived too); the launcher uses it when it
# matches the jars, else ignores it.
cds: picocli
	rm -f build/pe2fsck.jsa build/cds-sample.img
	test-images/make-cds-sample.sh build/cds-sample.img
	PE2FSCK_JAVA_OPTS="-XX:ArchiveClassesAtExit=build/pe2fsck.jsa" bin/pe2fsck -fn build/cds-sample.img > /dev/null
	rm -f build/cds-sample.img

# The shim's own C test runs first; the Java tests rebuild the jar, so the class-data
# archive is remade after them.
test: native jna
	cd build/cmake && ctest --output-on-failure > /dev/null
	$(MVN) -B package
	$(MAKE) cds
	test-images/launcher-test.sh
	test-images/init-contract-test.sh
	python3 test-images/fuzz/fuzz.py replay test-images/fuzz/regressions.tsv
	python3 test-images/fuzz/fuzz.py slice

demo: all
	test-images/demo.sh

bench: all
	bench/run.sh

# The metadata fuzzer (test-images/fuzz/README.md): FUZZ_COUNT images from FUZZ_SEED, or as many
# as FUZZ_TIME seconds allow; counts per class and base, flagged recipes in build/fuzz/.
.PHONY: fuzz
FUZZ_SEED ?= 1
FUZZ_COUNT ?= 2000
FUZZ_TIME ?= 0
FUZZ_JOBS ?= 1
fuzz: all
	python3 test-images/fuzz/fuzz.py campaign --seed $(FUZZ_SEED) --count $(FUZZ_COUNT) \
		--time $(FUZZ_TIME) --jobs $(FUZZ_JOBS)

# A boot in User-Mode Linux with pe2fsck as fsck.ext4 under fsck -A (md arrays, a crashed
# journal; see test-images/boot/boot-test.sh). Not part of `make test`: it needs UML, and says
# "skipped" where it cannot run.
.PHONY: boot-test
boot-test: all
	test-images/boot/boot-test.sh

clean:
	rm -rf build target

# ---- installing ----
# `make install` puts a self-contained tree under $(DESTDIR)$(PREFIX): the launcher in sbin/, and
# in lib/pe2fsck/ a Java runtime made by jlink with only the modules pe2fsck uses (no JDK needed
# on the machine), the jars, the native shim, and a class-data archive made for that runtime.
# `make register` then makes fsck(8) run pe2fsck for ext2/3/4 (packaging/register.sh; e2fsprogs
# is kept), `make unregister` undoes it. `make deb` builds a Debian package in build/.
PREFIX ?= /usr/local
DESTDIR ?=
JLINK ?= jlink
VERSION := $(shell sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
# jdeps on our jar: java.base, jdk.management, jdk.unsupported; java.management for -t; Log4j's
# core (started by -d) needs java.xml, java.naming, java.logging and java.desktop (java.beans).
JLINK_MODULES := java.base,java.management,jdk.management,jdk.unsupported,java.xml,java.naming,java.logging,java.desktop
INSTALL_HOME = $(DESTDIR)$(PREFIX)/lib/pe2fsck

# The runtime is made once (about 30 s) and copied by every install.
build/runtime/release: Makefile
	rm -rf build/runtime
	$(JLINK) --add-modules $(JLINK_MODULES) --strip-debug --no-header-files --no-man-pages \
		--generate-cds-archive --output build/runtime > /dev/null

runtime: build/runtime/release

install: runtime
	@test -f build/lib/pe2fsck.jar -a -f build/native/libpe2fsck_io.so || { echo "install: run 'make' first" >&2; exit 1; }
	rm -rf $(INSTALL_HOME)
	install -d $(DESTDIR)$(PREFIX)/sbin $(INSTALL_HOME)/lib $(INSTALL_HOME)/native $(DESTDIR)$(PREFIX)/share/man/man8
	cp -a build/runtime $(INSTALL_HOME)/runtime
	install -m 644 build/lib/*.jar $(INSTALL_HOME)/lib/
	install -m 644 build/native/*.so $(INSTALL_HOME)/native/
	install -m 755 bin/pe2fsck $(DESTDIR)$(PREFIX)/sbin/pe2fsck
	install -m 755 packaging/register.sh $(INSTALL_HOME)/register.sh
	install -m 644 docs/pe2fsck.8 $(DESTDIR)$(PREFIX)/share/man/man8/pe2fsck.8
	install -m 755 packaging/make-archive.sh $(INSTALL_HOME)/make-archive.sh
	test-images/make-cds-sample.sh $(INSTALL_HOME)/cds-sample.img
	$(INSTALL_HOME)/make-archive.sh
	@echo "installed: $(DESTDIR)$(PREFIX)/sbin/pe2fsck (make register makes it fsck.ext2/3/4)"

uninstall:
	rm -rf $(INSTALL_HOME)
	rm -f $(DESTDIR)$(PREFIX)/sbin/pe2fsck $(DESTDIR)$(PREFIX)/share/man/man8/pe2fsck.8

register:
	packaging/register.sh register $(PREFIX)/sbin

unregister:
	packaging/register.sh unregister $(PREFIX)/sbin

DEB_ROOT := build/deb/root
deb:
	rm -rf build/deb
	$(MAKE) all
	$(MAKE) install PREFIX=/usr DESTDIR=$(CURDIR)/$(DEB_ROOT)
	gzip -9n $(DEB_ROOT)/usr/share/man/man8/pe2fsck.8
	install -d $(DEB_ROOT)/DEBIAN $(DEB_ROOT)/usr/share/initramfs-tools/hooks
	sed -e 's:@SBIN@:/usr/sbin:' -e 's:@LIBDIR@:/usr/lib:' packaging/initramfs-hook \
		> $(DEB_ROOT)/usr/share/initramfs-tools/hooks/pe2fsck
	chmod 755 $(DEB_ROOT)/usr/share/initramfs-tools/hooks/pe2fsck
	sed -e 's:@VERSION@:$(VERSION):' -e "s:@ARCH@:$$(dpkg --print-architecture):" \
		-e "s:@SIZE@:$$(du -sk $(DEB_ROOT)/usr | cut -f1):" packaging/deb-control > $(DEB_ROOT)/DEBIAN/control
	install -m 755 packaging/deb-prerm $(DEB_ROOT)/DEBIAN/prerm
	install -m 755 packaging/deb-postinst $(DEB_ROOT)/DEBIAN/postinst
	install -m 755 packaging/deb-postrm $(DEB_ROOT)/DEBIAN/postrm
	rm -f $(DEB_ROOT)/usr/lib/pe2fsck/pe2fsck.jsa
	dpkg-deb --root-owner-group -Zgzip --build $(DEB_ROOT) build/pe2fsck_$(VERSION)_$$(dpkg --print-architecture).deb
