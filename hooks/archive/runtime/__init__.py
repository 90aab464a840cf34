"""What a build runs with, below everything else of the archive: the one cache layer (cache.py),
the build context that says what kind of build this is (context.py), reading contributors' files
safely (files.py), work spread over forked processes (forking.py) and native code run where its
crash cannot take the caller with it (contained.py). Imports nothing else of the archive
(tests/test_architecture.py)."""
