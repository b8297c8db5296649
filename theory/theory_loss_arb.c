/* theory_loss_arb.c -- Thm 1 and Thm 2 of seed 003 in Arb ball arithmetic. */
#include "theory.h"

#include <stdlib.h>
#include <string.h>

/* Exact decimal inputs (--c 1.15) are parsed with arb_set_str.  The parse is
 * remembered per thread for the last string and precision of each parameter,
 * so repeated evaluations of one model (sweeps, benchmarks) do not redo it.
 * Zero-filled storage is a valid arb_t (value 0), so no init is needed; the
 * cached limbs live as long as the thread. */
typedef struct {
    char str[64];
    slong prec;
    arb_struct val;
} param_cache;

static _Thread_local param_cache pcache[2];

/* The exponent s = omega^-e, remembered per thread for the last (omega
 * string, e, prec), for the same reason. */
static _Thread_local struct {
    char omega[64];
    long e;
    slong prec;
    arb_struct s;
} scache;

static void exponent_arb(arb_t s, const arb_t om, const char *omega_str, long e, slong prec)
{
    int cacheable = omega_str && strlen(omega_str) < sizeof scache.omega;
    if (cacheable && scache.prec == prec && scache.e == e && strcmp(scache.omega, omega_str) == 0) {
        arb_set(s, &scache.s);
        return;
    }
    arb_pow_ui(s, om, (ulong)e, prec);
    arb_inv(s, s, prec);
    if (cacheable) {
        strcpy(scache.omega, omega_str);
        scache.e = e;
        scache.prec = prec;
        arb_set(&scache.s, s);
    }
}

static int read_param(arb_t x, const char *str, double val, int which, const char *name,
                      slong prec)
{
    if (!str) {
        arb_set_d(x, val);
        return MODLAW_OK;
    }
    param_cache *pc = &pcache[which];
    size_t len = strlen(str);
    if (len < sizeof pc->str && pc->prec == prec && strcmp(pc->str, str) == 0) {
        arb_set(x, &pc->val);
        return MODLAW_OK;
    }
    if (arb_set_str(x, str, prec) != 0)
        return modlaw_fail(MODLAW_EINVAL, "--%s: '%s' is not a number", name, str);
    if (len < sizeof pc->str) {
        memcpy(pc->str, str, len + 1);
        pc->prec = prec;
        arb_set(&pc->val, x);
    }
    return MODLAW_OK;
}

/* head(j) = c (1 - j^-s) = -c expm1(-s log j); tail(j) = c j^-s (Eqs. 48-49). */
static void power_head_tail(arb_t head, arb_t tail, const arb_t c, const arb_t s,
                            long j, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_log_ui(t, (ulong)j, prec);
    arb_mul(t, t, s, prec);
    arb_neg(t, t);
    arb_expm1(head, t, prec);               /* e = expm1(t) = j^-s - 1 */
    if (arf_cmp_si(arb_midref(t), -1) > 0) {
        /* j^-s = 1 + e >= 1/e: the sum loses at most ~1.5 bits, and one
         * transcendental evaluation is saved */
        arb_add_ui(tail, head, 1, prec);
    } else {
        arb_exp(tail, t, prec);
    }
    arb_neg(head, head);
    arb_mul(head, head, c, prec);
    arb_mul(tail, tail, c, prec);
    arb_clear(t);
}

int theory_traces_arb(arb_t tr1, arb_t tr2, const model_desc *md, slong prec)
{
    int rc = model_validate(md);
    if (rc) return rc;
    long mb = model_identity_block(md);
    long j = (md->arch == MODEL_MODULAR && md->form != MODEL_FORM_EXACT)
             ? md->p + 1 : md->p - mb + 1;
    arb_t head, tail;
    arb_init(head);
    arb_init(tail);
    if (md->lambda) {
        /* user spectrum: the doubles are exact binary numbers */
        arb_t x;
        arb_init(x);
        arb_zero(head);
        arb_zero(tail);
        for (long i = 1; i <= md->nlambda; i++) {
            arb_set_d(x, md->lambda[i - 1]);
            if (i < j) arb_add(head, head, x, prec);
            else arb_add(tail, tail, x, prec);
        }
        arb_clear(x);
    } else {
        arb_t c, om, s;
        arb_init(c); arb_init(om); arb_init(s);
        rc = read_param(c, md->c_str, md->c, 0, "c", prec);
        if (!rc) rc = read_param(om, md->omega_str, md->omega, 1, "omega", prec);
        if (!rc) {
            long e = md->arch == MODEL_MODULAR ? md->b : md->m;
            exponent_arb(s, om, md->omega_str, e, prec);   /* s = omega^-e */
            power_head_tail(head, tail, c, s, j, prec);
        }
        arb_clear(c); arb_clear(om); arb_clear(s);
    }
    if (!rc) {
        arb_add_si(tr1, head, mb, prec);
        arb_set(tr2, tail);
    }
    arb_clear(head);
    arb_clear(tail);
    return rc;
}

int theory_loss_arb(arb_t train, arb_t test, const model_desc *md, slong prec)
{
    arb_t tr1, tr2, t;
    arb_init(tr1); arb_init(tr2); arb_init(t);
    int rc = theory_traces_arb(tr1, tr2, md, prec);   /* validates md first */
    if (!rc) {
        long dn = md->d * md->n, pc = model_controlled(md);
        long mn = dn < pc ? dn : pc, gap = labs(dn - pc);
        /* Eq. 2: (dn - min)/n Tr(L_2); exactly 0 when dn <= p_c */
        if (dn == mn) {
            arb_zero(train);
        } else {
            arb_mul_si(train, tr2, dn - mn, prec);
            arb_div_si(train, train, md->n, prec);
        }
        /* Eq. 1 as d [Tr(L_2)(F+1) + Tr(L_1)(1 - min/p)], with the exact
         * rational F + 1 = (min + |dn-p| - 1)/(|dn-p| - 1) (App. D) */
        if (arb_is_zero(tr2)) {
            arb_zero(test);
        } else if (gap <= 1) {
            arb_pos_inf(test);            /* F = +inf (docs/F.md) */
        } else {
            arb_mul_si(test, tr2, mn + gap - 1, prec);
            arb_div_si(test, test, gap - 1, prec);
        }
        if (arb_is_finite(test)) {
            if (pc != mn) {               /* the Tr(L_1) term is exactly 0 when dn >= p_c */
                arb_mul_si(t, tr1, pc - mn, prec);
                arb_div_si(t, t, pc, prec);
                arb_add(test, test, t, prec);
            }
            arb_mul_si(test, test, md->d, prec);
        }
    }
    arb_clear(tr1); arb_clear(tr2); arb_clear(t);
    return rc;
}
