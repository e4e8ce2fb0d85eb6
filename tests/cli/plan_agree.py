#!/usr/bin/env python3
"""tests/cli/plan_agree.py — the comparison of test_plan.sh's agreement
cases.

  plan_agree.py NAME PLAN.json PLAN_RC REPORT.json RUN_RC

exits 0 when `pgscrub plan --format json` (PLAN.json, its exit status
PLAN_RC) says what the run with the same rules and options did (its
--report, REPORT.json, and exit status RUN_RC):

- the same exit status: the plan exits as the run would;
- when the run stopped (3): the plan's one problem is the run's error;
- when it ran (0): the same tables in the same (TOC) order, each with the
  action the run took — copy is "copied", recompress "recompressed",
  rewrite "rewritten" with no row filter, filter "rewritten" with its rows
  decided one by one, truncate "truncated"; for a rewritten table every
  column the plan lists as rewritten is in the report with the same rule
  and origin, and the plan's kept columns make up the rest; statistics
  entries removed and value lists removed, and large objects, equal.

Both read one resolver (plan.c, subset.c), so a difference is a bug.
"""
import json
import sys

ACTIONS = {"copy": "copied", "recompress": "recompressed",
           "rewrite": "rewritten", "filter": "rewritten",
           "truncate": "truncated"}


def fail(name, msg):
    print(f"{name}: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    name, plan_path, plan_rc, report_path, run_rc = sys.argv[1:6]
    if plan_rc != run_rc:
        fail(name, f"plan exits {plan_rc}, the run {run_rc}")
    plan = json.load(open(plan_path))
    report = json.load(open(report_path))
    if run_rc != "0":
        if run_rc == "3":
            probs = plan["problems"]
            if len(probs) != 1 or probs[0]["message"] != report.get("error"):
                fail(name, f"plan's problems {probs} are not the run's error "
                     f"{report.get('error')!r}")
            if plan["ok"]:
                fail(name, "plan says ok, the run stopped")
        return
    if not plan["ok"] or plan["problems"]:
        fail(name, "the run went ahead, the plan has problems")
    pt = [(t["schema"], t["name"]) for t in plan["tables"]]
    rt = [(t["schema"], t["table"]) for t in report["tables"]]
    if pt != rt:
        fail(name, f"tables differ:\n  plan   {pt}\n  report {rt}")
    for p, r in zip(plan["tables"], report["tables"]):
        where = f"{p['schema']}.{p['name']}"
        if ACTIONS.get(p["action"]) != r["action"]:
            fail(name, f"{where}: plan {p['action']}, run {r['action']}")
        filtered = "rows_kept" in r
        if (p["action"] == "filter") != filtered:
            fail(name, f"{where}: plan {p['action']}, run filtered={filtered}")
        if r["action"] != "rewritten":
            # A table copied whole cannot have a rewritten column: one
            # that follows a key once did, and leaked.
            if p["columns"] and p["action"] in ("copy", "recompress"):
                fail(name, f"{where}: {p['action']}, but columns "
                     f"{[c['name'] for c in p['columns']]} are rewritten")
            continue
        cols = {c["column"]: c for c in r.get("columns", [])}
        for c in p["columns"]:
            rc = cols.get(c["name"])
            if rc is None or rc["rule"] != c["rule"] or \
                    rc.get("origin") != c["origin"]:
                fail(name, f"{where}.{c['name']}: plan {c}, report {rc}")
        if len(p["columns"]) + p["kept_columns"] != len(cols):
            fail(name, f"{where}: plan {len(p['columns'])} rewritten + "
                 f"{p['kept_columns']} kept, report {len(cols)} columns")
    ps, rs = plan["statistics"], report["statistics"]
    for k in ("value_lists_removed", "entries_removed"):
        if ps.get(k, 0) != rs[k]:
            fail(name, f"statistics {k}: plan {ps.get(k)}, run {rs[k]}")
    pl, rl = plan["large_objects"], report["large_objects"]
    if pl["blocks"] != rl["blocks"] or pl["action"] != rl["action"]:
        fail(name, f"large objects: plan {pl}, run {rl}")


main()
