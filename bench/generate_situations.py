"""Generate N valid situation files by perturbing renamed copies of the shared examples (benchmark input).

Usage: python bench/generate_situations.py N FOLDER [--seed S]

Each copy gets a new id, 0–5 extra actors of random sectors, random extra ties and
coverage, and re-drawn exhaustion levels, so that no two situations measure alike.
No real data: labels are role words, ids are synthetic.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = [HERE.parent / "tests" / "data" / f"{n}.json" for n in ("youth-brussels", "elderly-namur")]
SECTORS = ["cpas", "social_work", "housing", "primary_care", "hospital", "mental_health", "addiction", "home_care",
           "disability", "youth_family", "education", "employment", "justice", "community", "migration"]
DOMAINS = ["finances", "housing", "mental_health", "physical_health", "basic_adl", "social_network",
           "rights_admin", "substance_use", "family_relations", "daily_activities"]
KINDS = ["coordination", "support", "information", "conflict"]


def perturb(base: dict, i: int, rng: random.Random) -> dict:
    s = copy.deepcopy(base)
    s["id"] = f"SYN-{i:05d}"
    for a in s["assessments"]:
        ids = [x["id"] for x in a["actors"]]
        for j in range(rng.randint(0, 5)):
            new = f"x{j}"
            if rng.random() < 0.25:
                a["actors"].append({"id": new, "label": f"Proche {j}", "formal": False, "sector": "informal",
                                    "exhaustion": rng.choice([None, 0, 1, 2, 3])})
            else:
                a["actors"].append({"id": new, "label": f"Service {j}", "formal": True,
                                    "sector": rng.choice(SECTORS), "language": rng.choice([None, "fr", "nl"])})
            ids.append(new)
        for x in a["actors"]:
            if not x.get("formal", True) and rng.random() < 0.5:
                x["exhaustion"] = rng.choice([None, 0, 1, 2, 3])
        seen = {(frozenset((t["a"], t["b"])), t["kind"]) for t in a["ties"]}
        for _ in range(rng.randint(0, 8)):
            x, y, kind = rng.choice(ids), rng.choice(ids), rng.choice(KINDS)
            if x != y and (frozenset((x, y)), kind) not in seen:
                seen.add((frozenset((x, y)), kind))
                a["ties"].append({"a": x, "b": y, "kind": kind})
        for n in a["needs"]:
            if rng.random() < 0.3:
                extra = rng.choice(ids)
                if extra not in n["covered_by"]:
                    n["covered_by"].append(extra)
        for j in range(rng.randint(0, 3)):
            cov = rng.sample(ids, rng.randint(0, 2))
            a["needs"].append({"id": f"m{j}", "domain": rng.choice(DOMAINS), "covered_by": cov})
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    bases = [json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    args.folder.mkdir(parents=True, exist_ok=True)
    for i in range(args.n):
        s = perturb(rng.choice(bases), i, rng)
        (args.folder / f"{s['id']}.json").write_text(json.dumps(s, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
