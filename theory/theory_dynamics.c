/* theory_dynamics.c -- compositional dataset family, its analytic modes and
 * the closed-form learning trajectories of linear networks (seed 000: Jarvis
 * et al., arXiv 2409.14981; Saxe et al. 2014).  Derivations: docs/dynamics.md. */
#include "dynamics.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *theory_dyn_arch_name(theory_dyn_arch arch)
{
    return arch == THEORY_DYN_DENSE ? "dense" : arch == THEORY_DYN_OUTSPLIT ? "outsplit" :
           arch == THEORY_DYN_SPLIT ? "split" : "?";
}

/* Spec Sec. 1: domain of (n1, n2, k1, k2, r). */
int theory_dyn_check(const theory_dyn_data *ds)
{
    if (!ds) return modlaw_fail(MODLAW_EINVAL, "dataset: NULL");
    if (ds->n1 < 1 || ds->n1 > THEORY_DYN_N1_MAX)
        return modlaw_fail(MODLAW_EINVAL, "--n1: must be in [1, %d] (got %ld)", THEORY_DYN_N1_MAX, ds->n1);
    if (ds->n2 < 1 || ds->n2 > ds->n1)
        return modlaw_fail(MODLAW_EINVAL, "--n2: must be in [1, n1 = %ld] (got %ld)", ds->n1, ds->n2);
    if (ds->k1 < 0 || ds->k1 > THEORY_DYN_K_MAX)
        return modlaw_fail(MODLAW_EINVAL, "--k1: must be in [0, %d] (got %ld)", THEORY_DYN_K_MAX, ds->k1);
    if (ds->k2 < 0 || ds->k2 > THEORY_DYN_K_MAX)
        return modlaw_fail(MODLAW_EINVAL, "--k2: must be in [0, %d] (got %ld)", THEORY_DYN_K_MAX, ds->k2);
    if (!(ds->r >= 0.0) || ds->r > THEORY_DYN_R_MAX)
        return modlaw_fail(MODLAW_EINVAL, "--r: must be in [0, %g] (got %g)", THEORY_DYN_R_MAX, ds->r);
    return MODLAW_OK;
}

long theory_dyn_npatterns(const theory_dyn_data *ds) { return 1L << ds->n1; }
long theory_dyn_nin(const theory_dyn_data *ds) { return ds->n1 + ds->k1 * (1L << ds->n1); }
long theory_dyn_nout(const theory_dyn_data *ds) { return ds->n2 + ds->k2 * (1L << ds->n1); }

static double omega(long i, long j) { return ((j >> i) & 1) ? -1.0 : 1.0; }

/* Spec Sec. 1: X = [Omega_x; r I; ...], Y = [Omega_y; r I; ...]. */
int theory_dyn_dataset(double *X, double *Y, const theory_dyn_data *ds)
{
    int rc = theory_dyn_check(ds);
    if (rc) return rc;
    long N = theory_dyn_npatterns(ds);
    if (X) {
        long nin = theory_dyn_nin(ds);
        memset(X, 0, (size_t)(nin * N) * sizeof *X);
        for (long i = 0; i < ds->n1; i++)
            for (long j = 0; j < N; j++) X[i * N + j] = omega(i, j);
        for (long c = 0; c < ds->k1; c++)
            for (long j = 0; j < N; j++) X[(ds->n1 + c * N + j) * N + j] = ds->r;
    }
    if (Y) {
        long nout = theory_dyn_nout(ds);
        memset(Y, 0, (size_t)(nout * N) * sizeof *Y);
        for (long i = 0; i < ds->n2; i++)
            for (long j = 0; j < N; j++) Y[i * N + j] = omega(i, j);
        for (long c = 0; c < ds->k2; c++)
            for (long j = 0; j < N; j++) Y[(ds->n2 + c * N + j) * N + j] = ds->r;
    }
    return MODLAW_OK;
}

/* Spec Sec. 4: dense, output-split and fully split modules. */
int theory_dyn_modules(theory_dyn_module *mods, int *nm, const theory_dyn_data *ds,
                       theory_dyn_arch arch)
{
    int rc = theory_dyn_check(ds);
    if (rc) return rc;
    switch (arch) {
    case THEORY_DYN_DENSE:
        mods[0] = (theory_dyn_module){'d', 1, 1, 1, 1};
        *nm = 1;
        break;
    case THEORY_DYN_OUTSPLIT:
    case THEORY_DYN_SPLIT:
        mods[0] = (theory_dyn_module){'c', 1, arch == THEORY_DYN_OUTSPLIT, 1, 0};
        *nm = 1;
        if (ds->k2 > 0) mods[(*nm)++] = (theory_dyn_module){'i', 1, 1, 0, 1};
        break;
    default:
        return modlaw_fail(MODLAW_EINVAL, "--arch: unknown architecture %d", (int)arch);
    }
    return MODLAW_OK;
}

/* Eigenvalues of X_I^T X_I and Y_O^T Y_O on Walsh subspace k (docs Sec. 2):
 * Omega_x^T Omega_x = N P_x, Omega_y^T Omega_y = N P_y, identity blocks give
 * k r^2 I. */
static void subspace_eig(double *ex, double *ey, const theory_dyn_data *ds,
                         const theory_dyn_module *m, int k)
{
    double N = (double)theory_dyn_npatterns(ds), r2 = ds->r * ds->r;
    *ex = (m->in_comp && k <= 2 ? N : 0.0) + (m->in_id ? (double)ds->k1 * r2 : 0.0);
    *ey = (m->out_comp && k == 1 ? N : 0.0) + (m->out_id ? (double)ds->k2 * r2 : 0.0);
}

static long subspace_mult(const theory_dyn_data *ds, int k)
{
    return k == 1 ? ds->n2 : k == 2 ? ds->n1 - ds->n2 : theory_dyn_npatterns(ds) - ds->n1;
}

/* Spec Sec. 2 (derived in docs/dynamics.md Sec. 2). */
int theory_dyn_groups(theory_dyn_group *g, int *ng, const theory_dyn_data *ds,
                      theory_dyn_arch arch)
{
    theory_dyn_module mods[THEORY_DYN_MAX_MODULES];
    int nm, rc = theory_dyn_modules(mods, &nm, ds, arch);
    if (rc) return rc;
    double N = (double)theory_dyn_npatterns(ds);
    *ng = 0;
    for (int m = 0; m < nm; m++)
        for (int k = 1; k <= 3; k++) {
            double ex, ey;
            subspace_eig(&ex, &ey, ds, &mods[m], k);
            long mult = subspace_mult(ds, k);
            if (ex <= 0.0 || ey <= 0.0 || mult <= 0) continue;
            theory_dyn_group *q = &g[(*ng)++];
            memset(q, 0, sizeof *q);
            q->label[0] = mods[m].name == 'd' ? 's' : mods[m].name;
            q->label[1] = (char)('0' + k);
            q->module = m;
            q->subspace = k;
            q->mult = mult;
            q->s = sqrt(ex * ey) / N;
            q->d = ex / N;
        }
    return MODLAW_OK;
}

int theory_dyn_group_arb(arb_t s, arb_t d, const theory_dyn_data *ds,
                         theory_dyn_arch arch, int gi, slong prec)
{
    theory_dyn_group g[THEORY_DYN_MAX_GROUPS];
    theory_dyn_module mods[THEORY_DYN_MAX_MODULES];
    int ng, nm, rc = theory_dyn_groups(g, &ng, ds, arch);
    if (rc) return rc;
    if ((rc = theory_dyn_modules(mods, &nm, ds, arch))) return rc;
    if (gi < 0 || gi >= ng) return modlaw_fail(MODLAW_EINVAL, "group: index %d out of range", gi);
    const theory_dyn_module *m = &mods[g[gi].module];
    slong wp = prec + 32;
    arb_t N, r2, ex, ey;
    arb_init(N); arb_init(r2); arb_init(ex); arb_init(ey);
    arb_set_si(N, theory_dyn_npatterns(ds));
    arb_set_d(r2, ds->r);
    arb_sqr(r2, r2, wp);
    int k = g[gi].subspace;
    arb_zero(ex);
    if (m->in_comp && k <= 2) arb_add(ex, ex, N, wp);
    if (m->in_id) arb_addmul_si(ex, r2, ds->k1, wp);
    arb_zero(ey);
    if (m->out_comp && k == 1) arb_add(ey, ey, N, wp);
    if (m->out_id) arb_addmul_si(ey, r2, ds->k2, wp);
    arb_mul(s, ex, ey, wp);
    arb_sqrt(s, s, wp);
    arb_div(s, s, N, prec);
    arb_div(d, ex, N, prec);
    arb_clear(N); arb_clear(r2); arb_clear(ex); arb_clear(ey);
    return MODLAW_OK;
}

long theory_dyn_nmodes(const theory_dyn_data *ds, theory_dyn_arch arch)
{
    theory_dyn_group g[THEORY_DYN_MAX_GROUPS];
    int ng;
    if (theory_dyn_groups(g, &ng, ds, arch)) return 0;
    long n = 0;
    for (int i = 0; i < ng; i++) n += g[i].mult;
    return n;
}

static int popcount_l(long x) { return __builtin_popcountl((unsigned long)x); }

/* Walsh subset mask of basis column c (ordering of theory_dyn_walsh). */
static long walsh_mask(const theory_dyn_data *ds, long c)
{
    if (c < ds->n1) return 1L << c;
    long idx = c - ds->n1, N = theory_dyn_npatterns(ds);
    for (long S = 0; S < N; S++) {
        if (popcount_l(S) == 1) continue;
        if (idx-- == 0) return S;
    }
    return 0;
}

int theory_dyn_walsh(double *B, const theory_dyn_data *ds)
{
    int rc = theory_dyn_check(ds);
    if (rc) return rc;
    long N = theory_dyn_npatterns(ds);
    double inv = 1.0 / sqrt((double)N);
    for (long c = 0; c < N; c++) {
        long S = walsh_mask(ds, c);
        for (long j = 0; j < N; j++) B[j * N + c] = (popcount_l(S & j) & 1) ? -inv : inv;
    }
    return MODLAW_OK;
}

/* docs Sec. 2: v = X_I b/|X_I b|, u = Y_O b/|Y_O b|. */
int theory_dyn_vectors(double *U, double *V, int *group, const theory_dyn_data *ds,
                       theory_dyn_arch arch)
{
    theory_dyn_group g[THEORY_DYN_MAX_GROUPS];
    theory_dyn_module mods[THEORY_DYN_MAX_MODULES];
    int ng, nm, rc = theory_dyn_groups(g, &ng, ds, arch);
    if (rc) return rc;
    if ((rc = theory_dyn_modules(mods, &nm, ds, arch))) return rc;
    long N = theory_dyn_npatterns(ds), nin = theory_dyn_nin(ds), nout = theory_dyn_nout(ds);
    long M = theory_dyn_nmodes(ds, arch);
    double *X = malloc((size_t)(nin * N) * sizeof *X), *Y = malloc((size_t)(nout * N) * sizeof *Y);
    double *B = malloc((size_t)(N * N) * sizeof *B);
    if (!X || !Y || !B) {
        free(X); free(Y); free(B);
        return modlaw_fail(MODLAW_ENOMEM, "out of memory for the mode vectors");
    }
    theory_dyn_dataset(X, Y, ds);
    theory_dyn_walsh(B, ds);
    if (U) memset(U, 0, (size_t)(nout * M) * sizeof *U);
    if (V) memset(V, 0, (size_t)(nin * M) * sizeof *V);
    long col = 0;
    for (int q = 0; q < ng; q++) {
        const theory_dyn_module *m = &mods[g[q].module];
        long c0 = g[q].subspace == 1 ? 0 : g[q].subspace == 2 ? ds->n2 : ds->n1;
        for (long c = c0; c < c0 + g[q].mult; c++, col++) {
            if (group) group[col] = q;
            /* right vector: rows of X the module sees, times b */
            if (V) {
                double nrm = 0.0;
                for (long i = 0; i < nin; i++) {
                    int comp = i < ds->n1;
                    if ((comp && !m->in_comp) || (!comp && !m->in_id)) continue;
                    double acc = 0.0;
                    if (comp) for (long j = 0; j < N; j++) acc += X[i * N + j] * B[j * N + c];
                    else acc = ds->r * B[((i - ds->n1) % N) * N + c]; /* row r e_j */
                    V[i * M + col] = acc;
                    nrm += acc * acc;
                }
                nrm = sqrt(nrm);
                for (long i = 0; i < nin; i++) V[i * M + col] /= nrm;
            }
            if (U) {
                double nrm = 0.0;
                for (long i = 0; i < nout; i++) {
                    int comp = i < ds->n2;
                    if ((comp && !m->out_comp) || (!comp && !m->out_id)) continue;
                    double acc = 0.0;
                    if (comp) for (long j = 0; j < N; j++) acc += Y[i * N + j] * B[j * N + c];
                    else acc = ds->r * B[((i - ds->n2) % N) * N + c]; /* row r e_j */
                    U[i * M + col] = acc;
                    nrm += acc * acc;
                }
                nrm = sqrt(nrm);
                for (long i = 0; i < nout; i++) U[i * M + col] /= nrm;
            }
        }
    }
    free(X); free(Y); free(B);
    return MODLAW_OK;
}

static int check_traj(double s, double d, double pi0, double t, int layers)
{
    if (layers != 1 && layers != 2) return modlaw_fail(MODLAW_EINVAL, "--layers: must be 1 or 2 (got %d)", layers);
    if (!(s >= 0.0) || !isfinite(s)) return modlaw_fail(MODLAW_EINVAL, "s: must be finite and >= 0");
    if (!(d >= 0.0) || !isfinite(d)) return modlaw_fail(MODLAW_EINVAL, "d: must be finite and >= 0");
    if (!isfinite(pi0) || (layers == 2 && pi0 < 0.0))
        return modlaw_fail(MODLAW_EINVAL, "--init: must be finite%s", layers == 2 ? " and >= 0 for two layers" : "");
    if (!(t >= 0.0) || !isfinite(t)) return modlaw_fail(MODLAW_EINVAL, "t: must be finite and >= 0");
    return MODLAW_OK;
}

/* Saxe et al. 2014, Eq. 6 (two layers) and the linear ODE (one layer). */
int theory_dyn_strength(double *pi, double s, double d, double pi0, double t, int layers)
{
    int rc = check_traj(s, d, pi0, t, layers);
    if (rc) return rc;
    if (layers == 2) {
        if (s == 0.0) *pi = pi0 / (1.0 + 2.0 * d * pi0 * t);
        else {
            double e = exp(-2.0 * s * t);
            double den = d * pi0 * (-expm1(-2.0 * s * t)) + s * e;
            *pi = den > 0.0 ? s * pi0 / den : 0.0; /* den = 0 only if pi0 = 0 */
        }
    } else {
        if (d == 0.0) *pi = pi0 + s * t;
        else *pi = (s / d) * (-expm1(-d * t)) + pi0 * exp(-d * t);
    }
    return MODLAW_OK;
}

int theory_dyn_strength_arb(arb_t pi, const arb_t s, const arb_t d, const arb_t pi0,
                            const arb_t t, int layers, slong prec)
{
    if (layers != 1 && layers != 2) return modlaw_fail(MODLAW_EINVAL, "--layers: must be 1 or 2 (got %d)", layers);
    if (!arb_is_finite(s) || !arb_is_finite(d) || !arb_is_finite(pi0) || !arb_is_finite(t))
        return modlaw_fail(MODLAW_EINVAL, "trajectory: non-finite argument");
    if (arb_is_negative(s) || arb_is_negative(d) || arb_is_negative(t) ||
        (layers == 2 && arb_is_negative(pi0)))
        return modlaw_fail(MODLAW_EINVAL, "trajectory: s, d, t (and pi0 for two layers) must be >= 0");
    slong wp = prec + 32;
    arb_t a, b, e, em;
    arb_init(a); arb_init(b); arb_init(e); arb_init(em);
    if (layers == 2) {
        if (arb_is_zero(s)) {
            arb_mul(a, d, pi0, wp);
            arb_mul(a, a, t, wp);
            arb_mul_2exp_si(a, a, 1);
            arb_add_si(a, a, 1, wp);
            arb_div(pi, pi0, a, prec);
        } else {
            arb_mul(a, s, t, wp);
            arb_mul_2exp_si(a, a, 1);
            arb_neg(a, a);
            arb_exp(e, a, wp);           /* e^{-2st} */
            arb_expm1(em, a, wp);        /* e^{-2st} - 1 */
            arb_neg(em, em);
            arb_mul(b, d, pi0, wp);
            arb_mul(b, b, em, wp);
            arb_addmul(b, s, e, wp);     /* den */
            arb_mul(a, s, pi0, wp);
            if (arb_is_zero(pi0)) arb_zero(pi);
            else arb_div(pi, a, b, prec);
        }
    } else {
        if (arb_is_zero(d)) {
            arb_mul(a, s, t, wp);
            arb_add(pi, pi0, a, prec);
        } else {
            arb_mul(a, d, t, wp);
            arb_neg(a, a);
            arb_exp(e, a, wp);
            arb_expm1(em, a, wp);
            arb_neg(em, em);
            arb_div(b, s, d, wp);
            arb_mul(b, b, em, wp);
            arb_addmul(b, pi0, e, wp);
            arb_set_round(pi, b, prec);
        }
    }
    arb_clear(a); arb_clear(b); arb_clear(e); arb_clear(em);
    return MODLAW_OK;
}

/* docs Sec. 3: exact discrete GD recursions. */
int theory_dyn_strength_discrete(double *pi, double s, double d, double pi0, double h,
                                 long steps, int layers)
{
    int rc = check_traj(s, d, pi0, 0.0, layers);
    if (rc) return rc;
    if (!(h > 0.0) || !isfinite(h)) return modlaw_fail(MODLAW_EINVAL, "--eta: P eta must be finite and > 0");
    if (steps < 0) return modlaw_fail(MODLAW_EINVAL, "--steps: must be >= 0");
    if (layers == 1) {
        if (d == 0.0) *pi = pi0 + s * h * (double)steps;
        else *pi = s / d + (pi0 - s / d) * pow(1.0 - h * d, (double)steps);
        return MODLAW_OK;
    }
    double a = sqrt(pi0);
    for (long t = 0; t < steps; t++) {
        a += h * a * (s - d * a * a);
        if (!isfinite(a)) return modlaw_fail(MODLAW_ENUM, "--eta: gradient descent diverges (P eta too large)");
    }
    *pi = a * a;
    return MODLAW_OK;
}

int theory_dyn_strength_discrete_path(double *pi, long stride, const long *t, long nrec,
                                      double s, double d, double pi0, double h, int layers)
{
    if (layers == 1) {                    /* closed form per record */
        for (long k = 0; k < nrec; k++) {
            int rc = theory_dyn_strength_discrete(&pi[k * stride], s, d, pi0, h, t[k], layers);
            if (rc) return rc;
        }
        return MODLAW_OK;
    }
    int rc = theory_dyn_strength_discrete(&pi[0], s, d, pi0, h, 0, layers); /* validates */
    if (rc) return rc;
    double a = sqrt(pi0);
    long done = 0;
    for (long k = 0; k < nrec; k++) {
        if (t[k] < done) return modlaw_fail(MODLAW_EINVAL, "--every: record times must not decrease");
        for (; done < t[k]; done++) {
            a += h * a * (s - d * a * a);
            if (!isfinite(a)) return modlaw_fail(MODLAW_ENUM, "--eta: gradient descent diverges (P eta too large)");
        }
        pi[k * stride] = a * a;
    }
    return MODLAW_OK;
}

/* Spec Sec. 4 / docs Sec. 4: block-norm ratio and identity share. */
int theory_dyn_share(double *ratio, double *share, const theory_dyn_data *ds,
                     theory_dyn_arch arch)
{
    int rc = theory_dyn_check(ds);
    if (rc) return rc;
    if (arch != THEORY_DYN_DENSE && arch != THEORY_DYN_OUTSPLIT && arch != THEORY_DYN_SPLIT)
        return modlaw_fail(MODLAW_EINVAL, "--arch: unknown architecture");
    double N = (double)theory_dyn_npatterns(ds), c = (double)ds->k1 * ds->r * ds->r;
    if (arch == THEORY_DYN_SPLIT) c = 0.0;
    if (ratio) *ratio = sqrt(c / N);
    if (share) *share = c / (N + c);
    return MODLAW_OK;
}

/* docs Sec. 4: block norms from the s1 / c1 strength. */
int theory_dyn_blocks(double *comp, double *id, const theory_dyn_data *ds,
                      theory_dyn_arch arch, double pi)
{
    theory_dyn_module mods[THEORY_DYN_MAX_MODULES];
    int nm, rc = theory_dyn_modules(mods, &nm, ds, arch);
    if (rc) return rc;
    double ex, ey, ratio, N = (double)theory_dyn_npatterns(ds);
    subspace_eig(&ex, &ey, ds, &mods[0], 1);
    theory_dyn_share(&ratio, NULL, ds, arch);
    double c = sqrt((double)ds->n2) * fabs(pi) * sqrt(N / ex) * sqrt(N / ey);
    if (comp) *comp = c;
    if (id) *id = ratio * c;
    return MODLAW_OK;
}

/* Spec Sec. 4 / docs Sec. 4: ||Sel (I - G (G + c)^+) w||^2 averaged over the
 * held-out patterns, via the eigendecomposition of G (LAPACKE dsyev). */
int theory_dyn_heldout(double *err, long *nheld, const theory_dyn_data *ds,
                       theory_dyn_arch arch, const unsigned char *train)
{
    int rc = theory_dyn_check(ds);
    if (rc) return rc;
    if (!train) return modlaw_fail(MODLAW_EINVAL, "train: NULL mask");
    if (arch != THEORY_DYN_DENSE && arch != THEORY_DYN_OUTSPLIT && arch != THEORY_DYN_SPLIT)
        return modlaw_fail(MODLAW_EINVAL, "--arch: unknown architecture");
    long n1 = ds->n1, N = theory_dyn_npatterns(ds);
    double c = arch == THEORY_DYN_SPLIT ? 0.0 : (double)ds->k1 * ds->r * ds->r;
    double G[THEORY_DYN_N1_MAX * THEORY_DYN_N1_MAX] = {0}, lam[THEORY_DYN_N1_MAX];
    double scale = 0.0;
    for (long j = 0; j < N; j++) {
        if (!train[j]) continue;
        for (long a = 0; a < n1; a++)
            for (long b = 0; b < n1; b++) G[a * n1 + b] += omega(a, j) * omega(b, j);
        scale += 1.0;
    }
    if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)n1, G, (lapack_int)n1, lam) != 0)
        return modlaw_fail(MODLAW_ENUM, "held-out: eigendecomposition of G failed");
    /* columns of G now hold eigenvectors q_k; residual factor per eigenvalue */
    double f[THEORY_DYN_N1_MAX];
    double tol = 1e-10 * fmax(scale, 1.0);
    for (long k = 0; k < n1; k++) {
        double l = lam[k] < tol ? 0.0 : lam[k];
        f[k] = l + c > tol ? c / (l + c) : 1.0;
    }
    double sum = 0.0;
    long nh = 0;
    for (long j = 0; j < N; j++) {
        if (train[j]) continue;
        nh++;
        double proj[THEORY_DYN_N1_MAX];
        for (long k = 0; k < n1; k++) {
            double acc = 0.0;
            for (long a = 0; a < n1; a++) acc += G[a * n1 + k] * omega(a, j);
            proj[k] = f[k] * acc;
        }
        for (long a = 0; a < ds->n2; a++) {
            double e = 0.0;
            for (long k = 0; k < n1; k++) e += G[a * n1 + k] * proj[k];
            sum += e * e;
        }
    }
    *err = nh ? sum / (double)nh : 0.0;
    if (nheld) *nheld = nh;
    return MODLAW_OK;
}
