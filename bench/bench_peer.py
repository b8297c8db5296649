#!/usr/bin/python3
"""bench_peer.py -- the NumPy / mpmath side of the benchmarks (bench/bench.mk).

Same interface and output row as bench/bench_modlaw.c:
  bench_peer.py F N P svd|pinv      ||R^+||_F^2 via np.linalg.svd(compute_uv=False)
                                    or np.linalg.pinv (what a researcher writes)
  bench_peer.py thm1 N P M PREC     Thm 1 (seed 003, Eq. 1) in mpmath at PREC bits
  bench_peer.py linear N P M        the linear model with np.linalg.lstsq
  bench_peer.py info                the BLAS kernel NumPy runs and mpmath's backend
Row: kind impl n p units seconds per_unit value (median of 3 runs after
doubling the count until one run lasts >= MIN_SECONDS).
Run with /usr/bin/python3 (Debian python3-numpy, python3-mpmath).
"""
import math
import sys
import time

MIN_SECONDS = 0.3


def time_it(f):
    u = 1
    while True:
        t0 = time.perf_counter()
        value = f(u)
        dt = time.perf_counter() - t0
        if dt >= MIN_SECONDS:
            break
        nxt = int(u * 1.2 * MIN_SECONDS / dt) + 1 if dt > 0 else 2 * u
        u = min(max(nxt, 2 * u), 64 * u)
    ts = []
    for _ in range(3):
        t0 = time.perf_counter()
        value = f(u)
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return u, ts[1], value


def bench_F(n, p, how):
    import numpy as np
    rng = np.random.default_rng(12345)

    def run(units):
        s = 0.0
        for _ in range(units):
            r = rng.standard_normal((n, p))
            if how == "svd":
                sv = np.linalg.svd(r, compute_uv=False)
                s += float(np.sum(1.0 / (sv * sv)))
            else:
                s += float(np.sum(np.linalg.pinv(r) ** 2))
        return s / units
    return time_it(run)


def thm1_mpmath(n, p, m, prec, d=1):
    """Thm 1 of seed 003 (Eq. 1-2) for the power-law spectrum lambda_i =
    c(i^-s - (i+1)^-s), s = omega^-m, c = 1.15, omega = 1.57: Tr(L_1) =
    c(1 - (p+1)^-s), Tr(L_2) = c (p+1)^-s, F = min/(|dn-p|-1);
    test = d [Tr(L_2)(F + 1) + Tr(L_1)(1 - min(dn,p)/p)]."""
    from mpmath import mp, mpf, log, exp, expm1, inf
    mp.prec = prec
    c, om = mpf("1.15"), mpf("1.57")
    s = 1 / om ** m
    t = -s * log(p + 1)
    tr1 = -c * expm1(t)
    tr2 = c * exp(t)
    dn = d * n
    mn = min(dn, p)
    F = inf if abs(dn - p) <= 1 else mpf(mn) / (abs(dn - p) - 1)
    test = (tr2 * (F + 1) + tr1 * mpf(p - mn) / p) * d
    return test


def bench_thm1(n, p, m, prec):
    from mpmath import mp, nstr

    def run(units):
        v = None
        for _ in range(units):
            v = thm1_mpmath(n, p, m, prec)
        return v
    u, sec, v = time_it(run)
    mp.prec = prec
    return u, sec, nstr(v, 40)


def bench_linear(n, p, m):
    """Same model as sim/sim_linear.c: mono, d = 1, c = 1.15, omega = 1.57;
    W_1 ~ N(0, diag(lambda_1..p)), 256 explicit tail coefficients plus the
    exact remaining tail variance c (p+257)^-s, A ~ N(0,1)^{n x p},
    y = A W_1 + ||W_2|| z, theta = lstsq(A, y), test = ||theta - W_1||^2 + ||W_2||^2."""
    import numpy as np
    rng = np.random.default_rng(777)
    c, s = 1.15, 1.57 ** (-m)
    i = np.arange(1, p + 257 + 1, dtype=float)
    lam = -c * i ** (-s) * np.expm1(-s * np.log1p(1.0 / i))
    sd1, sdt = np.sqrt(lam[:p]), np.sqrt(lam[p:p + 256])
    rest = c * float(p + 257) ** (-s)

    def run(units):
        acc = 0.0
        for _ in range(units):
            w1 = sd1 * rng.standard_normal(p)
            wt = sdt * rng.standard_normal(256)
            tail2 = float(wt @ wt) + rest
            a = rng.standard_normal((n, p))
            y = a @ w1 + math.sqrt(tail2) * rng.standard_normal(n)
            theta = np.linalg.lstsq(a, y, rcond=None)[0]
            res = y - a @ theta
            _train = float(res @ res) / n
            e = theta - w1
            acc += float(e @ e) + tail2
        return acc / units
    return time_it(run)


def info():
    import numpy as np
    import mpmath
    kern = "unknown"
    try:
        import threadpoolctl
        for lib in threadpoolctl.threadpool_info():
            if lib.get("user_api") == "blas":
                kern = "%s %s arch=%s threads=%s (%s)" % (
                    lib.get("internal_api"), lib.get("version"), lib.get("architecture"),
                    lib.get("num_threads"), lib.get("filepath"))
    except ImportError:
        pass
    print("numpy %s; BLAS %s; mpmath %s backend %s; python %s" % (
        np.__version__, kern, mpmath.__version__, mpmath.libmp.BACKEND,
        sys.version.split()[0]))


def main(argv):
    if len(argv) >= 2 and argv[1] == "info":
        info()
        return 0
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    kind, n, p = argv[1], int(argv[2]), int(argv[3])
    if kind == "F":
        how = argv[4]
        u, sec, v = bench_F(n, p, how)
        print("F\tnumpy-%s\t%d\t%d\t%d\t%.6g\t%.6g\t%.10g" % (how, n, p, u, sec, sec / u, v))
    elif kind == "thm1":
        m, prec = int(argv[4]), int(argv[5])
        u, sec, v = bench_thm1(n, p, m, prec)
        import mpmath
        print("thm1\tmpmath%d-%s\t%d\t%d\t%d\t%.6g\t%.6g\t%s" % (prec, mpmath.libmp.BACKEND, n, p, u, sec, sec / u, v))
    elif kind == "linear":
        m = int(argv[4])
        u, sec, v = bench_linear(n, p, m)
        print("linear\tnumpy-lstsq\t%d\t%d\t%d\t%.6g\t%.6g\t%.10g" % (n, p, u, sec, sec / u, v))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
