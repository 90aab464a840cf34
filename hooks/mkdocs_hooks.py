"""The MkDocs hooks (mkdocs.yml `hooks:`): a shim to the adapter (hooks/adapter.py).

MkDocs loads this file once per process (1.6 caches it; an earlier or later version may run it
again for every rebuild under `mkdocs serve`); the adapter module is imported once per process
either way, so its state (and the archive's caches) outlive the rebuilds.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from adapter import ADAPTER  # noqa: E402

on_startup = ADAPTER.on_startup
on_config = ADAPTER.on_config
on_pre_build = ADAPTER.on_pre_build
on_files = ADAPTER.on_files
on_nav = ADAPTER.on_nav
on_env = ADAPTER.on_env
on_template_context = ADAPTER.on_template_context
on_page_markdown = ADAPTER.on_page_markdown
on_page_content = ADAPTER.on_page_content
on_page_context = ADAPTER.on_page_context
on_post_page = ADAPTER.on_post_page
on_post_build = ADAPTER.on_post_build
on_build_error = ADAPTER.on_build_error
on_shutdown = ADAPTER.on_shutdown
