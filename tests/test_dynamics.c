/* test_dynamics.c -- suite `dynamics`: the compositional dataset's analytic
 * modes vs LAPACKE SVD, closed-form trajectories vs an ODE integrator and vs
 * Arb balls, GD vs the exact discrete recursions, converged predictions vs
 * direct least squares, and CLI error cases (seed 000, Saxe et al. 2014). */
#include "testutil.h"
#include "dynamics.h"
#include "sim_dynamics.h"
#include "sim.h"

#include <cblas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static theory_dyn_data random_ds(sim_rng *r, long n1max)
{
    theory_dyn_data ds;
    ds.n1 = 1 + (long)(sim_rng_u64(r) % (uint64_t)n1max);
    ds.n2 = 1 + (long)(sim_rng_u64(r) % (uint64_t)ds.n1);
    ds.k1 = (long)(sim_rng_u64(r) % 4);
    ds.k2 = (long)(sim_rng_u64(r) % 4);
    ds.r = 0.25 + 3.0 * sim_rng_uniform(r);
    return ds;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Singular values of Sigma_yx = Y X^T / N by LAPACKE dgesdd against the
 * analytic groups (with multiplicities; all others ~ 0). */
START_TEST(modes_vs_svd)
{
    sim_rng r;
    sim_rng_seed(&r, 11, 0);
    for (int it = 0; it < 60; it++) {
        theory_dyn_data ds = random_ds(&r, 5);
        long N = theory_dyn_npatterns(&ds), nin = theory_dyn_nin(&ds), nout = theory_dyn_nout(&ds);
        double *X = malloc(sizeof(double) * (size_t)(nin * N)), *Y = malloc(sizeof(double) * (size_t)(nout * N));
        double *S = malloc(sizeof(double) * (size_t)(nout * nin));
        long ns = nout < nin ? nout : nin;
        double *sv = malloc(sizeof(double) * (size_t)ns), *ex = calloc((size_t)ns, sizeof(double));
        ck_assert_int_eq(theory_dyn_dataset(X, Y, &ds), 0);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nout, (int)nin, (int)N, 1.0 / (double)N,
                    Y, (int)N, X, (int)N, 0.0, S, (int)nin);
        /* the row-major nout x nin S is the column-major nin x nout S^T: same singular values */
        double du[1], dvt[1];
        ck_assert_int_eq(LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'N', (int)nin, (int)nout, S, (int)nin, sv,
                                        du, 1, dvt, 1), 0);
        theory_dyn_group g[THEORY_DYN_MAX_GROUPS];
        int ng;
        ck_assert_int_eq(theory_dyn_groups(g, &ng, &ds, THEORY_DYN_DENSE), 0);
        long k = 0;
        for (int i = 0; i < ng; i++)
            for (long m = 0; m < g[i].mult && k < ns; m++) ex[k++] = g[i].s;
        qsort(ex, (size_t)ns, sizeof *ex, cmp_desc);
        for (long i = 0; i < ns; i++)
            ck_assert_msg(fabs(sv[i] - ex[i]) <= 1e-12 * (1.0 + sv[0]),
                          "n1=%ld n2=%ld k1=%ld k2=%ld r=%g: sv[%ld] = %.17g, analytic %.17g",
                          ds.n1, ds.n2, ds.k1, ds.k2, ds.r, i, sv[i], ex[i]);
        free(X); free(Y); free(S); free(sv); free(ex);
    }
}
END_TEST

/* For every architecture and module: Sigma_yx v = s u, Sigma_yx^T u = s v,
 * Sigma_xx v = d v with the module's rows, and the vectors are orthonormal. */
START_TEST(vectors_are_singular_vectors)
{
    sim_rng r;
    sim_rng_seed(&r, 12, 0);
    for (int it = 0; it < 30; it++) {
        theory_dyn_data ds = random_ds(&r, 4);
        for (int arch = 0; arch < 3; arch++) {
            long N = theory_dyn_npatterns(&ds), nin = theory_dyn_nin(&ds), nout = theory_dyn_nout(&ds);
            long M = theory_dyn_nmodes(&ds, (theory_dyn_arch)arch);
            if (M == 0) continue;
            double *X = malloc(sizeof(double) * (size_t)(nin * N)), *Y = malloc(sizeof(double) * (size_t)(nout * N));
            double *U = malloc(sizeof(double) * (size_t)(nout * M)), *V = malloc(sizeof(double) * (size_t)(nin * M));
            int *grp = malloc(sizeof(int) * (size_t)M);
            theory_dyn_group g[THEORY_DYN_MAX_GROUPS];
            theory_dyn_module mods[THEORY_DYN_MAX_MODULES];
            int ng, nm;
            theory_dyn_dataset(X, Y, &ds);
            ck_assert_int_eq(theory_dyn_vectors(U, V, grp, &ds, (theory_dyn_arch)arch), 0);
            theory_dyn_groups(g, &ng, &ds, (theory_dyn_arch)arch);
            theory_dyn_modules(mods, &nm, &ds, (theory_dyn_arch)arch);
            for (long m = 0; m < M; m++) {
                const theory_dyn_module *mo = &mods[g[grp[m]].module];
                double s = g[grp[m]].s, d = g[grp[m]].d;
                /* X_I^T v and Y_O^T u (N-vectors), masked to the module */
                double xv[1024], yu[1024];
                for (long j = 0; j < N; j++) {
                    xv[j] = yu[j] = 0.0;
                    for (long i = 0; i < nin; i++)
                        if (i < ds.n1 ? mo->in_comp : mo->in_id) xv[j] += X[i * N + j] * V[i * M + m];
                    for (long i = 0; i < nout; i++)
                        if (i < ds.n2 ? mo->out_comp : mo->out_id) yu[j] += Y[i * N + j] * U[i * M + m];
                }
                /* Sigma v = Y_O X_I^T v / N must be s u; Sigma_xx v = X_I X_I^T v / N = d v */
                for (long i = 0; i < nout; i++) {
                    double acc = 0.0;
                    if (i < ds.n2 ? mo->out_comp : mo->out_id)
                        for (long j = 0; j < N; j++) acc += Y[i * N + j] * xv[j];
                    ck_assert_msg(fabs(acc / (double)N - s * U[i * M + m]) < 1e-12,
                                  "arch %d mode %ld: Sigma v != s u", arch, m);
                }
                for (long i = 0; i < nin; i++) {
                    double a1 = 0.0, a2 = 0.0;
                    if (i < ds.n1 ? mo->in_comp : mo->in_id)
                        for (long j = 0; j < N; j++) {
                            a1 += X[i * N + j] * xv[j];
                            a2 += X[i * N + j] * yu[j];
                        }
                    ck_assert_msg(fabs(a1 / (double)N - d * V[i * M + m]) < 1e-12, "Sigma_xx v != d v");
                    ck_assert_msg(fabs(a2 / (double)N - s * V[i * M + m]) < 1e-12, "Sigma^T u != s v");
                }
                for (long m2 = 0; m2 < M; m2++) {
                    double du = 0.0, dv = 0.0;
                    for (long i = 0; i < nout; i++) du += U[i * M + m] * U[i * M + m2];
                    for (long i = 0; i < nin; i++) dv += V[i * M + m] * V[i * M + m2];
                    /* vectors of different modules may overlap in input space */
                    if (g[grp[m]].module == g[grp[m2]].module)
                        ck_assert(fabs(dv - (m == m2)) < 1e-12);
                    ck_assert(fabs(du - (m == m2)) < 1e-12);
                }
            }
            free(X); free(Y); free(U); free(V); free(grp);
        }
    }
}
END_TEST

/* Closed forms against GSL's rk8pd integration of tau dpi/dt = 2 pi (s - d pi)
 * and tau dpi/dt = s - d pi. */
typedef struct { double s, d; int layers; } ode_par;

static int ode_rhs(double t, const double y[], double f[], void *p)
{
    const ode_par *q = p;
    (void)t;
    f[0] = q->layers == 2 ? 2.0 * y[0] * (q->s - q->d * y[0]) : q->s - q->d * y[0];
    return GSL_SUCCESS;
}

START_TEST(closed_form_vs_ode)
{
    sim_rng r;
    sim_rng_seed(&r, 13, 0);
    for (int it = 0; it < 400; it++) {
        ode_par q = {0.05 + 3.0 * sim_rng_uniform(&r), 0.05 + 3.0 * sim_rng_uniform(&r), 1 + (int)(it & 1)};
        if (it % 17 == 0) q.s = 0.0;
        double pi0 = exp(-12.0 * sim_rng_uniform(&r)), T = 40.0 * sim_rng_uniform(&r);
        gsl_odeiv2_system sys = {ode_rhs, NULL, 1, &q};
        gsl_odeiv2_driver *drv = gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, 1e-6, 0.0, 1e-13);
        double t = 0.0, y[1] = {pi0};
        for (int k = 1; k <= 8; k++) {
            double tk = T * k / 8.0;
            ck_assert_int_eq(gsl_odeiv2_driver_apply(drv, &t, tk, y), GSL_SUCCESS);
            double pi;
            ck_assert_int_eq(theory_dyn_strength(&pi, q.s, q.d, pi0, tk, q.layers), 0);
            ck_assert_msg(rel_diff(pi, y[0]) < 1e-9, "layers %d s %g d %g pi0 %g t %g: closed %.15g ode %.15g",
                          q.layers, q.s, q.d, pi0, tk, pi, y[0]);
        }
        gsl_odeiv2_driver_free(drv);
    }
}
END_TEST

/* Arb balls contain the double value (to a few ulps) and shrink with prec. */
START_TEST(arb_vs_double)
{
    sim_rng r;
    sim_rng_seed(&r, 14, 0);
    arb_t s, d, p0, t, pi;
    arb_init(s); arb_init(d); arb_init(p0); arb_init(t); arb_init(pi);
    for (int it = 0; it < 300; it++) {
        theory_dyn_data ds = random_ds(&r, 6);
        int arch = it % 3, layers = 1 + (it / 3) % 2;
        theory_dyn_group g[THEORY_DYN_MAX_GROUPS];
        int ng;
        ck_assert_int_eq(theory_dyn_groups(g, &ng, &ds, (theory_dyn_arch)arch), 0);
        slong prec = 64 + (slong)(sim_rng_u64(&r) % 400);
        double pi0d = exp(-10.0 * sim_rng_uniform(&r)), tt = 30.0 * sim_rng_uniform(&r);
        for (int i = 0; i < ng; i++) {
            ck_assert_int_eq(theory_dyn_group_arb(s, d, &ds, (theory_dyn_arch)arch, i, prec), 0);
            ck_assert(fabs(arf_get_d(arb_midref(s), ARF_RND_NEAR) - g[i].s) < 4e-16 * g[i].s);
            ck_assert(fabs(arf_get_d(arb_midref(d), ARF_RND_NEAR) - g[i].d) <= 4e-16 * g[i].d);
            arb_set_d(p0, pi0d);
            arb_set_d(t, tt);
            ck_assert_int_eq(theory_dyn_strength_arb(pi, s, d, p0, t, layers, prec), 0);
            double pd;
            ck_assert_int_eq(theory_dyn_strength(&pd, g[i].s, g[i].d, pi0d, tt, layers), 0);
            double mid = arf_get_d(arb_midref(pi), ARF_RND_NEAR), rad = mag_get_d(arb_radref(pi));
            ck_assert_msg(fabs(mid - pd) <= rad + 1e-13 * fabs(pd),
                          "layers %d s %g d %g: arb %.17g double %.17g", layers, g[i].s, g[i].d, mid, pd);
            ck_assert(arb_rel_accuracy_bits(pi) >= prec - 20);
        }
    }
    arb_clear(s); arb_clear(d); arb_clear(p0); arb_clear(t); arb_clear(pi);
}
END_TEST

/* GD with balanced init follows the exact discrete recursions to rounding:
 * one layer pi_t = s/d + (pi0 - s/d)(1 - h d)^t, two layers a <- a + h a (s - d a^2). */
START_TEST(gd_vs_discrete)
{
    theory_dyn_data ds = {3, 2, 2, 1, 1.5};
    for (int arch = 0; arch < 3; arch++)
        for (int layers = 1; layers <= 2; layers++) {
            long N = theory_dyn_npatterns(&ds);
            double h = 0.01;
            sim_dyn_config c = {ds, (theory_dyn_arch)arch, layers, 0, h / (double)N, 1e-3,
                                SIM_DYN_BALANCED, 3000, 250, 1, NULL};
            sim_dyn_result res;
            ck_assert_int_eq(sim_dyn_run(&res, &c), 0);
            for (long k = 0; k < res.nrec; k++)
                for (int q = 0; q < res.ngroups; q++) {
                    double th;
                    ck_assert_int_eq(theory_dyn_strength_discrete(&th, res.groups[q].s, res.groups[q].d,
                                                                  1e-3, h, res.t[k], layers), 0);
                    double sim = res.group[k * res.ngroups + q];
                    ck_assert_msg(fabs(sim - th) <= 1e-10 * fmax(1.0, fabs(th)),
                                  "arch %d layers %d group %s t %ld: gd %.15g recursion %.15g",
                                  arch, layers, res.groups[q].label, res.t[k], sim, th);
                }
            sim_dyn_free(&res);
        }
}
END_TEST

/* GD vs gradient-flow closed form: deviation shrinks at first order. */
START_TEST(gd_vs_theory_small_eta)
{
    theory_dyn_data ds = {3, 2, 1, 1, 1.0};
    double dev[2];
    for (int k = 0; k < 2; k++) {
        double h = k ? 0.004 : 0.008;
        long N = theory_dyn_npatterns(&ds), steps = (long)(60.0 / h);
        sim_dyn_config c = {ds, THEORY_DYN_DENSE, 2, 0, h / (double)N, 1e-3, SIM_DYN_BALANCED, steps, 5, 1, NULL};
        sim_dyn_result res;
        ck_assert_int_eq(sim_dyn_run(&res, &c), 0);
        dev[k] = 0.0;
        for (long i = 0; i < res.nrec; i++)
            for (int q = 0; q < res.ngroups; q++) {
                double th;
                theory_dyn_strength(&th, res.groups[q].s, res.groups[q].d, 1e-3, h * (double)res.t[i], 2);
                dev[k] = fmax(dev[k], fabs(res.group[i * res.ngroups + q] - th) / th);
            }
        sim_dyn_free(&res);
    }
    ck_assert_msg(dev[1] < 0.01, "deviation at N eta = 0.004: %g", dev[1]);
    ck_assert_msg(fabs(dev[0] / dev[1] - 2.0) < 0.15, "order: D(2h)/D(h) = %g", dev[0] / dev[1]);
}
END_TEST

/* Held-out error and identity share against direct least squares
 * W = Y_T X_T^+ (LAPACKE dgelsd), the limit of GD from init -> 0. */
START_TEST(converged_vs_least_squares)
{
    sim_rng r;
    sim_rng_seed(&r, 15, 0);
    for (int it = 0; it < 40; it++) {
        theory_dyn_data ds = random_ds(&r, 5);
        if (ds.n1 < 3) ds.n1 = 3;
        if (ds.n2 > ds.n1) ds.n2 = ds.n1;
        if (ds.k1 == 0) ds.k1 = 1;
        int arch = it % 3;
        long N = theory_dyn_npatterns(&ds), nin = theory_dyn_nin(&ds), nout = theory_dyn_nout(&ds);
        unsigned char train[1024];
        long nheld = it % 2 ? N / 4 : 0;
        ck_assert_int_eq(sim_dyn_holdout_mask(train, &ds, nheld, (uint64_t)it), 0);
        double *X = malloc(sizeof(double) * (size_t)(nin * N)), *Y = malloc(sizeof(double) * (size_t)(nout * N));
        theory_dyn_dataset(X, Y, &ds);
        /* compositional rows only: inputs of the comp module */
        long din = arch == THEORY_DYN_SPLIT ? ds.n1 : nin, P = 0;
        double *A = calloc((size_t)(N * din), sizeof(double)), *B = calloc((size_t)(N * ds.n2), sizeof(double));
        for (long j = 0; j < N; j++) {
            if (!train[j]) continue;
            for (long i = 0; i < din; i++) A[P * din + i] = X[i * N + j];
            for (long i = 0; i < ds.n2; i++) B[P * ds.n2 + i] = Y[i * N + j];
            P++;
        }
        /* min-norm solution of A w = B (P x din), B is P x n2 -> w din x n2 */
        long ldb = din > P ? din : P;
        double *Bw = calloc((size_t)(ldb * ds.n2), sizeof(double)), *sv = malloc(sizeof(double) * (size_t)(din + P));
        for (long i = 0; i < P; i++)
            for (long c = 0; c < ds.n2; c++) Bw[i * ds.n2 + c] = B[i * ds.n2 + c];
        lapack_int rank;
        ck_assert_int_eq(LAPACKE_dgelsd(LAPACK_ROW_MAJOR, (int)P, (int)din, (int)ds.n2, A, (int)din, Bw,
                                        (int)ds.n2, sv, -1.0, &rank), 0);
        double held = 0.0, num = 0.0, den = 0.0;
        long nh = 0;
        for (long j = 0; j < N; j++)
            for (long c = 0; c < ds.n2; c++) {
                double yc = 0.0, yi = 0.0;
                for (long i = 0; i < din; i++) {
                    double v = Bw[i * ds.n2 + c] * X[i * N + j];
                    if (i < ds.n1) yc += v; else yi += v;
                }
                double y = Y[c * N + j];
                if (train[j]) { num += yi * y; den += (yc + yi) * y; }
                else held += (yc + yi - y) * (yc + yi - y);
            }
        for (long j = 0; j < N; j++) nh += !train[j];
        double th, share, ratio;
        long nth;
        ck_assert_int_eq(theory_dyn_heldout(&th, &nth, &ds, (theory_dyn_arch)arch, train), 0);
        ck_assert_int_eq(nth, nh);
        if (nh) ck_assert_msg(fabs(held / (double)nh - th) <= 1e-10 * (1.0 + th), "held-out: lsq %.15g theory %.15g",
                              held / (double)nh, th);
        if (!nheld) {
            ck_assert_int_eq(theory_dyn_share(&ratio, &share, &ds, (theory_dyn_arch)arch), 0);
            ck_assert_msg(fabs(num / den - share) < 1e-10, "share: lsq %.15g theory %.15g", num / den, share);
        }
        free(X); free(Y); free(A); free(B); free(Bw); free(sv);
    }
}
END_TEST

/* Same seed -> identical trajectory; another seed -> different one. */
START_TEST(sim_reproducible)
{
    theory_dyn_data ds = {3, 2, 1, 1, 1.0};
    sim_dyn_config c = {ds, THEORY_DYN_DENSE, 2, 0, 0.0005, 1e-3, SIM_DYN_RANDOM, 500, 100, 42, NULL};
    sim_dyn_result a, b;
    ck_assert_int_eq(sim_dyn_run(&a, &c), 0);
    ck_assert_int_eq(sim_dyn_run(&b, &c), 0);
    ck_assert_int_eq(memcmp(a.mode, b.mode, sizeof(double) * (size_t)(a.nrec * a.nmodes)), 0);
    sim_dyn_free(&b);
    c.seed = 43;
    ck_assert_int_eq(sim_dyn_run(&b, &c), 0);
    ck_assert(memcmp(a.mode, b.mode, sizeof(double) * (size_t)(a.nrec * a.nmodes)) != 0);
    sim_dyn_free(&a);
    sim_dyn_free(&b);
}
END_TEST

static int cli_rc(const char *const *args, const char *expect_in_err)
{
    char *out = NULL, *err = NULL;
    int rc = run_cli(&out, &err, args);
    if (expect_in_err) ck_assert_msg(strstr(err, expect_in_err) != NULL, "stderr '%s' lacks '%s'", err, expect_in_err);
    if (rc == 0) {
        /* no NaN value in any data row (help text may contain the letters) */
        for (const char *p = out; (p = strstr(p, "nan")) != NULL; p++)
            ck_assert_msg(p != out && p[-1] != '\t' && p[-1] != '\n', "NaN printed");
    }
    free(out);
    free(err);
    return rc;
}

START_TEST(cli_errors)
{
    const char *a1[] = {"theory", "modes", "--n1", "0", NULL};
    ck_assert_int_eq(cli_rc(a1, "--n1"), 2);
    const char *a2[] = {"theory", "modes", "--n1", "3", "--n2", "4", NULL};
    ck_assert_int_eq(cli_rc(a2, "--n2"), 2);
    const char *a3[] = {"theory", "dynamics", "--r", "nan", NULL};
    ck_assert_int_eq(cli_rc(a3, "--r"), 2);
    const char *a4[] = {"theory", "dynamics", "--r", "-1", NULL};
    ck_assert_int_eq(cli_rc(a4, "--r"), 2);
    const char *a5[] = {"sim", "dynamics", "--eta", "0", NULL};
    ck_assert_int_eq(cli_rc(a5, "--eta"), 2);
    const char *a6[] = {"sim", "dynamics", "--arch", "foo", NULL};
    ck_assert_int_eq(cli_rc(a6, "--arch"), 2);
    const char *a7[] = {"sim", "dynamics", "--layers", "3", NULL};
    ck_assert_int_eq(cli_rc(a7, "--layers"), 2);
    const char *a8[] = {"sim", "dynamics", "--bogus", NULL};
    ck_assert_int_eq(cli_rc(a8, "--bogus"), 2);
    const char *a9[] = {"sim", "dynamics", "--steps", "1e3", NULL};
    ck_assert_int_eq(cli_rc(a9, "--steps"), 2);
    const char *a10[] = {"sim", "dynamics", "--holdout", "8", NULL};
    ck_assert_int_eq(cli_rc(a10, "--holdout"), 2);
    const char *a11[] = {"sim", "dynamics", "--hidden", "3", NULL};
    ck_assert_int_eq(cli_rc(a11, "--hidden"), 2);
    const char *a12[] = {"sim", "dynamics", "--n1", "8", "--k1", "4", "--steps", "100000000", "--every", "100000000", NULL};
    ck_assert_int_eq(cli_rc(a12, "--steps"), 2);
    const char *a12b[] = {"sim", "dynamics", "--n1", "10", "--k1", "64", "--steps", "0", NULL};
    ck_assert_int_eq(cli_rc(a12b, "--n1"), 2);
    /* a divergent step size is a failed computation, not a crash or NaN */
    const char *a13[] = {"sim", "dynamics", "--eta", "10", "--steps", "200", NULL};
    ck_assert_int_eq(cli_rc(a13, "--eta"), 1);
    const char *a14[] = {"theory", "dynamics", "--eta", "10", "--steps", "200", "--discrete", NULL};
    ck_assert_int_eq(cli_rc(a14, "--eta"), 1);
    const char *a15[] = {"theory", "dynamics", "--init", "-1", NULL};
    ck_assert_int_eq(cli_rc(a15, "--init"), 2);
    const char *a16[] = {"theory", "dynamics", "--help", NULL};
    ck_assert_int_eq(cli_rc(a16, NULL), 0);
    const char *a17[] = {"sim", "dynamics", "--seed", "-3", NULL};
    ck_assert_int_eq(cli_rc(a17, "--seed"), 2);
}
END_TEST

START_TEST(cli_outputs)
{
    char *out = NULL, *err = NULL;
    const char *a1[] = {"theory", "modes", "--n1", "3", "--n2", "2", "--k1", "1", "--k2", "1", "--r", "1", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a1), 0);
    ck_assert_ptr_nonnull(strstr(out, "group\tsigma\tmultiplicity"));
    ck_assert_double_eq_tol(tsv_value(out, "sigma"), 9.0 / 8.0, 1e-15);
    ck_assert_int_eq((int)tsv_value(out, "multiplicity"), 2);
    free(out); free(err);
    /* theory and sim agree at the first printed row, and at the end within 1% */
    const char *a2[] = {"theory", "dynamics", "--arch", "split", "--layers", "1", "--steps", "400", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a2), 0);
    ck_assert_ptr_nonnull(strstr(out, "t\tmode\tstrength"));
    ck_assert_double_eq_tol(tsv_value(out, "strength"), 1e-3, 1e-15);
    free(out); free(err);
    const char *a3[] = {"theory", "dynamics", "--prec", "200", "--steps", "100", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a3), 0);
    ck_assert_ptr_nonnull(strstr(out, "precision: 200 bits"));
    free(out); free(err);
    const char *a4[] = {"sim", "dynamics", "--arch", "outsplit", "--blocks", "--steps", "300", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a4), 0);
    ck_assert_double_eq_tol(tsv_value(out, "ratio"), sqrt(1.0 / 8.0), 1e-12);
    free(out); free(err);
}
END_TEST

/* ---- IDX reader and CMNIST ------------------------------------------------ */
#include "sim_idx.h"
#include <zlib.h>

static void write_idx(const char *path, int gz, const unsigned char *hdr, size_t nh,
                      const unsigned char *data, size_t nd)
{
    if (gz) {
        gzFile g = gzopen(path, "wb");
        ck_assert_ptr_nonnull(g);
        gzwrite(g, hdr, (unsigned)nh);
        if (nd) gzwrite(g, data, (unsigned)nd);
        gzclose(g);
    } else {
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        fwrite(hdr, 1, nh, f);
        if (nd) fwrite(data, 1, nd, f);
        fclose(f);
    }
}

/* n images of 28x28 (pixel = (i * 7 + k) mod 256) and labels i mod 10. */
static void write_mnist(const char *img, const char *lab, int n, int gz)
{
    unsigned char hi[16] = {0, 0, 8, 3, 0, 0, (unsigned char)(n >> 8), (unsigned char)n, 0, 0, 0, 28, 0, 0, 0, 28};
    unsigned char hl[8] = {0, 0, 8, 1, 0, 0, (unsigned char)(n >> 8), (unsigned char)n};
    unsigned char *d = malloc((size_t)n * 784), *l = malloc((size_t)n);
    for (int i = 0; i < n; i++) {
        l[i] = (unsigned char)(i % 10);
        for (int k = 0; k < 784; k++) d[i * 784 + k] = (unsigned char)((i * 7 + k) % 256);
    }
    write_idx(img, gz, hi, 16, d, (size_t)n * 784);
    write_idx(lab, gz, hl, 8, l, (size_t)n);
    free(d);
    free(l);
}

START_TEST(idx_reader)
{
    char dir[] = "/tmp/modlaw-idx-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char p1[256], p2[256], p3[256];
    for (int gz = 0; gz <= 1; gz++) {
        snprintf(p1, sizeof p1, "%s/img%d", dir, gz);
        snprintf(p2, sizeof p2, "%s/lab%d", dir, gz);
        write_mnist(p1, p2, 12, gz);
        sim_idx x;
        ck_assert_int_eq(sim_idx_read(&x, p1, "--train-images"), 0);
        ck_assert_int_eq(x.ndim, 3);
        ck_assert_int_eq(x.count, 12);
        ck_assert_int_eq(x.item, 784);
        ck_assert_int_eq(x.data[5 * 784 + 3], (5 * 7 + 3) % 256);
        sim_idx_free(&x);
        ck_assert_int_eq(sim_idx_read(&x, p2, "--train-labels"), 0);
        ck_assert_int_eq(x.ndim, 1);
        ck_assert_int_eq(x.data[11], 1);
        sim_idx_free(&x);
    }
    sim_idx x;
    snprintf(p3, sizeof p3, "%s/bad", dir);
    unsigned char badmagic[8] = {1, 0, 8, 1, 0, 0, 0, 1}, zero = 0;
    write_idx(p3, 0, badmagic, 8, &zero, 1);
    ck_assert_int_eq(sim_idx_read(&x, p3, "--test-images"), MODLAW_EINVAL);
    ck_assert_ptr_nonnull(strstr(modlaw_last_error(), "--test-images"));
    ck_assert_ptr_nonnull(strstr(modlaw_last_error(), "magic"));
    unsigned char floats[8] = {0, 0, 0x0D, 1, 0, 0, 0, 1};
    write_idx(p3, 1, floats, 8, &zero, 1);
    ck_assert_int_eq(sim_idx_read(&x, p3, "--x"), MODLAW_EINVAL);
    unsigned char trunc[8] = {0, 0, 8, 1, 0, 0, 0, 5};
    write_idx(p3, 1, trunc, 8, &zero, 1);
    ck_assert_int_eq(sim_idx_read(&x, p3, "--x"), MODLAW_EINVAL);
    ck_assert_ptr_nonnull(strstr(modlaw_last_error(), "truncated"));
    unsigned char longer[8] = {0, 0, 8, 1, 0, 0, 0, 1}, two[2] = {1, 2};
    write_idx(p3, 0, longer, 8, two, 2);
    ck_assert_int_eq(sim_idx_read(&x, p3, "--x"), MODLAW_EINVAL);
    unsigned char zdim[8] = {0, 0, 8, 1, 0, 0, 0, 0};
    write_idx(p3, 0, zdim, 8, NULL, 0);
    ck_assert_int_eq(sim_idx_read(&x, p3, "--x"), MODLAW_EINVAL);
    write_idx(p3, 0, zdim, 3, NULL, 0);
    ck_assert_int_eq(sim_idx_read(&x, p3, "--x"), MODLAW_EINVAL);
    ck_assert_int_eq(sim_idx_read(&x, "/nonexistent/file.gz", "--x"), MODLAW_EINVAL);
    ck_assert_ptr_nonnull(strstr(modlaw_last_error(), "--x"));
    /* CLI: a tiny synthetic CMNIST run works and reports both test splits;
     * a missing file is a usage error naming the flag */
    snprintf(p1, sizeof p1, "%s/img1", dir);
    snprintf(p2, sizeof p2, "%s/lab1", dir);
    char *out = NULL, *err = NULL;
    write_mnist(p1, p2, 99, 1);
    const char *a1[] = {"sim", "cmnist", "--train-images", p1, "--train-labels", p2, "--test-images", p1,
                        "--test-labels", p2, "--ntrain", "20", "--ntest", "33", "--epochs", "1",
                        "--channels", "2", "--holdout", "0.5", "--quiet", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a1), 0);
    ck_assert_ptr_nonnull(strstr(out, "held_digit_acc"));
    ck_assert(tsv_value(out, "nseen") + tsv_value(out, "nheld") == 33);
    ck_assert(tsv_value(out, "seen_digit_acc") >= 0 && tsv_value(out, "seen_digit_acc") <= 1);
    free(out); free(err);
    const char *a2[] = {"sim", "cmnist", "--train-images", "/nonexistent.gz", "--quiet", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a2), 2);
    ck_assert_ptr_nonnull(strstr(err, "--train-images"));
    free(out); free(err);
    const char *a3[] = {"sim", "cmnist", "--channels", "3", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a3), 2);
    ck_assert_ptr_nonnull(strstr(err, "--channels"));
    free(out); free(err);
    const char *a4[] = {"sim", "cmnist", "--train-labels", p1, "--train-images", p1, "--test-images", p1,
                        "--test-labels", p2, "--quiet", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a4), 2);
    ck_assert_ptr_nonnull(strstr(err, "--train-labels"));
    free(out); free(err);
    char cmdline[600];
    snprintf(cmdline, sizeof cmdline, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmdline), 0);
}
END_TEST

/* Backpropagation of the CMNIST conv nets against finite differences. */
START_TEST(cmnist_gradient)
{
    for (int arch = 0; arch < 2; arch++) {
        double err;
        ck_assert_int_eq(sim_cmnist_gradcheck(&err, (sim_cmnist_arch)arch, 4, 0.1, 60, 5), 0);
        ck_assert_msg(err < 2e-2, "arch %d: backprop vs finite differences: max error %g", arch, err);
    }
}
END_TEST

/* `modlaw verify dynamics --quick`: all five claims run, none disagrees. */
START_TEST(verify_quick)
{
    char dir[] = "/tmp/modlaw-dynv-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *out = NULL, *err = NULL;
    const char *a[] = {"verify", "dynamics", "--quick", "--quiet", "--no-plots", "--out", dir, NULL};
    ck_assert_int_eq(run_cli(&out, &err, a), 0);
    const char *ids[] = {"dyn-modes", "dyn-random", "dyn-blocks", "dyn-share", "dyn-heldout"};
    for (int i = 0; i < 5; i++) ck_assert_msg(strstr(out, ids[i]) != NULL, "%s missing", ids[i]);
    ck_assert_ptr_null(strstr(out, "DISAGREES"));
    free(out); free(err);
    char cmdline[200];
    snprintf(cmdline, sizeof cmdline, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmdline), 0);
}
END_TEST

Suite *suite_dynamics(void)
{
    Suite *s = suite_create("dynamics");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, modes_vs_svd);
    tcase_add_test(tc, vectors_are_singular_vectors);
    tcase_add_test(tc, closed_form_vs_ode);
    tcase_add_test(tc, arb_vs_double);
    tcase_add_test(tc, gd_vs_discrete);
    tcase_add_test(tc, gd_vs_theory_small_eta);
    tcase_add_test(tc, converged_vs_least_squares);
    tcase_add_test(tc, sim_reproducible);
    tcase_add_test(tc, cli_errors);
    tcase_add_test(tc, cli_outputs);
    tcase_add_test(tc, idx_reader);
    tcase_add_test(tc, cmnist_gradient);
    tcase_add_test(tc, verify_quick);
    suite_add_tcase(s, tc);
    return s;
}
