#!/usr/bin/python3
"""Summary of bench/nmt-vs-pytorch.sh: both BLEU curves, throughput ratio, latency, BLEU cross-check."""
import csv
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nmt_torch import corpus_bleu  # noqa: E402  (NLTK corpus_bleu when installed, else the same formula)

work = sys.argv[1]


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def grab(pattern, text, default=float("nan")):
    m = re.search(pattern, text)
    return float(m.group(1)) if m else default


dl4j, torch = rows(f"{work}/dl4j/metrics.csv"), rows(f"{work}/torch/metrics.csv")
print("BLEU curves (greedy, 2,000 held-out pairs) against training minutes")
print(f"{'DL4J min':>9} {'epoch':>6} {'BLEU':>6}   | {'torch min':>9} {'epoch':>6} {'BLEU':>6}")
for i in range(max(len(dl4j), len(torch))):
    a = dl4j[i] if i < len(dl4j) else None
    b = torch[i] if i < len(torch) else None
    left = f"{float(a['train_minutes']):9.1f} {float(a['epoch']):6.2f} {float(a['test_bleu']):6.2f}" if a else " " * 23
    right = f"{float(b['train_minutes']):9.1f} {float(b['epoch']):6.2f} {float(b['test_bleu']):6.2f}" if b else ""
    print(f"{left}   | {right}")

run = json.load(open(f"{work}/dl4j/run.json"))
g = open(f"{work}/dl4j/eval-greedy.txt").read()
b5 = open(f"{work}/dl4j/eval-beam5.txt").read()
t = open(f"{work}/torch/log.txt").read()
finals = run.get("finals", run.get("metrics", {}))  # run.json of the training run; "metrics" before 2026-12
j_tps = finals["targetTokensPerSecond"]
t_tps = grab(r"tokens_per_s=([\d.]+)", t)
j_g, j_b = grab(r"BLEU ([\d.]+)", g), grab(r"BLEU ([\d.]+)", b5)
t_g, t_b = grab(r"greedy_bleu=([\d.]+)", t), grab(r"beam_bleu=([\d.]+)", t)
j_lat, t_lat = grab(r"greedy latency ([\d.]+) ms", g), grab(r"latency_ms=([\d.]+)", t)
j_tpc = finals.get("targetTokensPerCpuSecond", float("nan"))
t_tpc = grab(r"tokens_per_cpu_s=([\d.]+)", t)

refs = [line.rstrip("\n").split("\t")[1].split() for line in open(f"{work}/split/test.tsv", encoding="utf-8")]


def hyps(path):
    return [line.rstrip("\n").split() for line in open(path, encoding="utf-8")]


x_g = corpus_bleu(hyps(f"{work}/dl4j/hyp-greedy.txt"), refs)
x_b = corpus_bleu(hyps(f"{work}/dl4j/hyp-beam5.txt"), refs)
print()
print(f"{'':28}{'DL4J':>10}{'PyTorch':>10}{'DL4J-PyTorch':>14}")
print(f"{'final greedy BLEU':28}{j_g:10.2f}{t_g:10.2f}{j_g - t_g:14.2f}")
print(f"{'final beam-5 BLEU':28}{j_b:10.2f}{t_b:10.2f}{j_b - t_b:14.2f}")
print(f"{'train target tokens/s':28}{j_tps:10.0f}{t_tps:10.0f}{'ratio %.2f' % (j_tps / t_tps):>14}")
print(f"{'train target tokens/CPU-s':28}{j_tpc:10.0f}{t_tpc:10.0f}{'ratio %.2f' % (j_tpc / t_tpc):>14}")
print(f"{'greedy latency ms/sentence':28}{j_lat:10.2f}{t_lat:10.2f}{'ratio %.2f' % (j_lat / t_lat):>14}")
print(f"BLEU cross-check: Java translations re-scored by Python: greedy {x_g:.2f} (Java said {j_g:.2f}), "
      f"beam-5 {x_b:.2f} (Java said {j_b:.2f})")
