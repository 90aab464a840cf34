"""The shape of hooks/archive, read from its imports (ast, nothing is run): the core is split by
stage into sub-packages that import one way only, down (runtime → text → domain → load →
outputs → pages; issue 21 "the core split by stage"), the core knows nothing of MkDocs but in the
named adapter modules, the pages package imports one way only (kinds → writer → text helpers;
issue 21 "Pages as a package"), and no module imports itself back through others.
Function-local imports count as imports: moving one into a function does not hide it from these
tests."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ARCHIVE = Path(__file__).resolve().parent.parent / "hooks" / "archive"

# The modules of hooks/archive that may import MkDocs (or its theme), and what for. The list is
# exact: a module that no longer needs MkDocs must leave it (test below), one that starts to
# needs a reason here.
MKDOCS_ADAPTERS = {
    "archive.text.markup": "get_relative_url, so that islands' links are the ones MkDocs writes",
}
# Likewise for the Markdown library: the rendering (islands) and the safety check.
MARKDOWN_USERS = {
    "archive.text.markup": "the Islands extension",
    "archive.text.safety": "rendering a contributor's text as the site will, to check it",
}

# The stages of the core, from the bottom up: a module imports only modules of its own stage or of
# lower ones. The order is the one the imports give, not a choice:
# - runtime (cache, build context, safe file reading, forked workers, contained native code) knows
#   nothing else of the archive; every stage may use it.
# - text (normalisation, segmentation, the HTML allow-list, the shape limits, safety, markup)
#   knows no profile: it needs only the runtime. Nothing of text imports domain, nor the reverse
#   (both rest on runtime alone), so either could be lower; text goes first as the more general.
# - domain holds the model and what it is built from and computed over: model.py needs the schema
#   (Schema, Reference) and pinyin; the schema is read from schema.yaml, and pinyin its surname
#   table, through frontmatter's safe YAML reader, which reports Problems. So problems,
#   frontmatter, schema and pinyin are domain, below the loader that uses them, not load.
# - load (loader, validate, media, redirects, synonyms, typography, scaffold) builds and checks an
#   Archive: it needs domain (model, schema, campaigns, history) and text (limits, safety).
# - outputs (open data, feed, search index and terms, QR codes, map, official text, CSP, outside
#   resources) is written from a loaded archive: it needs domain and text, and nothing of load.
# - pages (the generated pages) uses all of them; only the adapter in hooks/ is above it.
# The package's own __init__ (archive: load_archive, Archive, Entity, Problem) is above them all.
STAGES = ["archive.runtime", "archive.text", "archive.domain", "archive.load", "archive.outputs", "archive.pages"]

# The pages package, from the bottom up: a module imports only modules of lower layers (and the
# core outside the package), never one of its own layer.
PAGE_LAYERS = [
    ["archive.pages.text"],                        # text helpers and page addresses
    ["archive.pages.facets"],                      # browse facets and their addresses
    ["archive.pages.writer"],                      # PageWriter: links and shared blocks
    ["archive.pages.campaign_blocks"],             # blocks of campaign and activity pages
    ["archive.pages.kinds.*"],                     # one module per kind of profile
    ["archive.pages.profiles", "archive.pages.listings", "archive.pages.browse", "archive.pages.study",
     "archive.pages.posters", "archive.pages.home", "archive.pages.dashboard", "archive.pages.reference"],
    ["archive.pages"],                             # all_pages, other_files: the entry point
]


def module_name(path: Path) -> str:
    parts = path.relative_to(ARCHIVE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ARCHIVE.rglob("*.py")) if "__pycache__" not in p.parts}


def imports(path: Path, known: set[str]) -> tuple[set[str], set[str]]:
    """(modules of the archive that the file imports, top-level names of outside packages it imports)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    inside, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            # `from package import module` imports the module; `from module import name` the module
            targets = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source
                       for alias in node.names]
        else:
            continue
        for target in targets:
            if target == "archive" or target.startswith("archive."):
                inside.add(target)
            else:
                outside.add(target.split(".")[0])
    return inside - {name}, outside


def graph() -> dict[str, set[str]]:
    known = set(modules())
    found = {name: imports(path, known)[0] for name, path in modules().items()}
    for name, targets in found.items():
        unknown = targets - known
        assert not unknown, f"{name} imports {sorted(unknown)}, which are not modules of hooks/archive"
    return found


def find_cycle(edges: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph as [a, b, …, a], or [] when there is none (depth first, in order)."""
    state: dict[str, int] = {}      # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def layer_of(name: str) -> int | None:
    for n, layer in enumerate(PAGE_LAYERS):
        for pattern in layer:
            if name == pattern or (pattern.endswith(".*") and (name == pattern[:-2] or name.startswith(pattern[:-1]))):
                return n
    return None


def stage_of(name: str) -> int | None:
    if name == "archive":
        return len(STAGES)
    for n, stage in enumerate(STAGES):
        if name == stage or name.startswith(stage + "."):
            return n
    return None


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    return sorted(f"{name} -> {target} ({STAGES[stage_of(name)].split('.')[1]} imports "
                  f"{STAGES[stage_of(target)].split('.')[1]})"
                  for name, targets in edges.items() for target in targets
                  if stage_of(target) > stage_of(name))


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"a"}}) == ["a", "a"]
    assert find_cycle({"x": {"y"}, "y": set(), "p": {"q"}, "q": {"y", "p"}}) == ["p", "q", "p"]


def test_every_module_of_the_core_has_a_stage():
    """No flat module left beside the stage packages: each one is in one of them."""
    assert [name for name in modules() if stage_of(name) is None] == []
    assert {p.name for p in ARCHIVE.iterdir() if p.suffix == ".py"} == {"__init__.py"}


def test_the_stage_check_sees_an_upward_import():
    edges = {"archive.runtime.cache": set(), "archive.text.segment": {"archive.runtime.cache"},
             "archive.domain.model": {"archive.text.segment"}}
    assert upward_imports(edges) == []
    edges["archive.text.segment"].add("archive.domain.model")
    assert upward_imports(edges) == ["archive.text.segment -> archive.domain.model (text imports domain)"]


def test_the_stages_import_one_way_down():
    """runtime → text → domain → load → outputs → pages: a module imports only modules of its own
    stage or of lower ones (function-local imports included)."""
    wrong = upward_imports(graph())
    assert not wrong, "imports up the stages:\n" + "\n".join(wrong)


def test_no_import_cycle_among_the_archive_modules():
    cycle = find_cycle(graph())
    assert not cycle, "import cycle: " + " -> ".join(cycle)


@pytest.mark.parametrize("library, allowed", [("mkdocs", MKDOCS_ADAPTERS), ("material", MKDOCS_ADAPTERS),
                                              ("markdown", MARKDOWN_USERS)])
def test_only_the_named_modules_import_mkdocs_or_markdown(library, allowed):
    known = set(modules())
    users = {name for name, path in modules().items() if library in imports(path, known)[1]}
    assert users <= set(allowed), f"{sorted(users - set(allowed))} import {library}; the core must not"
    if library != "material":
        assert users == set(allowed), f"{sorted(set(allowed) - users)} no longer import {library}: take them off the list"


def test_every_module_of_the_pages_package_has_a_layer():
    pages = [name for name in modules() if name == "archive.pages" or name.startswith("archive.pages.")]
    assert [name for name in pages if layer_of(name) is None] == []


def test_the_pages_package_imports_one_way_down():
    """Kinds → writer → text helpers: a module of the pages package imports only lower layers
    (the core outside the package is below them all), never its own layer or a higher one."""
    wrong = []
    for name, targets in graph().items():
        here = layer_of(name)
        for target in targets:
            there = layer_of(target)
            if here is None and there is not None:
                wrong.append(f"{name} -> {target} (the core builds no pages)")
            elif here is not None and there is not None and there >= here:
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_page_kinds_import_neither_one_another_nor_the_listings():
    kinds = {name: targets for name, targets in graph().items() if layer_of(name) == 4}
    assert set(kinds) >= {f"archive.pages.kinds.{k}" for k in ("person", "group", "policy", "campaign", "activity",
                                                                 "spirit", "place", "organization")}
    below = {"archive.pages.writer", "archive.pages.text", "archive.pages.facets", "archive.pages.campaign_blocks"}
    for name, targets in kinds.items():
        in_pages = {t for t in targets if t == "archive.pages" or t.startswith("archive.pages.")}
        assert in_pages <= below, f"{name} imports {sorted(in_pages - below)}"


def test_one_table_registers_every_kind_of_the_schema():
    import yaml
    from archive.pages.kinds import person
    from archive.pages.profiles import PAGES

    declared = yaml.safe_load((ARCHIVE / "schema.yaml").read_text(encoding="utf-8"))["kinds"]
    assert set(PAGES) == set(declared)
    assert PAGES["person"] is person.page
    assert all(f.__module__ == f"archive.pages.kinds.{kind}" for kind, f in PAGES.items())


# The runtime layer (the cache, the build context, file reading, forking, contained native code)
# is below everything else of the archive: any module may use it, it uses none of them (it knows
# them only as the files it fingerprints).
RUNTIME = "archive.runtime"


def test_the_runtime_layer_imports_nothing_else_of_the_archive():
    wrong = [f"{name} -> {target}" for name, targets in graph().items()
             if name == RUNTIME or name.startswith(RUNTIME + ".")
             for target in targets if not (target == RUNTIME or target.startswith(RUNTIME + "."))]
    assert wrong == []


def test_caches_are_stores_of_the_cache_layer():
    """No module of the archive keeps a switch of its own for what it remembers between builds."""
    known = set(modules())
    switches = [name for name, path in modules().items() if not name.startswith(RUNTIME)
                if any(word in path.read_text(encoding="utf-8") for word in ("def remember(", "_remember = ", "def stats("))]
    assert switches == []
    users = {name for name, path in modules().items() if "archive.runtime.cache" in imports(path, known)[0]}
    assert {"archive.load.loader", "archive.domain.pinyin", "archive.text.segment", "archive.outputs.qr",
            "archive.domain.linking", "archive.outputs.search_index", "archive.pages.profiles", "archive.pages",
            "archive.runtime.forking"} <= users


# -- MkDocs internals: confined to one adapter module, and pinned to what it relies on --

HOOKS = ARCHIVE.parent
INTERNALS_MODULE = HOOKS / "page_renderer.py"     # renders pages as MkDocs does (README "性能")
PRIVATE_NAMES = {"_ExtractTitleTreeprocessor", "_RelativePathTreeprocessor"}
PRIVATE_ATTRIBUTES = {"_title_from_render", "_register"}


def private_mkdocs_uses(path: Path) -> tuple[set[str], set[str]]:
    """(private names imported from mkdocs, private attributes of MkDocs objects used) in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
             and (node.module or "").split(".")[0] in ("mkdocs", "material")
             for alias in node.names if alias.name.startswith("_")}
    attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                  and node.attr in PRIVATE_ATTRIBUTES}
    return names, attributes


def test_mkdocs_internals_are_used_in_one_adapter_module_only():
    found = {path.relative_to(HOOKS).as_posix(): uses for path in sorted(HOOKS.rglob("*.py"))
             if any(uses := private_mkdocs_uses(path))}
    assert found == {"page_renderer.py": (PRIVATE_NAMES, PRIVATE_ATTRIBUTES)}


def test_no_method_of_a_mkdocs_object_is_replaced():
    """Pages are left to behave as MkDocs made them: no `x.render = …` (or any method) assigned."""
    assigned = []
    for path in sorted(HOOKS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            assigned += [f"{path.name}: .{t.attr}" for t in targets if isinstance(t, ast.Attribute)
                         and t.attr in ("render", "read_source", "validate_anchor_links", "_set_canonical_url")]
    assert assigned == []


def test_the_installed_mkdocs_still_has_what_the_adapter_relies_on():
    """If an upgrade of MkDocs changes one of these, this test names it (and
    tests/test_page_renderer.py shows what the pages would lose)."""
    import inspect
    import logging

    from mkdocs.structure import pages
    assert list(inspect.signature(pages._RelativePathTreeprocessor.__init__).parameters) == ["self", "file", "files", "config"]
    assert list(inspect.signature(pages._ExtractTitleTreeprocessor.__init__).parameters)[:1] == ["self"]
    for processor in (pages._RelativePathTreeprocessor, pages._ExtractTitleTreeprocessor):
        assert callable(getattr(processor, "_register", None)), processor.__name__
    assert "_title_from_render" in inspect.getsource(pages.Page)              # the title a render found
    # The addresses the adapter gives generated files under serve (as MkDocs worked them out the
    # rebuild before): values a plugin may set, each computed from the others only when unset.
    import functools

    from mkdocs.structure.files import File
    for name in ("dest_uri", "url", "abs_dest_path"):
        assert isinstance(inspect.getattr_static(File, name), functools.cached_property), name
    # The warning the adapter's log filter drops for pages it renders itself: MkDocs' own words.
    import page_renderer
    assert "which is excluded from the built site" in inspect.getsource(pages)
    assert any(isinstance(f, page_renderer._NotExcluded) for f in logging.getLogger("mkdocs.structure.pages").filters)


# -- state: what a module keeps between calls lives in the cache layer's stores ---------------

# Module-level containers that change at run time, and why they are not stores: what forked
# workers inherit while one piece of work runs (set before the fork, cleared after it; a worker
# is sent its function by name, so the work's inputs must be reachable from the module), and
# the cache layer's own note of what it has said.
MODULE_STATE = {
    "archive.load.loader._job": "what the processes checking profiles inherit",
    "archive.pages._job": "what the process writing the profiles' pages inherits",
    "page_renderer._job": "what the processes rendering pages inherit",
    "archive.runtime.cache._SAID": "the cache layer's own: which unknown ARCHIVE_CACHE values it has said",
}


def test_no_module_keeps_state_of_its_own_outside_the_cache_layer():
    """A module-level empty dict, list or set (or dict()/list()/set()/defaultdict()) is state
    filled at run time: it belongs in a store of runtime/cache.py (CACHE.reset() empties it for
    tests, ARCHIVE_CACHE_STATS counts it), unless named above with its reason."""
    found = set()
    for path in sorted(HOOKS.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        module = module_name(path) if ARCHIVE in path.parents else path.stem
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
                continue
            value = node.value
            empty = isinstance(value, (ast.Dict, ast.List, ast.Set)) and not (
                getattr(value, "keys", None) or getattr(value, "elts", None))
            made = isinstance(value, ast.Call) and getattr(value.func, "id", "") in ("dict", "list", "set", "defaultdict")
            if empty or made:
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                    found.add(f"{module}.{getattr(target, 'id', '?')}")
    assert found == set(MODULE_STATE)
