"""Helper of bench/word2vec-vs-gensim.sh, run with Debian's /usr/bin/python3 (python3-gensim).

  word2vec_gensim.py train CORPUS OUT_DIR THREADS EPOCHS [SAVE]
                                                skip-gram + negative sampling with the bench settings; prints JSON
                                                timings; writes vectors.bin and vectors.txt unless SAVE is 0
  word2vec_gensim.py evaluate VECTORS QUESTIONS gensim's evaluate_word_analogies (restrict 300,000)
  word2vec_gensim.py same A B                   True if two vectors files load with identical words and values
"""
import json
import sys
import time

import numpy as np
from gensim.models import KeyedVectors, Word2Vec
from gensim.models.word2vec import LineSentence


def load(path):
    return KeyedVectors.load_word2vec_format(path, binary=not path.endswith(".txt"))


def train(corpus, out, threads, epochs, save="1"):
    epochs = int(epochs)
    model = Word2Vec(vector_size=100, window=5, negative=5, hs=0, sg=1, sample=1e-3, min_count=5,
                     alpha=0.025, min_alpha=0.0001, epochs=epochs, workers=int(threads), seed=42)
    t0 = time.time()
    model.build_vocab(LineSentence(corpus))
    t1 = time.time()
    model.train(LineSentence(corpus), total_examples=model.corpus_count, total_words=model.corpus_total_words,
                epochs=epochs)
    t2 = time.time()
    words = model.corpus_total_words * epochs
    if save != "0":
        model.wv.save_word2vec_format(out + "/vectors.bin", binary=True)
        model.wv.save_word2vec_format(out + "/vectors.txt", binary=False)
    print(json.dumps({"corpusWords": model.corpus_total_words, "epochs": epochs, "threads": int(threads),
                      "vocabularySize": len(model.wv), "vocabSeconds": t1 - t0, "trainSeconds": t2 - t1,
                      "trainWordsPerSecond": words / (t2 - t1), "fitWordsPerSecond": words / (t2 - t0)}))


def evaluate(vectors, questions):
    kv = load(vectors)
    score, sections = kv.evaluate_word_analogies(questions, restrict_vocab=300000, case_insensitive=True)
    answered = sum(len(s["correct"]) + len(s["incorrect"]) for s in sections if s["section"] == "Total accuracy")
    print(json.dumps({"accuracy": score, "answered": answered}))


def same(a, b):
    ka, kb = load(a), load(b)
    ok = ka.index_to_key == kb.index_to_key and np.array_equal(ka.vectors, kb.vectors)
    print(json.dumps({"a": a, "b": b, "identical": bool(ok), "words": len(ka.index_to_key)}))
    return ok


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "train":
        train(*args)
    elif cmd == "evaluate":
        evaluate(*args)
    elif cmd == "same":
        sys.exit(0 if same(*args) else 1)
    else:
        sys.exit("unknown command " + cmd)
