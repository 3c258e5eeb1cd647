#!/usr/bin/env bash
# The Generation Study derivation's rules for aliases, null alleles and include-row conditions,
# on hand-made inputs (no shared data needed).
set -u
export PYTHONDONTWRITEBYTECODE=1
root=$1
python3 "$root/tests/scripts/panel_derivation_rules_test.py" "$root" 2>&1
