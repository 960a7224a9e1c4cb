#!/usr/bin/env bash
# Re-vendors the front-end packages from the npm registry. Nothing is loaded
# from a CDN at run time: they are served from /static/vendor. This script
# lives outside static/ so that it is never served itself.
set -euo pipefail
HTMX=2.0.11
PICO=2.1.1
SSE=2.2.4
cd "$(dirname "$0")/../static/vendor"
tmp=$(mktemp -d)
(cd "$tmp" && npm pack "htmx.org@$HTMX" "@picocss/pico@$PICO" "htmx-ext-sse@$SSE" >/dev/null)
tar xzf "$tmp/htmx.org-$HTMX.tgz" -C "$tmp" && cp "$tmp/package/dist/htmx.min.js" "htmx-$HTMX.min.js" && rm -rf "$tmp/package"
tar xzf "$tmp/picocss-pico-$PICO.tgz" -C "$tmp" && cp "$tmp/package/css/pico.indigo.min.css" "pico-$PICO.indigo.min.css"
tar xzf "$tmp/htmx-ext-sse-$SSE.tgz" -C "$tmp" && cp "$tmp/package/dist/sse.min.js" "htmx-ext-sse-$SSE.min.js" && rm -rf "$tmp/package"
rm -rf "$tmp"
