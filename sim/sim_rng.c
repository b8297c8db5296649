/* sim_rng.c -- xoshiro256++ (Blackman & Vigna 2019) seeded with splitmix64,
 * normals by the Marsaglia polar method, gamma by Marsaglia & Tsang (2000). */
#include "sim.h"

#include <math.h>

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

uint64_t sim_rng_u64(sim_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[0] + s[3], 23) + s[0];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double sim_rng_uniform(sim_rng *r)
{
    /* 53 random bits, shifted by half an ulp so 0 is never returned */
    return ((double)(sim_rng_u64(r) >> 11) + 0.5) * 0x1.0p-53;
}

/* Polar method producing a pair. */
static void normal_pair(sim_rng *r, double *a, double *b)
{
    double u, v, s;
    do {
        u = 2.0 * sim_rng_uniform(r) - 1.0;
        v = 2.0 * sim_rng_uniform(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double f = sqrt(-2.0 * log(s) / s);
    *a = u * f;
    *b = v * f;
}

double sim_rng_normal(sim_rng *r)
{
    double a, b;
    normal_pair(r, &a, &b);
    return a;
}

void sim_rng_normal_fill(sim_rng *r, double *x, long n)
{
    long i = 0;
    for (; i + 1 < n; i += 2) normal_pair(r, &x[i], &x[i + 1]);
    if (i < n) x[i] = sim_rng_normal(r);
}

double sim_rng_gamma(sim_rng *r, double shape)
{
    if (shape < 1.0) {
        /* Gamma(a) = Gamma(a+1) U^(1/a) */
        double u = sim_rng_uniform(r);
        return sim_rng_gamma(r, shape + 1.0) * pow(u, 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = sim_rng_normal(r);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = sim_rng_uniform(r);
        if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
        if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v))) return d * v;
    }
}

double sim_rng_chisq(sim_rng *r, double k)
{
    return 2.0 * sim_rng_gamma(r, 0.5 * k);
}
