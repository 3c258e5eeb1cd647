#!/usr/bin/env bash
# Re-running the panel derivations reproduces the committed panels byte for byte.
set -u
root=$1
if [ ! -d "$root/../shared/data" ]; then
  echo "skipped: ../shared/data not found (the derivation needs the source lists)"; exit 77
fi
# Own scratch folder (ctest sets NBS_SCRATCH_DIR per script), never a fixed name in /tmp; the
# derivation's own temporary folder (Python tempfile) goes there too.
tmp=${NBS_SCRATCH_DIR:-$(mktemp -d)}; rm -rf "$tmp"; mkdir -p "$tmp" || exit 1; trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp
python3 "$root/panels/tools/derive_generation_study.py" --check || exit 1
python3 "$root/panels/tools/make_starter_panel.py" --out "$tmp/starter" >/dev/null || exit 1
diff -r "$tmp/starter" "$root/panels/starter" || { echo "panels/starter differs from its generator"; exit 1; }
echo "derivations reproduce"
