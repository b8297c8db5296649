# bench/mlp.mk -- `make bench-mlp`: one Adam training step of the seed-003
# MLPs (monolithic widths 8/32/128 x 5 layers; modular K = 25 modules, 4
# layers) in modlaw vs PyTorch CPU (Debian python3-torch), same architecture,
# batch (1000) and thread count ($(THREADS)), in the same run.  Output:
# bench/out/mlp.tsv (provenance, ratio columns).  About 1-2 minutes on 2 cores.
BENCH_TARGETS += bench-mlp

BENCH_MLP_BIN := $(BUILD)/bench_mlp

.PHONY: bench-mlp bench-mlp-deps

$(BENCH_MLP_BIN): bench/bench_mlp.c $(BUILD)/libmodlaw.a $(HDRS)
	$(CC) $(STD) $(CFLAGS) $(WARN) $(OMP) $(INC) -o $@ bench/bench_mlp.c $(BUILD)/libmodlaw.a $(LDLIBS)

bench-mlp-deps: | $(DEPS_STAMP)
	@/usr/bin/python3 -c 'import torch' 2>/dev/null || { \
	  echo "modlaw: installing python3-torch"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y python3-torch; }

bench-mlp: $(BENCH_MLP_BIN) bench-mlp-deps
	OMP_NUM_THREADS=$(THREADS) BENCH_MLP_BIN=$(CURDIR)/$(BENCH_MLP_BIN) /usr/bin/python3 bench/bench_mlp_torch.py
