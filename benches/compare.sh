#!/usr/bin/env bash
# Compares familyties with Hugo and with the raw floor on generated sites.
#
#   benches/compare.sh              # 1,000 and 10,000 prison pages, 3 runs each
#   benches/compare.sh 1000         # only 1,000
#   RUNS=5 benches/compare.sh 1000 10000
#   SKIP_HUGO=1 benches/compare.sh  # no Hugo (for a machine where it cannot be installed)
#
# For each size N it generates the corpus (examples/corpus.rs), converts it to an
# equivalent Hugo site (examples/hugo_site.rs), then builds each RUNS times from a clean
# output folder, measuring wall time and peak RSS with /usr/bin/time, and prints a
# Markdown table with the median. Everything is written under /dev/shm (tmpfs), or
# $TMPDIR when there is no /dev/shm, so the disk does not dominate. Tools:
#   familyties  target/release/familyties build (the whole pipeline and the atomic write)
#   hugo        hugo --source ... --destination ... (Debian's package; installed if missing),
#               on a Hugo site that makes the same kinds of output (examples/hugo_site.rs)
#   floor, same files  examples/floor.rs --same-files: read every .md, split off the front
#               matter, render the body with pulldown-cmark in parallel, and write as many
#               files as familyties does (English and Welsh page, checklist, calendar, feed)
#   floor       the same, writing one HTML file per page
#   floor-read  the same without writing
# Each row also counts the files the tool wrote, by kind (hugo_site --census), so the
# table shows that familyties and Hugo make about the same site.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

sizes=("$@")
if ((${#sizes[@]} == 0)); then sizes=(1000 10000); fi
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[0-9]+$ && "$n" -gt 0 ]] || { echo "compare.sh: '$n' is not a page count" >&2; exit 2; }
done
runs="${RUNS:-3}"
[[ "$runs" =~ ^[0-9]+$ && "$runs" -ge 1 ]] || { echo "compare.sh: RUNS must be a number of at least 1" >&2; exit 2; }

if [[ -d /dev/shm && -w /dev/shm ]]; then scratch=/dev/shm/familyties-compare; else scratch="${TMPDIR:-/tmp}/familyties-compare"; fi
mkdir -p "$scratch"

need_apt() {
  # $1: command, $2: Debian package
  command -v "$1" >/dev/null 2>&1 && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "compare.sh: '$1' is missing and cannot be installed here (needs root and apt-get): install the Debian package '$2'" >&2
    return 1
  fi
  echo "== apt-get install $2" >&2
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" >/dev/null; }; then
    echo "compare.sh: installing '$2' with apt-get failed" >&2
    return 1
  fi
  command -v "$1" >/dev/null 2>&1 || { echo "compare.sh: '$2' installed but '$1' is still not on PATH" >&2; return 1; }
}

[[ -x /usr/bin/time ]] || need_apt /usr/bin/time time || exit 1
with_hugo=1
if [[ "${SKIP_HUGO:-0}" == 1 ]]; then
  with_hugo=0
elif ! need_apt hugo hugo; then
  echo "compare.sh: Hugo is needed for the comparison; run with SKIP_HUGO=1 to measure without it" >&2
  exit 1
fi

echo "== cargo build --release (familyties, examples corpus, floor, hugo_site)" >&2
cargo build --release --quiet --bin familyties --example corpus --example floor --example hugo_site
target="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
bin="$target/release/familyties"
ex="$target/release/examples"
date="$(sed -n 's/^pub const BUILD_DATE: &str = "\(.*\)";/\1/p' src/corpus/mod.rs)"
[[ -n "$date" ]] || { echo "compare.sh: cannot find BUILD_DATE in src/corpus/mod.rs" >&2; exit 1; }

# measure NAME OUT_DIR COMMAND...: runs COMMAND $runs times, removing OUT_DIR first, and
# prints "median_seconds median_peak_rss_kb"; the command's output goes to $scratch/NAME.log.
measure() {
  local name="$1" out="$2"; shift 2
  local times=() rss=() i
  for ((i = 0; i < runs; i++)); do
    rm -rf "$out"
    if ! /usr/bin/time -f '%e %M' -o "$scratch/$name.time" "$@" >"$scratch/$name.log" 2>&1; then
      echo "compare.sh: '$*' failed; its output:" >&2
      tail -n 30 "$scratch/$name.log" >&2
      exit 1
    fi
    read -r t m <"$scratch/$name.time"
    times+=("$t"); rss+=("$m")
  done
  local mid=$(((runs - 1) / 2))
  echo "$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$((mid + 1))p") $(printf '%s\n' "${rss[@]}" | sort -g | sed -n "$((mid + 1))p")"
}

rows=()
row() {
  # tool pages files seconds rss_kb out_dir
  local mb="-" census="- - - -"
  if [[ -n "$6" && -d "$6" ]]; then
    mb="$(du -sm "$6" | cut -f1)"
    census="$("$ex/hugo_site" --census "$6")"
  fi
  rows+=("$(awk -v tool="$1" -v n="$2" -v f="$3" -v t="$4" -v m="$5" -v o="$mb" -v c="$census" \
    'BEGIN { split(c, k, " "); printf "| %s | %d | %d | %.2f | %.0f | %.0f | %s | %s | %s | %s | %s |", tool, n, f, t, (t > 0 ? f / t : 0), m / 1024, k[1], k[2], k[3], k[4], o }')")
}

for n in "${sizes[@]}"; do
  corpus="$scratch/corpus-$n"
  hugo_src="$scratch/hugo-$n"
  echo "== N=$n: generating" >&2
  "$ex/corpus" "$n" "$corpus" >&2
  files="$(find "$corpus/content" -name '*.md' | wc -l)"

  echo "== N=$n: familyties x$runs" >&2
  r="$(measure "familyties-$n" "$scratch/out-familyties-$n" \
    env FAMILYTIES_DATE="$date" "$bin" build --root "$corpus" --out "$scratch/out-familyties-$n")"
  read -r t m <<<"$r"
  row familyties "$n" "$files" "$t" "$m" "$scratch/out-familyties-$n"

  if ((with_hugo)); then
    "$ex/hugo_site" "$corpus" "$hugo_src" >&2
    echo "== N=$n: hugo x$runs" >&2
    r="$(measure "hugo-$n" "$scratch/out-hugo-$n" \
      hugo --source "$hugo_src" --destination "$scratch/out-hugo-$n" --quiet --ignoreCache)"
    read -r t m <<<"$r"
    row "hugo $(hugo version | sed -n 's/^hugo v\([0-9.]*\).*/\1/p')" "$n" "$files" "$t" "$m" "$scratch/out-hugo-$n"
  fi

  echo "== N=$n: floor x$runs" >&2
  r="$(measure "floor-same-$n" "$scratch/out-floor-same-$n" "$ex/floor" "$corpus" --out "$scratch/out-floor-same-$n" --same-files)"
  read -r t m <<<"$r"
  row "floor, same files" "$n" "$files" "$t" "$m" "$scratch/out-floor-same-$n"
  r="$(measure "floor-$n" "$scratch/out-floor-$n" "$ex/floor" "$corpus" --out "$scratch/out-floor-$n")"
  read -r t m <<<"$r"
  row "floor (read+render+write)" "$n" "$files" "$t" "$m" "$scratch/out-floor-$n"
  r="$(measure "floor-read-$n" "$scratch/none" "$ex/floor" "$corpus")"
  read -r t m <<<"$r"
  row "floor (read+render)" "$n" "$files" "$t" "$m" ""
done

echo
echo "$(nproc) CPUs; median of $runs runs; wall time and peak RSS from /usr/bin/time; outputs on $(df --output=fstype "$scratch" | tail -1)."
echo
echo "| tool | prison pages | .md files | median wall s | .md files/s | peak RSS MB | files written | .html | .ics | .xml | output MB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
