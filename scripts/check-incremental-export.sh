#!/usr/bin/env bash
# Incremental = full on the seeds and the demo set: ingest the files one at a time (each ingest
# merges incrementally), export; rebuild the same store with `build --full`, export again; and a
# fresh store that ingests everything at once. The exports must be identical (documents compared
# without ingested_at, which records when each store received the file).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dossier() { node "$root/bin/dossier.mjs" "$@"; }
files=( "$root"/../shared/corpus/seeds/*.txt "$root"/examples/*.html "$root"/examples/*.txt "$root"/examples/*.gz )
for f in $(printf '%s\n' "${files[@]}" | sort -r); do dossier ingest --db "$work/one-by-one.db" "$f" >/dev/null 2>&1 || echo "ingest exit $? for $f"; done
dossier export --format jsonl --db "$work/one-by-one.db" > "$work/incremental.jsonl"
dossier build --full --db "$work/one-by-one.db" >/dev/null 2>&1
dossier export --format jsonl --db "$work/one-by-one.db" > "$work/full.jsonl"
dossier ingest --db "$work/all.db" "${files[@]}" >/dev/null 2>&1 || echo "ingest exit $? (all at once)"
dossier export --format jsonl --db "$work/all.db" > "$work/all.jsonl"
strip() { sed -E 's/"ingested_at":"[^"]*",?//' "$1"; }
echo "records: $(wc -l < "$work/incremental.jsonl")"
if cmp -s "$work/incremental.jsonl" "$work/full.jsonl"; then echo "one-by-one incremental = build --full: identical"; else echo "DIFFER (incremental vs full)"; diff <(strip "$work/incremental.jsonl") <(strip "$work/full.jsonl") | head -5; exit 1; fi
if diff -q <(strip "$work/incremental.jsonl") <(strip "$work/all.jsonl") >/dev/null; then echo "one-by-one (reverse order) = all at once: identical"; else echo "DIFFER (one-by-one vs all at once)"; diff <(strip "$work/incremental.jsonl") <(strip "$work/all.jsonl") | head -5; exit 1; fi
