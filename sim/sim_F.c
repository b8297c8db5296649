/* sim_F.c -- Monte-Carlo draws of ||R^+||_F^2 (seed 003, Eq. 12). */
#include "sim.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sim_mean_se(double *mean, double *se, const double *x, long n)
{
    double s = 0.0;
    int inf = 0;
    for (long i = 0; i < n; i++) {
        if (isinf(x[i])) inf = 1;
        s += x[i];
    }
    *mean = n > 0 ? s / (double)n : 0.0;
    if (inf || n < 2) {
        *se = INFINITY;
        return;
    }
    double ss = 0.0;
    for (long i = 0; i < n; i++) {
        double dlt = x[i] - *mean;
        ss += dlt * dlt;
    }
    *se = sqrt(ss / (double)(n - 1) / (double)n);
}

/* LAPACK workspace (doubles) for dgesdd(jobz = 'N') and dgeqrf on the tall
 * r x q matrix, from the routines' own workspace queries. */
static long lapack_lwork_query(long r, long q)
{
    double opt = 0.0, opt2 = 0.0;
    lapack_int iw = 0;
    long lw = 3 * q + (r > 7 * q ? r : 7 * q);            /* documented minimum */
    if (LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'N', (lapack_int)r, (lapack_int)q, NULL,
                            (lapack_int)r, NULL, NULL, 1, NULL, 1, &opt, -1, &iw) == 0 &&
        opt > (double)lw)
        lw = (long)opt;
    if (LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, (lapack_int)r, (lapack_int)q, NULL,
                            (lapack_int)r, NULL, &opt2, -1) == 0 && opt2 > (double)lw)
        lw = (long)opt2;
    return lw;
}

/* The same, remembered per thread for the last (r, q) asked (the query costs
 * about as much as a tiny SVD). */
static long lapack_lwork(long r, long q)
{
    static _Thread_local long last_r = -1, last_q = -1, last_lw = 0;
    if (r != last_r || q != last_q) {
        last_lw = lapack_lwork_query(r, q);
        last_r = r;
        last_q = q;
    }
    return last_lw;
}

/* Layout of the workspace: g (r q), copy (r q), s (q), iwork (8 q ints,
 * stored in 4 q + 1 doubles), LAPACK work (lapack_lwork). */
long sim_gauss_pinv_work_size(long n, long p)
{
    long r = n > p ? n : p, q = n < p ? n : p;
    return 2 * r * q + q + (4 * q + 1) + lapack_lwork(r, q);
}

/* Seed 003, Eq. 12: ||R^+||_F^2 = sum_i sigma_i^-2 over the singular values
 * of R (LAPACK dgesdd, values only), optionally with the Schur statistic. */
int sim_gauss_pinv_norm2(double *norm2, double *schur, long n, long p,
                         sim_rng *rng, double *work)
{
    /* ||R^+|| is invariant under transposition: work with the tall r x q. */
    long r = n > p ? n : p, q = n < p ? n : p;
    double *g = work, *copy = work + r * q, *s = work + 2 * r * q;
    lapack_int *iwork = (lapack_int *)(s + q);
    double *lw = s + q + (4 * q + 1);
    /* the caller sized work with sim_gauss_pinv_work_size(n, p), which holds
     * lapack_lwork(r, q) doubles here */
    lapack_int lwork = (lapack_int)lapack_lwork(r, q);
    sim_rng_normal_fill(rng, g, r * q);
    if (schur) memcpy(copy, g, (size_t)(r * q) * sizeof *g);
    lapack_int info = LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'N', (lapack_int)r, (lapack_int)q,
                                          g, (lapack_int)r, s, NULL, 1, NULL, 1, lw, lwork,
                                          iwork);
    if (info != 0)
        return modlaw_fail(MODLAW_ENUM, "dgesdd failed (info %d) at n=%ld p=%ld", (int)info, n, p);
    double acc = 0.0;
    /* smallest singular values last: sum them first */
    for (long i = q - 1; i >= 0; i--) acc += s[i] > 0 ? 1.0 / (s[i] * s[i]) : INFINITY;
    *norm2 = acc;
    if (schur) {
        /* 1/(W^-1)_{qq} = squared distance of column q from the span of the
         * others = R_qq^2 of a QR factorization (Schur complement). */
        info = LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, (lapack_int)r, (lapack_int)q, copy,
                                   (lapack_int)r, s, lw, lwork);
        if (info != 0)
            return modlaw_fail(MODLAW_ENUM, "dgeqrf failed (info %d)", (int)info);
        double rqq = copy[(q - 1) + (q - 1) * r];
        *schur = rqq * rqq;
    }
    return MODLAW_OK;
}

/* Dumitriu & Edelman (2002), beta = 1: the singular values of a real r x q
 * Gaussian matrix (r >= q) are those of the q x q lower bidiagonal L with
 * diagonal a_i = chi_{r-i+1} and subdiagonal b_i = chi_{q-i}, i = 1..q.
 * ||L^-1||_F^2 = sum_j S_j / a_j^2 where column j of L^-1 has entries
 * x_j = 1/a_j, x_{i+1} = -b_i x_i / a_{i+1}; hence the backward recurrence
 * S_q = 1, S_j = 1 + (b_j / a_{j+1})^2 S_{j+1}  (docs/simulation.md). */
double sim_bidiag_pinv_norm2(long n, long p, sim_rng *rng)
{
    long r = n > p ? n : p, q = n < p ? n : p;
    /* draw from the bottom-right corner upwards so that no storage is needed
     * beyond a chunk of draws: a_q^2, then (b_j^2, a_j^2) for j = q-1..1 */
    enum { CHUNK = 128 };
    double k[2 * CHUNK], x[2 * CHUNK];
    double a_next2 = sim_rng_chisq(rng, (double)(r - q + 1)); /* a_q^2 */
    double S = 1.0;
    double total = 1.0 / a_next2;
    for (long j0 = q - 1; j0 >= 1; j0 -= CHUNK) {
        long m = j0 < CHUNK ? j0 : CHUNK;                  /* j = j0 .. j0-m+1 */
        for (long i = 0; i < m; i++) {
            long j = j0 - i;
            k[2 * i] = (double)(q - j);                     /* b_j ~ chi_{q-j}   */
            k[2 * i + 1] = (double)(r - j + 1);             /* a_j ~ chi_{r-j+1} */
        }
        sim_rng_chisq_fill(rng, x, k, 2 * m);
        for (long i = 0; i < m; i++) {
            double b2 = x[2 * i], a2 = x[2 * i + 1];
            S = 1.0 + b2 / a_next2 * S;                     /* S_j */
            total += S / a2;
            a_next2 = a2;
        }
    }
    return total;
}

/* What the parallel loop hands each trial. */
typedef struct {
    double *samples, *schur;
    long n, p;
    sim_F_method method;
} F_ctx;

static int F_trial_fn(const void *ctx, long t, sim_rng *rng, double *work)
{
    const F_ctx *c = ctx;
    if (c->method == SIM_F_FAST) {
        c->samples[t] = sim_bidiag_pinv_norm2(c->n, c->p, rng);
        return MODLAW_OK;
    }
    return sim_gauss_pinv_norm2(&c->samples[t], c->schur ? &c->schur[t] : NULL, c->n, c->p, rng,
                                work);
}

int sim_F_samples(double *samples, double *schur, long n, long p, long trials,
                  uint64_t seed, sim_F_method method)
{
    if (n < 1) return modlaw_fail(MODLAW_EINVAL, "--n: must be a positive integer (got %ld)", n);
    if (p < 1) return modlaw_fail(MODLAW_EINVAL, "--p: must be a positive integer (got %ld)", p);
    if (trials < 1) return modlaw_fail(MODLAW_EINVAL, "--trials: must be a positive integer (got %ld)", trials);
    if (method != SIM_F_SVD && method != SIM_F_FAST)
        return modlaw_fail(MODLAW_EINVAL, "--method: must be svd or fast");
    if (method == SIM_F_FAST && schur)
        return modlaw_fail(MODLAW_EINVAL, "--method: the Schur statistic needs the svd method");
    if (method == SIM_F_SVD && (double)n * (double)p > 4e8)
        return modlaw_fail(MODLAW_EINVAL, "--n: n*p = %ld*%ld is too large for the SVD path (try --method fast)", n, p);
    if (method == SIM_F_FAST && (n < p ? n : p) > 100000000L)
        return modlaw_fail(MODLAW_EINVAL, "--n: min(n,p) = %ld is too large (max 1e8)", n < p ? n : p);
    F_ctx c = {samples, schur, n, p, method};
    long work = method == SIM_F_SVD ? sim_gauss_pinv_work_size(n, p) : 0;
    return sim_run_trials(F_trial_fn, &c, work, trials, seed);
}

/* Tail constant of ||R^+||_F^2 (docs/simulation.md, "heavy tails"):
 * P(X > t) ~ C t^-alpha, alpha = k/2, k = |n-p| + 1, q = min(n,p), with
 * C = c_k / E|v_1|^k, c_k = 1/(2^(k/2) Gamma(k/2+1)) the tail constant of
 * 1/chi^2_k = (W^-1)_jj (seed 003 App. D, docs/F.md) and
 * E|v_1|^k = Gamma(q/2) Gamma((k+1)/2) / (sqrt(pi) Gamma((q+k)/2)) for v
 * uniform on the sphere (Breiman's lemma on W^-1 ~ v v^T / lambda_min).
 * n = p: C = sqrt(2) Gamma((q+1)/2)/Gamma(q/2); |n-p| = 1: C = q/2. */
double sim_F_tail_constant(long n, long p)
{
    double k = (double)(labs(n - p) + 1), q = (double)(n < p ? n : p);
    double lck = -0.5 * k * log(2.0) - lgamma(0.5 * k + 1.0);
    double lev = lgamma(0.5 * q) + lgamma(0.5 * (k + 1.0)) - 0.5 * log(M_PI) -
                 lgamma(0.5 * (q + k));
    return exp(lck - lev);
}
