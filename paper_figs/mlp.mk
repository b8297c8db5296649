# paper_figs/mlp.mk -- seed 003 nonlinear-network figures through bin/modlaw
# (docs/mlp.md).  The data are the verifier claims mlp-* (TSVs with
# provenance); the scripts in paper_figs/mlp/ draw them.
#   make mlp-figs        Fig. 2, 4a, 5, 9, 10 and Table 2 at the default (scaled)
#                        grids: about 3-5 minutes on 2 cores
#   make mlp-figs-full   paper-scale architectures (--full): many hours on 2
#                        cores (Table 2 alone ~2 h, Fig. 4a the longest);
#                        opt-in, not part of paper-figs
PAPER_FIG_TARGETS += mlp-figs
MLP_OUT := paper_figs/out/mlp
MLP_CLAIMS := mlp-fig2 mlp-similarity mlp-table2 mlp-samples mlp-ablation mlp-modules

.PHONY: mlp-figs mlp-figs-full mlp-figs-draw

mlp-figs: $(BIN)
	@mkdir -p $(MLP_OUT)
	OMP_NUM_THREADS=$(THREADS) $(BIN) verify --no-plots --out $(MLP_OUT) $(MLP_CLAIMS)
	$(MAKE) --no-print-directory mlp-figs-draw MLP_OUT=$(MLP_OUT)

mlp-figs-full: $(BIN)
	@mkdir -p $(MLP_OUT)/full
	OMP_NUM_THREADS=$(THREADS) $(BIN) verify --full --no-plots --out $(MLP_OUT)/full $(MLP_CLAIMS)
	$(MAKE) --no-print-directory mlp-figs-draw MLP_OUT=$(MLP_OUT)/full

# Table 2 as its own TSV (ours next to the paper's numbers), then the plots.
mlp-figs-draw:
	{ grep '^#' $(MLP_OUT)/mlp-table2.tsv; \
	  printf 'method\tpaper_mean\tpaper_se\tours_mean\tours_se\tseeds\n'; \
	  grep -v '^#' $(MLP_OUT)/mlp-table2.tsv | awk -F'\t' 'NR > 1 && $$1 < 3 { \
	    split("monolithic modular ours", nm, " "); split("0.223 0.136 0.099", se, " "); \
	    printf "%s\t%s\t%s\t%s\t%s\t%s\n", nm[$$1 + 1], $$2, se[$$1 + 1], $$3, $$4, $$5 }'; \
	} > $(MLP_OUT)/table2.tsv.partial && mv $(MLP_OUT)/table2.tsv.partial $(MLP_OUT)/table2.tsv
	for g in fig2 fig4a fig5 fig9 fig10; do gnuplot -e "dir='$(MLP_OUT)'" paper_figs/mlp/$$g.gp 2>/dev/null || echo "mlp-figs: $$g not drawn (no finite data in $(MLP_OUT))"; done
