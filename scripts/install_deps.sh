#!/usr/bin/env bash
# Installs the Debian 12 packages nbscreen needs to build, test and benchmark; skips what is
# present. Run as root (CI and fresh machines are root); otherwise it says what to install.
set -euo pipefail
# chromium and fonts-liberation: the HTML report is rendered in headless Chromium by
# tests/scripts/report_browser_test.sh (a CI run without it fails, tests/README.md).
pkgs=(cmake g++ make pkg-config git python3
      libhts-dev libdeflate-dev libtbb-dev libzstd-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
      nlohmann-json3-dev libtomlplusplus-dev libssl-dev
      bcftools tabix samtools mosdepth snakemake
      chromium fonts-liberation)
# `make fuzz` only (scripts/install_deps.sh --fuzz): clang and its runtime libraries, which hold
# libFuzzer (libclang_rt.fuzzer) and clang's sanitizer runtimes. `make test` does not need them.
if [ "${1-}" = "--fuzz" ]; then
  pkgs=(clang libclang-rt-14-dev)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "[deps] all ${#pkgs[@]} Debian packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "[deps] missing Debian packages: ${missing[*]}" >&2
  echo "[deps] install them as root:  apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "[deps] installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
