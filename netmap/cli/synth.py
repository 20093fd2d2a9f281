"""netmap synth --n N --seed S -o DIR: write N synthetic situations as a folder of canonical JSON files."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UsageError
from ..progress import tracked

# names of the files netmap synth writes (so --replace never deletes anything else)
_SYNTH_FILE = re.compile(r"^(BRS|DUN|BSN|M107|KIR)-\d{4}-\d{4,}\.json$")


def register(sub) -> None:
    p = sub.add_parser(
        "synth",
        help="write synthetic, realistic situations (same seed, same files) for demos, tests and benchmarks",
        description="Génère des situations fictives mais réalistes (services de l'annuaire, 2018–2025, saturation). "
        "Write synthetic situations of the directory's services over 2018–2025, with saturation; "
        "the same --n and --seed always give byte-identical files.",
    )
    p.add_argument("--n", type=int, required=True, metavar="N", help="number of situations (requests)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write the JSON files into")
    p.add_argument("--replace", action="store_true",
                   help="first delete the files a previous `netmap synth` wrote in DIR")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..io.json_files import write_json_folder
    from ..synth import iter_situations

    if args.n < 0:
        raise UsageError("--n expects a number of situations >= 0")
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise UsageError("-o expects a folder, and the path given is a file")
    existing = sorted(out.glob("*.json")) if out.is_dir() else []
    if existing:
        ours = [f for f in existing if _SYNTH_FILE.match(f.name)]
        if not args.replace or len(ours) != len(existing):
            raise UsageError("the output folder already holds JSON files; choose an empty folder"
                             + (" (or --replace, which only deletes files written by netmap synth)"
                                if len(ours) == len(existing) else ""))
        for f in ours:
            f.unlink()
    # one situation at a time: drawn, checked against the format, written (a bar on a terminal)
    written = write_json_folder(tracked(iter_situations(args.n, args.seed), desc="netmap synth", total=args.n), out)
    print(f"{len(written)} synthetic situation{'s' if len(written) != 1 else ''} written to {out} (seed {args.seed})")
    return 0
