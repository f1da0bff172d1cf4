// Search identifiers, values and every value modifier, each from the Sigma specification's text
// (rules specification: "Lists", "Maps", "Escaping", "Special Field Values", "Placeholders";
// modifiers appendix v2.1.0). Expected matches are written by hand per record.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matches, rejection, rule } from './helpers.ts';

const only = (field: string, values: (string | number | boolean | null | string[])[]) =>
  values.map((v) => ({ [field]: v }));
const sel = (body: string) => `  sel:\n${body}\n  condition: sel`;

test('maps AND their fields; lists OR their values; lists of maps OR the maps', () => {
  const recs = [{ a: '1', b: '2' }, { a: '1', b: '3' }, { a: '4', b: '2' }, { a: '3' }];
  assert.deepEqual(matches(sel('    a: 1\n    b: 2'), recs), [0]);
  assert.deepEqual(matches(sel('    a: [1, 4]\n    b: 2'), recs), [0, 2]);
  assert.deepEqual(matches(sel('    - a: 4\n    - b: 3'), recs), [1, 2]);
});

test('keywords search the whole record: any value, or the original line; OR unless |all', () => {
  const recs = [
    { 'event.original': 'sshd: Failed password for root' },
    { msg: 'EVENT::CLEAR by x' },
    { n: 17, m: 'other' },
  ];
  assert.deepEqual(matches(sel("    - 'failed password'\n    - 'event::clear'"), recs), [0, 1]);
  assert.deepEqual(matches(sel("    '|all':\n      - 'event::'\n      - 'by x'"), recs), [1]);
  assert.deepEqual(matches(sel("    '|all':\n      - 'event::'\n      - 'root'"), recs), []);
  assert.deepEqual(matches(sel('    - 17'), recs), [2]);
});

test('matching is case-insensitive unless |cased', () => {
  const recs = only('Image', ['C:\\Windows\\CMD.EXE', 'c:\\windows\\cmd.exe']);
  assert.deepEqual(matches(sel("    Image: 'c:\\windows\\cmd.exe'"), recs), [0, 1]);
  assert.deepEqual(matches(sel("    Image|cased: 'c:\\windows\\cmd.exe'"), recs), [1]);
  assert.deepEqual(matches(sel("    Image|endswith|cased: 'CMD.EXE'"), recs), [0]);
});

test('wildcards: * any run, ? one character; escapes per the specification', () => {
  const recs = only('v', ['abc', 'ac', 'abbc', 'a*c', 'a?c', 'a\\c', 'a\\bc', 'a\\\\c']);
  assert.deepEqual(matches(sel("    v: 'a*c'"), recs), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(matches(sel("    v: 'a?c'"), recs), [0, 3, 4, 5]);
  assert.deepEqual(matches(sel("    v: 'a\\*c'"), recs), [3]); // \* is a plain star
  assert.deepEqual(matches(sel("    v: 'a\\?c'"), recs), [4]);
  assert.deepEqual(matches(sel("    v: 'a\\c'"), recs), [5]); // a lone backslash is plain
  assert.deepEqual(matches(sel("    v: 'a\\\\c'"), recs), [5]); // so is a double one
  assert.deepEqual(matches(sel("    v: 'a\\\\*c'"), recs), [5, 6, 7]); // backslash, then a wildcard
  assert.deepEqual(matches(sel("    v: 'a\\\\\\*c'"), only('v', ['a\\*c', 'a\\xc'])), [0]); // both plain
  assert.deepEqual(matches(sel("    v: 'a\\\\\\\\c'"), recs), [7]); // four: a double backslash
});

test('contains, startswith, endswith, and |all over a list', () => {
  const recs = only('CommandLine', ['net user admin /add', 'net localgroup', 'whoami /all']);
  assert.deepEqual(matches(sel("    CommandLine|contains: 'user'"), recs), [0]);
  assert.deepEqual(matches(sel("    CommandLine|startswith: 'net '"), recs), [0, 1]);
  assert.deepEqual(matches(sel("    CommandLine|endswith: '/all'"), recs), [2]);
  assert.deepEqual(matches(sel("    CommandLine|contains|all: ['net', '/add']"), recs), [0]);
  assert.deepEqual(matches(sel("    CommandLine|contains: ['net', '/add']"), recs), [0, 1]);
  assert.match(
    rejection(rule(sel("    CommandLine|contains|all: 'net'"))),
    /^7 .*'all' needs several values/,
  );
});

test('exists checks presence only, be the value empty or null', () => {
  const recs = [{ p: 'x' }, { p: '' }, { p: null }, { q: 'x' }];
  assert.deepEqual(matches(sel('    p|exists: true'), recs), [0, 1, 2]);
  assert.deepEqual(matches(sel('    p|exists: false'), recs), [3]);
  assert.match(rejection(rule(sel('    p|exists: yes'))), /exists' takes true or false/);
});

test("null matches an absent or null field; '' an empty one", () => {
  const recs = [{ p: 'x' }, { p: '' }, { p: null }, { q: 'x' }];
  assert.deepEqual(matches(sel('    p: null'), recs), [1, 2, 3]);
  assert.deepEqual(matches(sel("    p: ''"), recs), [1]);
  assert.deepEqual(matches(sel("    p: ['x', null]"), recs), [0, 1, 2, 3]);
});

test('neq: the field differs from every value, for strings and numbers', () => {
  const recs = only('EventID', [4624, 4625, '4634', 'x']);
  assert.deepEqual(matches(sel('    EventID|neq: 4624'), recs), [1, 2, 3]);
  assert.deepEqual(matches(sel('    EventID|neq: [4624, 4625]'), recs), [2, 3]);
  assert.deepEqual(matches(sel("    EventID|neq: 'X'"), recs), [0, 1, 2]);
});

test('re: case-sensitive unless i; m and s flags; leading (?i); invalid ones rejected', () => {
  const recs = only('v', ['Hello World', 'hello\nworld', 'HELLO']);
  assert.deepEqual(matches(sel("    v|re: '^hel+o'"), recs), [1]);
  assert.deepEqual(matches(sel("    v|re|i: '^hel+o'"), recs), [0, 1, 2]);
  assert.deepEqual(matches(sel("    v|re: '(?i)^hel+o'"), recs), [0, 1, 2]);
  assert.deepEqual(matches(sel("    v|re: '^world'"), recs), []);
  assert.deepEqual(matches(sel("    v|re|m: '^world'"), recs), [1]);
  assert.deepEqual(matches(sel("    v|re: 'hello.world'"), recs), []);
  assert.deepEqual(matches(sel("    v|re|s: 'hello.world'"), recs), [1]);
  assert.match(rejection(rule(sel("    v|re: 'a(b'"))), /^7 invalid regular expression/);
  assert.match(rejection(rule(sel("    v|i: 'a'"))), /'i' needs 're'/);
});

test('base64 and base64offset, matched case-sensitively', () => {
  // The spec's example value; the three offsets of 'http://' as SigmaHQ's documentation lists them.
  const recs = only('v', ['x aHR0cDovL y', 'xh0dHA6Lyy', 'odHRwOi8v', 'AHR0CDOVL', 'aHR0cDovLw==']);
  assert.deepEqual(matches(sel("    v|base64offset|contains: 'http://'"), recs), [0, 1, 2, 4]);
  assert.deepEqual(matches(sel("    v|base64: 'http://'"), recs), [4]);
  assert.deepEqual(matches(sel("    v|base64|contains: 'cmd'"), only('v', ['..Y21k..', '..y21k..'])), [0]);
  assert.match(rejection(rule(sel("    v|base64: 'a*b'"))), /wildcards/);
});

test('utf16le/wide, utf16be, utf16 under base64, as in PowerShell -EncodedCommand', () => {
  const b64 = (s: string, enc: BufferEncoding) => Buffer.from(s, enc).toString('base64');
  const le = b64('IEX (New-Object Net.WebClient)', 'utf16le');
  const utf8 = b64('IEX (New-Object Net.WebClient)', 'utf8');
  const recs = only('CommandLine', [`powershell -enc ${le}`, `powershell -enc ${utf8}`]);
  assert.deepEqual(matches(sel("    CommandLine|wide|base64offset|contains: 'New-Object'"), recs), [0]);
  assert.deepEqual(matches(sel("    CommandLine|utf16le|base64offset|contains: 'New-Object'"), recs), [0]);
  assert.deepEqual(matches(sel("    CommandLine|base64offset|contains: 'New-Object'"), recs), [1]);
  // 'cmd' as UTF-16: LE 63 00 6d 00 64 00; BE 00 63 00 6d 00 64; with BOM FF FE then LE.
  const enc = (bytes: number[]) => Buffer.from(bytes).toString('base64');
  const boms = only('v', [
    enc([0x63, 0, 0x6d, 0, 0x64, 0]),
    enc([0, 0x63, 0, 0x6d, 0, 0x64]),
    enc([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]),
  ]);
  assert.deepEqual(matches(sel("    v|utf16le|base64: 'cmd'"), boms), [0]);
  assert.deepEqual(matches(sel("    v|utf16be|base64: 'cmd'"), boms), [1]);
  assert.deepEqual(matches(sel("    v|utf16|base64: 'cmd'"), boms), [2]);
});

test('windash: -, /, en dash, em dash and horizontal bar stand for each other', () => {
  const recs = only('CommandLine', [
    'x -exec y',
    'x /exec y',
    'x \u2013exec y',
    'x \u2014exec y',
    'x \u2015exec y',
    'x +exec y',
  ]);
  assert.deepEqual(matches(sel("    CommandLine|windash|contains: '-exec'"), recs), [0, 1, 2, 3, 4]);
  assert.deepEqual(matches(sel("    CommandLine|contains|windash: '/exec'"), recs), [0, 1, 2, 3, 4]);
  assert.deepEqual(matches(sel("    CommandLine|contains: '-exec'"), recs), [0]);
});

test('cidr over IPv4 and IPv6 (and IPv4-mapped IPv6); bad ranges rejected', () => {
  const recs = only('DestinationIp', [
    '10.1.2.3',
    '11.0.0.1',
    '::ffff:10.9.9.9',
    'fe80::1',
    '2001:db8::1',
    'not-an-ip',
  ]);
  assert.deepEqual(matches(sel("    DestinationIp|cidr: '10.0.0.0/8'"), recs), [0, 2]);
  assert.deepEqual(matches(sel("    DestinationIp|cidr: 'fe80::/10'"), recs), [3]);
  assert.deepEqual(matches(sel("    DestinationIp|cidr: ['2001:db8::/32', '11.0.0.0/24']"), recs), [1, 4]);
  assert.match(rejection(rule(sel("    DestinationIp|cidr: '10.0.0.0/33'"))), /invalid CIDR/);
});

test('lt, lte, gt, gte compare numbers (numeric text too)', () => {
  const recs = only('n', [1, 5, '10', 'ten', '']);
  assert.deepEqual(matches(sel('    n|lt: 5'), recs), [0]);
  assert.deepEqual(matches(sel('    n|lte: 5'), recs), [0, 1]);
  assert.deepEqual(matches(sel('    n|gt: 5'), recs), [2]);
  assert.deepEqual(matches(sel('    n|gte: 5'), recs), [1, 2]);
  assert.match(rejection(rule(sel("    n|gt: 'x'"))), /needs a number/);
});

test('time parts of a date: minute, hour, day, week, month, year (UTC)', () => {
  // 2024-12-30 is a Monday: ISO week 1 of 2025. 2024-06-15 is in ISO week 24.
  const recs = only('t', [
    '2024-12-30T23:45:10Z',
    '2024-06-15T08:05:00Z',
    String(Date.UTC(2023, 0, 2, 3, 4)),
  ]);
  assert.deepEqual(matches(sel('    t|minute: 45'), recs), [0]);
  assert.deepEqual(matches(sel('    t|hour: [8, 3]'), recs), [1, 2]);
  assert.deepEqual(matches(sel('    t|day: 15'), recs), [1]);
  assert.deepEqual(matches(sel('    t|week: 1'), recs), [0, 2]);
  assert.deepEqual(matches(sel('    t|week: 24'), recs), [1]);
  assert.deepEqual(matches(sel('    t|month: 12'), recs), [0]);
  assert.deepEqual(matches(sel('    t|year: 2023'), recs), [2]);
  assert.deepEqual(matches(sel('    t|hour|gte: 8'), recs), [0, 1]);
});

test('fieldref compares with another field of the same record', () => {
  const recs = [
    { TargetUserName: 'Bob', SubjectUserName: 'bob' },
    { TargetUserName: 'bob', SubjectUserName: 'alice' },
    { TargetUserName: 'bob-adm', SubjectUserName: 'bob' },
    { TargetUserName: 'bob' },
  ];
  assert.deepEqual(matches(sel('    TargetUserName|fieldref: SubjectUserName'), recs), [0]);
  assert.deepEqual(matches(sel('    TargetUserName|fieldref|startswith: SubjectUserName'), recs), [0, 2]);
  assert.deepEqual(matches(sel('    TargetUserName|fieldref|neq: SubjectUserName'), recs), [1, 2, 3]);
  assert.deepEqual(matches(sel('    TargetUserName|fieldref|cased: SubjectUserName'), recs), []);
});

test('expand: placeholders from the configuration; unresolved ones reject the rule', () => {
  const recs = only('User', ['adm_root', 'svc_x', 'bob', '%Admins%']);
  const placeholders = { Admins: ['adm_*', 'svc_x'] };
  assert.deepEqual(matches(sel("    User|expand: '%Admins%'"), recs, { placeholders }), [0, 1]);
  assert.deepEqual(matches(sel("    User: '%Admins%'"), recs), [3]); // no expand: plain text
  // The specification's example: `\%plain%name%` is a plain `%plain`, then the placeholder `%name%`.
  const plain = only('User', ['%plainX', '%plain%name%', 'plainX']);
  assert.deepEqual(
    matches(sel("    User|expand: '\\%plain%name%'"), plain, { placeholders: { name: ['X'] } }),
    [0],
  );
  assert.match(rejection(rule(sel("    User|expand: '%Servers%'"))), /^7 unresolved placeholder %Servers%/);
});

test('arrays in a record match when any element does; numbers match as text', () => {
  const recs = [{ tags: ['a', 'b'] }, { tags: ['c'] }, { EventID: 4688 }];
  assert.deepEqual(matches(sel('    tags: b'), recs), [0]);
  assert.deepEqual(matches(sel("    EventID: '4688'"), recs), [2]);
  assert.deepEqual(matches(sel('    EventID: 4688'), recs), [2]);
});

test('unknown modifiers and bad values are rejected at their key', () => {
  assert.match(rejection(rule(sel("    v|contians: 'x'"))), /^7 unknown modifier 'contians'/);
  assert.match(rejection(rule(sel('    v: { a: 1 }'))), /^7 .*map or list/);
  assert.match(rejection(rule(sel('    v: []'))), /^7 .*empty list/);
});
