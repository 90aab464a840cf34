"""Reading the contributors' files into an Archive and checking them: the loader (loader.py), the
rules beyond field types (validate.py), photos (media.py), redirects (redirects.py), synonyms
(synonyms.py), typography (typography.py), and new profiles from the schema (scaffold.py).
Imports only the layers below it: runtime, text, domain (tests/test_architecture.py)."""
