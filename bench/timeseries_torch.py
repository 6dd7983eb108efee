#!/usr/bin/env python3
"""PyTorch peer of the timeseries-predictor training step, for bench/timeseries-vs-pytorch.sh.

The same model as the DL4J module's tutorial settings: nn.RNN (ReLU, 100 units, 1 or 3 layers, batch first),
then one Linear(100, 1) applied at every time step, MSE loss, Adam(lr=1e-3), batch 50 windows of 20 steps of
the series f(t) = t sin(t) / 3 + 2 sin(5t). The mini-batches are drawn beforehand; only the step
(zero_grad, forward, loss, backward, Adam update) is timed. One thread, like the DL4J side.

With BENCH_SYNC_DIR set, the timed steps start when BENCH_SYNC_DIR/go exists (after this side has written
torch.ready), so that a script can time DL4J and PyTorch at the same time (one layer count per run then).

Usage: /usr/bin/python3 bench/timeseries_torch.py [--layers 1,3] [--warmup 100] [--measure 300]
Prints one line per layer count:
    torch layers=1 median_ms=... p10_ms=... p90_ms=... steps=...
"""
import argparse
import math
import os
import sys
import time

import numpy as np
import torch
from torch import nn

T_MIN, T_MAX, RESOLUTION = 0.0, 30.0, 0.1
N_STEPS, N_INPUTS, N_NEURONS, N_OUTPUTS = 20, 1, 100, 1
BATCH_SIZE, LEARNING_RATE = 50, 0.001


def time_series(t):
    return t * np.sin(t) / 3 + 2 * np.sin(t * 5)


def next_batch(rng, batch_size, n_steps):
    t0 = rng.random((batch_size, 1)) * (T_MAX - T_MIN - n_steps * RESOLUTION)
    ts = t0 + np.arange(0., n_steps + 1) * RESOLUTION
    ys = time_series(ts)
    return (torch.tensor(ys[:, :-1].reshape(-1, n_steps, 1), dtype=torch.float32),
            torch.tensor(ys[:, 1:].reshape(-1, n_steps, 1), dtype=torch.float32))


class Model(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.rnn = nn.RNN(N_INPUTS, N_NEURONS, num_layers=layers, nonlinearity="relu", batch_first=True)
        self.out = nn.Linear(N_NEURONS, N_OUTPUTS)

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.out(h)


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_torch import start_gate  # noqa: E402


def percentile(sorted_ms, p):
    k = max(0, min(len(sorted_ms) - 1, math.ceil(p / 100 * len(sorted_ms)) - 1))
    return sorted_ms[k]


def measure(layers, warmup, steps):
    torch.manual_seed(42)
    rng = np.random.default_rng(42)
    model = Model(layers)
    opt = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_fn = nn.MSELoss()
    batches = [next_batch(rng, BATCH_SIZE, N_STEPS) for _ in range(32)]

    def step(x, y):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    for i in range(warmup):
        step(*batches[i % len(batches)])
    start_gate("torch")
    ms = []
    for i in range(steps):
        x, y = batches[i % len(batches)]
        t0 = time.perf_counter()
        step(x, y)
        ms.append((time.perf_counter() - t0) * 1000)
    return sorted(ms)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--layers", default="1,3")
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--measure", type=int, default=300)
    a = ap.parse_args()
    torch.set_num_threads(1)
    for layers in [int(x) for x in a.layers.split(",")]:
        ms = measure(layers, a.warmup, a.measure)
        print(f"torch layers={layers} median_ms={percentile(ms, 50):.3f} p10_ms={percentile(ms, 10):.3f} "
              f"p90_ms={percentile(ms, 90):.3f} steps={a.measure}", flush=True)


if __name__ == "__main__":
    main()
