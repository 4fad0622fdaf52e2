# pe2fsck build. `make` builds the native shim and the Java tree into build/ (launcher:
# bin/pe2fsck); `make test` runs every test; `make demo` makes a sample image and checks it;
# `make bench` runs the benchmarks.
MVN ?= mvn
MVNFLAGS ?= -B -q
CMAKE ?= cmake

.PHONY: all native deps jna java test demo bench clean

all: native jna java

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

test: native jna
	$(MVN) -B package

demo: all
	test-images/demo.sh

bench: all
	bench/run.sh

clean:
	rm -rf build target
