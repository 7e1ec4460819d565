#!/usr/bin/env python3
"""Runs one of Benchmarks/duckdb/*.sql on an input, writing JSON Lines: the
DuckDB yardstick of Benchmarks/run.sh (pip install duckdb). DuckDB uses every
core. Exits 3 when the duckdb module is not installed.

    python3 Benchmarks/duckdb-yardstick.py Benchmarks/duckdb/register.sql IN.csv OUT.jsonl
"""
import sys

try:
    import duckdb
except ImportError:
    sys.exit(3)


def main():
    sql, source, output = sys.argv[1:4]
    with open(sql, encoding="utf-8") as handle:
        script = handle.read()
    quoted = lambda path: path.replace("'", "''")
    duckdb.connect().execute(script.replace("{input}", quoted(source)).replace("{output}", quoted(output)))


if __name__ == "__main__":
    main()
