"""The content model and what is computed over it: problems and their codes (problems.py), the
safe YAML reader every profile and data file goes through (frontmatter.py), the schema read from
../schema.yaml (schema.py), the archive as data (model.py), pinyin of names (pinyin.py), mentions
turned into links (linking.py), related people (related.py), campaigns (campaigns.py) and git
history (history.py). Imports only the runtime and text layers (tests/test_architecture.py)."""
