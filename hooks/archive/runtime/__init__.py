"""What a build runs with, below everything else of the archive: the one cache layer (cache.py)
and the build context that says what kind of build this is (context.py). Imports nothing else
of the archive (tests/test_architecture.py)."""
