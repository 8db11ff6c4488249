#!/usr/bin/env bash
# The hirepage benchmark (issues 5, 14, 15 and 18): builds generated sites
# of N roles with hirepage and with Hugo, on disk, the largest again with 20
# locations (hirepage only: the near-duplicate lint's share), 1,000 roles
# with 1,000 distinct candidate photos (hirepage only: the image work,
# without and with its cache), and measures a one-role edit in
# `hirepage serve`.
#
#   bash bench/run.sh           N = 1,000 and 10,000 (about 20 minutes on 2 cores)
#   bash bench/run.sh --quick   N = 200 and 1,000 (about 4 minutes)
#   bash bench/run.sh --large   N = 1,000, 10,000 and 100,000 (about 90
#                               minutes; Hugo is left out at 100,000: at
#                               4.4 GB for 10,000 roles it would need
#                               about 44 GB, more than the 24 GB of the
#                               machine this was written on)
#   bash bench/run.sh --photos  only the run with 1,000 photos (about 3
#                               minutes)
#
# For each N and each tool: one warm-up build (not counted), then 3 cold
# builds in each of three ways (the OS page cache is left alone; pending
# writes are flushed with `sync` before each), measured with
# /usr/bin/time -v:
#
#   fresh     each build into a new output folder;
#   repeated  each build over the previous output, left in place, as a
#             developer rebuilds (hirepage reuses its files, Hugo writes
#             over them);
#   deleted   the previous output (and hirepage's spare beside it) deleted
#             before each build, outside the timing.
#
# All fresh builds of an N come first, then the repeated ones, then the
# deleted ones: ext4 without a journal skips inodes freed in the last
# minute, so a build that follows a large delete pays for it, and only the
# deleted builds should. Other outputs are deleted at the end. Prints a
# Markdown table of the medians.
# Needs hugo and GNU time (Debian: apt-get install hugo time), and curl.
#
# Sites and outputs go to a temporary folder under $BENCH_DIR (default: the
# cargo target folder, on the disk that holds the repository), deleted at
# the end; it needs about 6 GB free for N = 10,000.
# BENCH_DIR=/dev/shm measures without the disk.
set -euo pipefail

sizes=(1000 10000)
languages=0
photos_only=
case "${1:-}" in
  "") ;;
  --quick) sizes=(200 1000) ;;
  --large) sizes=(1000 10000 100000) ;;
  --languages) languages=1 ;;
  --photos) sizes=() photos_only=1 ;;
  *) echo "usage: bash bench/run.sh [--quick | --large | --photos | --languages]" >&2; exit 2 ;;
esac
# The photo run: this many roles, and as many distinct photos.
photo_count=1000

runs=3
modes=(fresh repeated deleted)
# Hugo is built up to this many roles (see --large above).
hugo_max=10000
edits=5

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${CARGO_TARGET_DIR:-$repo/target}
hirepage=$target/release/hirepage
gen_site=$target/release/examples/gen_site
began=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

say() { echo "bench: $*" >&2; }
die() { echo "bench: FAILED: $*" >&2; exit 1; }

# --- prerequisites ----------------------------------------------------------
absent=()
command -v hugo >/dev/null || absent+=(hugo)
[[ -x /usr/bin/time ]] || absent+=(time)
command -v curl >/dev/null || absent+=(curl)
if ((${#absent[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    say "installing ${absent[*]} with apt-get"
    apt-get install -y -qq "${absent[@]}" >/dev/null
  else
    die "missing ${absent[*]}; on Debian: sudo apt-get install ${absent[*]}"
  fi
fi

say "building hirepage and the site generator (release)"
(cd "$repo" && cargo build --release --quiet --bin hirepage --example gen_site)

bench_dir=${BENCH_DIR:-$target}
mkdir -p "$bench_dir"
work=$(mktemp -d "$bench_dir/hirepage-bench.XXXXXX")
serve_pid=
cleanup() {
  if [[ -n $serve_pid ]]; then kill "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- helpers ----------------------------------------------------------------

# Seconds from GNU time's "h:mm:ss" or "m:ss.cc".
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.3f", s }' <<<"$1"; }

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

mib() { awk -v b="$1" 'BEGIN { printf "%.0f MB", b / 1048576 }'; }

# Runs one build (tool, site folder, output folder) under /usr/bin/time
# -v; prints "wall_seconds cpu_seconds peak_rss_kb". Pending writes are
# flushed first, so that no build pays for another's.
timed_build() {
  local tool=$1 site=$2 out=$3 cmd
  rm -rf "$work/hugo-cache"
  sync
  case $tool in
    hirepage) cmd=("$hirepage" build -v --root "$site" --output "$out") ;;
    hugo) cmd=(hugo --quiet --source "$site" --destination "$out" --cacheDir "$work/hugo-cache") ;;
  esac
  if ! /usr/bin/time -v -o "$work/time.txt" "${cmd[@]}" >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    die "$tool build of $site failed"
  fi
  local wall rss user sys
  wall=$(sed -n 's/^.*Elapsed (wall clock) time.*: //p' "$work/time.txt")
  rss=$(sed -n 's/^.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  user=$(sed -n 's/^.*User time (seconds): //p' "$work/time.txt")
  sys=$(sed -n 's/^.*System time (seconds): //p' "$work/time.txt")
  echo "$(seconds "$wall") $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') $rss"
}

# Every role, interview-questions and skill page the generator wrote must
# have been built.
check_pages() {
  local site=$1 out=$2 missing=0 expected=0 path
  while read -r path; do
    expected=$((expected + 1))
    if [[ ! -f $out$path/index.html ]]; then
      missing=$((missing + 1))
      ((missing <= 5)) && echo "bench: missing page $path" >&2
    fi
  done <"$site/expected-pages.txt"
  ((missing == 0)) || die "hirepage did not write $missing of $expected role and skill pages"
  say "all $expected role, interview-question and skill pages were written"
}

# --- languages (--languages) -------------------------------------------------
# The cost of a second language (issue 17): 10,000 roles in English alone,
# then the same site with half of them translated into Spanish. The build
# should grow by no more than the share of pages the translations add.
if ((languages)); then
  n=${BENCH_LANGUAGE_ROLES:-10000}
  declare -A wall pages
  for variant in one two; do
    share=0
    [[ $variant == two ]] && share=0.5
    site=$work/site-$variant
    say "generating $n roles, translated share $share"
    "$gen_site" --roles "$n" --out "$site" --translate "$share" >/dev/null
    times=()
    for ((r = 1; r <= runs; r++)); do
      out=$work/out-$variant
      rm -rf "$out" "$work"/.out-"$variant".*
      read -r w _ _ < <(timed_build hirepage "$site" "$out")
      times+=("$w")
    done
    wall[$variant]=$(printf '%s\n' "${times[@]}" | median)
    pages[$variant]=$(find "$out" -name index.html | wc -l)
    rm -rf "$site" "$out" "$work"/.out-"$variant".*
  done
  awk -v w1="${wall[one]}" -v w2="${wall[two]}" -v p1="${pages[one]}" -v p2="${pages[two]}" -v n="$n" 'BEGIN {
    printf "| %d roles | pages | build (median of '"$runs"') |\n|---|---|---|\n", n
    printf "| English only | %d | %.2f s |\n", p1, w1
    printf "| + Spanish for half the roles | %d | %.2f s |\n", p2, w2
    pg = (p2 - p1) / p1 * 100; tg = (w2 - w1) / w1 * 100
    printf "\npages added: %+.0f%%, build time: %+.0f%% (%s)\n", pg, tg, (tg <= pg) ? "within the share of pages added" : "MORE than the share of pages added"
  }'
  exit 0
fi

# --- builds -----------------------------------------------------------------

# The output folder of one (tool, N, mode, run): repeated and deleted builds
# share one folder per tool and N; fresh builds each get a new one.
out_of() {
  local tool=$1 n=$2 mode=$3 run=$4
  if [[ $mode == fresh ]]; then echo "$work/out-$tool-$n-fresh-$run"; else echo "$work/out-$tool-$n"; fi
}

rows=()
phases=()
declare -A fresh_wall=()
for n in ${sizes[@]+"${sizes[@]}"}; do
  site=$work/site-$n
  hugo_site=$work/hugo-$n
  tools=(hirepage)
  if ((n <= hugo_max)); then tools+=(hugo); fi
  say "generating $n roles"
  if ((n <= hugo_max)); then
    "$gen_site" --roles "$n" --out "$site" --hugo "$hugo_site" >&2
  else
    "$gen_site" --roles "$n" --out "$site" >&2
  fi
  declare -A src=([hirepage]=$site [hugo]=$hugo_site)
  declare -A wall=() cpu=() rss=() pages=() bytes=()
  for tool in "${tools[@]}"; do
    out=$(out_of "$tool" "$n" repeated 0)
    say "$tool, $n roles: warm-up build"
    timed_build "$tool" "${src[$tool]}" "$out" >/dev/null
    if [[ $tool == hirepage ]]; then
      if grep -q 'warning' "$work/build.log"; then
        cat "$work/build.log" >&2
        die "hirepage warned about the generated site"
      fi
      check_pages "$site" "$out"
    fi
    pages[$tool]=$(find "$out" -name index.html | wc -l)
    bytes[$tool]=$(du -sb "$out" | cut -f1)
  done
  for mode in "${modes[@]}"; do
    for tool in "${tools[@]}"; do
      walls=() cpus=() rsss=()
      for ((run = 1; run <= runs; run++)); do
        out=$(out_of "$tool" "$n" "$mode" "$run")
        if [[ $mode == deleted ]]; then
          rm -rf "$out" "$(dirname "$out")/.$(basename "$out").old-spare"
        fi
        timed_build "$tool" "${src[$tool]}" "$out" >"$work/result"
        read -r w c r <"$work/result"
        phase=
        if [[ $tool == hirepage ]]; then
          phase=$(grep -E '^  [a-z]+ ' "$work/build.log" | awk '{ printf "%s%s %s ms", sep, $1, $2; sep = ", " }')
          reuse=$(sed -n 's/^  reuse: //p' "$work/build.log")
          [[ $run == "$runs" ]] && phases+=("N=$n, $mode: $phase; $reuse")
        fi
        say "$tool, $n roles, $mode build $run/$runs: ${w} s, CPU ${c} s, $((r / 1024)) MB${phase:+ ($phase; $reuse)}"
        walls+=("$w")
        cpus+=("$c")
        rsss+=("$r")
      done
      wall[$tool-$mode]=$(printf '%s\n' "${walls[@]}" | median)
      cpu[$tool-$mode]=$(printf '%s\n' "${cpus[@]}" | median)
      rss[$tool-$mode]=$(printf '%s\n' "${rsss[@]}" | median)
    done
  done
  [[ ${#tools[@]} == 1 || ${pages[hirepage]} == "${pages[hugo]}" ]] ||
    say "warning: hirepage wrote ${pages[hirepage]} pages and Hugo ${pages[hugo]}"
  for mode in "${modes[@]}"; do
    fresh_wall[$n-$mode]=${wall[hirepage-$mode]}
    for tool in "${tools[@]}"; do
      k=$tool-$mode
      time_ratio=— mem_ratio=—
      if [[ -n ${wall[hugo-$mode]:-} ]]; then
        time_ratio=$(awk -v a="${wall[$k]}" -v b="${wall[hugo-$mode]}" 'BEGIN { printf "%.2f", a / b }')
        mem_ratio=$(awk -v a="${rss[$k]}" -v b="${rss[hugo-$mode]}" 'BEGIN { printf "%.2f", a / b }')
      fi
      rows+=("$(printf '| %s | %s | %s | %s | %.2f s | %.2f s | %s | %s | %s | %s | %s |' \
        "$n" "$tool" "$mode" "${pages[$tool]}" "${wall[$k]}" "${cpu[$k]}" \
        "$(awk -v p="${pages[$tool]}" -v w="${wall[$k]}" 'BEGIN { printf "%.0f", p / w }')" \
        "$(mib $((rss[$k] * 1024)))" "$(mib "${bytes[$tool]}")" "$time_ratio" "$mem_ratio")")
      say "${rows[-1]}"
    done
  done
  rm -rf "$hugo_site" "$work"/out-*
  # The deleted builds freed many inodes: let the next N's fresh builds
  # find the disk as a new build would.
  if [[ $n != "${sizes[-1]}" ]]; then
    sync
    say "waiting a minute for ext4 to stop skipping the freed inodes"
    sleep 61
  fi
done

# --- photos -----------------------------------------------------------------
# 1,000 roles whose first 1,000 candidates each have a photo of their own
# (1200 × 1500 JPEG, about 440 KB, as a phone or a recruiter's export gives
# them), hirepage only: 3 builds with the image cache deleted before each
# (every variant decoded, resized and encoded), then 3 with it kept. The
# image work is the `images` phase of `build -v`.
say "generating $photo_count roles with $photo_count distinct photos"
site=$work/site-photos
"$gen_site" --roles "$photo_count" --photos "$photo_count" --out "$site" >&2
photo_bytes=$(du -cb "$site"/static/images/candidates/photo-*.jpg | tail -1 | cut -f1)
declare -A photo_wall=() photo_images=()
for mode in uncached cached; do
  walls=() image_ms=()
  for ((run = 1; run <= 3; run++)); do
    [[ $mode == uncached ]] && rm -rf "$site/.hirepage-cache"
    timed_build hirepage "$site" "$work/out-photos" >"$work/result"
    read -r w _ <"$work/result"
    ms=$(awk '$1 == "images" && $3 == "ms" { printf "%.0f", $2 }' "$work/build.log")
    say "hirepage, $photo_count photos, $mode build $run/3: ${w} s, images $ms ms ($(sed -n 's/^  images: //p' "$work/build.log"))"
    walls+=("$w")
    image_ms+=("$ms")
  done
  photo_wall[$mode]=$(printf '%s\n' "${walls[@]}" | median)
  photo_images[$mode]=$(printf '%s\n' "${image_ms[@]}" | median)
done
variant_bytes=$(find "$work/out-photos/images/candidates" -name 'photo-*-*.*' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
# What a visitor's browser fetches for one photo: the WebP of the width a
# 2x screen picks for the avatar (128 px), against the original.
webp_bytes=$(find "$work/out-photos/images/candidates" -name 'photo-*-128.*.webp' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
rm -rf "$work/out-photos" "$site"
photo_speedup=$(awk -v a="${photo_images[uncached]}" -v b="${photo_images[cached]}" 'BEGIN { printf "%.0f", a / (b > 0 ? b : 1) }')

if [[ -n $photos_only ]]; then
  echo
  echo "Photos: $photo_count roles, $photo_count distinct photos of $(mib "$photo_bytes") in all (hirepage $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
  echo
  echo "| build | median wall time (3 builds) | image work (median) |"
  echo "|---|---:|---:|"
  echo "| first (cache deleted) | ${photo_wall[uncached]} s | ${photo_images[uncached]} ms |"
  echo "| second (cache kept) | ${photo_wall[cached]} s | ${photo_images[cached]} ms (${photo_speedup}× less) |"
  echo
  echo "Variants published: $(mib "$variant_bytes") for all widths and formats, against $(mib "$photo_bytes") of originals; a visitor on a 2x screen fetches $(awk -v a="$webp_bytes" -v n="$photo_count" 'BEGIN { printf "%.1f KB", a / n / 1024 }') a photo (WebP, 128 px) instead of $(awk -v a="$photo_bytes" -v n="$photo_count" 'BEGIN { printf "%.0f KB", a / n / 1024 }')."
  exit 0
fi

# --- locations and the near-duplicate lint ----------------------------------
# The same number of roles with 20 locations (hirepage only: the Hugo twin
# has no location pages): the build's time, and what the near-duplicate
# lint adds to it (`signing` + `duplicates` of `build -v`).
n=${sizes[-1]}
if ((n > 10000)); then n=10000; fi
loc_n=$n
site=$work/site-$n-locations
sync
say "waiting a minute for ext4 to stop skipping the freed inodes"
sleep 61
say "generating $n roles in 20 locations"
"$gen_site" --roles "$n" --locations 20 --out "$site" >&2
timed_build hirepage "$site" "$work/out-locations-warm-up" >/dev/null
location_pages=$(find "$work/out-locations-warm-up/hire" -maxdepth 1 -name '*-in-*' | wc -l)
walls=() lint_ms=()
for ((run = 1; run <= 3; run++)); do
  timed_build hirepage "$site" "$work/out-locations-$run" >"$work/result"
  read -r w _ <"$work/result"
  ms=$(awk '$1 == "signing" || $1 == "duplicates" { t += $2 } END { printf "%.0f", t }' "$work/build.log")
  say "hirepage, $n roles in 20 locations: fresh build $run/3: ${w} s, near-duplicate lint $ms ms"
  walls+=("$w")
  lint_ms+=("$ms")
done
rm -rf "$work/out-locations-"* "$site"
locations_wall=$(printf '%s\n' "${walls[@]}" | median)
locations_lint=$(printf '%s\n' "${lint_ms[@]}" | median)
locations_share=$(awk -v l="$locations_lint" -v w="$locations_wall" 'BEGIN { printf "%.1f", l / (w * 10) }')

# --- incremental rebuild in `serve` -----------------------------------------
# At 10,000 roles and more (the largest size with --quick): start-up time
# (to "Serving"), peak memory and a one-role edit's latency.
serve_sizes=()
for n in "${sizes[@]}"; do if ((n >= 10000)); then serve_sizes+=("$n"); fi; done
((${#serve_sizes[@]})) || serve_sizes=("${sizes[-1]}")
serve_rows=()
for n in "${serve_sizes[@]}"; do
  site=$work/site-$n
  say "serve on the $n-role site: initial build"
  started=$(date +%s%N)
  "$hirepage" serve --port 0 --root "$site" >"$work/serve.log" 2>&1 &
  serve_pid=$!
  for ((i = 0; i < 600; i++)); do
    grep -q '^Serving ' "$work/serve.log" && break
    kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log" >&2; die "hirepage serve exited"; }
    sleep 1
  done
  startup=$((($(date +%s%N) - started) / 1000000))
  url=$(sed -n 's/^Serving .* at \(http[^ ]*\) .*/\1/p' "$work/serve.log")
  [[ -n $url ]] || die "hirepage serve did not start within 10 minutes"
  initial=$(sed -n 's/^Built the site in \([0-9]*\) ms.*/\1/p' "$work/serve.log")
  slug=$(sed -n '1s|^/hire/\(.*\)/$|\1|p' "$site/expected-pages.txt")
  file=$site/content/roles/$slug.md
  rebuild_count() { grep -c '^Rebuilt in ' "$work/serve.log" || true; }
  # Waits until serve has printed no "Rebuilt" line for 2 seconds.
  wait_quiet() {
    local last now since
    last=$(rebuild_count)
    since=$(date +%s%N)
    while (($(date +%s%N) - since < 2000000000)); do
      sleep 0.1
      now=$(rebuild_count)
      if ((now != last)); then last=$now; since=$(date +%s%N); fi
    done
  }
  rebuilds=() latencies=() extra=0 counted=
  for ((i = 1; i <= edits; i++)); do
    wait_quiet
    before=$(rebuild_count)
    [[ -n $counted ]] && extra=$((extra + before - counted))
    sentence="Benchmark edit $i at $(date +%s%N)."
    start=$(date +%s%N)
    printf '\n%s\n' "$sentence" >>"$file"
    # serve swaps in the new pages, then prints "Rebuilt in N ms"; the first
    # such line after which the page shows the edit is the edit's rebuild.
    seen=$before
    deadline=$((start + 300000000000))
    while :; do
      now=$(rebuild_count)
      if ((now > seen)); then
        seen=$now
        # (Not `curl | grep -q`: with pipefail, grep's early exit fails curl.)
        page=$(curl -sf "${url}hire/$slug/" || true)
        [[ $page == *"$sentence"* ]] && break
      fi
      if (($(date +%s%N) > deadline)); then
        tail -20 "$work/serve.log" >&2
        die "edit $i did not reach the served page within 5 minutes"
      fi
      sleep 0.005
    done
    latencies+=($((($(date +%s%N) - start) / 1000000)))
    ms=$(grep '^Rebuilt in ' "$work/serve.log" | sed -n "${seen}s/^Rebuilt in \([0-9]*\) ms.*/\1/p")
    say "edit $i: rebuilt in $ms ms, served after ${latencies[-1]} ms"
    rebuilds+=("$ms")
    counted=$seen
  done
  wait_quiet
  extra=$((extra + $(rebuild_count) - counted))
  serve_rss=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$serve_pid/status" 2>/dev/null || echo 0)
  kill "$serve_pid"
  wait "$serve_pid" 2>/dev/null || true
  serve_pid=
  rebuild=$(printf '%s\n' "${rebuilds[@]}" | median)
  latency=$(printf '%s\n' "${latencies[@]}" | median)
  serve_rows+=("| $n | $startup ms (build $initial ms) | $(mib $((serve_rss * 1024))) | $rebuild ms | $latency ms | $extra |")
  say "${serve_rows[-1]}"
done

# --- report -----------------------------------------------------------------
elapsed=$(($(date +%s) - began))
echo
fs=$(df -T "$work" | awk 'NR == 2 { print $2 }')
echo "hirepage $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?') vs $(hugo version | awk '{ print $1, $2 }'), $(nproc) cores, outputs under $(dirname "$work") ($fs), load average $load_before at the start and $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
echo "| roles | tool | build | pages | median wall time ($runs cold builds) | CPU time (median) | pages/s | peak memory (median) | output size | time vs Hugo | memory vs Hugo |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
if ((${#sizes[@]} == 3)); then
  echo "Cost curve: 100,000 roles took $(awk -v a="${fresh_wall[100000-fresh]}" -v b="${fresh_wall[10000-fresh]}" 'BEGIN { printf "%.1f", a / b }')× the time of 10,000 (fresh builds, medians). Hugo was not run at 100,000 roles: at its 10,000-role peak memory it would need about ten times as much, more than this machine has."
  echo
fi
echo "\`hirepage serve\` (median of $edits one-role edits, each appending a sentence):"
echo
echo "| roles | start-up (to \"Serving\") | peak memory | \"Rebuilt in\" | write to served page | extra rebuilds |"
echo "|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${serve_rows[@]}"
echo
echo "With $photo_count distinct photos ($photo_count roles, $(mib "$photo_bytes") of originals): first build ${photo_wall[uncached]} s with ${photo_images[uncached]} ms of image work (cache deleted), second ${photo_wall[cached]} s with ${photo_images[cached]} ms (${photo_speedup}× less); the variants of every width and format weigh $(mib "$variant_bytes"), and a visitor on a 2x screen fetches $(awk -v a="$webp_bytes" -v n="$photo_count" 'BEGIN { printf "%.1f KB", a / n / 1024 }') a photo instead of $(awk -v a="$photo_bytes" -v n="$photo_count" 'BEGIN { printf "%.0f KB", a / n / 1024 }')."
echo
echo "With 20 locations ($loc_n roles, $location_pages pages in locations): median build $locations_wall s (3 fresh builds), of which the near-duplicate lint $locations_lint ms ($locations_share%)."
echo
echo "hirepage build -v phases and reuse (last run of each kind): "
printf -- '- %s\n' "${phases[@]}"
echo
echo "The benchmark took $((elapsed / 60)) min $((elapsed % 60)) s."
