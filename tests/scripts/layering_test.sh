#!/usr/bin/env bash
# Only engine/io may include htslib; cli/ must not include htslib either.
set -u
root=$1
bad=$(grep -rlE '#include\s*[<"]htslib/' "$root/engine" "$root/cli" | grep -v "^$root/engine/io/" || true)
if [ -n "$bad" ]; then
  echo "htslib included outside engine/io:"; echo "$bad"; exit 1
fi
# engine/ prints nothing to the terminal: no iostream output in the library.
bad=$(grep -rlE 'std::(cout|cerr)' "$root/engine" || true)
if [ -n "$bad" ]; then
  echo "engine/ writes to the terminal (only cli/ may):"; echo "$bad"; exit 1
fi
echo "layering ok"
