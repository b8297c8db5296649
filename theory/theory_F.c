/* theory_F.c -- F(n,p) = E||R^+||_F^2 (seed 003, Eq. 12, App. D). */
#include "theory.h"

#include <math.h>

static int check_np(long n, long p)
{
    if (n < 1) return modlaw_fail(MODLAW_EINVAL, "--n: must be a positive integer (got %ld)", n);
    if (p < 1) return modlaw_fail(MODLAW_EINVAL, "--p: must be a positive integer (got %ld)", p);
    return MODLAW_OK;
}

int theory_F(double *F, long n, long p)
{
    int rc = check_np(n, p);
    if (rc) return rc;
    long gap = labs(n - p);
    *F = gap <= 1 ? INFINITY : (double)(n < p ? n : p) / (double)(gap - 1);
    return MODLAW_OK;
}

int theory_F_arb(arb_t F, long n, long p, slong prec)
{
    int rc = check_np(n, p);
    if (rc) return rc;
    long gap = labs(n - p);
    if (gap <= 1) {
        arb_pos_inf(F);
        return MODLAW_OK;
    }
    arb_set_si(F, n < p ? n : p);
    arb_div_si(F, F, gap - 1, prec);
    return MODLAW_OK;
}

int theory_F_var(double *var, long n, long p)
{
    int rc = check_np(n, p);
    if (rc) return rc;
    double q = (double)(n < p ? n : p), m = (double)labs(n - p);
    *var = m <= 3 ? INFINITY : 2.0 * q * (q + m - 1.0) / (m * (m - 1.0) * (m - 1.0) * (m - 3.0));
    return MODLAW_OK;
}

double theory_F_tail_index(long n, long p)
{
    return (double)(labs(n - p) + 1) / 2.0;
}
