/* dynamics.h -- learning trajectories of linear networks on the compositional
 * dataset family of Jarvis, Klein, Rosman & Saxe, "On the Specialization of
 * Neural Modules" (arXiv 2409.14981, seed 000), with the exact solutions of
 * Saxe, McClelland & Ganguli (ICLR 2014).  Derivations: docs/dynamics.md.
 *
 * Layout conventions: matrices are row-major; X is n_in x N (one column per
 * input pattern), Y is n_out x N.  Pattern j (0 <= j < N = 2^n1) has
 * compositional features Omega_x[i][j] = 1 - 2 * bit_i(j).
 */
#ifndef MODLAW_THEORY_DYNAMICS_H
#define MODLAW_THEORY_DYNAMICS_H

#include <arb.h>
#include "modlaw.h"

/* The dataset family (n1, n2, k1, k2, r) of seed 000 (spec Sec. 1). */
typedef struct {
    long n1, n2;   /* compositional input features / output rows, 1 <= n2 <= n1 */
    long k1, k2;   /* copies of r I_N stacked under Omega_x / Omega_y, >= 0      */
    double r;      /* identity scale, >= 0                                        */
} theory_dyn_data;

/* Largest n1 accepted (N = 2^n1 patterns) and largest k1, k2. */
#define THEORY_DYN_N1_MAX 10
#define THEORY_DYN_K_MAX 64
#define THEORY_DYN_R_MAX 1e3

typedef enum {
    THEORY_DYN_DENSE = 0,     /* X -> hidden -> Y, one module                   */
    THEORY_DYN_OUTSPLIT = 1,  /* module c: X -> Omega_y; module i: X -> identity */
    THEORY_DYN_SPLIT = 2      /* module c: Omega_x -> Omega_y; module i as above */
} theory_dyn_arch;

/* A module: which input rows it sees and which output rows it produces. */
typedef struct {
    char name;        /* 'd' (dense), 'c' (compositional), 'i' (identity)    */
    int in_comp;      /* sees the n1 rows Omega_x                            */
    int in_id;        /* sees the k1 N identity rows                         */
    int out_comp;     /* produces the n2 rows Omega_y                        */
    int out_id;       /* produces the k2 N identity rows                     */
} theory_dyn_module;

/* A group of degenerate modes of one module: subspace 1 = span of the Omega_y
 * rows (n2 modes), 2 = the other Omega_x rows (n1 - n2), 3 = the Walsh
 * functions of order 0 and >= 2 (N - n1).  Only groups with s > 0 exist. */
typedef struct {
    char label[4];    /* "s1".."s3" (dense), "c1", "i1".."i3" (split archs) */
    int module;       /* index into the architecture's modules              */
    int subspace;     /* 1, 2 or 3                                          */
    long mult;        /* multiplicity                                       */
    double s;         /* singular value of the module's Sigma_yx             */
    double d;         /* eigenvalue of its Sigma_xx on the right vector      */
} theory_dyn_group;

#define THEORY_DYN_MAX_MODULES 2
#define THEORY_DYN_MAX_GROUPS 6

/* Validate a dataset (messages name --n1, --n2, --k1, --k2, --r). */
int theory_dyn_check(const theory_dyn_data *ds);

/* N = 2^n1, input rows n1 + k1 N, output rows n2 + k2 N. */
long theory_dyn_npatterns(const theory_dyn_data *ds);
long theory_dyn_nin(const theory_dyn_data *ds);
long theory_dyn_nout(const theory_dyn_data *ds);

/* The data matrices of spec Sec. 1: X = [Omega_x; r I; ...] (nin x N) and
 * Y = [Omega_y; r I; ...] (nout x N), row-major.  Either may be NULL. */
int theory_dyn_dataset(double *X, double *Y, const theory_dyn_data *ds);

/* The modules of an architecture (spec Sec. 4).  For the split archs the
 * identity module exists only when k2 > 0.  Returns the count in *nm. */
int theory_dyn_modules(theory_dyn_module *mods, int *nm, const theory_dyn_data *ds,
                       theory_dyn_arch arch);

/* The analytic mode groups (spec Sec. 2, derived in docs/dynamics.md Sec. 2):
 * for a module whose inputs give X_I^T X_I = a_x N P_x + b_x I and outputs
 * Y_O^T Y_O = a_y N P_y + b_y I, on subspace k with e_x, e_y the eigenvalues
 * of these two commuting N x N matrices, s = sqrt(e_x e_y)/N and d = e_x/N.
 * For the dense net: s1 = sqrt((k1r^2+N)(k2r^2+N))/N [n2],
 * s2 = sqrt((k1r^2+N)k2r^2)/N [n1-n2], s3 = sqrt(k1k2) r^2/N [N-n1]. */
int theory_dyn_groups(theory_dyn_group *g, int *ng, const theory_dyn_data *ds,
                      theory_dyn_arch arch);

/* s and d of group number gi (theory_dyn_groups' order) in ball arithmetic;
 * r is taken as the exact binary value of ds->r. */
int theory_dyn_group_arb(arb_t s, arb_t d, const theory_dyn_data *ds,
                         theory_dyn_arch arch, int gi, slong prec);

/* Number of analytic modes (sum of multiplicities) of an architecture. */
long theory_dyn_nmodes(const theory_dyn_data *ds, theory_dyn_arch arch);

/* The analytic singular vectors in full coordinates: column m of U (nout x
 * nmodes, row-major, ld nmodes) and V (nin x nmodes) are the unit left/right
 * vectors of mode m, zero outside its module's rows; group[m] is the index of
 * its group in theory_dyn_groups' order.  Right vector v = X_I b / |X_I b|,
 * left u = Y_O b / |Y_O b|, b the normalized Walsh function of the mode. */
int theory_dyn_vectors(double *U, double *V, int *group, const theory_dyn_data *ds,
                       theory_dyn_arch arch);

/* The normalized Walsh basis (N x N row-major, column c is basis vector c),
 * ordered: Omega_y rows, other Omega_x rows, then the rest (constant first,
 * then increasing subset mask). */
int theory_dyn_walsh(double *B, const theory_dyn_data *ds);

/* Mode strength at time t_tau = t / tau (tau = 1/(P eta), t in steps) from
 * pi0 (Saxe et al. 2014, Eq. 6 for layers = 2; linear ODE for layers = 1):
 *   two-layer (tau dpi/dt = 2 pi (s - d pi)):
 *       pi = s pi0 / (d pi0 (1 - e^{-2 s t}) + s e^{-2 s t}),  s = 0: pi0/(1 + 2 d pi0 t)
 *   one-layer (tau dpi/dt = s - d pi):
 *       pi = (s/d)(1 - e^{-d t}) + pi0 e^{-d t},               d = 0: pi0 + s t
 * Requires s, d >= 0, t_tau >= 0, and pi0 >= 0 for two layers. */
int theory_dyn_strength(double *pi, double s, double d, double pi0, double t_tau, int layers);
int theory_dyn_strength_arb(arb_t pi, const arb_t s, const arb_t d, const arb_t pi0,
                            const arb_t t_tau, int layers, slong prec);

/* Exact discrete-step solution for one layer (full-batch GD, step eta, P
 * samples, h = P eta): pi_t = s/d + (pi0 - s/d)(1 - h d)^t (d = 0: pi0 + s h t).
 * For two layers from balanced init the exact recursion is the scalar map
 * a <- a + h a (s - d a^2), pi = a^2 (docs/dynamics.md Sec. 3). */
int theory_dyn_strength_discrete(double *pi, double s, double d, double pi0, double h,
                                 long steps, int layers);

/* The same at the record times t[0] <= t[1] <= ... <= t[nrec-1], written to
 * pi[k * stride]: one pass of the recursion (O(t[nrec-1]) work, not
 * O(sum t)), bit-identical to separate theory_dyn_strength_discrete calls. */
int theory_dyn_strength_discrete_path(double *pi, long stride, const long *t, long nrec,
                                      double s, double d, double pi0, double h, int layers);

/* Converged compositional predictions (spec Sec. 4, docs/dynamics.md Sec. 4):
 * ratio = ||W_{Omega_y <- Gamma_x}||_F / ||W_{Omega_y <- Omega_x}||_F
 *       = sqrt(k1 r^2 / N) (dense, outsplit; at all times), 0 (split);
 * share = identity inputs' share of each trained compositional output
 *       = k1 r^2 / (N + k1 r^2) (dense, outsplit), 0 (split). */
int theory_dyn_share(double *ratio, double *share, const theory_dyn_data *ds,
                     theory_dyn_arch arch);

/* Block norms of the compositional output rows when every mode of the first
 * group (s1 / c1) has strength pi (docs Sec. 4):
 *   comp = ||W_{Omega_y <- Omega_x}||_F = sqrt(n2) pi sqrt(N/e_x) sqrt(N/e_y),
 *   id   = ||W_{Omega_y <- Gamma_x}||_F = ratio * comp,
 * with e_x, e_y the module's eigenvalues on the Omega_y subspace. */
int theory_dyn_blocks(double *comp, double *id, const theory_dyn_data *ds,
                      theory_dyn_arch arch, double pi);

/* Held-out compositional error (spec Sec. 4): train on the patterns with
 * train[j] != 0; for a held-out pattern w the converged error is
 * ||Sel (I - G (G + c I)^+) w||^2 with G = Omega_T Omega_T^T, c = k1 r^2
 * (dense, outsplit) or c = 0 (split; 0 when G has full rank).  Returns the
 * mean over held-out patterns (err) and their count (nheld); err = 0 if none. */
int theory_dyn_heldout(double *err, long *nheld, const theory_dyn_data *ds,
                       theory_dyn_arch arch, const unsigned char *train);

/* Names: "dense", "outsplit", "split". */
const char *theory_dyn_arch_name(theory_dyn_arch arch);

#endif
