#!/bin/sh
# Installs Debian's Chromium for the browser tests (test/browser/ui.test.ts), which drive it with
# playwright-core. No browser is downloaded by npm; the tests look for /usr/lib/chromium/chromium,
# /usr/bin/chromium or $CHROMIUM_PATH. Idempotent. Needs root (or sudo) and apt.
set -eu

if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then
  echo "chromium: using CHROMIUM_PATH=$CHROMIUM_PATH"; exit 0
fi
for candidate in /usr/lib/chromium/chromium /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -x "$candidate" ]; then echo "chromium: already installed at $candidate"; exit 0; fi
done

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-chromium: apt-get not found; install Chromium yourself and set CHROMIUM_PATH" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else echo "setup-chromium: run as root or install sudo" >&2; exit 1; fi
fi
# A shared lock keeps parallel jobs on one machine from fighting over dpkg.
LOCK=/tmp/dossier-apt.lock
run() { if command -v flock >/dev/null 2>&1; then $SUDO flock "$LOCK" "$@"; else $SUDO "$@"; fi; }
run apt-get update
DEBIAN_FRONTEND=noninteractive run apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version || true
echo "chromium: installed"
