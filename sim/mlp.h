/* mlp.h -- a small, fast engine for the nonlinear networks of seed 003
 * (Boopathy et al., "Breaking neural network scaling laws with modularity",
 * Sec. 4.2 and App. E), the sine-wave tasks (Eqs. 69, 71), the kernel-based
 * module learning rule (Alg. 1, Eqs. 16, 73, 74) and the sample-complexity
 * binary search (Alg. 2).
 *
 * Networks (double precision, BLAS-3 through OpenBLAS cblas_dgemm):
 *   SIM_MLP_MONO     dense ReLU MLP R^m -> R with `layers` linear layers of
 *                    hidden width `width`, no ReLU after the last layer.
 *   SIM_MLP_MODULAR  Eq. 72: yhat(x) = sum_{j=1..K} f_j(s_j(x)), each f_j a
 *                    scalar-in / scalar-out ReLU MLP with `layers` linear
 *                    layers, and s_j(x) = u_j^T x (SIM_MLP_INPUT_PROJ) or
 *                    ||u_j - x||_2 (SIM_MLP_INPUT_DIST, the Eq. 71 variant).
 *                    The K projections u_j (K x m) are trainable parameters.
 *
 * Parameters live in one flat array (layout documented in sim_mlp.c), so the
 * optimizer (Adam) is a separate function over flat arrays, llm.c style.
 * Loss: MSE (1/B) sum_b (yhat_b - y_b)^2.
 *
 * Randomness: initialisation and mini-batch order come from sim_rng streams;
 * a run is bit-reproducible for a given seed and thread count.
 */
#ifndef MODLAW_SIM_MLP_H
#define MODLAW_SIM_MLP_H

#include <stdint.h>
#include "sim.h"

typedef enum { SIM_MLP_MONO = 0, SIM_MLP_MODULAR = 1 } sim_mlp_kind;
typedef enum { SIM_MLP_INPUT_PROJ = 0, SIM_MLP_INPUT_DIST = 1 } sim_mlp_input;

typedef struct {
    sim_mlp_kind kind;
    sim_mlp_input input;  /* modular only                                     */
    long in_dim;          /* m                                                */
    long width;           /* hidden width W (>= 1)                            */
    long layers;          /* linear layers per network / per module (>= 1)   */
    long modules;         /* K (modular only)                                 */
} sim_mlp_arch;

typedef struct sim_mlp sim_mlp;

/* Allocate a network for batches of up to max_batch rows (activations are
 * preallocated: no allocation in the training loop).  Parameters are zero
 * until sim_mlp_init. */
int sim_mlp_alloc(sim_mlp **net, const sim_mlp_arch *a, long max_batch);
void sim_mlp_free(sim_mlp *net);

/* Modular nets cache every module's activations when that takes at most
 * `bytes` (default 256 MB) and otherwise recompute each module's forward pass
 * in the backward pass.  Applies to networks allocated afterwards. */
void sim_mlp_set_cache_limit(double bytes);

/* Number of trainable parameters (the length of the flat arrays). */
long sim_mlp_nparams(const sim_mlp *net);

/* Parameter count as seed 003 App. E.2 counts it: the input dimension is
 * treated as m = 1 (for modular nets each projection counts 1 per module). */
long sim_mlp_paper_params(const sim_mlp_arch *a);

double *sim_mlp_params(sim_mlp *net);
double *sim_mlp_grads(sim_mlp *net);
const sim_mlp_arch *sim_mlp_get_arch(const sim_mlp *net);

/* The K x m projection block (row j = u_j) inside the parameter array, or
 * NULL for a monolithic net. */
double *sim_mlp_projections(sim_mlp *net);

/* PyTorch's nn.Linear default initialisation, W and b ~ U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in)); modular projections u_j uniform on the unit sphere. */
void sim_mlp_init(sim_mlp *net, sim_rng *rng);

/* Forward pass: yhat[0..B-1] for inputs x (B x m, row-major), B <= max_batch. */
int sim_mlp_forward(double *yhat, sim_mlp *net, const double *x, long B);

/* Forward + backward of the MSE loss on (x, y): returns the loss in *loss and
 * overwrites the gradient array with d loss / d params. */
int sim_mlp_loss_grad(double *loss, sim_mlp *net, const double *x, const double *y, long B);

/* MSE of the net on n points (evaluated in chunks of max_batch). */
int sim_mlp_eval(double *loss, sim_mlp *net, const double *x, const double *y, long n);

/* ---- Adam (Kingma & Ba 2015, Alg. 1, PyTorch defaults) --------------------- */
typedef struct {
    double lr, beta1, beta2, eps;
    long t;               /* steps taken                                      */
    double *m, *v;        /* first / second moments, length n                 */
    long n;
} sim_mlp_adam;

int sim_mlp_adam_alloc(sim_mlp_adam *opt, long n, double lr);
void sim_mlp_adam_free(sim_mlp_adam *opt);
/* One step: t += 1; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps). */
void sim_mlp_adam_step(sim_mlp_adam *opt, double *params, const double *grads);

/* ---- training --------------------------------------------------------------- */
typedef struct {
    long iters;           /* optimizer steps                                  */
    double lr;            /* Adam learning rate                               */
    long batch;           /* mini-batch size; 0 or >= n: full batch           */
    int freeze_proj;      /* modular: keep the projections fixed              */
} sim_mlp_train_opts;

/* Train `net` (already initialised) on (x, y), n points, with Adam on the MSE
 * loss.  Mini-batches are consecutive slices of a fresh permutation each epoch
 * (drawn from rng).  *final_train = MSE on the whole training set at the end. */
int sim_mlp_train(double *final_train, sim_mlp *net, const double *x, const double *y,
                  long n, const sim_mlp_train_opts *o, sim_rng *rng);

/* ---- tasks: sine-wave regression (Eq. 69) and its nonlinear variant (Eq. 71) */
typedef enum { SIM_MLP_TASK_SINE = 0, SIM_MLP_TASK_SINE_DIST = 1 } sim_mlp_task_kind;

typedef struct {
    sim_mlp_task_kind kind;
    long k, m, tau;
    double *a, *w, *phi;  /* k x tau each                                     */
    double *u;            /* k x m, rows uniform on the unit sphere           */
} sim_mlp_task;

/* Draw one target function: a_ij ~ N(0,1), w_ij ~ N(0, 4 pi^2),
 * phi_ij ~ U(-pi, pi), u_i uniform on S^{m-1}. */
int sim_mlp_task_alloc(sim_mlp_task **t, sim_mlp_task_kind kind, long k, long m, long tau, sim_rng *rng);
void sim_mlp_task_free(sim_mlp_task *t);

/* y[i] = 1/sqrt(k) sum_i sum_j a_ij sin(w_ij s_i(x) + phi_ij), s_i(x) = u_i^T x
 * (Eq. 69) or ||u_i - x|| (Eq. 71), for the n rows of x (n x m). */
int sim_mlp_task_eval(double *y, const sim_mlp_task *t, const double *x, long n);

/* Draw n inputs x ~ N(0, I_m) (n x m) and their targets. */
int sim_mlp_task_sample(double *x, double *y, const sim_mlp_task *t, long n, sim_rng *rng);

/* ---- Alg. 1: kernel-norm minimisation for one module projection ------------ */
typedef enum { SIM_MLP_KERNEL_PROJ = 0, SIM_MLP_KERNEL_DIST = 1 } sim_mlp_kernel_kind;

typedef struct {
    sim_mlp_kernel_kind kind; /* Eq. 73 (U = (u, v)) or Eq. 74 (U = u)           */
    double sigma;         /* kernel width [1]                                 */
    double jitter;        /* added to K's diagonal before Cholesky [1e-2]     */
    long batch;           /* b [128]                                          */
    long iters;           /* [1000]                                           */
    double lr;            /* eta [0.1]                                        */
    int sphere;           /* Eq. 74 only: project u back onto the unit sphere */
                          /* after each step (our variant, not in the paper;  */
                          /* the true u_i lie on it) [0]                      */
} sim_mlp_kernel_opts;

sim_mlp_kernel_opts sim_mlp_kernel_default_opts(sim_mlp_kernel_kind kind);

/* L(U) = y^T (K + jitter I)^{-1} y on the b points (x: b x m) and its
 * gradient: gu (m) and, for Eq. 73, gv (m; may be NULL for Eq. 74).
 * Cholesky by LAPACKE_dpotrf; returns MODLAW_ENUM if K is not positive
 * definite even with the jitter.  `work` needs sim_mlp_kernel_work_size(b, m). */
long sim_mlp_kernel_work_size(long b, long m);
int sim_mlp_kernel_objective(double *L, double *gu, double *gv, const sim_mlp_kernel_opts *o,
                         const double *u, const double *v, const double *x,
                         const double *y, long b, long m, double *work);

/* Alg. 1: from the initial u (and v for Eq. 73) run o->iters gradient steps
 * on random batches of b training points drawn (without replacement within a
 * batch) from (x, y) of n points.  If `trace` is non-NULL, trace[it] receives
 * the objective at iteration it.  u, v are updated in place. */
int sim_mlp_kernel_learn(double *u, double *v, double *trace, const sim_mlp_kernel_opts *o,
                     const double *x, const double *y, long n, long m, sim_rng *rng);

/* The same, also storing the projection after each step in hist
 * ((iters + 1) x m, row 0 = the initial u) when hist is non-NULL. */
int sim_mlp_kernel_learn_hist(double *u, double *v, double *trace, double *hist,
                          const sim_mlp_kernel_opts *o, const double *x, const double *y,
                          long n, long m, sim_rng *rng);

/* Learn K projections (rows of U, K x m) with K random initialisations, run
 * in parallel over modules (stream j of `seed` for module j).  For Eq. 73 the
 * rows are normalised to unit length (the kernel is invariant to the scale of
 * u); for Eq. 74 u is a location and is returned as is.  If sim_trace is
 * non-NULL (iters+1 values) it receives the similarity score of the K
 * current projections against true_u (k x m) after each iteration (index 0:
 * at initialisation) -- Fig. 5. */
int sim_mlp_kernel_learn_all(double *U, double *sim_trace, long K, const sim_mlp_kernel_opts *o,
                         const double *x, const double *y, long n, long m,
                         const double *true_u, long k, uint64_t seed);

/* Similarity score (seed 003 App. E.3): mean over the K learned directions of
 * the max over the k true directions of |cos(u_hat_i, u_j)|. */
double sim_mlp_similarity(const double *U_hat, long K, const double *U, long k, long m);

/* ---- Alg. 2: binary search for the sample complexity ----------------------- */
/* Train on n samples and return the test loss in *loss. */
typedef int (*sim_mlp_samples_fn)(double *loss, long n, void *ctx);

typedef struct {
    double eps;           /* desired test error [1.5]                          */
    long B;               /* binary-search iterations [18]                     */
    double c0;            /* first guess log2 n [12]                           */
    double cmax;          /* cap on log2 n [22]                                */
    double tol;           /* stop when r - l < tol [0.3]                       */
} sim_mlp_samples_opts;

sim_mlp_samples_opts sim_mlp_samples_default_opts(void);

/* Alg. 2.  Returns *n_out = round(2^r), the smallest tried n that reached eps (see
 * sim_samples.c for why not 2^c as printed), and, if trace_c /
 * trace_loss are non-NULL (B entries), the sequence of tried log2 n and
 * losses; *ntrace = number of training runs made.  When the loss at the cap
 * 2^cmax is still above eps, *n_out = +inf ("not reached"). */
int sim_mlp_samples_search(double *n_out, double *trace_c, double *trace_loss, long *ntrace,
                       const sim_mlp_samples_opts *o, sim_mlp_samples_fn train, void *ctx);

/* ---- one experiment: draw a task, train a network, measure ---------------- */
typedef enum {
    SIM_MLP_METHOD_MONO = 0,     /* monolithic MLP, random init                      */
    SIM_MLP_METHOD_MODULAR = 1,  /* modular net (Eq. 72), random projections         */
    SIM_MLP_METHOD_OURS = 2,     /* modular net, projections from Alg. 1, all trained */
    SIM_MLP_METHOD_TRUE = 3,     /* ablation (Fig. 9): projections = the true u_i    */
    SIM_MLP_METHOD_OURS_FIXED = 4/* ablation (Fig. 9): Alg. 1 projections, frozen    */
} sim_mlp_method;

typedef struct {
    sim_mlp_task_kind task;
    sim_mlp_method method;
    long k, m, tau;           /* task                                          */
    long n, ntest;            /* training / test points                        */
    long width, layers;       /* per network (mono) or per module (modular)    */
    long modules;             /* K; 0 = 5k (seed 003 App. E.3)                 */
    long iters, batch;        /* batch 0 = full batch                          */
    double lr;
    sim_mlp_kernel_opts kr;       /* Alg. 1 (kind is set from the task)            */
    uint64_t seed;
} sim_mlp_exp_cfg;

typedef struct {
    double train, test;       /* final MSE on the training / test set          */
    double similarity;        /* modular: score of the final projections; NaN  */
    double similarity_init;   /* ... of the initial projections (after Alg. 1) */
    double seconds;           /* wall time of the whole run                    */
    long params, paper_params;/* trainable parameters; as the paper counts     */
} sim_mlp_exp_result;

/* Defaults = the paper's settings (App. E.2-E.3): sine task, k = m = 5,
 * tau = 3, n = 1000, ntest = 2000, width 32, layers 5 (mono) / 4 (modular),
 * K = 5k, Adam lr 0.01, 10000 iterations (mono) / 1000 (modular), full batch,
 * Alg. 1 with b = 128, 1000 iterations, lr 0.1, sigma 1. */
sim_mlp_exp_cfg sim_mlp_exp_default(sim_mlp_method method);

/* Seeded streams: 0 task, 1 training inputs, 2 test inputs, 3 network init,
 * 4 mini-batches; Alg. 1 module j uses stream j of a derived seed.  The task
 * and data therefore do not depend on the method: methods compared at one
 * seed see the same target function and the same points, and the training
 * set for n is a prefix of the one for any larger n. */
int sim_mlp_exp_run(sim_mlp_exp_result *res, const sim_mlp_exp_cfg *cfg);

#endif
