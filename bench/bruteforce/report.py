#!/usr/bin/python3
"""Reads bench/out/bruteforce-<size>/ (time -v reports, outputs, meta.json) and prints the benchmark result.

    report.py single|scaling DIR...   JSON on stdout (single: also DIR/result.json), a table on stderr
"""
import glob, json, random, re, sys

mode, dirs = sys.argv[1], sys.argv[2:]
MiB = 2 ** 20

def timing(path):  # (wall s, peak RSS MiB, exit status, CPU s) of one /usr/bin/time -v report
    text = open(path).read()
    wall = re.search(r'Elapsed \(wall clock\) time.*: (\S+)', text).group(1)
    seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(':'))))
    rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', text).group(1))
    status = int(re.search(r'Exit status: (\d+)', text).group(1))
    cpu = sum(float(re.search(rf'{kind} time \(seconds\): (\S+)', text).group(1)) for kind in ('User', 'System'))
    return seconds, rss / 1024, status, cpu

def median_run(prefix):  # the run with the median wall time, and all wall times
    runs = sorted(timing(p) for p in glob.glob(prefix + '.*'))
    return (runs[(len(runs) - 1) // 2], [r[0] for r in runs]) if runs else (None, [])

def round_walls(prefix):  # {round: wall s}
    return {int(p.rsplit('.', 1)[1]): timing(p)[0] for p in glob.glob(prefix + '.*')}

def paired_ratio(d, tool, peer):  # Picket's wall over the peer's, round by round: (median, [each])
    a, b = round_walls(f'{d}/{tool}.time'), round_walls(f'{d}/{peer}.time')
    each = sorted(round(a[i] / b[i], 3) for i in a.keys() & b.keys())
    return (each[(len(each) - 1) // 2] if each else None), each

def interval(each, level=0.9, draws=10_000):  # bootstrap interval of the median of `each`
    if len(each) < 3:
        return None
    rng = random.Random(1)  # the same data gives the same interval
    med = lambda xs: sorted(xs)[(len(xs) - 1) // 2]
    meds = sorted(med([rng.choice(each) for _ in each]) for _ in range(draws))
    return [meds[int(draws * (1 - level) / 2)], meds[int(draws * (1 + level) / 2) - 1]]

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
        wall, rss, status, cpu = t
        nbytes, nlines = scope[over]
        # CPU (user + system) of the median run: over wall, how many cores it kept busy
        tools[tool] = {'input': over, 'input_mb': round(nbytes / MiB, 1), 'wall_s': round(wall, 2),
                       'cpu_s': round(cpu, 2), 'cores': round(cpu / wall, 2),
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
                median, each = paired_ratio(d, 'picket', peer)
                out[f'picket_over_{peer}'] = {'wall': round(p['wall_s'] / tools[peer]['wall_s'], 3),
                                              'wall_by_round_median': median, 'wall_by_round': each,
                                              'wall_by_round_median_90': interval(each),
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
    print(f"{'tool':10} {'input':>6} {'wall s':>8} {'CPU s':>8} {'cores':>6} {'MiB/s':>8} {'lines/s':>12} {'peak RSS MiB':>13}", file=err)
    for name, t in r['tools'].items():
        print(f"{name:10} {t['input']:>6} {t['wall_s']:>8} {t['cpu_s']:>8} {t['cores']:>6} {t['mb_per_s']:>8} {t['lines_per_s']:>12,} {t['peak_rss_mb']:>13}", file=err)
    for peer in ('pandas', 'rg'):
        if f'picket_over_{peer}' in r:
            x = r[f'picket_over_{peer}']
            ci = x['wall_by_round_median_90']
            within = f", 90% bootstrap interval {ci[0]}–{ci[1]}" if ci else ''
            print(f"Picket/{peer}: wall ×{x['wall']} (medians), ×{x['wall_by_round_median']} (median of the rounds' ratios,"
                  f" {x['wall_by_round'][0]}–{x['wall_by_round'][-1]}{within}), peak RSS ×{x['peak_rss']}", file=err)
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
