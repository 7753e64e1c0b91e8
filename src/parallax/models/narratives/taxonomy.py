"""The narrative taxonomy, read from user-editable YAML (`parallax/data/narratives/taxonomy.yaml`).

Code never names a domain or a label: everything comes from the file, so another domain's
taxonomy can be added by editing it (and giving the training script labelled articles).

File shape:

    other: Other                      # the label used when no narrative applies
    domains:
      - code: URW                     # the prefix of every label of this domain
        name: Ukraine-Russia war
        file_prefixes: [EN_UA_]       # how the training data's file names mark the domain
        narratives:
          "URW: Some narrative": ["URW: Some narrative: A sub-narrative", ...]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Domain:
    code: str
    name: str
    file_prefixes: tuple[str, ...]
    narratives: dict[str, tuple[str, ...]]  # narrative -> its sub-narratives

    @property
    def subnarratives(self) -> list[str]:
        return [sub for children in self.narratives.values() for sub in children]


@dataclass(frozen=True)
class Taxonomy:
    other: str
    domains: tuple[Domain, ...]
    _parent: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def codes(self) -> list[str]:
        return [domain.code for domain in self.domains]

    @property
    def narratives(self) -> list[str]:
        return [label for domain in self.domains for label in domain.narratives]

    @property
    def subnarratives(self) -> list[str]:
        return [label for domain in self.domains for label in domain.subnarratives]

    def domain(self, code: str) -> Domain:
        for domain in self.domains:
            if domain.code == code:
                return domain
        raise KeyError(code)

    def parent(self, subnarrative: str) -> str | None:
        """The narrative a sub-narrative belongs to (None for unknown labels and `other`)."""
        return self._parent.get(subnarrative)

    def domain_of_file(self, file_name: str) -> str | None:
        for domain in self.domains:
            if any(file_name.startswith(prefix) for prefix in domain.file_prefixes):
                return domain.code
        return None


def default_taxonomy_path() -> Path:
    return Path(__file__).resolve().parents[2] / "data" / "narratives" / "taxonomy.yaml"


def parse_taxonomy(data: dict) -> Taxonomy:
    """Build a Taxonomy from the parsed YAML, checking that labels are unique."""
    if not isinstance(data, dict) or "domains" not in data:
        raise ValueError("a narrative taxonomy needs a `domains` list")
    domains = []
    parent: dict[str, str] = {}
    seen: set[str] = set()
    for entry in data["domains"]:
        narratives: dict[str, tuple[str, ...]] = {}
        for narrative, children in (entry.get("narratives") or {}).items():
            children = tuple(children or ())
            for label in (narrative, *children):
                if label in seen:
                    raise ValueError(f"label {label!r} occurs twice in the taxonomy")
                seen.add(label)
            narratives[narrative] = children
            parent.update({child: narrative for child in children})
        domains.append(Domain(code=str(entry["code"]), name=str(entry.get("name", entry["code"])),
                              file_prefixes=tuple(entry.get("file_prefixes") or ()), narratives=narratives))
    return Taxonomy(other=str(data.get("other", "Other")), domains=tuple(domains), _parent=parent)


_CACHE: dict[Path, Taxonomy] = {}


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """The taxonomy in `path` (default: the shipped file), parsed once per process."""
    path = Path(path) if path else default_taxonomy_path()
    if path not in _CACHE:
        _CACHE[path] = parse_taxonomy(yaml.safe_load(path.read_text(encoding="utf-8")))
    return _CACHE[path]
