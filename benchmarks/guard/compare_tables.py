#!/usr/bin/env python3
"""Compares the results tables of two CellActors SQLite databases written from the same frames.

Usage: compare_tables.py BASE.db NEW.db
Every table present in both is compared on the columns both have (a later build may add columns or tables; those
are listed, not compared), rows ordered by all compared columns. Columns that record when or where a run happened
(timestamps, the source path, run ids and batch layout) are left out. Exit status 0 when every compared table is
identical, 1 otherwise (the first differing row of each table is printed).
"""
import hashlib
import sqlite3
import sys

# When/where a run happened, not what it found.
VOLATILE = {"created_at", "completed_at", "committed_at", "started_at", "ended_at", "at", "updated_at", "imported_at",
            "source", "fingerprint", "uri", "run_id", "committed_at_start", "frames_processed", "message"}
# Bookkeeping tables whose rows describe the run itself (timing, batching), not its results.
SKIP_TABLES = {"runs", "batches", "jobs", "schema_version", "tracking"}


def tables(db):
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}


def columns(db, table):
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


def digest(db, table, cols):
    q = f"SELECT {', '.join(cols)} FROM {table} ORDER BY {', '.join(cols)}"
    h = hashlib.sha256()
    n = 0
    for row in db.execute(q):
        h.update(repr(row).encode())
        n += 1
    return h.hexdigest(), n


def first_difference(a, b, table, cols):
    q = f"SELECT {', '.join(cols)} FROM {table} ORDER BY {', '.join(cols)}"
    for ra, rb in zip(a.execute(q), b.execute(q)):
        if ra != rb:
            return ra, rb
    return None


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    a = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    b = sqlite3.connect(f"file:{sys.argv[2]}?mode=ro", uri=True)
    ta, tb = tables(a), tables(b)
    same = True
    for t in sorted((ta & tb) - SKIP_TABLES):
        ca, cb = columns(a, t), columns(b, t)
        common = [c for c in ca if c in cb and c not in VOLATILE]
        extra = [c for c in cb if c not in ca]
        da, na = digest(a, t, common)
        db_, nb = digest(b, t, common)
        status = "identical" if da == db_ else "DIFFERENT"
        if da != db_:
            same = False
        note = f"; new columns not compared: {', '.join(extra)}" if extra else ""
        print(f"{t:22s} {status:9s} rows {na} vs {nb}, {len(common)} columns compared{note}")
        if da != db_:
            d = first_difference(a, b, t, common)
            if d:
                print(f"  first difference:\n    base {d[0]}\n    new  {d[1]}")
    for t in sorted(tb - ta - SKIP_TABLES):
        print(f"{t:22s} new table, not compared")
    print("tables identical" if same else "TABLES DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
