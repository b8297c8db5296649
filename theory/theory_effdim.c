/* theory_effdim.c -- effective dimensionality of the spectrum of seed 003,
 * App. A.1: (sum lambda_i)^2 / sum lambda_i^2 for lambda_i = c[i^-s - (i+1)^-s]
 * (Eq. 19), computed exactly (no truncation of the infinite sum).
 *
 * Method (docs/theory.md, "Effective dimensionality"):
 *   sum lambda_i = c (telescoping), so effdim = 1 / sum (i^-s - (i+1)^-s)^2
 *   = 1/(s^2 S(s)) with S(s) = sum_i q_i(s)^2, q_i = (i^-s - (i+1)^-s)/s.
 *   For x >= N >= 2, (x^-s - (x+1)^-s)/s = x^-s sum_{k>=1} q_k x^-k with
 *   q_1 = 1, q_{k+1} = -q_k (s+k)/(k+1)  (binomial series, |q_k| <= 1 for
 *   0 <= s <= 1), hence q(x)^2 = sum_{j>=2} H_j x^(-2s-j), H_j = sum_k q_k q_{j-k},
 *   |H_j| <= j - 1, and
 *     sum_{i>=N} q_i^2 = sum_{j>=2} H_j zeta(2s + j, N)       (Hurwitz zeta).
 *   Truncating after j = J leaves at most sum_{t>=J} t N^-t
 *   <= (J+1) N^-J / (1 - 1/N)^2 (using zeta(j, N) <= N^(1-j) for j >= 3).
 *   The head i < N is summed directly with expm1/log1p (no cancellation). */
#include "theory.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_zeta.h>
#include <math.h>

#define EFFDIM_N 32     /* split point of the double route */
#define EFFDIM_J 16     /* (J+1) 32^-J / (31/32)^2 < 1e-22 */

int theory_effdim_S(double *S, double s)
{
    if (!(s >= 0.0) || !(s <= 1.0))
        return modlaw_fail(MODLAW_EINVAL, "--omega: spectrum exponent s = %g must lie in [0, 1]", s);
    /* tail first (small terms), then the head from i = N-1 down to 1 */
    double q[EFFDIM_J + 1];
    q[1] = 1.0;
    for (int k = 1; k < EFFDIM_J; k++) q[k + 1] = -q[k] * (s + k) / (k + 1);
    double tail = 0.0;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    for (int j = EFFDIM_J; j >= 2; j--) {
        double H = 0.0;
        for (int k = 1; k < j; k++) H += q[k] * q[j - k];
        gsl_sf_result z;
        if (gsl_sf_hzeta_e(2.0 * s + j, (double)EFFDIM_N, &z) != GSL_SUCCESS) {
            gsl_set_error_handler(old);
            return modlaw_fail(MODLAW_ENUM, "--omega: Hurwitz zeta failed at s = %g", s);
        }
        tail += H * z.val;
    }
    gsl_set_error_handler(old);
    double head = 0.0;
    for (long i = EFFDIM_N - 1; i >= 1; i--) {
        double u = log1p(1.0 / (double)i), t;
        if (s == 0.0) t = u;
        else t = exp(-s * log((double)i)) * (-expm1(-s * u)) / s;
        head += t * t;
    }
    *S = head + tail;
    return MODLAW_OK;
}

int theory_effdim_S_arb(arb_t S, const arb_t s, slong prec)
{
    if (!arb_is_finite(s))
        return modlaw_fail(MODLAW_EINVAL, "--omega: spectrum exponent s must lie in [0, 1]");
    {
        arb_t one;
        arb_init(one);
        arb_one(one);
        int bad = arb_is_negative(s) || arb_gt(s, one);
        arb_clear(one);
        if (bad) return modlaw_fail(MODLAW_EINVAL, "--omega: spectrum exponent s must lie in [0, 1]");
    }
    slong wp = prec + 32;
    /* split point N = 2^k: each extra term of the j-series gains k bits; a
     * larger N trades Hurwitz-zeta evaluations for cheap head terms */
    const long kb = prec <= 256 ? 6 : prec <= 2048 ? 9 : 11;
    const long N = 1L << kb;
    long J = (long)(prec / kb) + 12;
    int s_zero = arb_is_zero(s);
    arb_t head, t, u, a, tail, H, z, sj, bound;
    arb_init(head); arb_init(t); arb_init(u); arb_init(a); arb_init(tail);
    arb_init(H); arb_init(z); arb_init(sj); arb_init(bound);
    arb_ptr q = _arb_vec_init(J + 1);
    /* head: i = 1 .. N-1 */
    arb_zero(head);
    for (long i = 1; i < N; i++) {
        arb_set_ui(u, (ulong)i);
        arb_inv(u, u, wp);
        arb_log1p(u, u, wp);                 /* log(1 + 1/i) */
        if (s_zero) {
            arb_set(t, u);
        } else {
            arb_mul(t, u, s, wp);
            arb_neg(t, t);
            arb_expm1(t, t, wp);
            arb_neg(t, t);                   /* 1 - (1+1/i)^-s */
            arb_log_ui(a, (ulong)i, wp);
            arb_mul(a, a, s, wp);
            arb_neg(a, a);
            arb_exp(a, a, wp);               /* i^-s */
            arb_mul(t, t, a, wp);
            arb_div(t, t, s, wp);
        }
        arb_addmul(head, t, t, wp);
    }
    /* tail: sum_{j=2}^{J} H_j zeta(2s + j, N) */
    arb_one(q + 1);
    for (long k = 1; k < J; k++) {
        arb_add_ui(t, s, (ulong)k, wp);
        arb_mul(q + k + 1, q + k, t, wp);
        arb_div_ui(q + k + 1, q + k + 1, (ulong)(k + 1), wp);
        arb_neg(q + k + 1, q + k + 1);
    }
    arb_zero(tail);
    arb_set_ui(a, (ulong)N);
    for (long j = 2; j <= J; j++) {
        arb_zero(H);
        for (long k = 1; k < j; k++) arb_addmul(H, q + k, q + j - k, wp);
        arb_mul_2exp_si(sj, s, 1);
        arb_add_ui(sj, sj, (ulong)j, wp);
        arb_hurwitz_zeta(z, sj, a, wp);
        arb_addmul(tail, H, z, wp);
    }
    /* truncation bound (J+1) N^-J / (1 - 1/N)^2 */
    arb_set_ui(bound, (ulong)N);
    arb_pow_ui(bound, bound, (ulong)J, wp);
    arb_inv(bound, bound, wp);
    arb_mul_ui(bound, bound, (ulong)(J + 1), wp);
    arb_set_ui(t, (ulong)N * N);
    arb_mul(bound, bound, t, wp);
    arb_set_ui(t, (ulong)(N - 1) * (N - 1));
    arb_div(bound, bound, t, wp);
    arb_add_error(tail, bound);
    arb_add(S, head, tail, prec);
    int ok = arb_is_finite(S) && arb_is_positive(S);
    _arb_vec_clear(q, J + 1);
    arb_clear(head); arb_clear(t); arb_clear(u); arb_clear(a); arb_clear(tail);
    arb_clear(H); arb_clear(z); arb_clear(sj); arb_clear(bound);
    if (!ok) return modlaw_fail(MODLAW_EPREC, "--prec: S(s) could not be certified at %ld bits", (long)prec);
    return MODLAW_OK;
}

int theory_effdim(theory_effdim_t *r, double omega, long m)
{
    if (!(omega > 1.0) || !isfinite(omega))
        return modlaw_fail(MODLAW_EINVAL, "--omega: must be a finite number > 1 (got %g)", omega);
    if (m < 1) return modlaw_fail(MODLAW_EINVAL, "--m: must be a positive integer (got %ld)", m);
    double lw = log(omega);
    r->s = exp(-(double)m * lw);             /* may underflow to 0: S(0) is the limit */
    int rc = theory_effdim_S(&r->S, r->s);
    if (rc) return rc;
    r->ratio = 1.0 / r->S;
    r->log10_effdim = 2.0 * (double)m * log10(omega) - log10(r->S);
    r->effdim = r->log10_effdim > 308.0 ? INFINITY : exp(2.0 * (double)m * lw) / r->S;
    return MODLAW_OK;
}

int theory_effdim_arb(arb_t effdim, arb_t ratio, const char *omega_str, double omega,
                      long m, slong prec)
{
    if (m < 1) return modlaw_fail(MODLAW_EINVAL, "--m: must be a positive integer (got %ld)", m);
    slong wp = prec + 32;
    arb_t om, s, S, w2m;
    arb_init(om); arb_init(s); arb_init(S); arb_init(w2m);
    int rc = MODLAW_OK;
    if (omega_str) {
        if (arb_set_str(om, omega_str, wp) != 0)
            rc = modlaw_fail(MODLAW_EINVAL, "--omega: '%s' is not a number", omega_str);
    } else {
        if (!(omega > 1.0) || !isfinite(omega))
            rc = modlaw_fail(MODLAW_EINVAL, "--omega: must be a finite number > 1 (got %g)", omega);
        arb_set_d(om, omega);
    }
    if (!rc) {
        arb_t one;
        arb_init(one);
        arb_one(one);
        if (!arb_gt(om, one)) rc = modlaw_fail(MODLAW_EINVAL, "--omega: must be > 1");
        arb_clear(one);
    }
    if (!rc) {
        arb_pow_ui(w2m, om, (ulong)m, wp);
        arb_inv(s, w2m, wp);                 /* s = omega^-m */
        arb_sqr(w2m, w2m, wp);               /* omega^(2m) */
        rc = theory_effdim_S_arb(S, s, wp);
    }
    if (!rc) {
        arb_inv(ratio, S, prec);
        arb_div(effdim, w2m, S, prec);
    }
    arb_clear(om); arb_clear(s); arb_clear(S); arb_clear(w2m);
    return rc;
}

int theory_effdim_limit_arb(arb_t lim, slong prec)
{
    arb_t z, S;
    arb_init(z); arb_init(S);
    arb_zero(z);
    int rc = theory_effdim_S_arb(S, z, prec + 16);
    if (!rc) arb_inv(lim, S, prec);
    arb_clear(z); arb_clear(S);
    return rc;
}

int theory_effdim_list(double *effdim, const double *lambda, long n)
{
    if (n < 1) return modlaw_fail(MODLAW_EINVAL, "--spectrum: empty spectrum");
    /* scale by the largest value so the squares cannot overflow/underflow */
    double mx = 0.0;
    for (long i = 0; i < n; i++) {
        if (!(lambda[i] >= 0) || !isfinite(lambda[i]))
            return modlaw_fail(MODLAW_EINVAL, "--spectrum: eigenvalue %ld is not a finite number >= 0", i + 1);
        if (lambda[i] > mx) mx = lambda[i];
    }
    if (mx == 0.0) return modlaw_fail(MODLAW_EINVAL, "--spectrum: all eigenvalues are zero");
    double s1 = 0.0, s2 = 0.0;
    for (long i = n - 1; i >= 0; i--) {
        double x = lambda[i] / mx;
        s1 += x;
        s2 += x * x;
    }
    *effdim = s1 * s1 / s2;
    return MODLAW_OK;
}
