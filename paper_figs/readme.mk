# Figures shown in README.md, regenerated from freshly computed data:
#   make readme-figs   (about 1 minute on 2 cores)
README_FIG_TARGETS += readme-figs-verify
README_CLAIMS := thm1-test thm2-printed thm2-exact

readme-figs-verify: $(BIN)
	OMP_NUM_THREADS=$(THREADS) $(BIN) verify $(README_CLAIMS) --out paper_figs/out/readme
	@mkdir -p docs/img
	for c in $(README_CLAIMS); do cp paper_figs/out/readme/$$c.png docs/img/$$c.png; done
