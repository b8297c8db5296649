/* sim_linear.c -- the linear model of seed 003 (Sec. 3 and Eqs. 3-9, App. A),
 * simulated literally from its definition. */
#include "sim.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Number of tail coefficients beyond the controlled ones that are drawn
 * explicitly; the rest enter through their exact total variance (the losses
 * are linear in ||W_2||^2, so this keeps every expectation exact). */
#define SIM_TAIL_EXPLICIT 256

/* Coefficient i of the target vector.  Mono: sqrt(lambda_i) z.  Modular:
 * Wbar = k^-1/2 [sum_j F(U_j), sum_j W_j] (Eq. 7/9), each of the k modules
 * drawn independently, so every coordinate is k^-1/2 sum_j sqrt(v_i) z_j. */
static double draw_coef(const model_desc *md, long i, sim_rng *rng)
{
    double sd = sqrt(model_coef_var(md, i));
    if (md->arch == MODEL_MONO) return sd * sim_rng_normal(rng);
    double acc = 0.0;
    for (long j = 0; j < md->k; j++) acc += sd * sim_rng_normal(rng);
    return acc / sqrt((double)md->k);
}

int sim_linear_trial(double *train, double *test, const model_desc *md, sim_rng *rng)
{
    long N = md->d * md->n, pc = model_controlled(md);
    long ldb = N > pc ? N : pc, q = N < pc ? N : pc;
    size_t need = (size_t)(2 * N * pc + 2 * ldb + pc + q + N);
    double *buf = malloc(need * sizeof *buf);
    if (!buf) return modlaw_fail(MODLAW_ENOMEM, "out of memory (n=%ld p=%ld)", md->n, md->p);
    double *A = buf, *Acopy = A + N * pc, *y = Acopy + N * pc, *theta = y + ldb;
    double *W1 = theta + ldb, *sv = W1 + pc, *res = sv + q;

    /* target coefficients: controlled block W_1 and tail ||W_2||^2 */
    for (long i = 0; i < pc; i++) W1[i] = draw_coef(md, i + 1, rng);
    double tail2 = 0.0;
    for (long i = pc + 1; i <= pc + SIM_TAIL_EXPLICIT; i++) {
        double w = draw_coef(md, i, rng);
        tail2 += w * w;
    }
    tail2 += model_coef_tail(md, pc + SIM_TAIL_EXPLICIT + 1);

    /* features of the n training inputs: A (controlled columns) and the
     * uncontrolled part B W_2, which given W_2 is N(0, ||W_2||^2 I) */
    sim_rng_normal_fill(rng, A, N * pc);
    sim_rng_normal_fill(rng, res, N);
    double sd2 = sqrt(tail2);
    for (long i = 0; i < N; i++) y[i] = sd2 * res[i];
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)N, (int)pc, 1.0, A, (int)N, W1, 1, 1.0, y, 1);
    for (long i = 0; i < N * pc; i++) Acopy[i] = A[i];
    for (long i = 0; i < N; i++) theta[i] = y[i];

    /* min-norm least squares theta = A^+ y */
    lapack_int rank;
    lapack_int info = LAPACKE_dgelsd(LAPACK_COL_MAJOR, (lapack_int)N, (lapack_int)pc, 1,
                                     Acopy, (lapack_int)N, theta, (lapack_int)ldb, sv,
                                     -1.0, &rank);
    if (info != 0) {
        free(buf);
        return modlaw_fail(MODLAW_ENUM, "dgelsd failed (info %d) at n=%ld p=%ld", (int)info,
                           md->n, md->p);
    }
    /* training residual y - A theta */
    for (long i = 0; i < N; i++) res[i] = y[i];
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)N, (int)pc, -1.0, A, (int)N, theta, 1, 1.0, res, 1);
    double r2 = 0.0;
    for (long i = 0; i < N; i++) r2 += res[i] * res[i];
    double e2 = 0.0;
    for (long i = 0; i < pc; i++) {
        double dlt = theta[i] - W1[i];
        e2 += dlt * dlt;
    }
    *train = r2 / (double)md->n;
    *test = (double)md->d * (e2 + tail2);
    free(buf);
    return MODLAW_OK;
}

int sim_linear_samples(double *train, double *test, const model_desc *md,
                       long trials, uint64_t seed)
{
    int rc = model_validate(md);
    if (rc) return rc;
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
        int e = sim_linear_trial(&train[t], &test[t], md, &rng);
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
