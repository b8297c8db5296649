/* claims_sim.c -- claims about the samplers of F(n,p) (issue 5):
 *   F-fast-vs-svd     the Dumitriu-Edelman bidiagonal sampler and the SVD path
 *                     sample the same distribution (two-sample KS), on and
 *                     off the band |n-p| <= 3;
 *   F-runmean-square  n = p: the Monte-Carlo mean diverges linearly in the
 *                     trial count T; M_T / T tends to a Levy law whose scale
 *                     follows from the tail constant (docs/simulation.md);
 *   F-runmean-gap1    |n-p| = 1: the Monte-Carlo mean diverges like C log T
 *                     with C = min(n,p)/2; the law of M_T shifts by
 *                     C log(T2/T1) between two trial counts.
 * Seed 003 (Boopathy et al.), Eq. 12 / App. D; Dumitriu & Edelman (2002). */
#include "verify.h"
#include "sim.h"
#include "theory.h"

#include <math.h>
#include <stdlib.h>

#define PAPER "Boopathy et al. 2024 (seed 003); Dumitriu & Edelman 2002"


static uint64_t mix(uint64_t a, uint64_t b)
{
    long v[1] = {(long)b};
    return verify_seed_mix(a, v, 1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of x[0..n-1] (sorts a copy in place: x is modified). */
static double median_inplace(double *x, long n)
{
    qsort(x, (size_t)n, sizeof *x, cmp_double);
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

/* ---- F-fast-vs-svd ---------------------------------------------------------- */

static long fvs_grid(double (*x)[VERIFY_MAX_X], long max, const verify_opts *o)
{
    static const long ps_def[] = {5, 30}, ps_full[] = {5, 30, 100};
    static const long gaps_def[] = {-3, -1, 0, 1, 3, 12};
    static const long gaps_quick[] = {0, 1, 3, 10};
    const long *ps = o->full ? ps_full : ps_def;
    int nps = o->quick ? 1 : o->full ? 3 : 2;
    const long *gaps = o->quick ? gaps_quick : gaps_def;
    int ng = o->quick ? 4 : 6;
    long n = 0;
    for (int i = 0; i < nps; i++)
        for (int g = 0; g < ng; g++) {
            long nn = ps[i] + gaps[g];
            if (nn < 1) continue;
            double v[2] = {(double)nn, (double)ps[i]};
            n = verify_grid_add(x, n, max, 2, v);
        }
    return n;
}

static int fvs_point(verify_point *pt, const verify_ctx *ctx)
{
    long n = (long)pt->x[0], p = (long)pt->x[1];
    /* --full: 10^5 draws per sampler, 2 10^4 where the SVD costs ~1 ms (p = 100) */
    long T = ctx->opts->quick ? 2000 : !ctx->opts->full ? 10000 : p >= 100 ? 20000 : 100000;
    int rc = theory_F(&pt->theory, n, p);
    if (rc) return rc;
    double *a = malloc((size_t)T * sizeof *a), *b = malloc((size_t)T * sizeof *b);
    if (!a || !b) {
        free(a); free(b);
        return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    }
    /* independent seeds: the two-sample test needs independent samples */
    rc = sim_F_samples(a, NULL, n, p, T, mix(ctx->seed, 1), SIM_F_FAST);
    if (!rc) rc = sim_F_samples(b, NULL, n, p, T, mix(ctx->seed, 2), SIM_F_SVD);
    if (!rc) {
        sim_mean_se(&pt->mean, &pt->se, a, T);
        if (theory_F_tail_index(n, p) <= 2.0) pt->se = INFINITY; /* no finite error bar */
        pt->trials = T;
        pt->test = VERIFY_TEST_KS;
        pt->stat = verify_ks2_test(a, T, b, T, &pt->pvalue);
        pt->verdict = pt->pvalue >= ctx->pcrit ? VERIFY_AGREE : VERIFY_DISAGREE;
    }
    free(a);
    free(b);
    return rc;
}

const verify_claim verify_claim_F_fast_vs_svd = {
    .id = "F-fast-vs-svd",
    .paper = PAPER,
    .equation = "Dumitriu-Edelman bidiagonal model (beta = 1) of seed 003 Eq. 12's R",
    .statement = "||L^-1||_F^2 for the q x q bidiagonal L with diagonal chi_{r-i+1} and "
                 "subdiagonal chi_{q-i} (O(q) recurrence, no matrix formed) has the same law "
                 "as ||R^+||_F^2 from the singular values of a Gaussian n x p R (dgesdd).",
    .test_desc = "two-sample Kolmogorov-Smirnov test on the full distribution, T draws from "
                 "each sampler on independent seeds, at |n-p| <= 3 (heavy tails) and off the "
                 "band; Bonferroni over the grid; mean = fast-sampler mean (se = inf where "
                 "the variance is infinite)",
    .nx = 2, .xnames = {"n", "p"},
    .grid = fvs_grid, .point = fvs_point,
    .plot_x = 0, .plot_series = 1, .logx = 0, .logy = 1,
    .ylabel = "F(n,p) (theory; inf on |n-p|<=1) and fast-sampler mean",
    .in_default = 1,
};

/* ---- running means on |n-p| <= 1 -------------------------------------------
 * M_T = (1/T) sum_{t<T} X_t, X = ||R^+||_F^2 from the fast sampler, replicated
 * R times on independent seeds. */
static int running_means(double *M, long R, long n, long p, long T, uint64_t seed)
{
    /* replicates in chunks of about 2^21 draws: one parallel call per chunk
     * (replicate r of chunk c is streams r T .. r T + T - 1 of seed (seed, c)) */
    long per = T >= (1L << 21) ? 1 : (1L << 21) / T;
    if (per > R) per = R;
    double *x = malloc((size_t)(per * T) * sizeof *x);
    if (!x) return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    int rc = MODLAW_OK;
    for (long r0 = 0, c = 0; r0 < R && !rc; r0 += per, c++) {
        long nr = R - r0 < per ? R - r0 : per;
        rc = sim_F_samples(x, NULL, n, p, nr * T, mix(seed, (uint64_t)c + 1000), SIM_F_FAST);
        for (long r = 0; r < nr && !rc; r++) {
            double s = 0.0;
            for (long t = 0; t < T; t++) s += x[r * T + t];
            M[r0 + r] = s / (double)T;
        }
    }
    free(x);
    return rc;
}

static long runmean_reps(const verify_opts *o) { return o->quick ? 300 : o->full ? 4000 : 1000; }

/* Tail constant C of X: sim_F_tail_constant (docs/simulation.md). */
static double tail_constant(long n, long p) { return sim_F_tail_constant(n, p); }

/* ---- F-runmean-square: n = p, alpha = 1/2 ---------------------------------- */

static long sq_grid(double (*x)[VERIFY_MAX_X], long max, const verify_opts *o)
{
    static const long qs[] = {5, 20, 60};
    static const long Ts[] = {100, 1000, 10000};
    int nq = o->quick ? 1 : o->full ? 3 : 2, nT = o->full ? 3 : 2;
    long n = 0;
    for (int i = 0; i < nq; i++)
        for (int j = 0; j < nT; j++) {
            double v[3] = {(double)qs[i], (double)qs[i], (double)Ts[j]};
            n = verify_grid_add(x, n, max, 3, v);
        }
    return n;
}

/* Levy(0, c) CDF: erfc(sqrt(c / (2x))). */
static double levy_cdf(double x, const void *c)
{
    return x <= 0 ? 0.0 : erfc(sqrt(*(const double *)c / (2.0 * x)));
}

static int sq_point(verify_point *pt, const verify_ctx *ctx)
{
    long n = (long)pt->x[0], p = (long)pt->x[1], T = (long)pt->x[2];
    long R = runmean_reps(ctx->opts);
    if (n != p) return modlaw_fail(MODLAW_EINVAL, "F-runmean-square: needs n = p");
    double *M = malloc((size_t)R * sizeof *M);
    if (!M) return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    int rc = running_means(M, R, n, p, T, ctx->seed);
    if (!rc) {
        /* S_T / T^2 = M_T / T -> Levy(c), Laplace transform exp(-C sqrt(pi s))
         * = exp(-sqrt(2 c s)): c = pi C^2 / 2.  Median of Levy(c) is
         * c / (2 erfc^-1(1/2)^2) = 2.19811... c. */
        double C = tail_constant(n, p), c = M_PI * C * C / 2.0;
        const double erfcinv_half = 0.47693627620446987;
        pt->theory = (double)T * c / (2.0 * erfcinv_half * erfcinv_half); /* median of M_T */
        for (long r = 0; r < R; r++) M[r] /= (double)T;
        pt->test = VERIFY_TEST_KS;
        pt->stat = verify_ks_test(M, R, levy_cdf, &c, &pt->pvalue);  /* sorts M */
        pt->mean = (double)T * (R % 2 ? M[R / 2] : 0.5 * (M[R / 2 - 1] + M[R / 2]));
        pt->se = INFINITY;
        pt->trials = R * T;
        pt->verdict = pt->pvalue >= ctx->pcrit ? VERIFY_AGREE : VERIFY_DISAGREE;
    }
    free(M);
    return rc;
}

const verify_claim verify_claim_F_runmean_square = {
    .id = "F-runmean-square",
    .paper = PAPER,
    .equation = "Eq. 12 / App. D at n = p: F = +inf, tail index 1/2",
    .statement = "At n = p the Monte-Carlo mean M_T of ||R^+||_F^2 over T trials grows "
                 "linearly in T: M_T / T tends to the Levy law with scale pi C^2 / 2, "
                 "C = sqrt(2) Gamma((q+1)/2) / Gamma(q/2) the tail constant.",
    .test_desc = "R replicate runs of T trials each (fast sampler, independent seeds); "
                 "one-sample KS test of the R values M_T / T against Levy(pi C^2/2); "
                 "theory and mean columns are the predicted and observed median of M_T; "
                 "Bonferroni over the grid",
    .nx = 3, .xnames = {"n", "p", "trials_per_run"},
    .grid = sq_grid, .point = sq_point,
    .plot_x = 2, .plot_series = 0, .logx = 1, .logy = 1,
    .ylabel = "median over runs of the T-trial mean",
    .in_default = 1,
};

/* ---- F-runmean-gap1: |n-p| = 1, alpha = 1 ----------------------------------- */

static long g1_grid(double (*x)[VERIFY_MAX_X], long max, const verify_opts *o)
{
    static const long cases[][2] = {{6, 5}, {20, 21}, {61, 60}};
    static const long Ts[] = {1000, 10000};
    int nc = o->quick ? 1 : o->full ? 3 : 2, nT = o->full ? 2 : 1;
    long n = 0;
    for (int i = 0; i < nc; i++)
        for (int j = 0; j < nT; j++) {
            double v[3] = {(double)cases[i][0], (double)cases[i][1], (double)Ts[j]};
            n = verify_grid_add(x, n, max, 3, v);
        }
    return n;
}

static int g1_point(verify_point *pt, const verify_ctx *ctx)
{
    long n = (long)pt->x[0], p = (long)pt->x[1], T2 = (long)pt->x[2], T1 = T2 / 10;
    long R = runmean_reps(ctx->opts);
    if (labs(n - p) != 1 || T1 < 1)
        return modlaw_fail(MODLAW_EINVAL, "F-runmean-gap1: needs |n-p| = 1 and T >= 10");
    double *M1 = malloc((size_t)R * sizeof *M1), *M2 = malloc((size_t)R * sizeof *M2);
    if (!M1 || !M2) {
        free(M1); free(M2);
        return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    }
    int rc = running_means(M1, R, n, p, T1, mix(ctx->seed, 11));
    if (!rc) rc = running_means(M2, R, n, p, T2, mix(ctx->seed, 12));
    if (!rc) {
        /* alpha = 1: S_T / T - C log T converges in law (a totally skewed
         * 1-stable law plus a constant), so M_T2 - C log(T2/T1) has the same
         * limiting law as M_T1. */
        double C = tail_constant(n, p), shift = C * log((double)T2 / (double)T1);
        pt->theory = shift;  /* predicted growth of the running mean per decade */
        double m1 = median_inplace(M1, R);
        for (long r = 0; r < R; r++) M2[r] -= shift;
        pt->test = VERIFY_TEST_KS;
        pt->stat = verify_ks2_test(M1, R, M2, R, &pt->pvalue);   /* sorts both */
        double m2 = R % 2 ? M2[R / 2] : 0.5 * (M2[R / 2 - 1] + M2[R / 2]);
        pt->mean = m2 + shift - m1;    /* observed growth of the median */
        pt->se = INFINITY;
        pt->trials = R * (T1 + T2);
        pt->verdict = pt->pvalue >= ctx->pcrit ? VERIFY_AGREE : VERIFY_DISAGREE;
    }
    free(M1);
    free(M2);
    return rc;
}

const verify_claim verify_claim_F_runmean_gap1 = {
    .id = "F-runmean-gap1",
    .paper = PAPER,
    .equation = "Eq. 12 / App. D at |n-p| = 1: F = +inf, tail index 1",
    .statement = "At |n-p| = 1 the Monte-Carlo mean of ||R^+||_F^2 grows like C log T with "
                 "C = min(n,p)/2: the law of M_T shifts by C log 10 per decade of T.",
    .test_desc = "R replicate runs at T/10 and at T trials (fast sampler, independent "
                 "seeds); two-sample KS between {M_(T/10)} and {M_T - C log 10}; theory = "
                 "C log 10, mean = observed shift of the median; Bonferroni over the grid",
    .nx = 3, .xnames = {"n", "p", "trials_per_run"},
    .grid = g1_grid, .point = g1_point,
    .plot_x = 1, .plot_series = 2, .logx = 1, .logy = 1,
    .ylabel = "growth of the median running mean per decade of T",
    .in_default = 1,
};

/* ---- linear-fast-vs-literal -------------------------------------------------- */

static long lfl_grid(double (*x)[VERIFY_MAX_X], long max, const verify_opts *o)
{
    /* arch n p m b k: under- and over-determined, on the band, modular */
    static const double pts[][6] = {
        {0, 10, 20, 3, 1, 1}, {0, 19, 20, 3, 1, 1}, {0, 20, 20, 3, 1, 1}, {0, 23, 20, 3, 1, 1},
        {0, 40, 20, 3, 1, 1}, {0, 300, 200, 3, 1, 1}, {1, 12, 20, 4, 2, 3}, {1, 60, 20, 4, 2, 3}};
    long n = 0, np = o->quick ? 3 : 8;
    for (long i = 0; i < np; i++) n = verify_grid_add(x, n, max, 6, pts[o->quick ? 2 * i + 1 : i]);
    return n;
}

static int lfl_point(verify_point *pt, const verify_ctx *ctx)
{
    model_desc md = model_default();
    md.arch = pt->x[0] ? MODEL_MODULAR : MODEL_MONO;
    md.n = (long)pt->x[1]; md.p = (long)pt->x[2]; md.m = (long)pt->x[3];
    md.b = (long)pt->x[4]; md.k = (long)pt->x[5];
    long T = ctx->opts->quick ? 1000 : ctx->opts->full ? 20000 : 4000;
    if (md.p >= 200) T /= 4;                 /* the literal side costs ~3 ms a trial */
    theory_loss_t th;
    int rc = theory_loss(&th, &md);
    if (rc) return rc;
    pt->theory = th.test;
    double *buf = malloc((size_t)(4 * T) * sizeof *buf);
    if (!buf) return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    double *tr1 = buf, *te1 = buf + T, *tr2 = buf + 2 * T, *te2 = buf + 3 * T;
    rc = sim_linear_samples_fast(tr1, te1, &md, T, mix(ctx->seed, 1));
    if (!rc) rc = sim_linear_samples(tr2, te2, &md, T, mix(ctx->seed, 2));
    if (!rc) {
        sim_mean_se(&pt->mean, &pt->se, te1, T);
        if (labs(th.dn - th.pc) <= 3) pt->se = INFINITY;  /* infinite variance */
        pt->trials = T;
        pt->test = VERIFY_TEST_KS;
        pt->stat = verify_ks2_test(te1, T, te2, T, &pt->pvalue);
        pt->verdict = pt->pvalue >= ctx->pcrit ? VERIFY_AGREE : VERIFY_DISAGREE;
    }
    free(buf);
    return rc;
}

const verify_claim verify_claim_linear_fast_vs_literal = {
    .id = "linear-fast-vs-literal",
    .paper = PAPER,
    .equation = "seed 003 Sec. 3, Eqs. 3-9 (the linear model of Thm 1 / Thm 2)",
    .statement = "The O(p) sampler of the linear model's test loss (bidiagonal singular values, "
                 "Beta-distributed projection of W_1, Haar factors integrated out) has the same "
                 "law as the literal simulation that draws A and solves least squares (dgels).",
    .test_desc = "two-sample Kolmogorov-Smirnov test of the test loss, T trials from each "
                 "sampler on independent seeds, mono and modular, dn < p, dn > p and the band; "
                 "Bonferroni over the grid; mean = fast-sampler mean (se = inf on |dn-p| <= 3)",
    .nx = 6, .xnames = {"arch", "n", "p", "m", "b", "k"},
    .grid = lfl_grid, .point = lfl_point,
    .plot_x = 1, .plot_series = 0, .logx = 1, .logy = 1,
    .ylabel = "test loss: theory and fast-sampler mean (arch 0 mono, 1 modular; p = 20 except n = 300)",
    .in_default = 1,
};
