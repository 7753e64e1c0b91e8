"""No pattern of the package uses possessive repeats or atomic groups.

`make` builds the venv with the distribution's Python 3.11 when there is one (scripts/venv_python.sh);
Debian 12's is 3.11.2, whose `re` gets possessive repeats wrong: `\\w*+(?:[-'’]\\w++)*+` takes "Joe’"
from "Joe’‘x", keeping the "’" of a failed repetition, where 3.11.7 rightly takes "Joe" (found in
session 6, when such a rewrite of the entity token scan changed 160 of 1,311 snapshot outputs on
3.11.2 alone). Patterns are parsed, so a `*+` inside a character class is not taken for one.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import re._constants as sre_constants
import re._parser as sre_parser

import parallax

UNPORTABLE = {sre_constants.POSSESSIVE_REPEAT: "a possessive repeat", sre_constants.ATOMIC_GROUP: "an atomic group"}


def unportable_parts(pattern: re.Pattern) -> set[str]:
    found = set()
    pending = [sre_parser.parse(pattern.pattern, pattern.flags).data]
    while pending:
        for op, value in pending.pop():
            if op in UNPORTABLE:
                found.add(UNPORTABLE[op])
            pending.extend(_subpatterns(value))
    return found


def _subpatterns(value):
    """The parsed subpatterns inside one node's value (repeats, groups, branches, look-arounds)."""
    if isinstance(value, sre_parser.SubPattern):
        yield value.data
    elif isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, sre_parser.SubPattern):
                yield item.data
            elif isinstance(item, (list, tuple)):
                yield from _subpatterns(item)


def package_patterns() -> dict[str, re.Pattern]:
    """Every compiled pattern held by a module of the package, directly or in a dict, list or tuple."""
    patterns = {}
    for module_info in pkgutil.walk_packages(parallax.__path__, "parallax."):
        if module_info.name.endswith(".__main__"):
            continue  # (importing it runs the command line)
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else [value]
            for index, item in enumerate(values):
                if isinstance(item, re.Pattern):
                    patterns[f"{module_info.name}.{name}[{index}]"] = item
    return patterns


def test_the_walk_finds_both_kinds():
    assert unportable_parts(re.compile(r"[*+]x(?:a|b\w++)")) == {"a possessive repeat"}
    assert unportable_parts(re.compile(r"(?=(?>ab)c)")) == {"an atomic group"}
    assert unportable_parts(re.compile(r"[\w*+]+(?:[-'’]\w+)*\+")) == set()


def test_no_package_pattern_is_unportable_across_python_3_11_releases():
    patterns = package_patterns()
    assert len(patterns) > 100  # the walk reached the stages' patterns
    offenders = {name: sorted(parts) for name, pattern in patterns.items() if (parts := unportable_parts(pattern))}
    assert not offenders, offenders
