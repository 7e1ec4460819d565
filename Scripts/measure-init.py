#!/usr/bin/env python3
"""How well `htcds init` drafts the shipped mappings: for each shipped mapping,
init runs on the same sample (with the reader options the mapping gives its
source, as a user would pass them), and the draft is compared with the
hand-written mapping:

  columns  the hand mapping's case id and case-level columns (from:, flags),
           and how many of them init sent to the same field (or flag value);
  values   both mappings convert the sample; for every case and every
           picklist or code-list field the hand mapping filled, whether the
           draft produced the same value.

Needs a built htcds (swift build) and PyYAML. Prints a table; not a test.

    python3 Scripts/measure-init.py [--verbose] [path/to/htcds]
"""
import json
import os
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VERBOSE = "--verbose" in sys.argv
ARGUMENTS = [argument for argument in sys.argv[1:] if argument != "--verbose"]
HTCDS = ARGUMENTS[0] if ARGUMENTS else os.path.join(ROOT, ".build", "debug", "htcds")


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.BaseLoader)  # every scalar as text, as the engine reads them


def column_targets(mapping):
    """column -> target ("case id", a field, or field=flag value)."""
    targets = {mapping["case_id"]: "case id"}
    for field, entry in (mapping.get("fields") or {}).items():
        if isinstance(entry, str):
            targets.setdefault(entry, field)
        elif isinstance(entry, list):
            for column in entry:
                targets.setdefault(column, field)
        elif isinstance(entry, dict):
            source = entry.get("from")
            for column in ([source] if isinstance(source, str) else source or []):
                targets.setdefault(column, field)
            for column, value in (entry.get("flags") or {}).items():
                targets.setdefault(column, f"{field}={value}")
    return targets


def init_arguments(mapping, sample):
    source = mapping["source"]
    arguments = [HTCDS, "init", sample, "--reader", source["reader"]]
    for key, value in source.items():
        if key in ("reader", "path", "empty"):
            continue
        if key == "namespaces":
            arguments += [item for prefix, uri in value.items() for item in ("--namespace", f"{prefix}={uri}")]
        else:
            arguments += ["--option", f"{key}={value}"]
    return arguments


def convert(mapping_path, sample, out):
    subprocess.run([HTCDS, "convert", "--mapping", mapping_path, sample, "-o", out],
                   check=True, stderr=subprocess.DEVNULL, cwd=ROOT)
    with open(out, encoding="utf-8") as handle:
        # Keyed by where the record starts: the two mappings may pick different case-id columns.
        return {json.dumps(record["source"], sort_keys=True): record for record in map(json.loads, handle)}


def main():
    fields = json.loads(subprocess.run([HTCDS, "fields", "--format", "json"], capture_output=True, check=True).stdout)
    fields = fields["fields"] if isinstance(fields, dict) else fields
    coded = {f["name"] for f in fields if f.get("values") or f.get("codeList")}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name in sorted(os.listdir(os.path.join(ROOT, "Mappings"))):
            if not name.endswith(".yaml"):
                continue
            hand_path = os.path.join(ROOT, "Mappings", name)
            hand = load(hand_path)
            sample = os.path.normpath(os.path.join(ROOT, "Mappings", hand["source"]["path"]))
            draft_path = os.path.join(folder, name)
            subprocess.run(init_arguments(hand, sample) + ["-o", draft_path, "--force"], check=True,
                           stderr=subprocess.DEVNULL, cwd=ROOT)
            draft = load(draft_path)
            hand_targets, draft_targets = column_targets(hand), column_targets(draft)
            right = sum(1 for column, target in hand_targets.items() if draft_targets.get(column) == target)
            if VERBOSE:
                for column, target in hand_targets.items():
                    if draft_targets.get(column) != target:
                        print(f"  {name}: {column!r}: hand {target}, init {draft_targets.get(column)}")
            extra = sum(1 for column in draft_targets if column not in hand_targets)

            hand_records = convert(hand_path, sample, os.path.join(folder, "hand.jsonl"))
            draft_records = convert(draft_path, sample, os.path.join(folder, "draft.jsonl"))
            values = same = 0
            misses = {}
            for case_id, record in hand_records.items():
                for field, value in record.items():
                    if field in coded:
                        values += 1
                        if draft_records.get(case_id, {}).get(field) == value:
                            same += 1
                        else:
                            misses[field] = misses.get(field, 0) + 1
            if VERBOSE and misses:
                print(f"  {name}: values differing, by field: {misses}")
            rows.append((name, right, len(hand_targets), extra, same, values))
    print(f"{'mapping':32} {'columns right':>14} {'extra':>6} {'values right':>14}")
    totals = [0, 0, 0, 0, 0]
    for name, right, columns, extra, same, values in rows:
        print(f"{name:32} {right:>5}/{columns:<4} {percent(right, columns):>4} {extra:>6} {same:>5}/{values:<4} {percent(same, values):>4}")
        for index, number in enumerate((right, columns, extra, same, values)):
            totals[index] += number
    right, columns, extra, same, values = totals
    print(f"{'all':32} {right:>5}/{columns:<4} {percent(right, columns):>4} {extra:>6} {same:>5}/{values:<4} {percent(same, values):>4}")


def percent(part, whole):
    return f"{round(100 * part / whole)}%" if whole else "-"


if __name__ == "__main__":
    main()
