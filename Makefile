# The two commands: `make run` and `make test`. Everything else is a helper for them.
BUILD_DIR   ?= build
CONFIG      ?= config/demo
DB          ?= var/gridgate.db
LISTEN      ?= 127.0.0.1:8080
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test deps configure build bench bench-ingest eval fuzz sanitize deb deb-test clean

deps:
	@./scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DGRIDGATE_BUILD_TESTS=ON >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Only the binary: serving the demo does not wait for the test suites to compile.
run: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target gridgate
	@mkdir -p var
	@./scripts/run-demo.sh $(BUILD_DIR)/app/gridgate $(CONFIG) $(DB) $(LISTEN)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	@$(BUILD_DIR)/app/gridgate test-rules --config $(CONFIG)

bench:
	@GRIDGATE_BENCH_DEPS=1 ./scripts/install-deps.sh
	@cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DGRIDGATE_BUILD_BENCH=ON -DGRIDGATE_BUILD_TESTS=OFF >/dev/null
	@cmake --build build-bench -j $(JOBS)
	@./bench/run.sh build-bench

# libFuzzer targets (fuzz/): clang, its own build dir, each target FUZZ_SECONDS (default 30).
FUZZ_SECONDS ?= 30
fuzz:
	@GRIDGATE_FUZZ_DEPS=1 ./scripts/install-deps.sh
	@cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DGRIDGATE_FUZZ=ON -DGRIDGATE_BUILD_TESTS=OFF >/dev/null
	@cmake --build build-fuzz -j $(JOBS) --target fuzz_all
	@FUZZ_SECONDS=$(FUZZ_SECONDS) ./fuzz/run.sh build-fuzz

# The Debian package (debian/: debhelper + dh-cmake), built from this tree without its tests,
# into build-deb/ (not the parent directory). deb-test unpacks it into a temporary root and runs
# the installed gridgate's check on the installed example config.
deb: deps
	@mkdir -p build-deb
	@DEB_OUT=$(CURDIR)/build-deb DEB_BUILD_OPTIONS="nocheck noddebs $(DEB_BUILD_OPTIONS)" dpkg-buildpackage -b -us -uc -j$(JOBS) $(DEB_FLAGS) \
	  --buildinfo-option=-u$(CURDIR)/build-deb --changes-option=-u$(CURDIR)/build-deb \
	  --buildinfo-file=$(CURDIR)/build-deb/gridgate.buildinfo --changes-file=$(CURDIR)/build-deb/gridgate.changes
	@ls -l build-deb/*.deb

deb-test: deb
	@./packaging/deb_test.sh build-deb

# Durable ingest: wrk against a bare cpp-httplib echo server and gridgate's /hooks/onebot in one
# run (req/s, p99, the ratio, an overload run, every acknowledged message stored).
bench-ingest:
	@GRIDGATE_BENCH_DEPS=1 ./scripts/install-deps.sh
	@cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DGRIDGATE_BUILD_BENCH=ON -DGRIDGATE_BUILD_TESTS=OFF >/dev/null
	@./bench/ingest.sh build-bench

# Rule-pack quality on ../shared/data (chat lines and letters); skips cleanly when it is absent.
eval: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target gridgate
	@python3 scripts/eval_rules.py --gridgate $(BUILD_DIR)/app/gridgate --config $(CONFIG)

clean:
	rm -rf $(BUILD_DIR) build-bench build-fuzz build-deb
