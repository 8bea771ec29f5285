"""`make bench`: speed as a ratio of spaCy's own `nlp.pipe`, cores, memory at scale, increments.

Sections (each measured in fresh processes; machines here are shared and noisy, so speed is
reported as a ratio taken in the same run, best of alternating rounds):

* throughput  leyenda build vs spaCy `nlp.pipe` on the same texts, same model, one core;
* profile     where leyenda's own time goes (pyinstrument, one build);
* workers     `--workers 1` vs `--workers 2` on ≥ 500 documents, and the two case files equal;
* ray         `--engine ray` with 1 and 2 local actors;
* scale       builds of 1k / 10k / 100k short documents made from the public benchmark texts
              under ../shared/benchmarks (Re-DocRED, TempEval-3): peak RSS and seconds;
* increment   one new document added to the largest case file of `scale`;
* resolve     entity resolution alone over synthetic mentions of up to 100k documents;
* cross       the whole cross-document stage over a stored case file of those documents;
* long        one document of 1k, 10k, 100k, 1M and 5M characters (and 5M on one line):
              seconds, peak memory and seconds per 100k characters, which must stay flat;
* formats     reading alone: documents/s of text files, a WARC, PDFs and (with tesseract)
              scanned PDFs through OCR; peak RSS of reading a WARC of N and 10×N records,
              which must not grow with the archive.

Corpora are written under bench/corpus/ (ignored by git, never committed). Results are
kept per section in bench/results.json and rendered to bench/results.md, so sections can
be re-run one at a time:

    python bench/run.py                       # all sections, default sizes
    python bench/run.py --only scale --scale 1000,10000
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import platform
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
CORPUS = HERE / "corpus"
RESULTS = HERE / "results.json"
SOURCES = [ROOT / "examples" / "manifest.jsonl", SHARED / "seeds" / "manifest.jsonl"]
SECTIONS = (
    "throughput",
    "profile",
    "workers",
    "ray",
    "scale",
    "increment",
    "resolve",
    "cross",
    "long",
    "formats",
)


# --- corpora -------------------------------------------------------------------------------


def article_corpus(n_docs: int) -> Path:
    """n_docs documents cycling through the bundled examples and the seed articles.

    A numbered line makes every copy's bytes its own (a build skips bytes it has seen).
    """
    originals = []
    for manifest in SOURCES:
        if not manifest.exists():
            continue
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                text = (manifest.parent / row["path"]).read_text(encoding="utf-8")
                originals.append((row, text))
    if not originals:
        sys.exit("bench: no source articles found")
    CORPUS.mkdir(exist_ok=True)
    out = CORPUS / f"articles-{n_docs}.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for i in range(n_docs):
            row, text = originals[i % len(originals)]
            entry = {k: v for k, v in row.items() if k not in ("path", "id")}
            entry["id"] = f"copy{i:05d}-{row.get('id', row['path'])}"
            entry["text"] = f"{text}\n\nCopy {i}.\n"
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return out


_TAG = re.compile(r"<[^>]+>")
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def _detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?%)\]'])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    return text.replace(" n't", "n't").replace(" 's", "'s").replace('" ', '"')


def benchmark_sentences() -> list[str]:
    """Sentences of the public benchmark texts beside the checkout (read, never copied in)."""
    sentences: list[str] = []
    for name in ("dev_revised.json", "test_revised.json"):
        path = SHARED / "benchmarks" / "re-docred" / name
        if path.exists():
            for doc in json.loads(path.read_text(encoding="utf-8")):
                sentences.extend(_detokenize(s) for s in doc["sents"])
    for tml in sorted((SHARED / "benchmarks" / "tempeval3").rglob("*.tml")):
        raw = tml.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
        body = html.unescape(_TAG.sub("", m.group(1) if m else raw))
        sentences.extend(
            " ".join(s.split()) for s in _SENT_END.split(body) if 40 <= len(s.strip()) <= 400
        )
    return [s for s in sentences if len(s) >= 30]


def benchmark_corpus(n_docs: int, seed: int = 7) -> Path:
    """n_docs distinct short documents, each 3–5 benchmark sentences, varied and repeated."""
    CORPUS.mkdir(exist_ok=True)
    out = CORPUS / f"benchmarks-{n_docs}.jsonl"
    if out.exists():
        return out
    pool = benchmark_sentences()
    if not pool:
        sys.exit(f"bench: no benchmark texts under {SHARED / 'benchmarks'}")
    rng = random.Random(seed)
    seen: set[tuple[int, ...]] = set()
    with out.open("w", encoding="utf-8") as f:
        i = 0
        while i < n_docs:
            pick = tuple(rng.randrange(len(pool)) for _ in range(rng.randint(3, 5)))
            if pick in seen:
                continue
            seen.add(pick)
            year = 1995 + rng.randrange(25)
            entry = {
                "id": f"b{i:06d}",
                "title": f"Benchmark mix {i}",
                "published": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "text": " ".join(pool[j] for j in pick) + "\n",
            }
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
            i += 1
    return out


def long_document(chars: int, one_line: bool = False, seed: int = 11) -> Path:
    """A manifest of one document of `chars` characters: benchmark sentences in paragraphs
    of 3–6 (or all on one line), cut at the size."""
    CORPUS.mkdir(exist_ok=True)
    out = CORPUS / f"long-{chars}{'-line' if one_line else ''}.jsonl"
    if out.exists():
        return out
    pool = benchmark_sentences()
    if not pool:
        sys.exit(f"bench: no benchmark texts under {SHARED / 'benchmarks'}")
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        para = " ".join(pool[rng.randrange(len(pool))] for _ in range(rng.randint(3, 6)))
        parts.append(para)
        size += len(para) + 2
    text = (" " if one_line else "\n\n").join(parts)[:chars]
    entry = {"id": out.stem, "title": "A long document", "published": "2020-01-01", "text": text}
    out.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


# --- stages, each run in a fresh process ----------------------------------------------------


def stage_spacy(manifest: str) -> dict[str, Any]:
    """spaCy's own pipeline over the same texts, same model, same batch size."""
    import spacy

    from leyenda.nlp import BATCH_SIZE, model_name

    texts = [
        json.loads(x)["text"]
        for x in Path(manifest).read_text(encoding="utf-8").split("\n")
        if x.strip()
    ]
    nlp = spacy.load(model_name())
    nlp("warm up")
    t0 = time.perf_counter()
    tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=BATCH_SIZE))
    return {"seconds": time.perf_counter() - t0, "docs": len(texts), "tokens": tokens}


class _Marks:
    """When each progress event was first seen: the cross-document stages start at
    "resolving"."""

    def __init__(self) -> None:
        self.at: dict[str, float] = {}

    def __call__(self, event: str, item: object, done: int, total: int) -> None:
        self.at.setdefault(event, time.perf_counter())

    def since(self, event: str, end: float) -> float:
        return end - self.at.get(event, end)


def stage_build(
    manifest: str, workers: str = "1", out: str = "", export: str = "no", preload: str = "yes"
) -> dict[str, Any]:
    """A full `leyenda build` into a fresh case file (or `out`); `export`: hash its JSON.

    `preload`: a one-worker build gets its model loaded before the clock starts, as spaCy's
    own run does (throughput); "no" counts every model load, as `--workers N` builds pay
    them (the workers section compares builds as the command line runs them).
    """
    from leyenda import build
    from leyenda.nlp import load_nlp

    n = int(workers)
    nlp = load_nlp() if n == 1 and preload == "yes" else None
    if nlp is not None:
        nlp("warm up")
    marks = _Marks()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(out) if out else Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        report = build([manifest], target, nlp=nlp, workers=n, progress=marks)
        end = time.perf_counter()
        seconds = end - t0
        exported = ""
        if export == "yes":
            from leyenda.api import export_casefile

            exported = export_casefile(target, "json")
    res: dict[str, Any] = {
        "seconds": seconds,
        "cross_document_seconds": marks.since("resolving", end),
        "docs": len(report.added),
        **report.counts,
    }
    if exported:
        res["export_sha"] = hashlib.sha256(exported.encode()).hexdigest()
    return res


def stage_profile(manifest: str) -> dict[str, Any]:
    """A one-worker build, for py-spy to sample (see `section_profile`)."""
    from leyenda import build
    from leyenda.nlp import load_nlp

    nlp = load_nlp()
    nlp("warm up")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        build([manifest], Path(tmp) / "p.db", nlp=nlp, workers=1)
    return {"seconds": time.perf_counter() - t0}


def _bucket(stack: str) -> str | None:
    """Who a py-spy sample's time belongs to: the leaf-most spaCy or leyenda frame."""
    if "build (leyenda/pipeline.py" not in stack:
        return None  # start-up, model loading: not the build
    for frame in reversed(stack.split(";")):
        m = re.search(r"\((\S+?)\.py(?:x)?:\d+\)$", frame)
        path = m.group(1) if m else ""
        if path.startswith("leyenda/"):
            return "leyenda." + path.removeprefix("leyenda/").replace("/", ".")
        if path.split("/")[0] in ("spacy", "thinc", "numpy", "blis", "srsly"):
            return "spaCy (tokenizer, tagger, parser, NER)"
    return "other"


def stage_increment(casefile: str, manifest: str) -> dict[str, Any]:
    """Add one new document to an existing case file: the cost of its analysis + the rest."""
    from leyenda import build
    from leyenda.nlp import load_nlp

    nlp = load_nlp()
    nlp("warm up")
    marks = _Marks()
    t0 = time.perf_counter()
    report = build([manifest], casefile, nlp=nlp, workers=1, progress=marks)
    end = time.perf_counter()
    return {
        "seconds": end - t0,
        "cross_document_seconds": marks.since("resolving", end),
        "added": len(report.added),
        "resolution": report.resolution,
    }


def stage_prime(casefile: str) -> dict[str, Any]:
    """A full resolution of a case file that has no resolution state yet (one made by an
    older leyenda): what its first build after an upgrade costs, once."""
    from leyenda.cross import resolve_store
    from leyenda.increment import RULES_VERSION
    from leyenda.store import STATE_KEY, Store

    t0 = time.perf_counter()
    with Store.open(casefile) as store:
        primed = store.get_meta(STATE_KEY) != RULES_VERSION
        if primed:
            resolve_store(store)
    return {"seconds": time.perf_counter() - t0, "primed": primed}


def stage_resolve(n_docs: str) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    from resolve_scale import run  # type: ignore[import-not-found]

    return dict(run(int(n_docs)))


def stage_ray(manifest: str, workers: str) -> dict[str, Any]:
    """A build on a local Ray with `workers` actors, Ray's start-up included; the
    cross-document stages' groups are decided on Ray too (Ray Data maps)."""
    from leyenda import build

    marks = _Marks()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        report = build(
            [manifest], Path(tmp) / "r.db", engine="ray", workers=int(workers), progress=marks
        )
        end = time.perf_counter()
        return {
            "seconds": end - t0,
            "cross_document_seconds": marks.since("resolving", end),
            "docs": len(report.added),
        }


def stage_cross_store(n_docs: str, casefile: str) -> dict[str, Any]:
    """A case file holding N synthetic analyses (`resolve_scale`), not yet resolved."""
    sys.path.insert(0, str(HERE))
    from resolve_scale import synthesize  # type: ignore[import-not-found]

    from leyenda.store import Store

    t0 = time.perf_counter()
    with Store.open(casefile, create=True) as store:
        for a in synthesize(int(n_docs), facts=True):
            store.save_analysis(a)
    return {"seconds": time.perf_counter() - t0}


def stage_cross(casefile: str) -> dict[str, Any]:
    """A full cross-document stage (resolution, reconciliation, writing) of a case file,
    in a fresh process, so its peak RSS is that stage's."""
    from leyenda.cross import resolve_store
    from leyenda.store import Store

    t0 = time.perf_counter()
    with Store.open(casefile) as store:
        resolve_store(store)
        counts = store.counts()
    seconds = time.perf_counter() - t0
    with sqlite3.connect(casefile) as conn:
        mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    return {"seconds": seconds, "mentions": mentions, **counts}


def stage_read(path: str) -> dict[str, Any]:
    """Reading alone (`ingest.iter_documents`, no analysis) of one input, in a fresh
    process, so its peak RSS is the reading's."""
    from leyenda.ingest import iter_documents
    from leyenda.model import Document

    t0 = time.perf_counter()
    docs = sum(isinstance(d, Document) for d in iter_documents([path]))
    return {"docs": docs, "seconds": time.perf_counter() - t0}


STAGES = {
    "read": stage_read,
    "cross_store": stage_cross_store,
    "cross": stage_cross,
    "ray": stage_ray,
    "spacy": stage_spacy,
    "build": stage_build,
    "profile": stage_profile,
    "increment": stage_increment,
    "prime": stage_prime,
    "resolve": stage_resolve,
}


def run_stage(stage: str, *args: str) -> dict[str, Any]:
    """One stage in a fresh interpreter; its peak RSS and its children's are measured there."""
    proc = subprocess.run(
        [sys.executable, __file__, "--stage", stage, *args],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.exit(f"bench: stage {stage} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _stage_main(stage: str, args: list[str]) -> None:
    result = STAGES[stage](*args)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["workers_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


# --- sections ----------------------------------------------------------------------------


def say(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def section_throughput(args: argparse.Namespace) -> dict[str, Any]:
    manifest = str(article_corpus(args.docs))
    best: dict[str, dict[str, Any]] = {}
    ratios = []  # each round's spaCy and build ran back to back: the least noisy pairs
    for r in range(args.rounds):
        seconds = {}
        for stage in ("spacy", "build"):
            res = run_stage(stage, manifest)
            say(f"throughput round {r + 1} {stage:6} {res['seconds']:.1f}s")
            seconds[stage] = res["seconds"]
            if stage not in best or res["seconds"] < best[stage]["seconds"]:
                best[stage] = res
        ratios.append(seconds["spacy"] / seconds["build"])
    return {
        "rounds": args.rounds,
        "spacy": best["spacy"],
        "leyenda": best["build"],
        "round_ratios": ratios,
    }


def section_profile(args: argparse.Namespace) -> dict[str, Any]:
    """py-spy samples a one-worker build; each sample goes to spaCy or a leyenda module."""
    manifest = str(article_corpus(min(args.docs, 100)))
    spy = Path(sys.executable).parent / "py-spy"
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "samples.txt"
        cmd = [
            str(spy),
            "record",
            "-r",
            "200",
            "-f",
            "raw",
            "-o",
            str(raw),
            "--",
            sys.executable,
            __file__,
            "--stage",
            "profile",
            manifest,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0 or not raw.exists():
            return {"skipped": f"py-spy failed: {proc.stderr[-500:]}"}
        counts: dict[str, int] = {}
        for line in raw.read_text(encoding="utf-8").splitlines():
            stack, _, n = line.rpartition(" ")
            key = _bucket(stack)
            if key is not None:
                counts[key] = counts.get(key, 0) + int(n)
    total = sum(counts.values()) or 1
    shares = {k: v / total for k, v in sorted(counts.items(), key=lambda kv: -kv[1])}
    say("profile: " + ", ".join(f"{k} {100 * v:.0f}%" for k, v in list(shares.items())[:4]))
    return {"samples": total, "shares": shares}


def section_workers(args: argparse.Namespace) -> dict[str, Any]:
    manifest = str(article_corpus(args.worker_docs))
    out: dict[str, Any] = {"docs": args.worker_docs}
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):  # alternating, best of each: the machine is shared
            seconds = {}
            for n in (1, 2):
                db = str(Path(tmp) / f"w{n}-{r}.db")
                res = run_stage("build", manifest, str(n), db, "yes", "no")
                say(f"workers round {r + 1} workers={n} {res['seconds']:.1f}s")
                seconds[n] = res["seconds"]
                if f"w{n}" not in out or res["seconds"] < out[f"w{n}"]["seconds"]:
                    out[f"w{n}"] = res
            ratios.append(seconds[1] / seconds[2])
    out["rounds"] = args.rounds
    out["round_ratios"] = ratios
    out["identical"] = out["w1"]["export_sha"] == out["w2"]["export_sha"]
    return out


def section_ray(args: argparse.Namespace) -> dict[str, Any]:
    """Documents/s of `--engine ray` with 1 and 2 local actors (Ray start-up included)."""
    manifest = str(article_corpus(args.docs))
    out: dict[str, Any] = {"docs": args.docs}
    for n in (1, 2):
        res = run_stage("ray", manifest, str(n))
        say(f"ray actors={n} {res['seconds']:.1f}s")
        out[f"a{n}"] = res
    return out


def section_scale(args: argparse.Namespace) -> dict[str, Any]:
    rows = []
    for n in args.scale:
        manifest = benchmark_corpus(n)
        keep = CORPUS / f"scale-{n}.db"
        keep.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(keep) + suffix).unlink(missing_ok=True)
        res = run_stage("build", str(manifest), str(args.workers), str(keep))
        res["n"] = n
        say(f"scale {n} docs: {res['seconds']:.0f}s, parent {res['peak_rss_mb']:.0f} MB")
        rows.append(res)
    return {"workers": args.workers, "rows": rows}


def section_increment(args: argparse.Namespace) -> dict[str, Any]:
    rows = []
    for n in args.scale:
        casefile = CORPUS / f"scale-{n}.db"
        if not casefile.exists():
            continue
        prime = run_stage("prime", str(casefile))
        if prime["primed"]:
            say(
                f"increment {n}: first full resolution (state for increments) "
                f"{prime['seconds']:.0f}s"
            )
        for k in range(3):
            one = CORPUS / "one-more.jsonl"
            stamp = datetime.now(timezone.utc).isoformat()
            row = {
                "id": f"extra-{stamp}",
                "title": "One more",
                "published": "2020-01-02",
                "text": f"Teodora Valdés was arrested in Mexicali on May {k + 3}, 2019. "
                f"Valdés, a lawyer, denied it. Note {stamp}.",
            }
            one.write_text(json.dumps(row) + "\n", encoding="utf-8")
            alone = run_stage("increment", str(CORPUS / f"alone-{k}.db"), str(one))
            added = run_stage("increment", str(casefile), str(one))
            (CORPUS / f"alone-{k}.db").unlink(missing_ok=True)
            say(f"increment into {n}: {added['seconds']:.2f}s, {added['resolution']} "
                f"(alone {alone['seconds']:.2f}s)")  # fmt: skip
            rows.append({"n": n, "alone": alone, "added": added, "prime": prime})
    if not rows:
        sys.exit("bench: run the scale section first")
    return {"rows": rows}


def section_resolve(args: argparse.Namespace) -> dict[str, Any]:
    if not (HERE / "resolve_scale.py").exists():
        return {"skipped": "bench/resolve_scale.py is missing"}
    rows = []
    for n in args.resolve:
        res = run_stage("resolve", str(n))
        say(f"resolve {n} docs: {res.get('seconds', 0):.1f}s")
        rows.append({"n": n, **res})
    return {"rows": rows}


def section_cross(args: argparse.Namespace) -> dict[str, Any]:
    """The cross-document stage alone at 1k/10k/100k documents: the part of a build whose
    memory depends on the corpus (a document's analysis does not)."""
    if not (HERE / "resolve_scale.py").exists():
        return {"skipped": "bench/resolve_scale.py is missing"}
    CORPUS.mkdir(exist_ok=True)
    rows = []
    for n in args.resolve:
        db = CORPUS / f"cross-{n}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        run_stage("cross_store", str(n), str(db))
        res = run_stage("cross", str(db))
        say(f"cross-document stage, {n} docs: {res['seconds']:.1f}s, {res['peak_rss_mb']:.0f} MB")
        rows.append({"n": n, **res})
    return {"rows": rows}


# --- report -----------------------------------------------------------------------------


def section_long(args: argparse.Namespace) -> dict[str, Any]:
    """One long document per build, one worker: cost per character and peak memory."""
    rows = []
    for chars, one_line in [(n, False) for n in args.long] + [(max(args.long), True)]:
        res = run_stage("build", str(long_document(chars, one_line)), "1")
        res.update(n=chars, one_line=one_line)
        say(
            f"long {chars} chars{' (one line)' if one_line else ''}: {res['seconds']:.1f}s, "
            f"{res['peak_rss_mb']:.0f} MB"
        )
        rows.append(res)
    return {"rows": rows}


#: Invented sentences for the `formats` corpus: each document is a few of them, numbered so
#: every document's bytes are its own.
FORMAT_SENTENCES = (
    "Marta Quiroga founded the Lumen Press in Valparaiso in 1998.",
    "Tomas Ibarra was arrested in Lima on 3 May 2004.",
    "Ines Salgado married Ruben Castell in Valparaiso in 1987.",
    "Ruben Castell was born in Valparaiso in 1961.",
    "The harbour board met in Porto Lenz to hear the pilots in March 2001.",
)


def _format_paragraphs(i: int) -> list[str]:
    rng = random.Random(i)
    return [f"Report {i}."] + [rng.choice(FORMAT_SENTENCES) for _ in range(12)]


def write_warc(path: Path, records: int) -> Path:
    """A `.warc.gz` of `records` HTML responses, each a page of `_format_paragraphs`."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for i in range(records):
            body = "".join(f"<p>{p}</p>" for p in _format_paragraphs(i))
            page = f"<html><head><title>Report {i}</title></head><body><article>{body}"
            payload = (page + "</article></body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://news.example.org/{i}",
                    "response",
                    payload=io.BytesIO(payload),
                    length=len(payload),
                    http_headers=headers,
                )
            )
    return path


def write_scans(folder: Path, count: int) -> Path:
    """`count` one-page PDFs that are only a page image (200 dpi, Pillow's own font) of
    `_format_paragraphs`: scans with no text layer, for `--ocr`."""
    import io

    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    folder.mkdir()
    font = ImageFont.load_default(size=32)
    for i in range(count):
        image = Image.new("L", (1654, 2338), 255)
        draw = ImageDraw.Draw(image)
        for row, line in enumerate(_format_paragraphs(i)[:8]):
            draw.text((160, 200 + row * 90), line, fill=0, font=font)
        png = io.BytesIO()
        image.save(png, format="PNG")
        pdf = FPDF()
        pdf.add_page()
        pdf.image(io.BytesIO(png.getvalue()), x=0, y=0, w=210, h=297)
        pdf.output(str(folder / f"scan{i}.pdf"))
    return folder


def section_formats(args: argparse.Namespace) -> dict[str, Any]:
    """Reading alone (`ingest.iter_documents`, no analysis), documents/s: 1,000 plain text
    files, a 1,000-record `.warc.gz`, 100 two-page PDFs of the same invented sentences and,
    where tesseract is installed, 5 one-page scans through `--ocr`. The analysis that
    follows costs the same whatever the format. Then the peak RSS of reading a WARC of N
    and of 10×N records (`--warc`), each in a fresh process: an archive is streamed, so
    it must not grow with the number of records."""
    from fpdf import FPDF

    from leyenda.ingest import iter_documents
    from leyenda.model import Document

    folder = Path(tempfile.mkdtemp(prefix="leyenda-formats-"))
    (folder / "txt").mkdir()
    for i in range(1000):
        (folder / "txt" / f"{i}.txt").write_text("\n".join(_format_paragraphs(i)) + "\n")
    write_warc(folder / "crawl.warc.gz", 1000)
    (folder / "pdf").mkdir()
    for i in range(100):
        pdf = FPDF()
        pdf.set_font("Helvetica", size=11)
        paragraphs = _format_paragraphs(i)
        for half in (paragraphs[:7], paragraphs[7:]):
            pdf.add_page()
            pdf.multi_cell(0, 6, " ".join(half))
        pdf.output(str(folder / "pdf" / f"{i}.pdf"))
    inputs: list[tuple[str, Path, bool]] = [
        ("plain text", folder / "txt", False),
        ("WARC", folder / "crawl.warc.gz", False),
        ("PDF", folder / "pdf", False),
    ]
    if shutil.which("tesseract"):
        inputs.append(("scanned PDF, --ocr", write_scans(folder / "scans", 5), True))
    else:
        say("formats: tesseract is not installed, scanned PDFs not measured")
    rows = []
    for name, path, ocr in inputs:
        start = time.perf_counter()
        docs = sum(isinstance(d, Document) for d in iter_documents([path], ocr=ocr))
        seconds = time.perf_counter() - start
        rows.append({"n": name, "docs": docs, "seconds": seconds, "docs_per_s": docs / seconds})
        say(f"formats {name}: {docs} documents in {seconds:.2f}s")
    memory = []
    for records in args.warc:
        path = write_warc(folder / f"crawl-{records}.warc.gz", records)
        res = run_stage("read", str(path))
        memory.append({"records": records, "mb": path.stat().st_size / 1e6, **res})
        say(
            f"formats WARC of {records} records: {res['docs']} documents in "
            f"{res['seconds']:.1f}s, peak RSS {res['peak_rss_mb']:.0f} MB"
        )
        path.unlink()
    shutil.rmtree(folder, ignore_errors=True)
    return {"rows": rows, "warc_memory": memory}


def render(results: dict[str, Any]) -> str:
    lines = [
        "# leyenda benchmark",
        "",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()} (shared machine: ratios matter, not seconds)",
        "",
    ]
    t = results.get("throughput")
    if t:
        sp, ly = t["spacy"], t["leyenda"]
        tok = sp["tokens"]
        lines += [
            f"## Throughput, one process ({t['date']})",
            "",
            f"{int(sp['docs'])} documents, {int(tok)} tokens (bundled examples + seed articles,"
            f" repeated, every copy unique bytes); best of {t['rounds']} alternating rounds."
            " spaCy runs on one core; the build is one process too, which parses the next"
            " batch in a thread while it analyses this one when a second core is free"
            " (`nlp` parse ahead: about 3% of the build on this machine).",
            "",
            "| run | seconds | docs/s | tokens/s | peak RSS (MB) |",
            "|---|---:|---:|---:|---:|",
            f"| spaCy `nlp.pipe` (same model) | {sp['seconds']:.1f} | "
            f"{sp['docs'] / sp['seconds']:.1f} | {tok / sp['seconds']:.0f} | "
            f"{sp['peak_rss_mb']:.0f} |",
            f"| `leyenda build` (ingest → case file) | {ly['seconds']:.1f} | "
            f"{ly['docs'] / ly['seconds']:.1f} | {tok / ly['seconds']:.0f} | "
            f"{ly['peak_rss_mb']:.0f} |",
            "",
            f"**leyenda / spaCy speed ratio: {sp['seconds'] / ly['seconds']:.2f}×** "
            "(1.0: leyenda adds nothing on top of the parse), best against best." + _per_round(t),
            "",
        ]
    p = results.get("profile")
    if p and p.get("shares"):
        lines += [
            f"## Where the time goes ({p['date']})",
            "",
            "| part | share of build time |",
            "|---|---:|",
        ]
        for k, v in p["shares"].items():
            if v >= 0.005:
                lines.append(f"| {k} | {100 * v:.1f}% |")
        lines += [
            "",
            f"py-spy, {p['samples']} samples at 200 Hz of a one-worker build of 100 "
            "article copies; a sample counts for the innermost spaCy or leyenda frame "
            "(regex and SQLite calls count for the leyenda module that made them).",
            "",
        ]
    w = results.get("workers")
    if w:
        w1, w2 = w["w1"], w["w2"]
        lines += [
            f"## Cores ({w['date']})",
            "",
            f"{w['docs']} documents (articles, repeated); `build --workers N` as the command "
            "line runs it, model loads included; best of "
            f"{w.get('rounds', 1)} alternating rounds.",
            "",
            "| workers | seconds | docs/s | speed-up | of which cross-document (s) |",
            "|---:|---:|---:|---:|---:|",
            f"| 1 | {w1['seconds']:.1f} | {w1['docs'] / w1['seconds']:.2f} | 1.00× | "
            f"{w1.get('cross_document_seconds', 0):.1f} |",
            f"| 2 | {w2['seconds']:.1f} | {w2['docs'] / w2['seconds']:.2f} | "
            f"{w1['seconds'] / w2['seconds']:.2f}× | {w2.get('cross_document_seconds', 0):.1f} |",
            "",
            "Speed-up: best against best." + _per_round(w),
            "",
            f"Case files identical (JSON export): {'yes' if w['identical'] else 'NO'}.",
            "",
        ]
    ry = results.get("ray")
    if ry:
        a1, a2 = ry["a1"], ry["a2"]
        lines += [
            f"## Ray, local ({ry['date']})",
            "",
            f"`--engine ray` on {ry['docs']} documents (articles, repeated), Ray's own start-up "
            "included; analysis as a Ray Data map; resolution's blocks and reconciliation's "
            "subjects, grouped by the case file, decided as Ray Data maps (the last column).",
            "",
            "| actors | seconds | docs/s | of which cross-document (s) |",
            "|---:|---:|---:|---:|",
            f"| 1 | {a1['seconds']:.1f} | {a1['docs'] / a1['seconds']:.2f} | "
            f"{a1.get('cross_document_seconds', 0):.1f} |",
            f"| 2 | {a2['seconds']:.1f} | {a2['docs'] / a2['seconds']:.2f} | "
            f"{a2.get('cross_document_seconds', 0):.1f} |",
            "",
        ]
    s = results.get("scale")
    if s:
        lines += [
            f"## Memory and time at scale ({s['date']}, --workers {s['workers']})",
            "",
            "Short documents (3–5 sentences) mixed from Re-DocRED and TempEval-3 texts.",
            "",
            "| documents | seconds | ms/doc | parent peak RSS (MB) | worker peak RSS (MB) |"
            " entities | facts |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in s["rows"]:
            lines.append(
                f"| {r['n']} | {r['seconds']:.0f} | {1000 * r['seconds'] / r['n']:.1f} | "
                f"{r['peak_rss_mb']:.0f} | {r['workers_peak_rss_mb']:.0f} | "
                f"{r.get('entities', 0)} | {r.get('facts', 0)} |"
            )
        lines += [f"- {r['n']} documents: {r['note']}" for r in s["rows"] if r.get("note")]
        lines += _earlier_rows(s)
        lines.append("")
    inc = results.get("increment")
    if inc and inc.get("rows"):
        lines += [
            f"## Adding one document ({inc['date']})",
            "",
            "Each row: one new document (its own bytes) into the case file of `scale`, and the "
            "same document into a new, empty case file. Cross-document: resolution and "
            "reconciliation, after the document's analysis.",
            "",
            "| case file | seconds | of which cross-document | resolution | peak RSS (MB) "
            "| alone: seconds |",
            "|---:|---:|---:|---|---:|---:|",
        ]
        for r in inc["rows"]:
            a = r["added"]
            lines.append(
                f"| {r['n']} | {a['seconds']:.2f} | {a.get('cross_document_seconds', 0):.2f} | "
                f"{a.get('resolution', '?')} | {a.get('peak_rss_mb', 0):.0f} | "
                f"{r['alone']['seconds']:.2f} |"
            )
        primed = {r["n"]: r["prime"] for r in inc["rows"] if r.get("prime", {}).get("primed")}
        for n, p in primed.items():
            lines.append(
                f"- {n}: the case file had no resolution state (made by an older leyenda); "
                f"its first build resolved in full once, {p['seconds']:.0f}s, "
                f"{p['peak_rss_mb']:.0f} MB."
            )
        lines += _earlier_rows(inc)
        lines.append("")
    cr = results.get("cross")
    if cr and cr.get("rows"):
        lines += [
            f"## The cross-document stage alone ({cr['date']})",
            "",
            "Resolution, reconciliation and writing the case file (`cross.resolve_store`) "
            "in a fresh process, over a case file of synthetic analyses (`bench/resolve_scale.py`"
            ", with an arrest and an age per document, a third of them naming one of five "
            "principals). Up to `cross.IN_MEMORY_CLUSTERS` clusters (25k: the 1k row) it runs"
            " in memory; past it everything streams through the case file (`cross.py`).",
            "",
            "| documents | mentions | entities | facts | seconds | peak RSS (MB) |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for r in cr["rows"]:
            lines.append(
                f"| {r['n']} | {r.get('mentions', '')} | {r.get('entities', '')} | "
                f"{r.get('facts', '')} | {r['seconds']:.1f} | {r['peak_rss_mb']:.0f} |"
            )
        lines += _earlier_rows(cr)
        lines.append("")
    rs = results.get("resolve")
    if rs and rs.get("rows"):
        lines += [
            f"## Entity resolution alone ({rs['date']})",
            "",
            "The library's in-memory `resolve()` on the same synthetic mentions: it holds every "
            "analysis and cluster (`build` streams instead, above).",
            "",
            "| documents | mentions | seconds | peak RSS (MB) |",
            "|---:|---:|---:|---:|",
        ]
        for r in rs["rows"]:
            lines.append(
                f"| {r['n']} | {r.get('mentions', '')} | {r.get('seconds', 0):.1f} | "
                f"{r['peak_rss_mb']:.0f} |"
            )
        lines += _earlier_rows(rs)
        lines.append("")
    g = results.get("long")
    if g:
        lines += [
            f"## One long document ({g['date']})",
            "",
            "One document per build (benchmark sentences in paragraphs), one worker, the "
            "model load excluded. Documents over `nlp.SEGMENT_CHARS` are analysed in "
            "segments, so the cost per character should not grow with the length.",
            "",
            "| characters | seconds | s per 100k chars | peak RSS (MB) | facts |",
            "|---:|---:|---:|---:|---:|",
        ]
        for r in g["rows"]:
            shown = f"{r['n']:,}" + (" (one line)" if r.get("one_line") else "")
            lines.append(
                f"| {shown} | {r['seconds']:.1f} | {1e5 * r['seconds'] / r['n']:.2f} | "
                f"{r['peak_rss_mb']:.0f} | {r.get('facts', 0)} |"
            )
        lines.append("")
    fm = results.get("formats")
    if fm and fm.get("rows"):
        lines += [
            f"## Reading each format ({fm['date']})",
            "",
            "`ingest.iter_documents` alone, one core: the same invented sentences as 1,000 "
            "text files, one 1,000-record `.warc.gz` (trafilatura on each page), 100 "
            "two-page PDFs (pdfminer.six layout analysis) and, where tesseract is installed, "
            "5 one-page scans read by `--ocr` (pypdfium2 at 300 dpi, then tesseract). The "
            "analysis after it is the same for every format.",
            "",
            "| input | documents | seconds | documents/s |",
            "|---|---:|---:|---:|",
        ]
        for r in fm["rows"]:
            lines.append(f"| {r['n']} | {r['docs']} | {r['seconds']:.2f} | {r['docs_per_s']:.1f} |")
        lines.append("")
    if fm and fm.get("warc_memory"):
        lines += [
            "Reading a web archive in a fresh process (`ingest.iter_documents` alone): the "
            "archive is streamed record by record, so ten times the records must not take "
            "more memory.",
            "",
            "| records | archive (MB) | documents | seconds | peak RSS (MB) |",
            "|---:|---:|---:|---:|---:|",
        ]
        for r in fm["warc_memory"]:
            lines.append(
                f"| {r['records']} | {r['mb']:.1f} | {r['docs']} | {r['seconds']:.1f} | "
                f"{r['peak_rss_mb']:.0f} |"
            )
        lines.append("")
    return "\n".join(lines)


def _merged(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """A section measured per corpus size keeps the rows of the sizes this run did not
    measure (each row with its own date), so sizes can be re-run one at a time."""
    if "rows" not in new:
        return new
    for r in new["rows"]:
        r["date"] = new["date"]
    sizes = {r["n"] for r in new["rows"]}
    kept = [r for r in (old or {}).get("rows", []) if r["n"] not in sizes]
    rows = kept + new["rows"]
    if all(isinstance(r["n"], int) for r in rows):  # sizes; a section of named rows keeps its order
        rows.sort(key=lambda r: int(r["n"]))
    return {**new, "rows": rows}


def _earlier_rows(section: dict[str, Any]) -> list[str]:
    """A note for each size measured in an earlier run than the section's latest."""
    dates = {r["n"]: r.get("date") for r in section["rows"]}
    return [
        f"- {n} documents: measured in an earlier run ({d or 'date not recorded'})."
        for n, d in dates.items()
        if d != section["date"]
    ]


def _per_round(section: dict[str, Any]) -> str:
    """Each round's own ratio (its two runs back to back) and their median."""
    ratios = section.get("round_ratios")
    if not ratios:
        return ""
    each = ", ".join(f"{r:.2f}×" for r in ratios)
    return f" Round by round: {each}; median **{statistics.median(ratios):.2f}×**."


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--docs", type=int, default=200, help="throughput corpus size")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--worker-docs", type=int, default=500)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="for scale")
    parser.add_argument("--scale", type=_ints, default=[1000, 10000, 100000])
    parser.add_argument("--resolve", type=_ints, default=[1000, 10000, 100000])
    parser.add_argument("--long", type=_ints, default=[1000, 10000, 100000, 1000000, 5000000])
    parser.add_argument(
        "--warc", type=_ints, default=[2000, 20000], help="records, for the formats section"
    )
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        _stage_main(args.stage[0], args.stage[1:])
        return
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name in args.only.split(","):
        if name not in SECTIONS:
            sys.exit(f"bench: unknown section {name!r} (choose from {', '.join(SECTIONS)})")
        res = globals()[f"section_{name}"](args)
        res["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        results[name] = _merged(results.get(name), res)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        (HERE / "results.md").write_text(render(results), encoding="utf-8")
    print(render(results))


if __name__ == "__main__":
    main()
