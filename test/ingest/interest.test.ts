import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Event } from '../../src/core/event.ts';
import { FORMATS, type FormatContext } from '../../src/ingest/index.ts';

// `interest: 'logins'` may skip building events, never checking lines: every line must get the same
// verdict, and the events kept must be exactly the login-relevant subset of the full parse.
const couldBeLogin = (e: Event) =>
  e['event.category'] === 'authentication'
    ? e['event.action'] === 'ssh_login'
    : e['http.response.status_code'] === 401 ||
      e['http.response.status_code'] === 407 ||
      e['http.request.method'] === 'POST' ||
      e['user.name'] !== undefined;

const cases = [
  { format: 'access', file: 'test/fixtures/access-log/mixed.log' },
  { format: 'access', file: '../shared/data/logs/logparser-hackers-access.log' },
  { format: 'auth', file: 'test/fixtures/auth-log/pam-and-failed-same-attempt.log' },
  { format: 'auth', file: 'test/fixtures/auth-log/rhel-secure.log' },
  { format: 'auth', file: '../shared/data/logs/loghub-Linux_2k.log' },
];

function run(format: string, lines: string[], interest: 'all' | 'logins') {
  const ctx: FormatContext = { file: 'x', tz: 'UTC', year: 2025, interest };
  const parser = FORMATS.find((f) => f.name === format)?.createParser(ctx);
  assert.ok(parser);
  const events: Event[] = [];
  const verdicts = lines.map((l, i) => parser.parse(l, i + 1, (e) => events.push(e)));
  parser.end?.((e) => events.push(e));
  return { events, verdicts };
}

for (const c of cases) {
  let text: string | undefined;
  try {
    text = readFileSync(c.file, 'utf8');
  } catch {}
  test(`interest 'logins' keeps every verdict and the login subset: ${c.file}`, {
    skip: text === undefined && `${c.file} is absent`,
  }, () => {
    const lines = (text as string).split('\n');
    const all = run(c.format, lines, 'all');
    const logins = run(c.format, lines, 'logins');
    assert.deepEqual(logins.verdicts, all.verdicts);
    const key = (e: Event) =>
      `${e['log.file.line']} ${e['event.action']} ${e['source.address']} ${e['event.count'] ?? 1}`;
    assert.deepEqual(logins.events.map(key), all.events.filter(couldBeLogin).map(key));
    assert.ok(logins.events.length > 0);
  });
}
