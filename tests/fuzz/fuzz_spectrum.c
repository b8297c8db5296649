/* fuzz_spectrum.c -- libFuzzer entry point for the spectrum-file parser
 * (theory/theory_spectrum_file.c).  Not part of the Check runner (the
 * Makefile only globs tests/*.c); built by tests/fuzz.mk.
 * Properties checked on every input: no crash / UB / leak (sanitizers), a
 * success returns 1 <= n <= THEORY_SPECTRUM_MAX finite values >= 0, a
 * failure returns NULL and a message naming --spectrum. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "theory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double *l = NULL;
    long n = -1;
    int rc = theory_spectrum_parse(&l, &n, (const char *)data, size);
    if (rc == MODLAW_OK) {
        if (!l || n < 1 || n > THEORY_SPECTRUM_MAX) abort();
        for (long i = 0; i < n; i++)
            if (!isfinite(l[i]) || l[i] < 0) abort();
        double e;
        if (theory_effdim_list(&e, l, n) == MODLAW_OK && !(e >= 1.0 - 1e-12 && e <= (double)n * (1 + 1e-12)))
            abort();
        free(l);
    } else {
        if (l || n != 0) abort();
        if (!strstr(modlaw_last_error(), "--spectrum")) abort();
    }
    return 0;
}
