/* sim_ridge.c -- Monte-Carlo simulation of the ridge-regularised linear model
 * (the model of seed 003 Sec. 3 / App. A fitted with a ridge penalty instead
 * of the minimum-norm interpolator), to check theory_ridge. */
#include "sim.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Tail coefficients drawn explicitly; the rest enter through their exact
 * total variance (the losses depend on the tail only through ||W_2||^2). */
#define RIDGE_TAIL_EXPLICIT 256

int sim_ridge_trial(double *train, double *test, const model_desc *md, double lam, sim_rng *rng)
{
    long N = md->d * md->n, pc = model_controlled(md);
    size_t need = (size_t)(N * pc + pc * pc + 2 * N + 2 * pc);
    double *buf = malloc(need * sizeof *buf);
    if (!buf) return modlaw_fail(MODLAW_ENOMEM, "out of memory (n=%ld p=%ld)", md->n, md->p);
    double *A = buf, *G = A + N * pc, *y = G + pc * pc, *res = y + N, *W1 = res + N, *th = W1 + pc;

    /* target: W_1 ~ N(0, diag of the covariance) (for the modular model the
     * k-module sum k^-1/2 sum_j has the same Gaussian law); tail norm */
    for (long i = 0; i < pc; i++) W1[i] = sqrt(model_coef_var(md, i + 1)) * sim_rng_normal(rng);
    double tail2 = 0.0;
    for (long i = pc + 1; i <= pc + RIDGE_TAIL_EXPLICIT; i++) {
        double w = sqrt(model_coef_var(md, i)) * sim_rng_normal(rng);
        tail2 += w * w;
    }
    tail2 += model_coef_tail(md, pc + RIDGE_TAIL_EXPLICIT + 1);

    sim_rng_normal_fill(rng, A, N * pc);
    sim_rng_normal_fill(rng, res, N);
    double sd2 = sqrt(tail2);
    for (long i = 0; i < N; i++) y[i] = sd2 * res[i];
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)N, (int)pc, 1.0, A, (int)N, W1, 1, 1.0, y, 1);

    /* (A^T A + N lam I) theta = A^T y */
    cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)pc, (int)N, 1.0, A, (int)N, 0.0, G, (int)pc);
    for (long i = 0; i < pc; i++) G[i * pc + i] += (double)N * lam;
    cblas_dgemv(CblasColMajor, CblasTrans, (int)N, (int)pc, 1.0, A, (int)N, y, 1, 0.0, th, 1);
    lapack_int info = LAPACKE_dposv(LAPACK_COL_MAJOR, 'U', (lapack_int)pc, 1, G, (lapack_int)pc, th,
                                    (lapack_int)pc);
    if (info != 0) {
        free(buf);
        return modlaw_fail(MODLAW_ENUM, "dposv failed (info %d) at n=%ld p=%ld", (int)info, md->n, md->p);
    }
    for (long i = 0; i < N; i++) res[i] = y[i];
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)N, (int)pc, -1.0, A, (int)N, th, 1, 1.0, res, 1);
    double r2 = 0.0, e2 = 0.0;
    for (long i = 0; i < N; i++) r2 += res[i] * res[i];
    for (long i = 0; i < pc; i++) e2 += (th[i] - W1[i]) * (th[i] - W1[i]);
    *train = r2 / (double)md->n;
    *test = (double)md->d * (e2 + tail2);
    free(buf);
    return MODLAW_OK;
}

int sim_ridge_samples(double *train, double *test, const model_desc *md, double lam,
                      long trials, uint64_t seed)
{
    int rc = model_validate(md);
    if (rc) return rc;
    if (!(lam > 0) || !isfinite(lam))
        return modlaw_fail(MODLAW_EINVAL, "--ridge: must be a finite number > 0 (got %g)", lam);
    if (trials < 1)
        return modlaw_fail(MODLAW_EINVAL, "--trials: must be a positive integer (got %ld)", trials);
    if ((double)md->d * (double)md->n * (double)model_controlled(md) > 2e8)
        return modlaw_fail(MODLAW_EINVAL, "--n: d*n*p = %ld*%ld*%ld is too large to simulate",
                           md->d, md->n, model_controlled(md));
    int status = MODLAW_OK;
    char msg[512] = "";
    int blas_threads = openblas_get_num_threads();
    openblas_set_num_threads(1);
    #pragma omp parallel for schedule(dynamic, 1)
    for (long t = 0; t < trials; t++) {
        int st;
        #pragma omp atomic read
        st = status;
        if (st) continue;
        sim_rng rng;
        sim_rng_seed(&rng, seed, (uint64_t)t);
        int e = sim_ridge_trial(&train[t], &test[t], md, lam, &rng);
        if (e) {
            #pragma omp critical
            {
                status = e;
                snprintf(msg, sizeof msg, "%s", modlaw_last_error());
            }
        }
    }
    openblas_set_num_threads(blas_threads);
    if (status) return modlaw_fail(status, "%s", msg);
    return MODLAW_OK;
}
