/* sim_dynamics.h -- full-batch gradient descent of one- and two-layer linear
 * networks (dense, output-split, fully split) on the compositional datasets
 * of seed 000 (Jarvis et al., arXiv 2409.14981), and the IDX reader and
 * CMNIST experiment (sim_idx.h).  Theory counterpart: theory/dynamics.h. */
#ifndef MODLAW_SIM_DYNAMICS_H
#define MODLAW_SIM_DYNAMICS_H

#include <stdint.h>
#include "dynamics.h"

typedef enum { SIM_DYN_BALANCED = 0, SIM_DYN_RANDOM = 1 } sim_dyn_init;

typedef struct {
    theory_dyn_data ds;
    theory_dyn_arch arch;
    int layers;                 /* 1 or 2                                        */
    long hidden;                /* hidden units per module (two layers); 0: auto */
                                /* = max(50, modes of the largest module)        */
    double eta;                 /* step size; loss 1/2 sum_i ||y_i - W x_i||^2    */
    double init;                /* balanced: pi0 of every analytic mode;          */
                                /* random: i.i.d. N(0, init/sqrt(H)) entries (two */
                                /* layers; N(0, init^2) for one), so a mode's     */
                                /* projection starts at magnitude ~ init          */
    sim_dyn_init init_kind;
    long steps;                 /* gradient steps                                 */
    long every;                 /* record every `every` steps (and the last)      */
    uint64_t seed;              /* random init: stream 0 of this seed             */
    const unsigned char *train; /* N flags (pattern j trained iff train[j]);      */
                                /* NULL: all patterns                             */
} sim_dyn_config;

typedef struct {
    long nrec, nmodes, P;
    int ngroups;
    theory_dyn_group groups[THEORY_DYN_MAX_GROUPS];
    int *mode_group;            /* [nmodes] group of each analytic mode           */
    double *pi0_eff;            /* [nmodes] effective initial strength: for two   */
                                /* layers |W1 v + W2^T u|^2 / 4 (docs Sec. 3),     */
                                /* for one layer u^T W(0) v                        */
    long *t;                    /* [nrec] step of each record                      */
    double *mode;               /* [nrec x nmodes] u_m^T W(t) v_m                 */
    double *group;              /* [nrec x ngroups] mean over each group's modes  */
    double *block_comp;         /* [nrec] ||W_{Omega_y <- Omega_x}||_F             */
    double *block_id;           /* [nrec] ||W_{Omega_y <- Gamma_x}||_F             */
    double share;               /* identity inputs' share of the compositional   */
                                /* outputs on the training patterns (end)         */
    double heldout;             /* mean ||Omega_y part of (W x_w - y_w)||^2 over   */
                                /* held-out patterns (end; 0 if none)             */
    long nheld;
    double train_loss;          /* 1/2 sum over training patterns (end)           */
} sim_dyn_result;

/* Number of records sim_dyn_run will make for (steps, every). */
long sim_dyn_nrec(long steps, long every);

/* Run full-batch GD (BLAS-3: dgemm on the data matrices of each module; the
 * modules' parameters are disjoint, so each is trained on its own output
 * rows), recording the projections of the network map on the analytic
 * singular vectors of theory_dyn_vectors.  Returns MODLAW_EINVAL for bad
 * configurations (message names the flag), MODLAW_ENUM if GD diverges. */
int sim_dyn_run(sim_dyn_result *res, const sim_dyn_config *cfg);
void sim_dyn_free(sim_dyn_result *res);

/* A random training mask: `nheld` of the N patterns held out (chosen by a
 * Fisher-Yates shuffle on stream 1 of `seed`), resampled until the kept
 * patterns' Omega_T has full row rank n1 (at most 100 tries). */
int sim_dyn_holdout_mask(unsigned char *train, const theory_dyn_data *ds, long nheld,
                         uint64_t seed);

#endif
