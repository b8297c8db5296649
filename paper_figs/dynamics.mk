# paper_figs/dynamics.mk -- figures for seed 000 (Jarvis et al., linear-network
# specialization; docs/dynamics.md).  Everything is computed through bin/modlaw.
#   make dyn-figs   mode strengths, block norms, held-out error (about 1 minute)
#   make cmnist     CMNIST dense vs split (opt-in, several minutes; scaled down,
#                   see docs/dynamics.md Sec. 8)
PAPER_FIG_TARGETS += dyn-figs
DYN_OUT := paper_figs/out/dynamics
DYN_SIM := OMP_NUM_THREADS=$(THREADS) $(BIN) sim dynamics
DYN_TH  := $(BIN) theory dynamics
DYN_HELD := --n1 4 --n2 2 --holdout 4 --init-kind random --init 1e-8 --eta 0.0008 --steps 12000 --summary --seed 7

.PHONY: dyn-figs dyn-modes-fig dyn-blocks-fig dyn-heldout-fig cmnist

dyn-figs: dyn-modes-fig dyn-blocks-fig dyn-heldout-fig

dyn-modes-fig: $(BIN)
	@mkdir -p $(DYN_OUT)
	for a in dense outsplit split; do \
	  $(DYN_TH) --arch $$a --steps 12000 --every 60 > $(DYN_OUT)/th_$$a.tsv.partial && \
	  mv $(DYN_OUT)/th_$$a.tsv.partial $(DYN_OUT)/th_$$a.tsv && \
	  $(DYN_SIM) --arch $$a --steps 12000 --every 60 > $(DYN_OUT)/sim_$$a.tsv.partial && \
	  mv $(DYN_OUT)/sim_$$a.tsv.partial $(DYN_OUT)/sim_$$a.tsv && \
	  $(DYN_SIM) --arch $$a --steps 12000 --every 60 --init-kind random --seed 3 > $(DYN_OUT)/simr_$$a.tsv.partial && \
	  mv $(DYN_OUT)/simr_$$a.tsv.partial $(DYN_OUT)/simr_$$a.tsv || exit 1; \
	done
	gnuplot -e "dir='$(DYN_OUT)'" paper_figs/dynamics/modes.gp

dyn-blocks-fig: $(BIN)
	@mkdir -p $(DYN_OUT)
	for a in dense outsplit split; do \
	  $(DYN_SIM) --arch $$a --k1 2 --steps 12000 --every 60 --blocks > $(DYN_OUT)/blk_$$a.tsv.partial && \
	  mv $(DYN_OUT)/blk_$$a.tsv.partial $(DYN_OUT)/blk_$$a.tsv && \
	  $(DYN_SIM) --arch $$a --k1 2 --steps 12000 --every 60 --blocks --init-kind random --seed 3 > $(DYN_OUT)/blkr_$$a.tsv.partial && \
	  mv $(DYN_OUT)/blkr_$$a.tsv.partial $(DYN_OUT)/blkr_$$a.tsv || exit 1; \
	done
	gnuplot -e "dir='$(DYN_OUT)'" paper_figs/dynamics/blocks.gp

# One TSV per sweep: the header of the first run, then one row per run.
dyn-heldout-fig: $(BIN)
	@mkdir -p $(DYN_OUT)
	set -e; f=$(DYN_OUT)/held_r.tsv; rm -f $$f.partial; \
	for a in dense outsplit split; do for r in 0.25 0.5 1 2 4; do \
	  $(DYN_SIM) $(DYN_HELD) --arch $$a --r $$r | grep -v '^#' | { if [ -s $$f.partial ]; then tail -n +2; else cat; fi; } >> $$f.partial; \
	done; done; mv $$f.partial $$f
	set -e; f=$(DYN_OUT)/held_k1.tsv; rm -f $$f.partial; \
	for a in dense outsplit split; do for k in 0 1 2 4 8; do \
	  $(DYN_SIM) $(DYN_HELD) --arch $$a --k1 $$k | grep -v '^#' | { if [ -s $$f.partial ]; then tail -n +2; else cat; fi; } >> $$f.partial; \
	done; done; mv $$f.partial $$f
	set -e; f=$(DYN_OUT)/held_k2.tsv; rm -f $$f.partial; \
	for a in dense outsplit split; do for k in 0 1 2 4; do \
	  $(DYN_SIM) $(DYN_HELD) --arch $$a --k2 $$k | grep -v '^#' | { if [ -s $$f.partial ]; then tail -n +2; else cat; fi; } >> $$f.partial; \
	done; done; mv $$f.partial $$f
	set -e; f=$(DYN_OUT)/share_r.tsv; rm -f $$f.partial; \
	for a in dense outsplit split; do for r in 0.25 0.5 1 2 4; do \
	  $(DYN_SIM) --arch $$a --r $$r --init-kind random --init 1e-8 --steps 8000 --summary --seed 7 | grep -v '^#' | { if [ -s $$f.partial ]; then tail -n +2; else cat; fi; } >> $$f.partial; \
	done; done; mv $$f.partial $$f
	gnuplot -e "dir='$(DYN_OUT)'" paper_figs/dynamics/heldout.gp

# CMNIST (opt-in; not part of paper-figs): dense vs split, scaled down (docs/dynamics.md
# Sec. 8).  Installs the Debian Fashion-MNIST package if its files are missing.
CMNIST_DIR := /usr/share/datasets/fashion-mnist
CMNIST_ARGS ?= --ntrain 2000 --ntest 1000 --epochs 5 --channels 8 --init-sd 0 --holdout 0.1 --seed 1

$(CMNIST_DIR)/train-images-idx3-ubyte.gz:
	SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y dataset-fashion-mnist

cmnist: $(BIN) $(CMNIST_DIR)/train-images-idx3-ubyte.gz
	@mkdir -p $(DYN_OUT)
	set -e; f=$(DYN_OUT)/cmnist.tsv; rm -f $$f.partial; \
	for a in dense split; do \
	  OMP_NUM_THREADS=$(THREADS) $(BIN) sim cmnist --arch $$a $(CMNIST_ARGS) > $(DYN_OUT)/cmnist_$$a.tsv.partial; \
	  mv $(DYN_OUT)/cmnist_$$a.tsv.partial $(DYN_OUT)/cmnist_$$a.tsv; \
	  grep -v '^#' $(DYN_OUT)/cmnist_$$a.tsv | { if [ -s $$f.partial ]; then tail -n +2; else cat; fi; } >> $$f.partial; \
	done; mv $$f.partial $$f
	gnuplot -e "dir='$(DYN_OUT)'" paper_figs/dynamics/cmnist.gp
