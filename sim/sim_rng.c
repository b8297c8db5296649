/* sim_rng.c -- xoshiro256++ (Blackman & Vigna 2019) seeded with splitmix64,
 * normals by the 256-layer ziggurat (Marsaglia & Tsang 2000, JSS 5(8), in
 * Doornik's 2005 "ZIGNOR" form, which removes the correlation between layer
 * index and value by drawing them from disjoint bits), gamma by Marsaglia &
 * Tsang (2000, ACM TOMS 26(3)), chi^2 with 1 and 2 degrees of freedom
 * directly (z^2 and -2 log U). */
#include "sim.h"

#include <math.h>
#include <pthread.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void sim_rng_seed(sim_rng *r, uint64_t seed, uint64_t stream)
{
    /* Hash (seed, stream) into the splitmix state so that nearby seeds and
     * streams give unrelated xoshiro states. */
    uint64_t x = seed;
    uint64_t h = splitmix64(&x);
    x = h ^ (stream * 0xD1B54A32D192ED03ULL + 0x8CB92BA72F3D8DD7ULL);
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t next_u64(sim_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[0] + s[3], 23) + s[0];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t sim_rng_u64(sim_rng *r) { return next_u64(r); }

static inline double next_uniform(sim_rng *r)
{
    /* 53 random bits, shifted by half an ulp so 0 is never returned */
    return ((double)(next_u64(r) >> 11) + 0.5) * 0x1.0p-53;
}

double sim_rng_uniform(sim_rng *r) { return next_uniform(r); }

/* ---- ziggurat tables --------------------------------------------------------
 * 256 layers of equal area v under f(x) = exp(-x^2/2), x >= 0; x_1 = R is the
 * start of the tail, x_0 = v/f(R) the width of the base strip (rectangle plus
 * tail), x_256 = 0.  Marsaglia & Tsang (2000), Table 1: R, v for N = 256. */
#define ZIG_N 256
#define ZIG_R 3.6541528853610088
#define ZIG_V 4.92867323399e-3

static double zig_x[ZIG_N + 1];   /* layer right edges x_i                   */
static double zig_ratio[ZIG_N];   /* x_{i+1} / x_i: fast-accept threshold     */
static pthread_once_t zig_once = PTHREAD_ONCE_INIT;

static void zig_init(void)
{
    double f = exp(-0.5 * ZIG_R * ZIG_R);
    zig_x[0] = ZIG_V / f;
    zig_x[1] = ZIG_R;
    zig_x[ZIG_N] = 0.0;
    for (int i = 2; i < ZIG_N; i++) {
        zig_x[i] = sqrt(-2.0 * log(ZIG_V / zig_x[i - 1] + f));
        f = exp(-0.5 * zig_x[i] * zig_x[i]);
    }
    for (int i = 0; i < ZIG_N; i++) zig_ratio[i] = zig_x[i + 1] / zig_x[i];
}

/* Tail beyond R (Marsaglia 1964): x = -log(U1)/R, accept if -2 log U2 > x^2. */
static double zig_tail(sim_rng *r, int negative)
{
    double x, y;
    do {
        x = log(next_uniform(r)) / ZIG_R;
        y = log(next_uniform(r));
    } while (-2.0 * y < x * x);
    return negative ? x - ZIG_R : ZIG_R - x;
}

static inline double zig_normal(sim_rng *r)
{
    for (;;) {
        uint64_t b = next_u64(r);
        int i = (int)(b & 0xff);                                /* bits 0..7   */
        double u = 2.0 * ((double)(b >> 11) * 0x1.0p-53) - 1.0; /* bits 11..63 */
        if (fabs(u) < zig_ratio[i]) return u * zig_x[i];        /* ~99.3%      */
        if (i == 0) return zig_tail(r, u < 0.0);
        double x = u * zig_x[i];
        double f0 = exp(-0.5 * (zig_x[i] * zig_x[i] - x * x));
        double f1 = exp(-0.5 * (zig_x[i + 1] * zig_x[i + 1] - x * x));
        if (f1 + next_uniform(r) * (f0 - f1) < 1.0) return x;
    }
}

double sim_rng_normal(sim_rng *r)
{
    pthread_once(&zig_once, zig_init);
    return zig_normal(r);
}

void sim_rng_normal_fill(sim_rng *r, double *x, long n)
{
    pthread_once(&zig_once, zig_init);
    for (long i = 0; i < n; i++) x[i] = zig_normal(r);
}

/* Marsaglia & Tsang (2000): for shape a >= 1, d = a - 1/3, c = 1/sqrt(9d),
 * X = d (1 + c Z)^3 is accepted with the exact log-density ratio test (a
 * cheap squeeze first).  Shape < 1 via Gamma(a) = Gamma(a+1) U^(1/a). */
static double gamma_mt(sim_rng *r, double shape)
{
    if (shape < 1.0) {
        double u = next_uniform(r);
        return gamma_mt(r, shape + 1.0) * pow(u, 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = zig_normal(r);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = next_uniform(r);
        double x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
        if (log(u) < 0.5 * x2 + d * (1.0 - v + log(v))) return d * v;
    }
}

double sim_rng_gamma(sim_rng *r, double shape)
{
    pthread_once(&zig_once, zig_init);
    return gamma_mt(r, shape);
}

double sim_rng_chisq(sim_rng *r, double k)
{
    pthread_once(&zig_once, zig_init);
    if (k == 1.0) {
        double z = zig_normal(r);
        return z * z;
    }
    if (k == 2.0) return -2.0 * log(next_uniform(r));
    return 2.0 * gamma_mt(r, 0.5 * k);
}

/* n chi^2 draws with degrees of freedom k[0..n-1], in order: the same values
 * as n successive sim_rng_chisq(r, k[i]) calls (same stream consumption),
 * without the per-call overhead (used by the bidiagonal sampler). */
void sim_rng_chisq_fill(sim_rng *r, double *out, const double *k, long n)
{
    pthread_once(&zig_once, zig_init);
    for (long i = 0; i < n; i++) {
        double ki = k[i];
        if (ki == 1.0) {
            double z = zig_normal(r);
            out[i] = z * z;
        } else if (ki == 2.0) {
            out[i] = -2.0 * log(next_uniform(r));
        } else {
            out[i] = 2.0 * gamma_mt(r, 0.5 * ki);
        }
    }
}
