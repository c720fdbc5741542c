#!/usr/bin/env bash
# Install everything the project needs on a Debian machine; idempotent and quick when all is
# there already. Nothing else may be installed by hand.
#
#   Debian packages (apt-get; `apt-get update` only when something is missing; sudo unless root):
#     chromium            browser tests (Playwright drives it; no browser downloads), chart export
#     fonts-wqy-microhei  a CJK font, so Chinese renders in the browser and in exported figures
#     poppler-utils       pdftotext / pdffonts, to check the weekly PDF
#     nginx               `griddash serve --processes N`: one address in front of N servers
#                         (griddash runs its own nginx with a generated configuration; the
#                         package's system service is not used)
#     openjdk-17-jre-headless
#                         the Java runtime of Spark (GRIDDASH_ENGINE=spark; the tests start a
#                         local Spark Connect server to prove Spark gives DuckDB's figures);
#                         skipped when a Java 17 or newer is on the PATH already
#   uv                    `pip install uv` when it is missing
#   .venv                 `uv sync --frozen --compile-bytecode`: exactly the versions in uv.lock,
#                         dev and spark groups included, compiled to bytecode
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# -- Debian packages --------------------------------------------------------------------------
missing=()
for pkg in chromium fonts-wqy-microhei poppler-utils nginx; do
    installed "$pkg" || missing+=("$pkg")
done
java_major() {
    java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
}
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ] 2>/dev/null; then
    missing+=(openjdk-17-jre-headless)
fi
if ! command -v uv >/dev/null 2>&1 && ! [ -x "$HOME/.local/bin/uv" ]; then
    if ! python3 -m pip --version >/dev/null 2>&1; then
        missing+=(python3-pip)
    fi
fi
if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "${missing[@]}"
fi

# -- uv -----------------------------------------------------------------------------------------
export PATH="$HOME/.local/bin:$PATH"
if ! command -v uv >/dev/null 2>&1; then
    say "installing uv with pip"
    # Debian marks its Python as externally managed; uv goes to ~/.local/bin, not the system.
    PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --user --quiet uv
fi

# -- the project's virtual environment ------------------------------------------------------------
# Bytecode compiled ahead: where PYTHONDONTWRITEBYTECODE is set (as in many containers) Python
# never caches it, so every process would compile the libraries it imports again — the SQL
# console's worker, started per statement, and each Streamlit server. A sync with nothing to do
# checks the compiled files in a second or two.
uv sync --frozen --quiet --compile-bytecode
