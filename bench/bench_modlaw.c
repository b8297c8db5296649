/* bench_modlaw.c -- the modlaw side of the benchmarks (bench/bench.mk).
 *
 *   bench_modlaw F N P svd|fast      draws of ||R^+||_F^2 (seed 003, Eq. 12)
 *   bench_modlaw thm1 N P M PREC     Thm 1 (Eq. 1-2) in Arb at PREC bits
 *   bench_modlaw linear N P M [fast] trials of the linear model (Thm 1 setting),
 *                                    literal (dgels) or the O(p) fast sampler
 *   bench_modlaw thm1parts N P PREC  one row per ingredient of theory_loss_arb
 *
 * Each prints one TSV row (no header; bench/bench_report.py adds it):
 *   kind impl n p units seconds per_unit value
 * where `units` draws/evaluations took `seconds` (median of 3 timed runs after
 * doubling the count until one run lasts >= MIN_SECONDS), and `value` is the
 * mean of the draws (F, linear test loss) or the Thm 1 test loss (40 digits),
 * so the report can check that both sides computed the same thing.
 * Threads: OMP_NUM_THREADS (the Makefile's THREADS, 2).  Benchmarks only:
 * this program prints and is not part of the library. */
#include "sim.h"
#include "theory.h"

#include <arb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIN_SECONDS 0.3

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef int (*run_fn)(long units, void *ctx, double *value);

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Double `units` until one run takes MIN_SECONDS, then the median of 3. */
static int time_it(run_fn f, void *ctx, long *units, double *seconds, double *value)
{
    long u = 1;
    for (;;) {
        double t0 = now();
        if (f(u, ctx, value)) return 1;
        double dt = now() - t0;
        if (dt >= MIN_SECONDS || u >= (1L << 40)) break;
        long next = dt > 0 ? (long)((double)u * 1.2 * MIN_SECONDS / dt) + 1 : 2 * u;
        u = next > 2 * u ? (next < 64 * u ? next : 64 * u) : 2 * u;
    }
    double t[3];
    for (int r = 0; r < 3; r++) {
        double t0 = now();
        if (f(u, ctx, value)) return 1;
        t[r] = now() - t0;
    }
    qsort(t, 3, sizeof *t, cmp_double);
    *units = u;
    *seconds = t[1];
    return 0;
}

typedef struct { long n, p; sim_F_method method; double *buf; long cap; } F_ctx;

static int run_F(long units, void *vc, double *value)
{
    F_ctx *c = vc;
    if (units > c->cap) {
        free(c->buf);
        c->buf = malloc((size_t)units * sizeof *c->buf);
        c->cap = c->buf ? units : 0;
        if (!c->buf) return 1;
    }
    if (sim_F_samples(c->buf, NULL, c->n, c->p, units, 12345, c->method)) return 1;
    double s = 0.0;
    for (long i = 0; i < units; i++) s += c->buf[i];
    *value = s / (double)units;
    return 0;
}

typedef struct { model_desc md; slong prec; char digits[128]; } thm1_ctx;

static int run_thm1(long units, void *vc, double *value)
{
    thm1_ctx *c = vc;
    arb_t train, test;
    arb_init(train);
    arb_init(test);
    int rc = 0;
    for (long i = 0; i < units && !rc; i++) rc = theory_loss_arb(train, test, &c->md, c->prec);
    if (!rc) {
        char *s = arb_get_str(test, 40, ARB_STR_NO_RADIUS);
        snprintf(c->digits, sizeof c->digits, "%s", s);
        flint_free(s);
        *value = arf_get_d(arb_midref(test), ARF_RND_NEAR);
    }
    arb_clear(train);
    arb_clear(test);
    return rc;
}

typedef struct { model_desc md; double *tr, *te; long cap; int fast; } lin_ctx;

static int run_linear(long units, void *vc, double *value)
{
    lin_ctx *c = vc;
    if (units > c->cap) {
        free(c->tr);
        free(c->te);
        c->tr = malloc((size_t)units * sizeof *c->tr);
        c->te = malloc((size_t)units * sizeof *c->te);
        c->cap = c->tr && c->te ? units : 0;
        if (!c->cap) return 1;
    }
    if ((c->fast ? sim_linear_samples_fast : sim_linear_samples)(c->tr, c->te, &c->md, units, 777))
        return 1;
    double s = 0.0;
    for (long i = 0; i < units; i++) s += c->te[i];
    *value = s / (double)units;
    return 0;
}

/* Cost of the pieces of theory_loss_arb (theory/theory_loss_arb.c), to say
 * where its time goes: parsing the exact decimals c, omega; s = omega^-m;
 * log j; expm1 and exp of -s log j; F. */
typedef struct { int part; slong prec; } part_ctx;

static int run_part(long units, void *vc, double *value)
{
    part_ctx *c = vc;
    arb_t x, y, z;
    arb_init(x); arb_init(y); arb_init(z);
    arb_set_str(y, "1.57", c->prec);
    arb_set_str(z, "-0.0193", c->prec);
    for (long i = 0; i < units; i++) {
        switch (c->part) {
        case 0: arb_set_str(x, "1.15", c->prec); break;
        case 1: arb_pow_ui(x, y, 3, c->prec); arb_inv(x, x, c->prec); break;
        case 2: arb_log_ui(x, 201, c->prec); break;
        case 3: arb_expm1(x, z, c->prec); break;
        case 4: arb_exp(x, z, c->prec); break;
        default: theory_F_arb(x, 300, 200, c->prec); break;
        }
    }
    *value = arf_get_d(arb_midref(x), ARF_RND_NEAR);
    arb_clear(x); arb_clear(y); arb_clear(z);
    return 0;
}

static void usage(void)
{
    fputs("usage: bench_modlaw F N P svd|fast | thm1 N P M PREC | thm1parts N P PREC | linear N P M [fast]\n", stderr);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        usage();
        return 2;
    }
    long n = atol(argv[2]), p = atol(argv[3]), units = 0;
    double seconds = 0.0, value = 0.0;
    if (n < 1 || p < 1) {
        usage();
        return 2;
    }
    if (!strcmp(argv[1], "F") && argc == 5) {
        F_ctx c = {n, p, !strcmp(argv[4], "fast") ? SIM_F_FAST : SIM_F_SVD, NULL, 0};
        if (time_it(run_F, &c, &units, &seconds, &value)) {
            fprintf(stderr, "bench_modlaw: %s\n", modlaw_last_error());
            return 1;
        }
        free(c.buf);
        printf("F\tmodlaw-%s\t%ld\t%ld\t%ld\t%.6g\t%.6g\t%.10g\n", argv[4], n, p, units, seconds,
               seconds / (double)units, value);
    } else if (!strcmp(argv[1], "thm1") && argc == 6) {
        thm1_ctx c;
        c.md = model_default();
        c.md.n = n; c.md.p = p; c.md.m = atol(argv[4]);
        c.prec = atol(argv[5]);
        c.digits[0] = 0;
        if (time_it(run_thm1, &c, &units, &seconds, &value)) {
            fprintf(stderr, "bench_modlaw: %s\n", modlaw_last_error());
            return 1;
        }
        printf("thm1\tmodlaw-arb%ld\t%ld\t%ld\t%ld\t%.6g\t%.6g\t%s\n", (long)c.prec, n, p, units,
               seconds, seconds / (double)units, c.digits);
        flint_cleanup();
    } else if (!strcmp(argv[1], "thm1parts") && argc == 5) {
        static const char *names[] = {"arb_set_str (one decimal; called twice)", "arb_pow_ui+arb_inv",
                                      "arb_log_ui", "arb_expm1", "arb_exp", "theory_F_arb"};
        for (int part = 0; part < 6; part++) {
            part_ctx c = {part, atol(argv[4])};
            if (time_it(run_part, &c, &units, &seconds, &value)) return 1;
            printf("thm1-part\t%s\t%ld\t%ld\t%ld\t%.6g\t%.6g\t%.10g\n", names[part], n, p, units,
                   seconds, seconds / (double)units, value);
        }
        flint_cleanup();
    } else if (!strcmp(argv[1], "linear") && (argc == 5 || argc == 6)) {
        lin_ctx c = {model_default(), NULL, NULL, 0, argc == 6 && !strcmp(argv[5], "fast")};
        c.md.n = n; c.md.p = p; c.md.m = atol(argv[4]);
        if (time_it(run_linear, &c, &units, &seconds, &value)) {
            fprintf(stderr, "bench_modlaw: %s\n", modlaw_last_error());
            return 1;
        }
        free(c.tr);
        free(c.te);
        printf("linear\tmodlaw-%s\t%ld\t%ld\t%ld\t%.6g\t%.6g\t%.10g\n", c.fast ? "fast" : "literal",
               n, p, units, seconds,
               seconds / (double)units, value);
    } else {
        usage();
        return 2;
    }
    return 0;
}
