/* sim_dynamics.c -- full-batch gradient descent of linear networks on the
 * compositional datasets of seed 000 (Jarvis et al., arXiv 2409.14981,
 * Sec. 3-4), tracked by projection on the analytic singular vectors (Saxe et
 * al. 2014, Eq. 5-6).  See docs/dynamics.md Sec. 5. */
#include "sim_dynamics.h"
#include "sim.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void openblas_set_num_threads(int);
int openblas_get_num_threads(void);

#define SIM_DYN_MAX_STEPS 100000000L
#define SIM_DYN_MAX_FLOPS 2e12   /* about 10 minutes on one core */
#define SIM_DYN_MAX_HIDDEN 4096
#define SIM_DYN_MAX_BYTES 2e9    /* refuse larger allocations up front */

static long nrec_guess(const sim_dyn_config *c)
{
    return c->steps / c->every + 2;
}

long sim_dyn_nrec(long steps, long every)
{
    if (steps < 0 || every < 1) return 0;
    return steps / every + 1 + (steps % every ? 1 : 0);
}

void sim_dyn_free(sim_dyn_result *res)
{
    if (!res) return;
    free(res->mode_group); free(res->pi0_eff); free(res->t); free(res->mode);
    free(res->group); free(res->block_comp); free(res->block_id);
    memset(res, 0, sizeof *res);
}

/* One module's parameters and work arrays. */
typedef struct {
    theory_dyn_module m;
    long din, dout, H;
    long *in_rows, *out_rows;   /* full-coordinate row indices               */
    double *Xm, *Ym;            /* din x P, dout x P                          */
    double *W1, *W2;            /* H x din, dout x H  (layers = 2)             */
    double *W;                  /* dout x din         (layers = 1)             */
    double *Hd, *E, *T;         /* H x P, dout x P, H x P                      */
} dyn_module;

static void module_free(dyn_module *q)
{
    free(q->in_rows); free(q->out_rows); free(q->Xm); free(q->Ym);
    free(q->W1); free(q->W2); free(q->W); free(q->Hd); free(q->E); free(q->T);
}

static int module_alloc(dyn_module *q, const theory_dyn_data *ds, long P, int layers)
{
    long nin = theory_dyn_nin(ds), nout = theory_dyn_nout(ds);
    q->in_rows = malloc((size_t)nin * sizeof *q->in_rows);
    q->out_rows = malloc((size_t)nout * sizeof *q->out_rows);
    if (!q->in_rows || !q->out_rows) return MODLAW_ENOMEM;
    q->din = q->dout = 0;
    for (long i = 0; i < nin; i++)
        if (i < ds->n1 ? q->m.in_comp : q->m.in_id) q->in_rows[q->din++] = i;
    for (long i = 0; i < nout; i++)
        if (i < ds->n2 ? q->m.out_comp : q->m.out_id) q->out_rows[q->dout++] = i;
    size_t din = (size_t)q->din, dout = (size_t)q->dout, H = (size_t)q->H, p = (size_t)P;
    q->Xm = malloc(din * p * sizeof(double));
    q->Ym = malloc(dout * p * sizeof(double));
    q->E = malloc(dout * p * sizeof(double));
    if (!q->Xm || !q->Ym || !q->E) return MODLAW_ENOMEM;
    if (layers == 2) {
        q->W1 = calloc(H * din, sizeof(double));
        q->W2 = calloc(dout * H, sizeof(double));
        q->Hd = malloc(H * p * sizeof(double));
        q->T = malloc(H * p * sizeof(double));
        if (!q->W1 || !q->W2 || !q->Hd || !q->T) return MODLAW_ENOMEM;
    } else {
        q->W = calloc(dout * din, sizeof(double));
        if (!q->W) return MODLAW_ENOMEM;
    }
    return MODLAW_OK;
}

/* One full-batch GD step on L = 1/2 ||Ym - W2 W1 Xm||_F^2 (or W Xm):
 * dW2 = E (W1 Xm)^T, dW1 = W2^T E Xm^T, both from the old parameters. */
static void module_step(dyn_module *q, long P, int layers, double eta)
{
    int din = (int)q->din, dout = (int)q->dout, H = (int)q->H, p = (int)P;
    memcpy(q->E, q->Ym, (size_t)(q->dout * P) * sizeof(double));
    if (layers == 2) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, H, p, din, 1.0, q->W1, din,
                    q->Xm, p, 0.0, q->Hd, p);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, dout, p, H, -1.0, q->W2, H,
                    q->Hd, p, 1.0, q->E, p);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, H, p, dout, 1.0, q->W2, H,
                    q->E, p, 0.0, q->T, p);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, dout, H, p, eta, q->E, p,
                    q->Hd, p, 1.0, q->W2, H);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, H, din, p, eta, q->T, p,
                    q->Xm, p, 1.0, q->W1, din);
    } else {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, dout, p, din, -1.0, q->W, din,
                    q->Xm, p, 1.0, q->E, p);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, dout, din, p, eta, q->E, p,
                    q->Xm, p, 1.0, q->W, din);
    }
}

/* The module's end-to-end map scattered into the full nout x nin map W. */
static void module_map(double *W, long nin, dyn_module *q, int layers, double *tmp)
{
    const double *Wm = q->W;
    if (layers == 2) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)q->dout, (int)q->din,
                    (int)q->H, 1.0, q->W2, (int)q->H, q->W1, (int)q->din, 0.0, tmp, (int)q->din);
        Wm = tmp;
    }
    for (long a = 0; a < q->dout; a++)
        for (long b = 0; b < q->din; b++)
            W[q->out_rows[a] * nin + q->in_rows[b]] = Wm[a * q->din + b];
}

static int finite_all(const double *x, long n)
{
    for (long i = 0; i < n; i++)
        if (!isfinite(x[i])) return 0;
    return 1;
}

static int check_config(const sim_dyn_config *c)
{
    int rc = theory_dyn_check(&c->ds);
    if (rc) return rc;
    if (c->arch != THEORY_DYN_DENSE && c->arch != THEORY_DYN_OUTSPLIT && c->arch != THEORY_DYN_SPLIT)
        return modlaw_fail(MODLAW_EINVAL, "--arch: unknown architecture");
    if (c->layers != 1 && c->layers != 2)
        return modlaw_fail(MODLAW_EINVAL, "--layers: must be 1 or 2 (got %d)", c->layers);
    if (c->hidden < 0 || c->hidden > SIM_DYN_MAX_HIDDEN)
        return modlaw_fail(MODLAW_EINVAL, "--hidden: must be in [1, %d] (got %ld)", SIM_DYN_MAX_HIDDEN, c->hidden);
    if (!(c->eta > 0.0) || !isfinite(c->eta))
        return modlaw_fail(MODLAW_EINVAL, "--eta: must be finite and > 0");
    if (!(c->init >= 0.0) || !isfinite(c->init))
        return modlaw_fail(MODLAW_EINVAL, "--init: must be finite and >= 0");
    if (c->steps < 0 || c->steps > SIM_DYN_MAX_STEPS)
        return modlaw_fail(MODLAW_EINVAL, "--steps: must be in [0, %ld] (got %ld)", SIM_DYN_MAX_STEPS, c->steps);
    if (c->every < 1) return modlaw_fail(MODLAW_EINVAL, "--every: must be >= 1 (got %ld)", c->every);
    if (c->init_kind != SIM_DYN_BALANCED && c->init_kind != SIM_DYN_RANDOM)
        return modlaw_fail(MODLAW_EINVAL, "--init-kind: unknown");
    return MODLAW_OK;
}

/* The module's own analytic vectors in module coordinates: Um (dout x K) and
 * Vm (din x K) for the K modes of module qi; cols[k] = full mode index. */
static int module_vectors(double **Um, double **Vm, long **cols, long *K, const dyn_module *q, int qi,
                          const double *U, const double *V, const int *mgroup,
                          const theory_dyn_group *g, long M)
{
    long k = 0;
    for (long col = 0; col < M; col++) k += g[mgroup[col]].module == qi;
    *K = k;
    *Um = malloc(sizeof(double) * (size_t)(q->dout * (k ? k : 1)));
    *Vm = malloc(sizeof(double) * (size_t)(q->din * (k ? k : 1)));
    *cols = malloc(sizeof(long) * (size_t)(k ? k : 1));
    if (!*Um || !*Vm || !*cols) return MODLAW_ENOMEM;
    k = 0;
    for (long col = 0; col < M; col++) {
        if (g[mgroup[col]].module != qi) continue;
        (*cols)[k] = col;
        for (long b = 0; b < q->dout; b++) (*Um)[b * *K + k] = U[q->out_rows[b] * M + col];
        for (long b = 0; b < q->din; b++) (*Vm)[b * *K + k] = V[q->in_rows[b] * M + col];
        k++;
    }
    return MODLAW_OK;
}

/* Balanced init (Saxe et al. 2014, Sec. 2; spec Sec. 3): W1 = sqrt(pi0) R Vm^T,
 * W2 = sqrt(pi0) Um R^T with R = the first K unit vectors of R^H (one layer:
 * W = pi0 Um Vm^T); random init i.i.d. Gaussian.  Then the effective initial
 * strengths (docs Sec. 3): two layers |W1 v + W2^T u|^2 / 4, one layer u^T W v. */
static void module_init(dyn_module *q, const sim_dyn_config *c, const double *Um, const double *Vm,
                        const long *cols, long K, double *pi0_eff, sim_rng *rng, double *scratch)
{
    int din = (int)q->din, dout = (int)q->dout, H = (int)q->H, k = (int)K;
    if (c->init_kind == SIM_DYN_RANDOM) {
        if (c->layers == 2) {
            double sd = sqrt(c->init / sqrt((double)q->H));
            for (long i = 0; i < q->H * q->din; i++) q->W1[i] = sd * sim_rng_normal(rng);
            for (long i = 0; i < q->dout * q->H; i++) q->W2[i] = sd * sim_rng_normal(rng);
        } else {
            for (long i = 0; i < q->dout * q->din; i++) q->W[i] = c->init * sim_rng_normal(rng);
        }
    } else if (K > 0) {
        if (c->layers == 2) {
            double a = sqrt(c->init);
            for (long h = 0; h < K; h++) {
                for (long b = 0; b < q->din; b++) q->W1[h * q->din + b] = a * Vm[b * K + h];
                for (long b = 0; b < q->dout; b++) q->W2[b * q->H + h] = a * Um[b * K + h];
            }
        } else {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, dout, din, k, c->init, Um, k, Vm, k,
                        0.0, q->W, din);
        }
    }
    if (K == 0) return;
    if (c->layers == 2) {
        /* scratch: H x K for W1 Vm, then H x K for W2^T Um */
        double *x = scratch, *y = scratch + (long)H * k;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, H, k, din, 1.0, q->W1, din, Vm, k, 0.0, x, k);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, H, k, dout, 1.0, q->W2, H, Um, k, 0.0, y, k);
        for (long j = 0; j < K; j++) {
            double acc = 0.0;
            for (long h = 0; h < H; h++) {
                double v = x[h * K + j] + y[h * K + j];
                acc += v * v;
            }
            pi0_eff[cols[j]] = acc / 4.0;
        }
    } else {
        double *wv = scratch; /* dout x K */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, dout, k, din, 1.0, q->W, din, Vm, k, 0.0, wv, k);
        for (long j = 0; j < K; j++) {
            double acc = 0.0;
            for (long b = 0; b < q->dout; b++) acc += Um[b * K + j] * wv[b * K + j];
            pi0_eff[cols[j]] = acc;
        }
    }
}

int sim_dyn_run(sim_dyn_result *res, const sim_dyn_config *c)
{
    memset(res, 0, sizeof *res);
    int rc = check_config(c);
    if (rc) return rc;
    const theory_dyn_data *ds = &c->ds;
    long N = theory_dyn_npatterns(ds), nin = theory_dyn_nin(ds), nout = theory_dyn_nout(ds);
    theory_dyn_module mods[THEORY_DYN_MAX_MODULES];
    int nm;
    if ((rc = theory_dyn_modules(mods, &nm, ds, c->arch))) return rc;
    if ((rc = theory_dyn_groups(res->groups, &res->ngroups, ds, c->arch))) return rc;
    long M = theory_dyn_nmodes(ds, c->arch);
    res->nmodes = M;

    /* training columns */
    long P = 0;
    for (long j = 0; j < N; j++) P += c->train ? c->train[j] != 0 : 1;
    if (P < 1) return modlaw_fail(MODLAW_EINVAL, "--holdout: no training pattern left");
    res->P = P;

    /* hidden size: each module must hold its analytic modes (balanced init) */
    long need = 0, permod[THEORY_DYN_MAX_MODULES] = {0};
    for (int q = 0; q < res->ngroups; q++) permod[res->groups[q].module] += res->groups[q].mult;
    for (int m = 0; m < nm; m++) need = permod[m] > need ? permod[m] : need;
    long H = c->hidden ? c->hidden : (need > 50 ? need : 50);
    if (c->layers == 2 && H < need)
        return modlaw_fail(MODLAW_EINVAL, "--hidden: must be >= %ld, the number of analytic modes of the largest module (got %ld)", need, H);

    /* memory estimate: data, mode vectors, the full map and its scratch copy */
    double bytes = 8.0 * ((double)(nin + nout) * (double)(N + M) + 2.0 * (double)nin * (double)nout +
                          (double)nout * (double)M + (double)nrec_guess(c) * (double)(M + 8));
    if (bytes > SIM_DYN_MAX_BYTES)
        return modlaw_fail(MODLAW_EINVAL, "--n1/--k1/--k2: this network needs about %.2g bytes (limit %.0g); use smaller n1, k1, k2 or a larger --every",
                           bytes, SIM_DYN_MAX_BYTES);
    /* work estimate: refuse runs that would take far too long */
    double flops = 0.0;
    for (int m = 0; m < nm; m++) {
        double din = (mods[m].in_comp ? ds->n1 : 0) + (mods[m].in_id ? ds->k1 * N : 0);
        double dout = (mods[m].out_comp ? ds->n2 : 0) + (mods[m].out_id ? ds->k2 * N : 0);
        flops += c->layers == 2 ? 6.0 * (double)H * (double)P * (din + dout) : 4.0 * din * dout * (double)P;
    }
    if (flops * (double)c->steps > SIM_DYN_MAX_FLOPS)
        return modlaw_fail(MODLAW_EINVAL, "--steps: %ld steps of this network are about %.2g flops, over the %.0g limit",
                           c->steps, flops * (double)c->steps, SIM_DYN_MAX_FLOPS);

    long nrec = sim_dyn_nrec(c->steps, c->every);
    res->nrec = nrec;
    res->mode_group = malloc((size_t)M * sizeof *res->mode_group);
    res->pi0_eff = malloc((size_t)M * sizeof *res->pi0_eff);
    res->t = malloc((size_t)nrec * sizeof *res->t);
    res->mode = malloc((size_t)(nrec * M) * sizeof *res->mode);
    res->group = malloc((size_t)(nrec * res->ngroups) * sizeof *res->group);
    res->block_comp = malloc((size_t)nrec * sizeof(double));
    res->block_id = malloc((size_t)nrec * sizeof(double));
    double *X = malloc((size_t)(nin * N) * sizeof *X), *Y = malloc((size_t)(nout * N) * sizeof *Y);
    double *U = malloc((size_t)(nout * M) * sizeof *U), *V = malloc((size_t)(nin * M) * sizeof *V);
    double *W = calloc((size_t)(nin * nout), sizeof *W), *WV = malloc((size_t)(nout * M) * sizeof *WV);
    double *tmp = malloc((size_t)(nin * nout) * sizeof *tmp);
    dyn_module dm[THEORY_DYN_MAX_MODULES];
    memset(dm, 0, sizeof dm);
    rc = MODLAW_OK;
    if (!res->mode_group || !res->pi0_eff || !res->t || !res->mode || !res->group ||
        !res->block_comp || !res->block_id || !X || !Y || !U || !V || !W || !WV || !tmp)
        rc = modlaw_fail(MODLAW_ENOMEM, "out of memory for the simulation");
    if (!rc) {
        theory_dyn_dataset(X, Y, ds);
        rc = theory_dyn_vectors(U, V, res->mode_group, ds, c->arch);
    }
    sim_rng rng;
    sim_rng_seed(&rng, c->seed, 0);
    for (int m = 0; m < nm && !rc; m++) {
        dm[m].m = mods[m];
        dm[m].H = H;
        if (module_alloc(&dm[m], ds, P, c->layers)) {
            rc = modlaw_fail(MODLAW_ENOMEM, "out of memory for the simulation");
            break;
        }
        long col = 0;
        for (long j = 0; j < N; j++) {
            if (c->train && !c->train[j]) continue;
            for (long a = 0; a < dm[m].din; a++) dm[m].Xm[a * P + col] = X[dm[m].in_rows[a] * N + j];
            for (long a = 0; a < dm[m].dout; a++) dm[m].Ym[a * P + col] = Y[dm[m].out_rows[a] * N + j];
            col++;
        }
        double *Um = NULL, *Vm = NULL, *scr = NULL;
        long *cols = NULL, K = 0;
        if (module_vectors(&Um, &Vm, &cols, &K, &dm[m], m, U, V, res->mode_group, res->groups, M) ||
            !(scr = malloc(sizeof(double) * (size_t)(2 * (H > dm[m].dout ? H : dm[m].dout) * (K ? K : 1)))))
            rc = modlaw_fail(MODLAW_ENOMEM, "out of memory for the simulation");
        else
            module_init(&dm[m], c, Um, Vm, cols, K, res->pi0_eff, &rng, scr);
        free(Um); free(Vm); free(cols); free(scr);
    }

    int blas_threads = openblas_get_num_threads();
    openblas_set_num_threads(1); /* tiny matrices; also keeps runs bit-reproducible */
    long rec = 0;
    for (long step = 0; step <= c->steps && !rc; step++) {
        if (step % c->every == 0 || step == c->steps) {
            for (int m = 0; m < nm; m++) module_map(W, nin, &dm[m], c->layers, tmp);
            if (!finite_all(W, nin * nout)) {
                rc = modlaw_fail(MODLAW_ENUM, "--eta: gradient descent diverged at step %ld (eta too large)", step);
                break;
            }
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nout, (int)M, (int)nin,
                        1.0, W, (int)nin, V, (int)M, 0.0, WV, (int)M);
            double *pm = res->mode + rec * M, *pg = res->group + rec * res->ngroups;
            for (int q = 0; q < res->ngroups; q++) pg[q] = 0.0;
            for (long col = 0; col < M; col++) {
                double acc = 0.0;
                for (long i = 0; i < nout; i++) acc += U[i * M + col] * WV[i * M + col];
                pm[col] = acc;
                pg[res->mode_group[col]] += acc;
            }
            for (int q = 0; q < res->ngroups; q++) pg[q] /= (double)res->groups[q].mult;
            double bc = 0.0, bi = 0.0;
            for (long i = 0; i < ds->n2; i++)
                for (long b = 0; b < nin; b++) {
                    double w = W[i * nin + b];
                    if (b < ds->n1) bc += w * w; else bi += w * w;
                }
            res->block_comp[rec] = sqrt(bc);
            res->block_id[rec] = sqrt(bi);
            res->t[rec++] = step;
        }
        if (step == c->steps) break;
        for (int m = 0; m < nm; m++) module_step(&dm[m], P, c->layers, c->eta);
    }
    openblas_set_num_threads(blas_threads);

    if (!rc) {
        /* end of training: W holds the final map (recorded at step == steps) */
        double num = 0.0, den = 0.0, loss = 0.0, held = 0.0;
        long nh = 0;
        /* outputs split by input block: WXc = W[:, Omega_x] Omega_x, WXi = W[:, Gamma_x] Gamma_x */
        double *WXc = malloc(sizeof(double) * (size_t)(nout * N)), *WXi = calloc((size_t)(nout * N), sizeof(double));
        if (!WXc || !WXi) {
            free(WXc); free(WXi);
            rc = modlaw_fail(MODLAW_ENOMEM, "out of memory for the simulation");
            goto done;
        }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nout, (int)N, (int)ds->n1, 1.0, W, (int)nin,
                    X, (int)N, 0.0, WXc, (int)N);
        if (nin > ds->n1)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nout, (int)N, (int)(nin - ds->n1), 1.0,
                        W + ds->n1, (int)nin, X + ds->n1 * N, (int)N, 0.0, WXi, (int)N);
        for (long j = 0; j < N; j++) {
            int tr = c->train ? c->train[j] != 0 : 1;
            for (long i = 0; i < nout; i++) {
                double yc = WXc[i * N + j], yi = WXi[i * N + j];
                double e = yc + yi - Y[i * N + j];
                if (tr) {
                    loss += 0.5 * e * e;
                    if (i < ds->n2) {
                        num += yi * Y[i * N + j];
                        den += (yc + yi) * Y[i * N + j];
                    }
                } else if (i < ds->n2) {
                    held += e * e;
                }
            }
            if (!tr) nh++;
        }
        free(WXc); free(WXi);
        res->share = den != 0.0 ? num / den : 0.0;
        res->train_loss = loss;
        res->nheld = nh;
        res->heldout = nh ? held / (double)nh : 0.0;
        if (!isfinite(res->share) || !isfinite(loss) || !isfinite(res->heldout))
            rc = modlaw_fail(MODLAW_ENUM, "--eta: gradient descent diverged (eta too large)");
    }
done:
    for (int m = 0; m < nm; m++) module_free(&dm[m]);
    free(X); free(Y); free(U); free(V); free(W); free(WV); free(tmp);
    if (rc) sim_dyn_free(res);
    return rc;
}

/* Random held-out set with a spanning training set (spec Sec. 4). */
int sim_dyn_holdout_mask(unsigned char *train, const theory_dyn_data *ds, long nheld,
                         uint64_t seed)
{
    int rc = theory_dyn_check(ds);
    if (rc) return rc;
    long N = theory_dyn_npatterns(ds);
    if (nheld < 0 || nheld > N - 1)
        return modlaw_fail(MODLAW_EINVAL, "--holdout: must be in [0, %ld] (got %ld)", N - 1, nheld);
    long *perm = malloc((size_t)N * sizeof *perm);
    if (!perm) return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    sim_rng rng;
    sim_rng_seed(&rng, seed, 1);
    for (int attempt = 0; attempt < 100; attempt++) {
        for (long j = 0; j < N; j++) perm[j] = j;
        for (long j = N - 1; j > 0; j--) {
            long k = (long)(sim_rng_u64(&rng) % (uint64_t)(j + 1));
            long t = perm[j]; perm[j] = perm[k]; perm[k] = t;
        }
        for (long j = 0; j < N; j++) train[j] = 1;
        for (long j = 0; j < nheld; j++) train[perm[j]] = 0;
        /* rank of Omega_T: Gaussian elimination on the n1 x n1 Gram matrix */
        double G[THEORY_DYN_N1_MAX][THEORY_DYN_N1_MAX] = {{0}};
        long n1 = ds->n1;
        for (long j = 0; j < N; j++) {
            if (!train[j]) continue;
            for (long a = 0; a < n1; a++)
                for (long b = 0; b < n1; b++)
                    G[a][b] += (((j >> a) & 1) ? -1.0 : 1.0) * (((j >> b) & 1) ? -1.0 : 1.0);
        }
        int full = 1;
        for (long k = 0; k < n1 && full; k++) {
            long piv = k;
            for (long i = k + 1; i < n1; i++) if (fabs(G[i][k]) > fabs(G[piv][k])) piv = i;
            if (fabs(G[piv][k]) < 1e-9) { full = 0; break; }
            for (long b = 0; b < n1; b++) { double t = G[k][b]; G[k][b] = G[piv][b]; G[piv][b] = t; }
            for (long i = k + 1; i < n1; i++) {
                double f = G[i][k] / G[k][k];
                for (long b = k; b < n1; b++) G[i][b] -= f * G[k][b];
            }
        }
        if (full) {
            free(perm);
            return MODLAW_OK;
        }
    }
    free(perm);
    return modlaw_fail(MODLAW_EINVAL, "--holdout: %ld held-out patterns leave no spanning training set", nheld);
}
