import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { LineFramer, MAX_LINE_BYTES, readLines } from '../../src/ingest/read-lines.ts';

const dir = await mkdtemp(join(tmpdir(), 'picket-read-'));
let n = 0;
async function fileWith(bytes: Buffer | string): Promise<string> {
  const p = join(dir, `f${n++}`);
  await writeFile(p, bytes);
  return p;
}

async function read(path: string) {
  const lines: [number, string][] = [];
  const issues: { line: number; reason: string }[] = [];
  const summary = await readLines(
    { path },
    { line: (t, no) => lines.push([no, t]), issue: (i) => issues.push(i) },
  );
  return { lines, issues, summary };
}

const cases: { name: string; bytes: string | Buffer; want: [number, string][] }[] = [
  {
    name: 'plain lines',
    bytes: 'a\nb\n',
    want: [
      [1, 'a'],
      [2, 'b'],
    ],
  },
  {
    name: 'no final newline',
    bytes: 'a\nb',
    want: [
      [1, 'a'],
      [2, 'b'],
    ],
  },
  {
    name: 'CRLF endings',
    bytes: 'a\r\nb\r\n',
    want: [
      [1, 'a'],
      [2, 'b'],
    ],
  },
  {
    name: 'blank lines keep their numbers',
    bytes: 'a\n\nc\n',
    want: [
      [1, 'a'],
      [2, ''],
      [3, 'c'],
    ],
  },
  { name: 'empty file', bytes: '', want: [] },
  { name: 'UTF-8 kept', bytes: 'usér ✓\n', want: [[1, 'usér ✓']] },
];
for (const c of cases) {
  test(`reads ${c.name}`, async () => assert.deepEqual((await read(await fileWith(c.bytes))).lines, c.want));
}

test('gzip is recognised by content, whatever the name', async () => {
  const { lines, summary } = await read(await fileWith(gzipSync('x\ny\n')));
  assert.equal(summary.gzip, true);
  assert.deepEqual(lines, [
    [1, 'x'],
    [2, 'y'],
  ]);
});

test('a file named .gz that is not gzip is read as text', async () => {
  const p = join(dir, 'plain.log.gz');
  await writeFile(p, 'x\n');
  const { lines, summary } = await read(p);
  assert.equal(summary.gzip, false);
  assert.deepEqual(lines, [[1, 'x']]);
});

test('concatenated gzip members read as one stream', async () => {
  const { lines } = await read(await fileWith(Buffer.concat([gzipSync('a\n'), gzipSync('b\n')])));
  assert.deepEqual(lines, [
    [1, 'a'],
    [2, 'b'],
  ]);
});

test('a truncated gzip yields the lines read so far and an error naming the file and line', async () => {
  const text = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`).join('\n');
  const gz = gzipSync(text);
  const p = await fileWith(gz.subarray(0, Math.floor(gz.length / 2)));
  const { lines, summary } = await read(p);
  assert.equal(summary.error?.code, 'INPUT_TRUNCATED');
  assert.equal(summary.error?.where?.file, p);
  assert.ok(lines.length > 1000 && lines.length < 20_000, `read ${lines.length} lines`);
  assert.deepEqual(lines[10], [11, `line 10 ${'x'.repeat(10)}`]);
});

test('a line over the limit is skipped and reported, the next line is read', async () => {
  const p = await fileWith(`first\n${'z'.repeat(MAX_LINE_BYTES * 10)}\nlast\n`);
  const { lines, issues } = await read(p);
  assert.deepEqual(lines, [
    [1, 'first'],
    [3, 'last'],
  ]);
  assert.equal(issues.length, 1);
  assert.equal(issues[0].line, 2);
  assert.match(issues[0].reason, /longer than/);
});

test('invalid UTF-8 is reported by line and delivered repaired; a real U+FFFD is no error', async () => {
  const p = await fileWith(
    Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from('\nok\nreal \uFFFD\n')]),
  );
  const { lines, issues } = await read(p);
  assert.equal(lines.length, 4);
  assert.equal(lines[3][1], 'real \uFFFD');
  assert.deepEqual(
    issues.map((i) => i.line),
    [2],
  );
  assert.equal(lines[1][1], 'bad \uFFFD\uFFFD');
});

test('with a run prefilter, kept lines are still checked for invalid UTF-8, and a real U+FFFD is no error', async () => {
  const p = await fileWith(
    Buffer.concat([
      Buffer.from('skip me\nbad '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\nskip me\nreal \uFFFD\nok\n'),
    ]),
  );
  const lines: [number, string][] = [];
  const issues: { line: number; reason: string }[] = [];
  const summary = await readLines(
    { path: p },
    {
      line: (t, no) => lines.push([no, t]),
      issue: (i) => issues.push(i),
      // Keeps every line but the `skip me` ones, the way LineParser.keptLines reports them.
      keptLines: (run, _firstLine, visit) => {
        const texts = run.toString('latin1').split('\n');
        let start = 0;
        texts.forEach((t, i) => {
          if (t !== 'skip me') visit(start, start + t.length, i);
          start += t.length + 1;
        });
        return { lines: texts.length, read: 0 };
      },
    },
  );
  assert.deepEqual(
    lines.map(([no]) => no),
    [2, 4, 5],
  );
  assert.equal(lines[0][1], 'bad \uFFFD\uFFFD');
  assert.deepEqual(
    issues.map((i) => [i.line, i.reason]),
    [[2, 'invalid UTF-8 (bad bytes read as U+FFFD)']],
  );
  assert.equal(summary.skipped, 2);
  assert.equal(summary.lines, 5);
});

test('an unreadable path is an error, not a crash', async () => {
  const { summary } = await read(join(dir, 'missing'));
  assert.equal(summary.error?.code, 'INPUT_UNREADABLE');
});

/** Pushes `bytes` through `framer` in chunks cut at `cuts` (taken modulo its length), then ends it. */
function pushCut(framer: LineFramer, bytes: Buffer, cuts: number[]): void {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    framer.push(bytes.subarray(prev, c));
    prev = c;
  }
  framer.end();
}

test('lines survive any chunking, even mid-character (property)', () => {
  const line = fc.string({ unit: 'grapheme', maxLength: 40 }).map((l) => l.replace(/[\r\n]/g, ''));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 10 }), (want, cuts) => {
      const bytes = Buffer.from(want.map((l) => `${l}\n`).join(''));
      const got: string[] = [];
      const framer = new LineFramer({
        line: (t) => got.push(t),
        issue: () => assert.fail('no issue expected'),
      });
      pushCut(framer, bytes, cuts);
      assert.deepEqual(got, want);
    }),
    { numRuns: 300 },
  );
});

test('a run prefilter given mid-run, as a sniffed parser is, takes the rest of that run (property)', () => {
  // parse-file sets keptLines once the first lines tell the format: the lines after them, in the
  // same chunk, go through it; every line is delivered once, with its number, in order.
  const line = fc.string({ unit: fc.constantFrom('a', 'é', ' ', '€'), maxLength: 12 });
  fc.assert(
    fc.property(
      fc.array(line, { maxLength: 30 }),
      fc.nat({ max: 30 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      (want, after, cuts) => {
        const bytes = Buffer.from(want.map((l) => `${l}\n`).join(''));
        const got: [number, string][] = [];
        let viaRuns = 0;
        const on: ConstructorParameters<typeof LineFramer>[0] = {
          line: (t, no) => {
            got.push([no, t]);
            if (got.length === after)
              on.keptLines = (run, _firstLine, visit) => {
                let start = 0;
                let index = 0;
                for (;;) {
                  const nl = run.indexOf(10, start);
                  const end = nl < 0 ? run.length : nl;
                  viaRuns++;
                  visit(start, end, index++);
                  if (nl < 0) return { lines: index, read: 0 };
                  start = nl + 1;
                }
              };
          },
          issue: () => assert.fail('no issue expected'),
        };
        const framer = new LineFramer(on);
        pushCut(framer, bytes, cuts);
        assert.deepEqual(
          got,
          want.map((l, i) => [i + 1, l]),
        );
        // One chunk: every line after the switch went through keptLines.
        if (cuts.length === 0 && after > 0 && after < want.length) assert.equal(viaRuns, want.length - after);
      },
    ),
    { numRuns: 300 },
  );
});

test('a line over maxLineBytes is reported with its number and skipped, under any chunking (property)', () => {
  const line = fc.string({ unit: fc.constantFrom('a', 'é', ' '), maxLength: 30 });
  fc.assert(
    fc.property(fc.array(line, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 12 }), (lines, cuts) => {
      const max = 16;
      const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
      const got: [number, string][] = [];
      const issues: number[] = [];
      const framer = new LineFramer({
        line: (t, n) => got.push([n, t]),
        issue: (i) => issues.push(i.line),
        maxLineBytes: max,
      });
      pushCut(framer, bytes, cuts);
      const long = (l: string) => Buffer.byteLength(l) > max;
      assert.deepEqual(
        got,
        lines.flatMap((l, i) => (long(l) ? [] : [[i + 1, l] as [number, string]])),
      );
      assert.deepEqual(
        issues,
        lines.flatMap((l, i) => (long(l) ? [i + 1] : [])),
      );
    }),
    { numRuns: 1000 },
  );
});
