"""netmap demo: load the bundled synthetic demo dataset into a store and say what to do next."""

from __future__ import annotations

import time
from pathlib import Path

from ..taxonomy import DATA_DIR


def register(sub) -> None:
    p = sub.add_parser(
        "demo",
        help="load the synthetic demo dataset (shipped with netmap) into the store and compute its measures",
        description="Charge les situations fictives livrées avec netmap dans le magasin (par défaut le fichier "
        "SQLite de votre dossier de données), calcule et met en cache leurs mesures, puis indique quoi faire ensuite.",
    )
    p.add_argument("--store", metavar="URL", default=None,
                   help="store URL (default: a separate demo store, demo.sqlite3 in the user's data folder, "
                   "so that fictional situations never mix with real ones)")
    p.set_defaults(func=run)


def demo_store_url() -> str:
    """The demo's own SQLite store, beside the default store but never the same file."""
    from platformdirs import user_data_dir

    return "sqlite:///" + str(Path(user_data_dir("netmap")) / "demo.sqlite3")


def run(args) -> int:
    from ..io.json_files import read_json
    from ..measures import measure_table
    from ..store import open_store

    started = time.perf_counter()
    situations = read_json(DATA_DIR / "demo")
    with open_store(args.store or demo_store_url()) as store:
        result = store.import_situations(situations, validate=False)
        table = measure_table(situations, cache=store)
        url = store.url
    first = next((s for s in situations if s.outcome == "open" and len(s.assessments) > 1), situations[0])
    took = time.perf_counter() - started
    print(f"{len(situations)} situations fictives chargées dans {url} "
          f"({result.added} ajoutées, {result.replaced} remplacées), "
          f"{len(table)} évaluations mesurées, en {took:.1f} s.")
    print()
    print("Et maintenant :")
    print(f"  netmap dashboard --store {url} --k 0   # tableau de bord interne sur http://127.0.0.1:8050")
    print(f"  netmap assess {url} --situation {first.id}")
    print(f"  netmap map {url} --situation {first.id} -o carte.html")
    print(f"  netmap report situation {url} --situation {first.id} -o concertation.html")
    print(f"  netmap aggregate needs {url} --format csv")
    return 0
