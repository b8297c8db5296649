# paper_figs/theory.mk -- theory figures of seed 003 (Boopathy et al., scaling
# laws of modular networks; docs/theory.md).  Every number comes from bin/modlaw.
#   make theory-figs   Fig. 1, Fig. 2 (theory curves), Fig. 3, Fig. 4a (theory)
#                      and the effective-dimension figure (a few seconds)
#   make fig1          Fig. 1 only; also writes docs/img/fig1_test.png (README)
# Outputs: paper_figs/out/theory/<fig>.{tsv,png,pdf}
PAPER_FIG_TARGETS += theory-figs
README_FIG_TARGETS += fig1
TH_OUT := paper_figs/out/theory
TH_GP  := paper_figs/theory

.PHONY: theory-figs fig1 fig2-theory fig3 fig4a-theory fig-effdim

theory-figs: fig1 fig2-theory fig3 fig4a-theory fig-effdim

# Append the rows of one modlaw run to $$f.partial: the first run keeps its
# provenance and header, later runs contribute data rows only.
TH_APPEND = { if [ -s $$f.partial ]; then grep -v '^\#' | tail -n +2; else cat; fi; } >> $$f.partial

fig1: $(BIN)
	@mkdir -p $(TH_OUT) docs/img
	$(BIN) theory grid --n-max 100 --p-max 100 > $(TH_OUT)/fig1.tsv.partial && mv $(TH_OUT)/fig1.tsv.partial $(TH_OUT)/fig1.tsv
	gnuplot -e "dir='$(TH_OUT)'" $(TH_GP)/fig1.gp
	gnuplot -e "dir='$(TH_OUT)'; readme='docs/img/fig1_test.png'" $(TH_GP)/fig1_readme.gp

# Fig. 2 theory curves: train/test vs n, p, m, k (paper's fit c=1.15,
# Omega=1.57; p = alpha p' with alpha = 0.85).
fig2-theory: $(BIN)
	@mkdir -p $(TH_OUT)
	set -e; f=$(TH_OUT)/fig2_n.tsv; rm -f $$f.partial; \
	for m in 2 4 6 8; do for n in 50 70 100 140 200 280 400 560 800 1130 1600 2260 3200 4520 6400 9050 12800 18100 25600 36200 51200 72400 100000; do \
	  $(BIN) theory loss --n $$n --p 850 --m $$m | $(TH_APPEND); done; done; mv $$f.partial $$f
	set -e; f=$(TH_OUT)/fig2_p.tsv; rm -f $$f.partial; \
	for m in 2 4 6 8; do for p in 10 20 40 80 160 320 640 1280 2560 5120 7000 8500 9000 9500 9900; do \
	  $(BIN) theory loss --n 10000 --p $$p --m $$m | $(TH_APPEND); done; done; mv $$f.partial $$f
	set -e; f=$(TH_OUT)/fig2_m.tsv; rm -f $$f.partial; \
	for a in mono modular; do for n in 1000 10000 100000; do for m in 1 2 3 4 5 6 7 8 9 10 11 12; do \
	  $(BIN) theory loss --arch $$a --n $$n --p 850 --m $$m --b 1 | $(TH_APPEND); done; done; done; mv $$f.partial $$f
	set -e; f=$(TH_OUT)/fig2_k.tsv; rm -f $$f.partial; \
	for k in 1 2 3 4 5 6 7 8 9; do \
	  $(BIN) theory loss --arch modular --n 2000 --p 850 --m 4 --b 1 --k $$k | $(TH_APPEND); \
	  $(BIN) theory loss --arch modular --n 2000 --p 850 --m 4 --b 1 --k $$k --form printed | $(TH_APPEND); done; mv $$f.partial $$f
	gnuplot -e "dir='$(TH_OUT)'" $(TH_GP)/fig2.gp

# Fig. 3: n needed for test loss 1.2 vs m for the 9 sine-wave architectures
# (width {8,32,128} x layers {3,5,7}, p' counted with input 1, p = 0.85 p').
fig3: $(BIN)
	@mkdir -p $(TH_OUT)
	set -e; f=$(TH_OUT)/fig3.tsv; rm -f $$f.partial; \
	for w in 8 32 128; do for l in 3 5 7; do \
	  $(BIN) theory samples --width $$w --layers $$l --eps 1.2 --m 1 --m-max 9 | $(TH_APPEND); done; done; mv $$f.partial $$f
	gnuplot -e "dir='$(TH_OUT)'" $(TH_GP)/fig3.gp

# Fig. 4a theory line: samples needed vs m, monolithic vs modular (exact and
# printed forms of Thm 2), same p.
fig4a-theory: $(BIN)
	@mkdir -p $(TH_OUT)
	set -e; f=$(TH_OUT)/fig4a.tsv; rm -f $$f.partial; \
	$(BIN) theory samples --pprime 1153 --eps 1.2 --m 1 --m-max 12 | $(TH_APPEND); \
	$(BIN) theory samples --arch modular --pprime 1153 --eps 1.2 --m 1 --m-max 12 | $(TH_APPEND); \
	$(BIN) theory samples --arch modular --form printed --pprime 1153 --eps 1.2 --m 1 --m-max 12 | $(TH_APPEND); \
	mv $$f.partial $$f
	gnuplot -e "dir='$(TH_OUT)'" $(TH_GP)/fig4a.gp

# App. A.1: exact effective dimensionality vs the paper's Omega^(2m).
fig-effdim: $(BIN)
	@mkdir -p $(TH_OUT)
	$(BIN) theory effdim --m 1 --m-max 40 --prec 128 > $(TH_OUT)/effdim.tsv.partial && mv $(TH_OUT)/effdim.tsv.partial $(TH_OUT)/effdim.tsv
	gnuplot -e "dir='$(TH_OUT)'" $(TH_GP)/effdim.gp
