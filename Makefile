# Two commands set everything up on a fresh machine with Python 3.10+ and make:
#   make run   installs into .venv, builds the bundled example story's case file and its report
#   make test  installs and runs the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out

.PHONY: install run test lint bench train clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,ray]"
	touch $@

run: install
	@mkdir -p $(OUT)
	$(BIN)/leyenda build examples/manifest.jsonl -o $(OUT)/examples.db
	$(BIN)/leyenda export $(OUT)/examples.db --format json -o $(OUT)/examples.json
	$(BIN)/leyenda export $(OUT)/examples.db --format markdown -o $(OUT)/examples.md
	$(BIN)/leyenda export $(OUT)/examples.db --format html -o $(OUT)/examples.html
	@echo "dossier: $(OUT)/examples.md"
	@echo "report:  $(OUT)/examples.html  (open it in a browser; or: $(BIN)/leyenda serve $(OUT)/examples.db)"

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/run.py

# Re-trains the learned relation scorer on Re-DocRED dev and FewRel val (never Re-DocRED test)
# and writes src/leyenda/claims/relations.npz; a few minutes on one CPU.
BENCHMARKS ?= ../shared/benchmarks
train: install
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[train]"
	$(BIN)/python -m leyenda.claims.train_relations \
		--redocred $(BENCHMARKS)/re-docred/dev_revised.json \
		--fewrel $(BENCHMARKS)/fewrel/val_wiki.json \
		--report bench/relations_training.json

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
