# pe2fsck build. `make` builds the native shim and the Java tree into build/ (launcher:
# bin/pe2fsck); `make test` runs every test; `make demo` makes a sample image and checks it;
# `make bench` runs the benchmarks.
MVN ?= mvn
MVNFLAGS ?= -B -q
CMAKE ?= cmake

.PHONY: all native deps jna java cds test demo bench clean

all: native jna java cds

native:
	$(CMAKE) -S native -B build/cmake -DCMAKE_BUILD_TYPE=Release > /dev/null
	$(CMAKE) --build build/cmake -j 2 > /dev/null

# Runtime libraries into build/lib (JNA's jar is where its native stub comes from).
deps:
	$(MVN) $(MVNFLAGS) dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=build/lib

# JNA's libjnidispatch goes beside our shim so nothing is unpacked to /tmp at run time.
jna: deps
	sh native/extract-jnidispatch.sh build/native > /dev/null

java:
	$(MVN) $(MVNFLAGS) -DskipTests package
	@echo "built: bin/pe2fsck"

# A class-data archive of everything a check loads: cuts JVM start-up by about a third. Made by
# checking a small image once; the launcher uses it when it matches the jars, else ignores it.
cds:
	rm -f build/pe2fsck.jsa build/cds-sample.img
	PATH="$$PATH:/usr/sbin:/sbin" mke2fs -F -q -t ext4 build/cds-sample.img 8M
	PE2FSCK_JAVA_OPTS="-XX:ArchiveClassesAtExit=build/pe2fsck.jsa" bin/pe2fsck -fn build/cds-sample.img > /dev/null
	rm -f build/cds-sample.img

# The tests rebuild the jar, so the class-data archive is remade after them.
test: native jna
	$(MVN) -B package
	$(MAKE) cds

demo: all
	test-images/demo.sh

bench: all
	bench/run.sh

clean:
	rm -rf build target
