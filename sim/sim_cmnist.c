/* sim_cmnist.c -- the CMNIST experiment of seed 000 (Jarvis et al., arXiv
 * 2409.14981, Sec. 5 and their public code as summarised in
 * spec/linear-specialization.md Sec. 5): composites of three digit images
 * (28 x 84, pixels / 255), 1030 outputs (three one-hot(10) digit blocks and a
 * one-hot(1000) identity of the triple scaled by r), squared-error loss,
 * plain SGD.  Dense net: Conv(9x27) -> Conv(7x21) -> Conv(5x15) (ReLU, valid)
 * -> Dense(1030); split net: two half-width copies ending in Dense(30) and
 * Dense(1000), both seeing the whole image.
 *
 * Convolutions are im2col + cblas_sgemm per image (single precision); a
 * mini-batch is spread over OpenMP threads, each accumulating its own
 * gradient, reduced in thread order (bit-reproducible for a given seed and
 * thread count). */
#include "sim_idx.h"
#include "sim.h"

#include <cblas.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void openblas_set_num_threads(int);
int openblas_get_num_threads(void);

#define IMG_H 28
#define IMG_W 84
#define NOUT 1030
#define NCOMP 30

typedef struct {
    int cin, cout, kh, kw, hin, win, hout, wout;
    long woff, boff;           /* offsets of W (cout x cin kh kw) and b in the flat array */
} conv_l;

typedef struct {
    conv_l conv[3];
    int fdim, odim, out_off;   /* flattened features, outputs, offset in the 1030 */
    long wdoff, bdoff;         /* dense W (odim x fdim), b (odim) */
} branch;

typedef struct {
    branch br[2];
    int nbr;
    long nparams;
    long max_col, max_act;     /* workspace sizes (floats) */
} net;

typedef struct {
    float *x, *act[2][3], *da[3], *col, *dcol, *out, *dout, *grad;
    float **a;                 /* = act[branch being processed] */
} work;

static long net_layout(net *n, sim_cmnist_arch arch, int channels)
{
    static const int kh[3] = {9, 7, 5}, kw[3] = {27, 21, 15};
    n->nbr = arch == SIM_CMNIST_SPLIT ? 2 : 1;
    long off = 0;
    n->max_col = n->max_act = 0;
    for (int b = 0; b < n->nbr; b++) {
        branch *br = &n->br[b];
        int c = arch == SIM_CMNIST_SPLIT ? channels / 2 : channels;
        int h = IMG_H, w = IMG_W, cin = 1;
        for (int l = 0; l < 3; l++) {
            conv_l *L = &br->conv[l];
            L->cin = cin; L->cout = c; L->kh = kh[l]; L->kw = kw[l];
            L->hin = h; L->win = w;
            L->hout = h - kh[l] + 1; L->wout = w - kw[l] + 1;
            L->woff = off; off += (long)c * cin * kh[l] * kw[l];
            L->boff = off; off += c;
            long colsz = (long)cin * kh[l] * kw[l] * L->hout * L->wout;
            if (colsz > n->max_col) n->max_col = colsz;
            long act = (long)c * L->hout * L->wout;
            if (act > n->max_act) n->max_act = act;
            h = L->hout; w = L->wout; cin = c;
        }
        br->fdim = cin * h * w;
        br->odim = n->nbr == 1 ? NOUT : (b == 0 ? NCOMP : NOUT - NCOMP);
        br->out_off = b == 0 ? 0 : NCOMP;
        br->wdoff = off; off += (long)br->odim * br->fdim;
        br->bdoff = off; off += br->odim;
    }
    n->nparams = off;
    return off;
}

static void im2col(float *col, const float *in, const conv_l *L)
{
    int hw = L->hout * L->wout;
    for (int c = 0; c < L->cin; c++)
        for (int i = 0; i < L->kh; i++)
            for (int j = 0; j < L->kw; j++) {
                float *row = col + (long)((c * L->kh + i) * L->kw + j) * hw;
                for (int oy = 0; oy < L->hout; oy++)
                    memcpy(row + oy * L->wout, in + ((long)c * L->hin + oy + i) * L->win + j,
                           (size_t)L->wout * sizeof(float));
            }
}

static void col2im(float *din, const float *dcol, const conv_l *L)
{
    int hw = L->hout * L->wout;
    memset(din, 0, (size_t)L->cin * L->hin * L->win * sizeof(float));
    for (int c = 0; c < L->cin; c++)
        for (int i = 0; i < L->kh; i++)
            for (int j = 0; j < L->kw; j++) {
                const float *row = dcol + (long)((c * L->kh + i) * L->kw + j) * hw;
                for (int oy = 0; oy < L->hout; oy++) {
                    float *dst = din + ((long)c * L->hin + oy + i) * L->win + j;
                    const float *src = row + oy * L->wout;
                    for (int ox = 0; ox < L->wout; ox++) dst[ox] += src[ox];
                }
            }
}

/* conv forward with ReLU: out (cout x hw) = relu(W col + b) */
static void conv_fwd(float *out, const float *in, const conv_l *L, const float *P, float *col)
{
    int K = L->cin * L->kh * L->kw, hw = L->hout * L->wout;
    im2col(col, in, L);
    const float *b = P + L->boff;
    for (int c = 0; c < L->cout; c++)
        for (int k = 0; k < hw; k++) out[(long)c * hw + k] = b[c];
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, L->cout, hw, K, 1.0f, P + L->woff, K,
                col, hw, 1.0f, out, hw);
    for (long k = 0; k < (long)L->cout * hw; k++) out[k] = out[k] > 0.0f ? out[k] : 0.0f;
}

/* Forward of branch `bi`; its activations are kept in w->act[bi] for the
 * backward pass. */
static void branch_fwd(work *w, const net *n, int bi, const float *P)
{
    const branch *br = &n->br[bi];
    w->a = w->act[bi];
    const float *in = w->x;
    for (int l = 0; l < 3; l++) {
        conv_fwd(w->a[l], in, &br->conv[l], P, w->col);
        in = w->a[l];
    }
    float *o = w->out + br->out_off;
    memcpy(o, P + br->bdoff, (size_t)br->odim * sizeof(float));
    cblas_sgemv(CblasRowMajor, CblasNoTrans, br->odim, br->fdim, 1.0f, P + br->wdoff, br->fdim,
                w->a[2], 1, 1.0f, o, 1);
}

/* Backward for dout = yhat - y (loss 1/2 ||yhat - y||^2), gradients added to w->grad. */
static void branch_bwd(work *w, const net *n, int bi, const float *P)
{
    const branch *br = &n->br[bi];
    w->a = w->act[bi];
    float *G = w->grad;
    const float *d = w->dout + br->out_off;
    cblas_sger(CblasRowMajor, br->odim, br->fdim, 1.0f, d, 1, w->a[2], 1, G + br->wdoff, br->fdim);
    for (int i = 0; i < br->odim; i++) G[br->bdoff + i] += d[i];
    cblas_sgemv(CblasRowMajor, CblasTrans, br->odim, br->fdim, 1.0f, P + br->wdoff, br->fdim, d, 1,
                0.0f, w->da[2], 1);
    for (int l = 2; l >= 0; l--) {
        const conv_l *L = &br->conv[l];
        int K = L->cin * L->kh * L->kw, hw = L->hout * L->wout;
        float *da = w->da[l];
        const float *a = w->a[l];
        for (long k = 0; k < (long)L->cout * hw; k++) if (a[k] <= 0.0f) da[k] = 0.0f;
        const float *in = l ? w->a[l - 1] : w->x;
        im2col(w->col, in, L);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, L->cout, K, hw, 1.0f, da, hw, w->col, hw,
                    1.0f, G + L->woff, K);
        for (int c = 0; c < L->cout; c++) {
            float s = 0.0f;
            for (int k = 0; k < hw; k++) s += da[(long)c * hw + k];
            G[L->boff + c] += s;
        }
        if (l == 0) break;
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, K, hw, L->cout, 1.0f, P + L->woff, K, da, hw,
                    0.0f, w->dcol, hw);
        col2im(w->da[l - 1], w->dcol, L);
    }
}

static int work_alloc(work *w, const net *n)
{
    memset(w, 0, sizeof *w);
    w->x = malloc(sizeof(float) * IMG_H * IMG_W);
    for (int l = 0; l < 3; l++) {
        for (int b = 0; b < 2; b++) {
            w->act[b][l] = malloc(sizeof(float) * (size_t)n->max_act);
            if (!w->act[b][l]) return -1;
        }
        w->da[l] = malloc(sizeof(float) * (size_t)n->max_act);
        if (!w->da[l]) return -1;
    }
    w->a = w->act[0];
    w->col = malloc(sizeof(float) * (size_t)n->max_col);
    w->dcol = malloc(sizeof(float) * (size_t)n->max_col);
    w->out = malloc(sizeof(float) * NOUT);
    w->dout = malloc(sizeof(float) * NOUT);
    w->grad = calloc((size_t)n->nparams, sizeof(float));
    return w->x && w->col && w->dcol && w->out && w->dout && w->grad ? 0 : -1;
}

static void work_free(work *w)
{
    free(w->x);
    for (int l = 0; l < 3; l++) { free(w->act[0][l]); free(w->act[1][l]); free(w->da[l]); }
    free(w->col); free(w->dcol); free(w->out); free(w->dout); free(w->grad);
}

/* A composite: image indices of the three digits in `src`. */
typedef struct { long img[3]; int digit[3]; } composite;

static void make_input(float *x, const composite *c, const sim_idx *imgs)
{
    for (int k = 0; k < 3; k++) {
        const unsigned char *p = imgs->data + c->img[k] * imgs->item;
        for (int h = 0; h < IMG_H; h++)
            for (int w = 0; w < 28; w++) x[h * IMG_W + k * 28 + w] = (float)p[h * 28 + w] / 255.0f;
    }
}

static int triple_id(const composite *c) { return 100 * c->digit[0] + 10 * c->digit[1] + c->digit[2]; }

static int check_pair(const sim_idx *im, const sim_idx *lb, const char *wi, const char *wl)
{
    if (im->ndim != 3 || im->dims[1] != 28 || im->dims[2] != 28)
        return modlaw_fail(MODLAW_EINVAL, "%s: expected 28 x 28 images (an IDX file with 3 dimensions)", wi);
    if (lb->ndim != 1) return modlaw_fail(MODLAW_EINVAL, "%s: expected a 1-dimensional label file", wl);
    if (lb->count != im->count)
        return modlaw_fail(MODLAW_EINVAL, "%s: %ld labels for %ld images", wl, lb->count, im->count);
    for (long i = 0; i < lb->count; i++)
        if (lb->data[i] > 9) return modlaw_fail(MODLAW_EINVAL, "%s: label %d is not a digit 0..9", wl, lb->data[i]);
    return MODLAW_OK;
}

static int check_config(const sim_cmnist_config *c)
{
    if (c->ntrain < 1 || c->ntrain > 20000) return modlaw_fail(MODLAW_EINVAL, "--ntrain: must be in [1, 20000]");
    if (c->ntest < 1 || c->ntest > 3333) return modlaw_fail(MODLAW_EINVAL, "--ntest: must be in [1, 3333]");
    if (c->epochs < 1 || c->epochs > 1000) return modlaw_fail(MODLAW_EINVAL, "--epochs: must be in [1, 1000]");
    if (c->batch < 1 || c->batch > 1024) return modlaw_fail(MODLAW_EINVAL, "--batch: must be in [1, 1024]");
    if (!(c->lr > 0.0) || !(c->lr <= 10.0)) return modlaw_fail(MODLAW_EINVAL, "--lr: must be in (0, 10]");
    if (!(c->r >= 0.0) || !(c->r <= 1e3)) return modlaw_fail(MODLAW_EINVAL, "--r: must be in [0, 1000]");
    if (!(c->init_sd >= 0.0) || !(c->init_sd <= 10.0)) return modlaw_fail(MODLAW_EINVAL, "--init-sd: must be in [0, 10]");
    if (c->channels < 2 || c->channels > 64 || c->channels % 2)
        return modlaw_fail(MODLAW_EINVAL, "--channels: must be even and in [2, 64]");
    if (c->arch != SIM_CMNIST_DENSE && c->arch != SIM_CMNIST_SPLIT) return modlaw_fail(MODLAW_EINVAL, "--arch: unknown");
    if (!(c->holdout >= 0.0) || !(c->holdout <= 0.5)) return modlaw_fail(MODLAW_EINVAL, "--holdout: must be in [0, 0.5]");
    return MODLAW_OK;
}

/* Evaluate: per-digit and all-three accuracy on seen / held-out test composites. */
static void evaluate(sim_cmnist_epoch *e, const net *n, const float *P, work *ws, int nth,
                     const composite *test, long ntest, const sim_idx *imgs, const unsigned char *held)
{
    long cnt[2] = {0, 0}, dig[2] = {0, 0}, all[2] = {0, 0};
    #pragma omp parallel num_threads(nth) reduction(+:cnt[:2], dig[:2], all[:2])
    {
        work *w = &ws[omp_get_thread_num()];
        #pragma omp for schedule(static)
        for (long i = 0; i < ntest; i++) {
            make_input(w->x, &test[i], imgs);
            for (int b = 0; b < n->nbr; b++) branch_fwd(w, n, b, P);
            int h = held[triple_id(&test[i])] ? 1 : 0, ok = 0;
            for (int k = 0; k < 3; k++) {
                int best = 0;
                for (int j = 1; j < 10; j++) if (w->out[10 * k + j] > w->out[10 * k + best]) best = j;
                ok += best == test[i].digit[k];
            }
            cnt[h]++;
            dig[h] += ok;
            all[h] += ok == 3;
        }
    }
    e->nseen = cnt[0];
    e->nheld = cnt[1];
    e->seen_digit = cnt[0] ? (double)dig[0] / (3.0 * (double)cnt[0]) : 0.0;
    e->seen_all = cnt[0] ? (double)all[0] / (double)cnt[0] : 0.0;
    e->held_digit = cnt[1] ? (double)dig[1] / (3.0 * (double)cnt[1]) : 0.0;
    e->held_all = cnt[1] ? (double)all[1] / (double)cnt[1] : 0.0;
}

int sim_cmnist_run(sim_cmnist_epoch *out, const sim_cmnist_config *c,
                   sim_cmnist_progress progress, void *arg)
{
    int rc = check_config(c);
    if (rc) return rc;
    sim_idx tri = {0}, trl = {0}, tei = {0}, tel = {0};
    if ((rc = sim_idx_read(&tri, c->train_images, "--train-images")) ||
        (rc = sim_idx_read(&trl, c->train_labels, "--train-labels")) ||
        (rc = sim_idx_read(&tei, c->test_images, "--test-images")) ||
        (rc = sim_idx_read(&tel, c->test_labels, "--test-labels")) ||
        (rc = check_pair(&tri, &trl, "--train-images", "--train-labels")) ||
        (rc = check_pair(&tei, &tel, "--test-images", "--test-labels"))) {
        sim_idx_free(&tri); sim_idx_free(&trl); sim_idx_free(&tei); sim_idx_free(&tel);
        return rc;
    }
    /* held-out triples: a fixed share of the 1000, chosen on stream 2 */
    unsigned char held[1000] = {0};
    sim_rng rng;
    sim_rng_seed(&rng, c->seed, 2);
    int perm[1000];
    for (int i = 0; i < 1000; i++) perm[i] = i;
    for (int i = 999; i > 0; i--) {
        int k = (int)(sim_rng_u64(&rng) % (uint64_t)(i + 1));
        int t = perm[i]; perm[i] = perm[k]; perm[k] = t;
    }
    long nheld_triples = lround(c->holdout * 1000.0);
    for (long i = 0; i < nheld_triples; i++) held[perm[i]] = 1;

    composite *train = malloc(sizeof *train * (size_t)c->ntrain);
    composite *test = malloc(sizeof *test * (size_t)c->ntest);
    long ntr = 0, nte = 0;
    if (train && test) {
        for (long b = 0; b + 2 < tri.count && ntr < c->ntrain; b += 3) {
            composite q;
            for (int k = 0; k < 3; k++) { q.img[k] = b + k; q.digit[k] = trl.data[b + k]; }
            if (!held[triple_id(&q)]) train[ntr++] = q;
        }
        for (long b = 0; b + 2 < tei.count && nte < c->ntest; b += 3) {
            composite q;
            for (int k = 0; k < 3; k++) { q.img[k] = b + k; q.digit[k] = tel.data[b + k]; }
            test[nte++] = q;
        }
    }
    net n;
    net_layout(&n, c->arch, (int)c->channels);
    int nth = omp_get_max_threads();
    if (nth < 1) nth = 1;
    if (nth > 64) nth = 64;
    float *P = malloc(sizeof(float) * (size_t)n.nparams);
    work *ws = calloc((size_t)nth, sizeof *ws);
    long *order = malloc(sizeof *order * (size_t)(ntr ? ntr : 1));
    double *sloss = malloc(sizeof *sloss * (size_t)(c->batch > 0 ? c->batch : 1));
    rc = MODLAW_OK;
    if (!train || !test || !P || !ws || !order || !sloss) rc = modlaw_fail(MODLAW_ENOMEM, "out of memory for CMNIST");
    for (int t = 0; t < nth && !rc; t++)
        if (work_alloc(&ws[t], &n)) rc = modlaw_fail(MODLAW_ENOMEM, "out of memory for CMNIST");
    if (!rc && ntr < 1) rc = modlaw_fail(MODLAW_EINVAL, "--train-images: no training composite");
    if (!rc) {
        sim_rng_seed(&rng, c->seed, 0);
        memset(P, 0, sizeof(float) * (size_t)n.nparams);
        for (int b = 0; b < n.nbr; b++) {
            const branch *br = &n.br[b];
            for (int l = 0; l < 3; l++) {
                const conv_l *L = &br->conv[l];
                long cnt = (long)L->cout * L->cin * L->kh * L->kw;
                double sd = c->init_sd > 0 ? c->init_sd : sqrt(2.0 / (double)(L->cin * L->kh * L->kw));
                for (long i = 0; i < cnt; i++) P[L->woff + i] = (float)(sd * sim_rng_normal(&rng));
            }
            double sd = c->init_sd > 0 ? c->init_sd : 0.0; /* He mode: zero readout */
            for (long i = 0; i < (long)br->odim * br->fdim; i++) P[br->wdoff + i] = (float)(sd * sim_rng_normal(&rng));
        }
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int blas_threads = openblas_get_num_threads();
    openblas_set_num_threads(1);
    sim_rng shuf;
    sim_rng_seed(&shuf, c->seed, 1);
    for (long ep = 0; ep < c->epochs && !rc; ep++) {
        for (long i = 0; i < ntr; i++) order[i] = i;
        for (long i = ntr - 1; i > 0; i--) {
            long k = (long)(sim_rng_u64(&shuf) % (uint64_t)(i + 1));
            long t = order[i]; order[i] = order[k]; order[k] = t;
        }
        double eploss = 0.0;
        for (long b0 = 0; b0 < ntr; b0 += c->batch) {
            long bn = ntr - b0 < c->batch ? ntr - b0 : c->batch;
            double bl = 0.0;
            #pragma omp parallel num_threads(nth)
            {
                work *w = &ws[omp_get_thread_num()];
                memset(w->grad, 0, sizeof(float) * (size_t)n.nparams);
                #pragma omp for schedule(static)
                for (long s = 0; s < bn; s++) {
                    const composite *q = &train[order[b0 + s]];
                    make_input(w->x, q, &tri);
                    for (int b = 0; b < n.nbr; b++) branch_fwd(w, &n, b, P);
                    for (int j = 0; j < NOUT; j++) w->dout[j] = w->out[j];
                    for (int k = 0; k < 3; k++) w->dout[10 * k + q->digit[k]] -= 1.0f;
                    w->dout[NCOMP + triple_id(q)] -= (float)c->r;
                    double l = 0.0;
                    for (int j = 0; j < NOUT; j++) l += 0.5 * (double)w->dout[j] * (double)w->dout[j];
                    sloss[s] = l;   /* summed serially below: a fixed order */
                    for (int b = 0; b < n.nbr; b++) branch_bwd(w, &n, b, P);
                }
            }
            for (long s2 = 0; s2 < bn; s2++) bl += sloss[s2];
            /* reduce in thread order (fixed for a given thread count: static
             * schedule), then one SGD step on the batch mean */
            float scale = (float)(c->lr / (double)bn);
            #pragma omp parallel for num_threads(nth) schedule(static)
            for (long i = 0; i < n.nparams; i++) {
                float g = 0.0f;
                for (int t = 0; t < nth; t++) g += ws[t].grad[i];
                P[i] -= scale * g;
            }
            if (!isfinite(bl)) {
                rc = modlaw_fail(MODLAW_ENUM, "--lr: training diverged in epoch %ld (loss not finite)", ep + 1);
                break;
            }
            eploss += bl;
        }
        if (rc) break;
        sim_cmnist_epoch *e = &out[ep];
        memset(e, 0, sizeof *e);
        e->epoch = ep + 1;
        e->train_loss = eploss / (double)ntr;
        e->ntrain = ntr;
        evaluate(e, &n, P, ws, nth, test, nte, &tei, held);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        e->seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
        if (progress) progress(e, arg);
    }
    openblas_set_num_threads(blas_threads);
    for (int t = 0; ws && t < nth; t++) work_free(&ws[t]);
    free(ws); free(P); free(order); free(sloss); free(train); free(test);
    sim_idx_free(&tri); sim_idx_free(&trl); sim_idx_free(&tei); sim_idx_free(&tel);
    return rc;
}

static double net_loss(work *w, const net *n, const float *P, const float *y)
{
    for (int b = 0; b < n->nbr; b++) branch_fwd(w, n, b, P);
    double l = 0.0;
    for (int j = 0; j < NOUT; j++) {
        double e = (double)w->out[j] - (double)y[j];
        l += 0.5 * e * e;
    }
    return l;
}

int sim_cmnist_gradcheck(double *max_err, sim_cmnist_arch arch, long channels, double init_sd,
                         long nprobe, uint64_t seed)
{
    if (channels < 2 || channels > 64 || channels % 2) return modlaw_fail(MODLAW_EINVAL, "--channels: must be even and in [2, 64]");
    net n;
    net_layout(&n, arch, (int)channels);
    work w;
    float *P = malloc(sizeof(float) * (size_t)n.nparams), *y = malloc(sizeof(float) * NOUT);
    if (!P || !y || work_alloc(&w, &n)) {
        free(P); free(y); work_free(&w);
        return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    }
    sim_rng r;
    sim_rng_seed(&r, seed, 0);
    for (long i = 0; i < n.nparams; i++) P[i] = (float)(init_sd * sim_rng_normal(&r));
    for (int i = 0; i < IMG_H * IMG_W; i++) w.x[i] = (float)sim_rng_uniform(&r);
    for (int j = 0; j < NOUT; j++) y[j] = (float)sim_rng_normal(&r);
    memset(w.grad, 0, sizeof(float) * (size_t)n.nparams);
    net_loss(&w, &n, P, y);
    for (int j = 0; j < NOUT; j++) w.dout[j] = w.out[j] - y[j];
    for (int b = 0; b < n.nbr; b++) branch_bwd(&w, &n, b, P);
    double gmax = 0.0;
    for (long i = 0; i < n.nparams; i++) gmax = fmax(gmax, fabs((double)w.grad[i]));
    double worst = 0.0;
    for (long k = 0; k < nprobe; k++) {
        /* spread probes over the parameter blocks: pick a block, then an index */
        long i = (long)(sim_rng_u64(&r) % (uint64_t)n.nparams);
        if (k % 2 == 0) {
            const branch *br = &n.br[(k / 2) % n.nbr];
            const conv_l *L = &br->conv[(k / 2) % 3];
            long cnt = (long)L->cout * L->cin * L->kh * L->kw;
            i = L->woff + (long)(sim_rng_u64(&r) % (uint64_t)cnt);
        }
        float save = P[i];
        double h = 1e-2 * fmax(fabs((double)save), init_sd);
        P[i] = (float)(save + h);
        double lp = net_loss(&w, &n, P, y);
        P[i] = (float)(save - h);
        double lm = net_loss(&w, &n, P, y);
        P[i] = save;
        double hp = (double)(float)(save + h) - (double)save, hm = (double)save - (double)(float)(save - h);
        double fd = (lp - lm) / (hp + hm);
        double err = fabs((double)w.grad[i] - fd) / (fabs(fd) + 1e-3 * gmax);
        if (err > worst) worst = err;
    }
    *max_err = worst;
    free(P); free(y); work_free(&w);
    return MODLAW_OK;
}
