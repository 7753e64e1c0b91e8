"""Regenerate the field tables of docs/SCHEMA.md from the data model.

Run: .venv/bin/python scripts/gen_schema_doc.py > /tmp/fields.md, then paste; a test checks
that every field of every model class is documented in docs/SCHEMA.md.
"""

import dataclasses
import typing

from parallax import model

for cls in [model.Article, model.Removal, model.Sentence, model.Entity, model.Claim, model.Quantity,
            model.DateRef, model.LoadedSpan, model.Unavailable]:
    print(f"\n### {cls.__name__}\n\n| field | type |\n| --- | --- |")
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        print(f"| `{f.name}` | `{hints[f.name]}` |".replace("typing.", ""))
