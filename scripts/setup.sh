#!/usr/bin/env bash
# Prepare a Debian or Ubuntu machine for pressflow: the system libraries WeasyPrint
# prints with (Pango, HarfBuzz subsetting), GNU gettext, the Kazakh and Russian Hunspell
# dictionaries that `check` reads, poppler for the tests,
# then a virtual environment in .venv with the Python packages pinned in constraints.txt.
# For the tests of the HTML against the standards, also Java and npm (when missing), the
# npm packages pinned in package-lock.json (the Nu HTML Checker, playwright-core, axe-core)
# and, on Debian, its Chromium (Ubuntu's is a snap: there the accessibility test is skipped).
#   scripts/setup.sh        what a build needs
#   scripts/setup.sh test   that, and what the tests need
#   scripts/setup.sh bench  that, and what bench/run.py compares with (sphinx-intl)
set -euo pipefail
cd "$(dirname "$0")/.."

# hunspell-kk and hunspell-ru: the spelling dictionaries of `check` (kazakh-letters), part of CI.
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext hunspell-kk hunspell-ru)
if [ "${1:-}" = "test" ]; then
  packages+=(poppler-utils qpdf)
  command -v java >/dev/null || packages+=(default-jre-headless)
  command -v npm >/dev/null || packages+=(npm)
  if [ ! -x /usr/bin/chromium ] && grep -qsx 'ID=debian' /etc/os-release; then
    packages+=(chromium)
  fi
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "setup: install these system packages first: ${missing[*]} (see the README for macOS and Windows)" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: pressflow needs Python 3.11 or newer; set PYTHON to one" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
extras=""
[ "${1:-}" = "test" ] && extras="[test]"
[ "${1:-}" = "bench" ] && extras="[bench]"  # bench/run.py: sphinx-intl, the baseline of `status`
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".${extras}"

# node_modules is stale when package.json or package-lock.json differ from those npm last installed
# (by content: a checkout gives files new times, not new versions).
# No install scripts: vnu-jar's would download a Java runtime, and the machine's serves.
if [ "${1:-}" = "test" ]; then
  wanted=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
  if [ "$(cat node_modules/.pressflow-installed 2>/dev/null)" != "$wanted" ]; then
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
    echo "$wanted" > node_modules/.pressflow-installed
  fi
fi
