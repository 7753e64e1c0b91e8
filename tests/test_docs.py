"""The docs describe the code as it is: settings, schema fields, stages."""

import dataclasses
import re

from parallax import model
from parallax.options import READ_SETTINGS
from parallax.pipeline import READ_STAGES

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SCHEMA = (ROOT / "docs" / "SCHEMA.md").read_text(encoding="utf-8")
ARCHITECTURE = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")


def test_every_read_setting_is_in_the_readme_with_its_default():
    for setting in READ_SETTINGS:
        flag = "--" + setting.name.replace("_", "-")
        row = next((line for line in README.splitlines() if line.startswith(f"| `{flag}")), None)
        assert row, f"{flag} is not documented in README.md"
        default = "off" if setting.type is bool else ("none" if setting.default is None else str(setting.default))
        assert f"| {default} |" in row, f"README gives another default for {flag}: {row}"


def _documented_fields(section: str) -> set[str]:
    body = SCHEMA.split(f"### {section}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    names = set()
    for line in body.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`(\w+)`", line.split("|")[1]))
    return names


def test_every_model_field_is_documented_in_schema_md_and_nothing_else():
    for cls in [model.Article, model.Removal, model.Sentence, model.Entity, model.Claim, model.Quantity,
                model.DateRef, model.LoadedSpan, model.Unavailable, model.Brief, model.BriefSource, model.ScoreEvidence,
                model.Evidence, model.Side, model.Fact, model.Narrative, model.Dispute, model.DisputeVersion,
                model.Forecast, model.TimelineEvent, model.Splits, model.BriefEntity, model.SideCoverage, model.Excluded]:
        fields = {f.name for f in dataclasses.fields(cls)}
        assert _documented_fields(cls.__name__) == fields, cls.__name__


def test_architecture_lists_every_read_stage():
    for name in READ_STAGES:
        assert f"| `{name}` |" in ARCHITECTURE
