# bench/bench.mk -- modlaw vs NumPy / mpmath, side by side in the same run
# (issue 5).  `make bench` runs every BENCH_TARGETS entry; outputs go to
# bench/out/ (gitignored): F.tsv, F_scaling.tsv, thm1.tsv, linear.tsv with
# provenance and ratio columns, ratios.png (bar chart), F_scaling.png (log-log).
# The peer runs with /usr/bin/python3 (Debian python3-numpy, python3-mpmath;
# python3-gmpy2 gives mpmath its fast backend, python3-threadpoolctl reports
# the BLAS kernel NumPy runs).  See docs/benchmarks.md.
BENCH_TARGETS += bench-F bench-arb bench-linear bench-plot

BENCH_BIN := $(BUILD)/bench_modlaw
BENCH_PY_PKGS := python3-numpy python3-mpmath python3-gmpy2 python3-threadpoolctl
BENCH_ENV := OMP_NUM_THREADS=$(THREADS) BENCH_BIN=$(CURDIR)/$(BENCH_BIN) MODLAW_BIN=$(CURDIR)/$(BIN)

.PHONY: bench-deps bench-F bench-arb bench-linear bench-plot

$(BENCH_BIN): bench/bench_modlaw.c $(BUILD)/libmodlaw.a $(HDRS)
	$(CC) $(STD) $(CFLAGS) $(WARN) $(OMP) $(INC) -o $@ bench/bench_modlaw.c $(BUILD)/libmodlaw.a $(LDLIBS)

# Install the peer's Debian packages, only when one is missing.
bench-deps: | $(DEPS_STAMP)
	@/usr/bin/python3 -c 'import numpy, mpmath, gmpy2, threadpoolctl' 2>/dev/null || { \
	  echo "modlaw: installing $(BENCH_PY_PKGS)"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $(BENCH_PY_PKGS); }

bench-F: $(BENCH_BIN) $(BIN) bench-deps
	$(BENCH_ENV) /usr/bin/python3 bench/bench_report.py F

bench-arb: $(BENCH_BIN) $(BIN) bench-deps
	$(BENCH_ENV) /usr/bin/python3 bench/bench_report.py arb

bench-linear: $(BENCH_BIN) $(BIN) bench-deps
	$(BENCH_ENV) /usr/bin/python3 bench/bench_report.py linear

# The figures need all three tables (so `make bench-plot` runs them too).
bench-plot: bench-F bench-arb bench-linear
	$(BENCH_ENV) /usr/bin/python3 bench/bench_report.py plot
