# Fuzzing the spectrum-file parser of `theory loss --spectrum` (libFuzzer +
# ASan + UBSan, clang).  `make fuzz` runs it for FUZZ_SECONDS (default 60).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS += fuzz-spectrum

build-fuzz/fuzz_spectrum: tests/fuzz/fuzz_spectrum.c theory/theory_spectrum_file.c theory/theory_effdim.c theory/modlaw.c theory/theory.h theory/modlaw.h | $(DEPS_STAMP)
	@command -v clang >/dev/null || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y clang libclang-rt-14-dev; }
	@mkdir -p build-fuzz
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined $(INC) \
	  tests/fuzz/fuzz_spectrum.c theory/theory_spectrum_file.c theory/theory_effdim.c theory/modlaw.c \
	  -o $@ -lflint-arb -lflint -lmpfr -lgmp -lgsl -lopenblas -lm

fuzz-spectrum: build-fuzz/fuzz_spectrum
	@mkdir -p build-fuzz/corpus-spectrum
	@printf '# spectrum\n1\n0.5 # half\n\n2.5e-3\n0\n' > build-fuzz/corpus-spectrum/seed1
	@printf '1\n-2\nabc\n' > build-fuzz/corpus-spectrum/seed2
	build-fuzz/fuzz_spectrum -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build-fuzz/corpus-spectrum
