"""Exemplar Archive core: loading, validating and rendering profiles.

Knows nothing of MkDocs; hooks/mkdocs_hooks.py adapts it, scripts/ and tests call it.
"""
from .domain.model import Archive, Entity
from .domain.problems import Problem
from .load.loader import load_archive

__all__ = ["load_archive", "Archive", "Entity", "Problem"]
