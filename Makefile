# pe2fsck build. `make` builds the native shim and the Java tree into build/; `make test` runs
# every test; `make demo` makes a sample image and checks it; `make bench` runs the benchmarks.
MVN ?= mvn
MVNFLAGS ?= -B -q
CMAKE ?= cmake

.PHONY: all native java test demo bench clean

all: native java

native:
	$(CMAKE) -S native -B build/cmake -DCMAKE_BUILD_TYPE=Release > /dev/null
	$(CMAKE) --build build/cmake -j 2 > /dev/null
	@if [ -x native/extract-jnidispatch.sh ]; then native/extract-jnidispatch.sh build/native; fi

java:
	$(MVN) $(MVNFLAGS) -DskipTests package
	@echo "built: bin/pe2fsck"

test: native
	$(MVN) $(MVNFLAGS) package

demo: all
	test-images/demo.sh

bench: all
	bench/run.sh

clean:
	rm -rf build target
