#!/usr/bin/env bash
# Re-running the panel derivations reproduces the committed panels byte for byte.
set -u
root=$1
if [ ! -d "$root/../shared/data" ]; then
  echo "skipped: ../shared/data not found (the derivation needs the source lists)"; exit 77
fi
python3 "$root/panels/tools/derive_generation_study.py" --check || exit 1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$root/panels/tools/make_starter_panel.py" --out "$tmp/starter" >/dev/null || exit 1
diff -r "$tmp/starter" "$root/panels/starter" || { echo "panels/starter differs from its generator"; exit 1; }
echo "derivations reproduce"
