#!/usr/bin/env bash
# Only engine/io may include htslib; cli/ must not include htslib either. Each engine room
# includes only the rooms beneath it (design.md, "The house" and "The house, next").
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
# Which rooms each room may include (itself always). curate sits above io and panel and is used
# by cli only; genome/reference and genome/transcript keep panel free of upward pointers.
declare -A allowed=(
  [core]=""
  [genome]="core"
  [panel]="core genome"
  [io]="core genome"
  [coverage]="core genome panel io"
  [annotate]="core genome panel"
  [rules]="core genome panel annotate"
  [screen]="core genome panel io coverage annotate rules"
  [report]="core genome panel io coverage annotate rules screen"
  [batch]="core genome panel io coverage annotate rules screen report"
  [curate]="core genome panel io"
)
status=0
for dir in "$root"/engine/*/; do
  room=$(basename "$dir")
  if [ -z "${allowed[$room]+x}" ]; then
    echo "engine/$room is not a known room: add it to tests/scripts/layering_test.sh"; status=1; continue
  fi
  for inc in $(grep -rhoE '#include\s*"engine/[a-z_]+/' "$dir" | sed -E 's|.*"engine/([a-z_]+)/|\1|' | sort -u); do
    [ "$inc" = "$room" ] && continue
    case " ${allowed[$room]} " in
      *" $inc "*) ;;
      *) echo "engine/$room includes engine/$inc (a room above it or beside it):"
         grep -rlE "#include\s*\"engine/$inc/" "$dir"; status=1 ;;
    esac
  done
done
# (No room lists curate: it is reached from cli only.)
[ $status -eq 0 ] && echo "layering ok"
exit $status
