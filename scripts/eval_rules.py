#!/usr/bin/env python3
"""Measures the rule pack on the labelled development set (../shared/data/tipdm2020c_dev.csv).

Each message (title + "。" + detail) is classified by `gridgate classify --config DIR -` (JSONL
in, JSONL out); the prediction is the first-level class (dept_class) of the primary intent, and
"no intent" counts as wrong. Prints accuracy, macro-F1 over the classes present in the data,
per-class precision/recall/F1 and coverage (share of messages with any intent).

Usage: python3 scripts/eval_rules.py --gridgate build/app/gridgate --config config/demo
       [--data ../shared/data/tipdm2020c_dev.csv] [--markdown] [--errors N]
The data is read where it lies and never copied into the repository.
"""
import argparse
import collections
import csv
import datetime
import json
import os
import subprocess
import sys


def default_data_path():
    shared = os.environ.get("GRIDGATE_SHARED_DIR")
    if not shared:
        here = os.path.dirname(os.path.abspath(__file__))
        shared = os.path.join(here, "..", "..", "shared")
    return os.path.join(shared, "data", "tipdm2020c_dev.csv")


def classify_all(gridgate, config, texts):
    payload = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                      for i, t in enumerate(texts))
    proc = subprocess.run([gridgate, "classify", "--config", config, "-"], input=payload,
                          capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"classify failed ({proc.returncode}): {proc.stderr.strip()}")
    results = {}
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line:
            obj = json.loads(line)
            results[obj["id"]] = obj
    return [results.get(i, {}) for i in range(len(texts))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gridgate", required=True, help="path to the gridgate binary")
    ap.add_argument("--config", required=True, help="config directory (selects the rule pack)")
    ap.add_argument("--data", default=default_data_path())
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table too")
    ap.add_argument("--errors", type=int, default=0,
                    help="print the first N misclassified message ids (no text) with rules")
    args = ap.parse_args()
    if not os.path.exists(args.data):
        print(f"eval: data set not found at {args.data}; skipping")
        return 0

    with open(args.data, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    texts = [r["title"] + "。" + r["detail"] for r in rows]
    gold = [r["label_l1"] for r in rows]
    out = classify_all(args.gridgate, args.config, texts)
    pred = [o.get("dept_class") if o.get("intent") else None for o in out]

    classes = sorted(set(gold))
    n = len(gold)
    correct = sum(1 for g, p in zip(gold, pred) if g == p)
    covered = sum(1 for p in pred if p is not None)
    rows_out = []
    f1s = []
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        f1s.append(f1)
        rows_out.append((c, tp + fn, prec, rec, f1))
    macro = sum(f1s) / len(f1s)

    print(f"data: {args.data} ({n} messages, {len(classes)} classes)")
    print(f"accuracy  {correct / n:.3f} ({correct}/{n})")
    print(f"macro-F1  {macro:.3f}")
    print(f"coverage  {covered / n:.3f} ({n - covered} messages with no intent)")
    print(f"{'class':<16}{'n':>5}{'P':>8}{'R':>8}{'F1':>8}")
    for c, support, p, r, f in rows_out:
        print(f"{c:<16}{support:>5}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
    confusion = collections.Counter((g, p or "(none)") for g, p in zip(gold, pred) if g != p)
    print("most frequent confusions (gold -> predicted):")
    for (g, p), k in confusion.most_common(8):
        print(f"  {g} -> {p}: {k}")
    if args.errors:
        shown = 0
        for r, g, p, o in zip(rows, gold, pred, out):
            if g != p and shown < args.errors:
                print(f"  msg {r['msg_id']}: gold={g} pred={p} intent={o.get('intent')} "
                      f"pattern={o.get('pattern')}")
                shown += 1
    if args.markdown:
        print()
        print(f"Measured {datetime.date.today().isoformat()} on `{os.path.basename(args.data)}` "
              f"({n} messages): accuracy **{correct / n:.3f}**, macro-F1 **{macro:.3f}**, "
              f"coverage **{covered / n:.3f}**.")
        print()
        print("| class | n | precision | recall | F1 |")
        print("|---|---|---|---|---|")
        for c, support, p, r, f in rows_out:
            print(f"| {c} | {support} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
