#!/usr/bin/env bash
# Proves the skip policy (tests/README.md): with CI set, a skipped test that is not in
# tests/skip_allowlist.txt fails the run, at both layers, and an allow-listed skip passes.
#   1. GoogleTest (support/gtest_main.cpp): the probe's unlisted GTEST_SKIP exits non-zero.
#   2. ctest (support/run_ctest.sh): an unlisted exit 77, an unlisted "[  SKIPPED ]" from an
#      executable without our main, or an unlisted disabled test fails the run; the allow-listed
#      exit 77 does not.
set -u
root=$1
probe=${NBS_SKIP_PROBE:?set by tests/CMakeLists.txt}
scratch=${NBS_SCRATCH_DIR:?set by tests/CMakeLists.txt}
rm -rf "$scratch" && mkdir -p "$scratch" || exit 1
fails=0
check() {  # check <description> <condition result 0/1>
  if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAIL: $1"; fails=$((fails + 1)); fi
}
has() { grep -qF -- "$2" "$1"; }

# --- 1. GoogleTest layer -------------------------------------------------------------------
env -u CI "$probe" --gtest_filter=SkipProbe.UnlistedSkip >"$scratch/g1.out" 2>&1
rc=$?
check "without CI an unlisted skip is a skip (exit 0)" $((rc != 0))
has "$scratch/g1.out" "[  SKIPPED ]"; check "without CI it is reported as SKIPPED" $?

CI=1 "$probe" --gtest_filter=SkipProbe.UnlistedSkip >"$scratch/g2.out" 2>&1
rc=$?
check "CI=1: an unlisted GTEST_SKIP fails the executable (exit $rc)" $((rc == 0))
has "$scratch/g2.out" "[  FAILED  ] SkipProbe.UnlistedSkip"; check "CI=1: reported FAILED" $?
! has "$scratch/g2.out" "[  SKIPPED ]"; check "CI=1: no SKIPPED line left for ctest to match" $?
has "$scratch/g2.out" "skip_allowlist.txt"; check "CI=1: the message names the allow-list" $?

CI=true "$probe" --gtest_filter=SkipProbe.AllowListedSkip >"$scratch/g3.out" 2>&1
rc=$?
check "CI=true: an allow-listed GTEST_SKIP passes (exit $rc)" $((rc != 0))
has "$scratch/g3.out" "is allow-listed: deliberate GTEST_SKIP"; check "CI: the reason is shown" $?

CI=1 "$probe" --gtest_filter=SkipProbe.Passes >"$scratch/g4.out" 2>&1
check "CI=1: a passing test still passes" $?

# --- 2. ctest layer ------------------------------------------------------------------------
# A hand-written ctest folder: test names are what the allow-list matches.
cdir="$scratch/ctest"
mkdir -p "$cdir"
cat >"$cdir/CTestTestfile.cmake" <<EOF
add_test(skip_policy.allow_listed "bash" "-c" "exit 77")
set_tests_properties(skip_policy.allow_listed PROPERTIES SKIP_RETURN_CODE 77)
add_test(skip_policy.unlisted_exit77 "bash" "-c" "exit 77")
set_tests_properties(skip_policy.unlisted_exit77 PROPERTIES SKIP_RETURN_CODE 77)
add_test(skip_policy.unlisted_gtest_pattern "$probe" "--gtest_filter=SkipProbe.UnlistedSkip")
set_tests_properties(skip_policy.unlisted_gtest_pattern PROPERTIES
  SKIP_REGULAR_EXPRESSION "\\\\[  SKIPPED \\\\]" ENVIRONMENT "CI=")
add_test(skip_policy.unlisted_disabled "bash" "-c" "exit 0")
set_tests_properties(skip_policy.unlisted_disabled PROPERTIES DISABLED TRUE)
add_test(skip_policy.passes "bash" "-c" "exit 0")
EOF
run() { bash "$root/tests/support/run_ctest.sh" "$cdir" "$@" >"$scratch/c.out" 2>&1; }

CI=1 run -R 'allow_listed|passes'
check "ctest, CI=1: an allow-listed exit 77 passes the run" $?
has "$scratch/c.out" "allow-listed: deliberate exit 77"; check "ctest: the reason is shown" $?

CI=1 run -R unlisted_exit77
rc=$?
check "ctest, CI=1: an unlisted exit 77 fails the run (exit $rc)" $((rc == 0))
has "$scratch/c.out" "skip_policy.unlisted_exit77  NOT ALLOW-LISTED"; check "ctest: it is named" $?

CI=1 run -R unlisted_gtest_pattern
rc=$?
check "ctest, CI=1: an unlisted [  SKIPPED ] fails the run (exit $rc)" $((rc == 0))

CI=1 run -R unlisted_disabled
rc=$?
check "ctest, CI=1: an unlisted disabled test fails the run (exit $rc)" $((rc == 0))

env -u CI bash "$root/tests/support/run_ctest.sh" "$cdir" >"$scratch/c.out" 2>&1
check "ctest without CI: skips are listed, not failures" $?
has "$scratch/c.out" "Tests that did not run (4)"; check "ctest without CI: all four listed" $?

# --- 3. every allow-list entry names a real test (a renamed test must not leave a dead entry) -
ctest -N --test-dir "$(dirname "$probe")" >"$scratch/names.txt" 2>&1
check "ctest -N lists the suite" $?
while IFS=$'\t' read -r name reason; do
  case "$name" in "" | \#*) continue ;; esac
  case "$name" in skip_probe.* | skip_policy.*) continue ;; esac  # the probes above
  grep -qF ": $name" "$scratch/names.txt"
  check "allow-listed $name is a ctest test" $?
done <"$root/tests/skip_allowlist.txt"

if [ "$fails" -ne 0 ]; then
  echo "$fails check(s) failed"
  exit 1
fi
echo "skip policy holds"
