/* sim_mlp_kernel_rule.c -- the kernel-based module learning rule of seed 003
 * (Sec. 4.3, Eq. 16, Alg. 1) with the kernels of App. E.3 (Eq. 73) and of
 * the nonlinear task (Eq. 74), and the similarity score of App. E.3.
 *
 * Objective: L(U) = y^T (K + delta I)^{-1} y over a batch of b points.  With
 * alpha = (K + delta I)^{-1} y, dL/dK = -alpha alpha^T, and for a kernel of the
 * form K_ij = exp(-|z_i - z_j|^2 / (2 sigma^2)) in features z_i:
 *     dL/dz_i = (2 / sigma^2) alpha_i [ z_i (K alpha)_i - (K (alpha o z))_i ],
 * which costs two matrix-vector products (scalar z) or one dgemm (vector z):
 * no b x b x m loop.  The chain rule to U is written out below.
 *
 * Jitter: a Gaussian kernel of a scalar feature (all of Eq. 74, the first
 * term of Eq. 73) has eigenvalues that decay faster than exponentially, so
 * for b = 128 points at sigma = 1 the Eq. 74 matrix is numerically singular:
 * dpotrf fails in double precision without a diagonal shift (measured; Eq.
 * 73 still factors thanks to its (m-1)-dimensional second term).  We add
 * delta I with delta = 1e-2 by default (K_ii = 2 for Eq. 73, 1 for Eq. 74);
 * the objective is then the kernel-ridge data-fit term with noise variance
 * delta.  With delta = 1e-3 the objective and its gradient are larger and the
 * paper's step eta = 0.1 no longer improves the similarity score (measured,
 * docs/mlp.md).  The paper does not say what it did.
 */
#include "mlp.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sim_mlp_kernel_opts sim_mlp_kernel_default_opts(sim_mlp_kernel_kind kind)
{
    sim_mlp_kernel_opts o = {kind, 1.0, 1e-2, 128, 1000, 0.1, 0};
    return o;
}

long sim_mlp_kernel_work_size(long b, long m) { return 3 * b * b + 3 * b * m + 12 * b; }

/* K_ij = exp(-(z_i - z_j)^2 / (2 s2)) for scalar features z (b). */
static void gauss_scalar(double *K, const double *z, long b, double s2)
{
    for (long i = 0; i < b; i++) {
        K[i * b + i] = 1.0;
        for (long j = 0; j < i; j++) {
            double d = z[i] - z[j], e = exp(-d * d / (2.0 * s2));
            K[i * b + j] = e;
            K[j * b + i] = e;
        }
    }
}

/* g_i = (2/s2) alpha_i [z_i (K alpha)_i - (K (alpha o z))_i]: dL/dz for a
 * Gaussian kernel of scalar features.  tmp: 2b. */
static void grad_scalar(double *g, const double *K, const double *z, const double *alpha, long b,
                        double s2, double *tmp)
{
    double *Ka = tmp, *az = tmp + b;
    for (long i = 0; i < b; i++) az[i] = alpha[i] * z[i];
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)b, (int)b, 1.0, K, (int)b, alpha, 1, 0.0, Ka, 1);
    double *Kaz = g; /* reuse g for K (alpha o z) then finish in place */
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)b, (int)b, 1.0, K, (int)b, az, 1, 0.0, Kaz, 1);
    for (long i = 0; i < b; i++) g[i] = 2.0 / s2 * alpha[i] * (z[i] * Ka[i] - Kaz[i]);
}

/* Cholesky of C = K + delta I (copied) and alpha = C^{-1} y; L = y^T alpha. */
static int solve_alpha(double *L, double *alpha, double *C, const double *K, const double *y, long b,
                       double jitter)
{
    if (C != K) memcpy(C, K, (size_t)(b * b) * sizeof(double));   /* C == K: in place */
    for (long i = 0; i < b; i++) C[i * b + i] += jitter;
    lapack_int info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'L', (lapack_int)b, C, (lapack_int)b);
    if (info != 0)
        return modlaw_fail(MODLAW_ENUM, "--jitter: kernel matrix not positive definite (dpotrf info %d); "
                           "increase the jitter", (int)info);
    memcpy(alpha, y, (size_t)b * sizeof(double));
    info = LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'L', (lapack_int)b, 1, C, (lapack_int)b, alpha, 1);
    if (info != 0) return modlaw_fail(MODLAW_ENUM, "kernel solve failed (dpotrs info %d)", (int)info);
    double s = 0;
    for (long i = 0; i < b; i++) s += y[i] * alpha[i];
    *L = s;
    return MODLAW_OK;
}

/* Seed 003 Eq. 16 with the kernel of Eq. 73 (U = (u, v)) or Eq. 74 (U = u):
 * L = y^T (K + delta I)^{-1} y and its analytic gradient. */
int sim_mlp_kernel_objective(double *L, double *gu, double *gv, const sim_mlp_kernel_opts *o,
                         const double *u, const double *v, const double *x, const double *y,
                         long b, long m, double *work)
{
    if (b < 2) return modlaw_fail(MODLAW_EINVAL, "--kr-batch: must be >= 2");
    if (!(o->sigma > 0) || !isfinite(o->sigma)) return modlaw_fail(MODLAW_EINVAL, "--sigma: must be positive");
    if (!(o->jitter >= 0) || !isfinite(o->jitter)) return modlaw_fail(MODLAW_EINVAL, "--jitter: must be >= 0");
    double s2 = o->sigma * o->sigma;
    double *K1 = work, *K2 = K1 + b * b, *C = K2 + b * b;
    double *R = C + b * b, *aR = R + b * m, *gR = aR + b * m;
    double *t = gR + b * m, *a = t + b, *alpha = a + b, *gt = alpha + b, *tmp = gt + b;
    /* tmp has 8b: scalar-gradient scratch (2b), squared norms (b), k2a (b), extra */
    int rc;
    if (o->kind == SIM_MLP_KERNEL_DIST) {
        for (long i = 0; i < b; i++) {
            double s = 0;
            for (long l = 0; l < m; l++) {
                double d = x[i * m + l] - u[l];
                s += d * d;
            }
            t[i] = sqrt(s);
        }
        gauss_scalar(K1, t, b, s2);
        if ((rc = solve_alpha(L, alpha, C, K1, y, b, o->jitter))) return rc;
        grad_scalar(gt, K1, t, alpha, b, s2, tmp);
        for (long l = 0; l < m; l++) gu[l] = 0.0;
        for (long i = 0; i < b; i++) {
            if (!(t[i] > 0)) continue;
            double w = gt[i] / t[i];
            for (long l = 0; l < m; l++) gu[l] += w * (u[l] - x[i * m + l]);
        }
        return MODLAW_OK;
    }
    /* Eq. 73: t_i = x_i.u / (v.u), r_i = x_i - t_i v,
     * K = exp(-(t_i - t_j)^2 / 2s2) + exp(-||r_i - r_j||^2 / 2s2). */
    double c = cblas_ddot((int)m, u, 1, v, 1);
    double un = cblas_dnrm2((int)m, u, 1), vn = cblas_dnrm2((int)m, v, 1);
    if (!(fabs(c) > 1e-12 * un * vn) || !isfinite(c))
        return modlaw_fail(MODLAW_ENUM, "kernel rule: v^T u = 0, the projection of Eq. 73 is undefined");
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)b, (int)m, 1.0, x, (int)m, u, 1, 0.0, a, 1);
    for (long i = 0; i < b; i++) t[i] = a[i] / c;
    for (long i = 0; i < b; i++)
        for (long l = 0; l < m; l++) R[i * m + l] = x[i * m + l] - t[i] * v[l];
    /* squared distances via the Gram matrix R R^T */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)b, (int)b, (int)m, 1.0, R, (int)m, R,
                (int)m, 0.0, K2, (int)b);
    double *sq = tmp + 2 * b, *k2a = tmp + 3 * b;
    for (long i = 0; i < b; i++) sq[i] = K2[i * b + i];
    for (long i = 0; i < b; i++) {
        K2[i * b + i] = 1.0;
        for (long j = 0; j < i; j++) {
            double d2 = sq[i] + sq[j] - 2.0 * K2[i * b + j];
            double e = exp(-(d2 > 0 ? d2 : 0.0) / (2.0 * s2));
            K2[i * b + j] = e;
            K2[j * b + i] = e;
        }
    }
    gauss_scalar(K1, t, b, s2);
    for (long i = 0; i < b * b; i++) C[i] = K1[i] + K2[i];
    /* K = K1 + K2 is built in C and factored in place (K1, K2 are kept for
     * the gradient) */
    rc = solve_alpha(L, alpha, C, C, y, b, o->jitter);
    if (rc) return rc;
    /* dL/dt from the first term */
    grad_scalar(gt, K1, t, alpha, b, s2, tmp);
    /* dL/dr_i = (2/s2) alpha_i [r_i (K2 alpha)_i - (K2 (alpha o R))_i] */
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)b, (int)b, 1.0, K2, (int)b, alpha, 1, 0.0, k2a, 1);
    for (long i = 0; i < b; i++)
        for (long l = 0; l < m; l++) aR[i * m + l] = alpha[i] * R[i * m + l];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)b, (int)m, (int)b, 1.0, K2, (int)b, aR,
                (int)m, 0.0, gR, (int)m);
    for (long i = 0; i < b; i++)
        for (long l = 0; l < m; l++)
            gR[i * m + l] = 2.0 / s2 * alpha[i] * (R[i * m + l] * k2a[i] - gR[i * m + l]);
    /* r_i = x_i - t_i v: total dL/dt_i = gt_i - v.gR_i; dL/dv gets -sum t_i gR_i */
    double sa = 0;
    for (long i = 0; i < b; i++) {
        gt[i] -= cblas_ddot((int)m, v, 1, gR + i * m, 1);
        sa += gt[i] * a[i];
    }
    /* t_i = a_i / c, a_i = x_i.u, c = v.u:
     * dt_i/du = x_i / c - a_i v / c^2,  dt_i/dv = -a_i u / c^2 */
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)b, (int)m, 1.0 / c, x, (int)m, gt, 1, 0.0, gu, 1);
    for (long l = 0; l < m; l++) gu[l] -= sa * v[l] / (c * c);
    if (gv) {
        cblas_dgemv(CblasRowMajor, CblasTrans, (int)b, (int)m, -1.0, gR, (int)m, t, 1, 0.0, gv, 1);
        for (long l = 0; l < m; l++) gv[l] -= sa * u[l] / (c * c);
    }
    return MODLAW_OK;
}

static void random_unit(double *u, long m, sim_rng *rng)
{
    double s = 0;
    for (long l = 0; l < m; l++) { u[l] = sim_rng_normal(rng); s += u[l] * u[l]; }
    s = s > 0 ? 1.0 / sqrt(s) : 1.0;
    for (long l = 0; l < m; l++) u[l] *= s;
}

/* Seed 003 Alg. 1: SGD on L(U) over random batches of b training points. */
int sim_mlp_kernel_learn(double *u, double *v, double *trace, const sim_mlp_kernel_opts *o,
                     const double *x, const double *y, long n, long m, sim_rng *rng)
{
    return sim_mlp_kernel_learn_hist(u, v, trace, NULL, o, x, y, n, m, rng);
}

int sim_mlp_kernel_learn_hist(double *u, double *v, double *trace, double *hist, const sim_mlp_kernel_opts *o,
                          const double *x, const double *y, long n, long m, sim_rng *rng)
{
    if (n < 2) return modlaw_fail(MODLAW_EINVAL, "--n: Alg. 1 needs at least 2 training points");
    if (o->batch < 2 || o->batch > 100000) return modlaw_fail(MODLAW_EINVAL, "--kr-batch: must be in [2, 100000]");
    if (o->iters < 0) return modlaw_fail(MODLAW_EINVAL, "--kr-iters: must be >= 0");
    if (!(o->lr > 0) || !isfinite(o->lr)) return modlaw_fail(MODLAW_EINVAL, "--kr-lr: must be positive");
    long b = o->batch < n ? o->batch : n;
    double *work = malloc((size_t)sim_mlp_kernel_work_size(b, m) * sizeof(double));
    double *xb = malloc((size_t)(b * m) * sizeof(double)), *yb = malloc((size_t)b * sizeof(double));
    double *gu = malloc((size_t)(2 * m) * sizeof(double));
    long *idx = malloc((size_t)n * sizeof(long));
    int rc = MODLAW_OK;
    if (!work || !xb || !yb || !gu || !idx) {
        rc = modlaw_fail(MODLAW_ENOMEM, "out of memory");
        goto done;
    }
    double *gv = gu + m;
    for (long i = 0; i < n; i++) idx[i] = i;
    if (hist) memcpy(hist, u, (size_t)m * sizeof(double));
    for (long it = 0; it < o->iters; it++) {
        /* b points without replacement: partial Fisher-Yates */
        for (long i = 0; i < b; i++) {
            long r = i + (long)(sim_rng_u64(rng) % (uint64_t)(n - i));
            long tt = idx[i]; idx[i] = idx[r]; idx[r] = tt;
            memcpy(xb + i * m, x + idx[i] * m, (size_t)m * sizeof(double));
            yb[i] = y[idx[i]];
        }
        double L;
        rc = sim_mlp_kernel_objective(&L, gu, o->kind == SIM_MLP_KERNEL_PROJ ? gv : NULL, o, u, v, xb, yb, b, m, work);
        if (rc) goto done;
        if (trace) trace[it] = L;
        for (long l = 0; l < m; l++) u[l] -= o->lr * gu[l];
        if (o->kind == SIM_MLP_KERNEL_PROJ)
            for (long l = 0; l < m; l++) v[l] -= o->lr * gv[l];
        if (o->kind == SIM_MLP_KERNEL_DIST && o->sphere) {
            double nu = cblas_dnrm2((int)m, u, 1);
            if (nu > 0) for (long l = 0; l < m; l++) u[l] /= nu;
        }
        for (long l = 0; l < m; l++)
            if (!isfinite(u[l]) || (o->kind == SIM_MLP_KERNEL_PROJ && !isfinite(v[l]))) {
                rc = modlaw_fail(MODLAW_ENUM, "--kr-lr: Alg. 1 diverged (projection not finite)");
                goto done;
            }
        if (hist) memcpy(hist + (it + 1) * m, u, (size_t)m * sizeof(double));
    }
done:
    free(work); free(xb); free(yb); free(gu); free(idx);
    return rc;
}

/* Seed 003 App. E.3: (1/K) sum_i max_j |u_hat_i . u_j| / (||u_hat_i|| ||u_j||).
 * (The printed formula omits the 1/K and the absolute value that the text
 * describes; we follow the text.) */
double sim_mlp_similarity(const double *Uh, long K, const double *U, long k, long m)
{
    double tot = 0;
    for (long i = 0; i < K; i++) {
        double ni = cblas_dnrm2((int)m, Uh + i * m, 1), best = 0;
        for (long j = 0; j < k; j++) {
            double nj = cblas_dnrm2((int)m, U + j * m, 1);
            double cs = ni > 0 && nj > 0 ? fabs(cblas_ddot((int)m, Uh + i * m, 1, U + j * m, 1)) / (ni * nj) : 0;
            if (cs > best) best = cs;
        }
        tot += best;
    }
    return K > 0 ? tot / (double)K : 0.0;
}

/* Alg. 1 repeated from K random initialisations, one module per stream. */
int sim_mlp_kernel_learn_all(double *U, double *sim_trace, long K, const sim_mlp_kernel_opts *o,
                         const double *x, const double *y, long n, long m,
                         const double *true_u, long k, uint64_t seed)
{
    if (K < 1) return modlaw_fail(MODLAW_EINVAL, "--modules: must be positive");
    if (n < 2) return modlaw_fail(MODLAW_EINVAL, "--n: Alg. 1 needs at least 2 training points");
    if (o->iters < 0) return modlaw_fail(MODLAW_EINVAL, "--kr-iters: must be >= 0");
    long T = o->iters;
    double *hist = NULL;
    if (sim_trace) {
        hist = malloc((size_t)(K * (T + 1) * m) * sizeof(double));
        if (!hist) return modlaw_fail(MODLAW_ENOMEM, "out of memory for the Alg. 1 trace");
    }
    int rc = MODLAW_OK;
    char msg[256] = "";
    int bt = openblas_get_num_threads();
    openblas_set_num_threads(1);
#pragma omp parallel for schedule(dynamic)
    for (long j = 0; j < K; j++) {
        sim_rng rng;
        sim_rng_seed(&rng, seed, (uint64_t)j);
        double *u = U + j * m, *v = malloc((size_t)m * sizeof(double));
        int r;
        if (!v) {
            r = MODLAW_ENOMEM;
        } else {
            random_unit(u, m, &rng);
            memcpy(v, u, (size_t)m * sizeof(double));
            r = sim_mlp_kernel_learn_hist(u, v, NULL, hist ? hist + j * (T + 1) * m : NULL, o, x, y, n, m, &rng);
        }
        free(v);
        if (r) {
#pragma omp critical(sim_mlp_kernel_rc)
            if (!rc) {
                rc = r;
                snprintf(msg, sizeof msg, "%s", r == MODLAW_ENOMEM ? "out of memory" : modlaw_last_error());
            }
        }
    }
    openblas_set_num_threads(bt);
    if (rc) modlaw_fail(rc, "%s", msg); /* the worker's message, on this thread */
    if (!rc && o->kind == SIM_MLP_KERNEL_PROJ)
        for (long j = 0; j < K; j++) {
            double s = cblas_dnrm2((int)m, U + j * m, 1);
            if (s > 0) for (long l = 0; l < m; l++) U[j * m + l] /= s;
        }
    if (!rc && sim_trace) {
        double *cur = malloc((size_t)(K * m) * sizeof(double));
        if (!cur) rc = modlaw_fail(MODLAW_ENOMEM, "out of memory");
        else {
            for (long it = 0; it <= T; it++) {
                for (long j = 0; j < K; j++)
                    memcpy(cur + j * m, hist + (j * (T + 1) + it) * m, (size_t)m * sizeof(double));
                sim_trace[it] = sim_mlp_similarity(cur, K, true_u, k, m);
            }
            free(cur);
        }
    }
    free(hist);
    return rc;
}
