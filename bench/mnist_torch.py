#!/usr/bin/python3
"""PyTorch peer of org.rnnsuite.benchmarks.MnistStepBenchmark: times one training step of the same MNIST sequence
classifier (28 steps of 28 pixels, LAYERS recurrent layers of 150 tanh units, softmax of 10 on the last output,
cross-entropy, Adam 0.001, batch 150) on the same digits. Prints one line
`torch cell=basic layers=1 steps=60 median_ms=... p10_ms=... p90_ms=... threads=1`.

Cells: basic, lstm, gru (PyTorch's nn.RNN, nn.LSTM, nn.GRU) and peephole: an LSTM with DL4J's GravesLSTM
peepholes (input and forget gates see c_{t-1}, the output gate sees c_t), written as a loop over the time steps
because PyTorch has no peephole cell.
With BENCH_SYNC_DIR set, the timed steps start when the script creates BENCH_SYNC_DIR/go (after this side has
written torch.ready), so that a script can time DL4J and PyTorch at the same time.

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


def start_gate(side):
    """Writes BENCH_SYNC_DIR/<side>.ready and waits for BENCH_SYNC_DIR/go (no-op without BENCH_SYNC_DIR)."""
    d = os.environ.get("BENCH_SYNC_DIR")
    if not d:
        return
    open(os.path.join(d, side + ".ready"), "w").close()
    deadline = time.monotonic() + 600
    while not os.path.exists(os.path.join(d, "go")):
        if time.monotonic() > deadline:
            raise SystemExit(f"error: no start signal in {d}")
        time.sleep(0.005)


class PeepholeLSTM(nn.Module):
    """LSTM layers with DL4J GravesLSTM's peephole connections, batch first, returning (outputs, None)."""

    def __init__(self, n_inputs, units, layers):
        super().__init__()
        self.units = units
        self.w = nn.ModuleList([nn.Linear(n_inputs if i == 0 else units, 4 * units) for i in range(layers)])
        self.rw = nn.ModuleList([nn.Linear(units, 4 * units, bias=False) for _ in range(layers)])
        self.peep = nn.ParameterList([nn.Parameter(torch.zeros(3, units)) for _ in range(layers)])

    def forward(self, x):
        for w, rw, peep in zip(self.w, self.rw, self.peep):
            xw = w(x).unbind(1)  # input projection of all steps at once
            h = x.new_zeros(x.shape[0], self.units)
            c = x.new_zeros(x.shape[0], self.units)
            outs = []
            for xt in xw:
                a, i, f, o = (xt + rw(h)).chunk(4, dim=1)
                i = torch.sigmoid(i + peep[0] * c)
                f = torch.sigmoid(f + peep[1] * c)
                c = f * c + i * torch.tanh(a)
                o = torch.sigmoid(o + peep[2] * c)
                h = o * torch.tanh(c)
                outs.append(h)
            x = torch.stack(outs, dim=1)
        return x, None


class Classifier(nn.Module):
    def __init__(self, cell, n_inputs, units, layers=1, dropout=0.0):
        super().__init__()
        if dropout and cell == "peephole":
            raise SystemExit("error: dropout is not implemented for the peephole cell here")
        if cell == "basic":
            self.rnn = nn.RNN(n_inputs, units, num_layers=layers, nonlinearity="tanh", batch_first=True,
                              dropout=dropout)
        elif cell == "lstm":
            self.rnn = nn.LSTM(n_inputs, units, num_layers=layers, batch_first=True, dropout=dropout)
        elif cell == "gru":
            self.rnn = nn.GRU(n_inputs, units, num_layers=layers, batch_first=True, dropout=dropout)
        elif cell == "peephole":
            self.rnn = PeepholeLSTM(n_inputs, units, layers)
        else:
            raise SystemExit(f"error: unknown cell {cell}")
        self.out = nn.Linear(units, 10)

    def forward(self, x):  # x: [batch, time = rows, features = columns]
        outputs, _ = self.rnn(x)
        return self.out(outputs[:, -1, :])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cell", default="basic", help="basic, lstm, gru or peephole (default: basic)")
    ap.add_argument("--layers", type=int, default=1, help="stacked recurrent layers (default: 1)")
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

    model = Classifier(args.cell, images.shape[2], args.units, args.layers)
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()

    def step(xb, yb):
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()

    for i in range(args.warmup):
        step(*batches[i % n_batches])
    start_gate("torch")
    times = []
    for i in range(args.steps):
        xb, yb = batches[(args.warmup + i) % n_batches]
        t0 = time.perf_counter()
        step(xb, yb)
        times.append((time.perf_counter() - t0) * 1000)
    t = np.array(times)
    print(f"torch cell={args.cell} layers={args.layers} steps={args.steps} median_ms={np.median(t):.2f} "
          f"p10_ms={np.percentile(t, 10):.2f} p90_ms={np.percentile(t, 90):.2f} threads={torch.get_num_threads()}")


if __name__ == "__main__":
    main()
