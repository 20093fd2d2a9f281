"""Reference for the benchmark: a plain loop computing the spec's measures one situation at a time.

Usage: python bench/reference_assess.py FOLDER > out.json

Straightforward on purpose (its own code, not netmap's): read each JSON file with
``json.load``, take the latest assessment, build the actor graph with networkx, compute
every measure of shared/spec/measures.md (Gaps, Fragility, Intersectoral, readiness,
flag codes, fragility level) and print one JSON array. No validation, no sentences, no
parallelism. Its output equals ``netmap assess FOLDER --json`` without the sentences.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
PRIMARY = {d["code"]: d["primary_sector"]
           for d in json.loads((ROOT / "netmap" / "data" / "taxonomy" / "domains.json").read_text(encoding="utf-8"))["domains"]}
SEVERITY = {"UNCOVERED_NEED": "high", "EXHAUSTED_SOLE_PROVIDER": "high", "CM_HOLDS_NETWORK": "high",
            "SPLIT_NETWORK": "high", "AT_RISK_PROVIDER": "high",
            "SOLE_PROVIDER": "medium", "CUT_ACTOR": "medium", "INFORMAL_ONLY": "medium", "EXHAUSTED_ACTOR": "medium",
            "CONFLICT": "medium", "SILOED_SECTOR": "low", "ISOLATED_PROVIDER": "low"}
_EXH = json.loads((ROOT / "data" / "taxonomy" / "exhaustion.json").read_text(encoding="utf-8"))
EXHAUSTED_FROM, TOP = _EXH["exhausted_from"], max(x["level"] for x in _EXH["levels"])


def one_component(g, nodes):
    nodes = set(nodes)
    if len(nodes) <= 1:
        return True
    return nodes <= nx.node_connected_component(g, next(iter(nodes)))


def measure(sit, a):
    actors = {x["id"]: x for x in a["actors"] if x.get("active", True)}
    cms = {i for i, x in actors.items() if x.get("case_manager", False)}
    providers = set(actors) - cms
    needs = [n for n in a["needs"] if n.get("status", "active") == "active"]
    cov = {n["id"]: {x for x in n["covered_by"] if x in providers} for n in needs}
    g = nx.Graph()
    g.add_nodes_from(actors)
    for t in a["ties"]:
        if t["kind"] != "conflict" and t["a"] in actors and t["b"] in actors:
            g.add_edge(t["a"], t["b"])
    g2 = g.copy()
    g2.remove_nodes_from(cms)

    uncovered = sorted(n["id"] for n in needs if not cov[n["id"]])
    thin = sorted(n["id"] for n in needs if len(cov[n["id"]]) == 1)
    informal = sorted(n["id"] for n in needs
                      if cov[n["id"]] and all(actors[x]["sector"] == "informal" for x in cov[n["id"]]))
    psectors = {actors[p]["sector"] for p in providers}
    missing = sorted({PRIMARY[n["domain"]] for n in needs
                      if n["id"] in uncovered and PRIMARY[n["domain"]] not in psectors})
    exhausted = sorted(i for i, x in actors.items() if (x.get("exhaustion") or 0) >= EXHAUSTED_FROM)
    sole = {}
    for n in needs:
        if len(cov[n["id"]]) == 1:
            sole.setdefault(next(iter(cov[n["id"]])), []).append(n["id"])
    sole = {p: sorted(v) for p, v in sorted(sole.items())}
    esp = [i for i in exhausted if i in sole]
    covering = set().union(*cov.values()) if cov else set()
    holds = bool(covering) and one_component(g, covering) and not one_component(g2, covering)
    groups = sum(1 for c in nx.connected_components(g2) if c & covering)
    at_risk = sorted(p for p in covering if (actors[p].get("exhaustion") or 0) >= TOP)
    conflicts = set()
    for t in a["ties"]:
        if t["kind"] == "conflict" and t["a"] in actors and t["b"] in actors:
            conflicts.add(tuple(sorted((t["a"], t["b"]))))
    for i, x in actors.items():
        if x.get("tie_to_person", "normal") == "conflict":
            conflicts.add(("person", i))
    sector = {i: x["sector"] for i, x in actors.items()}
    sectors = sorted(set(sector.values()))
    ties = {}
    e = i_ = lang = 0
    for x, y in g.edges():
        k = "|".join(sorted((sector[x], sector[y])))
        ties[k] = ties.get(k, 0) + 1
        if sector[x] == sector[y]:
            i_ += 1
        else:
            e += 1
        lx, ly = actors[x].get("language"), actors[y].get("language")
        if lx and ly and lx != ly:
            lang += 1
    siloed = []
    if len(sectors) >= 2:
        for s in sectors:
            if not any(sector[x] == s and sector[y] != s or sector[y] == s and sector[x] != s for x, y in g.edges()):
                siloed.append(s)
    bc = nx.betweenness_centrality(g)
    brokers = dict(sorted(((i, round(v, 4)) for i, v in bc.items() if v > 0), key=lambda kv: (kv[1], kv[0])))
    m = {
        "uncovered_needs": uncovered, "thin_needs": thin, "informal_only_needs": informal,
        "missing_sectors": missing, "coverage": (len(needs) - len(uncovered)) / len(needs) if needs else None,
        "exhausted_actors": exhausted, "at_risk_providers": at_risk, "sole_providers": sole,
        "exhausted_sole_providers": esp,
        "cut_actors": sorted(nx.articulation_points(g2)), "components": nx.number_connected_components(g),
        "isolated_providers": sorted(p for p in providers if g.degree(p) == 0),
        "components_without_cm": nx.number_connected_components(g2), "cm_holds_network": holds,
        "provider_groups": groups, "conflicts": [list(c) for c in sorted(conflicts)], "sectors": sectors, "sector_count": len(sectors),
        "sector_ties": dict(sorted(ties.items())), "ei_index": (e - i_) / (e + i_) if e + i_ else None,
        "cross_sector_ties": e, "siloed_sectors": siloed, "brokers": brokers, "language_ties": lang,
    }
    todo = [x for x in a.get("actions", []) if x["status"] == "todo"]
    crit = {
        "all_needs_covered": not uncovered,
        "no_exhausted_sole_provider": not esp,
        "holds_without_cm": not holds and one_component(g2, covering),
        "plan_owned": all((x["owner"] == "person" or x["owner"] in providers) and x.get("due") for x in todo),
        "consent": sit["person"]["consent"] in ("given", "not_required"),
        "referent_named": any(actors[p].get("referent", False) for p in providers),
        "redundancy": not thin,
        "no_conflict": not conflicts,
        "several_providers": len(providers) >= 2,
    }
    blocking = [k for k in ("all_needs_covered", "no_exhausted_sole_provider", "holds_without_cm", "plan_owned",
                            "consent") if not crit[k]]
    flags = [("UNCOVERED_NEED", [i]) for i in uncovered] + [("EXHAUSTED_SOLE_PROVIDER", [i]) for i in esp]
    if holds:
        flags.append(("CM_HOLDS_NETWORK", sorted(cms)))
    elif groups > 1:
        flags.append(("SPLIT_NETWORK", sorted(covering)))
    high = set(esp) | set(at_risk)
    flags += [("AT_RISK_PROVIDER", [i]) for i in at_risk if i not in esp]
    flags += [("SOLE_PROVIDER", [i]) for i in sole if i not in high] + [("CUT_ACTOR", [i]) for i in m["cut_actors"]]
    flags += [("INFORMAL_ONLY", [i]) for i in informal] + [("EXHAUSTED_ACTOR", [i]) for i in exhausted if i not in high]
    flags += [("CONFLICT", c) for c in m["conflicts"]] + [("SILOED_SECTOR", [s]) for s in siloed]
    flags += [("ISOLATED_PROVIDER", [i]) for i in m["isolated_providers"]]
    flags.sort()
    sev = {SEVERITY[c] for c, _ in flags}
    return {
        "situation": sit["id"], "assessment": a["date"], "measures": m,
        "readiness": {"ready": not blocking, "score": round(sum(crit.values()) / 9, 3),
                      "criteria": {k: "pass" if v else "fail" for k, v in crit.items()},
                      "blocking_failures": blocking},
        "flags": [{"code": c, "severity": SEVERITY[c], "ids": ids} for c, ids in flags],
        "fragility": next((lv for lv in ("high", "medium", "low") if lv in sev), "none"),
    }


def main() -> None:
    out = []
    for path in sorted(Path(sys.argv[1]).glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        with open(path, encoding="utf-8") as fh:
            sit = json.load(fh)
        if sit["assessments"]:
            latest = max(sit["assessments"], key=lambda a: a["date"])
            out.append(measure(sit, latest))
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
