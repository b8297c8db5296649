#!/usr/bin/python3
"""bench_mlp_torch.py -- one training step (forward, MSE, backward, Adam) of
the seed-003 MLPs in modlaw (bench/bench_mlp.c) and in PyTorch CPU, side by
side in the same run, same architecture, batch and thread count.

Run by `make bench-mlp` with /usr/bin/python3 (Debian python3-torch).
Writes bench/out/mlp.tsv: '#' provenance lines, one header line, rows
    arch width layers modules batch m threads params modlaw_ms
    torch64_ms torch32_ms ratio64 ratio32
ratio = torch time / modlaw time (> 1: modlaw is faster).  modlaw computes in
double precision, so ratio64 (PyTorch float64) is the like-for-like number;
ratio32 (PyTorch float32, its usual precision) is given for context.

The PyTorch modular net is written the fast way: the K scalar-input modules
are batched with torch.baddbmm over a (K, W, W) weight tensor, not a Python
loop over modules.  Timing: median of 5 repeats of STEPS steps after 3
warm-up steps, for both sides.
"""
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time

import torch

THREADS = int(os.environ.get("OMP_NUM_THREADS", "2"))
BENCH = os.environ.get("BENCH_MLP_BIN", "build/bench_mlp")
OUT = os.environ.get("BENCH_OUT", "bench/out/mlp.tsv")
QUICK = os.environ.get("BENCH_QUICK", "") != ""

# (arch, width, layers, modules, batch, m): the paper's sizes (App. E.2-E.3),
# full batch n = 1000, k = m = 5, K = 5k = 25 modules.
CONFIGS = [("mono", w, 5, 0, 1000, 5) for w in (8, 32, 128)] + \
          [("modular", w, 4, 25, 1000, 5) for w in (8, 32, 128)]


class Mono(torch.nn.Module):
    def __init__(self, m, width, layers):
        super().__init__()
        dims = [m] + [width] * (layers - 1) + [1]
        self.lins = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:]))

    def forward(self, x):
        for i, lin in enumerate(self.lins):
            x = lin(x)
            if i < len(self.lins) - 1:
                x = torch.relu(x)
        return x.squeeze(-1)


class Modular(torch.nn.Module):
    """Eq. 72: yhat = sum_j f_j(u_j^T x), modules batched over K."""

    def __init__(self, m, width, layers, K):
        super().__init__()
        self.U = torch.nn.Parameter(torch.randn(K, m))
        dims = [1] + [width] * (layers - 1) + [1]
        self.W = torch.nn.ParameterList()
        self.b = torch.nn.ParameterList()
        for a, b in zip(dims[:-1], dims[1:]):
            bound = 1.0 / a ** 0.5
            self.W.append(torch.nn.Parameter(torch.empty(K, a, b).uniform_(-bound, bound)))
            self.b.append(torch.nn.Parameter(torch.empty(K, 1, b).uniform_(-bound, bound)))

    def forward(self, x):
        h = (self.U @ x.T).unsqueeze(-1)          # K x B x 1
        n = len(self.W)
        for i in range(n):
            h = torch.baddbmm(self.b[i], h, self.W[i])  # K x B x O
            if i < n - 1:
                h = torch.relu(h)
        return h.sum(0).squeeze(-1)


def torch_ms(arch, width, layers, K, B, m, steps, dtype):
    torch.manual_seed(1)
    net = Mono(m, width, layers) if arch == "mono" else Modular(m, width, layers, K)
    net = net.to(dtype)
    x = torch.randn(B, m, dtype=dtype)
    y = torch.randn(B, dtype=dtype)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = torch.mean((net(x) - y) ** 2)
        loss.backward()
        opt.step()

    for _ in range(3):
        step()
    reps = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        reps.append((time.perf_counter() - t0) / steps * 1e3)
    return statistics.median(reps)


def steps_for(arch, width):
    s = {8: 200, 32: 100, 128: 20}[width]
    if arch == "modular":
        s = max(5, s // 4)
    return max(3, s // 5) if QUICK else s


def main():
    torch.set_num_threads(THREADS)
    env = dict(os.environ, OMP_NUM_THREADS=str(THREADS))
    rows = []
    for arch, w, L, K, B, m in CONFIGS:
        steps = steps_for(arch, w)
        out = subprocess.run([BENCH, arch, str(w), str(L), str(K), str(B), str(m), str(steps), str(THREADS)],
                             check=True, capture_output=True, text=True, env=env).stdout.split()
        ours = float(out[8])
        params = int(out[7])
        t64 = torch_ms(arch, w, L, K, B, m, steps, torch.float64)
        t32 = torch_ms(arch, w, L, K, B, m, steps, torch.float32)
        rows.append((arch, w, L, K, B, m, THREADS, params, ours, t64, t32, t64 / ours, t32 / ours))
        print(f"{arch} W={w} L={L} K={K}: modlaw {ours:.3f} ms, torch64 {t64:.3f} ms, "
              f"torch32 {t32:.3f} ms, ratio64 {t64 / ours:.2f}", file=sys.stderr)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp.%d" % os.getpid()
    with open(tmp, "w") as f:
        f.write("# modlaw bench-mlp: one Adam training step, modlaw (C, double, OpenBLAS) vs PyTorch CPU\n")
        f.write("# command: %s\n" % " ".join(sys.argv))
        f.write("# date: %s\n" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        f.write("# torch %s; python %s; threads %d; cpu %s\n" % (torch.__version__, platform.python_version(),
                                                                 THREADS, platform.processor() or platform.machine()))
        f.write("# timing: median of 5 repeats; ratio = torch / modlaw (> 1: modlaw faster)\n")
        f.write("arch\twidth\tlayers\tmodules\tbatch\tm\tthreads\tparams\tmodlaw_ms\ttorch64_ms\ttorch32_ms"
                "\tratio64\tratio32\n")
        for r in rows:
            f.write("%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.4g\t%.4g\t%.4g\t%.3g\t%.3g\n" % r)
    os.replace(tmp, OUT)
    print("wrote " + OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
