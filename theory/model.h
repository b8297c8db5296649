/* model.h -- the one description of a linear scaling-law model (seed 003).
 *
 * theory/ and sim/ both take a model_desc, so the verifier can never compare a
 * formula with a simulation of a different model.  This header also owns the
 * coefficient spectrum (Eq. 19 / Eq. 8, or a user list) and its traces,
 * because both evaluators need them.
 *
 * Notation (spec scaling-theory.md):
 *   n  training samples, p  model parameters, d  output dimension,
 *   m  task input dimension, b  module input dimension, k  number of modules,
 *   c, omega  spectrum constants: lambda_i = c [i^-s - (i+1)^-s],
 *   s = omega^-m (monolithic, Eq. 19) or omega^-b (modular, Eq. 8).
 */
#ifndef MODLAW_MODEL_H
#define MODLAW_MODEL_H

#include "modlaw.h"

typedef enum { MODEL_MONO = 0, MODEL_MODULAR = 1 } model_arch;

/* Which closed form of Thm 2 (modular) to use:
 *  MODEL_FORM_EXACT:   derived from Lambda_bar = diag(I_mb, Lambda) with the
 *                      model controlling the first p coefficients, so
 *                      Tr(Lbar_2) = c (p - mb + 1)^-s.
 *  MODEL_FORM_PRINTED: Eq. 10/66 as printed: Tr(Lbar_2) = c (p + 1)^-s,
 *                      Tr(Lbar_1) = mb + c - c (p + 1)^-s, with F(dn, p) and
 *                      min(dn, p)/p.  This mixes the two readings below.
 *  MODEL_FORM_EQ5:     Eq. 5 read literally: each module has p parameters
 *                      theta_j and the projections add mb more, so the model
 *                      controls p + mb coefficients: Tr(Lbar_2) = c (p+1)^-s
 *                      (as printed) but F(dn, p + mb), min(dn, p + mb)/(p + mb).
 * Ignored for the monolithic model.  The simulation of EXACT and PRINTED is
 * the same model (p controlled); EQ5 simulates p + mb controlled. */
typedef enum { MODEL_FORM_EXACT = 0, MODEL_FORM_PRINTED = 1, MODEL_FORM_EQ5 = 2 } model_form;

typedef struct {
    model_arch arch;
    model_form form;
    long n, p, d, m, b, k;
    double c, omega;
    /* Optional exact decimal strings of c and omega (e.g. "1.15"): the Arb
     * path reads them exactly instead of the nearest doubles.  May be NULL. */
    const char *c_str, *omega_str;
    /* Optional general spectrum (Thm 1 "any diagonal Lambda"): nlambda
     * non-negative eigenvalues; coefficients beyond the list are zero.  When
     * set, it replaces Eq. 19 (mono) or Eq. 8 (the Lambda block of Lbar). */
    const double *lambda;
    long nlambda;
} model_desc;

/* A description with the paper's defaults: mono, exact form, d = 1, m = 1,
 * b = 1, k = 1, c = 1.15, omega = 1.57 ("1.15", "1.57"), n = p = 0 (unset). */
model_desc model_default(void);

/* Check every field; on error returns MODLAW_EINVAL with a message naming the
 * argument as the CLI spells it ("--p: ...").  Rules: n, p, d, m >= 1;
 * b, k >= 1; c > 0 finite; omega > 1 finite; modular needs m*b < p;
 * dn must not overflow; a spectrum list must be finite and >= 0. */
int model_validate(const model_desc *md);

/* The spectrum exponent s: omega^-m (mono) or omega^-b (modular). */
double model_exponent(const model_desc *md);

/* Number of identity-covariance coefficients in front of the spectrum:
 * 0 (mono) or m*b (modular, Lbar = diag(I_mb, Lambda)). */
long model_identity_block(const model_desc *md);

/* Number of coefficients the model controls (the "p" of Thm 1's F(dn, p)):
 * p, or p + mb for the modular EQ5 reading. */
long model_controlled(const model_desc *md);

/* The i-th eigenvalue (i >= 1) of the spectrum block Lambda (Eq. 19 or 8, or
 * the user list), computed without cancellation as
 * -c i^-s expm1(-s log1p(1/i)). */
double model_lambda(const model_desc *md, long i);

/* Variance of coefficient i (i >= 1) of the full target vector: lambda_i
 * (mono) or the i-th diagonal entry of Lbar = diag(I_mb, Lambda) (modular). */
double model_coef_var(const model_desc *md, long i);

/* sum_{l >= i} model_coef_var(md, l), exactly (telescoping for Eq. 19/8). */
double model_coef_tail(const model_desc *md, long i);

/* Traces of the full coefficient covariance (Lambda for mono, Lbar for
 * modular) split at the model's p controlled coefficients:
 *   tr1 = Tr(L_1) (first p), tr2 = Tr(L_2) (the rest).
 * For the power law these are closed forms (Eqs. 48-49, 63-64) evaluated with
 * expm1; the printed modular form uses Eq. 63-64 exactly as printed. */
int model_traces(double *tr1, double *tr2, const model_desc *md);

#endif
