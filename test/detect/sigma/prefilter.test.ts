// The matcher's shortcuts against naive oracles: many literals in one Aho–Corasick pass against
// indexOf; the anchor index and the engine's candidate selection against trying every rule; the
// literal a regular expression requires against the texts it matches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Fields, Logsource } from '../../../src/core/record.ts';
import { AnchorIndex, anchorable } from '../../../src/detect/sigma/anchors.ts';
import { routes } from '../../../src/detect/sigma/engine.ts';
import { SigmaEngine, Subject } from '../../../src/detect/sigma/index.ts';
import { NeedleSet } from '../../../src/detect/sigma/needles.ts';
import { regexLiteral } from '../../../src/detect/sigma/value-tests.ts';
import { compile, matches, rule } from './helpers.ts';

// Small alphabets make overlaps, repeats and shared prefixes common.
const text = fc.string({
  unit: fc.constantFrom('a', 'b', 'c', 'A', '\\', '.', '`', 'é', 'É', '🦆'),
  maxLength: 40,
});
const needle = fc.string({
  unit: fc.constantFrom('a', 'b', 'c', '\\', '.', 'é', '🦆'),
  minLength: 1,
  maxLength: 10, // past eight: the long anchors
});

function occurrences(haystack: string, n: string): number[] {
  const ends: number[] = [];
  for (let i = haystack.indexOf(n); i >= 0; i = haystack.indexOf(n, i + 1)) ends.push(i + n.length);
  return ends;
}

test('NeedleSet finds every occurrence of every needle, as indexOf does', () => {
  fc.assert(
    fc.property(fc.array(needle, { minLength: 1, maxLength: 12 }), text, (needles, haystack) => {
      const found = needles.map(() => [] as number[]);
      new NeedleSet(needles).scan(haystack, (n, end) => {
        found[n].push(end);
        return false;
      });
      assert.deepEqual(
        found.map((f) => f.sort((a, b) => a - b)),
        needles.map((n) => occurrences(haystack, n)),
      );
    }),
    { numRuns: 500 },
  );
});

test('AnchorIndex never misses a rule whose text the field contains (case-folded)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ text: needle, slot: fc.constantFrom(1, 2, 9) }), { minLength: 1, maxLength: 12 }),
      text,
      fc.constantFrom(1, 2),
      (required, haystack, slot) => {
        const usable = required.filter((r) => anchorable(r.text.toLowerCase()));
        const index = new AnchorIndex(
          usable.map((r) => r.text.toLowerCase()),
          usable.map((_, i) => i),
          usable.map((r) => r.slot),
          9,
          () => 0,
        );
        const found = new Set<number>();
        index.scan(haystack, slot, true, (r) => found.add(r));
        usable.forEach((r, i) => {
          if ((r.slot === slot || r.slot === 9) && haystack.toLowerCase().includes(r.text.toLowerCase()))
            assert.ok(found.has(i), `'${r.text}' in '${haystack}' (slot ${r.slot}) not found`);
        });
      },
    ),
    { numRuns: 500 },
  );
});

test('three-character texts are anchors of their own: found in their field, or in any for keywords', () => {
  // rules 0 and 1 need `../` and `'--` in slot 1; rule 2 needs `abc` in any field (slot 9).
  const index = new AnchorIndex(['../', "'--", 'abc'], [0, 1, 2], [1, 1, 9], 9, () => 0);
  const scan = (text: string, slot: number, keywords: boolean) => {
    const found = new Set<number>();
    index.scan(text, slot, keywords, (r) => found.add(r));
    return [...found].sort();
  };
  assert.deepEqual(scan('/a/../etc/passwd', 1, false), [0]);
  assert.deepEqual(scan("/p?id=1'--", 1, false), [1]);
  assert.deepEqual(scan('/a/../x', 2, false), []); // another field
  assert.deepEqual(scan('..x/', 1, false), []);
  assert.deepEqual(scan('xABCx', 2, true), [2]); // folded, any field
  assert.deepEqual(scan('xABCx', 2, false), []);
  assert.deepEqual(scan('ab', 9, true), []);
});

test('AnchorIndex never misses a three-character text (property)', () => {
  const three = fc.string({
    unit: fc.constantFrom('a', 'b', '.', '/', "'", '-'),
    minLength: 3,
    maxLength: 3,
  });
  const hay = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '.', '/', "'", '-', 'x'), maxLength: 30 });
  fc.assert(
    fc.property(
      fc.array(fc.record({ text: three, slot: fc.constantFrom(1, 9) }), { minLength: 1, maxLength: 6 }),
      hay,
      fc.boolean(),
      (required, haystack, keywords) => {
        const index = new AnchorIndex(
          required.map((r) => r.text),
          required.map((_, i) => i),
          required.map((r) => r.slot),
          9,
          () => 0,
        );
        const found = new Set<number>();
        index.scan(haystack, 1, keywords, (r) => found.add(r));
        required.forEach((r, i) => {
          const wanted = r.slot === 1 || keywords;
          if (wanted && haystack.toLowerCase().includes(r.text))
            assert.ok(found.has(i), `'${r.text}' in '${haystack}' (slot ${r.slot}) not found`);
        });
      },
    ),
    { numRuns: 1000 },
  );
});

test('regexLiteral: the longest text every match must contain', () => {
  const cases: [string, string][] = [
    ['\\\\cmd\\.exe$', '\\cmd.exe'],
    ['(?i)invoke-(expression|iex)', 'invoke-'],
    ['a|b', ''],
    ['foo[0-9]+barbaz', 'barbaz'],
    ['abc?def', 'def'],
    ['ab+cd', 'ab'],
    ['x{0,2}hello', 'hello'],
    ['a{2,3}bcd', 'bcd'],
    ['\\x41\\x42hello', 'hello'],
    ['ab\\u0041cdef', 'cdef'],
    ['(?i).*\\bnet\\s+user\\b', 'user'],
    ['(a)\\1234567', ''],
    ['^C:\\\\Windows\\\\Temp\\\\', 'c:\\windows\\temp\\'],
  ];
  for (const [re, want] of cases) assert.equal(regexLiteral(re), want, re);
});

test('regexLiteral holds on every text a random regular expression matches', () => {
  const atom = fc.oneof(
    fc.constantFrom('a', 'b', 'c', '\\.', '\\\\', '.', '\\d', '[ab]', '(a|bc)', '(?:ab)'),
    fc.constantFrom('a', 'b', 'c'),
  );
  const piece = fc.tuple(atom, fc.constantFrom('', '', '*', '+', '?', '{2}', '{0,2}')).map(([a, q]) => a + q);
  const regex = fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => p.join(''));
  fc.assert(
    fc.property(
      regex,
      fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', '\\', '1'), maxLength: 30 }),
      (source, s) => {
        const m = new RegExp(source).exec(s);
        if (m) assert.ok(s.toLowerCase().includes(regexLiteral(source)), `${source} on '${s}'`);
      },
    ),
    { numRuns: 2000 },
  );
});

test('the engine finds what trying every rule finds', () => {
  // Rules of every shape the prefilter reads: fields, lists, keywords, regexes, nots, filters.
  const detections = [
    "  sel:\n    Image|endswith: '\\cmd.exe'\n  condition: sel",
    "  sel:\n    CommandLine|contains|all: ['whoami', '/all']\n  condition: sel",
    "  sel:\n    CommandLine|re: '(?i)net\\s+user'\n  condition: sel",
    "  sel:\n    - 'mimikatz'\n    - 'sekurlsa::'\n  condition: sel",
    "  sel:\n    - 'ck'\n  condition: sel",
    "  sel:\n    Image|endswith: '\\svchost.exe'\n  filter:\n    ParentImage|endswith: '\\services.exe'\n  condition: sel and not filter",
    "  sel:\n    CommandLine|contains: '🦆'\n  condition: sel",
    "  a:\n    Image|contains: 'temp'\n  b:\n    CommandLine|contains: 'x'\n  condition: a or b",
  ];
  // Two logsources, so records of each meet a different subset of the rules.
  const yaml = detections
    .map((d, i) =>
      rule(d)
        .replace('id: test-rule', `id: r${i}`)
        .replace('product: test', `product: ${i % 2 ? 'windows' : 'linux'}`),
    )
    .join('---\n');
  const c = compile(yaml);
  assert.equal(c.rejected.length, 0);
  // Candidates found in a text are remembered by field: an engine that forgets every few texts
  // must answer as one that remembers (values repeat here, as in logs).
  const forgetful = new SigmaEngine(c.rules, c.table, { memoBytes: 2000 });
  const logsources: (Logsource | undefined)[] = [{ product: 'windows' }, { product: 'linux' }, undefined];
  const value = fc.constantFrom(
    'C:\\Windows\\System32\\cmd.exe',
    'C:\\Windows\\System32\\svchost.exe',
    'C:\\Windows\\services.exe',
    'whoami /all',
    'NET  USER admin',
    'invoke-mimikatz',
    'sekurlsa::logonpasswords',
    'C:\\Temp\\a.exe',
    'duck 🦆',
    'x',
    '',
  );
  const record = fc.record(
    { Image: value, ParentImage: value, CommandLine: value, Other: value },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Fields>;
  const subject = new Subject(c.table);
  fc.assert(
    fc.property(record, fc.constantFrom(...logsources), (r, logsource) => {
      subject.reset(r);
      const everyRule = c.rules
        .filter((x) => (!logsource || routes(x.logsource, logsource)) && x.test(subject))
        .map((x) => x.id);
      assert.deepEqual(
        c.engine.match(r, logsource).map((x) => x.id),
        everyRule,
      );
      assert.deepEqual(
        forgetful.match(r, logsource).map((x) => x.id),
        everyRule,
      );
    }),
    { numRuns: 500 },
  );
});

test('numbers and booleans: read for keywords only when a keyword could lie in their text', () => {
  // Keywords that no number or boolean holds, and keywords that one may ('1337', 'rue'): in the
  // first engine numbers are read only for their own field's anchors, in the second for both.
  const kinds = [
    [
      "  sel:\n    - 'mimikatz'\n    - 'sekurlsa::'\n  condition: sel",
      '  sel:\n    EventID: 4624\n  condition: sel',
    ],
    [
      "  sel:\n    - '1337'\n    - 'rue'\n  condition: sel",
      "  sel:\n    Count|contains: '4624'\n  condition: sel",
    ],
  ];
  const value = fc.oneof(
    fc.constantFrom('invoke-mimikatz', 'sekurlsa::x', 'true', 'x1337x', 'ok'),
    fc.constantFrom(4624, 1337, 13370, -1.5, 0, true, false),
  );
  const record = fc.record(
    { EventID: value, Count: value, Other: value },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Fields>;
  for (const detections of kinds) {
    const yaml = detections.map((d, i) => rule(d).replace('id: test-rule', `id: r${i}`)).join('---\n');
    const c = compile(yaml);
    assert.equal(c.rejected.length, 0);
    const subject = new Subject(c.table);
    fc.assert(
      fc.property(record, (r) => {
        subject.reset(r);
        const everyRule = c.rules.filter((x) => x.test(subject)).map((x) => x.id);
        assert.deepEqual(
          c.engine.match(r).map((x) => x.id),
          everyRule,
        );
      }),
      { numRuns: 300 },
    );
  }
});

test('a list of literals matches as its literals one by one do (Set, tries, Aho–Corasick or loops)', () => {
  const literal = fc.string({ unit: fc.constantFrom('a', 'b', 'C', '\\', '.'), minLength: 1, maxLength: 4 });
  const modifier = fc.constantFrom('', '|contains', '|startswith', '|endswith');
  fc.assert(
    fc.property(modifier, fc.array(literal, { minLength: 1, maxLength: 12 }), text, (mod, values, v) => {
      // A backslash is written `\\` (escaped: Sigma reads a doubled one as one).
      const quoted = values.map((x) => `'${x.replaceAll('\\', '\\\\')}'`).join(', ');
      const got = matches(`  sel:\n    f${mod}: [${quoted}]\n  condition: sel`, [{ f: v }]).length === 1;
      const lower = v.toLowerCase();
      const want = values.some((x) => {
        const l = x.toLowerCase();
        if (mod === '|contains') return lower.includes(l);
        if (mod === '|startswith') return lower.startsWith(l);
        if (mod === '|endswith') return lower.endsWith(l);
        return lower === l;
      });
      assert.equal(got, want, `${mod} [${quoted}] on '${v}'`);
    }),
    { numRuns: 400 },
  );
});
