#!/usr/bin/env bash
# Kills `familyties build` with SIGKILL at random moments and checks that the output path
# always holds a whole site, the one before or the one being built, and that the next
# build that runs to the end leaves no hidden staging or old folders behind.
#
#   bash tests/scripts/kill-build.sh [KILLS] [OUT]     (defaults: 20, /dev/shm/familyties-kill/x)
#
# Run from the repository root after `cargo build --release`.
set -euo pipefail

kills=${1:-20}
out=${2:-/dev/shm/familyties-kill/x}
bin=$PWD/target/release/familyties
work=$(dirname "$out")/site
rm -rf "$work" "$out" "$(dirname "$out")"/.x-*
mkdir -p "$work"
cp -r content themes "$work"/

# Two versions of the site that build to different outputs.
variant() {
    local file=$work/content/index.md
    sed -i '/^Kill test variant/d' "$file"
    printf 'Kill test variant %s\n' "$1" >>"$file"
}
digest() {
    (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
}
build() { "$bin" --root "$work" build --out "$out" --date 2026-11-23 >/dev/null 2>&1; }

declare -A want
for v in A B; do
    variant "$v"
    start=$(date +%s%N)
    build
    took=$((($(date +%s%N) - start) / 1000000))
    want[$v]=$(digest "$out")
done
echo "a whole build takes about ${took} ms; site A ${want[A]}, site B ${want[B]}"

current=B
old_count=0 new_count=0
for i in $(seq 1 "$kills"); do
    next=$([ "$current" = A ] && echo B || echo A)
    variant "$next"
    "$bin" --root "$work" build --out "$out" --date 2026-11-23 >/dev/null 2>&1 &
    pid=$!
    if ((i % 2)); then
        # Anywhere in the build.
        delay=$((RANDOM % (took + took / 5 + 1)))
    else
        # While the files are written and swapped: from when the staging folder appears.
        until compgen -G "$(dirname "$out")/.$(basename "$out")-building-*" >/dev/null ||
            ! kill -0 "$pid" 2>/dev/null; do :; done
        delay=$((RANDOM % 8))
    fi
    sleep "$(printf '0.%03d' "$delay")"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ ! -d "$out" ]; then
        echo "kill $i at ${delay} ms: NO SITE at $out"
        exit 1
    fi
    got=$(digest "$out")
    leftovers=$(find "$(dirname "$out")" -maxdepth 1 -name ".$(basename "$out")-*" | wc -l)
    if [ "$got" = "${want[$current]}" ]; then
        state=old
        old_count=$((old_count + 1))
    elif [ "$got" = "${want[$next]}" ]; then
        state=new
        new_count=$((new_count + 1))
        current=$next
    else
        echo "kill $i at ${delay} ms: the output is neither site ($got)"
        exit 1
    fi
    when=$([ $((i % 2)) = 1 ] && echo "${delay} ms into the build" || echo "${delay} ms into writing")
    echo "kill $i at $when: $state site, $leftovers hidden folder(s) left"
done

build
leftovers=$(find "$(dirname "$out")" -maxdepth 1 -name ".$(basename "$out")-*" | wc -l)
echo "after $kills kills: old site $old_count times, new site $new_count times, never neither;"
echo "the next whole build left $leftovers hidden folder(s)"
[ "$leftovers" -eq 0 ]
