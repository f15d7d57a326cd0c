#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium and Firefox ESR (Playwright cannot download its own
# browsers here). Installs or upgrades them when missing or too old and this user may; otherwise
# says what to run. Versions matter, not just presence: Playwright 1.64 cannot drive Firefox ESR
# 140 ("network.addDataCollector: unknown command"), which is what Debian installs without a
# fresh `apt-get update`.
set -euo pipefail

# Oldest majors the suite is known to run on.
MIN_CHROMIUM=150
MIN_FIREFOX=153

major() { grep -oE '[0-9]+' <<<"$1" | head -n1 || true; }

need=()
if [ -x /usr/bin/chromium ]; then
  v=$(major "$(/usr/bin/chromium --version 2>/dev/null || true)")
  [ "${v:-0}" -ge "$MIN_CHROMIUM" ] || need+=(chromium)
else
  need+=(chromium)
fi
if [ -x /usr/bin/firefox-esr ]; then
  v=$(major "$(/usr/bin/firefox-esr --version 2>/dev/null || true)")
  [ "${v:-0}" -ge "$MIN_FIREFOX" ] || need+=(firefox-esr)
else
  need+=(firefox-esr)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-browsers: installing ${need[*]} (Chromium >= $MIN_CHROMIUM, Firefox ESR >= $MIN_FIREFOX)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y "${need[@]}"
  for browser in chromium firefox-esr; do echo "ensure-browsers: $(/usr/bin/$browser --version 2>/dev/null)"; done
else
  echo "ensure-browsers: missing or too old: ${need[*]}; install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
