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

/* The three spectral integrals the losses need, without cancellation for any
 * lam in (0, 1e12] and gamma > 0.  With b = 1 - gamma + lam,
 * disc = sqrt(b^2 + 4 gamma lam), S = b + disc, mu = lam m = 2 lam / S:
 *   lam^2 m'   = mu (gamma mu + lam) / disc               (bias weight),
 *   m - lam m' = (1 - mu) / disc,  1 - mu = (1 - gamma - lam + disc) / S,
 *   tv = gamma lam^2 m' + 1 - gamma = int lam^2/(x+lam)^2 dnu_K
 *      = (gamma lam + (1 - gamma) S/2) / disc              (gamma <= 1),
 *      = 4 gamma lam^2 / ((disc + lam + gamma - 1)(disc - b) disc)  (gamma > 1),
 * using (disc + b)(disc - b) = 4 gamma lam and
 * (disc - (lam + gamma - 1))(disc + lam + gamma - 1) = 4 lam to rewrite each
 * difference of nearly equal terms as a quotient of sums. */
typedef struct { double mu, l2dm, v, tv, m, dm; } ridge_moments;

static ridge_moments ridge_moments_d(double g, double lam)
{
    ridge_moments r;
    double b = (1.0 - g) + lam, disc = sqrt(b * b + 4.0 * g * lam);
    double S = b >= 0 ? b + disc : 4.0 * g * lam / (disc - b);      /* b + disc */
    double D = b >= 0 ? 4.0 * g * lam / (disc + b) : disc - b;      /* disc - b */
    double lg = lam + (g - 1.0);
    double c1 = lg >= 0 ? 4.0 * lam / (disc + lg) : ((1.0 - g) - lam) + disc;
    r.mu = 2.0 * lam / S;
    r.l2dm = r.mu * (g * r.mu + lam) / disc;
    r.v = c1 / S / disc;
    r.tv = g <= 1.0 ? (g * lam + (1.0 - g) * S / 2.0) / disc
                    : 4.0 * g * lam * lam / ((disc + lg) * D * disc);
    r.m = 2.0 / S;
    r.dm = r.m * (g * r.m + 1.0) / disc;
    return r;
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
    ridge_moments q = ridge_moments_d(g, lam);
    r->m = q.m;
    r->dm = q.dm;
    double d = (double)md->d;
    r->bias = r->tr1 * q.l2dm;
    r->variance = r->tr2 * g * q.v;
    r->test = d * (r->bias + r->variance + r->tr2);
    r->train = d * (r->tr1 * lam * lam * q.v + r->tr2 * q.tv);
    if (!isfinite(r->test) || !isfinite(r->train))
        return modlaw_fail(MODLAW_ENUM, "--ridge: loss not representable in double at lam = %g (try --prec)", lam);
    return MODLAW_OK;
}

int theory_ridge_arb(arb_t train, arb_t test, const model_desc *md, double lam, slong prec)
{
    int rc = ridge_check(md, lam);
    if (rc) return rc;
    slong wp = prec + 32;
    arb_t tr1, tr2, g, L, b, disc, S, D, lg, c1, mu, l2dm, v, tv, t, u;
    arb_init(tr1); arb_init(tr2); arb_init(g); arb_init(L); arb_init(b); arb_init(disc);
    arb_init(S); arb_init(D); arb_init(lg); arb_init(c1); arb_init(mu); arb_init(l2dm);
    arb_init(v); arb_init(tv); arb_init(t); arb_init(u);
    rc = theory_traces_arb(tr1, tr2, md, wp);
    if (!rc) {
        /* the same cancellation-free forms as ridge_moments_d */
        arb_set_si(g, model_controlled(md));
        arb_div_si(g, g, md->d * md->n, wp);          /* gamma */
        arb_set_d(L, lam);                            /* lam is an exact double */
        arb_sub_ui(b, g, 1, wp);
        arb_neg(b, b);
        arb_add(b, b, L, wp);                         /* b = 1 - gamma + lam */
        arb_mul(u, g, L, wp);
        arb_mul_2exp_si(u, u, 2);                     /* 4 gamma lam */
        arb_sqr(disc, b, wp);
        arb_add(disc, disc, u, wp);
        arb_sqrt(disc, disc, wp);
        if (arb_is_nonnegative(b)) {
            arb_add(S, b, disc, wp);
            arb_div(D, u, S, wp);
        } else {
            arb_sub(D, disc, b, wp);
            arb_div(S, u, D, wp);
        }
        arb_add(lg, L, g, wp);
        arb_sub_ui(lg, lg, 1, wp);                    /* lam + gamma - 1 */
        if (arb_is_nonnegative(lg)) {
            arb_add(c1, disc, lg, wp);
            arb_set_d(t, 4.0 * lam);
            arb_div(c1, t, c1, wp);
        } else {
            arb_sub(c1, disc, lg, wp);                /* disc - (lam + gamma - 1) */
        }
        arb_mul_2exp_si(mu, L, 1);
        arb_div(mu, mu, S, wp);                       /* mu = 2 lam / S */
        arb_mul(t, g, mu, wp);
        arb_add(t, t, L, wp);
        arb_mul(l2dm, mu, t, wp);
        arb_div(l2dm, l2dm, disc, wp);                /* lam^2 m' */
        arb_div(v, c1, S, wp);
        arb_div(v, v, disc, wp);                      /* m - lam m' */
        if (model_controlled(md) <= md->d * md->n) {   /* gamma <= 1, decided exactly */
            arb_mul(tv, g, L, wp);
            arb_sub_ui(t, g, 1, wp);
            arb_neg(t, t);
            arb_mul(t, t, S, wp);
            arb_mul_2exp_si(t, t, -1);
            arb_add(tv, tv, t, wp);
            arb_div(tv, tv, disc, wp);
        } else {
            arb_sqr(tv, L, wp);
            arb_mul(tv, tv, u, wp);                   /* 4 gamma lam^3 */
            arb_div(tv, tv, L, wp);                   /* 4 gamma lam^2 */
            arb_add(t, disc, lg, wp);
            arb_mul(t, t, D, wp);
            arb_mul(t, t, disc, wp);
            arb_div(tv, tv, t, wp);
        }
        /* test = d [tr1 lam^2 m' + tr2 (gamma v + 1)] */
        arb_mul(test, tr1, l2dm, wp);
        arb_mul(t, g, v, wp);
        arb_add_ui(t, t, 1, wp);
        arb_addmul(test, tr2, t, wp);
        arb_mul_si(test, test, md->d, prec);
        /* train = d [tr1 lam^2 v + tr2 tv] */
        arb_sqr(t, L, wp);
        arb_mul(t, t, v, wp);
        arb_mul(train, tr1, t, wp);
        arb_addmul(train, tr2, tv, wp);
        arb_mul_si(train, train, md->d, prec);
    }
    arb_clear(tr1); arb_clear(tr2); arb_clear(g); arb_clear(L); arb_clear(b); arb_clear(disc);
    arb_clear(S); arb_clear(D); arb_clear(lg); arb_clear(c1); arb_clear(mu); arb_clear(l2dm);
    arb_clear(v); arb_clear(tv); arb_clear(t); arb_clear(u);
    return rc;
}
