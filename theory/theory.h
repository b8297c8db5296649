/* theory.h -- closed-form quantities of the scaling-law paper (seed 003).
 *
 * Every function has a double-precision form and, where it makes sense, an
 * Arb ball form (suffix _arb, precision last) whose result is guaranteed to
 * contain the exact value.  Infinity is a legitimate value (IEEE inf, or an
 * Arb +inf ball); NaN is never returned.
 */
#ifndef MODLAW_THEORY_H
#define MODLAW_THEORY_H

#include <arb.h>
#include "model.h"

/* F(n, p) = E ||R^+||_F^2, R in R^{n x p} with i.i.d. N(0,1) entries
 * (seed 003, Eq. 12 and App. D):
 *   F = min(n,p) / (|n-p| - 1)   for |n - p| >= 2  (inverse-Wishart mean),
 *   F = +inf                     for |n - p| <= 1  (docs/theory.md, Sec. F:
 *       1/(W^-1)_11 ~ chi^2_{|n-p|+1} and E[1/chi^2_k] = inf for k <= 2).
 * Returns MODLAW_EINVAL for n < 1 or p < 1. */
int theory_F(double *F, long n, long p);
int theory_F_arb(arb_t F, long n, long p, slong prec);

/* Tail index of ||R^+||_F^2: P(||R^+||^2 > t) ~ C t^-alpha with
 * alpha = (|n-p| + 1)/2, so moments of order < alpha exist.  The mean is
 * finite iff |n-p| >= 2, the variance iff |n-p| >= 4. */
double theory_F_tail_index(long n, long p);

/* Thm 1 / Thm 2 losses with their ingredients (for --explain). */
typedef struct {
    double train;   /* Eq. 2 / 11: (dn - min(dn,p_c))/n Tr(L_2)              */
    double test;    /* Eq. 1 / 10: d Tr(L_2) F(dn,p_c) - d min/p_c Tr(L_1) + d Tr(L) */
    double tr1, tr2;/* Tr(L_1), Tr(L_2)                                       */
    double F;       /* F(dn, p_c)                                             */
    long dn, pc;    /* d*n and the controlled count p_c (model_controlled)    */
} theory_loss_t;

/* Expected train and test loss of the monolithic (Thm 1) or modular (Thm 2,
 * form md->form) linear model.  test is evaluated as
 * d [Tr(L_2)(F + 1) + Tr(L_1)(1 - min(dn,p_c)/p_c)], algebraically equal to
 * Eq. 1 without its cancellation; it is +inf where F is and Tr(L_2) > 0. */
int theory_loss(theory_loss_t *res, const model_desc *md);

/* The same in ball arithmetic.  c and omega are read from md->c_str and
 * md->omega_str when set (exact decimals), else from the doubles. */
int theory_loss_arb(arb_t train, arb_t test, const model_desc *md, slong prec);

/* Traces Tr(L_1), Tr(L_2) in ball arithmetic (cf. model_traces). */
int theory_traces_arb(arb_t tr1, arb_t tr2, const model_desc *md, slong prec);

/* Combine traces into losses (shared by all forms and both precisions'
 * callers): the one formula of Thm 1. */
void theory_loss_from_traces(double *train, double *test, long n, long d, long pc,
                             double tr1, double tr2, double F);

#endif
