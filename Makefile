# stepdown: build, test and run.
#
#   make run     install missing packages, build, start the web app and API
#                at http://127.0.0.1:8080 (stepdown serve)
#   make test    install missing packages, build, run every test
#                (unit, CLI, schema, sanitizers, fuzz replay, valgrind)
#
# Other targets: all, deps, unit, crash-test, cli-test, eval, asan, valgrind,
# fuzz, fuzz-replay, bench, checksrc, format, clean, web-assets, browser-test,
# api-test.

BUILD    ?= build
DEFAULT_DRUG ?= baclofen
CC       ?= cc
PKGS     := jansson libutf8proc libical sqlite3 libmicrohttpd libsodium
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -ljansson -lutf8proc -lical -lsqlite3 -lmicrohttpd -lsodium)

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wvla -Wpointer-arith \
            -Wcast-qual -Wundef
# snprintf truncation is the bounded behaviour we ask for, not a bug; gcc
# warns about it, clang does not know the option.
WARN     += $(shell $(CC) -Werror -Wno-format-truncation -E -x c /dev/null \
              >/dev/null 2>&1 && echo -Wno-format-truncation)
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) \
             $(EXTRA_CFLAGS) -Iinclude -Isrc/lib $(PKG_CFLAGS) \
             -DSD_DATADIR='"$(CURDIR)/data/drugs"' \
             -DSD_DEFAULT_DRUG='"$(DEFAULT_DRUG)"' \
             -DSD_WEBDIR='"$(CURDIR)/web/public"' -MMD -MP
LDLIBS   = $(PKG_LIBS) -lpthread $(EXTRA_LDFLAGS)

LIB_SRC  := $(wildcard src/lib/*.c)
CLI_SRC  := $(wildcard src/cli/*.c) $(wildcard src/server/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIB      := $(BUILD)/libstepdown.a
BIN      := $(BUILD)/stepdown

.PHONY: all deps deps-test run test unit crash-test cli-test schema-test \
        fhir-test \
        checksrc eval eval-quiet \
        asan valgrind fuzz fuzz-build fuzz-replay bench format clean
.DEFAULT_GOAL := all

all: $(BIN) web-assets

# The web app's chart library: chart.js from npm (pinned in
# web/package-lock.json), its UMD build copied where the server serves it.
.PHONY: web-assets browser-test
web-assets: web/public/vendor/chart.umd.js

web/public/vendor/chart.umd.js: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(dir $@)
	cp web/node_modules/chart.js/dist/chart.umd.js $@

deps:
	@sh scripts/deps.sh build

deps-test:
	@sh scripts/deps.sh test

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DSD_TESTDATA='"$(CURDIR)/tests/data"' -o $@ $< \
	    $(LIB) $(LDLIBS) $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# deps runs first in its own step: the pkg-config flags above are read when
# make starts, so the build runs in a sub-make after the install.
# The server on the default database ($$XDG_DATA_HOME/stepdown/stepdown.db)
# at http://127.0.0.1:8080; `make run RUN_ARGS=--demo` adds the demo
# accounts, RUN_ARGS="--listen 0.0.0.0:8080" listens further.
RUN_ARGS ?=
run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) serve $(RUN_ARGS)

# ---- Tests ----

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

# The store under SIGKILL: a writer killed at random times, 40 rounds on one
# database; every acknowledged entry must be there exactly once.
$(BUILD)/tests/crash_store: tests/crash/crash_store.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

crash-test: $(BUILD)/tests/crash_store
	$(BUILD)/tests/crash_store $(BUILD)/crash-store.db 40

cli-test: $(BIN)
	@STEPDOWN=$(BIN) sh tests/cli/run.sh
	@STEPDOWN=$(BIN) sh tests/cli/pump.sh
	@STEPDOWN=$(BIN) sh tests/cli/diary.sh

tests/js/node_modules/.stamp: tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

schema-test: $(BIN) tests/js/node_modules/.stamp
	@STEPDOWN=$(BIN) sh tests/cli/schema.sh

# The web app in Debian's chromium (playwright-core): a real server with the
# demo data on a loopback port; screenshots in $(BUILD)/screenshots.
browser-test: $(BIN) web-assets tests/js/node_modules/.stamp
	STEPDOWN=$(BIN) SD_SCREENSHOTS=$(BUILD)/screenshots node tests/browser/run.mjs

# The HTTP API end to end: a real server with the demo data on a loopback
# port; every route against web/public/openapi.json, the access matrix
# (every role, own and foreign data), bad input, the flow, the login rate
# limit, an expired session and a graceful shutdown.
.PHONY: api-test
api-test: $(BIN) web-assets tests/js/node_modules/.stamp
	STEPDOWN=$(BIN) node tests/api/run.mjs

# The FHIR export of every plan test_taper_export builds (and its worked
# example), checked by the official FHIR R4 JSON Schema and by FHIR.js; the
# same for the diary Bundles of test_diary_export, and its diary exports
# against docs/schema/diary.schema.json.
fhir-test: $(BUILD)/tests/test_taper_export $(BUILD)/tests/test_diary_export \
           tests/js/node_modules/.stamp
	SD_FHIR_JSONL=$(BUILD)/fhir-plans.jsonl \
	    SD_FHIR_GOLDEN=$(BUILD)/fhir-golden.json $(BUILD)/tests/test_taper_export
	node tests/js/fhir-validate.mjs $(BUILD)/fhir-plans.jsonl \
	    $(BUILD)/fhir-golden.json
	@rm -rf $(BUILD)/diary-json && mkdir -p $(BUILD)/diary-json
	SD_DIARY_FHIR_JSONL=$(BUILD)/fhir-diaries.jsonl \
	    SD_DIARY_JSON_DIR=$(BUILD)/diary-json $(BUILD)/tests/test_diary_export
	node tests/js/fhir-bundle-validate.mjs $(BUILD)/fhir-diaries.jsonl
	node tests/js/validate.mjs -q docs/schema/diary.schema.json \
	    $(BUILD)/diary-json/*.json

checksrc:
	@sh scripts/checksrc.sh

# The property tests draw fewer requests under the sanitizers (the full
# counts run in the plain build).
asan:
	SD_PLAN_ITERATIONS=3000 SD_EXPORT_ITER=2000 $(MAKE) BUILD=build/asan CC=clang CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	    EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" unit cli-test api-test

valgrind: $(BIN)
	@STEPDOWN=$(BIN) sh tests/cli/valgrind.sh

FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 20

# The server's request-body parsers and responses (fuzz_api) have no
# socket or store in them; every harness links them with the library.
FUZZ_SRV := src/server/srv_body.c src/server/srv_http.c

build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(LIB_SRC) $(FUZZ_SRV) \
              src/server/server.h
	@mkdir -p $(dir $@)
	clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 \
	    -fsanitize=fuzzer,address,undefined -Iinclude -Isrc/lib \
	    -Isrc/server $(PKG_CFLAGS) -o $@ $< $(LIB_SRC) $(FUZZ_SRV) \
	    $(PKG_LIBS)

fuzz-build: $(FUZZ_BIN)

# Replay every corpus and regression input, then fuzz each harness for a
# bounded time (FUZZ_SECONDS) from its corpus.
fuzz-replay: $(FUZZ_BIN)
	@set -e; for f in $(FUZZ_BIN); do \
	    n=$$(basename $$f); d=tests/fuzz/$${n#fuzz_}; log=build/fuzz/$$n.log; \
	    echo "== $$n: replay $$d/corpus $$d/regression"; \
	    $$f -runs=0 $$d/corpus $$d/regression >$$log 2>&1 || { cat $$log; exit 1; }; \
	    tail -n 1 $$log; \
	    echo "== $$n: fuzz $(FUZZ_SECONDS) s"; \
	    mkdir -p build/fuzz/work-$$n; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -dict=$$d/dict.txt -artifact_prefix=build/fuzz/ \
	        build/fuzz/work-$$n $$d/corpus >$$log 2>&1 || { cat $$log; exit 1; }; \
	    grep -E "^stat::number_of_executed_units" $$log; \
	done

fuzz: fuzz-replay

test: deps-test
	$(MAKE) all unit crash-test cli-test schema-test fhir-test browser-test api-test checksrc eval-quiet
	$(MAKE) asan
	$(MAKE) fuzz-replay
	$(MAKE) valgrind
	@echo "make test: all passed"

# Evaluation on real patients' words (PsyTAR, druglib): prints precision,
# recall, the wrong-mapping rate and every miss; fails below the targets.
$(BUILD)/eval: tests/eval/eval.c $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

eval: deps-test
	@$(MAKE) --no-print-directory $(BUILD)/eval
	./$(BUILD)/eval

eval-quiet: $(BUILD)/eval
	./$(BUILD)/eval --quiet

bench: deps-test
	@$(MAKE) --no-print-directory all
	@sh bench/run.sh $(BIN)

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(UNIT_SRC) $(FUZZ_SRC) \
	    include/stepdown/*.h src/lib/*.h src/cli/*.h

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
