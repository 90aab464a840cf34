"""The archive as plain data: entities (one per profile) and the index over them."""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .pinyin import person_pinyin, words_pinyin
from .problems import Problem
from .schema import Reference, Schema


@dataclass
class Entity:
    id: str
    kind: str
    path: str                      # repository-relative, e.g. profiles/people/tu-youyou.md
    meta: dict[str, Any]
    body: str
    body_line: int
    lines: dict[tuple, int]
    refs: list[Reference] = field(default_factory=list)
    # The digest of what the entity was read from (its file's bytes, kind, schema, the day): two
    # entities with the same are the same. "": not known (made otherwise, or changed after loading).
    source: str = ""
    # The digest of its fields (meta) alone, on the same terms: what lists of profiles key on.
    fields: str = ""

    # An entity never changes once loaded: what pages ask of it tens of thousands of times
    # per build (every link) is worked out once.
    @functools.cached_property
    def folder(self) -> str:
        return self.path.split("/")[1]

    @functools.cached_property
    def title(self) -> str:
        return str(self.meta.get("name") or self.meta.get("title") or self.id)

    @functools.cached_property
    def url(self) -> str:
        """Site-relative URL, stable for the life of the profile (principle 6)."""
        return f"{self.folder}/{self.id}/"

    @functools.cached_property
    def src_uri(self) -> str:
        return f"{self.folder}/{self.id}.md"

    @functools.cached_property
    def pinyin(self) -> str:
        if self.meta.get("pinyin"):
            return str(self.meta["pinyin"])
        return person_pinyin(self.title) if self.kind == "person" else words_pinyin(self.title)

    @property
    def pending_review(self) -> bool:
        return (self.meta.get("review") or {}).get("status") != "已审核"


@dataclass
class Archive:
    schema: Schema
    entities: dict[str, Entity] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)   # errors: the check and the build fail
    warnings: list[Problem] = field(default_factory=list)   # advice (typography): printed, never fatal
    # Reverse references: target id -> ids of entities whose fields name it.
    referenced_by: dict[str, list[str]] = field(default_factory=dict)
    # Files under profiles/media/, by name relative to that folder.
    media: set[str] = field(default_factory=set)
    # The repository the archive was loaded from (for CONTRIBUTING.md and git history).
    root: Path | None = None
    # Profiles known only by file name (id -> kind) when loading just some files.
    unread: dict[str, str] = field(default_factory=dict)
    # Renamed profiles: old URL path (people/old-id) -> id now at its place (redirects.yaml).
    redirects: dict[str, str] = field(default_factory=dict)
    # The search's synonyms and abbreviations: a reader's word -> the archive's words (synonyms.yaml).
    synonyms: dict[str, list[str]] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Entity]:
        return sorted((e for e in self.entities.values() if e.kind == kind), key=lambda e: (e.pinyin.lower(), e.id))

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def fields_digest(self) -> str | None:
        """Of every profile's id, kind and fields, by the digests the loader made; None when a
        profile has none (its fields were changed after loading)."""
        entities = self.entities.values()
        if not all(e.fields for e in entities):
            return None
        return hashlib.sha1("\n".join(f"{e.id} {e.kind} {e.fields}" for e in entities).encode("utf-8")).hexdigest()

    @property
    def ok(self) -> bool:
        return not self.problems
