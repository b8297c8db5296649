/* sim_ridge.c -- Monte-Carlo simulation of the ridge-regularised linear model
 * (the model of seed 003 Sec. 3 / App. A fitted with a ridge penalty instead
 * of the minimum-norm interpolator), to check theory_ridge. */
#include "sim.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Workspace: A (N pc), G (pc pc), y (N), res (N), W1 (pc), theta (pc). */
static long ridge_work_size(const model_desc *md)
{
    long N = md->d * md->n, pc = model_controlled(md);
    return N * pc + pc * pc + 2 * N + 2 * pc;
}

static int ridge_trial(double *train, double *test, const model_desc *md, double lam,
                       const double *sd, sim_rng *rng, double *work)
{
    long N = md->d * md->n, pc = model_controlled(md);
    double *A = work, *G = A + N * pc, *y = G + pc * pc, *res = y + N, *W1 = res + N, *th = W1 + pc;
    /* the same target and data as the min-norm simulation (sim_linear.c) */
    double tail2 = sim_linear_draw_data(A, y, W1, res, md, sd, rng);

    /* (A^T A + N lam I) theta = A^T y */
    cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)pc, (int)N, 1.0, A, (int)N, 0.0, G, (int)pc);
    for (long i = 0; i < pc; i++) G[i * pc + i] += (double)N * lam;
    cblas_dgemv(CblasColMajor, CblasTrans, (int)N, (int)pc, 1.0, A, (int)N, y, 1, 0.0, th, 1);
    lapack_int info = LAPACKE_dposv(LAPACK_COL_MAJOR, 'U', (lapack_int)pc, 1, G, (lapack_int)pc, th,
                                    (lapack_int)pc);
    if (info != 0)
        return modlaw_fail(MODLAW_ENUM, "dposv failed (info %d) at n=%ld p=%ld", (int)info, md->n, md->p);
    for (long i = 0; i < N; i++) res[i] = y[i];
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)N, (int)pc, -1.0, A, (int)N, th, 1, 1.0, res, 1);
    double r2 = 0.0, e2 = 0.0;
    for (long i = 0; i < N; i++) r2 += res[i] * res[i];
    for (long i = 0; i < pc; i++) e2 += (th[i] - W1[i]) * (th[i] - W1[i]);
    *train = r2 / (double)md->n;
    *test = (double)md->d * (e2 + tail2);
    return MODLAW_OK;
}

int sim_ridge_trial(double *train, double *test, const model_desc *md, double lam, sim_rng *rng)
{
    int rc = model_validate(md);
    if (rc) return rc;
    if (!(lam > 0) || !isfinite(lam))
        return modlaw_fail(MODLAW_EINVAL, "--ridge: must be a finite number > 0 (got %g)", lam);
    double *work = malloc((size_t)ridge_work_size(md) * sizeof *work);
    if (!work) return modlaw_fail(MODLAW_ENOMEM, "out of memory (n=%ld p=%ld)", md->n, md->p);
    rc = ridge_trial(train, test, md, lam, NULL, rng, work);
    free(work);
    return rc;
}

typedef struct {
    const model_desc *md;
    double lam;
    const double *sd;
    double *train, *test;
} ridge_ctx;

static int ridge_trial_fn(const void *ctx, long t, sim_rng *rng, double *work)
{
    const ridge_ctx *c = ctx;
    return ridge_trial(&c->train[t], &c->test[t], c->md, c->lam, c->sd, rng, work);
}

int sim_ridge_samples(double *train, double *test, const model_desc *md, double lam,
                      long trials, uint64_t seed)
{
    int rc = model_validate(md);
    if (rc) return rc;
    if (!(lam > 0) || !isfinite(lam))
        return modlaw_fail(MODLAW_EINVAL, "--ridge: must be a finite number > 0 (got %g)", lam);
    if ((double)md->d * (double)md->n * (double)model_controlled(md) > 2e8)
        return modlaw_fail(MODLAW_EINVAL, "--n: d*n*p = %ld*%ld*%ld is too large to simulate",
                           md->d, md->n, model_controlled(md));
    double *sd = sim_linear_sd_table(md);
    if (!sd) return modlaw_fail(MODLAW_ENOMEM, "out of memory (p=%ld)", md->p);
    ridge_ctx c = {md, lam, sd, train, test};
    rc = sim_run_trials(ridge_trial_fn, &c, ridge_work_size(md), trials, seed);
    free(sd);
    return rc;
}
