#!/usr/bin/env bash
# Upgrade of a real store across versions (decision 176): the code of BASE_TREE (index r2b36-16bit) ingests half the
# seeds and demo files, this tree ingests the rest (upgrading the band index first);
# the export must equal this tree ingesting everything into a fresh store.
#   bash scripts/check-lsh-upgrade.sh /tmp/base-clone
set -euo pipefail
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
new="$(cd "$(dirname "$0")/.." && pwd)"; base="${1:?usage: check-lsh-upgrade.sh BASE_TREE (a built clone of the code before decision 176)}"
files=( $new/../shared/corpus/seeds/*.txt $new/examples/*.html $new/examples/*.txt $new/examples/*.gz )
half=$(( ${#files[@]} / 2 ))
node $base/bin/dossier.mjs ingest --db $w/up.db "${files[@]:0:$half}" >/dev/null 2>&1
echo "after base: lsh version $(sqlite3 $w/up.db "select value from kb_state where space='meta' and key='lsh'" 2>/dev/null || echo '?') band rows $(sqlite3 $w/up.db 'select count(*) from kb_lsh' 2>/dev/null || echo '?')"
node $new/bin/dossier.mjs ingest --db $w/up.db "${files[@]:$half}" >/dev/null 2>&1
echo "after this tree: lsh version $(sqlite3 $w/up.db "select value from kb_state where space='meta' and key='lsh'" 2>/dev/null || echo '?') band rows $(sqlite3 $w/up.db 'select count(*) from kb_lsh' 2>/dev/null || echo '?')"
node $new/bin/dossier.mjs export --format jsonl --db $w/up.db > $w/up.jsonl
node $new/bin/dossier.mjs ingest --db $w/all.db "${files[@]}" >/dev/null 2>&1
node $new/bin/dossier.mjs export --format jsonl --db $w/all.db > $w/all.jsonl
echo "fresh: band rows $(sqlite3 $w/all.db 'select count(*) from kb_lsh' 2>/dev/null || echo '?')"
strip() { sed -E 's/"ingested_at":"[^"]*",?//' "$1"; }
echo "records $(wc -l < $w/up.jsonl) / $(wc -l < $w/all.jsonl)"
if diff -q <(strip $w/up.jsonl) <(strip $w/all.jsonl) >/dev/null; then echo "upgraded store = fresh store: identical"; else echo DIFFER; diff <(strip $w/up.jsonl) <(strip $w/all.jsonl) | head -5; exit 1; fi
