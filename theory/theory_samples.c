/* theory_samples.c -- sample complexity implied by Thm 1 / Thm 2 of seed 003
 * (Fig. 3, Fig. 4a, Sec. 4.1): the number of training samples n after which
 * the expected test loss (Eq. 1 / Eq. 10) stays below a target eps.
 *
 * Shape of test(n) for fixed p_c (controlled count) and T1 = Tr(L_1),
 * T2 = Tr(L_2) > 0, writing x = dn:
 *   x <= p_c - 2:  d [T2 (x/(p_c-x-1) + 1) + T1 (1 - x/p_c)]   convex in x
 *   |x - p_c| <= 1: +inf (F = inf, docs/F.md)
 *   x >= p_c + 2:  d T2 (1 + p_c/(x - p_c - 1))                 decreasing to d T2
 * So n_needed (stay below eps for good) is found in closed form on the last
 * branch and extended backwards over the first branch only when the two are
 * adjacent in n; n_first uses the convexity of the first branch. */
#include "theory.h"

#include <math.h>

typedef struct {
    long d, pc;
    double T1, T2;
} samp_ctx;

/* Expected test loss at n (Eq. 1 rearranged, as theory_loss_from_traces). */
static double test_at(const samp_ctx *c, double n)
{
    double x = (double)c->d * n, p = (double)c->pc;
    double mn = x < p ? x : p, gap = fabs(x - p);
    double F = gap <= 1.0 ? INFINITY : mn / (gap - 1.0);
    double noise = c->T2 > 0 ? c->T2 * (F + 1.0) : 0.0;
    return (double)c->d * (noise + c->T1 * (p - mn) / p);
}

/* smallest n in [lo, hi] with pred(n) true, pred monotone false..true,
 * pred(hi) true */
static double first_below(const samp_ctx *c, double lo, double hi, double eps)
{
    while (lo < hi) {
        double mid = floor(lo + (hi - lo) / 2);
        if (test_at(c, mid) <= eps) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

int theory_samples(theory_samples_t *r, const model_desc *md0, double eps)
{
    if (!(eps > 0) || !isfinite(eps))
        return modlaw_fail(MODLAW_EINVAL, "--eps: must be a finite number > 0 (got %g)", eps);
    model_desc md = *md0;
    md.n = 1;
    samp_ctx c;
    int rc = model_traces(&c.T1, &c.T2, &md);
    if (rc) return rc;
    c.d = md.d;
    c.pc = model_controlled(&md);
    double d = (double)c.d, p = (double)c.pc;
    r->floor = d * c.T2;
    r->n_needed = r->n_first = r->test_at = INFINITY;
    r->status = THEORY_SAMPLES_NEVER;

    if (c.T2 == 0.0) {
        /* finite spectrum fully controlled: test = d T1 (1 - min(dn,p)/p) is
         * non-increasing and reaches 0 at dn >= p */
        double hi = ceil(p / d);
        r->n_needed = r->n_first = first_below(&c, 1, hi, eps);
        r->test_at = test_at(&c, r->n_needed);
        r->status = THEORY_SAMPLES_REACHED;
        return MODLAW_OK;
    }

    /* first branch: n = 1 .. nu with dn <= p - 2 (empty if p < d + 2) */
    double nu = floor((p - 2.0) / d);
    if (nu >= 1) {
        /* continuous minimiser of the convex branch:
         * d/dx [T2 x/(p-x-1) - T1 x/p] = 0  ->  x* = p - 1 - sqrt(T2 p (p-1)/T1) */
        double xs = c.T1 > 0 ? p - 1.0 - sqrt(c.T2 * p * (p - 1.0) / c.T1) : 0.0;
        double ns = floor(xs / d);
        if (ns < 1) ns = 1;
        if (ns > nu) ns = nu;
        double nbest = ns, best = test_at(&c, ns);
        if (ns + 1 <= nu && test_at(&c, ns + 1) < best) { nbest = ns + 1; best = test_at(&c, ns + 1); }
        if (best <= eps) r->n_first = first_below(&c, 1, nbest, eps);
    }

    if (eps <= r->floor) {
        if (isfinite(r->n_first)) r->status = THEORY_SAMPLES_TRANSIENT;
        return MODLAW_OK;
    }
    /* last branch: n >= npk with dn >= p + 2; test <= eps iff
     * dn >= p + 1 + p/q, q = eps/(d T2) - 1 > 0 */
    double npk = ceil((p + 2.0) / d);
    double q = eps / r->floor - 1.0;
    double n = ceil((p + 1.0 + p / q) / d);
    if (!(n >= npk)) n = npk;
    if (n < 9.0e15) {
        /* correct the rounding of the closed form with the loss itself */
        while (n > npk && test_at(&c, n - 1) <= eps) n -= 1;
        while (test_at(&c, n) > eps) n += 1;
        /* extend backwards over the first branch when it is adjacent (no
         * band integer between the branches) and already below eps */
        if (n == npk && nu >= 1 && nu == npk - 1 && test_at(&c, nu) <= eps)
            n = first_below(&c, 1, nu, eps);
    }
    r->n_needed = n;
    r->test_at = test_at(&c, n);
    if (!isfinite(r->n_first) || r->n_first > n) r->n_first = n;
    r->status = THEORY_SAMPLES_REACHED;
    return MODLAW_OK;
}

int theory_mlp_params(long *pprime, long width, long layers, long in, long out)
{
    if (width < 1 || width > (1L << 20))
        return modlaw_fail(MODLAW_EINVAL, "--width: must be an integer in [1, 2^20] (got %ld)", width);
    if (layers < 1 || layers > 1000)
        return modlaw_fail(MODLAW_EINVAL, "--layers: must be an integer in [1, 1000] (got %ld)", layers);
    if (in < 1 || in > (1L << 20))
        return modlaw_fail(MODLAW_EINVAL, "--m: input size must be in [1, 2^20] (got %ld)", in);
    if (out < 1 || out > (1L << 20))
        return modlaw_fail(MODLAW_EINVAL, "--d: output size must be in [1, 2^20] (got %ld)", out);
    if (layers == 1) {
        *pprime = in * out + out;
        return MODLAW_OK;
    }
    /* in -> w, (layers - 2) x (w -> w), w -> out, each with biases */
    *pprime = (in * width + width) + (layers - 2) * (width * width + width) + (width * out + out);
    return MODLAW_OK;
}
