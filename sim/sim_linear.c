/* sim_linear.c -- the linear model of seed 003 (Sec. 3 and Eqs. 3-9, App. A),
 * simulated literally from its definition, one QR/LQ factorization per trial,
 * per-thread workspaces, trial t on stream t. */
#include "sim.h"

#include <cblas.h>
#include <lapacke.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Coefficient from its standard deviation.  Mono: sd z.  Modular:
 * Wbar = k^-1/2 [sum_j F(U_j), sum_j W_j] (Eq. 7/9), each of the k modules
 * drawn independently, so every coordinate is k^-1/2 sum_j sd z_j. */
static double coef_from_sd(const model_desc *md, double sd, sim_rng *rng)
{
    if (md->arch == MODEL_MONO) return sd * sim_rng_normal(rng);
    double acc = 0.0;
    for (long j = 0; j < md->k; j++) acc += sd * sim_rng_normal(rng);
    return acc / sqrt((double)md->k);
}

double *sim_linear_sd_table(const model_desc *md)
{
    long n = model_controlled(md) + SIM_TAIL_EXPLICIT;
    double *sd = malloc((size_t)n * sizeof *sd);
    if (sd)
        for (long i = 0; i < n; i++) sd[i] = sqrt(model_coef_var(md, i + 1));
    return sd;
}

double sim_linear_draw_target(double *W1, double *w1norm2, const model_desc *md,
                              const double *sd, sim_rng *rng)
{
    long pc = model_controlled(md);
    double n1 = 0.0, tail2 = 0.0;
    for (long i = 0; i < pc; i++) {
        double w = coef_from_sd(md, sd ? sd[i] : sqrt(model_coef_var(md, i + 1)), rng);
        if (W1) W1[i] = w;
        n1 += w * w;
    }
    for (long i = pc; i < pc + SIM_TAIL_EXPLICIT; i++) {
        double w = coef_from_sd(md, sd ? sd[i] : sqrt(model_coef_var(md, i + 1)), rng);
        tail2 += w * w;
    }
    if (w1norm2) *w1norm2 = n1;
    return tail2 + model_coef_tail(md, pc + SIM_TAIL_EXPLICIT + 1);
}

double sim_linear_draw_data(double *A, double *y, double *W1, double *scratch,
                            const model_desc *md, const double *sd, sim_rng *rng)
{
    long N = md->d * md->n, pc = model_controlled(md);
    double tail2 = sim_linear_draw_target(W1, NULL, md, sd, rng);
    /* features of the n training inputs: A (controlled columns) and the
     * uncontrolled part B W_2, which given W_2 is N(0, ||W_2||^2 I) */
    sim_rng_normal_fill(rng, A, N * pc);
    sim_rng_normal_fill(rng, scratch, N);
    double sd2 = sqrt(tail2);
    for (long i = 0; i < N; i++) y[i] = sd2 * scratch[i];
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)N, (int)pc, 1.0, A, (int)N, W1, 1, 1.0, y, 1);
    return tail2;
}

/* Sizes of one trial: N = d n feature rows, pc controlled coefficients. */
typedef struct { long N, pc, ldb, q; } lin_dims;

static lin_dims lin_dims_of(const model_desc *md)
{
    lin_dims z;
    z.N = md->d * md->n;
    z.pc = model_controlled(md);
    z.ldb = z.N > z.pc ? z.N : z.pc;
    z.q = z.N < z.pc ? z.N : z.pc;
    return z;
}

/* Optimal LAPACK workspace of dgels (QR if N >= pc, LQ otherwise) for one
 * right-hand side, from its workspace query. */
static long lin_lwork(const lin_dims *z)
{
    double opt = 0.0;
    long lw = z->q + (z->ldb > 1 ? z->ldb : 1);               /* documented min */
    if (LAPACKE_dgels_work(LAPACK_COL_MAJOR, 'N', (lapack_int)z->N, (lapack_int)z->pc, 1, NULL,
                           (lapack_int)z->N, NULL, (lapack_int)z->ldb, &opt, -1) == 0 &&
        opt > (double)lw)
        lw = (long)opt;
    return lw;
}

/* Workspace layout: A (N pc), F (N pc: A overwritten by its QR/LQ factors),
 * y (N), b (ldb: right-hand side, then theta), W1 (pc), res (N), LAPACK work. */
long sim_linear_work_size(const model_desc *md)
{
    lin_dims z = lin_dims_of(md);
    return 2 * z.N * z.pc + 2 * z.N + z.ldb + z.pc + lin_lwork(&z);
}

/* One trial of seed 003 Sec. 3 (Eqs. 3-9; Thm 1 setting, App. A): draw, fit
 * theta = A^+ y, measure (1/n)||y - A theta||^2 and d(||theta - W_1||^2 + ||W_2||^2).
 * The min-norm least-squares solution is computed from ONE factorization of
 * A (LAPACK dgels: Householder QR for dn >= pc, LQ for dn < pc; blocked,
 * BLAS-3), valid because a Gaussian A has full rank with probability one; a
 * numerically rank-deficient factor (|R_ii| <= q eps max|R_jj|) falls back to
 * the SVD solver dgelsd with the same data. */
static int linear_trial(double *train, double *test, const model_desc *md, const double *sd,
                        sim_rng *rng, double *work)
{
    lin_dims z = lin_dims_of(md);
    long N = z.N, pc = z.pc, ldb = z.ldb, q = z.q;
    lapack_int lwork = (lapack_int)lin_lwork(&z);
    double *A = work, *Fac = A + N * pc, *y = Fac + N * pc, *b = y + N;
    double *W1 = b + ldb, *res = W1 + pc, *lw = res + N;

    double tail2 = sim_linear_draw_data(A, y, W1, res, md, sd, rng);
    memcpy(Fac, A, (size_t)(N * pc) * sizeof *A);
    memcpy(b, y, (size_t)N * sizeof *y);

    /* min-norm least squares theta = A^+ y from one QR / LQ factorization */
    lapack_int info = LAPACKE_dgels_work(LAPACK_COL_MAJOR, 'N', (lapack_int)N, (lapack_int)pc, 1,
                                         Fac, (lapack_int)N, b, (lapack_int)ldb, lw, lwork);
    int deficient = info > 0;
    if (info < 0)
        return modlaw_fail(MODLAW_ENUM, "dgels failed (info %d) at n=%ld p=%ld", (int)info,
                           md->n, md->p);
    if (!deficient) {
        double dmax = 0.0, dmin = INFINITY;
        for (long i = 0; i < q; i++) {
            double v = fabs(Fac[i + i * N]);
            if (v > dmax) dmax = v;
            if (v < dmin) dmin = v;
        }
        deficient = !(dmin > (double)q * DBL_EPSILON * dmax);
    }
    if (deficient) {
        lapack_int rank;
        memcpy(Fac, A, (size_t)(N * pc) * sizeof *A);
        memcpy(b, y, (size_t)N * sizeof *y);
        double *sv = res; /* q <= N doubles, refilled below */
        info = LAPACKE_dgelsd(LAPACK_COL_MAJOR, (lapack_int)N, (lapack_int)pc, 1, Fac,
                              (lapack_int)N, b, (lapack_int)ldb, sv, -1.0, &rank);
        if (info != 0)
            return modlaw_fail(MODLAW_ENUM, "dgelsd failed (info %d) at n=%ld p=%ld", (int)info,
                               md->n, md->p);
    }
    /* training residual y - A theta, formed explicitly (for dn <= pc it is
     * zero in exact arithmetic; the verifier checks it is at rounding level) */
    memcpy(res, y, (size_t)N * sizeof *y);
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)N, (int)pc, -1.0, A, (int)N, b, 1, 1.0, res, 1);
    double r2 = cblas_ddot((int)N, res, 1, res, 1);
    double e2 = 0.0;
    for (long i = 0; i < pc; i++) {
        double dlt = b[i] - W1[i];
        e2 += dlt * dlt;
    }
    *train = r2 / (double)md->n;
    *test = (double)md->d * (e2 + tail2);
    return MODLAW_OK;
}

int sim_linear_trial(double *train, double *test, const model_desc *md, sim_rng *rng)
{
    int rc = model_validate(md);
    if (rc) return rc;
    double *work = malloc((size_t)sim_linear_work_size(md) * sizeof *work);
    if (!work) return modlaw_fail(MODLAW_ENOMEM, "out of memory (n=%ld p=%ld)", md->n, md->p);
    rc = sim_linear_trial_work(train, test, md, rng, work);
    free(work);
    return rc;
}

int sim_linear_trial_work(double *train, double *test, const model_desc *md, sim_rng *rng,
                          double *work)
{
    return linear_trial(train, test, md, NULL, rng, work);
}

/* What the parallel loop hands each trial. */
typedef struct {
    const model_desc *md;
    const double *sd;
    double *train, *test;
} linear_ctx;

static int literal_trial_fn(const void *ctx, long t, sim_rng *rng, double *work)
{
    const linear_ctx *c = ctx;
    return linear_trial(&c->train[t], &c->test[t], c->md, c->sd, rng, work);
}

/* Validation shared by both samplers. */
static int check_linear(const model_desc *md, long trials)
{
    int rc = model_validate(md);
    if (rc) return rc;
    if (trials < 1)
        return modlaw_fail(MODLAW_EINVAL, "--trials: must be a positive integer (got %ld)", trials);
    return MODLAW_OK;
}

int sim_linear_samples(double *train, double *test, const model_desc *md,
                       long trials, uint64_t seed)
{
    int rc = check_linear(md, trials);
    if (rc) return rc;
    if ((double)md->d * (double)md->n * (double)model_controlled(md) > 2e8)
        return modlaw_fail(MODLAW_EINVAL, "--n: d*n*p = %ld*%ld*%ld is too large to simulate",
                           md->d, md->n, model_controlled(md));
    double *sd = sim_linear_sd_table(md);
    if (!sd) return modlaw_fail(MODLAW_ENOMEM, "out of memory (p=%ld)", md->p);
    linear_ctx c = {md, sd, train, test};
    rc = sim_run_trials(literal_trial_fn, &c, sim_linear_work_size(md), trials, seed);
    free(sd);
    return rc;
}

/* ---- the same law without forming A ----------------------------------------
 * Exact in distribution (docs/simulation.md, "fast linear model"): with
 * A = U S V^T (U, V Haar, independent of S for a Gaussian A), z the unit
 * noise and zeta = U^T z ~ N(0, I_q) independent of S:
 *   ||A^+ z||^2 = ||S^-1 zeta||^2 =_d ||L^-1 zeta||^2, L the Dumitriu-Edelman
 *     bidiagonal of an N x pc Gaussian (same singular values, zeta rotation
 *     invariant), by forward substitution in O(q);
 *   N >= pc: P = A^+ A = I, ||(I - A A^+) z||^2 ~ chi^2_{N-pc} independent;
 *   N <  pc: ||(I - P) W_1||^2 = ||W_1||^2 (1 - B), B ~ Beta(N/2, (pc-N)/2)
 *     (projection of a fixed vector on a Haar N-dim subspace), independent.
 * Then train = ||W_2||^2 ||(I - AA^+) z||^2 / n and
 * test = d (||(I - P) W_1||^2 + ||W_2||^2 (||A^+ z||^2 + 1)) as in the literal
 * trial (seed 003 Sec. 3; the cross term vanishes identically). */

/* ||L^-1 zeta||^2 for the q x q lower bidiagonal L of an r x q Gaussian
 * (a_i ~ chi_{r-i+1} on the diagonal, b_i ~ chi_{q-i} below it) and
 * zeta ~ N(0, I_q): x_1 = zeta_1/a_1, x_{i+1} = (zeta_{i+1} - b_i x_i)/a_{i+1}.
 * Draw order: a_1^2, zeta_1, then per chunk the (b_i^2, a_{i+1}^2) pairs and
 * the zeta_{i+1}. */
static double bidiag_solve_norm2(long r, long q, sim_rng *rng)
{
    enum { CHUNK = 128 };
    double k[2 * CHUNK], c2[2 * CHUNK], zeta[CHUNK];
    double a = sqrt(sim_rng_chisq(rng, (double)r));
    double x = sim_rng_normal(rng) / a, s = x * x;
    for (long i0 = 1; i0 < q; i0 += CHUNK) {
        long m = q - i0 < CHUNK ? q - i0 : CHUNK;          /* i = i0 .. i0+m-1 */
        for (long t = 0; t < m; t++) {
            long i = i0 + t;
            k[2 * t] = (double)(q - i);                     /* b_i     */
            k[2 * t + 1] = (double)(r - i);                 /* a_{i+1} */
        }
        sim_rng_chisq_fill(rng, c2, k, 2 * m);
        sim_rng_normal_fill(rng, zeta, m);
        for (long t = 0; t < m; t++) {
            x = (zeta[t] - sqrt(c2[2 * t]) * x) / sqrt(c2[2 * t + 1]);
            s += x * x;
        }
    }
    return s;
}

static void linear_trial_fast(double *train, double *test, const model_desc *md,
                              const double *sd, sim_rng *rng)
{
    long N = md->d * md->n, pc = model_controlled(md);
    double w1;
    double tail2 = sim_linear_draw_target(NULL, &w1, md, sd, rng);
    long r = N > pc ? N : pc, q = N < pc ? N : pc;
    double s = bidiag_solve_norm2(r, q, rng);
    double e2 = 0.0, res2 = 0.0;
    if (N >= pc) {
        if (N > pc) res2 = sim_rng_chisq(rng, (double)(N - pc));
    } else {
        double X = sim_rng_chisq(rng, (double)N), Y = sim_rng_chisq(rng, (double)(pc - N));
        e2 = w1 * (Y / (X + Y));
    }
    *train = tail2 * res2 / (double)md->n;
    *test = (double)md->d * (e2 + tail2 * (s + 1.0));
}

int sim_linear_trial_fast(double *train, double *test, const model_desc *md, sim_rng *rng)
{
    int rc = model_validate(md);
    if (rc) return rc;
    linear_trial_fast(train, test, md, NULL, rng);
    return MODLAW_OK;
}

static int fast_trial_fn(const void *ctx, long t, sim_rng *rng, double *work)
{
    (void)work;
    const linear_ctx *c = ctx;
    linear_trial_fast(&c->train[t], &c->test[t], c->md, c->sd, rng);
    return MODLAW_OK;
}

int sim_linear_samples_fast(double *train, double *test, const model_desc *md, long trials,
                            uint64_t seed)
{
    int rc = check_linear(md, trials);
    if (rc) return rc;
    long pc = model_controlled(md);
    if ((double)pc > 1e8)
        return modlaw_fail(MODLAW_EINVAL, "--p: %ld controlled coefficients is too large to simulate", pc);
    double *sd = sim_linear_sd_table(md);
    if (!sd) return modlaw_fail(MODLAW_ENOMEM, "out of memory (p=%ld)", md->p);
    linear_ctx c = {md, sd, train, test};
    rc = sim_run_trials(fast_trial_fn, &c, 0, trials, seed);
    free(sd);
    return rc;
}
