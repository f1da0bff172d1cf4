#!/usr/bin/python3
"""Brute-force peer for bench/bruteforce: the same question as `picket investigate`, in vectorized pandas.

    /usr/bin/python3 bench/peers/bruteforce_pandas.py [--threshold 10] [--window 5min] [--method searchsorted|rolling] FILE...

Flags every address with more than THRESHOLD failed login attempts within any WINDOW, per log (web, ssh);
prints one JSON line per flagged address: {"address": ..., "logs": ["web", "ssh"], "peak_by_log": {"web": n, ...}}
(peak: the most attempts in one window).

Counting (docs/DEFINITIONS.md, simplified where the benchmark data allows it):
- ssh: `Failed <method> for [invalid user] U from IP` lines, `message repeated N times: [ Failed … ]` as N.
  pam_unix `authentication failure` lines are not counted: in the benchmark data each is followed by a
  `Failed` line of its pid, which DEFINITIONS.md counts instead.
- web (combined/common format): any 401/407, and POSTs to a login path answered 2xx, 401 or 403.
A file is an auth log when its first line starts with a syslog time, else an access log; `.gz` is read
through gzip. Syslog years come from the file's mtime (a time later than mtime + 1 day is last year's).

No per-row Python: lines go into a Series, are pre-filtered with `str.contains(regex=False)` and parsed
with `str.extract` + `pd.to_datetime(format=...)`. The window count is either
- `searchsorted` (default): sort all attempts by (log, address, time) as one int64 key, then for every
  attempt find the window start (t - W, t] with one `np.searchsorted` over the whole array and take
  differences of the cumulative count — O(n log n), every group at once; or
- `rolling`: `groupby([log, address]).rolling(W)` on a DatetimeIndex (pandas' own, slower).
"""

import argparse
import gzip
import json
import os
import re
import sys

import numpy as np
import pandas as pd

LOGIN_PATHS = ['/wp-login.php', '/xmlrpc.php', '/login', '/signin', '/sign_in', '/auth', '/logon', '/user/login',
               '/users/sign_in', '/session', '/sessions', '/oauth/token', '/j_security_check']
LOGIN_RE = '(?:' + '|'.join(re.escape(p) for p in LOGIN_PATHS) + ')$'
SYSLOG_START = re.compile(r'^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d ')
SSH_RE = (r'^(?P<ts>[A-Z][a-z]{2} +\d+ \d\d:\d\d:\d\d) \S+ sshd\[\d+\]: '
          r'(?:message repeated (?P<n>\d+) times: \[ )?Failed \S+ for .*? from (?P<address>\S+) port \d+')
WEB_RE = r'^(?P<address>\S+) \S+ \S+ \[(?P<ts>[^\]]+)\] "(?P<method>[A-Z]+) (?P<path>[^ ?"]*)[^ "]* [^"]*" (?P<status>\d{3}) '


def read_lines(path: str) -> pd.Series:
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt', encoding='utf-8', errors='replace') as f:
        return pd.Series(f.read().splitlines(), dtype=object)


def ssh_attempts(lines: pd.Series, mtime: float) -> pd.DataFrame:
    m = lines[lines.str.contains('Failed ', regex=False)].str.extract(SSH_RE).dropna(subset=['address'])
    limit = pd.Timestamp(mtime, unit='s') + pd.Timedelta(days=1)
    ts = pd.to_datetime(str(limit.year) + ' ' + m['ts'], format='%Y %b %d %H:%M:%S')
    late = ts > limit
    if late.any():
        ts[late] = ts[late] - pd.DateOffset(years=1)
    return pd.DataFrame({'log': 'ssh', 'address': m['address'], 'ts': ts, 'n': m['n'].fillna(1).astype('int64')})


def web_attempts(lines: pd.Series) -> pd.DataFrame:
    cand = lines.str.contains('POST ', regex=False) | lines.str.contains('" 401 ', regex=False) | \
        lines.str.contains('" 407 ', regex=False)
    m = lines[cand].str.extract(WEB_RE).dropna(subset=['status'])
    status = m['status'].astype('int64')
    login = (m['method'] == 'POST') & m['path'].str.contains(LOGIN_RE) & \
        (status.between(200, 299) | status.isin([401, 403]))
    m = m[status.isin([401, 407]) | login]
    ts = pd.to_datetime(m['ts'], format='%d/%b/%Y:%H:%M:%S %z', utc=True).dt.tz_localize(None)
    return pd.DataFrame({'log': 'web', 'address': m['address'], 'ts': ts, 'n': 1})


def peaks_searchsorted(df: pd.DataFrame, window: pd.Timedelta) -> pd.Series:
    """Max attempts in any window (t - W, t], per (log, address)."""
    codes, keys = pd.factorize(pd.MultiIndex.from_frame(df[['log', 'address']]))
    t = df['ts'].to_numpy().astype('datetime64[ms]').astype('int64')
    t -= t.min()
    w = window // pd.Timedelta(milliseconds=1)
    key = codes.astype('int64') * (t.max() + w + 1) + t  # groups never overlap within a window
    order = np.argsort(key, kind='stable')
    key = key[order]
    csum = np.concatenate([[0], np.cumsum(df['n'].to_numpy()[order])])
    counts = csum[np.searchsorted(key, key, side='right')] - csum[np.searchsorted(key, key - w, side='right')]
    peak = pd.Series(counts).groupby(codes[order]).max()
    return pd.Series(peak.to_numpy(), index=keys[peak.index])


def peaks_rolling(df: pd.DataFrame, window: pd.Timedelta) -> pd.Series:
    s = df.sort_values('ts', kind='stable').set_index('ts')
    return s.groupby(['log', 'address'])['n'].rolling(window).sum().groupby(level=[0, 1]).max().astype('int64')


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('files', nargs='+')
    ap.add_argument('--threshold', type=int, default=10)
    ap.add_argument('--window', default='5min')
    ap.add_argument('--method', choices=['searchsorted', 'rolling'], default='searchsorted')
    a = ap.parse_args()
    frames = []
    for path in a.files:
        lines = read_lines(path)
        if lines.empty:
            continue
        is_ssh = bool(SYSLOG_START.match(lines.iloc[0]))
        frames.append(ssh_attempts(lines, os.path.getmtime(path)) if is_ssh else web_attempts(lines))
        del lines
    df = pd.concat(frames, ignore_index=True)
    window = pd.Timedelta(a.window)
    peak = (peaks_searchsorted if a.method == 'searchsorted' else peaks_rolling)(df, window)
    flagged = peak[peak > a.threshold]
    out = {}
    for (log, address), n in flagged.items():  # one row per flagged (log, address): output only
        out.setdefault(address, {})[log] = int(n)
    for address in sorted(out):
        logs = [x for x in ('web', 'ssh') if x in out[address]]
        peaks = {x: out[address][x] for x in logs}
        sys.stdout.write(json.dumps({'address': address, 'logs': logs, 'peak_by_log': peaks}) + '\n')


if __name__ == '__main__':
    main()
