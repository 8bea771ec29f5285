"""`make bench`: leyenda's build speed as a ratio of spaCy's own `nlp.pipe`, and peak memory.

The corpus is the bundled examples plus the seed articles, repeated with a numbered line
added so every copy has its own bytes (a build skips bytes it has seen). It is written
under bench/corpus/ (ignored by git). Each measurement runs in a fresh process, so peak
RSS is that stage's own; baseline and leyenda alternate and the best of the rounds is
kept, because machines here are shared and noisy. Results go to bench/results.md.

    python bench/run.py [--docs N] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCES = [
    ROOT / "examples" / "manifest.jsonl",
    ROOT.parent / "shared" / "seeds" / "manifest.jsonl",
]


def make_corpus(n_docs: int) -> Path:
    """A manifest of n_docs documents cycling through the source articles."""
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
    corpus = HERE / "corpus"
    corpus.mkdir(exist_ok=True)
    out = corpus / f"manifest-{n_docs}.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for i in range(n_docs):
            row, text = originals[i % len(originals)]
            entry = {k: v for k, v in row.items() if k not in ("path", "id")}
            entry["id"] = f"copy{i:05d}-{row.get('id', row['path'])}"
            entry["text"] = f"{text}\n\nCopy {i}.\n"
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return out


def stage_spacy(manifest: Path) -> dict[str, float]:
    """spaCy's own pipeline over the same texts, same model, same batch size."""
    import spacy

    from leyenda.nlp import BATCH_SIZE, model_name

    texts = [json.loads(x)["text"] for x in manifest.read_text(encoding="utf-8").splitlines()]
    nlp = spacy.load(model_name())
    nlp("warm up")
    t0 = time.perf_counter()
    tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=BATCH_SIZE))
    return {"seconds": time.perf_counter() - t0, "docs": len(texts), "tokens": tokens}


def stage_leyenda(manifest: Path) -> dict[str, float]:
    """A full `leyenda build` into a fresh case file: ingest, analyse, store, resolve, reconcile."""
    from leyenda import build
    from leyenda.nlp import load_nlp

    nlp = load_nlp()
    nlp("warm up")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        report = build([manifest], Path(tmp) / "bench.db", nlp=nlp)
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "docs": len(report.added), **report.counts}


def run_stage(stage: str, manifest: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--stage", stage, str(manifest)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--stage", nargs=2, metavar=("STAGE", "MANIFEST"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        stage, manifest = args.stage
        result = (stage_spacy if stage == "spacy" else stage_leyenda)(Path(manifest))
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return

    manifest = make_corpus(args.docs)
    best: dict[str, dict[str, float]] = {}
    for r in range(args.rounds):
        for stage in ("spacy", "leyenda"):
            res = run_stage(stage, manifest)
            print(f"round {r + 1} {stage:8} {res['seconds']:.1f}s", file=sys.stderr)
            if stage not in best or res["seconds"] < best[stage]["seconds"]:
                best[stage] = res
    sp, ly = best["spacy"], best["leyenda"]
    ratio = sp["seconds"] / ly["seconds"]
    tokens = sp["tokens"]
    lines = [
        "# leyenda benchmark",
        "",
        f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        f"- corpus: {int(sp['docs'])} documents, {int(tokens)} tokens "
        "(bundled examples + seed articles, repeated; each copy unique bytes)",
        f"- best of {args.rounds} alternating rounds, each stage in a fresh process",
        "",
        "| run | seconds | docs/s | tokens/s | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|",
        f"| spaCy `nlp.pipe` (same model) | {sp['seconds']:.1f} | {sp['docs'] / sp['seconds']:.1f} "
        f"| {tokens / sp['seconds']:.0f} | {sp['peak_rss_mb']:.0f} |",
        f"| `leyenda build` (ingest → case file) | {ly['seconds']:.1f} | "
        f"{ly['docs'] / ly['seconds']:.1f} | {tokens / ly['seconds']:.0f} "
        f"| {ly['peak_rss_mb']:.0f} |",
        "",
        f"**leyenda / spaCy speed ratio: {ratio:.2f}×** (1.0 would mean leyenda adds nothing "
        "on top of the parse).",
        "",
        f"Case file: {int(ly.get('entities', 0))} entities, {int(ly.get('people', 0))} people, "
        f"{int(ly.get('facts', 0))} facts, {int(ly.get('conflicts', 0))} conflicts.",
        "",
    ]
    (HERE / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
