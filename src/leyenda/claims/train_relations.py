"""Training of the learned relation scorer (`learned`): `make train`, or

    python -m leyenda.claims.train_relations [--redocred DEV] [--fewrel VAL] [-o OUT]

Trains only on Re-DocRED's dev split and FewRel's validation split (never on Re-DocRED's
test split, which stays held out for `leyenda eval redocred`). Steps:

1. Re-DocRED dev documents are read as the scorer reads them (`evals.redocred.analyse`),
   the rules run (`extract_facts`, without the learned facts), and every candidate pair of
   `learned.candidates` is labelled from the gold relations, mapped the way the scorer maps
   leyenda's facts to Wikidata properties;
2. FewRel sentences of P26 spouse, P40 child, P25 mother and P463 member of are positives
   for their label, the twelve other relations negatives (single sentences: no topic);
3. features seen in at least `MIN_COUNT` examples are indexed;
4. one L2-regularised logistic regression per label (L-BFGS, deterministic), first on
   `FOLDS` folds of the dev documents (FewRel always in training) for out-of-fold scores,
   which give each label a Platt calibration and the least probability at which the facts
   it adds to the rules' are right at least `TARGET_PRECISION` of the time;
5. the final model, trained on everything, is pruned and saved with those numbers.

The out-of-fold facts are also scored like `leyenda eval redocred` (rules ∪ model), which
is the cross-validated dev figure this prints. Needs scipy (`pip install -e ".[train]"`).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..model import Document, LocalFact, Mention
from . import learned as lr

log = logging.getLogger(__name__)

SHARED = Path(__file__).resolve().parents[4] / "shared" / "benchmarks"
REDOCRED_DEV = SHARED / "re-docred" / "dev_revised.json"
FEWREL_VAL = SHARED / "fewrel" / "val_wiki.json"

Span = tuple[int, int]

#: A feature is indexed when this many training examples have it.
MIN_COUNT = 2
#: L2 penalty on the weights (on the summed log loss); chosen by cross-validation on dev.
L2 = 1.0
#: Folds of the dev documents for out-of-fold scores.
FOLDS = 5
#: Each label's threshold: the least probability whose facts (beyond the rules') were right
#: this often out of fold, and never under `MIN_THRESHOLD`. 0.8 per label keeps the rules ∪
#: model micro precision near 0.88 out of fold on Re-DocRED dev (0.9 added almost nothing;
#: 0.7 fell to 0.86); re-run `make train` and `leyenda eval redocred` after changing it.
TARGET_PRECISION = 0.8
MIN_THRESHOLD = 0.5
#: Out-of-fold facts a label must state before its precision is trusted.
MIN_SUPPORT = 4
#: Weights smaller than this are dropped from the shipped model.
PRUNE = 1e-3
SEED = 0

#: FewRel relation → (label, whether head and tail swap to give the label's (a, b)).
FEWREL_POSITIVE = {
    "P26": (("spouse", False), ("spouse", True)),
    "P40": (("child", True),),  # h has child t: t is a child of h
    "P25": (("child", False), ("mother", False)),  # h's mother is t
    "P463": (("member_of", False),),
}
#: The feature every FewRel example has (see `fewrel_examples`).
FEWREL_FEATURE = "SRC:fewrel"
#: spaCy entity labels → leyenda types, for FewRel's unlabelled names.
_SPACY_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "NORP": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "WORK_OF_ART": "work",
}


@dataclass
class Examples:
    """Candidates as rows: features, labels, which labels apply, and the document each came
    from (-1 for FewRel), plus what the cross-validated dev score needs per document."""

    features: list[list[str]] = field(default_factory=list)
    y: list[list[float]] = field(default_factory=list)
    mask: list[list[float]] = field(default_factory=list)
    group: list[int] = field(default_factory=list)
    covered: list[list[bool]] = field(default_factory=list)  # the rules state it already
    docs: list[dict[str, Any]] = field(default_factory=list)


def _label_triples(label: str, a: int, b: int) -> list[tuple[int, int, str]]:
    """The gold triples that make a dev candidate (entities a, b) positive for `label`."""
    return {
        "spouse": [(a, b, "P26"), (b, a, "P26")],
        "sibling": [(a, b, "P3373"), (b, a, "P3373")],
        "child": [(b, a, "P40"), (a, b, "P22"), (a, b, "P25")],
        "father": [(a, b, "P22")],
        "mother": [(a, b, "P25")],
        "employee_of": [(a, b, "P108")],
        "member_of": [(a, b, "P463")],
        "founded": [(b, a, "P112")],
        "cast": [(b, a, "P161")],
        "born_place": [(a, b, "P19")],
        "died_place": [(a, b, "P20")],
        "born_time": [(a, b, "P569")],
        "died_time": [(a, b, "P570")],
    }[label]


def _time_entity(doc: Any, t: Any) -> int | None:
    for ei, chars in enumerate(doc.entities):
        if doc.types[ei] == "TIME" and any(x < t.end and t.start < y for x, y in chars):
            return ei
    return None


def redocred_examples(path: Path, ex: Examples, nlp: Any, limit: int | None = None) -> None:
    """Step 1: candidates of Re-DocRED documents, labelled from their gold."""
    from ..evals.redocred import analyse, read_redocred
    from . import extract_facts

    def parsed() -> Iterator[tuple[Any, list[LocalFact]]]:
        for a in analyse(read_redocred(path, limit), nlp):
            with lr.disabled():
                yield a, extract_facts(a.sdoc, a.document, a.mentions, a.times)

    add_redocred(parsed(), ex)


def add_redocred(parsed: Iterable[tuple[Any, list[LocalFact]]], ex: Examples) -> None:
    """Step 1 on documents already parsed, each with the rules' facts (kept apart so that
    experiments can reuse one parse)."""
    from ..evals.redocred import PROPERTIES, triples_of

    labels = lr.LABELS
    for di, (a, facts) in enumerate(parsed):
        rule_triples = set(triples_of(a.doc, facts, a.entity_of))
        gold = {g for g in a.doc.gold if g[2] in PROPERTIES}
        cands = lr.candidates(a.sdoc, a.document, a.mentions, a.times)
        known = lr.stated_by_rules(facts, a.mentions)
        first_row = len(ex.features)
        for cand in cands:
            ea = a.entity_of[cand.a]
            eb = (
                _time_entity(a.doc, a.times[cand.b])
                if cand.kind[1] == "time"
                else (a.entity_of[cand.b])
            )
            y, mask, cov = [], [], []
            for lab in labels:
                fits = cand.kind in lr.SIGNATURES[lab]
                trip = _label_triples(lab, ea, eb) if eb is not None else []
                y.append(1.0 if any(t in gold for t in trip) else 0.0)
                mask.append(1.0 if fits else 0.0)
                key = (cand.a, lab, "any" if lab in lr.ONCE else cand.b)
                cov.append(key in known or (bool(trip) and trip[0] in rule_triples))
            ex.features.append(sorted(cand.features))
            ex.y.append(y)
            ex.mask.append(mask)
            ex.group.append(di)
            ex.covered.append(cov)
        ex.docs.append(
            {
                "analysed": a,
                "rows": (first_row, len(ex.features)),
                "cands": cands,
                "facts": facts,
                "known": known,
                "gold": gold,
            }
        )


def _fewrel_type(sdoc: Any, start: int, end: int, default: str) -> str:
    for ent in sdoc.ents:
        if ent.start_char < end and start < ent.end_char:
            got = _SPACY_TYPES.get(ent.label_)
            if got is not None:
                return got
    return default


def fewrel_examples(path: Path, ex: Examples, nlp: Any, limit: int | None = None) -> None:
    """Step 2: FewRel's sentences, both orders of their pair."""
    from ..evals.redocred import detokenize

    data = json.loads(path.read_text(encoding="utf-8"))
    items = []
    for rel in sorted(data):
        for inst in data[rel][:limit]:
            items.append((rel, inst))
    texts = []
    for rel, inst in items:
        text, spans = detokenize([inst["tokens"]])
        h = inst["h"][2][0]
        t = inst["t"][2][0]
        hs = (spans[0][h[0]][0], spans[0][h[-1]][1])
        ts = (spans[0][t[0]][0], spans[0][t[-1]][1])
        texts.append((text, (rel, hs, ts)))
    add_fewrel(nlp.pipe(texts, as_tuples=True, batch_size=64), ex)


def add_fewrel(parsed: Iterable[tuple[Any, tuple[str, Span, Span]]], ex: Examples) -> None:
    """Step 2 on sentences already parsed, each with (relation, head and tail characters)."""
    labels = lr.LABELS
    col = {lab: k for k, lab in enumerate(labels)}
    for sdoc, (rel, hs, ts) in parsed:
        if hs[0] < ts[1] and ts[0] < hs[1]:
            continue  # overlapping names
        positive = FEWREL_POSITIVE.get(rel, ())
        if positive:
            ht_default = ("person", "organization") if rel == "P463" else ("person", "person")
        else:
            ht_default = ("other", "other")
        htype = _fewrel_type(sdoc, hs[0], hs[1], ht_default[0])
        ttype = _fewrel_type(sdoc, ts[0], ts[1], ht_default[1])
        if rel == "P463":
            ttype = "organization"
        elif positive:
            htype = ttype = "person"
        text = str(sdoc.text)
        document = Document("fewrel", "", "fewrel", None, "", text)
        order = sorted([(hs, htype, "h"), (ts, ttype, "t")])
        mentions = [
            Mention("fewrel", s, e, text[s:e], kind, text[s:e])  # type: ignore[arg-type]
            for (s, e), kind, _ in order
        ]
        index = {role: i for i, (_, _, role) in enumerate(order)}
        for cand in lr.candidates(sdoc, document, mentions, [], topic=False):
            if "K:same" not in cand.features:
                continue
            swapped = cand.a == index["t"]
            y = [0.0] * len(labels)
            mask = [1.0 if cand.kind in lr.SIGNATURES[lab] else 0.0 for lab in labels]
            for lab, swap in positive:
                if swap == swapped:
                    y[col[lab]] = 1.0
            if rel == "P40":
                mask[col["father"]] = mask[col["mother"]] = 0.0  # which parent is not said
            if rel == "P25" and not swapped:
                y[col["father"]] = 0.0
            if not any(mask):
                continue
            # FewRel's sentences were chosen for their relation: a feature of their own
            # takes up the higher rate of relations among them, and is never seen at run time
            ex.features.append(sorted(cand.features | {FEWREL_FEATURE}))
            ex.y.append(y)
            ex.mask.append(mask)
            ex.group.append(-1)
            ex.covered.append([False] * len(labels))


# 3.-4. the regression -----------------------------------------------------------------------


def vocabulary(features: Sequence[Sequence[str]], min_count: int = MIN_COUNT) -> dict[str, int]:
    """Step 3: features of at least `min_count` examples, indexed in sorted order."""
    counts = Counter(f for feats in features for f in set(feats))
    kept = sorted(f for f, n in counts.items() if n >= min_count)
    return {f: i for i, f in enumerate(kept)}


def matrix(features: Sequence[Sequence[str]], index: dict[str, int]) -> Any:
    """Binary CSR matrix of the examples' indexed features."""
    from scipy import sparse

    indptr = [0]
    cols: list[int] = []
    for feats in features:
        cols.extend(sorted({index[f] for f in feats if f in index}))
        indptr.append(len(cols))
    data = np.ones(len(cols), dtype=np.float64)
    return sparse.csr_matrix(
        (data, np.asarray(cols, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(features), len(index)),
    )


def fit_binary(x: Any, y: Any, l2: float = L2) -> tuple[Any, float]:
    """Weights and bias of an L2-regularised logistic regression (L-BFGS from zeros)."""
    from scipy.optimize import minimize

    d = x.shape[1]
    xt = x.T.tocsr()

    def loss(theta: Any) -> tuple[float, Any]:
        w, b = theta[:d], theta[d]
        s = x @ w + b
        # log(1 + e^s) - y s, stably
        value = float(np.sum(np.logaddexp(0.0, s) - y * s)) + 0.5 * l2 * float(w @ w)
        err = 1.0 / (1.0 + np.exp(-s)) - y
        grad = np.empty(d + 1)
        grad[:d] = xt @ err + l2 * w
        grad[d] = err.sum()
        return value, grad

    res = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return res.x[:d], float(res.x[d])


def fit(x: Any, y: Any, mask: Any, l2: float = L2) -> tuple[Any, Any]:
    """Step 4: one regression per label over the rows its types fit; (weights, bias)."""
    n_labels = y.shape[1]
    weights = np.zeros((x.shape[1], n_labels))
    bias = np.full(n_labels, -10.0)
    for k in range(n_labels):
        rows = np.flatnonzero(mask[:, k] > 0)
        if len(rows) == 0 or y[rows, k].sum() == 0:
            continue
        w, b = fit_binary(x[rows], y[rows, k], l2)
        weights[:, k] = w
        bias[k] = b
    return weights, bias


def _fit_job(job: tuple[Any, Any, Any]) -> tuple[Any, Any]:
    return fit(*job)


def _pool(jobs: int) -> Any:
    """Worker processes for the fits: one per core, at most one per job."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    workers = max(1, min(jobs, len(os.sched_getaffinity(0))))
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def platt(scores: Any, y: Any) -> tuple[float, float]:
    """Calibration p = sigmoid(a s + b) fitted to held-out scores."""
    from scipy.optimize import minimize

    def loss(theta: Any) -> tuple[float, Any]:
        z = theta[0] * scores + theta[1]
        err = 1.0 / (1.0 + np.exp(-z)) - y
        value = float(np.sum(np.logaddexp(0.0, z) - y * z))
        return value, np.array([float(err @ scores), float(err.sum())])

    res = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B")
    return float(res.x[0]), float(res.x[1])


def threshold(probs: Any, y: Any, target: float = TARGET_PRECISION) -> float:
    """The least probability above which at least `target` of the stated facts are right
    (at least `MIN_SUPPORT` of them); above 1 (never state) when none is."""
    order = np.argsort(-probs, kind="stable")
    tp = np.cumsum(y[order])
    k = np.arange(1, len(order) + 1)
    ok = np.flatnonzero((tp / k >= target) & (k >= MIN_SUPPORT) & (probs[order] >= MIN_THRESHOLD))
    if len(ok) == 0:
        return 1.01
    return float(probs[order][ok[-1]])


@dataclass
class Trained:
    """The model and the cross-validated dev figures that chose its thresholds."""

    model: lr.RelationModel
    report: dict[str, Any]
    oof: Any = None  # out-of-fold raw scores per example row and label
    calib: Any = None  # the Platt calibrations fitted on them


def train(
    redocred: Path = REDOCRED_DEV,
    fewrel: Path = FEWREL_VAL,
    *,
    nlp: Any = None,
    limit_docs: int | None = None,
    limit_fewrel: int | None = None,
    folds: int = FOLDS,
) -> Trained:
    """Steps 1–5; deterministic for the same inputs."""
    from ..nlp import load_nlp

    nlp = nlp if nlp is not None else load_nlp()
    ex = Examples()
    redocred_examples(redocred, ex, nlp, limit_docs)
    fewrel_examples(fewrel, ex, nlp, limit_fewrel)
    return train_on(ex, folds=folds)


def train_on(ex: Examples, *, folds: int = FOLDS) -> Trained:
    """Steps 3–5 on examples already gathered."""
    np.random.seed(SEED)
    index = vocabulary(ex.features)
    x = matrix(ex.features, index)
    y = np.asarray(ex.y)
    mask = np.asarray(ex.mask)
    group = np.asarray(ex.group)
    covered = np.asarray(ex.covered, dtype=bool)
    labels = lr.LABELS
    n_labels = len(labels)

    # out-of-fold scores on the dev documents
    oof = np.zeros((len(group), n_labels))
    dev_rows = np.flatnonzero(group >= 0)
    fold_of = np.where(group >= 0, group % max(folds, 1), -1)
    # the folds and the final fit are independent: run them side by side on the cores there
    # are (each fit is deterministic, so the result does not depend on how many)
    splits = [np.flatnonzero(fold_of != k) for k in range(folds)] + [np.arange(len(group))]
    jobs = [(x[r], y[r], mask[r]) for r in splits]
    with _pool(len(jobs)) as pool:
        fitted = list(pool.map(_fit_job, jobs))
    for k in range(folds):
        test_rows = np.flatnonzero(fold_of == k)
        w, b = fitted[k]
        oof[test_rows] = x[test_rows] @ w + b

    calib = np.zeros((n_labels, 2))
    calib[:, 0] = 1.0
    thresholds = np.full(n_labels, 1.01)
    per_label: dict[str, Any] = {}
    for k, lab in enumerate(labels):
        rows = dev_rows[mask[dev_rows, k] > 0]
        if len(rows) == 0 or y[rows, k].sum() == 0:
            continue
        a, b = platt(oof[rows, k], y[rows, k])
        calib[k] = (a, b)
        probs = 1.0 / (1.0 + np.exp(-(a * oof[rows, k] + b)))
        new = ~covered[rows, k]
        thresholds[k] = threshold(probs[new], y[rows, k][new])
        stated = new & (probs >= thresholds[k])
        per_label[lab] = {
            "candidates": len(rows),
            "positives": int(y[rows, k].sum()),
            "threshold": round(float(thresholds[k]), 4),
            "stated_beyond_rules": int(stated.sum()),
            "right": int(y[rows, k][stated].sum()),
        }

    report = {
        "examples": len(group),
        "dev_examples": len(dev_rows),
        "features": len(index),
        "labels": per_label,
        "cross_validated_dev": _cv_score(ex, oof, calib, thresholds) if folds > 1 else None,
    }

    weights, bias = fitted[-1]
    keep = np.flatnonzero(np.abs(weights).max(axis=1) >= PRUNE)
    vocab = sorted(index, key=index.__getitem__)
    kept_index = {vocab[i]: j for j, i in enumerate(keep)}
    model = lr.RelationModel(
        labels,
        kept_index,
        weights[keep].astype(np.float32).astype(np.float64),
        bias.astype(np.float32).astype(np.float64),
        calib.astype(np.float32).astype(np.float64),
        thresholds.astype(np.float32).astype(np.float64),
    )
    report["shipped_features"] = len(kept_index)
    return Trained(model, report, oof, calib)


def _cv_score(ex: Examples, oof: Any, calib: Any, thresholds: Any) -> dict[str, Any]:
    """The out-of-fold facts, with the rules', scored the way `leyenda eval redocred` does."""
    from ..evals.redocred import PROPERTIES, triples_of

    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for d in ex.docs:
        a = d["analysed"]
        r0, r1 = d["rows"]
        probs = [1.0 / (1.0 + np.exp(-(calib[:, 0] * oof[r] + calib[:, 1]))) for r in range(r0, r1)]
        chosen = lr.decide(lr.LABELS, thresholds, d["cands"], probs, d["known"])
        added: list[LocalFact] = [
            lr.fact_of(a.document, d["cands"][ci], lab, conf, value, 0, "reality", a.times)
            for ci, lab, conf, value in chosen
        ]
        predicted = set(triples_of(a.doc, [*d["facts"], *added], a.entity_of))
        gold = d["gold"]
        for t in predicted:
            (tp if t in gold else fp)[t[2]] += 1
        for t in gold - predicted:
            fn[t[2]] += 1

    def prf(t: int, f: int, n: int) -> dict[str, float]:
        p = t / (t + f) if t + f else 0.0
        r = t / (t + n) if t + n else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        }

    return {
        "micro": prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        "per_property": {r: prf(tp[r], fp[r], fn[r]) for r in PROPERTIES},
    }


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m leyenda.claims.train_relations`: trains and writes the shipped weights."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redocred", type=Path, default=REDOCRED_DEV)
    parser.add_argument("--fewrel", type=Path, default=FEWREL_VAL)
    parser.add_argument("-o", "--out", type=Path, default=lr.MODEL_PATH)
    parser.add_argument("--report", type=Path, default=None, help="write the figures as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    trained = train(args.redocred, args.fewrel)
    trained.model.save(args.out)
    text = json.dumps(trained.report, indent=1, sort_keys=True)
    if args.report is not None:
        args.report.write_text(text + "\n", encoding="utf-8")
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
