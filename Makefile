# pe2fsck build. `make` builds the native shim and the Java tree into build/ (launcher:
# bin/pe2fsck); `make test` runs every test; `make demo` makes a sample image and checks it;
# `make bench` runs the benchmarks.
MVN ?= mvn
MVNFLAGS ?= -B -q
CMAKE ?= cmake

.PHONY: all native deps jna java picocli cds test demo bench clean

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

demo: all
	test-images/demo.sh

bench: all
	bench/run.sh

# A boot in User-Mode Linux with pe2fsck as fsck.ext4 under fsck -A (md arrays, a crashed
# journal; see test-images/boot/boot-test.sh). Not part of `make test`: it needs UML, and says
# "skipped" where it cannot run.
.PHONY: boot-test
boot-test: all
	test-images/boot/boot-test.sh

clean:
	rm -rf build target
