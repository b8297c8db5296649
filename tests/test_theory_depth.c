/* test_theory_depth.c -- effective dimension, sample complexity, ridge,
 * fitting and spectrum files (issue 4): each checked against an independent
 * route (brute force, Arb vs double, simulation, a scan of the loss curve). */
#include "testutil.h"
#include "theory.h"
#include "sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- effective dimension ---------------------------------------------------- */

/* Brute force: sum the first K terms directly and bound the rest by the
 * integral test (terms are decreasing), so the exact S lies in
 * [head + int_{K+1}^inf, head + int_K^inf].  The integrand's antiderivative is
 * unknown in closed form, so use f(x) <= s^2 x^(-2s-2) / s^2 = x^(-2-2s) bound:
 * q(x) = (x^-s - (x+1)^-s)/s <= x^(-s-1), hence tail <= K^(-1-2s)/(1+2s). */
START_TEST(effdim_brute_force)
{
    double ss[] = {1.0 / 1.57, 0.3, 0.05};
    for (int t = 0; t < 3; t++) {
        double s = ss[t], head = 0.0;
        const long K = 2000000;
        for (long i = K; i >= 1; i--) {
            double q = exp(-s * log((double)i)) * -expm1(-s * log1p(1.0 / (double)i)) / s;
            head += q * q;
        }
        double tail_max = pow((double)K, -1.0 - 2.0 * s) / (1.0 + 2.0 * s);
        double S;
        ck_assert_int_eq(theory_effdim_S(&S, s), 0);
        ck_assert_msg(S >= head * (1 - 1e-12) && S <= (head + tail_max) * (1 + 1e-12),
                      "s=%g: S=%.17g not in [%.17g, %.17g]", s, S, head, head + tail_max);
    }
}
END_TEST

START_TEST(effdim_double_vs_arb)
{
    sim_rng r;
    sim_rng_seed(&r, 11, 0);
    arb_t e, ra, lim;
    arb_init(e); arb_init(ra); arb_init(lim);
    for (int it = 0; it < 60; it++) {
        double omega = 1.05 + 3.0 * sim_rng_uniform(&r);
        long m = 1 + (long)(sim_rng_u64(&r) % 60);
        slong prec = 64 + (slong)(sim_rng_u64(&r) % 400);
        theory_effdim_t d;
        ck_assert_int_eq(theory_effdim(&d, omega, m), 0);
        ck_assert_int_eq(theory_effdim_arb(e, ra, NULL, omega, m, prec), 0);
        ck_assert_msg(arb_rel_accuracy_bits(ra) >= prec - 8, "accuracy %ld at prec %ld",
                      (long)arb_rel_accuracy_bits(ra), (long)prec);
        double mid = arf_get_d(arb_midref(ra), ARF_RND_NEAR);
        ck_assert_msg(rel_diff(mid, d.ratio) < 1e-13, "omega=%.17g m=%ld: double %.17g arb %.17g",
                      omega, m, d.ratio, mid);
        if (isfinite(d.effdim)) {
            double em = arf_get_d(arb_midref(e), ARF_RND_NEAR);
            ck_assert_msg(rel_diff(em, d.effdim) < 1e-11, "effdim double %.17g arb %.17g", d.effdim, em);
        }
        /* ratio >= its limit (S(s) increases to S(0)): the paper's Omega^(2m)
         * underestimates the effective dimension for every m */
        ck_assert(d.ratio >= 1.0233432963868 - 1e-12);
    }
    /* two precisions: the balls must overlap */
    arb_t e2, ra2;
    arb_init(e2); arb_init(ra2);
    ck_assert_int_eq(theory_effdim_arb(e, ra, "1.57", 0, 20, 80), 0);
    ck_assert_int_eq(theory_effdim_arb(e2, ra2, "1.57", 0, 20, 400), 0);
    ck_assert(arb_overlaps(e, e2) && arb_overlaps(ra, ra2));
    ck_assert(arb_rel_accuracy_bits(e2) > 380);
    /* the limit ball agrees with the double S(0) */
    ck_assert_int_eq(theory_effdim_limit_arb(lim, 200), 0);
    double S0;
    ck_assert_int_eq(theory_effdim_S(&S0, 0.0), 0);
    ck_assert(rel_diff(arf_get_d(arb_midref(lim), ARF_RND_NEAR), 1.0 / S0) < 1e-14);
    /* very large m: ratio at the limit, log10 finite, effdim overflows to inf */
    theory_effdim_t big;
    ck_assert_int_eq(theory_effdim(&big, 1.57, 100000), 0);
    ck_assert(rel_diff(big.ratio, 1.0 / S0) < 1e-15);
    ck_assert(isinf(big.effdim) && isfinite(big.log10_effdim));
    ck_assert_int_eq(theory_effdim_arb(e, ra, "1.57", 0, 100000, 64), 0);
    ck_assert(arb_is_finite(e) && arb_rel_accuracy_bits(e) > 40);
    ck_assert_int_eq(theory_effdim(&big, 1.0, 3), MODLAW_EINVAL);
    ck_assert_int_eq(theory_effdim(&big, 1.5, 0), MODLAW_EINVAL);
    arb_clear(e2); arb_clear(ra2);
    arb_clear(e); arb_clear(ra); arb_clear(lim);
}
END_TEST

START_TEST(effdim_list_values)
{
    double one[] = {3.0}, eq[] = {2, 2, 2, 2}, v[] = {0.5, 0.25, 0.125};
    double e;
    ck_assert_int_eq(theory_effdim_list(&e, one, 1), 0);
    ck_assert_double_eq_tol(e, 1.0, 1e-15);
    ck_assert_int_eq(theory_effdim_list(&e, eq, 4), 0);
    ck_assert_double_eq_tol(e, 4.0, 1e-14);
    ck_assert_int_eq(theory_effdim_list(&e, v, 3), 0);
    ck_assert_double_eq_tol(e, 0.875 * 0.875 / (0.25 + 0.0625 + 0.015625), 1e-14);
    /* the list route agrees with the series for Eq. 19 truncated far out
     * (m = 1: the missing tail contributes < 1e-7 relative) */
    long K = 1000000;
    double *l = malloc((size_t)K * sizeof *l);
    model_desc md = model_default();
    for (long i = 0; i < K; i++) l[i] = model_lambda(&md, i + 1);
    ck_assert_int_eq(theory_effdim_list(&e, l, K), 0);
    theory_effdim_t r;
    theory_effdim(&r, 1.57, 1);
    ck_assert_msg(rel_diff(e, r.effdim) < 1e-3, "list %.10g series %.10g", e, r.effdim);
    free(l);
    double z[] = {0, 0};
    ck_assert_int_eq(theory_effdim_list(&e, z, 2), MODLAW_EINVAL);
}
END_TEST

/* ---- spectrum files --------------------------------------------------------- */

START_TEST(spectrum_parse_cases)
{
    double *l;
    long n;
    const char *ok = "# header\n0.5\n  0.25   # comment\n\n\t1e-3\r\n0\n7";
    ck_assert_int_eq(theory_spectrum_parse(&l, &n, ok, strlen(ok)), 0);
    ck_assert_int_eq(n, 5);
    ck_assert(l[0] == 0.5 && l[1] == 0.25 && l[2] == 1e-3 && l[3] == 0 && l[4] == 7);
    free(l);
    struct { const char *text; const char *needle; } bad[] = {
        {"1\n2\nabc\n", "line 3"},
        {"1\n-2\n", "line 2"},
        {"1\n2 3\n", "line 2"},
        {"nan\n", "line 1"},
        {"inf\n", "line 1"},
        {"0x10\n", "line 1"},
        {"1e999\n", "line 1"},
        {"# only comments\n\n", "no eigenvalues"},
        {"", "no eigenvalues"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = theory_spectrum_parse(&l, &n, bad[i].text, strlen(bad[i].text));
        ck_assert_msg(rc == MODLAW_EINVAL, "case %zu accepted", i);
        ck_assert_msg(strstr(modlaw_last_error(), bad[i].needle) && strstr(modlaw_last_error(), "--spectrum"),
                      "case %zu: message '%s'", i, modlaw_last_error());
        ck_assert_ptr_null(l);
    }
    /* embedded NUL and a buffer that is not NUL-terminated */
    const char nul[] = {'1', '\n', '2', '\0', '3', '\n'};
    ck_assert_int_eq(theory_spectrum_parse(&l, &n, nul, sizeof nul), MODLAW_EINVAL);
    ck_assert_ptr_nonnull(strstr(modlaw_last_error(), "line 2"));
    char noterm[3] = {'4', '\n', '5'};
    ck_assert_int_eq(theory_spectrum_parse(&l, &n, noterm, 3), 0);
    ck_assert(n == 2 && l[1] == 5);
    free(l);
    /* random bytes never crash and never return a negative/non-finite value */
    sim_rng r;
    sim_rng_seed(&r, 3, 0);
    char buf[200];
    long badvals = 0;
    for (int it = 0; it < 3000; it++) {
        size_t len = (size_t)(sim_rng_u64(&r) % sizeof buf);
        for (size_t i = 0; i < len; i++) {
            static const char alpha[] = "0123456789.eE+-# \n\t\rxna";
            buf[i] = (sim_rng_u64(&r) & 1) ? alpha[sim_rng_u64(&r) % (sizeof alpha - 1)] : (char)sim_rng_u64(&r);
        }
        if (theory_spectrum_parse(&l, &n, buf, len) == 0) {
            for (long i = 0; i < n; i++) badvals += !(isfinite(l[i]) && l[i] >= 0);
            free(l);
        }
    }
    ck_assert_int_eq(badvals, 0);
}
END_TEST

/* Thm 1 with a user spectrum: the traces are plain sums of the list, so the
 * losses equal the formula of Thm 1 evaluated by hand. */
START_TEST(spectrum_thm1)
{
    char path[] = "/tmp/modlaw_spec_XXXXXX";
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "# five eigenvalues\n1\n0.5\n0.25\n0.125\n0.0625\n");
    fclose(f);
    double *l;
    long n;
    ck_assert_int_eq(theory_spectrum_load(&l, &n, path), 0);
    ck_assert_int_eq(n, 5);
    model_desc md = model_default();
    md.lambda = l;
    md.nlambda = n;
    md.n = 10;
    md.p = 2;
    theory_loss_t r;
    ck_assert_int_eq(theory_loss(&r, &md), 0);
    double T1 = 1.5, T2 = 0.4375, F = 2.0 / 7.0;
    ck_assert_double_eq_tol(r.train, 8.0 / 10.0 * T2, 1e-15);
    ck_assert_double_eq_tol(r.test, T2 * F - T1 + (T1 + T2), 1e-14);
    /* all coefficients controlled: no noise, test = Tr(L1)(1 - dn/p) */
    md.n = 3;
    md.p = 5;
    ck_assert_int_eq(theory_loss(&r, &md), 0);
    ck_assert_double_eq_tol(r.test, 1.9375 * (1.0 - 3.0 / 5.0), 1e-14);
    /* CLI: the same through --spectrum, and a bad file names the line */
    char *out, *err;
    const char *args[] = {"theory", "loss", "--n", "10", "--p", "2", "--spectrum", path, NULL};
    ck_assert_int_eq(run_cli(&out, &err, args), 0);
    ck_assert(rel_diff(tsv_value(out, "train"), 0.35) < 1e-14);
    free(out); free(err);
    f = fopen(path, "w");
    fprintf(f, "1\n0.5\n# ok\nfoo\n");
    fclose(f);
    ck_assert_int_eq(run_cli(&out, &err, args), 2);
    ck_assert_ptr_nonnull(strstr(err, "line 4"));
    free(out); free(err);
    const char *args2[] = {"theory", "loss", "--n", "10", "--p", "2", "--spectrum", "/nonexistent/x", NULL};
    ck_assert_int_eq(run_cli(&out, &err, args2), 2);
    ck_assert_ptr_nonnull(strstr(err, "--spectrum"));
    free(out); free(err);
    free(l);
    unlink(path);
}
END_TEST

/* ---- sample complexity ------------------------------------------------------ */

static double test_loss(model_desc md, long n)
{
    md.n = n;
    theory_loss_t r;
    if (theory_loss(&r, &md)) return NAN; /* no ck_assert in hot loops: each writes to a pipe */
    return r.test;
}

/* Scan: n_needed by definition (last n with test > eps, plus one, where the
 * scan goes far enough that the tail is monotone and below eps) and n_first. */
START_TEST(samples_vs_scan)
{
    sim_rng r;
    sim_rng_seed(&r, 5, 0);
    int checked = 0, never = 0, dips = 0;
    for (int it = 0; it < 300; it++) {
        model_desc md = model_default();
        md.arch = (sim_rng_u64(&r) % 3 == 0) ? MODEL_MODULAR : MODEL_MONO;
        md.form = (model_form)(sim_rng_u64(&r) % 3);
        md.d = 1 + (long)(sim_rng_u64(&r) % 5);
        md.m = 1 + (long)(sim_rng_u64(&r) % 6);
        md.b = 1 + (long)(sim_rng_u64(&r) % 2);
        md.p = md.m * md.b + 2 + (long)(sim_rng_u64(&r) % 120);
        md.n = 1;
        double eps = 0.05 + 1.5 * sim_rng_uniform(&r);
        theory_samples_t s;
        ck_assert_int_eq(theory_samples(&s, &md, eps), 0);
        if (s.status != THEORY_SAMPLES_REACHED) {
            never++;
            ck_assert(eps <= s.floor);
            ck_assert(isinf(s.n_needed));
            ck_assert(test_loss(md, 1000000) > eps);
            continue;
        }
        /* scan n = 1 .. well past the answer: the tail is monotone there */
        long N = 4 * (long)s.n_needed + 2000;
        long last_above = 0, first_below = 0, nonmono = 0, nanv = 0;
        double prev = INFINITY;
        for (long n = 1; n <= N; n++) {
            double t = test_loss(md, n);
            if (isnan(t)) nanv++;
            if (t > eps) last_above = n;
            else if (!first_below) first_below = n;
            if (n * md.d > model_controlled(&md) + 2) {
                if (t > prev) nonmono++;
                prev = t;
            }
        }
        ck_assert(nanv == 0 && nonmono == 0);
        ck_assert_msg((long)s.n_needed == last_above + 1,
                      "arch %d form %d d=%ld m=%ld b=%ld p=%ld eps=%g: n_needed %.0f scan %ld", md.arch,
                      md.form, md.d, md.m, md.b, md.p, eps, s.n_needed, last_above + 1);
        ck_assert_msg((long)s.n_first == first_below, "n_first %.0f scan %ld", s.n_first, first_below);
        ck_assert(test_loss(md, (long)s.n_needed) <= eps);
        if (s.n_first < s.n_needed) dips++;
        checked++;
    }
    ck_assert(checked > 100 && never > 5 && dips > 5);
}
END_TEST

/* The modular sample complexity barely moves with m (Sec. 4.1) while the
 * monolithic one grows fast (Fig. 3). */
START_TEST(samples_mono_vs_modular)
{
    model_desc mono = model_default(), mod = model_default();
    mono.p = mod.p = 1000;
    mono.n = mod.n = 1;
    mod.arch = MODEL_MODULAR;
    mod.form = MODEL_FORM_PRINTED;
    theory_samples_t a, b;
    double prev = 0;
    for (long m = 1; m <= 6; m++) {
        mono.m = mod.m = m;
        ck_assert_int_eq(theory_samples(&a, &mono, 1.0), 0);
        ck_assert_int_eq(theory_samples(&b, &mod, 1.0), 0);
        ck_assert(a.n_needed > prev);
        prev = a.n_needed;
        if (m > 1) {
            theory_samples_t b1;
            model_desc m1 = mod;
            m1.m = 1;
            theory_samples(&b1, &m1, 1.0);
            ck_assert_msg(b.n_needed == b1.n_needed, "printed modular form depends on m: %g vs %g",
                          b.n_needed, b1.n_needed);
        }
    }
    long pp;
    ck_assert_int_eq(theory_mlp_params(&pp, 8, 3, 1, 1), 0);
    ck_assert_int_eq(pp, 16 + 72 + 9);
    ck_assert_int_eq(theory_mlp_params(&pp, 128, 7, 1, 1), 0);
    ck_assert_int_eq(pp, 256 + 5 * (128 * 128 + 128) + 129);
    ck_assert_int_eq(theory_samples(&a, &mono, 0.0), MODLAW_EINVAL);
    ck_assert_int_eq(theory_samples(&a, &mono, NAN), MODLAW_EINVAL);
}
END_TEST

/* ---- ridge -------------------------------------------------------------------- */

START_TEST(ridge_limits_and_arb)
{
    model_desc md = model_default();
    md.m = 2;
    /* lam -> 0 reproduces Thm 1 up to its finite-size correction O(1/(dn-p)) */
    long cfg[][2] = {{4000, 2000}, {2000, 4000}};
    for (int i = 0; i < 2; i++) {
        md.n = cfg[i][0];
        md.p = cfg[i][1];
        theory_ridge_t rr;
        theory_loss_t r;
        ck_assert_int_eq(theory_ridge(&rr, &md, 1e-9), 0);
        ck_assert_int_eq(theory_loss(&r, &md), 0);
        ck_assert_msg(rel_diff(rr.test, r.test) < 2e-3, "ridge %.10g thm1 %.10g", rr.test, r.test);
        ck_assert(fabs(rr.train - r.train) < 2e-3 * (r.train + r.test));
    }
    /* double vs Arb over random points */
    sim_rng g;
    sim_rng_seed(&g, 9, 0);
    arb_t tr, te;
    arb_init(tr); arb_init(te);
    for (int it = 0; it < 300; it++) {
        md.n = 1 + (long)(sim_rng_u64(&g) % 500);
        md.p = 1 + (long)(sim_rng_u64(&g) % 500);
        md.d = 1 + (long)(sim_rng_u64(&g) % 3);
        double lam = exp(-10.0 + 14.0 * sim_rng_uniform(&g));
        theory_ridge_t rr;
        ck_assert_int_eq(theory_ridge(&rr, &md, lam), 0);
        ck_assert_int_eq(theory_ridge_arb(tr, te, &md, lam, 128), 0);
        ck_assert(isfinite(rr.test) && rr.test > 0 && rr.train >= 0);
        double a = arf_get_d(arb_midref(te), ARF_RND_NEAR), b = arf_get_d(arb_midref(tr), ARF_RND_NEAR);
        ck_assert_msg(rel_diff(a, rr.test) < 1e-12, "n=%ld p=%ld lam=%g: %.17g vs %.17g", md.n, md.p, lam,
                      a, rr.test);
        ck_assert_msg(fabs(b - rr.train) < 1e-12 * (rr.train + rr.test), "train %.17g vs %.17g", b, rr.train);
        /* train < test for a regularised fit with noise */
        ck_assert(rr.train <= rr.test);
    }
    arb_clear(tr); arb_clear(te);
    ck_assert_int_eq(theory_ridge(&(theory_ridge_t){0}, &md, 0.0), MODLAW_EINVAL);
    ck_assert_int_eq(theory_ridge(&(theory_ridge_t){0}, &md, NAN), MODLAW_EINVAL);
}
END_TEST

/* Ridge vs simulation at one moderate size.  Tolerance fixed in advance: the
 * asymptotic formula has relative finite-size error O(1/min(dn, p)) (about
 * 1/200 here; cf. p/(dn-p-1) vs p/(dn-p) at lam -> 0), so accept
 * |sim - theory| <= 4 se + 3/min(dn, p) * theory. */
/* Tiny and huge penalties: the double path stays finite and agrees with a
 * 256-bit ball (the forms avoid the cancellation of m - lam m' and of
 * gamma lam^2 m' + 1 - gamma), on both sides of gamma = 1. */
START_TEST(ridge_extreme_penalties)
{
    static const double lams[] = {1e-300, 1e-160, 1e-20, 1e-8, 1.0, 1e6, 1e12};
    static const long ps[] = {10, 30};       /* gamma = 1/3 and 3 at dn = 30, 10 */
    arb_t tr, te;
    arb_init(tr); arb_init(te);
    for (int i = 0; i < 7; i++)
        for (int j = 0; j < 2; j++) {
            model_desc md = model_default();
            md.n = ps[1 - j]; md.p = ps[j];
            theory_ridge_t r;
            ck_assert_int_eq(theory_ridge(&r, &md, lams[i]), 0);
            ck_assert_int_eq(theory_ridge_arb(tr, te, &md, lams[i], 256), 0);
            ck_assert(isfinite(r.test) && isfinite(r.train) && r.train >= 0);
            double mt = arf_get_d(arb_midref(te), ARF_RND_NEAR);
            double mr = arf_get_d(arb_midref(tr), ARF_RND_NEAR);
            ck_assert(arb_rel_accuracy_bits(te) > 200);
            ck_assert_msg(rel_diff(r.test, mt) < 1e-13, "lam %g n %ld p %ld: test %.17g vs %.17g",
                          lams[i], md.n, md.p, r.test, mt);
            if (mr > 1e-290) /* below that the double train loss underflows */
                ck_assert_msg(rel_diff(r.train, mr) < 1e-12, "lam %g n %ld p %ld: train %.17g vs %.17g",
                              lams[i], md.n, md.p, r.train, mr);
        }
    arb_clear(tr); arb_clear(te);
}
END_TEST

START_TEST(ridge_vs_sim)
{
    model_desc md = model_default();
    md.m = 2;
    md.n = 400;
    md.p = 200;
    long T = 200;
    double *tr = malloc((size_t)T * sizeof *tr), *te = malloc((size_t)T * sizeof *te);
    double lams[] = {0.05, 0.5};
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(sim_ridge_samples(tr, te, &md, lams[i], T, 42 + i), 0);
        double m1, s1, m2, s2;
        sim_mean_se(&m1, &s1, tr, T);
        sim_mean_se(&m2, &s2, te, T);
        theory_ridge_t rr;
        theory_ridge(&rr, &md, lams[i]);
        double fs = 3.0 / 200.0;
        ck_assert_msg(fabs(m2 - rr.test) <= 4 * s2 + fs * rr.test, "test sim %g+-%g theory %g", m2, s2, rr.test);
        ck_assert_msg(fabs(m1 - rr.train) <= 4 * s1 + fs * rr.train, "train sim %g+-%g theory %g", m1, s1, rr.train);
    }
    free(tr);
    free(te);
}
END_TEST

/* ---- fitting ------------------------------------------------------------------ */

START_TEST(fit_recovers_parameters)
{
    const double c = 1.15, om = 1.57, al = 0.85, noise = 0.01;
    model_desc base = model_default();
    enum { R = 96 };
    double n[R], pp[R], m[R], loss[R];
    sim_rng g;
    int covered[3] = {0, 0, 0};
    int reps = 20;
    for (int rep = 0; rep < reps; rep++) {
        sim_rng_seed(&g, 100, (uint64_t)rep);
        long k = 0;
        for (int mi = 1; mi <= 4; mi++)
            for (int pi = 0; pi < 4; pi++)
                for (int ni = 0; ni < 6; ni++) {
                    n[k] = 100.0 * pow(3.0, ni) + 40.0 * pow(2.5, pi);
                    pp[k] = 40.0 * pow(2.5, pi);   /* n > p': training loss > 0 */
                    m[k] = mi;
                    double v;
                    ck_assert_int_eq(theory_fit_model(&v, &base, 0, n[k], pp[k], m[k], c, om, al), 0);
                    loss[k] = v * (1.0 + noise * sim_rng_normal(&g));
                    k++;
                }
        theory_fit_data D = {n, pp, m, loss, R, 0, 1, 0};
        theory_fit_t f;
        ck_assert_int_eq(theory_fit(&f, &D, &base, 1.0, 2.0, 0.6), 0);
        ck_assert(f.converged);
        ck_assert(f.r2 > 0.99);
        /* relative residuals: rmse estimates the 1% noise */
        ck_assert_msg(f.rmse > 0.5 * noise && f.rmse < 1.5 * noise, "rmse %g", f.rmse);
        ck_assert(f.se_c > 0 && f.se_c < 0.05 * c && f.se_omega < 0.05 && f.se_alpha < 0.05);
        covered[0] += fabs(f.c - c) <= 2 * f.se_c;
        covered[1] += fabs(f.omega - om) <= 2 * f.se_omega;
        covered[2] += fabs(f.alpha - al) <= 2 * f.se_alpha;
        ck_assert_msg(fabs(f.c - c) <= 5 * f.se_c && fabs(f.omega - om) <= 5 * f.se_omega &&
                      fabs(f.alpha - al) <= 5 * f.se_alpha,
                      "rep %d: c %g+-%g omega %g+-%g alpha %g+-%g", rep, f.c, f.se_c, f.omega, f.se_omega,
                      f.alpha, f.se_alpha);
    }
    /* nominal 95% intervals: expect ~19 of 20; P(<= 14 | 0.95) < 3e-4 */
    for (int i = 0; i < 3; i++) ck_assert_msg(covered[i] >= 15, "coverage %d/20 for parameter %d", covered[i], i);
    /* too few rows, bad rows */
    theory_fit_data D2 = {n, pp, m, loss, 3, 0, 0, 0};
    theory_fit_t f;
    ck_assert_int_eq(theory_fit(&f, &D2, &base, 1, 2, 0.6), MODLAW_EINVAL);
    double badn[4] = {0, 1, 2, 3};
    theory_fit_data D3 = {badn, pp, m, loss, 4, 0, 0, 0};
    ck_assert_int_eq(theory_fit(&f, &D3, &base, 1, 2, 0.6), MODLAW_EINVAL);
    ck_assert_ptr_nonnull(strstr(modlaw_last_error(), "row 1"));
}
END_TEST

/* ---- CLI ------------------------------------------------------------------------ */

START_TEST(cli_depth)
{
    char *out, *err;
    const char *a1[] = {"theory", "effdim", "--m", "20", "--prec", "128", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a1), 0);
    double e = tsv_value(out, "effdim"), lim = tsv_value(out, "ratio_limit");
    ck_assert(rel_diff(e, 7.0164296709811666e7) < 1e-12);
    ck_assert(rel_diff(lim, 1.0233432963868426) < 1e-15);
    free(out); free(err);
    const char *a2[] = {"theory", "samples", "--width", "8", "--layers", "3", "--eps", "1.2", "--m", "3", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a2), 0);
    ck_assert(tsv_value(out, "p_prime") == 97 && tsv_value(out, "p") == 82);
    ck_assert(tsv_value(out, "n_needed") > 82);
    free(out); free(err);
    const char *a3[] = {"theory", "samples", "--p", "10", "--eps", "0.01", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a3), 0);
    ck_assert(isinf(tsv_value(out, "n_needed")));
    ck_assert_ptr_nonnull(strstr(out, "never"));
    free(out); free(err);
    const char *a4[] = {"theory", "loss", "--n", "50", "--p", "20", "--explain", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a4), 0);
    ck_assert_ptr_nonnull(strstr(out, "dn > p_c"));
    ck_assert_ptr_nonnull(strstr(out, "20/29"));
    free(out); free(err);
    const char *a5[] = {"theory", "loss", "--n", "20", "--p", "21", "--explain", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a5), 0);
    ck_assert_ptr_nonnull(strstr(out, "+inf"));
    free(out); free(err);
    /* every n_needed of a sweep is certified by Arb (test(n) <= eps < test(n-1)) */
    const char *a9[] = {"theory", "samples", "--arch", "modular", "--p", "200", "--eps", "0.5", "--m", "1",
                        "--m-max", "12", "--prec", "128", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a9), 0);
    {
        int yes = 0;
        for (const char *q = out; (q = strstr(q, "\tyes\n")); q++) yes++;
        ck_assert_int_eq(yes, 12);
        ck_assert_ptr_null(strstr(out, "undecided"));
    }
    free(out); free(err);
    const char *a6[] = {"theory", "F", "--n", "10", "--p", "11", "--explain", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a6), 0);
    ck_assert_ptr_nonnull(strstr(out, "+inf"));
    ck_assert_ptr_nonnull(strstr(out, "chi^2_2"));
    free(out); free(err);
    const char *a7[] = {"theory", "effdim", "--m", "2", "--explain", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a7), 0);
    ck_assert_ptr_nonnull(strstr(out, "1.924692228"));
    ck_assert_ptr_nonnull(strstr(out, "1.02334329638684"));
    free(out); free(err);
    const char *a8[] = {"theory", "samples", "--p", "100", "--eps", "0.1", "--explain", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a8), 0);
    ck_assert_ptr_nonnull(strstr(out, "n_needed = 257"));
    free(out); free(err);
    /* bad usage: exit 2, one line naming the argument */
    const char *bad[][12] = {
        {"theory", "effdim", NULL},
        {"theory", "effdim", "--m", "3", "--omega", "0.9", NULL},
        {"theory", "effdim", "--m", "x", NULL},
        {"theory", "samples", "--p", "10", NULL},
        {"theory", "samples", "--p", "10", "--eps", "-1", NULL},
        {"theory", "samples", "--p", "10", "--pprime", "20", "--eps", "1", NULL},
        {"theory", "loss", "--n", "10", "--p", "5", "--ridge", "-1", NULL},
        {"theory", "loss", "--n", "10", "--p", "5", "--ridge", "nan", NULL},
        {"theory", "fit", NULL},
        {"theory", "fit", "--data", "/nonexistent", NULL},
        {"theory", "effdim", "--m", "3", "--bogus", NULL},
    };
    const char *names[] = {"--m", "--omega", "--m", "--eps", "--eps", "--p", "--ridge", "--ridge", "--data",
                           "--data", "--bogus"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = run_cli(&out, &err, bad[i]);
        ck_assert_msg(rc == 2, "case %zu: exit %d", i, rc);
        ck_assert_msg(strstr(err, names[i]) != NULL, "case %zu: '%s'", i, err);
        ck_assert_msg(strchr(err, '\n') == err + strlen(err) - 1, "case %zu: not one line", i);
        free(out); free(err);
    }
}
END_TEST

START_TEST(cli_fit_synthetic)
{
    char path[] = "/tmp/modlaw_fit_XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "# synthetic, c=1.3 omega=1.8 alpha=0.7, 0.5%% noise\nn\tpprime\tm\tloss\n");
    model_desc base = model_default();
    sim_rng g;
    sim_rng_seed(&g, 77, 0);
    for (int mi = 1; mi <= 3; mi++)
        for (int pi = 0; pi < 4; pi++)
            for (int ni = 0; ni < 5; ni++) {
                double pp = 50.0 * pow(2.0, pi), n = pp + 150.0 * pow(3.0, ni), v;
                theory_fit_model(&v, &base, 0, n, pp, mi, 1.3, 1.8, 0.7);
                fprintf(f, "%.17g\t%.17g\t%d\t%.17g\n", n, pp, mi, v * (1 + 0.005 * sim_rng_normal(&g)));
            }
    fclose(f);
    char *out, *err;
    const char *a[] = {"theory", "fit", "--data", path, "--relative", NULL};
    ck_assert_int_eq(run_cli(&out, &err, a), 0);
    double c = tsv_value(out, "c"), sc = tsv_value(out, "se_c");
    double om = tsv_value(out, "omega"), so = tsv_value(out, "se_omega");
    double al = tsv_value(out, "alpha"), sa = tsv_value(out, "se_alpha");
    ck_assert_msg(fabs(c - 1.3) < 5 * sc && fabs(om - 1.8) < 5 * so && fabs(al - 0.7) < 5 * sa,
                  "c %g+-%g omega %g+-%g alpha %g+-%g", c, sc, om, so, al, sa);
    ck_assert_ptr_nonnull(strstr(out, "goodness of fit"));
    free(out); free(err);
    const char *ax[] = {"theory", "fit", "--data", path, "--relative", "--explain", NULL};
    ck_assert_int_eq(run_cli(&out, &err, ax), 0);
    ck_assert_ptr_nonnull(strstr(out, "Goodness of fit"));
    ck_assert_ptr_nonnull(strstr(out, "converged: yes"));
    free(out); free(err);
    f = fopen(path, "w");
    fprintf(f, "n\tpprime\tm\tloss\n100\t50\t1\t0.3\n100\t50\tx\t0.3\n");
    fclose(f);
    ck_assert_int_eq(run_cli(&out, &err, a), 2);
    ck_assert_ptr_nonnull(strstr(err, "line 3"));
    free(out); free(err);
    unlink(path);
}
END_TEST

Suite *suite_theory_depth(void)
{
    Suite *s = suite_create("theory_depth");
    TCase *t = tcase_create("core");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, effdim_brute_force);
    tcase_add_test(t, effdim_double_vs_arb);
    tcase_add_test(t, effdim_list_values);
    tcase_add_test(t, spectrum_parse_cases);
    tcase_add_test(t, spectrum_thm1);
    tcase_add_test(t, samples_vs_scan);
    tcase_add_test(t, samples_mono_vs_modular);
    tcase_add_test(t, ridge_limits_and_arb);
    tcase_add_test(t, ridge_extreme_penalties);
    tcase_add_test(t, ridge_vs_sim);
    tcase_add_test(t, fit_recovers_parameters);
    tcase_add_test(t, cli_depth);
    tcase_add_test(t, cli_fit_synthetic);
    suite_add_tcase(s, t);
    return s;
}
