/* test_sim.c -- random streams, reproducibility, and small statistical
 * theory-vs-simulation checks fast enough for CI. */
#include "testutil.h"
#include "sim.h"
#include "theory.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

START_TEST(rng_streams)
{
    sim_rng a, b, c;
    sim_rng_seed(&a, 42, 3);
    sim_rng_seed(&b, 42, 3);
    sim_rng_seed(&c, 42, 4);
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = sim_rng_u64(&a), y = sim_rng_u64(&b), z = sim_rng_u64(&c);
        ck_assert(x == y);
        differ += x != z;
    }
    ck_assert_int_gt(differ, 990);
}
END_TEST

/* Moments of the samplers: z-tests with a 5-sigma bound (fixed seed). */
START_TEST(rng_moments)
{
    sim_rng r;
    sim_rng_seed(&r, 1, 0);
    const long N = 400000;
    double s1 = 0, s2 = 0, c1 = 0;
    for (long i = 0; i < N; i++) {
        double z = sim_rng_normal(&r);
        s1 += z;
        s2 += z * z;
        c1 += sim_rng_chisq(&r, 3.0);
    }
    ck_assert(fabs(s1 / N) < 5.0 / sqrt((double)N));
    ck_assert(fabs(s2 / N - 1.0) < 5.0 * sqrt(2.0 / N));          /* Var z^2 = 2 */
    ck_assert(fabs(c1 / N - 3.0) < 5.0 * sqrt(6.0 / N));          /* Var chi2_3 = 6 */
    double u = sim_rng_uniform(&r);
    ck_assert(u > 0 && u < 1);
}
END_TEST

/* Results do not depend on the number of threads. */
START_TEST(reproducible_across_threads)
{
    const long T = 64;
    double a[64], b[64], tr1[64], te1[64], tr2[64], te2[64];
    model_desc md = model_default();
    md.n = 30; md.p = 20; md.m = 2;
    omp_set_num_threads(1);
    ck_assert_int_eq(sim_F_samples(a, NULL, 25, 10, T, 5, SIM_F_SVD), 0);
    ck_assert_int_eq(sim_linear_samples(tr1, te1, &md, T, 9), 0);
    omp_set_num_threads(2);
    ck_assert_int_eq(sim_F_samples(b, NULL, 25, 10, T, 5, SIM_F_SVD), 0);
    ck_assert_int_eq(sim_linear_samples(tr2, te2, &md, T, 9), 0);
    ck_assert(memcmp(a, b, sizeof a) == 0);
    ck_assert(memcmp(tr1, tr2, sizeof tr1) == 0);
    ck_assert(memcmp(te1, te2, sizeof te1) == 0);
    ck_assert_int_eq(sim_F_samples(b, NULL, 25, 10, T, 6, SIM_F_SVD), 0);
    ck_assert(memcmp(a, b, sizeof a) != 0);
}
END_TEST

START_TEST(F_statistical)
{
    const long T = 20000;
    double *x = malloc(T * sizeof *x);
    double mean, se, F;
    ck_assert_int_eq(sim_F_samples(x, NULL, 40, 10, T, 3, SIM_F_SVD), 0);
    sim_mean_se(&mean, &se, x, T);
    theory_F(&F, 40, 10);
    ck_assert_msg(fabs(mean - F) < 5 * se, "svd: mean %g F %g se %g", mean, F, se);
    ck_assert_int_eq(sim_F_samples(x, NULL, 40, 10, T, 3, SIM_F_FAST), 0);
    sim_mean_se(&mean, &se, x, T);
    ck_assert_msg(fabs(mean - F) < 5 * se, "fast: mean %g F %g se %g", mean, F, se);
    free(x);
}
END_TEST

/* The exact variance of ||R^+||^2 (inverse-Wishart second moments) against
 * simulation: 20 batches of 10000 fast draws at (60, 20) (m = 40: all the
 * moments needed are finite); the batch variances' mean must be within 5
 * standard errors (across batches) of the formula.  And the q = 1 case is
 * Var(1/chi^2_r) = 2/((r-2)^2 (r-4)). */
START_TEST(F_variance)
{
    double v;
    ck_assert_int_eq(theory_F_var(&v, 1, 9), 0);
    ck_assert(rel_diff(v, 2.0 / (7.0 * 7.0 * 5.0)) < 1e-15);
    ck_assert_int_eq(theory_F_var(&v, 10, 13), 0);
    ck_assert(isinf(v));
    enum { B = 20, T = 10000 };
    double *x = malloc(T * sizeof *x), bv[B];
    for (int b = 0; b < B; b++) {
        ck_assert_int_eq(sim_F_samples(x, NULL, 60, 20, T, 100 + (uint64_t)b, SIM_F_FAST), 0);
        double mean, se;
        sim_mean_se(&mean, &se, x, T);
        bv[b] = se * se * T;                   /* sample variance of the batch */
    }
    free(x);
    double mv, sv;
    sim_mean_se(&mv, &sv, bv, B);
    ck_assert_int_eq(theory_F_var(&v, 60, 20), 0);
    ck_assert_msg(fabs(mv - v) < 5 * sv, "variance %g vs exact %g (se %g)", mv, v, sv);
    ck_assert(sv < 0.05 * v);                  /* the check has power */
}
END_TEST

/* Thm 1 and Thm 2 (exact form) against the simulated model; the printed
 * Thm 2 is far outside the error bar at this point. */
START_TEST(loss_statistical)
{
    const long T = 3000;
    double *tr = malloc(T * sizeof *tr), *te = malloc(T * sizeof *te);
    double m1, s1, m2, s2;
    theory_loss_t th;
    model_desc md = model_default();
    md.n = 40; md.p = 20; md.m = 3;
    ck_assert_int_eq(sim_linear_samples(tr, te, &md, T, 17), 0);
    sim_mean_se(&m1, &s1, tr, T);
    sim_mean_se(&m2, &s2, te, T);
    theory_loss(&th, &md);
    ck_assert_msg(fabs(m1 - th.train) < 5 * s1, "train %g vs %g (se %g)", m1, th.train, s1);
    ck_assert_msg(fabs(m2 - th.test) < 5 * s2, "test %g vs %g (se %g)", m2, th.test, s2);

    md.arch = MODEL_MODULAR; md.m = 4; md.b = 2; md.k = 3; md.n = 60; md.p = 20;
    ck_assert_int_eq(sim_linear_samples(tr, te, &md, T, 19), 0);
    sim_mean_se(&m2, &s2, te, T);
    theory_loss(&th, &md);
    ck_assert_msg(fabs(m2 - th.test) < 5 * s2, "modular exact %g vs %g (se %g)", m2, th.test, s2);
    md.form = MODEL_FORM_PRINTED;
    theory_loss(&th, &md);
    ck_assert_msg(fabs(m2 - th.test) > 8 * s2, "printed form unexpectedly agrees: %g vs %g", m2, th.test);
    free(tr);
    free(te);
}
END_TEST

Suite *suite_sim(void)
{
    Suite *s = suite_create("sim");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, rng_streams);
    tcase_add_test(tc, rng_moments);
    tcase_add_test(tc, reproducible_across_threads);
    tcase_add_test(tc, F_statistical);
    tcase_add_test(tc, F_variance);
    tcase_add_test(tc, loss_statistical);
    suite_add_tcase(s, tc);
    return s;
}
