# Fuzzing the verifier's cache parser (libFuzzer; clang from Debian, runtime in
# libclang-rt-14-dev).  `make fuzz` runs every FUZZ_TARGETS entry for a bounded time.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS += fuzz-journal

build-fuzz/fuzz_journal: tests/fuzz/fuzz_journal.c verify/verify_journal.c verify/verify_journal.h verify/verify.h | $(DEPS_STAMP)
	@command -v clang >/dev/null || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y clang libclang-rt-14-dev; }
	@mkdir -p build-fuzz
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined $(INC) \
	  tests/fuzz/fuzz_journal.c verify/verify_journal.c theory/modlaw.c -o $@ -lm

fuzz-journal: build-fuzz/fuzz_journal
	@mkdir -p build-fuzz/corpus-journal
	@printf '#config modlaw=fuzz\n1,2\t0.5\t0.49\t0.01\t100\t0\t-1\t0.3\t0\n' > build-fuzz/corpus-journal/seed1
	build-fuzz/fuzz_journal -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build-fuzz/corpus-journal
