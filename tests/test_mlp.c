/* test_mlp.c -- the nonlinear engine of seed 003 (sim/mlp.h): gradients
 * against finite differences, Adam against a hand computation, the Alg. 1
 * kernel gradient, the similarity score, Alg. 2, reproducibility, CLI errors. */
#include "testutil.h"
#include "mlp.h"

#include <math.h>
#include <stdio.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* Central finite differences of the MSE against the analytic gradient, for
 * every parameter.  Tolerance: 1e-6 relative to max(1, |g|) (h = 1e-6 gives
 * O(h^2) truncation and ~1e-10 rounding; a ReLU kink crossed by +-h would
 * show up as an O(1) error, and the seeds are fixed so that does not occur). */
static void grad_check(const sim_mlp_arch *a, uint64_t seed)
{
    const long B = 7;
    long m = a->in_dim;
    sim_mlp *net;
    ck_assert_int_eq(sim_mlp_alloc(&net, a, B), MODLAW_OK);
    sim_rng r;
    sim_rng_seed(&r, seed, 0);
    sim_mlp_init(net, &r);
    double x[7 * 4], y[7];
    for (long i = 0; i < B * m; i++) x[i] = sim_rng_normal(&r);
    for (long i = 0; i < B; i++) y[i] = sim_rng_normal(&r);
    long P = sim_mlp_nparams(net);
    double *p = sim_mlp_params(net), *g = malloc((size_t)P * sizeof *g), L;
    ck_assert_int_eq(sim_mlp_loss_grad(&L, net, x, y, B), MODLAW_OK);
    memcpy(g, sim_mlp_grads(net), (size_t)P * sizeof *g);
    double worst = 0;
    for (long i = 0; i < P; i++) {
        double h = 1e-6, save = p[i], Lp, Lm;
        p[i] = save + h;
        ck_assert_int_eq(sim_mlp_loss_grad(&Lp, net, x, y, B), MODLAW_OK);
        p[i] = save - h;
        ck_assert_int_eq(sim_mlp_loss_grad(&Lm, net, x, y, B), MODLAW_OK);
        p[i] = save;
        double fd = (Lp - Lm) / (2 * h), err = fabs(fd - g[i]) / fmax(1.0, fabs(g[i]));
        if (err > worst) worst = err;
        if (err > 1e-6) ck_abort_msg("param %ld of %ld: analytic %.12g vs FD %.12g", i, P, g[i], fd);
    }
    ck_assert(worst < 1e-6);
    /* the gradient is not trivially zero */
    double gn = 0;
    for (long i = 0; i < P; i++) gn += g[i] * g[i];
    ck_assert(gn > 1e-8);
    free(g);
    sim_mlp_free(net);
}

START_TEST(grad_mono)
{
    sim_mlp_arch a = {SIM_MLP_MONO, SIM_MLP_INPUT_PROJ, 3, 5, 3, 0};
    grad_check(&a, 11);
    a.layers = 1; /* plain linear regression */
    grad_check(&a, 12);
    a.layers = 5; a.in_dim = 4; a.width = 6;
    grad_check(&a, 13);
}
END_TEST

START_TEST(grad_modular)
{
    sim_mlp_arch a = {SIM_MLP_MODULAR, SIM_MLP_INPUT_PROJ, 3, 4, 3, 3};
    grad_check(&a, 21);
    a.input = SIM_MLP_INPUT_DIST;
    grad_check(&a, 22);
    a.layers = 2; a.modules = 5; a.in_dim = 4;
    grad_check(&a, 23);
    /* the recompute path (module caches do not fit) gives the same gradients */
    sim_mlp_set_cache_limit(0);
    a.input = SIM_MLP_INPUT_PROJ; a.layers = 4;
    grad_check(&a, 24);
    a.input = SIM_MLP_INPUT_DIST;
    grad_check(&a, 25);
    sim_mlp_set_cache_limit(256.0 * 1024 * 1024);
}
END_TEST

/* The modular forward pass is Eq. 72 computed another way: a loop over
 * modules each evaluated as a monolithic 1-input net with copied weights. */
START_TEST(modular_equals_sum_of_modules)
{
    sim_mlp_arch a = {SIM_MLP_MODULAR, SIM_MLP_INPUT_PROJ, 3, 4, 3, 2};
    sim_mlp_arch s = {SIM_MLP_MONO, SIM_MLP_INPUT_PROJ, 1, 4, 3, 0};
    sim_mlp *net, *one;
    ck_assert_int_eq(sim_mlp_alloc(&net, &a, 5), 0);
    ck_assert_int_eq(sim_mlp_alloc(&one, &s, 5), 0);
    sim_rng r;
    sim_rng_seed(&r, 3, 0);
    sim_mlp_init(net, &r);
    double x[15], yh[5], acc[5] = {0}, sj[5], oj[5];
    for (int i = 0; i < 15; i++) x[i] = sim_rng_normal(&r);
    ck_assert_int_eq(sim_mlp_forward(yh, net, x, 5), 0);
    long Pm = sim_mlp_nparams(one);
    ck_assert_int_eq(sim_mlp_nparams(net), 2 * 3 + 2 * Pm);
    for (int j = 0; j < 2; j++) {
        memcpy(sim_mlp_params(one), sim_mlp_params(net) + 6 + j * Pm, (size_t)Pm * sizeof(double));
        const double *u = sim_mlp_params(net) + 3 * j;
        for (int b = 0; b < 5; b++) sj[b] = u[0] * x[3 * b] + u[1] * x[3 * b + 1] + u[2] * x[3 * b + 2];
        ck_assert_int_eq(sim_mlp_forward(oj, one, sj, 5), 0);
        for (int b = 0; b < 5; b++) acc[b] += oj[b];
    }
    for (int b = 0; b < 5; b++) ck_assert(fabs(acc[b] - yh[b]) < 1e-13 * fmax(1, fabs(yh[b])));
    sim_mlp_free(net);
    sim_mlp_free(one);
}
END_TEST

/* Adam against the update written out by hand (Kingma & Ba Alg. 1). */
START_TEST(adam_hand)
{
    sim_mlp_adam o;
    ck_assert_int_eq(sim_mlp_adam_alloc(&o, 2, 0.1), 0);
    double p[2] = {1.0, -2.0}, g1[2] = {0.5, -4.0}, g2[2] = {-1.0, 2.0};
    sim_mlp_adam_step(&o, p, g1);
    /* step 1: mhat = g, vhat = g^2 -> p -= lr * g / (|g| + eps) */
    ck_assert(fabs(p[0] - (1.0 - 0.1 * 0.5 / (0.5 + 1e-8))) < 1e-15);
    ck_assert(fabs(p[1] - (-2.0 + 0.1 * 4.0 / (4.0 + 1e-8))) < 1e-15);
    double q0 = p[0];
    sim_mlp_adam_step(&o, p, g2);
    double m = 0.9 * 0.1 * 0.5 + 0.1 * -1.0;          /* m_2 */
    double v = 0.999 * 0.001 * 0.25 + 0.001 * 1.0;    /* v_2 */
    double mh = m / (1 - 0.81), vh = v / (1 - 0.999 * 0.999);
    ck_assert(fabs(p[0] - (q0 - 0.1 * mh / (sqrt(vh) + 1e-8))) < 1e-14);
    sim_mlp_adam_free(&o);
    ck_assert_int_eq(sim_mlp_adam_alloc(&o, 2, NAN), MODLAW_EINVAL);
}
END_TEST

/* Alg. 1: the analytic gradient of y^T (K + delta I)^-1 y against central
 * differences, both kernels (Eqs. 73, 74). */
static void kernel_check(sim_mlp_kernel_kind kind, double jitter)
{
    const long b = 20, m = 4;
    sim_rng r;
    sim_rng_seed(&r, 5 + kind, 0);
    double x[80], y[20], u[4], v[4], gu[4], gv[4], a[4], c[4], L, Lp, Lm;
    for (int i = 0; i < 80; i++) x[i] = sim_rng_normal(&r);
    for (int i = 0; i < 20; i++) y[i] = sim_rng_normal(&r);
    for (int i = 0; i < 4; i++) { u[i] = sim_rng_normal(&r); v[i] = u[i] + 0.5 * sim_rng_normal(&r); }
    sim_mlp_kernel_opts o = sim_mlp_kernel_default_opts(kind);
    o.jitter = jitter;
    double *w = malloc((size_t)sim_mlp_kernel_work_size(b, m) * sizeof *w);
    ck_assert_int_eq(sim_mlp_kernel_objective(&L, gu, gv, &o, u, v, x, y, b, m, w), 0);
    ck_assert(L > 0);
    for (int i = 0; i < 4; i++) {
        double h = 1e-6;
        u[i] += h;
        ck_assert_int_eq(sim_mlp_kernel_objective(&Lp, a, c, &o, u, v, x, y, b, m, w), 0);
        u[i] -= 2 * h;
        ck_assert_int_eq(sim_mlp_kernel_objective(&Lm, a, c, &o, u, v, x, y, b, m, w), 0);
        u[i] += h;
        double fd = (Lp - Lm) / (2 * h);
        ck_assert_msg(fabs(fd - gu[i]) <= 1e-5 * fmax(1, fabs(gu[i])), "du[%d] %g vs %g", i, gu[i], fd);
        if (kind == SIM_MLP_KERNEL_PROJ) {
            v[i] += h;
            ck_assert_int_eq(sim_mlp_kernel_objective(&Lp, a, c, &o, u, v, x, y, b, m, w), 0);
            v[i] -= 2 * h;
            ck_assert_int_eq(sim_mlp_kernel_objective(&Lm, a, c, &o, u, v, x, y, b, m, w), 0);
            v[i] += h;
            fd = (Lp - Lm) / (2 * h);
            ck_assert_msg(fabs(fd - gv[i]) <= 1e-5 * fmax(1, fabs(gv[i])), "dv[%d] %g vs %g", i, gv[i], fd);
        }
    }
    /* the objective is y^T K^-1 y: check L against an independent route for
     * a diagonal-dominant case: huge jitter -> L ~ |y|^2 / jitter */
    o.jitter = 1e8;
    ck_assert_int_eq(sim_mlp_kernel_objective(&L, gu, gv, &o, u, v, x, y, b, m, w), 0);
    double yy = 0;
    for (int i = 0; i < 20; i++) yy += y[i] * y[i];
    ck_assert(fabs(L * 1e8 / yy - 1) < 1e-6);
    free(w);
}

START_TEST(kernel_grad)
{
    kernel_check(SIM_MLP_KERNEL_PROJ, 1e-3);
    kernel_check(SIM_MLP_KERNEL_DIST, 1e-2);
}
END_TEST

/* Eq. 73 is invariant to the scale of u: gradient orthogonal to u. */
START_TEST(kernel_scale_invariance)
{
    const long b = 16, m = 3;
    sim_rng r;
    sim_rng_seed(&r, 8, 0);
    double x[48], y[16], u[3] = {0.3, -1.0, 0.7}, v[3] = {0.5, -0.8, 0.2}, gu[3], gv[3], L1, L2;
    for (int i = 0; i < 48; i++) x[i] = sim_rng_normal(&r);
    for (int i = 0; i < 16; i++) y[i] = sim_rng_normal(&r);
    sim_mlp_kernel_opts o = sim_mlp_kernel_default_opts(SIM_MLP_KERNEL_PROJ);
    double *w = malloc((size_t)sim_mlp_kernel_work_size(b, m) * sizeof *w);
    ck_assert_int_eq(sim_mlp_kernel_objective(&L1, gu, gv, &o, u, v, x, y, b, m, w), 0);
    ck_assert(fabs(gu[0] * u[0] + gu[1] * u[1] + gu[2] * u[2]) < 1e-9 * (1 + fabs(gu[0]) + fabs(gu[1])));
    for (int i = 0; i < 3; i++) u[i] *= 3.7;
    ck_assert_int_eq(sim_mlp_kernel_objective(&L2, gu, gv, &o, u, v, x, y, b, m, w), 0);
    ck_assert(fabs(L1 - L2) < 1e-10 * L1);
    /* v orthogonal to u: undefined projection -> ENUM, not NaN */
    double uo[3] = {1, 0, 0}, vo[3] = {0, 1, 0};
    ck_assert_int_eq(sim_mlp_kernel_objective(&L1, gu, gv, &o, uo, vo, x, y, b, m, w), MODLAW_ENUM);
    free(w);
}
END_TEST

/* Alg. 1 with Eq. 74 moves u off the sphere; --kr-sphere keeps it there. */
START_TEST(kernel_sphere)
{
    const long n = 200, m = 3;
    sim_rng r;
    sim_rng_seed(&r, 4, 0);
    sim_mlp_task *t;
    ck_assert_int_eq(sim_mlp_task_alloc(&t, SIM_MLP_TASK_SINE_DIST, 2, m, 3, &r), 0);
    double x[600], y[200];
    ck_assert_int_eq(sim_mlp_task_sample(x, y, t, n, &r), 0);
    sim_mlp_kernel_opts o = sim_mlp_kernel_default_opts(SIM_MLP_KERNEL_DIST);
    o.iters = 10;
    o.batch = 32;
    for (int sph = 0; sph < 2; sph++) {
        double u[3] = {0.6, 0.8, 0.0}, tr[10];
        o.sphere = sph;
        ck_assert_int_eq(sim_mlp_kernel_learn(u, NULL, tr, &o, x, y, n, m, &r), 0);
        double nu = sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
        if (sph) ck_assert(fabs(nu - 1.0) < 1e-12);
        else ck_assert(fabs(nu - 1.0) > 1e-6);
        for (int i = 0; i < 10; i++) ck_assert(isfinite(tr[i]) && tr[i] > 0);
    }
    sim_mlp_task_free(t);
}
END_TEST

START_TEST(similarity_score)
{
    double U[6] = {1, 0, 0, 0, 1, 0};
    double same[6] = {2, 0, 0, 0, -3, 0};       /* scaled, one sign-flipped */
    ck_assert(fabs(sim_mlp_similarity(same, 2, U, 2, 3) - 1.0) < 1e-15);
    double orth[3] = {0, 0, 5};
    ck_assert(fabs(sim_mlp_similarity(orth, 1, U, 2, 3)) < 1e-15);
    /* (1,1,0)/sqrt2 has |cos| 1/sqrt2 with both; (0,0,1) has 0 -> mean 1/(2 sqrt 2) */
    double mix[6] = {1, 1, 0, 0, 0, 1};
    ck_assert(fabs(sim_mlp_similarity(mix, 2, U, 2, 3) - 0.5 / sqrt(2.0)) < 1e-15);
}
END_TEST

/* Eq. 69 with k = 1, tau = 1 written out. */
START_TEST(task_hand)
{
    sim_mlp_task *t;
    sim_rng r;
    sim_rng_seed(&r, 2, 0);
    ck_assert_int_eq(sim_mlp_task_alloc(&t, SIM_MLP_TASK_SINE, 1, 2, 1, &r), 0);
    ck_assert(fabs(t->u[0] * t->u[0] + t->u[1] * t->u[1] - 1) < 1e-14);
    double x[2] = {0.3, -0.4}, y;
    sim_mlp_task_eval(&y, t, x, 1);
    double s = t->u[0] * 0.3 - t->u[1] * 0.4;
    ck_assert(fabs(y - t->a[0] * sin(t->w[0] * s + t->phi[0])) < 1e-14);
    t->kind = SIM_MLP_TASK_SINE_DIST;
    sim_mlp_task_eval(&y, t, x, 1);
    s = hypot(t->u[0] - 0.3, t->u[1] + 0.4);
    ck_assert(fabs(y - t->a[0] * sin(t->w[0] * s + t->phi[0])) < 1e-14);
    sim_mlp_task_free(t);
    ck_assert_int_eq(sim_mlp_task_alloc(&t, SIM_MLP_TASK_SINE, 0, 2, 1, &r), MODLAW_EINVAL);
}
END_TEST

START_TEST(paper_param_count)
{
    sim_mlp_arch a = {SIM_MLP_MONO, SIM_MLP_INPUT_PROJ, 9, 8, 3, 0};
    ck_assert_int_eq(sim_mlp_paper_params(&a), (1 * 8 + 8) + (8 * 8 + 8) + (8 + 1));
    a.kind = SIM_MLP_MODULAR;
    a.modules = 10;
    a.layers = 2;
    ck_assert_int_eq(sim_mlp_paper_params(&a), 10 * ((8 + 8) + (8 + 1) + 1));
}
END_TEST

/* Alg. 2 on a known monotone loss 1000/n: needs n >= 1000/eps. */
static int inv_loss(double *loss, long n, void *ctx)
{
    (*(long *)ctx)++;
    *loss = 1000.0 / (double)n;
    return MODLAW_OK;
}

START_TEST(binary_search)
{
    sim_mlp_samples_opts o = sim_mlp_samples_default_opts();
    o.eps = 0.1; /* need n >= 10^4, log2 = 13.29 */
    double n, tc[64], tl[64];
    long nt, calls = 0;
    ck_assert_int_eq(sim_mlp_samples_search(&n, tc, tl, &nt, &o, inv_loss, &calls), 0);
    ck_assert_int_eq(nt, calls);
    ck_assert(1000.0 / n <= o.eps);                           /* reached */
    ck_assert(1000.0 / (n / pow(2.0, o.tol)) > o.eps);        /* and not much too large */
    ck_assert(tc[0] == 12 && tc[1] == 14);                    /* 12 fails, step +2 */
    o.eps = 1e-9;                                             /* beyond the cap 2^22 */
    ck_assert_int_eq(sim_mlp_samples_search(&n, tc, tl, &nt, &o, inv_loss, &calls), 0);
    ck_assert(isinf(n));
    o.eps = -1;
    ck_assert_int_eq(sim_mlp_samples_search(&n, tc, tl, &nt, &o, inv_loss, &calls), MODLAW_EINVAL);
}
END_TEST

/* Same seed -> bit-identical; modular nets identical across thread counts;
 * training lowers the loss. */
START_TEST(reproducible)
{
    sim_mlp_exp_cfg c = sim_mlp_exp_default(SIM_MLP_METHOD_MODULAR);
    c.n = 200; c.ntest = 200; c.iters = 30; c.width = 8; c.layers = 3; c.k = 3; c.m = 3;
    sim_mlp_exp_result a, b, z;
    omp_set_num_threads(1);
    ck_assert_int_eq(sim_mlp_exp_run(&a, &c), 0);
    omp_set_num_threads(2);
    ck_assert_int_eq(sim_mlp_exp_run(&b, &c), 0);
    ck_assert(a.train == b.train && a.test == b.test && a.similarity == b.similarity);
    c.iters = 0;
    ck_assert_int_eq(sim_mlp_exp_run(&z, &c), 0);
    ck_assert(a.train < z.train);
    c = sim_mlp_exp_default(SIM_MLP_METHOD_MONO);
    c.n = 300; c.ntest = 100; c.iters = 50; c.batch = 64;
    ck_assert_int_eq(sim_mlp_exp_run(&a, &c), 0);
    ck_assert_int_eq(sim_mlp_exp_run(&b, &c), 0);
    ck_assert(a.train == b.train && a.test == b.test);
    c.seed = 2;
    ck_assert_int_eq(sim_mlp_exp_run(&b, &c), 0);
    ck_assert(a.test != b.test);
    /* ours: Alg. 1 moves the projections (similarity at init differs from random) */
    c = sim_mlp_exp_default(SIM_MLP_METHOD_OURS);
    c.n = 200; c.ntest = 100; c.iters = 5; c.width = 8; c.layers = 2; c.k = 2; c.m = 3;
    c.kr.iters = 20; c.kr.lr = 0.01; c.kr.batch = 32;
    ck_assert_int_eq(sim_mlp_exp_run(&a, &c), 0);
    c.method = SIM_MLP_METHOD_TRUE;
    ck_assert_int_eq(sim_mlp_exp_run(&b, &c), 0);
    ck_assert(fabs(b.similarity_init - 1.0) < 1e-12);
    ck_assert(a.similarity_init < 1.0 && a.similarity_init > 0.0);
}
END_TEST

/* Large enough that the modular passes run in parallel over modules: the
 * loss and every gradient entry are bit-identical on 1 and 2 threads. */
START_TEST(parallel_bit_identical)
{
    sim_mlp_arch a = {SIM_MLP_MODULAR, SIM_MLP_INPUT_PROJ, 4, 64, 3, 8};
    const long B = 200;
    double *x = malloc(B * 4 * sizeof *x), *y = malloc(B * sizeof *y), L1, L2;
    sim_rng r;
    sim_rng_seed(&r, 9, 0);
    sim_rng_normal_fill(&r, x, B * 4);
    sim_rng_normal_fill(&r, y, B);
    double *g1 = NULL;
    long P = 0;
    for (int th = 1; th <= 2; th++) {
        omp_set_num_threads(th);
        sim_mlp *net;
        ck_assert_int_eq(sim_mlp_alloc(&net, &a, B), 0);
        sim_rng_seed(&r, 10, 0);
        sim_mlp_init(net, &r);
        P = sim_mlp_nparams(net);
        ck_assert_int_eq(sim_mlp_loss_grad(th == 1 ? &L1 : &L2, net, x, y, B), 0);
        if (th == 1) {
            g1 = malloc((size_t)P * sizeof *g1);
            memcpy(g1, sim_mlp_grads(net), (size_t)P * sizeof *g1);
        } else {
            ck_assert(memcmp(g1, sim_mlp_grads(net), (size_t)P * sizeof *g1) == 0);
        }
        sim_mlp_free(net);
    }
    ck_assert(L1 == L2);
    free(g1); free(x); free(y);
}
END_TEST

static void cli_expect(int code, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = run_cli(&out, &err, args);
    ck_assert_msg(rc == code, "exit %d (want %d): %s", rc, code, err ? err : "");
    if (code == 2) ck_assert(err && strchr(err, '\n') == strrchr(err, '\n')); /* one line */
    free(out);
    free(err);
}

START_TEST(cli_errors)
{
    cli_expect(2, (const char *const[]){"sim", "train", "--width", "0", NULL});
    cli_expect(2, (const char *const[]){"sim", "train", "--arch", "foo", NULL});
    cli_expect(2, (const char *const[]){"sim", "train", "--lr", "nan", NULL});
    cli_expect(2, (const char *const[]){"sim", "train", "--n", "-5", NULL});
    cli_expect(2, (const char *const[]){"sim", "train", "--n", "12x", NULL});
    cli_expect(2, (const char *const[]){"sim", "train", "--bogus", NULL});
    cli_expect(2, (const char *const[]){"sim", "train", "--layers", "1e30", NULL});
    cli_expect(2, (const char *const[]){"sim", "samples", "--eps", "-1", NULL});
    cli_expect(2, (const char *const[]){"sim", "samples", "--c0", "20", "--cmax", "10", NULL});
    cli_expect(2, (const char *const[]){"sim", "train", "--n", "1", "--arch", "ours", NULL});
    cli_expect(1, (const char *const[]){"sim", "train", "--n", "100", "--arch", "ours", "--task", "sine-dist",
                                        "--jitter", "0", "--iters", "1", "--kr-iters", "5", "--ntest", "10", NULL});
    cli_expect(0, (const char *const[]){"sim", "train", "--help", NULL});
    cli_expect(0, (const char *const[]){"sim", "samples", "--help", NULL});
    char *out = NULL;
    ck_assert_int_eq(run_cli(&out, NULL, (const char *const[]){"sim", "train", "--n", "100", "--iters", "20",
                                                                "--ntest", "50", "--threads", "1", NULL}), 0);
    double tr = tsv_value(out, "train"), te = tsv_value(out, "test"), s = tsv_value(out, "seconds");
    ck_assert(isfinite(tr) && tr >= 0 && isfinite(te) && te >= 0 && s >= 0);
    free(out);
    /* Divergence is a failed computation (exit 1), never a NaN in the output. */
    char *o2 = NULL;
    int rc = run_cli(&o2, NULL, (const char *const[]){"sim", "train", "--n", "50", "--iters", "50", "--lr", "10",
                                                        "--width", "64", "--ntest", "20", NULL});
    ck_assert(rc == 0 || rc == 1);
    if (rc == 0) ck_assert(strstr(o2, "nan") == NULL);
    free(o2);
}
END_TEST

/* The claims run end to end on their quick grids and write finite means. */
START_TEST(claims_quick)
{
    char dir[] = "/tmp/modlaw-mlp-XXXXXX";
    ck_assert(mkdtemp(dir) != NULL);
    char *out = NULL;
    const char *args[] = {"verify", "mlp-table2", "mlp-fig2", "mlp-similarity", "--quick", "--quiet",
                          "--no-plots", "--out", dir, NULL};
    ck_assert_int_eq(run_cli(&out, NULL, args), 0);
    free(out);
    char path[256];
    snprintf(path, sizeof path, "%s/mlp-table2.tsv", dir);
    FILE *f = fopen(path, "r");
    ck_assert(f != NULL);
    char line[4096];
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || strncmp(line, "row", 3) == 0) continue;
        double row, th, mean;
        ck_assert_int_eq(sscanf(line, "%lf %lf %lf", &row, &th, &mean), 3);
        ck_assert(isfinite(mean));
        rows++;
    }
    fclose(f);
    ck_assert_int_eq(rows, 5);
}
END_TEST

Suite *suite_mlp(void)
{
    Suite *s = suite_create("mlp");
    TCase *t = tcase_create("core");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, grad_mono);
    tcase_add_test(t, grad_modular);
    tcase_add_test(t, modular_equals_sum_of_modules);
    tcase_add_test(t, adam_hand);
    tcase_add_test(t, kernel_grad);
    tcase_add_test(t, kernel_scale_invariance);
    tcase_add_test(t, kernel_sphere);
    tcase_add_test(t, similarity_score);
    tcase_add_test(t, task_hand);
    tcase_add_test(t, paper_param_count);
    tcase_add_test(t, binary_search);
    tcase_add_test(t, reproducible);
    tcase_add_test(t, parallel_bit_identical);
    tcase_add_test(t, cli_errors);
    tcase_add_test(t, claims_quick);
    suite_add_tcase(s, t);
    return s;
}
