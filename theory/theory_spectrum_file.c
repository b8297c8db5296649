/* theory_spectrum_file.c -- read a user spectrum (the diagonal of Lambda in
 * seed 003, Thm 1 "for any diagonal Lambda", Eqs. 1-2) from text: one
 * eigenvalue per line, '#' starts a comment, blank lines are ignored.
 *
 * The parser works on a byte buffer of known length (it never relies on a
 * terminating NUL), so it is safe on arbitrary bytes; it is fuzzed by
 * tests/fuzz/fuzz_spectrum.c. */
#include "theory.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_CHARS 256

static int is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f'; }

int theory_spectrum_parse(double **lambda, long *n, const char *text, size_t len)
{
    *lambda = NULL;
    *n = 0;
    if (!text && len) return modlaw_fail(MODLAW_EINVAL, "--spectrum: no text");
    long cap = 0, cnt = 0, line = 0;
    double *v = NULL;
    size_t pos = 0;
    char buf[LINE_MAX_CHARS + 1];
    while (pos < len) {
        line++;
        size_t end = pos;
        while (end < len && text[end] != '\n') end++;
        /* strip comment and surrounding white space */
        size_t a = pos, b = end;
        for (size_t i = a; i < b; i++)
            if (text[i] == '#') { b = i; break; }
        while (a < b && is_space(text[a])) a++;
        while (b > a && is_space(text[b - 1])) b--;
        pos = end < len ? end + 1 : end;
        if (a == b) continue;
        if (b - a > LINE_MAX_CHARS) {
            free(v);
            return modlaw_fail(MODLAW_EINVAL, "--spectrum: line %ld: longer than %d characters", line,
                               LINE_MAX_CHARS);
        }
        memcpy(buf, text + a, b - a);
        buf[b - a] = '\0';
        if (memchr(buf, '\0', b - a)) {
            free(v);
            return modlaw_fail(MODLAW_EINVAL, "--spectrum: line %ld: contains a NUL byte", line);
        }
        /* only plain decimal numbers: no hex, inf or nan spellings */
        for (size_t i = 0; i < b - a; i++) {
            char ch = buf[i];
            if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' || ch == 'E' || ch == '+' ||
                  ch == '-')) {
                free(v);
                return modlaw_fail(MODLAW_EINVAL,
                                   "--spectrum: line %ld: '%.40s' is not a number (one eigenvalue per line)",
                                   line, buf);
            }
        }
        char *stop;
        errno = 0;
        double x = strtod(buf, &stop);
        if (stop == buf || *stop != '\0') {
            free(v);
            return modlaw_fail(MODLAW_EINVAL,
                               "--spectrum: line %ld: '%.40s' is not a number (one eigenvalue per line)",
                               line, buf);
        }
        if (!isfinite(x) || (errno == ERANGE && fabs(x) > 1.0)) {
            free(v);
            return modlaw_fail(MODLAW_EINVAL, "--spectrum: line %ld: '%.40s' is out of range", line, buf);
        }
        if (x < 0) {
            free(v);
            return modlaw_fail(MODLAW_EINVAL, "--spectrum: line %ld: eigenvalue %g is negative", line, x);
        }
        if (cnt == THEORY_SPECTRUM_MAX) {
            free(v);
            return modlaw_fail(MODLAW_EINVAL, "--spectrum: line %ld: more than %ld eigenvalues", line,
                               (long)THEORY_SPECTRUM_MAX);
        }
        if (cnt == cap) {
            long nc = cap ? 2 * cap : 64;
            double *nv = realloc(v, (size_t)nc * sizeof *nv);
            if (!nv) {
                free(v);
                return modlaw_fail(MODLAW_ENOMEM, "--spectrum: out of memory at line %ld", line);
            }
            v = nv;
            cap = nc;
        }
        v[cnt++] = x + 0.0; /* turns -0 into +0 */
    }
    if (cnt == 0) {
        free(v);
        return modlaw_fail(MODLAW_EINVAL, "--spectrum: no eigenvalues found (%ld lines)", line);
    }
    *lambda = v;
    *n = cnt;
    return MODLAW_OK;
}

int theory_spectrum_load(double **lambda, long *n, const char *path)
{
    *lambda = NULL;
    *n = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return modlaw_fail(MODLAW_EIO, "--spectrum: cannot open '%s': %s", path, strerror(errno));
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap);
    const size_t max_bytes = (size_t)THEORY_SPECTRUM_MAX * 64;
    while (text) {
        if (len == cap) {
            if (cap >= max_bytes) {
                free(text);
                fclose(f);
                return modlaw_fail(MODLAW_EINVAL, "--spectrum: '%s' is larger than %zu bytes", path,
                                   max_bytes);
            }
            char *nt = realloc(text, cap * 2);
            if (!nt) { free(text); text = NULL; break; }
            text = nt;
            cap *= 2;
        }
        size_t got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0) break;
    }
    int err = ferror(f);
    fclose(f);
    if (!text) return modlaw_fail(MODLAW_ENOMEM, "--spectrum: out of memory reading '%s'", path);
    if (err) {
        free(text);
        return modlaw_fail(MODLAW_EIO, "--spectrum: error reading '%s'", path);
    }
    int rc = theory_spectrum_parse(lambda, n, text, len);
    free(text);
    return rc;
}
