/* theory_loss.c -- Thm 1 (Eqs. 1, 2, 47, 61) and Thm 2 (Eqs. 10, 11, 62-68)
 * of seed 003 in double precision. */
#include "theory.h"

#include <math.h>

void theory_loss_from_traces(double *train, double *test, long n, long d, long pc,
                             double tr1, double tr2, double F)
{
    long dn = d * n;
    long mn = dn < pc ? dn : pc;
    /* Eq. 2: (dn - min(dn,p))/n Tr(L_2) */
    *train = (double)(dn - mn) / (double)n * tr2;
    /* Eq. 1 rearranged: d [Tr(L_2)(F+1) + Tr(L_1)(1 - min/p)].  A zero
     * Tr(L_2) (finite user spectrum) makes the F term exactly 0 even when F
     * is infinite: the noise B W_2 is then identically zero. */
    double noise = tr2 > 0 ? tr2 * (F + 1.0) : 0.0;
    *test = (double)d * (noise + tr1 * (double)(pc - mn) / (double)pc);
}

int theory_loss(theory_loss_t *res, const model_desc *md)
{
    int rc = model_traces(&res->tr1, &res->tr2, md);
    if (rc) return rc;
    res->dn = md->d * md->n;
    res->pc = model_controlled(md);
    rc = theory_F(&res->F, res->dn, res->pc);
    if (rc) return rc;
    theory_loss_from_traces(&res->train, &res->test, md->n, md->d, res->pc,
                            res->tr1, res->tr2, res->F);
    return MODLAW_OK;
}
