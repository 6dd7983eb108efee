#!/usr/bin/python3
"""PyTorch peer of `./rnn mnist train`: trains the same row-by-row MNIST classifier (28 steps of 28 pixels,
LAYERS recurrent layers of UNITS units (dropout between them), a linear layer of 10 on the last output, cross-entropy, Adam (its rate multiplied by --lr-decay after every epoch), batch 150,
a new shuffle every epoch) on the full data set and writes, like the DL4J trainer, one line per epoch
`epoch N train accuracy: X test accuracy: Y` and OUT/metrics.csv (epoch,train_loss,train_accuracy,test_accuracy,
seconds; seconds = cumulative wall time of training and evaluation, data loading excluded).

Run with Debian's /usr/bin/python3 (python3-torch), one thread.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_torch import Classifier, find, read_idx  # noqa: E402


def load(directory, train):
    prefix = "train" if train else "t10k"
    x = read_idx(find(directory, f"{prefix}-images-idx3-ubyte")).astype(np.float32) / 255.0
    y = read_idx(find(directory, f"{prefix}-labels-idx1-ubyte")).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True, help="directory of the 4 MNIST IDX files")
    ap.add_argument("--cell", default="basic", help="basic, lstm, gru or peephole (default: basic)")
    ap.add_argument("--layers", type=int, default=1, help="stacked recurrent layers (default: 1)")
    ap.add_argument("--units", type=int, default=150, help="units per layer (default: 150)")
    ap.add_argument("--dropout", type=float, default=0.0,
                    help="probability of dropping an input of each recurrent layer after the first (default: 0)")
    ap.add_argument("--lr", type=float, default=0.001, help="Adam learning rate (default: 0.001)")
    ap.add_argument("--lr-decay", type=float, default=1.0,
                    help="multiply the learning rate by this after every epoch, in (0, 1] (default: 1 = constant)")
    ap.add_argument("--batch", type=int, default=150, help="mini-batch size (default: 150)")
    ap.add_argument("--epochs", type=int, default=10, help="passes over the training set (default: 10)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    ap.add_argument("--out", required=True, help="output directory (metrics.csv)")
    args = ap.parse_args()
    if args.epochs < 1 or args.layers < 1 or args.units < 1 or args.lr <= 0 or not 0 <= args.dropout < 1 \
            or not 0 < args.lr_decay <= 1:
        raise SystemExit("error: --epochs, --layers and --units must be at least 1, --lr positive, --dropout in [0, 1),"
                         " --lr-decay in (0, 1]")

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    x_train, y_train = load(args.data_dir, True)
    x_test, y_test = load(args.data_dir, False)
    model = Classifier(args.cell, x_train.shape[2], args.units, args.layers, args.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    schedule = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=args.lr_decay)   # stepped once per epoch
    loss_fn = nn.CrossEntropyLoss()
    n = len(y_train)
    with open(os.path.join(args.out, "metrics.csv"), "w") as metrics:
        metrics.write("epoch,train_loss,train_accuracy,test_accuracy,seconds\n")
        start = time.perf_counter()
        for epoch in range(1, args.epochs + 1):
            model.train()
            order = torch.randperm(n)
            total, count, last_acc = 0.0, 0, 0.0
            for b in range(n // args.batch):
                idx = order[b * args.batch:(b + 1) * args.batch]
                xb, yb = x_train[idx], y_train[idx]
                opt.zero_grad()
                logits = model(xb)
                loss = loss_fn(logits, yb)
                loss.backward()
                opt.step()
                total += loss.item()
                count += 1
                last_acc = (logits.argmax(1) == yb).float().mean().item()
            schedule.step()
            model.eval()
            correct = 0
            with torch.no_grad():
                for b in range(0, len(y_test), 1000):
                    correct += (model(x_test[b:b + 1000]).argmax(1) == y_test[b:b + 1000]).sum().item()
            test_acc = correct / len(y_test)
            seconds = time.perf_counter() - start
            print(f"epoch {epoch} train accuracy: {last_acc:.4f} test accuracy: {test_acc:.4f}", flush=True)
            metrics.write(f"{epoch},{total / count:.6g},{last_acc:.6g},{test_acc:.4f},{seconds:.4f}\n")
            metrics.flush()


if __name__ == "__main__":
    main()
