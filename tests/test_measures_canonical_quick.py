"""The quick checks added to canonical.py for speed accept only what the full checks accept, with the same object."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from netmap.io.canonical import ACTOR_KEYS, NEED_KEYS, TIE_KEYS, _Checker
from netmap.taxonomy import default_taxonomy

ANY = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 5), st.sampled_from([0.0, 2.0, 2.5]),
    st.sampled_from(["", " ", "a1", "b2", "person", "fr", "fr\n", "a1\n", "FR", "informal", "cpas", "housing", "strong",
                     "normal", "conflict", "support", "judicial", "active", "met", "x y", "Mère"]),
    st.lists(st.sampled_from(["a1", "b2", "", 3]), max_size=3),
)


BASE = {
    "actor": {"id": "a1", "label": "Mère", "formal": False, "sector": "informal", "exhaustion": 2},
    "tie": {"a": "a1", "b": "b2", "kind": "support"},
    "need": {"id": "n1", "domain": "housing", "covered_by": ["a1"]},
}


def _objects(kind: str, keys: tuple[str, ...]):
    """A valid object with a few keys removed and a few set to values valid or not."""
    return st.builds(
        lambda drop, changes: {**{k: v for k, v in BASE[kind].items() if k not in drop}, **changes},
        st.sets(st.sampled_from(keys), max_size=2),
        st.dictionaries(st.sampled_from(keys + ("other",)), ANY, max_size=2),
    )


def _check(kind: str, obj: dict) -> None:
    quick_checker = _Checker("f.json", None, default_taxonomy())
    # a valid actor first, as in a real assessment: "a1" is then a known good id (the cached path)
    assert quick_checker._quick_actor(BASE["actor"]) is not None and "a1" in quick_checker.good_ids
    quick = getattr(quick_checker, f"_quick_{kind}")(obj)
    full_checker = _Checker("f.json", None, default_taxonomy())
    full = getattr(full_checker, kind)(obj, "/x")
    if quick is not None:
        assert full == quick and not full_checker.problems
    assert not quick_checker.problems  # the quick check never reports: the full check does


@settings(max_examples=400, deadline=None)
@given(_objects("actor", ACTOR_KEYS))
def test_quick_actor(obj):
    _check("actor", obj)


@settings(max_examples=300, deadline=None)
@given(_objects("tie", TIE_KEYS))
def test_quick_tie(obj):
    _check("tie", obj)


@settings(max_examples=300, deadline=None)
@given(_objects("need", NEED_KEYS))
def test_quick_need(obj):
    _check("need", obj)


def test_quick_checks_accept_the_valid_examples(youth_dict):
    checker = _Checker("f.json", None, default_taxonomy())
    for a in youth_dict["assessments"]:
        assert all(checker._quick_actor(x) is not None for x in a["actors"])
        assert all(checker._quick_tie(x) is not None for x in a["ties"])
        assert all(checker._quick_need(x) is not None for x in a["needs"])
