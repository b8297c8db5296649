#!/usr/bin/python3
"""bench_report.py -- run modlaw and its peers side by side, write TSVs with
provenance and ratio columns, draw the figures (bench/bench.mk).

  bench_report.py F        F(n,p) sampler: modlaw fast / svd vs numpy svd / pinv
                           at (300,200) and (1000,500) -> bench/out/F.tsv;
                           time per sample vs p at n = 2p -> bench/out/F_scaling.tsv
  bench_report.py arb      Thm 1 at 256 bits: Arb vs mpmath -> bench/out/thm1.tsv
  bench_report.py linear   linear-model trials vs numpy lstsq -> bench/out/linear.tsv
  bench_report.py plot     bench/out/ratios.png (bar chart), F_scaling.png (log-log)

Every measurement runs the two sides alternately in the same invocation, so
they see the same machine load.  Environment: BENCH_BIN (the C driver),
MODLAW_BIN (for the version line), OMP_NUM_THREADS (both sides: OpenMP for
modlaw, OpenBLAS threads for NumPy).
"""
import datetime
import math
import os
import platform
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")
PY = "/usr/bin/python3"
PEER = os.path.join(HERE, "bench_peer.py")
BIN = os.environ.get("BENCH_BIN", os.path.join(HERE, "..", "build", "bench_modlaw"))
COLS = ["kind", "impl", "n", "p", "units", "seconds", "per_unit", "value"]


def run_row(cmd, extra_env=None):
    env = dict(os.environ)
    env.update(extra_env or {})
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if r.returncode != 0:
        sys.stderr.write("bench: %s failed: %s\n" % (" ".join(cmd), r.stderr.strip()))
        sys.exit(1)
    f = r.stdout.strip().split("\t")
    row = dict(zip(COLS, f))
    for k in ("n", "p", "units"):
        row[k] = int(row[k])
    for k in ("seconds", "per_unit"):
        row[k] = float(row[k])
    sys.stderr.write("bench: %-14s n=%-5d p=%-5d %.4g s/unit\n" % (row["impl"], row["n"], row["p"],
                                                                   row["per_unit"]))
    return row


def modlaw(*args, env=None):
    return run_row([BIN] + [str(a) for a in args], env)


def peer(*args, env=None):
    return run_row([PY, PEER] + [str(a) for a in args], env)


def provenance(title):
    lines = []
    try:
        ver = subprocess.run([os.environ.get("MODLAW_BIN", os.path.join(HERE, "..", "bin", "modlaw")),
                              "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True).stdout.strip()
    except OSError:
        ver = "modlaw (version unknown)"
    try:
        rev = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
    except OSError:
        rev = "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info = subprocess.run([PY, PEER, "info"], stdout=subprocess.PIPE, text=True).stdout.strip()
    lines.append("# %s" % title)
    lines.append("# %s; git %s" % (ver or "modlaw", rev or "?"))
    lines.append("# command: bench/bench_report.py %s (make bench)" % " ".join(sys.argv[1:]))
    lines.append("# date: %s" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    lines.append("# host: %s, %d cores (%s); load average %s" % (
        cpu, os.cpu_count() or 0, platform.machine(), " ".join("%.2f" % x for x in os.getloadavg())))
    lines.append("# OMP_NUM_THREADS=%s OPENBLAS_CORETYPE=%s OPENBLAS_L2_SIZE=%s" % (
        os.environ.get("OMP_NUM_THREADS", "(unset)"), os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
        os.environ.get("OPENBLAS_L2_SIZE", "(unset)")))
    lines.append("# peer: %s" % info)
    lines.append("# timing: median of 3 runs, each >= 0.3 s after doubling the count; "
                 "ratio = peer time per unit / modlaw time per unit")
    return lines


def write_tsv(name, header_lines, cols, rows):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        for line in header_lines:
            f.write(line + "\n")
        f.write("\t".join(cols) + "\n")
        for r in rows:
            f.write("\t".join(fmt(r[c]) for c in cols) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    sys.stderr.write("bench: wrote %s\n" % path)


def fmt(x):
    if isinstance(x, float):
        return "%.4g" % x
    return str(x)


def pair(kind, m, pr, note=""):
    return {"kind": kind, "n": m["n"], "p": m["p"], "modlaw_impl": m["impl"], "peer_impl": pr["impl"],
            "modlaw_s_per_unit": m["per_unit"], "peer_s_per_unit": pr["per_unit"],
            "ratio": pr["per_unit"] / m["per_unit"], "modlaw_units": m["units"],
            "peer_units": pr["units"], "modlaw_value": m["value"], "peer_value": pr["value"],
            "note": note or "-"}


PAIR_COLS = ["kind", "n", "p", "modlaw_impl", "peer_impl", "modlaw_s_per_unit", "peer_s_per_unit",
             "ratio", "modlaw_units", "peer_units", "modlaw_value", "peer_value", "note"]


def do_F():
    rows = []
    for n, p in ((300, 200), (1000, 500)):
        fast = modlaw("F", n, p, "fast")
        svd = modlaw("F", n, p, "svd")
        nsvd = peer("F", n, p, "svd")
        npinv = peer("F", n, p, "pinv")
        rows.append(pair("F", fast, nsvd, "goal >= 1000x at (1000,500)"))
        rows.append(pair("F", fast, npinv))
        rows.append(pair("F", svd, nsvd, "goal >= 1x (same LAPACK dgesdd)"))
        rows.append(pair("F", svd, npinv))
    # the SVD path on one thread each (OpenMP off, OpenBLAS 1 thread): same LAPACK
    one = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    for n, p in ((300, 200), (1000, 500)):
        svd1 = modlaw("F", n, p, "svd", env=one)
        nsvd1 = peer("F", n, p, "svd", env=one)
        svd1["impl"] += "-1thread"
        nsvd1["impl"] += "-1thread"
        rows.append(pair("F", svd1, nsvd1, "both single-threaded"))
    write_tsv("F.tsv", provenance("F(n,p) = E||R^+||_F^2 samples: modlaw vs NumPy; unit = one "
                                  "sample; value = sample mean (theory min(n,p)/(|n-p|-1))"),
              PAIR_COLS, rows)
    srows = []
    for p in (10, 30, 100, 300, 1000):
        n = 2 * p
        for r in (modlaw("F", n, p, "fast"), modlaw("F", n, p, "svd"), peer("F", n, p, "svd")):
            srows.append(r)
    write_tsv("F_scaling.tsv", provenance("time per sample of ||R^+||_F^2 vs p at n = 2p"),
              COLS, srows)


def do_arb():
    rows = []
    for n, p in ((300, 200), (1000, 500)):
        a = modlaw("thm1", n, p, 3, 256)
        # mpmath with its gmpy2 backend (the fast one) and its pure-Python backend
        for b in (peer("thm1", n, p, 3, 256), peer("thm1", n, p, 3, 256, env={"MPMATH_NOGMPY": "1"})):
            # agreement of the two 40-digit results
            from mpmath import mp, mpf
            mp.prec = 256
            va, vb = mpf(a["value"]), mpf(b["value"])
            rel = abs(va - vb) / abs(va) if va != 0 else abs(vb)
            rows.append(pair("thm1", a, b, "goal >= 30x; rel. diff of the 40-digit values %.1e"
                             % float(rel)))
    parts = subprocess.run([BIN, "thm1parts", "300", "200", "256"], stdout=subprocess.PIPE,
                           text=True, check=True).stdout.strip().split("\n")
    prow = [dict(zip(COLS, l.split("\t"))) for l in parts]
    write_tsv("thm1_parts.tsv", provenance("where theory_loss_arb's time goes at 256 bits: one row per "
                                           "ingredient (per_unit = seconds per call; the string row is "
                                           "per decimal, theory_loss_arb parses two)"), COLS, prow)
    write_tsv("thm1.tsv", provenance("Thm 1 test loss (seed 003 Eq. 1), mono, d=1, m=3, c=1.15, "
                                     "omega=1.57, at 256 bits; unit = one evaluation; value = 40 digits"),
              PAIR_COLS, rows)


def do_linear():
    rows = []
    for n, p in ((300, 200), (1000, 500)):
        a = modlaw("linear", n, p, 3)
        f = modlaw("linear", n, p, 3, "fast")
        b = peer("linear", n, p, 3)
        rows.append(pair("linear", a, b, "value = mean test loss (Thm 1 predicts it)"))
        rows.append(pair("linear", f, b, "fast: same law, O(p) per trial (KS-checked)"))
    write_tsv("linear.tsv", provenance("linear-model trials (seed 003 Sec. 3, Thm 1 setting), mono, "
                                       "d=1, m=3: modlaw literal (dgels, OpenMP) and fast (bidiagonal, O(p)) vs numpy lstsq; unit = one trial"),
              PAIR_COLS, rows)


def read_tsv(name):
    path = os.path.join(OUT, name)
    with open(path) as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#")]
    cols = lines[0].split("\t")
    return [dict(zip(cols, l.split("\t"))) for l in lines[1:]]


def do_plot():
    bars = []
    for name in ("F.tsv", "thm1.tsv", "linear.tsv"):
        if os.path.exists(os.path.join(OUT, name)):
            for r in read_tsv(name):
                label = "%s %s/%s (%s,%s)" % (r["kind"], r["modlaw_impl"].replace("modlaw-", ""),
                                              r["peer_impl"], r["n"], r["p"])
                bars.append((label, float(r["ratio"])))
    os.makedirs(OUT, exist_ok=True)
    dat = os.path.join(OUT, "ratios.dat")
    with open(dat, "w") as f:
        for i, (label, ratio) in enumerate(bars):
            f.write('%d\t%g\t"%s"\n' % (i, ratio, label))
    gp = os.path.join(OUT, "ratios.gp")
    with open(gp, "w") as f:
        f.write("""set terminal pngcairo size 1100,650 noenhanced
set output '%(out)s/ratios.png.tmp'
set title 'modlaw speed-up over the peer (peer time / modlaw time, same run)'
set logscale y
set ylabel 'ratio (log scale)'
set style fill solid 0.7
set boxwidth 0.7
set grid ytics
set xtics rotate by -35 font ',8'
set bmargin 12
set rmargin 16
set format y '%%g'
set yrange [0.1:%(ymax)g]
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2
plot '%(dat)s' using 1:2:xtic(3) with boxes notitle, '' using 1:2:(sprintf('%%.3g', $2)) with labels offset 0,0.8 font ',8' notitle
""" % {"out": OUT, "dat": dat, "ymax": 10 ** math.ceil(math.log10(max([r for _, r in bars] + [1]) * 3))})
    scal = os.path.join(OUT, "F_scaling.tsv")
    if os.path.exists(scal):
        rows = read_tsv("F_scaling.tsv")
        for impl in ("modlaw-fast", "modlaw-svd", "numpy-svd"):
            with open(os.path.join(OUT, "scaling_%s.dat" % impl), "w") as f:
                for r in rows:
                    if r["impl"] == impl:
                        f.write("%s\t%s\n" % (r["p"], r["per_unit"]))
        with open(os.path.join(OUT, "F_scaling.gp"), "w") as f:
            f.write("""set terminal pngcairo size 900,600 noenhanced
set output '%(out)s/F_scaling.png.tmp'
set title 'time per sample of ||R^+||_F^2, n = 2p'
set logscale xy
set xlabel 'p'
set ylabel 'seconds per sample'
set format y '%%.0e'
set key top left
set grid
plot '%(out)s/scaling_modlaw-fast.dat' using 1:2 with linespoints title 'modlaw fast (bidiagonal, O(p))', \\
     '%(out)s/scaling_modlaw-svd.dat' using 1:2 with linespoints title 'modlaw svd (dgesdd, OpenMP over trials)', \\
     '%(out)s/scaling_numpy-svd.dat' using 1:2 with linespoints title 'numpy svd(compute_uv=False)'
""" % {"out": OUT})
    for g, png in (("ratios.gp", "ratios.png"), ("F_scaling.gp", "F_scaling.png")):
        gpath = os.path.join(OUT, g)
        if not os.path.exists(gpath):
            continue
        r = subprocess.run(["gnuplot", gpath], stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            sys.stderr.write("bench: gnuplot %s failed: %s\n" % (g, r.stderr))
            return 1
        os.replace(os.path.join(OUT, png + ".tmp"), os.path.join(OUT, png))
        sys.stderr.write("bench: wrote %s\n" % os.path.join(OUT, png))
    return 0


def main(argv):
    what = argv[1] if len(argv) > 1 else ""
    if what == "F":
        do_F()
    elif what == "arb":
        do_arb()
    elif what == "linear":
        do_linear()
    elif what == "plot":
        return do_plot()
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
