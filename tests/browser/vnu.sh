#!/usr/bin/env bash
# Nu HTML Checker over every .html file of a built familyties site; exits 1 on any error.
#   tests/browser/vnu.sh SITE_DIR
set -euo pipefail

site=${1:?usage: vnu.sh SITE_DIR}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/node_modules/vnu-jar/build/dist/vnu.jar"

if [[ ! -f "$jar" ]]; then
  echo "vnu.sh: $jar not found: run 'npm ci' in tests/browser" >&2
  exit 2
fi
count=$(find "$site" -type f -name '*.html' | wc -l)
if [[ "$count" -eq 0 ]]; then
  echo "vnu.sh: no .html files under $site" >&2
  exit 1
fi

echo "vnu: checking $count HTML files under $site"
# vnu prints its findings on stderr; send them to stdout so they read in order.
if java -jar "$jar" --errors-only --skip-non-html "$site" 2>&1; then
  echo "vnu: no errors in $count HTML files"
else
  echo "vnu: HTML errors found (above)"
  exit 1
fi
