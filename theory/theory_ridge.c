/* theory_ridge.c -- ridge-regularised extension of Thm 1 / Thm 2 of seed 003
 * in the proportional limit dn, p -> inf with gamma = p_c/(dn) fixed
 * (Hastie, Montanari, Rosset, Tibshirani 2019, "Surprises in high-dimensional
 * ridgeless least squares interpolation", Thm 2 / Cor. 5, isotropic features).
 *
 * In the model of seed 003 the controlled features are i.i.d. N(0,1)
 * (isotropic), the signal is W_1 with E||W_1||^2 = Tr(L_1) and the
 * uncontrolled part B W_2 acts as independent noise of variance
 * sigma^2 = Tr(L_2) per row.  With the Marchenko-Pastur (ratio gamma)
 * Stieltjes transform m(z) = int dMP(x)/(x - z), which at z = -lam solves
 *   gamma lam m^2 + (1 - gamma + lam) m - 1 = 0,
 *   m'(-lam) = (gamma m^2 + m) / ((1 - gamma + lam) + 2 gamma lam m),
 * the excess risk is  Tr(L_1) lam^2 m' + sigma^2 gamma (m - lam m')  and the
 * training residual per row is
 *   Tr(L_1) lam^2 (m - lam m') + sigma^2 (gamma lam^2 m' + 1 - gamma)
 * (from E (1/N) ||lam (K + lam)^-1 y||^2 with K = A A^T/N, whose spectrum is
 * the MP law of A^T A/N plus N - p zeros).  Each loss carries the factor d of
 * Eq. 1 / Eq. 2 (d rows per sample). */
#include "theory.h"

#include <math.h>

/* m(-lam) without cancellation: the positive root written as
 * 2 / (b + sqrt(b^2 + 4 gamma lam)), b = 1 - gamma + lam, when b >= 0, and
 * (-b + sqrt(.))/(2 gamma lam) otherwise. */
static void mp_stieltjes(double *m, double *dm, double gamma, double lam)
{
    double b = 1.0 - gamma + lam, disc = sqrt(b * b + 4.0 * gamma * lam);
    double mv = b >= 0 ? 2.0 / (b + disc) : (disc - b) / (2.0 * gamma * lam);
    *m = mv;
    *dm = (gamma * mv * mv + mv) / (b + 2.0 * gamma * lam * mv);
}

static int ridge_check(const model_desc *md, double lam)
{
    if (!(lam > 0) || !isfinite(lam) || lam > 1e12)
        return modlaw_fail(MODLAW_EINVAL, "--ridge: must be a finite number in (0, 1e12] (got %g)", lam);
    return model_validate(md);
}

int theory_ridge(theory_ridge_t *r, const model_desc *md, double lam)
{
    int rc = ridge_check(md, lam);
    if (rc) return rc;
    if ((rc = model_traces(&r->tr1, &r->tr2, md))) return rc;
    double N = (double)md->d * (double)md->n, g = (double)model_controlled(md) / N;
    r->gamma = g;
    mp_stieltjes(&r->m, &r->dm, g, lam);
    double m = r->m, dm = r->dm, d = (double)md->d;
    /* m - lam m' = int x/(x+lam)^2 dMP >= 0; lam^2 m' <= 1 */
    double v = m - lam * dm;
    if (v < 0) v = 0;
    double bias = r->tr1 * lam * lam * dm, var = r->tr2 * g * v;
    r->test = d * (bias + var + r->tr2);
    double tv = g * lam * lam * dm + 1.0 - g;
    if (tv < 0) tv = 0;
    r->train = d * (r->tr1 * lam * lam * v + r->tr2 * tv);
    return MODLAW_OK;
}

int theory_ridge_arb(arb_t train, arb_t test, const model_desc *md, double lam, slong prec)
{
    int rc = ridge_check(md, lam);
    if (rc) return rc;
    slong wp = prec + 32;
    arb_t tr1, tr2, g, L, b, disc, t, m, dm, v;
    arb_init(tr1); arb_init(tr2); arb_init(g); arb_init(L); arb_init(b); arb_init(disc);
    arb_init(t); arb_init(m); arb_init(dm); arb_init(v);
    rc = theory_traces_arb(tr1, tr2, md, wp);
    if (!rc) {
        arb_set_si(g, model_controlled(md));
        arb_div_si(g, g, md->d * md->n, wp);          /* gamma */
        arb_set_d(L, lam);                            /* lam is an exact double */
        arb_sub_ui(b, g, 1, wp);
        arb_neg(b, b);
        arb_add(b, b, L, wp);                         /* b = 1 - gamma + lam */
        arb_mul(t, g, L, wp);
        arb_mul_2exp_si(t, t, 2);                     /* 4 gamma lam */
        arb_sqr(disc, b, wp);
        arb_add(disc, disc, t, wp);
        arb_sqrt(disc, disc, wp);
        /* m = 2/(b + disc) is valid for all b (disc > |b|): no cancellation
         * when b >= 0; for b < 0 use (disc - b)/(2 gamma lam) */
        if (arb_is_nonnegative(b)) {
            arb_add(m, b, disc, wp);
            arb_ui_div(m, 2, m, wp);
        } else {
            arb_sub(m, disc, b, wp);
            arb_mul_2exp_si(t, t, -1);                /* 2 gamma lam */
            arb_div(m, m, t, wp);
        }
        /* m' = (gamma m^2 + m) / (b + 2 gamma lam m) */
        arb_mul(t, g, m, wp);
        arb_add_ui(t, t, 1, wp);
        arb_mul(dm, t, m, wp);                        /* gamma m^2 + m */
        arb_mul(t, g, L, wp);
        arb_mul(t, t, m, wp);
        arb_mul_2exp_si(t, t, 1);
        arb_add(t, t, b, wp);
        arb_div(dm, dm, t, wp);
        arb_mul(v, L, dm, wp);
        arb_sub(v, m, v, wp);                         /* m - lam m' */
        /* test = d [tr1 lam^2 m' + tr2 gamma v + tr2] */
        arb_sqr(t, L, wp);
        arb_mul(t, t, dm, wp);                        /* lam^2 m' */
        arb_mul(test, tr1, t, wp);
        arb_mul(b, g, v, wp);
        arb_add_ui(b, b, 1, wp);
        arb_addmul(test, tr2, b, wp);
        arb_mul_si(test, test, md->d, prec);
        /* train = d [tr1 lam^2 v + tr2 (gamma lam^2 m' + 1 - gamma)] */
        arb_mul(b, g, t, wp);
        arb_add_ui(b, b, 1, wp);
        arb_sub(b, b, g, wp);
        arb_sqr(t, L, wp);
        arb_mul(t, t, v, wp);
        arb_mul(train, tr1, t, wp);
        arb_addmul(train, tr2, b, wp);
        arb_mul_si(train, train, md->d, prec);
    }
    arb_clear(tr1); arb_clear(tr2); arb_clear(g); arb_clear(L); arb_clear(b); arb_clear(disc);
    arb_clear(t); arb_clear(m); arb_clear(dm); arb_clear(v);
    return rc;
}
