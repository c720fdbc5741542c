"""Every interface string is defined once, in Chinese and in English: read from the source
(dashboard/core/i18n.py and dashboard/core/strings/*.py) with an AST walk, so a key written twice — in one
block, in two blocks of a file or in two files — is found even where Python or a dict update
would silently keep the later one."""

from __future__ import annotations

import ast
from collections import Counter

from dashboard.core import i18n, paths

SOURCES = [
    paths.PROJECT_ROOT / "dashboard" / "core" / "i18n.py",
    *sorted((paths.PROJECT_ROOT / "dashboard" / "core" / "strings").glob("*.py")),
]


def _entries() -> list[tuple[str, str, set[str]]]:
    """(key, file, languages) of every `"key": {"zh": …, "en": …}` entry in the sources."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict):
                continue
            for key, value in zip(node.keys, node.values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(value, ast.Dict)):
                    continue
                langs = {k.value for k in value.keys if isinstance(k, ast.Constant)}
                if langs & set(i18n.LANGS):
                    found.append((key.value, path.name, langs))
    return found


def test_no_string_is_defined_twice():
    entries = _entries()
    assert len(entries) > 800  # the walk found the tables
    twice = {k: n for k, n in Counter(k for k, _, _ in entries).items() if n > 1}
    assert twice == {}, {k: [f for key, f, _ in entries if key == k] for k in twice}


def test_every_string_has_both_languages():
    missing = [(k, f) for k, f, langs in _entries() if langs != set(i18n.LANGS)]
    assert missing == []
    assert len(i18n.STRINGS) == len(_entries())  # nothing defined outside the sources walked


def test_a_second_definition_is_refused_at_import():
    try:
        i18n._add({"app_name": {"zh": "x", "en": "x"}})
    except KeyError as exc:
        assert "app_name" in str(exc)
    else:
        raise AssertionError("a second app_name was accepted")
