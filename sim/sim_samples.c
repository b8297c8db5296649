/* sim_samples.c -- seed 003 Alg. 2: binary search over log2 n for the number
 * of training samples a training algorithm needs to reach test loss eps
 * (App. E.3: c0 = 12, B = 18, stop when r - l < 0.3, cap at 2^22). */
#include "mlp.h"

#include <math.h>

sim_mlp_samples_opts sim_mlp_samples_default_opts(void)
{
    sim_mlp_samples_opts o = {1.5, 18, 12.0, 22.0, 0.3};
    return o;
}

/* Seed 003 Alg. 2.  l = 0, r = inf, c = c0; per iteration: e = T(2^c);
 * e > eps: l = c, c = c + 2 (r = inf) or (c + r)/2; else r = c, c = (l + c)/2.
 * Additions documented in docs/mlp.md: the loop also stops when r - l < tol
 * (App. E.3) and when c would pass cmax with the loss still above eps (the
 * paper's cap at 2^22); then the result is +inf ("not reached").  The
 * returned value is 2^r, the smallest tried size known to reach eps (Alg. 2
 * as printed returns 2^c, a midpoint that was never tried; see the docs). */
int sim_mlp_samples_search(double *n_out, double *trace_c, double *trace_loss, long *ntrace,
                       const sim_mlp_samples_opts *o, sim_mlp_samples_fn train, void *ctx)
{
    *n_out = NAN;
    *ntrace = 0;
    if (!(o->eps > 0) || !isfinite(o->eps)) return modlaw_fail(MODLAW_EINVAL, "--eps: must be positive");
    if (o->B < 1 || o->B > 1000) return modlaw_fail(MODLAW_EINVAL, "--search-iters: must be in [1, 1000]");
    if (!(o->c0 >= 0) || !(o->cmax >= o->c0) || o->cmax > 40)
        return modlaw_fail(MODLAW_EINVAL, "--c0: need 0 <= c0 <= cmax <= 40");
    if (!(o->tol > 0)) return modlaw_fail(MODLAW_EINVAL, "--tol: must be positive");
    double l = 0, r = INFINITY, c = o->c0;
    for (long b = 0; b < o->B; b++) {
        long n = (long)llround(pow(2.0, c));
        if (n < 1) n = 1;
        double e;
        int rc = train(&e, n, ctx);
        if (rc) return rc;
        if (trace_c) trace_c[*ntrace] = c;
        if (trace_loss) trace_loss[*ntrace] = e;
        (*ntrace)++;
        if (e > o->eps) {
            l = c;
            if (isinf(r)) {
                if (c >= o->cmax) break;
                c = c + 2 > o->cmax ? o->cmax : c + 2;
            } else {
                c = (c + r) / 2;
            }
        } else {
            r = c;
            c = (l + c) / 2;
        }
        if (!isinf(r) && r - l < o->tol) break;
    }
    *n_out = isinf(r) ? INFINITY : (double)llround(pow(2.0, r)); /* the n actually trained */
    return MODLAW_OK;
}

/* ---- one experiment (the training algorithm T(n) of Alg. 2) ---------------- */

#include <stdlib.h>
#include <string.h>
#include <time.h>

sim_mlp_exp_cfg sim_mlp_exp_default(sim_mlp_method method)
{
    sim_mlp_exp_cfg c;
    memset(&c, 0, sizeof c);
    c.task = SIM_MLP_TASK_SINE;
    c.method = method;
    c.k = 5;
    c.m = 5;
    c.tau = 3;
    c.n = 1000;
    c.ntest = 2000;
    c.width = 32;
    c.layers = method == SIM_MLP_METHOD_MONO ? 5 : 4;
    c.modules = 0;
    c.iters = method == SIM_MLP_METHOD_MONO ? 10000 : 1000;
    c.batch = 0;
    c.lr = 0.01;
    c.kr = sim_mlp_kernel_default_opts(SIM_MLP_KERNEL_PROJ);
    c.seed = 1;
    return c;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Seed 003 Sec. 4.2 / App. E.2-E.3: draw the sine-wave task, train the
 * monolithic, modular or "ours" network with Adam on the MSE, report the
 * train and test losses. */
int sim_mlp_exp_run(sim_mlp_exp_result *res, const sim_mlp_exp_cfg *c)
{
    double t0 = now_seconds();
    memset(res, 0, sizeof *res);
    res->similarity = res->similarity_init = NAN;
    if (c->n < 1 || c->n > 100000000) return modlaw_fail(MODLAW_EINVAL, "--n: must be in [1, 1e8]");
    if (c->ntest < 1 || c->ntest > 100000000) return modlaw_fail(MODLAW_EINVAL, "--ntest: must be in [1, 1e8]");
    if (c->iters < 0) return modlaw_fail(MODLAW_EINVAL, "--iters: must be >= 0");
    if (!(c->lr > 0) || !isfinite(c->lr)) return modlaw_fail(MODLAW_EINVAL, "--lr: must be positive");
    if (c->batch < 0) return modlaw_fail(MODLAW_EINVAL, "--batch: must be >= 0");
    if (c->method < SIM_MLP_METHOD_MONO || c->method > SIM_MLP_METHOD_OURS_FIXED)
        return modlaw_fail(MODLAW_EINVAL, "--arch: unknown method");
    sim_mlp_task *task = NULL;
    sim_mlp *net = NULL;
    double *x = NULL, *y = NULL, *xt = NULL, *yt = NULL;
    sim_rng rng;
    sim_rng_seed(&rng, c->seed, 0);
    int rc = sim_mlp_task_alloc(&task, c->task, c->k, c->m, c->tau, &rng);
    if (rc) return rc;
    long m = c->m, n = c->n;
    x = malloc((size_t)(n * m) * sizeof(double));
    y = malloc((size_t)n * sizeof(double));
    xt = malloc((size_t)(c->ntest * m) * sizeof(double));
    yt = malloc((size_t)c->ntest * sizeof(double));
    if (!x || !y || !xt || !yt) {
        rc = modlaw_fail(MODLAW_ENOMEM, "--n: out of memory for %ld points", n);
        goto done;
    }
    sim_rng_seed(&rng, c->seed, 1);
    if ((rc = sim_mlp_task_sample(x, y, task, n, &rng))) goto done;
    sim_rng_seed(&rng, c->seed, 2);
    if ((rc = sim_mlp_task_sample(xt, yt, task, c->ntest, &rng))) goto done;

    sim_mlp_arch a;
    a.kind = c->method == SIM_MLP_METHOD_MONO ? SIM_MLP_MONO : SIM_MLP_MODULAR;
    a.input = c->task == SIM_MLP_TASK_SINE_DIST ? SIM_MLP_INPUT_DIST : SIM_MLP_INPUT_PROJ;
    a.in_dim = m;
    a.width = c->width;
    a.layers = c->layers;
    a.modules = c->modules > 0 ? c->modules : 5 * c->k;
    long batch = c->batch <= 0 || c->batch >= n ? n : c->batch;
    long maxb = batch > 4096 ? batch : 4096;
    if (maxb > n && maxb > c->ntest) maxb = n > c->ntest ? n : c->ntest;
    if (maxb < batch) maxb = batch;
    if ((rc = sim_mlp_alloc(&net, &a, maxb))) goto done;
    sim_rng_seed(&rng, c->seed, 3);
    sim_mlp_init(net, &rng);
    double *U = sim_mlp_projections(net);
    long K = a.modules;
    if (c->method == SIM_MLP_METHOD_OURS || c->method == SIM_MLP_METHOD_OURS_FIXED) {
        sim_mlp_kernel_opts ko = c->kr;
        ko.kind = c->task == SIM_MLP_TASK_SINE_DIST ? SIM_MLP_KERNEL_DIST : SIM_MLP_KERNEL_PROJ;
        if ((rc = sim_mlp_kernel_learn_all(U, NULL, K, &ko, x, y, n, m, task->u, c->k,
                                       c->seed ^ 0xA1C0DE5EEDULL)))
            goto done;
    } else if (c->method == SIM_MLP_METHOD_TRUE) {
        for (long j = 0; j < K; j++)
            memcpy(U + j * m, task->u + (j % c->k) * m, (size_t)m * sizeof(double));
    }
    if (U) res->similarity_init = sim_mlp_similarity(U, K, task->u, c->k, m);
    sim_mlp_train_opts to = {c->iters, c->lr, batch, c->method == SIM_MLP_METHOD_OURS_FIXED};
    sim_rng_seed(&rng, c->seed, 4);
    if ((rc = sim_mlp_train(&res->train, net, x, y, n, &to, &rng))) goto done;
    if ((rc = sim_mlp_eval(&res->test, net, xt, yt, c->ntest))) goto done;
    if (U) res->similarity = sim_mlp_similarity(U, K, task->u, c->k, m);
    res->params = sim_mlp_nparams(net);
    res->paper_params = sim_mlp_paper_params(&a);
done:
    sim_mlp_free(net);
    sim_mlp_task_free(task);
    free(x); free(y); free(xt); free(yt);
    res->seconds = now_seconds() - t0;
    return rc;
}
