#!/usr/bin/env bash
# Re-vendors the front-end packages from the npm registry. Nothing is loaded
# from a CDN at run time: they are served from /static/vendor. This script
# lives outside static/ so that it is never served itself.
set -euo pipefail
HTMX=2.0.11
PICO=2.1.1
AXE=4.11.4
cd "$(dirname "$0")/../static/vendor"
tmp=$(mktemp -d)
(cd "$tmp" && npm pack "htmx.org@$HTMX" "@picocss/pico@$PICO" "axe-core@$AXE" >/dev/null)
tar xzf "$tmp/htmx.org-$HTMX.tgz" -C "$tmp" && cp "$tmp/package/dist/htmx.min.js" "htmx-$HTMX.min.js" && rm -rf "$tmp/package"
tar xzf "$tmp/picocss-pico-$PICO.tgz" -C "$tmp" && cp "$tmp/package/css/pico.indigo.min.css" "pico-$PICO.indigo.min.css"
# axe-core runs only in the browser tests (accessibility check): not served.
tar xzf "$tmp/axe-core-$AXE.tgz" -C "$tmp" && cp "$tmp/package/axe.min.js" "../../tests/api/vendor/axe-$AXE.min.js" && cp "$tmp/package/LICENSE" ../../tests/api/vendor/axe.LICENSE && rm -rf "$tmp/package"
rm -rf "$tmp"
