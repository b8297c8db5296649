/* test_theory.c -- F(n,p), Thm 1 and Thm 2: hand-checked values, identities
 * between independent routes, double vs Arb balls. */
#include "testutil.h"
#include "theory.h"
#include "sim.h"

#include <math.h>
#include <string.h>

START_TEST(F_values)
{
    double F;
    ck_assert_int_eq(theory_F(&F, 30, 10), 0);
    ck_assert_double_eq_tol(F, 10.0 / 19.0, 1e-15);
    ck_assert_int_eq(theory_F(&F, 10, 30), 0);
    ck_assert_double_eq_tol(F, 10.0 / 19.0, 1e-15);
    ck_assert_int_eq(theory_F(&F, 7, 5), 0);
    ck_assert_double_eq_tol(F, 5.0, 1e-15);
    for (long g = -1; g <= 1; g++) {
        ck_assert_int_eq(theory_F(&F, 20 + g, 20), 0);
        ck_assert(isinf(F) && F > 0);
    }
    ck_assert_int_eq(theory_F(&F, 1, 1), 0);
    ck_assert(isinf(F));
    ck_assert_int_eq(theory_F(&F, 0, 3), MODLAW_EINVAL);
    ck_assert_ptr_nonnull(strstr(modlaw_last_error(), "--n"));
    ck_assert_int_eq(theory_F(&F, 3, -1), MODLAW_EINVAL);
    ck_assert_ptr_nonnull(strstr(modlaw_last_error(), "--p"));
}
END_TEST

START_TEST(F_double_vs_arb)
{
    sim_rng r;
    sim_rng_seed(&r, 7, 0);
    arb_t Fa;
    arb_init(Fa);
    for (int it = 0; it < 2000; it++) {
        long n = 1 + (long)(sim_rng_u64(&r) % 500), p = 1 + (long)(sim_rng_u64(&r) % 500);
        slong prec = 32 + (slong)(sim_rng_u64(&r) % 500);
        double F;
        ck_assert_int_eq(theory_F(&F, n, p), 0);
        ck_assert_int_eq(theory_F_arb(Fa, n, p, prec), 0);
        if (isinf(F)) {
            ck_assert_msg(!arb_is_finite(Fa), "n=%ld p=%ld", n, p);
        } else {
            /* the double is the correctly rounded quotient: within 1 ulp of the ball */
            double mid = arf_get_d(arb_midref(Fa), ARF_RND_NEAR);
            double rad = mag_get_d(arb_radref(Fa));
            ck_assert_msg(fabs(mid - F) <= rad + 2.3e-16 * F, "F(%ld,%ld) double %.17g vs ball %.17g", n, p, F, mid);
            ck_assert(arb_rel_accuracy_bits(Fa) >= prec - 2);
        }
    }
    arb_clear(Fa);
}
END_TEST

/* Thm 1 at n=50, p=20, d=1, m=1 by hand: s = 1/1.57, Tr(L2) = 1.15*21^-s,
 * min = 20, F(50,20) = 20/29, train = 30/50 Tr(L2), test = Tr(L2)(F+1). */
START_TEST(thm1_hand)
{
    model_desc md = model_default();
    md.n = 50; md.p = 20;
    theory_loss_t r;
    ck_assert_int_eq(theory_loss(&r, &md), 0);
    double tr2 = 1.15 * pow(21.0, -1.0 / 1.57);
    ck_assert_double_eq_tol(r.tr2, tr2, 1e-14);
    ck_assert_double_eq_tol(r.tr1, 1.15 - tr2, 1e-14);
    ck_assert_double_eq_tol(r.train, 30.0 / 50.0 * tr2, 1e-14);
    ck_assert_double_eq_tol(r.test, tr2 * (20.0 / 29.0 + 1.0), 1e-14);
    /* overparameterized: n=5, p=20, d=2 -> dn = 10, F(10,20) = 10/9 */
    md.n = 5; md.d = 2;
    ck_assert_int_eq(theory_loss(&r, &md), 0);
    ck_assert(r.train == 0.0);
    double test = 2 * tr2 * (10.0 / 9.0) - 2 * 10.0 / 20.0 * (1.15 - tr2) + 2 * 1.15;
    ck_assert_double_eq_tol(r.test, test, 1e-13);
}
END_TEST

/* The closed-form traces (Eqs. 48-49, telescoping) against a direct sum of
 * the eigenvalues, for random p and m; and the general-spectrum route. */
START_TEST(traces_vs_direct_sum)
{
    sim_rng r;
    sim_rng_seed(&r, 11, 0);
    static double lam[3000];
    for (int it = 0; it < 200; it++) {
        model_desc md = model_default();
        md.p = 1 + (long)(sim_rng_u64(&r) % 1000);
        md.n = 1 + (long)(sim_rng_u64(&r) % 1000);
        md.m = 1 + (long)(sim_rng_u64(&r) % 12);
        md.omega = 1.1 + 2.0 * sim_rng_uniform(&r);
        md.c = 0.1 + 3.0 * sim_rng_uniform(&r);
        md.c_str = md.omega_str = NULL;
        double tr1, tr2, head = 0.0;
        ck_assert_int_eq(model_traces(&tr1, &tr2, &md), 0);
        for (long i = md.p; i >= 1; i--) head += model_lambda(&md, i);
        ck_assert_msg(rel_diff(head, tr1) < 1e-12, "tr1 %.17g vs sum %.17g (p=%ld m=%ld)", tr1, head, md.p, md.m);
        ck_assert_msg(rel_diff(head + tr2, md.c) < 1e-13, "Tr(L) != c");
        /* the same spectrum as a user list (truncated at 3000 > p): same tr1 */
        for (long i = 0; i < 3000; i++) lam[i] = model_lambda(&md, i + 1);
        model_desc mu = md;
        mu.lambda = lam;
        mu.nlambda = 3000;
        double u1, u2;
        ck_assert_int_eq(model_traces(&u1, &u2, &mu), 0);
        ck_assert(rel_diff(u1, tr1) < 1e-12);
        ck_assert(rel_diff(u2, md.c * pow(md.p + 1.0, -model_exponent(&md)) - md.c * pow(3001.0, -model_exponent(&md))) < 1e-9);
    }
}
END_TEST

/* Double vs Arb for the losses over random models and precisions. */
START_TEST(loss_double_vs_arb)
{
    sim_rng r;
    sim_rng_seed(&r, 13, 0);
    arb_t tr, te;
    arb_init(tr); arb_init(te);
    for (int it = 0; it < 500; it++) {
        model_desc md = model_default();
        md.arch = (sim_rng_u64(&r) & 1) ? MODEL_MODULAR : MODEL_MONO;
        md.form = (model_form)(sim_rng_u64(&r) % 3);
        md.m = 1 + (long)(sim_rng_u64(&r) % 8);
        md.b = 1 + (long)(sim_rng_u64(&r) % 3);
        md.k = 1 + (long)(sim_rng_u64(&r) % 5);
        md.d = 1 + (long)(sim_rng_u64(&r) % 3);
        md.p = md.m * md.b + 1 + (long)(sim_rng_u64(&r) % 300);
        md.n = 1 + (long)(sim_rng_u64(&r) % 300);
        slong prec = 64 + (slong)(sim_rng_u64(&r) % 400);
        theory_loss_t d;
        ck_assert_int_eq(theory_loss(&d, &md), 0);
        ck_assert_int_eq(theory_loss_arb(tr, te, &md, prec), 0);
        ck_assert(!isnan(d.test) && !isnan(d.train));
        ck_assert(arb_rel_accuracy_bits(tr) > prec - 20 || arb_is_zero(tr));
        double mt = arf_get_d(arb_midref(tr), ARF_RND_NEAR);
        ck_assert_msg(fabs(mt - d.train) <= 1e-12 * fabs(mt) + 1e-300, "train %.17g vs %.17g", d.train, mt);
        if (isinf(d.test)) {
            ck_assert(!arb_is_finite(te));
        } else {
            ck_assert(arb_rel_accuracy_bits(te) > prec - 20);
            double m2 = arf_get_d(arb_midref(te), ARF_RND_NEAR);
            ck_assert_msg(fabs(m2 - d.test) <= 1e-12 * fabs(m2), "test %.17g vs %.17g", d.test, m2);
        }
    }
    arb_clear(tr); arb_clear(te);
    flint_cleanup();
}
END_TEST

/* Exact Thm 2 at p equals the EQ5 reading at p - mb (both control p
 * coefficients of the same Lbar), and the Sec. 4.1 identity for dn > p. */
START_TEST(thm2_identities)
{
    for (long p = 10; p <= 60; p += 7)
        for (long n = 1; n <= 90; n += 11) {
            model_desc a = model_default(), b;
            a.arch = MODEL_MODULAR; a.m = 3; a.b = 2; a.k = 2; a.n = n; a.p = p;
            b = a;
            b.form = MODEL_FORM_EQ5;
            b.p = p - 6;
            theory_loss_t ra, rb;
            ck_assert_int_eq(theory_loss(&ra, &a), 0);
            ck_assert_int_eq(theory_loss(&rb, &b), 0);
            if (isinf(ra.test)) ck_assert(isinf(rb.test));
            else ck_assert(rel_diff(ra.test, rb.test) < 1e-14);
            ck_assert(rel_diff(ra.train, rb.train) < 1e-14 || ra.train == rb.train);
            if (n > p + 1) /* Sec. 4.1: (d F + d) Tr(Lbar_2), no m in it */
                ck_assert(rel_diff(ra.test, (ra.F + 1.0) * ra.tr2) < 1e-14);
        }
    /* printed differs from exact whenever mb > 0 */
    model_desc md = model_default();
    md.arch = MODEL_MODULAR; md.m = 4; md.b = 2; md.n = 60; md.p = 20;
    theory_loss_t e, pr;
    theory_loss(&e, &md);
    md.form = MODEL_FORM_PRINTED;
    theory_loss(&pr, &md);
    ck_assert(rel_diff(e.test, pr.test) > 0.05);
}
END_TEST

START_TEST(validation)
{
    model_desc md = model_default();
    md.n = 10; md.p = 10;
    ck_assert_int_eq(model_validate(&md), 0);
    md.omega = 1.0;
    ck_assert_int_eq(model_validate(&md), MODLAW_EINVAL);
    ck_assert_ptr_nonnull(strstr(modlaw_last_error(), "--omega"));
    md.omega = NAN;
    ck_assert_int_eq(model_validate(&md), MODLAW_EINVAL);
    md = model_default(); md.n = 10; md.p = 10; md.c = 0;
    ck_assert_int_eq(model_validate(&md), MODLAW_EINVAL);
    ck_assert_ptr_nonnull(strstr(modlaw_last_error(), "--c"));
    md = model_default(); md.n = 10; md.p = 8; md.arch = MODEL_MODULAR; md.m = 4; md.b = 2;
    ck_assert_int_eq(model_validate(&md), MODLAW_EINVAL);
    ck_assert_ptr_nonnull(strstr(modlaw_last_error(), "--p"));
    md.form = MODEL_FORM_EQ5; /* p counts module parameters only: allowed */
    ck_assert_int_eq(model_validate(&md), 0);
    /* a finite spectrum makes Tr(L2) = 0: the band is then finite, not NaN */
    double lam[3] = {1, 0.5, 0.25};
    md = model_default(); md.n = 5; md.p = 5; md.lambda = lam; md.nlambda = 3;
    theory_loss_t r;
    ck_assert_int_eq(theory_loss(&r, &md), 0);
    ck_assert(isfinite(r.test));
    ck_assert(r.test == 0.0);
    lam[1] = -1;
    ck_assert_int_eq(theory_loss(&r, &md), MODLAW_EINVAL);
}
END_TEST

Suite *suite_theory(void)
{
    Suite *s = suite_create("theory");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, F_values);
    tcase_add_test(tc, F_double_vs_arb);
    tcase_add_test(tc, thm1_hand);
    tcase_add_test(tc, traces_vs_direct_sum);
    tcase_add_test(tc, loss_double_vs_arb);
    tcase_add_test(tc, thm2_identities);
    tcase_add_test(tc, validation);
    suite_add_tcase(s, tc);
    return s;
}
