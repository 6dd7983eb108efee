#!/usr/bin/python3
"""PyTorch peer of the nmt-translator module (bench/nmt-vs-pytorch.sh runs it with the same split and budget).

The model the issue describes: embeddings 128, one LSTM of 256 units on each side, the source reversed, the
decoder's state initialised from the encoder's final state, batch 64, Adam 1e-3, vocabularies of the words seen at
least twice in the training split (same rule and order as the Java Vocabulary), one thread. It reads the tokenised
train/test files written by `nmt split`, trains for a wall-clock budget of training time (evaluation
excluded), evaluates greedy BLEU on the test file after every epoch and when the budget stops one, and at the end
reports greedy and beam-5 BLEU (same beam algorithm and length normalisation as the Java Translator), the greedy
latency per sentence and the training target tokens/s (labels incl. <eos>).
"""
import argparse
import collections
import math
import os
import random
import sys
import time

import torch
import torch.nn as nn

PAD, GO, EOS, UNK = "<pad>", "<go>", "<eos>", "[UNK]"
SPECIALS = [PAD, GO, EOS, UNK]
PAD_ID, GO_ID, EOS_ID, UNK_ID = 0, 1, 2, 3


def read_pairs(path):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if len(cells) >= 2 and cells[0].split() and cells[1].split():
                pairs.append((cells[0].split(), cells[1].split()))
    return pairs


def build_vocab(sentences, max_words, min_count):
    counts = collections.Counter(w for s in sentences for w in s)
    words = [w for w, c in counts.items() if c >= min_count and w not in SPECIALS]
    words.sort(key=lambda w: (-counts[w], w))
    words = SPECIALS + words[:max_words]
    return words, {w: i for i, w in enumerate(words)}


def ngram_counts(tokens, n):
    return collections.Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def corpus_bleu(hyps, refs):
    """NLTK corpus_bleu, one reference, weights 0.25, no smoothing (denominators at least 1 per sentence)."""
    try:
        from nltk.translate.bleu_score import corpus_bleu as nltk_bleu
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return 100 * nltk_bleu([[r] for r in refs], hyps)
    except ImportError:
        pass
    matches, totals = [0] * 4, [0] * 4
    c = r = 0
    for h, ref in zip(hyps, refs):
        for n in range(1, 5):
            hc, rc = ngram_counts(h, n), ngram_counts(ref, n)
            matches[n - 1] += sum(min(v, rc[g]) for g, v in hc.items())
            totals[n - 1] += max(1, sum(hc.values()))
        c += len(h)
        r += len(ref)
    if min(matches) == 0:
        return 0.0
    bp = 1.0 if c > r else (0.0 if c == 0 else math.exp(1 - r / c))
    return 100 * bp * math.exp(sum(math.log(m / t) / 4 for m, t in zip(matches, totals)))


class Seq2Seq(nn.Module):
    """The Java model: reversed source, decoder starting from the encoder's final state; with attention='dot' or
    'general', Luong's global attention over the encoder's outputs (padding masked) and the attentional hidden state
    tanh(W_c [c; h]) fed to the output layer, as the Java GlobalAttentionVertex + attnHidden layer; with 'additive',
    Bahdanau's score v_a . tanh(W_a h_t + U_a e_s) (no biases, as the Java attnQuery, attnKeys, attnPairs and
    attnScores) and the same context and attentional hidden state."""

    def __init__(self, vs, vt, emb, units, attention="none"):
        super().__init__()
        self.attention = attention
        self.src_emb = nn.Embedding(vs, emb)
        self.tgt_emb = nn.Embedding(vt, emb)
        self.encoder = nn.LSTM(emb, units, batch_first=True)
        self.decoder = nn.LSTM(emb, units, batch_first=True)
        if attention == "general":
            self.w_a = nn.Linear(units, units, bias=False)
        if attention == "additive":
            self.w_a = nn.Linear(units, units, bias=False)   # on the decoder's outputs
            self.u_a = nn.Linear(units, units, bias=False)   # on the encoder's outputs
            self.v_a = nn.Linear(units, 1, bias=False)
        if attention != "none":
            self.w_c = nn.Linear(2 * units, units)
        self.out = nn.Linear(units, vt)

    def encode(self, src, lengths):
        """The decoder's initial state; with attention a tuple (state, outputs, keys, mask)."""
        packed = nn.utils.rnn.pack_padded_sequence(self.src_emb(src), lengths.cpu(), batch_first=True,
                                                   enforce_sorted=False)
        outputs, state = self.encoder(packed)
        if self.attention == "none":
            return state
        enc, _ = nn.utils.rnn.pad_packed_sequence(outputs, batch_first=True, total_length=src.size(1))
        if self.attention == "general":
            keys = self.w_a(enc)
        elif self.attention == "additive":
            keys = self.u_a(enc)
        else:
            keys = enc
        return state, enc, keys, src != PAD_ID

    def attend(self, y, memory):
        _, enc, keys, mask = memory
        if self.attention == "additive":   # [b, Td, Ts]
            scores = self.v_a(torch.tanh(self.w_a(y).unsqueeze(2) + keys.unsqueeze(1))).squeeze(-1)
        else:
            scores = torch.bmm(y, keys.transpose(1, 2))
        scores = scores.masked_fill(~mask.unsqueeze(1), -1e9)
        context = torch.bmm(torch.softmax(scores, dim=-1), enc)
        return torch.tanh(self.w_c(torch.cat([context, y], dim=-1)))

    def forward(self, src, lengths, dec_in):
        memory = self.encode(src, lengths)
        if self.attention == "none":
            y, _ = self.decoder(self.tgt_emb(dec_in), memory)
            return self.out(y)
        y, _ = self.decoder(self.tgt_emb(dec_in), memory[0])
        return self.out(self.attend(y, memory))

    def step(self, tokens, state):
        if self.attention == "none":
            y, state = self.decoder(self.tgt_emb(tokens.unsqueeze(1)), state)
            return torch.log_softmax(self.out(y[:, 0]), dim=-1), state
        y, dec_state = self.decoder(self.tgt_emb(tokens.unsqueeze(1)), state[0])
        y = self.attend(y, state)
        return torch.log_softmax(self.out(y[:, 0]), dim=-1), (dec_state,) + tuple(state[1:])

    def select(self, state, rows):
        """The state of the given hypotheses (beam search)."""
        if self.attention == "none":
            return state[0][:, rows], state[1][:, rows]
        (h, c), enc, keys, mask = state
        return (h[:, rows], c[:, rows]), enc[rows], keys[rows], mask[rows]


def pad(seqs):
    t = max(len(s) for s in seqs)
    return torch.tensor([s + [PAD_ID] * (t - len(s)) for s in seqs], dtype=torch.long)


def make_batch(pairs, sidx, tidx):
    src = [[sidx.get(w, UNK_ID) for w in reversed(e)] for e, _ in pairs]
    tgt = [[tidx.get(w, UNK_ID) for w in f] for _, f in pairs]
    lengths = torch.tensor([len(s) for s in src])
    return pad(src), lengths, pad([[GO_ID] + t for t in tgt]), pad([t + [EOS_ID] for t in tgt])


@torch.no_grad()
def greedy(model, sources, sidx, twords, max_output, batch=128):
    model.eval()
    out = []
    for b in range(0, len(sources), batch):
        chunk = sources[b:b + batch]
        src = pad([[sidx.get(w, UNK_ID) for w in reversed(s)] for s in chunk])
        state = model.encode(src, torch.tensor([len(s) for s in chunk]))
        tok = torch.full((len(chunk),), GO_ID, dtype=torch.long)
        words = [[] for _ in chunk]
        done = [False] * len(chunk)
        for _ in range(max_output):
            logp, state = model.step(tok, state)
            tok = logp.argmax(dim=-1)
            for i, t in enumerate(tok.tolist()):
                if done[i]:
                    continue
                if t == EOS_ID:
                    done[i] = True
                else:
                    words[i].append(twords[t])
            if all(done):
                break
        out.extend(words)
    model.train()
    return out


@torch.no_grad()
def beam(model, source, sidx, twords, k, max_output, alpha):
    """The Java Translator.beam algorithm: top-k extensions by summed log-probability; <eos> ones finish and
    shrink the beam; stop at k finished; rank by logp / len^alpha (len counts <eos>)."""
    model.eval()
    src = pad([[sidx.get(w, UNK_ID) for w in reversed(source)]])
    state = model.encode(src, torch.tensor([len(source)]))
    alive, finished = [([], 0.0)], []
    for _ in range(max_output):
        if not alive or len(finished) >= k:
            break
        tok = torch.tensor([ids[-1] if ids else GO_ID for ids, _ in alive])
        logp, new_state = model.step(tok, state)
        width = k - len(finished)
        total = logp + torch.tensor([lp for _, lp in alive]).unsqueeze(1)
        vals, idx = total.view(-1).topk(width)
        nxt, parents = [], []
        v = logp.size(1)
        for val, j in zip(vals.tolist(), idx.tolist()):
            row, w = divmod(j, v)
            ids = alive[row][0]
            if w == EOS_ID:
                finished.append((ids, val, True))
            else:
                nxt.append((ids + [w], val))
                parents.append(row)
        if nxt:
            state = model.select(new_state, torch.tensor(parents))
        alive = nxt
    pool = list(finished)
    if len(finished) < k:
        pool += [(ids, lp, False) for ids, lp in alive]
    best = max(pool, key=lambda h: h[1] / max(1, len(h[0]) + (1 if h[2] else 0)) ** alpha)
    model.train()
    return [twords[i] for i in best[0]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--epochs", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--vocab", type=int, default=20000)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--embedding", type=int, default=128)
    ap.add_argument("--units", type=int, default=256)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--max-output", type=int, default=20)
    ap.add_argument("--beam", type=int, default=5)
    ap.add_argument("--length-penalty", type=float, default=1.0)
    ap.add_argument("--latency", type=int, default=100)
    ap.add_argument("--eval-minutes", type=float, default=0, help="also evaluate every N training minutes")
    ap.add_argument("--attention", choices=["none", "dot", "general", "additive"], default="none",
                    help="Luong's global attention (dot, general) or Bahdanau's additive score, as the Java --attention")
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    os.makedirs(a.out, exist_ok=True)
    train, test = read_pairs(a.train), read_pairs(a.test)
    held = {" ".join(e) for e, _ in test}
    train = [p for p in train if " ".join(p[0]) not in held]
    swords, sidx = build_vocab([e for e, _ in train], a.vocab, a.min_count)
    twords, tidx = build_vocab([f for _, f in train], a.vocab, a.min_count)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread; {len(train)} train, {len(test)} test pairs; "
          f"vocabularies {len(swords)} English, {len(twords)} French", flush=True)
    model = Seq2Seq(len(swords), len(twords), a.embedding, a.units, a.attention)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss(ignore_index=PAD_ID)
    test_src, test_ref = [e for e, _ in test], [f for _, f in test]
    rng = random.Random(a.seed)
    budget = a.minutes * 60
    train_s, cpu_s, tokens_total, epoch = 0.0, 0.0, 0, 0
    rows = []
    out_of_time = False
    eval_s = a.eval_minutes * 60
    next_eval = eval_s if eval_s > 0 else float("inf")

    def record(ep_value, loss_mean, tps, tpc):
        bleu = corpus_bleu(greedy(model, test_src, sidx, twords, a.max_output), test_ref)
        rows.append((ep_value, train_s / 60, loss_mean, bleu, tps, tpc))
        print(f"epoch {ep_value:.2f}  train {train_s / 60:.1f} min  loss {loss_mean:.4f}  "
              f"test BLEU {bleu:.2f}  {tps:.0f} target tokens/s  {tpc:.0f} per CPU s", flush=True)
    while not out_of_time and (a.epochs == 0 or epoch < a.epochs):
        order = train[:]
        rng.shuffle(order)
        batches = (len(order) + a.batch - 1) // a.batch
        loss_sum, ep_tokens, ep_s, ep_cpu, done = 0.0, 0, 0.0, 0.0, 0
        for b in range(batches):
            chunk = order[b * a.batch:(b + 1) * a.batch]
            src, lengths, dec_in, labels = make_batch(chunk, sidx, tidx)
            tokens = int((labels != PAD_ID).sum())
            c0 = time.process_time()
            t0 = time.perf_counter()
            logits = model(src, lengths, dec_in)
            loss = loss_fn(logits.reshape(-1, logits.size(-1)), labels.reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
            dt = time.perf_counter() - t0
            dc = time.process_time() - c0
            cpu_s += dc
            ep_cpu += dc
            train_s += dt
            ep_s += dt
            loss_sum += loss.item() * tokens
            ep_tokens += tokens
            done += 1
            if budget > 0 and train_s >= budget:
                out_of_time = True
                break
            if train_s >= next_eval and b < batches - 1:
                next_eval += eval_s
                record(epoch + done / batches, loss_sum / ep_tokens, ep_tokens / ep_s, ep_tokens / max(ep_cpu, 1e-9))
        tokens_total += ep_tokens
        while next_eval <= train_s:
            next_eval += eval_s
        record(epoch + done / batches, loss_sum / ep_tokens, ep_tokens / ep_s, ep_tokens / max(ep_cpu, 1e-9))
        epoch += 1
    with open(os.path.join(a.out, "metrics.csv"), "w") as f:
        f.write("epoch,train_minutes,loss,test_bleu,target_tokens_per_s,target_tokens_per_cpu_s\n")
        for r in rows:
            f.write(",".join(f"{x:.6g}" for x in r) + "\n")
    hyp_g = greedy(model, test_src, sidx, twords, a.max_output)
    t0 = time.perf_counter()
    hyp_b = [beam(model, s, sidx, twords, a.beam, a.max_output, a.length_penalty) for s in test_src]
    beam_s = time.perf_counter() - t0
    n = min(a.latency, len(test_src))
    greedy(model, test_src[:1], sidx, twords, a.max_output)
    t0 = time.perf_counter()
    for s in test_src[:n]:
        greedy(model, [s], sidx, twords, a.max_output)
    latency_ms = (time.perf_counter() - t0) / n * 1000
    for name, hyps in (("greedy", hyp_g), (f"beam{a.beam}", hyp_b)):
        with open(os.path.join(a.out, f"hyp-{name}.txt"), "w", encoding="utf-8") as f:
            f.write("".join(" ".join(h) + "\n" for h in hyps))
    exact = sum(h == r for h, r in zip(hyp_g, test_ref)) / len(test_ref)
    print(f"final: train {train_s / 60:.1f} min, {tokens_total / train_s:.0f} target tokens/s; "
          f"greedy BLEU {corpus_bleu(hyp_g, test_ref):.2f} (exact {100 * exact:.1f} %); "
          f"beam-{a.beam} BLEU {corpus_bleu(hyp_b, test_ref):.2f} ({beam_s:.0f} s); "
          f"greedy latency {latency_ms:.2f} ms/sentence", flush=True)
    print(f"RESULT tokens_per_s={tokens_total / train_s:.1f} tokens_per_cpu_s={tokens_total / cpu_s:.1f} greedy_bleu={corpus_bleu(hyp_g, test_ref):.4f} "
          f"beam_bleu={corpus_bleu(hyp_b, test_ref):.4f} latency_ms={latency_ms:.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
