/* fuzz_journal.c -- libFuzzer entry point for the verifier's point-cache
 * parser (verify_journal_parse), which reads files a user or a killed run
 * may have left damaged.  Built by `make fuzz` (tests/fuzz_verify.mk). */
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include "verify_journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the first line must match the config; prepend it so the fuzzer explores
     * the point lines, and also feed the raw input */
    static const char config[] = "modlaw=fuzz\n";
    for (int pass = 0; pass < 2; pass++) {
        char buf[8192];
        size_t off = 0;
        if (pass == 0) {
            off = sizeof config - 1 + 8;
            snprintf(buf, sizeof buf, "#config %s", config);
        }
        size_t n = size < sizeof buf - off ? size : sizeof buf - off;
        for (size_t i = 0; i < n; i++) buf[off + i] = (char)data[i];
        FILE *f = fmemopen(buf, off + n, "r");
        if (!f) return 0;
        verify_journal j = {0};
        verify_journal_parse(&j, f, config);
        fclose(f);
        for (long i = 0; i < j.n; i++) {
            /* the parser's guarantees */
            if (j.pts[i].verdict > VERIFY_NOT_JUDGED || j.pts[i].test > VERIFY_TEST_LAST) __builtin_trap();
            if (isnan(j.pts[i].theory) || isnan(j.pts[i].mean)) __builtin_trap();
            if (!verify_journal_find(&j, j.keys[i])) __builtin_trap();
        }
        verify_journal_free(&j);
    }
    return 0;
}
