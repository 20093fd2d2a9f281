"""The model classes: frozen, and built by their direct ``__init__`` exactly as dataclasses would build them."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import inspect
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netmap import model

CLASSES = [model.Person, model.Requester, model.Actor, model.Tie, model.Need, model.Action, model.Meeting,
           model.Funding, model.Assessment, model.Situation]

# a value of the right kind for each annotation (the model trusts its caller: any value is stored as given)
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=5),
                   st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)), st.tuples(st.text(max_size=3)))


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_same_signature_as_dataclasses(cls):
    assert inspect.signature(cls.__init__) == inspect.signature(cls._dataclasses_init)
    assert cls.__init__ is not cls._dataclasses_init


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_direct_init_builds_the_same_object(cls, data):
    fs = dataclasses.fields(cls)
    required = [f for f in fs if f.default is dataclasses.MISSING]
    optional = [f for f in fs if f.default is not dataclasses.MISSING]
    args = [data.draw(VALUES) for _ in required]
    given_opt = data.draw(st.lists(st.sampled_from(optional), unique=True)) if optional else []
    kwargs = {f.name: data.draw(VALUES) for f in given_opt}
    ours = cls(*args, **kwargs)
    theirs = object.__new__(cls)
    cls._dataclasses_init(theirs, *args, **kwargs)
    assert ours == theirs
    for f in fs:
        assert getattr(ours, f.name) is getattr(theirs, f.name)
    # pickled and copied through __reduce__: the same object back
    assert pickle.loads(pickle.dumps(ours)) == ours
    assert copy.deepcopy(ours) == ours
    # defaults filled, positional and keyword forms agree
    assert cls(**{f.name: a for f, a in zip(required, args, strict=True)}, **kwargs) == ours


def test_still_frozen_and_usable():
    a = model.Actor("gp", "Dr G.", True, "primary_care")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.label = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        model.Actor("gp")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        model.Tie("a", "b", "support", "strong", "extra")  # type: ignore[call-arg]
    b = dataclasses.replace(a, active=False)
    assert (b.active, b.id, a.active) == (False, "gp", True)
    assert pickle.loads(pickle.dumps(b)) == b
    assert hash(model.Tie("a", "b", "support")) == hash(model.Tie("a", "b", "support", "normal"))
