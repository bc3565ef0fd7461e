#!/usr/bin/env bash
# Installs what CellActors needs on Debian 12 when it is missing: the .NET 10 SDK must already be on PATH;
# OpenCV's native library needs libgtk-3-0; OME-Zarr arrays compressed with blosc are decoded by libblosc1.
# Run as root (or with sudo available).
set -euo pipefail
need=()
dpkg -s libgtk-3-0 >/dev/null 2>&1 || need+=(libgtk-3-0)
dpkg -s libblosc1 >/dev/null 2>&1 || need+=(libblosc1)
for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "installing: ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is not on PATH" >&2; exit 1; }
