/* test_sim_fast.c -- the fast samplers (issue 5): thread-count independence,
 * the Dumitriu-Edelman bidiagonal sampler against the SVD path and against a
 * direct inversion, the ziggurat / chi^2 generators, the one-factorization
 * linear-model trial, and the CLI surface of `sim F --method fast`. */
#include "testutil.h"
#include "sim.h"
#include "theory.h"
#include "verify.h"

#include <gsl/gsl_cdf.h>
#include <lapacke.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* Bit-identical results for 1 and 2 threads, for every sampler. */
START_TEST(threads_bit_identical)
{
    enum { T = 200 };
    static double a1[T], a2[T], s1[T], s2[T], f1[T], f2[T];
    static double tr1[T], te1[T], tr2[T], te2[T], tr3[T], te3[T], tr4[T], te4[T];
    model_desc over = model_default(), under = model_default();
    over.n = 50; over.p = 20; over.m = 3;
    under.n = 12; under.p = 30; under.m = 2;
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    ck_assert_int_eq(sim_F_samples(a1, s1, 17, 9, T, 11, SIM_F_SVD), 0);
    ck_assert_int_eq(sim_F_samples(f1, NULL, 300, 200, T, 11, SIM_F_FAST), 0);
    ck_assert_int_eq(sim_linear_samples(tr1, te1, &over, T, 12), 0);
    ck_assert_int_eq(sim_linear_samples(tr3, te3, &under, T, 12), 0);
    omp_set_num_threads(2);
    ck_assert_int_eq(sim_F_samples(a2, s2, 17, 9, T, 11, SIM_F_SVD), 0);
    ck_assert_int_eq(sim_F_samples(f2, NULL, 300, 200, T, 11, SIM_F_FAST), 0);
    ck_assert_int_eq(sim_linear_samples(tr2, te2, &over, T, 12), 0);
    ck_assert_int_eq(sim_linear_samples(tr4, te4, &under, T, 12), 0);
    omp_set_num_threads(saved);
    ck_assert(memcmp(a1, a2, sizeof a1) == 0);
    ck_assert(memcmp(s1, s2, sizeof s1) == 0);
    ck_assert(memcmp(f1, f2, sizeof f1) == 0);
    ck_assert(memcmp(tr1, tr2, sizeof tr1) == 0 && memcmp(te1, te2, sizeof te1) == 0);
    ck_assert(memcmp(tr3, tr4, sizeof tr3) == 0 && memcmp(te3, te4, sizeof te3) == 0);
    /* and trial t is stream t: the first trials of a longer run are the same */
    ck_assert_int_eq(sim_F_samples(f2, NULL, 300, 200, T / 2, 11, SIM_F_FAST), 0);
    ck_assert(memcmp(f1, f2, (T / 2) * sizeof *f1) == 0);
    /* a single trial through the public one-trial API equals trial 7 */
    sim_rng rng;
    sim_rng_seed(&rng, 12, 7);
    double tr, te;
    ck_assert_int_eq(sim_linear_trial(&tr, &te, &over, &rng), 0);
    ck_assert(tr == tr1[7] && te == te1[7]);
}
END_TEST

/* The recurrence inside sim_bidiag_pinv_norm2 against a direct inversion of
 * the bidiagonal matrix it samples: replay the documented draw order
 * (a_q^2, then b_j^2, a_j^2 for j = q-1..1) on the same stream, build L,
 * invert it with LAPACK dtrtri and sum the squares. */
START_TEST(recurrence_vs_inverse)
{
    static const long sizes[][2] = {{5, 5}, {6, 5}, {5, 9}, {40, 33}, {2, 1}, {1, 1}, {80, 80}};
    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        long n = sizes[c][0], p = sizes[c][1];
        long r = n > p ? n : p, q = n < p ? n : p;
        for (uint64_t s = 0; s < 20; s++) {
            sim_rng a, b;
            sim_rng_seed(&a, 99, s);
            sim_rng_seed(&b, 99, s);
            double fast = sim_bidiag_pinv_norm2(n, p, &a);
            double *L = calloc((size_t)(q * q), sizeof *L);
            L[(q - 1) + (q - 1) * q] = sqrt(sim_rng_chisq(&b, (double)(r - q + 1)));
            for (long j = q - 1; j >= 1; j--) {           /* 1-based j */
                double b2 = sim_rng_chisq(&b, (double)(q - j));
                double a2 = sim_rng_chisq(&b, (double)(r - j + 1));
                L[(j - 1) + (j - 1) * q] = sqrt(a2);      /* a_j on the diagonal */
                L[j + (j - 1) * q] = sqrt(b2);            /* b_j below it        */
            }
            ck_assert_int_eq(LAPACKE_dtrtri(LAPACK_COL_MAJOR, 'L', 'N', (lapack_int)q, L,
                                            (lapack_int)q), 0);
            double direct = 0.0;
            for (long i = 0; i < q * q; i++) direct += L[i] * L[i];
            free(L);
            ck_assert_msg(rel_diff(fast, direct) < 1e-11, "n=%ld p=%ld s=%lu: %.17g vs %.17g",
                          n, p, (unsigned long)s, fast, direct);
        }
    }
}
END_TEST

/* Two-sample KS between the bidiagonal and SVD samplers on the full
 * distribution, on and off the band (independent seeds); and a power check:
 * the same test separates (12,10) from (10,10). */
START_TEST(fast_vs_svd_ks)
{
    static const long pts[][2] = {{10, 10}, {11, 10}, {13, 10}, {40, 8}, {8, 25}};
    const long T = 3000;
    double *x = malloc(T * sizeof *x), *y = malloc(T * sizeof *y), pv;
    for (size_t c = 0; c < sizeof pts / sizeof pts[0]; c++) {
        long n = pts[c][0], p = pts[c][1];
        ck_assert_int_eq(sim_F_samples(x, NULL, n, p, T, 1000 + c, SIM_F_FAST), 0);
        ck_assert_int_eq(sim_F_samples(y, NULL, n, p, T, 2000 + c, SIM_F_SVD), 0);
        double D = verify_ks2_test(x, T, y, T, &pv);
        ck_assert_msg(pv > 1e-3, "(%ld,%ld): D = %g p = %g", n, p, D, pv);
    }
    ck_assert_int_eq(sim_F_samples(x, NULL, 12, 10, T, 5, SIM_F_FAST), 0);
    ck_assert_int_eq(sim_F_samples(y, NULL, 10, 10, T, 6, SIM_F_SVD), 0);
    verify_ks2_test(x, T, y, T, &pv);
    ck_assert_msg(pv < 1e-6, "KS failed to separate (12,10) from (10,10): p = %g", pv);
    free(x);
    free(y);
}
END_TEST

/* Off the band with finite variance, the fast sampler's mean is F(n,p). */
START_TEST(fast_mean_matches_F)
{
    static const long pts[][2] = {{300, 200}, {20, 30}, {9, 3}};
    const long T = 40000;
    double *x = malloc(T * sizeof *x);
    for (size_t c = 0; c < sizeof pts / sizeof pts[0]; c++) {
        double mean, se, F;
        ck_assert_int_eq(sim_F_samples(x, NULL, pts[c][0], pts[c][1], T, 77, SIM_F_FAST), 0);
        sim_mean_se(&mean, &se, x, T);
        ck_assert_int_eq(theory_F(&F, pts[c][0], pts[c][1]), 0);
        ck_assert_msg(fabs(mean - F) < 5 * se, "(%ld,%ld): %g vs %g (se %g)", pts[c][0],
                      pts[c][1], mean, F, se);
    }
    free(x);
}
END_TEST

static double normal_cdf(double x, const void *u) { (void)u; return gsl_cdf_ugaussian_P(x); }
static double chisq_cdf(double x, const void *k) { return gsl_cdf_chisq_P(x, *(const double *)k); }

/* The ziggurat normal and the chi^2 draws: moments (5 sigma) and one-sample
 * KS against the exact CDF (GSL), including the ziggurat's tail region. */
START_TEST(rng_distributions)
{
    const long N = 400000;
    double *x = malloc(N * sizeof *x), pv;
    sim_rng r;
    sim_rng_seed(&r, 2024, 1);
    sim_rng_normal_fill(&r, x, N);
    double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    long tail = 0;
    for (long i = 0; i < N; i++) {
        double z = x[i], z2 = z * z;
        m1 += z; m2 += z2; m3 += z2 * z; m4 += z2 * z2;
        tail += fabs(z) > 3.6541528853610088; /* the ziggurat's tail strip */
    }
    ck_assert(fabs(m1 / N) < 5 * sqrt(1.0 / N));
    ck_assert(fabs(m2 / N - 1) < 5 * sqrt(2.0 / N));
    ck_assert(fabs(m3 / N) < 5 * sqrt(15.0 / N));
    ck_assert(fabs(m4 / N - 3) < 5 * sqrt(96.0 / N));
    double pt = 2 * gsl_cdf_ugaussian_Q(3.6541528853610088);
    ck_assert_msg(fabs(tail - N * pt) < 5 * sqrt(N * pt), "tail %ld vs %g", tail, N * pt);
    double D = verify_ks_test(x, N, normal_cdf, NULL, &pv);
    ck_assert_msg(pv > 1e-4, "normal KS D = %g p = %g", D, pv);

    static const double ks[] = {1, 2, 3, 7.5, 300};
    for (size_t c = 0; c < sizeof ks / sizeof ks[0]; c++) {
        const long M = 100000;
        double s = 0, s2 = 0;
        for (long i = 0; i < M; i++) {
            x[i] = sim_rng_chisq(&r, ks[c]);
            s += x[i];
            s2 += x[i] * x[i];
        }
        double mean = s / M, var = s2 / M - mean * mean;
        ck_assert_msg(fabs(mean - ks[c]) < 5 * sqrt(2 * ks[c] / M), "chi2_%g mean %g", ks[c], mean);
        /* Var of the sample variance ~ (mu4 - sigma^4)/M with mu4 = 12k(k+4) */
        double k = ks[c];
        ck_assert_msg(fabs(var - 2 * k) < 5 * sqrt((12 * k * (k + 4) - 4 * k * k) / M),
                      "chi2_%g var %g", k, var);
        D = verify_ks_test(x, M, chisq_cdf, &ks[c], &pv);
        ck_assert_msg(pv > 1e-4, "chi2_%g KS D = %g p = %g", ks[c], D, pv);
    }
    free(x);
}
END_TEST

/* The one-factorization linear trial: interpolating regime has a rounding-
 * level training loss; both regimes match Thm 1 (z at 5 sigma). */
START_TEST(linear_one_factorization)
{
    const long T = 3000;
    double *tr = malloc(T * sizeof *tr), *te = malloc(T * sizeof *te), m, s;
    theory_loss_t th;
    model_desc md = model_default();
    md.n = 15; md.p = 40; md.m = 2;                     /* dn < p: LQ, min norm */
    ck_assert_int_eq(sim_linear_samples(tr, te, &md, T, 3), 0);
    theory_loss(&th, &md);
    for (long t = 0; t < T; t++)   /* exactly 0 in exact arithmetic */
        ck_assert_msg(tr[t] <= 1e-12 * (th.tr1 + th.tr2), "trial %ld: train %g", t, tr[t]);
    sim_mean_se(&m, &s, te, T);
    ck_assert_msg(fabs(m - th.test) < 5 * s, "underdetermined test %g vs %g (se %g)", m, th.test, s);
    md.n = 90; md.p = 30; md.d = 2;                     /* dn > p: QR */
    ck_assert_int_eq(sim_linear_samples(tr, te, &md, T, 4), 0);
    theory_loss(&th, &md);
    sim_mean_se(&m, &s, tr, T);
    ck_assert_msg(fabs(m - th.train) < 5 * s, "train %g vs %g (se %g)", m, th.train, s);
    sim_mean_se(&m, &s, te, T);
    ck_assert_msg(fabs(m - th.test) < 5 * s, "test %g vs %g (se %g)", m, th.test, s);
    free(tr);
    free(te);
}
END_TEST

/* CLI: --method fast --raw prints `trials` samples in column `sample`;
 * bad method exits 2 naming the flag. */
START_TEST(cli_fast_raw)
{
    char *out, *err;
    const char *a1[] = {"sim", "F", "--n", "30", "--p", "20", "--trials", "50", "--method", "fast",
                        "--raw", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a1), 0);
    char *h = strstr(out, "\nsample\n");
    ck_assert_ptr_nonnull(h);
    long lines = 0;
    for (char *c = h + 8; *c; c++) lines += *c == '\n';
    ck_assert_int_eq(lines, 50);
    free(out); free(err);
    const char *a2[] = {"sim", "F", "--n", "30", "--p", "20", "--method", "qrx", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a2), 2);
    ck_assert_ptr_nonnull(strstr(err, "--method"));
    free(out); free(err);
    const char *a3[] = {"sim", "F", "--n", "300", "--p", "200", "--trials", "20000", "--method",
                        "fast", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a3), 0);
    double mean = tsv_value(out, "mean"), se = tsv_value(out, "stderr"), F;
    ck_assert_int_eq(theory_F(&F, 300, 200), 0);
    ck_assert_msg(fabs(mean - F) < 5 * se, "mean %g F %g se %g", mean, F, se);
    free(out); free(err);
}
END_TEST

/* CLI: --running prints T = 1, 2, 5, 10, ..., trials, and its last row is the
 * summary mean of the same draws; a '# law:' line states the divergence. */
START_TEST(cli_running)
{
    char *out, *err, *out2, *err2;
    const char *a1[] = {"sim", "F", "--n", "6", "--p", "5", "--trials", "1500", "--method", "fast",
                        "--seed", "4", "--running", NULL};
    const char *a2[] = {"sim", "F", "--n", "6", "--p", "5", "--trials", "1500", "--method", "fast",
                        "--seed", "4", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a1), 0);
    ck_assert_int_eq(run_cli(&out2, &err2, a2), 0);
    ck_assert_ptr_nonnull(strstr(out, "# law: |n-p| = 1"));
    char *h = strstr(out, "\ntrials\trunning_mean\n");
    ck_assert_ptr_nonnull(h);
    static const long expect[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 1500};
    char *c = h + strlen("\ntrials\trunning_mean\n");
    double last = NAN;
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        char *end;
        long T = strtol(c, &end, 10);
        ck_assert_int_eq(T, expect[i]);
        last = strtod(end, &c);
        while (*c == '\n') c++;
    }
    ck_assert_int_eq(*c, 0);
    ck_assert_msg(rel_diff(last, tsv_value(out2, "mean")) < 1e-9, "%g vs %g", last,
                  tsv_value(out2, "mean"));
    free(out); free(err); free(out2); free(err2);
    const char *a3[] = {"sim", "F", "--n", "6", "--p", "5", "--raw", "--running", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a3), 2);
    ck_assert_ptr_nonnull(strstr(err, "--running"));
    free(out); free(err);
}
END_TEST

/* The tail constant against a direct tail count of fast draws at n = p = 5
 * (C = sqrt(2) Gamma(3)/Gamma(5/2)) and |n-p| = 1 (C = q/2): the count above
 * t is Binomial(N, P(X > t)), so compare at 5 sigma (t is far enough in the
 * tail that the asymptotic form is accurate to well under one sigma). */
START_TEST(tail_constant)
{
    ck_assert(rel_diff(sim_F_tail_constant(5, 5), sqrt(2.0) * 2.0 / tgamma(2.5)) < 1e-12);
    ck_assert(rel_diff(sim_F_tail_constant(20, 21), 10.0) < 1e-12);
    const long N = 400000;
    double *x = malloc(N * sizeof *x);
    static const long cases[][2] = {{5, 5}, {6, 5}};
    for (int c = 0; c < 2; c++) {
        long n = cases[c][0], p = cases[c][1];
        ck_assert_int_eq(sim_F_samples(x, NULL, n, p, N, 31 + c, SIM_F_FAST), 0);
        double t = c == 0 ? 1e4 : 1e3, alpha = 0.5 * (double)(labs(n - p) + 1);
        double pr = sim_F_tail_constant(n, p) * pow(t, -alpha);
        long k = 0;
        for (long i = 0; i < N; i++) k += x[i] > t;
        ck_assert_msg(fabs((double)k - N * pr) < 5 * sqrt(N * pr),
                      "(%ld,%ld): %ld above %g, predicted %g", n, p, k, t, N * pr);
    }
    free(x);
}
END_TEST

/* The running-mean laws behind F-runmean-square / F-runmean-gap1, with their
 * power: R = 1000 replicate runs of the fast sampler.
 *   n = p = 5:  M_T/T ~ Levy(pi C^2/2) is accepted, Levy(2 pi C^2/2) rejected;
 *   (6, 5):     M_T - C log 10 at T = 1000 has the law of M_T at T = 100,
 *               while "no growth" (shift 0) and a doubled C are rejected. */
static double levy_cdf_t(double x, const void *c)
{
    return x <= 0 ? 0.0 : erfc(sqrt(*(const double *)c / (2.0 * x)));
}

static void run_means(double *M, long R, long n, long p, long T, uint64_t seed)
{
    double *x = malloc((size_t)(R * T) * sizeof *x);
    ck_assert_int_eq(sim_F_samples(x, NULL, n, p, R * T, seed, SIM_F_FAST), 0);
    for (long r = 0; r < R; r++) {
        double s = 0.0;
        for (long t = 0; t < T; t++) s += x[r * T + t];
        M[r] = s / (double)T;
    }
    free(x);
}

START_TEST(runmean_laws_power)
{
    enum { R = 1000 };
    static double M[R], M1[R], M2[R], W[R];
    double pv, C = sim_F_tail_constant(5, 5), c = M_PI * C * C / 2.0, c2 = 2.0 * c;
    run_means(M, R, 5, 5, 1000, 41);
    for (long r = 0; r < R; r++) M[r] /= 1000.0;
    memcpy(W, M, sizeof W);
    verify_ks_test(W, R, levy_cdf_t, &c, &pv);
    ck_assert_msg(pv > 1e-3, "n = p: Levy(pi C^2/2) rejected, p = %g", pv);
    memcpy(W, M, sizeof W);
    verify_ks_test(W, R, levy_cdf_t, &c2, &pv);
    ck_assert_msg(pv < 1e-6, "n = p: Levy with twice the scale not rejected, p = %g", pv);

    double C1 = sim_F_tail_constant(6, 5), shift = C1 * log(10.0);
    run_means(M1, R, 6, 5, 100, 42);
    run_means(M2, R, 6, 5, 1000, 43);
    static const double factor[] = {1.0, 0.0, 2.0};
    for (int f = 0; f < 3; f++) {
        double a[R], b[R];
        memcpy(a, M1, sizeof a);
        for (long r = 0; r < R; r++) b[r] = M2[r] - factor[f] * shift;
        verify_ks2_test(a, R, b, R, &pv);
        if (f == 0) ck_assert_msg(pv > 1e-3, "gap 1: shift C log 10 rejected, p = %g", pv);
        else ck_assert_msg(pv < 1e-6, "gap 1: shift %g C log 10 not rejected, p = %g", factor[f], pv);
    }
}
END_TEST

/* The fast linear-model sampler against the literal one (draw A, QR/LQ): two-
 * sample KS on the test loss and, where dn > p, on the train loss; mono and
 * modular, under- and over-determined and on the band; independent seeds.
 * Power: the same test separates n = 12 from n = 10 at p = 20. */
START_TEST(linear_fast_vs_literal)
{
    enum { T = 3000 };
    static double tr1[T], te1[T], tr2[T], te2[T];
    static const long cases[][6] = {   /* arch n p m b k */
        {0, 40, 20, 3, 1, 1}, {0, 10, 20, 3, 1, 1}, {0, 21, 20, 2, 1, 1},
        {1, 60, 20, 4, 2, 3}, {1, 12, 20, 4, 2, 3}};
    double pv;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        model_desc md = model_default();
        md.arch = cases[c][0] ? MODEL_MODULAR : MODEL_MONO;
        md.n = cases[c][1]; md.p = cases[c][2]; md.m = cases[c][3];
        md.b = cases[c][4]; md.k = cases[c][5];
        ck_assert_int_eq(sim_linear_samples_fast(tr1, te1, &md, T, 100 + c), 0);
        ck_assert_int_eq(sim_linear_samples(tr2, te2, &md, T, 200 + c), 0);
        double D = verify_ks2_test(te1, T, te2, T, &pv);
        ck_assert_msg(pv > 1e-3, "case %zu test loss: D = %g p = %g", c, D, pv);
        if (md.n > md.p) {
            D = verify_ks2_test(tr1, T, tr2, T, &pv);
            ck_assert_msg(pv > 1e-3, "case %zu train loss: D = %g p = %g", c, D, pv);
        } else {
            for (long t = 0; t < T; t++) ck_assert(tr1[t] == 0.0);
        }
    }
    model_desc a = model_default(), b = model_default();
    a.n = 12; a.p = 20; a.m = 3;
    b.n = 10; b.p = 20; b.m = 3;
    ck_assert_int_eq(sim_linear_samples_fast(tr1, te1, &a, T, 7), 0);
    ck_assert_int_eq(sim_linear_samples(tr2, te2, &b, T, 8), 0);
    verify_ks2_test(te1, T, te2, T, &pv);
    ck_assert_msg(pv < 1e-6, "KS failed to separate n = 12 from n = 10: p = %g", pv);
    /* and the fast sampler is bit-identical across thread counts */
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    ck_assert_int_eq(sim_linear_samples_fast(tr1, te1, &a, 500, 9), 0);
    omp_set_num_threads(2);
    ck_assert_int_eq(sim_linear_samples_fast(tr2, te2, &a, 500, 9), 0);
    omp_set_num_threads(saved);
    ck_assert(memcmp(te1, te2, 500 * sizeof *te1) == 0 && memcmp(tr1, tr2, 500 * sizeof *tr1) == 0);
}
END_TEST

Suite *suite_sim_fast(void)
{
    Suite *s = suite_create("sim_fast");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, threads_bit_identical);
    tcase_add_test(tc, recurrence_vs_inverse);
    tcase_add_test(tc, fast_vs_svd_ks);
    tcase_add_test(tc, fast_mean_matches_F);
    tcase_add_test(tc, rng_distributions);
    tcase_add_test(tc, linear_one_factorization);
    tcase_add_test(tc, cli_fast_raw);
    tcase_add_test(tc, cli_running);
    tcase_add_test(tc, tail_constant);
    tcase_add_test(tc, runmean_laws_power);
    tcase_add_test(tc, linear_fast_vs_literal);
    suite_add_tcase(s, tc);
    return s;
}
