"""netmap assess PATH: the measures of each situation, as a report in words or as the spec's JSON."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..errors import Problem, UsageError, ValidationError
from ..model import Situation
from ..progress import tracked
from .common import add_path_argument, iso_date, load_path, pick_situations

DESCRIPTION = """\
Measure the network of each situation: uncovered needs, exhausted and sole providers,
who holds the network, which sectors work together, whether the case manager can withdraw.
By default a report in French (--lang en for English) of the latest assessment of each
situation on or before --at.

--json prints the JSON array of shared/spec/measures.md ("Machine-readable output"): one
object per situation for its latest assessment on or before --at (situations without one
are skipped), each flag with its fr and en sentence. With --all-assessments, one object per
assessment instead: with the sentences removed, this reproduces the examples'
*.expected.json files exactly.
"""


def register(sub) -> None:
    p = sub.add_parser("assess", help="measure each situation's network (gaps, fragility, readiness, flags)",
                       description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_path_argument(p)
    p.add_argument("--situation", metavar="ID", help="only the situation with this id")
    p.add_argument("--at", type=iso_date, metavar="DATE",
                   help="use the latest assessment dated on or before DATE (default: the latest)")
    p.add_argument("--without", metavar="ACTOR[,ACTOR…]",
                   help="what-if: measure as if these actors (ids, comma-separated) were no longer there; "
                        "needs --situation")
    p.add_argument("--json", action="store_true", help="print the spec's JSON array instead of a report")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the report (default fr)")
    p.add_argument("--all-assessments", action="store_true",
                   help="every assessment on or before --at, not only the latest (with --json and the "
                        "sentences removed: the examples' .expected.json files)")
    p.add_argument("--jobs", type=int, metavar="N", help="worker processes for large datasets (default: the cores)")
    p.set_defaults(func=run)


def _actor_ids(text: str) -> list[str]:
    ids = [x.strip() for x in text.split(",") if x.strip()]
    if not ids:
        raise UsageError("--without: expected one or more actor ids separated by commas")
    return ids


def run(args) -> int:
    if args.without is not None and args.situation is None:
        raise UsageError("--without needs --situation: a what-if is about one situation")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs: expected a whole number of at least 1")
    if args.json and args.situation is None and _is_json_folder(args.path):
        _print_array(_assess_json_folder(Path(args.path), args))
        return 0
    sits = pick_situations(load_path(args.path), args.situation)
    gone = _actor_ids(args.without) if args.without is not None else []
    if gone:
        _check_actors(sits[0], gone, args)
    if args.json:
        if gone:
            _print_array([_what_if_json(sits[0], a, gone) for a in _chosen(sits[0], args)])
        else:
            from ..measures.batch import evaluate_json

            _print_array(evaluate_json(sits, at=args.at, all_assessments=args.all_assessments, jobs=args.jobs))
        return 0
    _print_report(sits, gone, args)
    return 0


def _chosen(s: Situation, args) -> list:
    if args.all_assessments:
        return [a for a in s.assessments if args.at is None or a.date <= args.at]
    latest = s.assessment_at(args.at)
    return [latest] if latest is not None else []


def _check_actors(s: Situation, gone: list[str], args) -> None:
    chosen = _chosen(s, args)
    if not chosen:
        raise UsageError("--situation: this situation has no assessment on or before the date given")
    known = {a.id for x in chosen for a in x.actors}
    unknown = sum(1 for i in gone if i not in known)
    if unknown:
        raise UsageError(f"--without: {unknown} of the {len(gone)} actor id(s) given "
                         f"{'is' if unknown == 1 else 'are'} not an actor of the assessment measured")


def _what_if_json(s: Situation, assessment, gone: list[str]) -> bytes:
    from ..measures import evaluate
    from ..measures.batch import json_bytes

    return json_bytes(evaluate(s, assessment=assessment, without=gone))


def _print_array(texts: Sequence[bytes]) -> None:
    """Print a JSON array of UTF-8 JSON objects, one per line, as bytes (nothing decoded and encoded again)."""
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a text-only stream (e.g. io.StringIO in place of stdout)
        sys.stdout.write(b"".join(_array_parts(texts)).decode("utf-8"))
        return
    for part in _array_parts(texts):
        out.write(part)
    out.flush()


def _array_parts(texts: Sequence[bytes]):
    if not texts:
        yield b"[]\n"
        return
    yield b"[\n"
    for i, text in enumerate(texts):
        if i:
            yield b",\n"
        yield text
    yield b"\n]\n"


def _print_report(sits: list[Situation], gone: list[str], args) -> None:
    from ..measures import assessment_text, dataset_summary_text, measure_assessment, what_if, what_if_text

    results = []
    parts = []
    for s in tracked(sits, desc="netmap assess"):
        for a in _chosen(s, args):
            if gone:
                w = what_if(s, gone, a.date)
                results.append(w["after"])
                parts.append(what_if_text(s, w, lang=args.lang))
                continue
            res = measure_assessment(a, consent=s.person.consent)
            results.append(res)
            parts.append(assessment_text(a, res, lang=args.lang, situation_id=s.id, consent=s.person.consent))
    if not results:
        print("Aucune évaluation à cette date." if args.lang == "fr" else "No assessment at that date.")
        return
    if len(sits) > 1:
        parts.insert(0, dataset_summary_text(results, lang=args.lang))
    sys.stdout.write("\n".join(parts))


# --- the fast path for `--json` on a folder of JSON files: read, validate and measure in workers


def _is_json_folder(path: str) -> bool:
    from ..io import detect_format

    return detect_format(path) == "json" and Path(path).is_dir()


def _assess_files(task: Sequence[tuple[str, object, bool]]) -> list[tuple[list[list[Problem]], list[str | None], bytes]]:
    """Worker: read, validate and evaluate a chunk of files.

    Returns one triple for the whole chunk: the problems of each file, the situation id of
    each file (None when invalid), and the JSON objects of every evaluation joined by ",\\n"
    (one UTF-8 ``bytes``: cheap to send back, written as it is).
    """
    from ..io.json_files import read_one  # the reader of read_json, one file at a time
    from ..measures.batch import results_json

    problems: list[list[Problem]] = []
    ids: list[str | None] = []
    texts: list[bytes] = []
    clean = True  # once a file has a problem nothing is printed: stop measuring, keep validating
    for path, at, every in task:
        sit, probs = read_one(Path(path), None)
        problems.append(probs)
        ids.append(sit.id if sit is not None else None)
        clean = clean and not probs
        if sit is not None and clean:
            texts.extend(results_json(sit, at=at, all_assessments=every))  # type: ignore[arg-type]
    return [(problems, ids, b",\n".join(texts))]


def _assess_json_folder(folder: Path, args) -> list[bytes]:
    """Like reading the folder then evaluating each situation, with the same validation, in parallel."""
    from ..io.json_files import json_files_in
    from ..measures.batch import parallel_chunks
    from ..taxonomy import default_taxonomy

    files = json_files_in(folder)
    if not files:
        raise ValidationError([Problem(str(folder), "", "expected at least one situation file (*.json) in this folder")])
    default_taxonomy()  # loaded once, inherited by the workers
    from ..io.json_files import read_one  # noqa: F401 - imported once here, inherited by the workers
    from ..measures.batch import results_json  # noqa: F401

    chunks = parallel_chunks(_assess_files, [(str(f), args.at, args.all_assessments) for f in files],
                             jobs=args.jobs, parallel_from=200)
    problems: list[Problem] = []
    first: dict[str, Path] = {}
    per_file = [(probs, sid) for chunk_probs, ids, _ in chunks for probs, sid in zip(chunk_probs, ids, strict=True)]
    for f, (probs, sid) in zip(files, per_file, strict=True):
        problems.extend(probs)
        if sid is None:
            continue
        if sid in first:
            problems.append(Problem(str(f), "/id", f"expected a situation id unique in the dataset "
                                                   f"(also used in {first[sid].name})"))
        else:
            first[sid] = f
    if problems:
        raise ValidationError(problems)
    return [text for _, _, text in chunks if text]
