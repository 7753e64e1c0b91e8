"""The claims stage's shortcut tests never skip a scan that would have found something."""

from __future__ import annotations

import json
import re

import pytest

from parallax.claims import find_dates, find_hedges, find_quantities
from parallax.claims.kinds import _FORECAST, _OPINION_MARKER, _outside_quotes
from parallax.claims.prechecks import ClauseWords


def _real_clauses(data_dir, n_articles=80):
    """Sentence-sized pieces of real US-politics articles (another domain than the seeds)."""
    out = []
    with open(data_dir / "allsides-roundups" / "dev.jsonl", encoding="utf-8") as lines:
        for line in lines:
            for article in json.loads(line)["articles"]:
                for paragraph in article["body"] or []:
                    out.extend(s for s in re.split(r"(?<=[.!?])\s+", paragraph) if s.strip())
                n_articles -= 1
                if n_articles <= 0:
                    return out
    return out


EDGE_CASES = [
    "Talks resume on Mondays, officials said.",   # a weekday core without a boundary after it
    "The project is halfway done.",               # "half" without a boundary after it
    "We're sure the ſo-called deal will fail.",   # long s matches "s" when case is ignored
    "It is believed the toll rose in Dec. 2022.",
    "Tens of thousands fled; a dozen stayed.",
    "No date, no number and no hedge here at all.",
]


def test_shortcuts_never_hide_a_match(data_dir):
    clauses = _real_clauses(data_dir) + EDGE_CASES
    assert len(clauses) > 150
    skipped = 0
    for clause in clauses:
        clue = ClauseWords(clause)
        low = clause.lower()
        checks = [
            (clue.may_have_dates(), bool(find_dates(clause, "2021-06-15"))),
            (clue.may_have_quantities(), bool(find_quantities(clause))),
            (clue.may_have_hedges(), bool(find_hedges(clause))),
            (clue.may_be_forecast(), bool(_FORECAST.search(low)) if len(low) == len(clause) else False),
            (clue.may_have_opinion_marker(), bool(_OPINION_MARKER.search(_outside_quotes(clause)))),
        ]
        for maybe, found in checks:
            assert maybe or not found, clause
            skipped += not maybe
    assert skipped > len(clauses)  # the shortcuts do skip work on real text


@pytest.mark.parametrize("clause", EDGE_CASES[:4])
def test_edge_cases_are_not_skipped(clause):
    clue = ClauseWords(clause)
    assert clue.may_have_dates() or clue.may_have_quantities() or clue.may_have_opinion_marker()


def test_a_plain_clause_is_skipped_by_every_shortcut():
    clue = ClauseWords(EDGE_CASES[-1])
    assert not (clue.may_have_dates() or clue.may_have_quantities() or clue.may_have_hedges()
                or clue.may_be_forecast() or clue.may_have_opinion_marker())
