#!/usr/bin/env python3
"""Measures the rule pack on the labelled sets in ../shared/data (never copied into the repo).

A thin wrapper over `gridgate eval`, which does the measuring in-process (the same engine the
gateway runs): on `chat_dev.jsonl` it prints kind, category and urgency accuracy, emergency
recall, false emergencies, false tickets, coverage, confusion matrices and the misses; on the
letters CSV (`tipdm2020c_dev.csv`, title's intent first) accuracy, macro-F1 and coverage.
Files that are absent are skipped, and with no data at all the script says so and exits 0.

Usage: python3 scripts/eval_rules.py --gridgate build/app/gridgate --config config/demo
       [--data-dir ../shared/data] [--misses N] [--half odd|even]
"""
import argparse
import os
import subprocess
import sys

FILES = ["chat_dev.jsonl", "tipdm2020c_dev.csv"]


def default_data_dir():
    shared = os.environ.get("GRIDGATE_SHARED_DIR")
    if not shared:
        here = os.path.dirname(os.path.abspath(__file__))
        shared = os.path.join(here, "..", "..", "shared")
    return os.path.join(shared, "data")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gridgate", required=True, help="path to the gridgate binary")
    ap.add_argument("--config", required=True, help="config directory (selects the rule pack)")
    ap.add_argument("--data-dir", default=default_data_dir())
    ap.add_argument("--misses", type=int, default=40)
    ap.add_argument("--half", choices=["odd", "even"], help="only every other line")
    args = ap.parse_args()
    present = [os.path.join(args.data_dir, f) for f in FILES
               if os.path.exists(os.path.join(args.data_dir, f))]
    if not present:
        print(f"eval: no labelled data in {args.data_dir}; skipping")
        return 0
    cmd = [args.gridgate, "eval", "--config", args.config, "--misses", str(args.misses)]
    if args.half:
        cmd += ["--half", args.half]
    return subprocess.run(cmd + present, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
