#!/usr/bin/env python3
"""Baseline for bench/run.sh: the rule pack matched the way common bot frameworks do it, every
pattern tried one by one with Python's `re`, on the same (pre-normalized) messages.

Usage: python_re_loop.py --pack PATH[,PATH] --messages NORMALIZED.txt [--limit N]
Prints one JSON line like intent_bench (engine, msgs_per_s, peak_rss_mib, matched, digest).
"""
import argparse
import glob
import json
import os
import re
import resource
import time


def strip_comments(text):
    """Removes // and /* */ comments outside JSON strings."""
    out, i, n, in_str = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\":
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def load_intents(paths):
    files = []
    for p in paths:
        files += sorted(glob.glob(os.path.join(p, "*.json"))) if os.path.isdir(p) else [p]
    intents = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            intents += json.loads(strip_comments(fh.read())).get("intents", [])
    return intents


def compile_rule(it):
    def lit(s):
        return re.compile(re.escape(s.lower()))
    pats = [[[lit(k)]] for k in it.get("keywords", [])]
    pats += [[[re.compile(r)]] for r in it.get("regex", [])]
    for co in it.get("all", []):
        pats.append([[lit(t) for t in ([g] if isinstance(g, str) else g)] for g in co])
    excl = [lit(k) for k in it.get("exclude", [])] + [re.compile(r) for r in it.get("exclude_regex", [])]
    return pats, excl


def matches(rule, text):
    pats, excl = rule
    for groups in pats:
        if all(any(r.search(text) for r in g) for g in groups):
            return not any(r.search(text) for r in excl)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", required=True)
    ap.add_argument("--messages", required=True)
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    rules = [compile_rule(it) for it in load_intents(a.pack.split(","))]
    with open(a.messages, encoding="utf-8") as fh:
        msgs = fh.read().split("\n")
    if msgs and msgs[-1] == "":
        msgs.pop()
    if a.limit:
        msgs = msgs[: a.limit]
    matched = 0
    t0 = time.perf_counter()
    for m in msgs:
        for r in rules:
            if matches(r, m):
                matched += 1
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"engine": "python_re_loop", "intents": len(rules), "messages": len(msgs),
                      "seconds": dt, "msgs_per_s": len(msgs) / dt, "peak_rss_mib": rss,
                      "matched": matched}))


if __name__ == "__main__":
    main()
