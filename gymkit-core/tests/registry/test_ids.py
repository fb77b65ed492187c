"""The id grammar ``[namespace/]Name[-vN]``: parsing, joining and malformed ids."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gymkit import error
from gymkit.registration import get_env_id, parse_env_id


@pytest.mark.parametrize(
    ("env_id", "parts"),
    [
        ("CartPole-v1", (None, "CartPole", 1)),
        ("CartPole", (None, "CartPole", None)),
        ("ALE/Pong-v5", ("ALE", "Pong", 5)),
        ("ALE/Pong-ram-v5", ("ALE", "Pong-ram", 5)),
        ("MiniGrid-Empty-5x5-v0", (None, "MiniGrid-Empty-5x5", 0)),
        ("username/My_Env.2-v12", ("username", "My_Env.2", 12)),
        ("ns/Name", ("ns", "Name", None)),
        ("Reverse-v0", (None, "Reverse", 0)),
    ],
)
def test_valid_ids_parse_into_their_parts(env_id, parts):
    assert parse_env_id(env_id) == parts
    assert get_env_id(*parts) == env_id


@pytest.mark.parametrize(
    "env_id",
    [
        "",
        "/Pong-v5",
        "ALE/",
        "a/b/Pong-v5",
        "Cart Pole-v1",
        "CartPole-v01",
        "CartPole-v1-v2",
        "-v1",
        "ALE/Pong-v5 ",
        "Pong!-v0",
    ],
)
def test_malformed_ids_raise_invalid_env_id_naming_the_id_and_the_grammar(env_id):
    with pytest.raises(error.InvalidEnvId) as caught:
        parse_env_id(env_id)
    message = str(caught.value)
    assert repr(env_id) in message
    assert "[namespace/]Name[-vN]" in message


def test_a_non_string_id_is_refused_with_its_type():
    with pytest.raises(error.InvalidEnvId, match="got 42 of type int"):
        parse_env_id(42)  # type: ignore[arg-type]


def test_invalid_env_id_is_a_value_error():
    with pytest.raises(ValueError):
        parse_env_id("a/b/c")


_WORD = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.]{0,10}", fullmatch=True)
_NAMES = (
    st.lists(_WORD, min_size=1, max_size=3)
    .map("-".join)
    .filter(lambda n: re.search(r"-v\d+$", n) is None)
)


@given(
    namespace=st.none() | _WORD,
    name=_NAMES,
    version=st.none() | st.integers(min_value=0, max_value=10**6),
)
def test_joining_then_parsing_is_the_identity(namespace, name, version):
    assert parse_env_id(get_env_id(namespace, name, version)) == (namespace, name, version)


# The grammar as one regular expression (the original definition): parse_env_id, which splits
# with str methods for speed, must agree with it on every string.
_GRAMMAR = re.compile(
    r"(?:(?P<namespace>[A-Za-z0-9_][\w.-]*)/)?"
    r"(?P<name>[A-Za-z0-9_][\w.-]*?)"
    r"(?:-v(?P<version>\d+))?"
)


def _reference_parse(env_id: str) -> tuple[str | None, str, int | None] | None:
    match = _GRAMMAR.fullmatch(env_id)
    if match is None:
        return None
    version = match["version"]
    if version is not None and len(version) > 1 and version[0] == "0":
        return None
    if re.search(r"-v\d+$", match["name"]):
        return None
    return match["namespace"], match["name"], None if version is None else int(version)


# Characters that matter to the grammar: separators, "v", ASCII and non-ASCII digits and
# letters (Arabic-Indic digits are decimal, superscripts are not), and characters it refuses.
_ID_ALPHABET = "aZ_.-/v0159٣²éß \n!:"
# Ids shaped like real ones: a namespace-like prefix, a name, and a version-like tail.
_ID_SHAPED = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["", "ns/", "/", "a/b/", "n٣/", "-x/"]),
        st.text(alphabet="aZ_.-v01٣²é! /", max_size=6),
        st.sampled_from(
            ["", "-v", "-v0", "-v7", "-v10", "-v01", "-v٣", "-v²", "-v1-v2", "-v-v3", "v1", "-v1 "]
        ),
    ),
)


@given(st.text(alphabet=_ID_ALPHABET, max_size=14) | _ID_SHAPED)
@example("Foo-v٣")
@example("Foo-v²")
@example("Foo-v1-v2")
@example("-v1")
@example("ns/-v1")
def test_parsing_agrees_with_the_single_regex_grammar(env_id):
    expected = _reference_parse(env_id)
    if expected is None:
        with pytest.raises(error.InvalidEnvId):
            parse_env_id(env_id)
    else:
        assert parse_env_id(env_id) == expected
