#!/usr/bin/python3
"""PyTorch peer of org.rnnsuite.mnist.bench.StepBenchmark: times one training step of the same MNIST sequence
classifier (28 steps of 28 pixels, one recurrent layer of 150 tanh units, softmax of 10 on the last output,
cross-entropy, Adam 0.001, batch 150) on the same digits. Prints one line
`torch cell=basic steps=60 median_ms=... p10_ms=... p90_ms=... threads=1`.

Run with Debian's /usr/bin/python3 (python3-torch), OMP_WAIT_POLICY=PASSIVE.
"""
import argparse
import gzip
import os
import struct
import time

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "mnist-classifier", "src", "main", "resources", "org", "rnnsuite", "mnist",
                      "sample")


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    magic = struct.unpack(">I", data[:4])[0]
    if magic == 2051:
        n, h, w = struct.unpack(">III", data[4:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, h, w)
    if magic == 2049:
        return np.frombuffer(data, dtype=np.uint8, offset=8)
    raise SystemExit(f"error: {path}: not an IDX file (magic {magic})")


def find(directory, name):
    for candidate in (name, name + ".gz"):
        p = os.path.join(directory, candidate)
        if os.path.isfile(p):
            return p
    raise SystemExit(f"error: no {name}[.gz] in {directory}")


class Classifier(nn.Module):
    def __init__(self, cell, n_inputs, units):
        super().__init__()
        if cell == "basic":
            self.rnn = nn.RNN(n_inputs, units, nonlinearity="tanh", batch_first=True)
        elif cell == "lstm":
            self.rnn = nn.LSTM(n_inputs, units, batch_first=True)
        elif cell == "gru":
            self.rnn = nn.GRU(n_inputs, units, batch_first=True)
        else:
            raise SystemExit(f"error: unknown cell {cell}")
        self.out = nn.Linear(units, 10)

    def forward(self, x):  # x: [batch, time = rows, features = columns]
        outputs, _ = self.rnn(x)
        return self.out(outputs[:, -1, :])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cell", default="basic", help="basic, lstm or gru (default: basic)")
    ap.add_argument("--steps", type=int, default=60, help="timed steps (default: 60)")
    ap.add_argument("--warmup", type=int, default=15, help="untimed steps first (default: 15)")
    ap.add_argument("--batch", type=int, default=150, help="mini-batch size (default: 150)")
    ap.add_argument("--units", type=int, default=150, help="recurrent units (default: 150)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (default: 1)")
    ap.add_argument("--data-dir", default=SAMPLE, help="IDX files (default: the module's committed sample)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    images = read_idx(find(args.data_dir, "train-images-idx3-ubyte"))
    labels = read_idx(find(args.data_dir, "train-labels-idx1-ubyte"))
    x_all = torch.from_numpy(images.astype(np.float32) / 255.0)  # converted once, float32
    y_all = torch.from_numpy(labels.astype(np.int64))
    order = torch.randperm(len(y_all))
    n_batches = len(y_all) // args.batch
    batches = [(x_all[order[b * args.batch:(b + 1) * args.batch]].contiguous(),
                y_all[order[b * args.batch:(b + 1) * args.batch]]) for b in range(n_batches)]

    model = Classifier(args.cell, images.shape[2], args.units)
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()

    def step(xb, yb):
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()

    for i in range(args.warmup):
        step(*batches[i % n_batches])
    times = []
    for i in range(args.steps):
        xb, yb = batches[(args.warmup + i) % n_batches]
        t0 = time.perf_counter()
        step(xb, yb)
        times.append((time.perf_counter() - t0) * 1000)
    t = np.array(times)
    print(f"torch cell={args.cell} steps={args.steps} median_ms={np.median(t):.2f} "
          f"p10_ms={np.percentile(t, 10):.2f} p90_ms={np.percentile(t, 90):.2f} threads={torch.get_num_threads()}")


if __name__ == "__main__":
    main()
