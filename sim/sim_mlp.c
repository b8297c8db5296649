/* sim_mlp.c -- dense ReLU MLPs and sums of scalar-input MLP modules (seed 003,
 * Sec. 4.2, App. E.2-E.3, Eq. 72): forward, backward (BLAS-3), Adam, MSE.
 *
 * Flat parameter layout (gradients mirror it):
 *   MONO:    for l = 0..L-1: W_l (O_l x I_l, row-major, PyTorch layout), b_l (O_l),
 *            I_0 = m, I_l = O_{l-1} = W, O_{L-1} = 1.
 *   MODULAR: U (K x m, row j = u_j), then for each module j = 0..K-1 the
 *            layers of a scalar MLP (I_0 = 1, O_{L-1} = 1) laid out as above.
 *
 * Activation cache: act[l] = ReLU(layer l output) (B x O_l; the last layer's
 * output, yhat, has no ReLU).  Modular nets cache all modules when that fits
 * in 256 MB (sim_mlp_set_cache_limit), otherwise each module's forward pass is recomputed
 * during the backward pass (memory K x less, about 1/3 more arithmetic).
 *
 * Modules are independent given their inputs, so the modular passes run in
 * parallel over modules (OpenMP, one module per iteration, OpenBLAS set to one
 * thread inside); every module's arithmetic is the same whatever the thread
 * count, and the sum over modules is taken in a fixed order, so results are
 * bit-identical across thread counts.  Monolithic nets use OpenBLAS threads.
 */
#include "mlp.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static double cache_limit = 256.0 * 1024 * 1024;

/* Memory budget for caching every module's activations (see file comment). */
void sim_mlp_set_cache_limit(double bytes) { cache_limit = bytes; }

struct sim_mlp {
    sim_mlp_arch a;
    long max_batch;
    long nparams;
    long mod_params;      /* parameters of one scalar MLP (modular) / of the net */
    long proj;            /* K*m (modular) or 0                                */
    double *params, *grads;
    /* layer shapes */
    long *fin, *fout, *woff;   /* per layer: fan-in, fan-out, offset of W_l in the MLP block */
    /* caches */
    int cache_all;
    int nthreads;
    long cache_per;       /* doubles of activations for one MLP at max_batch   */
    double *cache;        /* cache_all ? K*cache_per : nthreads*cache_per       */
    double *buf;          /* nthreads * 2 * B*W  backward ping-pong            */
    double *St, *dSt;     /* modular: K x B module inputs and their gradients  */
    double *Out;          /* modular: K x B module outputs                     */
    double *dy;           /* B                                                 */
    double *ones;         /* B ones (column sums by dgemv)                     */
};

static long max_l(long a, long b) { return a > b ? a : b; }

int sim_mlp_alloc(sim_mlp **out, const sim_mlp_arch *a, long max_batch)
{
    *out = NULL;
    if (a->in_dim < 1 || a->in_dim > 100000) return modlaw_fail(MODLAW_EINVAL, "--m: must be in [1, 100000]");
    if (a->width < 1 || a->width > 100000) return modlaw_fail(MODLAW_EINVAL, "--width: must be in [1, 100000]");
    if (a->layers < 1 || a->layers > 1000) return modlaw_fail(MODLAW_EINVAL, "--layers: must be in [1, 1000]");
    if (a->kind == SIM_MLP_MODULAR && (a->modules < 1 || a->modules > 100000))
        return modlaw_fail(MODLAW_EINVAL, "--modules: must be in [1, 100000]");
    if (max_batch < 1 || max_batch > 100000000) return modlaw_fail(MODLAW_EINVAL, "--batch: must be in [1, 1e8]");
    sim_mlp *n = calloc(1, sizeof *n);
    if (!n) return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    n->a = *a;
    if (a->kind == SIM_MLP_MONO) n->a.modules = 1;
    n->max_batch = max_batch;
    long L = a->layers, W = a->width, m = a->in_dim;
    n->fin = malloc((size_t)L * sizeof(long));
    n->fout = malloc((size_t)L * sizeof(long));
    n->woff = malloc((size_t)L * sizeof(long));
    if (!n->fin || !n->fout || !n->woff) goto nomem;
    long off = 0, acts = 0;
    for (long l = 0; l < L; l++) {
        n->fin[l] = l == 0 ? (a->kind == SIM_MLP_MONO ? m : 1) : W;
        n->fout[l] = l == L - 1 ? 1 : W;
        n->woff[l] = off;
        off += n->fin[l] * n->fout[l] + n->fout[l];
        acts += n->fout[l];
    }
    n->mod_params = off;
    n->proj = a->kind == SIM_MLP_MODULAR ? a->modules * m : 0;
    long K = n->a.modules;
    n->nparams = n->proj + K * off;
    n->cache_per = acts * max_batch;
#ifdef _OPENMP
    n->nthreads = omp_get_max_threads();
#else
    n->nthreads = 1;
#endif
    if (n->nthreads < 1) n->nthreads = 1;
    if (a->kind == SIM_MLP_MONO) n->nthreads = 1;
    double cache_bytes = (double)K * (double)n->cache_per * sizeof(double);
    n->cache_all = a->kind == SIM_MLP_MONO || cache_bytes <= cache_limit;
    long ncache = n->cache_all ? K : n->nthreads;
    long bw = max_batch * max_l(W, m);
    n->params = calloc((size_t)n->nparams, sizeof(double));
    n->grads = calloc((size_t)n->nparams, sizeof(double));
    n->cache = malloc((size_t)(ncache * n->cache_per) * sizeof(double));
    n->buf = malloc((size_t)(n->nthreads * 2 * bw) * sizeof(double));
    n->dy = malloc((size_t)max_batch * sizeof(double));
    n->ones = malloc((size_t)max_batch * sizeof(double));
    if (!n->params || !n->grads || !n->cache || !n->buf || !n->dy || !n->ones) goto nomem;
    for (long i = 0; i < max_batch; i++) n->ones[i] = 1.0;
    if (a->kind == SIM_MLP_MODULAR) {
        n->St = malloc((size_t)(K * max_batch) * sizeof(double));
        n->dSt = malloc((size_t)(K * max_batch) * sizeof(double));
        n->Out = malloc((size_t)(K * max_batch) * sizeof(double));
        if (!n->St || !n->dSt || !n->Out) goto nomem;
    }
    *out = n;
    return MODLAW_OK;
nomem:
    sim_mlp_free(n);
    return modlaw_fail(MODLAW_ENOMEM, "out of memory for the network (max batch %ld)", max_batch);
}

void sim_mlp_free(sim_mlp *n)
{
    if (!n) return;
    free(n->fin); free(n->fout); free(n->woff);
    free(n->params); free(n->grads); free(n->cache); free(n->buf); free(n->dy); free(n->ones);
    free(n->St); free(n->dSt); free(n->Out);
    free(n);
}

long sim_mlp_nparams(const sim_mlp *n) { return n->nparams; }
double *sim_mlp_params(sim_mlp *n) { return n->params; }
double *sim_mlp_grads(sim_mlp *n) { return n->grads; }
const sim_mlp_arch *sim_mlp_get_arch(const sim_mlp *n) { return &n->a; }
double *sim_mlp_projections(sim_mlp *n) { return n->a.kind == SIM_MLP_MODULAR ? n->params : NULL; }

/* Seed 003 App. E.2: parameters counted with the input dimension set to 1. */
long sim_mlp_paper_params(const sim_mlp_arch *a)
{
    long L = a->layers, W = a->width, p = 0;
    for (long l = 0; l < L; l++) {
        long nI = l == 0 ? 1 : W, nO = l == L - 1 ? 1 : W;
        p += nI * nO + nO;
    }
    if (a->kind == SIM_MLP_MODULAR) p = a->modules * (p + 1);
    return p;
}

/* PyTorch nn.Linear default init (kaiming_uniform with a = sqrt 5): W, b ~
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)); projections uniform on the sphere. */
void sim_mlp_init(sim_mlp *n, sim_rng *rng)
{
    long m = n->a.in_dim, K = n->a.modules;
    if (n->a.kind == SIM_MLP_MODULAR) {
        for (long j = 0; j < K; j++) {
            double *u = n->params + j * m, s = 0;
            for (long i = 0; i < m; i++) { u[i] = sim_rng_normal(rng); s += u[i] * u[i]; }
            s = s > 0 ? 1.0 / sqrt(s) : 1.0;
            for (long i = 0; i < m; i++) u[i] *= s;
        }
    }
    for (long j = 0; j < K; j++) {
        double *P = n->params + n->proj + j * n->mod_params;
        for (long l = 0; l < n->a.layers; l++) {
            double bound = 1.0 / sqrt((double)n->fin[l]);
            long cnt = n->fin[l] * n->fout[l] + n->fout[l];
            for (long i = 0; i < cnt; i++) P[n->woff[l] + i] = bound * (2.0 * sim_rng_uniform(rng) - 1.0);
        }
    }
}

/* ---- layers ------------------------------------------------------------------ */

/* out (B x O) = act(inp (B x I) W^T (I x O) + b (O)), act = ReLU if relu
 * else identity;  W is O x I row-major.  One dgemm (dgemv when O = 1, a
 * rank-1 update when I = 1), then bias and ReLU fused in one pass. */
static void linear_forward(double *out, const double *inp, const double *W, const double *b,
                           long B, long nI, long nO, int relu)
{
    if (nO == 1) {
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)B, (int)nI, 1.0, inp, (int)nI, W, 1, 0.0, out, 1);
        double b0 = b[0];
#pragma omp simd
        for (long r = 0; r < B; r++) {
            double v = out[r] + b0;
            out[r] = relu && v < 0.0 ? 0.0 : v;
        }
        return;
    }
    if (nI == 1) {
        for (long r = 0; r < B; r++) {
            double x = inp[r], *o = out + r * nO;
#pragma omp simd
            for (long j = 0; j < nO; j++) {
                double v = x * W[j] + b[j];
                o[j] = relu && v < 0.0 ? 0.0 : v;
            }
        }
        return;
    }
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)B, (int)nO, (int)nI, 1.0, inp,
                (int)nI, W, (int)nI, 0.0, out, (int)nO);
    for (long r = 0; r < B; r++) {
        double *o = out + r * nO;
#pragma omp simd
        for (long j = 0; j < nO; j++) {
            double v = o[j] + b[j];
            o[j] = relu && v < 0.0 ? 0.0 : v;
        }
    }
}

/* dinp (B x I) = dout (B x O) W (O x I)   (skipped when dinp is NULL)
 * dW   (O x I) = dout^T (O x B) inp (B x I)      (overwritten)
 * db   (O)     = dout^T 1 (column sums)           (overwritten)
 * BLAS-2 forms when I = 1 or O = 1; `ones` holds B ones. */
static void linear_backward(double *dinp, double *dW, double *db, const double *dout,
                            const double *inp, const double *W, long B, long nI, long nO,
                            const double *ones)
{
    if (dinp) {
        if (nI == 1)
            cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)B, (int)nO, 1.0, dout, (int)nO, W, 1, 0.0, dinp, 1);
        else if (nO == 1)
            for (long r = 0; r < B; r++) {
                double d = dout[r], *o = dinp + r * nI;
#pragma omp simd
                for (long i = 0; i < nI; i++) o[i] = d * W[i];
            }
        else
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)B, (int)nI, (int)nO, 1.0, dout,
                        (int)nO, W, (int)nI, 0.0, dinp, (int)nI);
    }
    if (nO == 1)
        cblas_dgemv(CblasRowMajor, CblasTrans, (int)B, (int)nI, 1.0, inp, (int)nI, dout, 1, 0.0, dW, 1);
    else if (nI == 1)
        cblas_dgemv(CblasRowMajor, CblasTrans, (int)B, (int)nO, 1.0, dout, (int)nO, inp, 1, 0.0, dW, 1);
    else
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)nO, (int)nI, (int)B, 1.0, dout,
                    (int)nO, inp, (int)nI, 0.0, dW, (int)nI);
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)B, (int)nO, 1.0, dout, (int)nO, ones, 1, 0.0, db, 1);
}

/* d = d * 1[out > 0] on N values (out = the ReLU output). */
static void relu_backward(double *d, const double *out, long N)
{
#pragma omp simd
    for (long i = 0; i < N; i++) d[i] = out[i] > 0.0 ? d[i] : 0.0;
}

/* One MLP (the monolithic net or module j): x (B x I_0) -> y (B), caching
 * activations in `cache` (act[l] consecutive, B x O_l each).  Returns a
 * pointer to the output (inside the cache). */
static const double *mlp_forward(const sim_mlp *n, const double *P, const double *x, long B, double *cache)
{
    const double *in = x;
    double *act = cache;
    for (long l = 0; l < n->a.layers; l++) {
        linear_forward(act, in, P + n->woff[l], P + n->woff[l] + n->fin[l] * n->fout[l], B, n->fin[l],
                       n->fout[l], l < n->a.layers - 1);
        in = act;
        act += B * n->fout[l];
    }
    return in;
}

/* Backward through one MLP given dy (B): gradients into G (same layout as P),
 * input gradient into dx (B x I_0) when non-NULL.  buf: 2 * B * max(W, I_0). */
static void mlp_backward(const sim_mlp *n, double *G, double *dx, const double *P, const double *x,
                         const double *dy, long B, const double *cache, double *buf)
{
    long L = n->a.layers, half = B * max_l(n->a.width, n->fin[0]);
    const double *acts[1000];
    const double *a = cache;
    for (long l = 0; l < L; l++) { acts[l] = a; a += B * n->fout[l]; }
    const double *dout = dy;
    double *b0 = buf, *b1 = buf + half;
    for (long l = L - 1; l >= 0; l--) {
        const double *inp = l ? acts[l - 1] : x;
        double *dinp = l ? b0 : dx;
        linear_backward(dinp, G + n->woff[l], G + n->woff[l] + n->fin[l] * n->fout[l], dout, inp,
                        P + n->woff[l], B, n->fin[l], n->fout[l], n->ones);
        if (l) {
            relu_backward(dinp, acts[l - 1], B * n->fin[l]);
            dout = dinp;
            double *t = b0; b0 = b1; b1 = t;
        }
    }
}

/* Module inputs St (K x B): s_j(x_b) = u_j^T x_b (one dgemm) or ||u_j - x_b||. */
static void modular_inputs(sim_mlp *n, const double *x, long B)
{
    long K = n->a.modules, m = n->a.in_dim;
    const double *U = n->params;
    if (n->a.input == SIM_MLP_INPUT_PROJ) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)K, (int)B, (int)m, 1.0, U, (int)m,
                    x, (int)m, 0.0, n->St, (int)B);
    } else {
        for (long j = 0; j < K; j++)
            for (long b = 0; b < B; b++) {
                double s = 0;
                for (long i = 0; i < m; i++) {
                    double d = U[j * m + i] - x[b * m + i];
                    s += d * d;
                }
                n->St[j * B + b] = sqrt(s);
            }
    }
}

static double *module_cache(sim_mlp *n, long j, int tid)
{
    return n->cache + (n->cache_all ? j : tid) * n->cache_per;
}

/* Run the module loop in parallel only when a pass is worth a fork/join:
 * about 2 B W^2 (L - 2) K flops; below ~2e7 the OpenMP barrier (and, on a
 * loaded machine, spinning threads) costs more than it saves (measured:
 * W = 8..16, B = 1000, K = 10 ran 4x slower on 2 threads than on 1). */
static int modular_parallel(const sim_mlp *n, long B)
{
    double W = (double)n->a.width, L = (double)(n->a.layers > 2 ? n->a.layers - 2 : 0) + 1.0;
    return n->nthreads > 1 && 2.0 * (double)B * W * W * L * (double)n->a.modules > 2e7;
}

static int thread_id(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

/* Forward of all modules into Out (K x B); yhat[b] = sum_j Out[j, b] in
 * order j = 0..K-1 (Eq. 72). */
static void modular_forward(sim_mlp *n, double *yhat, const double *x, long B)
{
    long K = n->a.modules;
    modular_inputs(n, x, B);
    int par = modular_parallel(n, B), bt = openblas_get_num_threads();
    if (par) openblas_set_num_threads(1);
#pragma omp parallel for schedule(static) num_threads(n->nthreads) if (par)
    for (long j = 0; j < K; j++) {
        const double *P = n->params + n->proj + j * n->mod_params;
        const double *o = mlp_forward(n, P, n->St + j * B, B, module_cache(n, j, thread_id()));
        memcpy(n->Out + j * B, o, (size_t)B * sizeof(double));
    }
    if (par) openblas_set_num_threads(bt);
    for (long b = 0; b < B; b++) yhat[b] = 0.0;
    for (long j = 0; j < K; j++)
        for (long b = 0; b < B; b++) yhat[b] += n->Out[j * B + b];
}

int sim_mlp_forward(double *yhat, sim_mlp *n, const double *x, long B)
{
    if (B < 1 || B > n->max_batch) return modlaw_fail(MODLAW_EINVAL, "batch %ld outside [1, %ld]", B, n->max_batch);
    if (n->a.kind == SIM_MLP_MONO) {
        const double *o = mlp_forward(n, n->params, x, B, n->cache);
        memcpy(yhat, o, (size_t)B * sizeof(double));
    } else {
        modular_forward(n, yhat, x, B);
    }
    return MODLAW_OK;
}

/* MSE loss (1/B) sum (yhat - y)^2 and its full gradient (seed 003 App. E.2:
 * networks trained on mean squared error). */
int sim_mlp_loss_grad(double *loss, sim_mlp *n, const double *x, const double *y, long B)
{
    if (B < 1 || B > n->max_batch) return modlaw_fail(MODLAW_EINVAL, "batch %ld outside [1, %ld]", B, n->max_batch);
    double *yhat = n->dy;
    int rc = sim_mlp_forward(yhat, n, x, B);
    if (rc) return rc;
    double s = 0;
    for (long b = 0; b < B; b++) {
        double r = yhat[b] - y[b];
        s += r * r;
        n->dy[b] = 2.0 * r / (double)B;
    }
    *loss = s / (double)B;
    if (!isfinite(*loss)) return modlaw_fail(MODLAW_ENUM, "--lr: training diverged (loss is not finite)");
    if (n->a.kind == SIM_MLP_MONO) {
        mlp_backward(n, n->grads, NULL, n->params, x, n->dy, B, n->cache, n->buf);
        return MODLAW_OK;
    }
    long K = n->a.modules, m = n->a.in_dim;
    long half = B * max_l(n->a.width, 1);
    int par = modular_parallel(n, B), bt = openblas_get_num_threads();
    if (par) openblas_set_num_threads(1);
#pragma omp parallel for schedule(static) num_threads(n->nthreads) if (par)
    for (long j = 0; j < K; j++) {
        int tid = thread_id();
        const double *P = n->params + n->proj + j * n->mod_params;
        double *c = module_cache(n, j, tid);
        if (!n->cache_all) mlp_forward(n, P, n->St + j * B, B, c);
        mlp_backward(n, n->grads + n->proj + j * n->mod_params, n->dSt + j * B, P, n->St + j * B,
                     n->dy, B, c, n->buf + (long)tid * 2 * half);
    }
    if (par) openblas_set_num_threads(bt);
    double *dU = n->grads;
    if (n->a.input == SIM_MLP_INPUT_PROJ) {
        /* S^T = U X^T  =>  dU (K x m) = dS^T (K x B) X (B x m) */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)K, (int)m, (int)B, 1.0, n->dSt,
                    (int)B, x, (int)m, 0.0, dU, (int)m);
    } else {
        /* s = ||u - x||  =>  ds/du = (u - x) / s  (0 at s = 0) */
        const double *U = n->params;
        for (long j = 0; j < K; j++) {
            double *g = dU + j * m;
            for (long i = 0; i < m; i++) g[i] = 0.0;
            for (long b = 0; b < B; b++) {
                double sb = n->St[j * B + b];
                if (!(sb > 0)) continue;
                double w = n->dSt[j * B + b] / sb;
                for (long i = 0; i < m; i++) g[i] += w * (U[j * m + i] - x[b * m + i]);
            }
        }
    }
    return MODLAW_OK;
}

int sim_mlp_eval(double *loss, sim_mlp *n, const double *x, const double *y, long N)
{
    if (N < 1) return modlaw_fail(MODLAW_EINVAL, "--n: must be positive");
    long m = n->a.in_dim;
    double s = 0;
    for (long b0 = 0; b0 < N; b0 += n->max_batch) {
        long B = N - b0 < n->max_batch ? N - b0 : n->max_batch;
        int rc = sim_mlp_forward(n->dy, n, x + b0 * m, B);
        if (rc) return rc;
        for (long b = 0; b < B; b++) {
            double r = n->dy[b] - y[b0 + b];
            s += r * r;
        }
    }
    *loss = s / (double)N;
    if (!isfinite(*loss)) return modlaw_fail(MODLAW_ENUM, "--lr: the network output is not finite");
    return MODLAW_OK;
}

/* ---- Adam (Kingma & Ba 2015, Alg. 1) ---------------------------------------- */

int sim_mlp_adam_alloc(sim_mlp_adam *o, long n, double lr)
{
    memset(o, 0, sizeof *o);
    if (n < 1) return modlaw_fail(MODLAW_EINVAL, "adam: no parameters");
    if (!(lr > 0) || !isfinite(lr)) return modlaw_fail(MODLAW_EINVAL, "--lr: must be positive and finite");
    o->m = calloc((size_t)n, sizeof(double));
    o->v = calloc((size_t)n, sizeof(double));
    if (!o->m || !o->v) {
        sim_mlp_adam_free(o);
        return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    }
    o->n = n;
    o->lr = lr;
    o->beta1 = 0.9;
    o->beta2 = 0.999;
    o->eps = 1e-8;
    return MODLAW_OK;
}

void sim_mlp_adam_free(sim_mlp_adam *o)
{
    free(o->m);
    free(o->v);
    o->m = o->v = NULL;
}

/* Kingma & Ba 2015, Alg. 1 (PyTorch torch.optim.Adam, eps added after sqrt). */
void sim_mlp_adam_step(sim_mlp_adam *o, double *p, const double *g)
{
    o->t++;
    double bc1 = 1.0 - pow(o->beta1, (double)o->t), bc2 = 1.0 - pow(o->beta2, (double)o->t);
    double step = o->lr / bc1, isb2 = 1.0 / sqrt(bc2);
    double b1 = o->beta1, b2 = o->beta2, eps = o->eps;
    for (long i = 0; i < o->n; i++) {
        o->m[i] = b1 * o->m[i] + (1.0 - b1) * g[i];
        o->v[i] = b2 * o->v[i] + (1.0 - b2) * g[i] * g[i];
        p[i] -= step * o->m[i] / (sqrt(o->v[i]) * isb2 + eps);
    }
}

/* ---- training loop ------------------------------------------------------------ */

int sim_mlp_train(double *final_train, sim_mlp *n, const double *x, const double *y, long N,
                  const sim_mlp_train_opts *o, sim_rng *rng)
{
    if (N < 1) return modlaw_fail(MODLAW_EINVAL, "--n: must be positive");
    if (o->iters < 0) return modlaw_fail(MODLAW_EINVAL, "--iters: must be >= 0");
    long B = o->batch <= 0 || o->batch >= N ? N : o->batch;
    if (B > n->max_batch)
        return modlaw_fail(MODLAW_EINVAL, "--batch: %ld exceeds the network's max batch %ld", B, n->max_batch);
    long m = n->a.in_dim;
    sim_mlp_adam opt;
    int rc = sim_mlp_adam_alloc(&opt, n->nparams, o->lr);
    if (rc) return rc;
    long *perm = NULL;
    double *xb = NULL, *yb = NULL;
    if (B < N) {
        perm = malloc((size_t)N * sizeof *perm);
        xb = malloc((size_t)(B * m) * sizeof *xb);
        yb = malloc((size_t)B * sizeof *yb);
        if (!perm || !xb || !yb) {
            rc = modlaw_fail(MODLAW_ENOMEM, "out of memory");
            goto done;
        }
        for (long i = 0; i < N; i++) perm[i] = i;
    }
    long pos = N;
    double loss;
    for (long it = 0; it < o->iters; it++) {
        const double *xi = x, *yi = y;
        if (B < N) {
            if (pos + B > N) { /* new epoch: Fisher-Yates shuffle */
                for (long i = N - 1; i > 0; i--) {
                    long r = (long)(sim_rng_u64(rng) % (uint64_t)(i + 1));
                    long t = perm[i]; perm[i] = perm[r]; perm[r] = t;
                }
                pos = 0;
            }
            for (long b = 0; b < B; b++) {
                long s = perm[pos + b];
                memcpy(xb + b * m, x + s * m, (size_t)m * sizeof(double));
                yb[b] = y[s];
            }
            pos += B;
            xi = xb;
            yi = yb;
        }
        rc = sim_mlp_loss_grad(&loss, n, xi, yi, B);
        if (rc) goto done;
        if (o->freeze_proj && n->proj) memset(n->grads, 0, (size_t)n->proj * sizeof(double));
        sim_mlp_adam_step(&opt, n->params, n->grads);
    }
    rc = sim_mlp_eval(final_train, n, x, y, N);
done:
    free(perm); free(xb); free(yb);
    sim_mlp_adam_free(&opt);
    return rc;
}
