# The two commands a new machine needs: `make serve` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEPS   := $(VENV)/.deps-installed
ADDR   ?= 127.0.0.1:8000
N      ?= 1000

# Material's end-of-life banner (2027-05-05) is recorded in README "维护说明"; keep our output clean.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

# Reproducible builds: dates in the site (sitemap, its gzip header) come from the last commit,
# not from the clock, so two builds of one commit are byte-identical (README "部署").
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
endif
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: serve build check test clean

# What is written after make (KIND= NAME= ID= FILES= DEST= ADDR= N= CORES=) reaches the scripts as written:
# make does not expand it ($(value …): a name holding $(shell …) is only text), and the recipes
# hand it to the shell in single quotes ($(call quote,…)), so "; …", `…`, $(…) or ' run nothing.
# FILES is a list: each name separated by spaces is quoted on its own.
USER_VARIABLES := KIND NAME ID FILES DEST ADDR N CORES
$(foreach v,$(USER_VARIABLES),$(eval override $(v) := $$(value $(v))))
quote = '$(subst ','\'',$(1))'

$(DEPS): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

serve: $(DEPS)
	$(BIN)/mkdocs serve --dev-addr $(call quote,$(ADDR))

build: $(DEPS)
	$(BIN)/mkdocs build --strict

check: $(DEPS)
	$(BIN)/python scripts/check.py $(foreach f,$(FILES),$(call quote,$(f)))

test: $(DEPS)
	sh scripts/ensure_system_packages.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# XSS fuzzing (tests/test_xss_fuzz.py, vectors in tests/data/xss/): `make test` runs a sample of
# about 40 cases; this runs every vector in every place of a profile (several minutes).
.PHONY: fuzz
fuzz: $(DEPS)
	sh scripts/ensure_system_packages.sh
	XSS_FUZZ=all $(BIN)/python -m pytest tests/test_xss_fuzz.py -m xss_fuzz -s $(PYTEST_ARGS)

# Deployment (README "部署"): build into a new release beside DEST and switch DEST to it.
.PHONY: publish rollback
publish: $(DEPS)
	$(BIN)/python scripts/publish.py publish $(call quote,$(DEST))
	$(BIN)/python scripts/urls.py   # record what is now published; commit profiles/published-urls.txt

rollback: $(DEPS)
	$(BIN)/python scripts/publish.py rollback $(call quote,$(DEST))

# Contributors (CONTRIBUTING.md): `make new KIND=person NAME=单田芳 [ID=…]` scaffolds a profile;
# `make fix [FILES=…]` corrects Chinese typography in place (never policy texts).
.PHONY: new fix
new: $(DEPS)
	$(BIN)/python scripts/new.py --id=$(call quote,$(ID)) -- $(call quote,$(KIND)) $(call quote,$(NAME))

fix: $(DEPS)
	$(BIN)/python scripts/fix.py $(foreach f,$(FILES),$(call quote,$(f)))

# After publishing: record the profile URLs now public (profiles/published-urls.txt, committed);
# `make check` then fails if one disappears without a redirect in profiles/redirects.yaml.
.PHONY: urls
urls: $(DEPS)
	$(BIN)/python scripts/urls.py

# Performance (README "性能"): archive vs stock mkdocs-material on the same synthetic text.
.PHONY: bench
bench: $(DEPS)
	$(BIN)/python scripts/bench.py $(call quote,$(N)) $(if $(CORES),--cores $(call quote,$(CORES)))

# Search quality (README "搜索"): every query of tests/data/search_eval/ typed into the built site's
# search box in Chromium; hits@1, hits@3, MRR and queries without results, for both halves.
.PHONY: search-eval
search-eval: $(DEPS)
	sh scripts/ensure_system_packages.sh
	$(BIN)/python scripts/search_eval.py

# Reviewers (CONTRIBUTING.md "截图"): desktop and phone screenshots of one page of each type,
# from a fresh published build, into screenshots/ (git-ignored).
.PHONY: screenshots
screenshots: $(DEPS)
	sh scripts/ensure_system_packages.sh
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf site .pytest_cache screenshots
