/* sim_idx.h -- MNIST-format IDX files (gzip-compressed or plain, read with
 * zlib) and the CMNIST experiment of seed 000 (Jarvis et al., arXiv
 * 2409.14981, Sec. 5): three digit images side by side (28 x 84) with
 * compositional labels, dense vs output-split convolutional nets trained by
 * plain SGD on a squared-error loss.  Manual: docs/dynamics.md Sec. 8. */
#ifndef MODLAW_SIM_IDX_H
#define MODLAW_SIM_IDX_H

#include <stdint.h>
#include "modlaw.h"

/* An unsigned-byte IDX array (type code 0x08), 1 to 3 dimensions. */
typedef struct {
    int ndim;
    long dims[3];
    long count;            /* dims[0]                                       */
    long item;             /* product of dims[1..]: bytes per item (1 for   */
                           /* label files)                                  */
    unsigned char *data;   /* count * item bytes                            */
} sim_idx;

/* Largest accepted file content (bytes) and dimension. */
#define SIM_IDX_MAX_BYTES (1L << 31)

/* Read `path` (gzip or plain: zlib's gzread handles both).  Errors name
 * `what` (e.g. "--train-images"): missing file, bad magic, non-ubyte type,
 * dimensions out of range, truncated or over-long data. */
int sim_idx_read(sim_idx *x, const char *path, const char *what);
void sim_idx_free(sim_idx *x);

/* ---- CMNIST ---------------------------------------------------------------- */
typedef enum { SIM_CMNIST_DENSE = 0, SIM_CMNIST_SPLIT = 1 } sim_cmnist_arch;

typedef struct {
    const char *train_images, *train_labels, *test_images, *test_labels;
    long ntrain;            /* training composites (paper 20000)              */
    long ntest;             /* test composites from the test set (paper 3333) */
    long epochs;            /* paper 300                                      */
    long batch;             /* paper 16                                       */
    double lr;              /* paper 2e-3                                     */
    double r;               /* identity-output scale (paper 10)               */
    double init_sd;         /* weights N(0, init_sd^2), biases 0 (paper 0.01) */
                            /* 0: He init N(0, 2/fan_in) for the convolutions */
                            /* and a zero readout instead                     */
    long channels;          /* dense: channels per conv layer (paper 32);     */
                            /* split: each of the two branches has half       */
    sim_cmnist_arch arch;
    double holdout;         /* fraction of the 1000 digit triples never       */
                            /* trained on (0: the paper's protocol)           */
    uint64_t seed;          /* init: stream 0; shuffles: stream 1; held-out   */
                            /* triples: stream 2                              */
} sim_cmnist_config;

typedef struct {
    long epoch;
    double train_loss;      /* mean over the epoch of 1/2 ||y - yhat||^2      */
    double seen_digit, seen_all;  /* test composites whose triple was trained: */
                                  /* per-digit accuracy, all-three accuracy    */
    double held_digit, held_all;  /* test composites of held-out triples      */
    long nseen, nheld;
    long ntrain;            /* training composites used (held-out triples     */
                            /* are skipped, so this can be below --ntrain)    */
    double seconds;         /* wall time since the start                      */
} sim_cmnist_epoch;

/* Optional progress callback, called after each epoch (may be NULL). */
typedef void (*sim_cmnist_progress)(const sim_cmnist_epoch *e, void *arg);

/* Build the composites, train, and evaluate after every epoch into
 * out[0..epochs-1].  Accuracy: argmax of each 10-way block of the first 30
 * outputs vs the true digit.  Returns MODLAW_EINVAL for bad settings or
 * files (message names the flag), MODLAW_ENUM if training diverges. */
int sim_cmnist_run(sim_cmnist_epoch *out, const sim_cmnist_config *c,
                   sim_cmnist_progress progress, void *arg);

/* Test hook: backpropagation vs central finite differences of the loss
 * 1/2 ||yhat - y||^2 on one random composite input and target, at `nprobe`
 * random parameters spread over every layer (init N(0, init_sd^2), random
 * biases).  *max_err = max |g_bp - g_fd| / (|g_fd| + 1e-3 max|g|). */
int sim_cmnist_gradcheck(double *max_err, sim_cmnist_arch arch, long channels, double init_sd,
                         long nprobe, uint64_t seed);

#endif
