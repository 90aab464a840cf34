"""Exemplar Archive core: loading, validating and rendering profiles.

Knows nothing of MkDocs; hooks/mkdocs_hooks.py adapts it, scripts/ and tests call it.
"""
from .loader import load_archive
from .model import Archive, Entity
from .problems import Problem

__all__ = ["load_archive", "Archive", "Entity", "Problem"]
