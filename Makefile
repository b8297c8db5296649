# modlaw -- theory and simulation of modular scaling laws.
#
#   make          build bin/modlaw (installs missing Debian packages first)
#   make run      build, run the default verification, write data/ and figures
#   make check    build and run the Check test suite (what CI runs)
#   make asan     the test suite under AddressSanitizer + UBSan
#   make fuzz     fuzz the user-file parsers (libFuzzer, clang)
#   make bench    benchmarks against NumPy / mpmath / PyTorch (bench/)
#   make verify-full   paper-scale verification (longer; see README)
#   make paper-figs    paper figures (see paper_figs/README.md)
#   make readme-figs   regenerate the few figures committed for the README

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
STD     := -std=c11 -D_GNU_SOURCE
INC     := -Itheory -Isim -Iverify -Iplots -Icli
OMP     := -fopenmp
LDLIBS  := -lflint-arb -lflint -lmpfr -lgmp -lgsl -llapacke -lopenblas -lz -lm

BUILD   ?= build
BIN     ?= bin/modlaw
LIB_SRC := $(wildcard theory/*.c sim/*.c verify/*.c plots/*.c)
CLI_SRC := $(wildcard cli/*.c)
TST_SRC := $(wildcard tests/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TST_OBJ := $(TST_SRC:%.c=$(BUILD)/%.o)
HDRS    := $(wildcard theory/*.h sim/*.h verify/*.h verify/*.def plots/*.h cli/*.h cli/*.def tests/*.h tests/*.def)

DEB_PKGS := build-essential libgsl-dev libflint-dev libflint-arb-dev liblapacke-dev \
            libopenblas-dev gnuplot-nox check pkg-config zlib1g-dev
DEPS_STAMP := $(BUILD)/.deps-ok

OUT     ?= data
THREADS ?= 2

.PHONY: all deps run check asan fuzz bench verify-full paper-figs readme-figs clean distclean

all: $(BIN)

# Module make fragments add to these lists (bench/*.mk, paper_figs/*.mk, tests/*.mk).
BENCH_TARGETS :=
PAPER_FIG_TARGETS :=
README_FIG_TARGETS :=
FUZZ_TARGETS :=
-include $(wildcard bench/*.mk paper_figs/*.mk tests/*.mk)

bench: $(BENCH_TARGETS)
paper-figs: $(PAPER_FIG_TARGETS)
readme-figs: $(README_FIG_TARGETS)
fuzz: $(FUZZ_TARGETS)

# Install the Debian packages we need, but only when something is missing.
$(DEPS_STAMP):
	@missing=""; \
	for f in /usr/include/gsl/gsl_multifit_nlinear.h /usr/include/arb.h \
	         /usr/include/flint/flint.h /usr/include/lapacke.h \
	         /usr/include/x86_64-linux-gnu/cblas.h /usr/include/check.h \
	         /usr/include/zlib.h; do [ -e $$f ] || missing="$$missing $$f"; done; \
	command -v gnuplot >/dev/null || missing="$$missing gnuplot"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
	  echo "modlaw: installing Debian packages (missing:$$missing)"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $(DEB_PKGS) || exit 1; \
	fi
	@mkdir -p $(BUILD) && touch $@

deps: $(DEPS_STAMP)

$(BUILD)/%.o: %.c $(HDRS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(CFLAGS) $(WARN) $(OMP) $(INC) -c $< -o $@

$(BUILD)/libmodlaw.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(BUILD)/libmodlaw.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(OMP) -o $@ $(CLI_OBJ) $(BUILD)/libmodlaw.a $(LDLIBS)

$(BUILD)/run_tests: $(TST_OBJ) $(BUILD)/libmodlaw.a $(BIN)
	$(CC) $(CFLAGS) $(OMP) -o $@ $(TST_OBJ) $(BUILD)/libmodlaw.a $(LDLIBS) -lcheck -lsubunit -lrt -lpthread

# The default verification: a few minutes on 2 cores, with progress on stderr.
run: $(BIN)
	OMP_NUM_THREADS=$(THREADS) $(BIN) verify --out $(OUT)

check: $(BUILD)/run_tests
	MODLAW_BIN=$(CURDIR)/$(BIN) OMP_NUM_THREADS=$(THREADS) $(BUILD)/run_tests

asan:
	$(MAKE) BUILD=build-asan BIN=build-asan/modlaw CC=gcc \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  build-asan/run_tests
	MODLAW_BIN=$(CURDIR)/build-asan/modlaw ASAN_OPTIONS=detect_leaks=1 CK_FORK=no \
	  OMP_NUM_THREADS=$(THREADS) build-asan/run_tests

# Paper-scale grids and trial counts; CLAIMS selects ids or families (default:
# all default claims).  Resumable: rerun after an interruption.
CLAIMS ?=
verify-full: $(BIN)
	OMP_NUM_THREADS=$(THREADS) $(BIN) verify --full --out $(OUT)/full $(CLAIMS)

clean:
	rm -rf build build-asan build-fuzz bin

distclean: clean
	rm -rf data/*.tsv data/*.png data/*.pdf data/*.gp data/full
