import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

function picket(args: string[]) {
  const r = spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GOOD = 'title: good\nlogsource:\n  product: linux\ndetection:\n  sel:\n    a: 1\n  condition: sel\n';
// Line 6 holds the misspelt modifier; the second document's condition (line 15) names nothing defined.
const BAD = [
  'title: misspelt',
  'logsource:',
  '  product: linux',
  'detection:',
  '  sel:',
  '    a|contians: 1',
  '  condition: sel',
  '---',
  'title: dangling',
  'logsource:',
  '  product: linux',
  'detection:',
  '  sel:',
  '    a: 1',
  '  condition: sel and not filter',
].join('\n');

test('rules check: counts, each rejection with file, line and reason; exit 1 when any is rejected', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'picket-rules-'));
  await writeFile(join(dir, 'good.yml'), GOOD);
  await writeFile(join(dir, 'bad.yaml'), BAD);
  await writeFile(join(dir, 'notes.txt'), 'not a rule');
  const r = picket(['rules', 'check', '--json', dir]);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files, 2);
  assert.equal(out.accepted, 1);
  assert.deepEqual(
    out.rejected.map((x: { file: string; line: number; title: string }) => [x.file, x.line, x.title]),
    [
      [join(dir, 'bad.yaml'), 6, 'misspelt'],
      [join(dir, 'bad.yaml'), 15, 'dangling'],
    ],
  );
  const human = picket(['rules', 'check', dir]);
  assert.match(human.stdout, /2 files: 1 rules accepted, 2 rejected/);
  assert.match(human.stdout, /bad\.yaml:6 +unknown modifier 'contians'/);
  assert.equal(picket(['rules', 'check', join(dir, 'good.yml')]).code, 0);
});

test('rules check: a missing path is an input error (exit 2), --help works', () => {
  const r = picket(['rules', 'check', '/nonexistent/rules']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /nonexistent/);
  assert.equal(picket(['rules', 'check', '--help']).code, 0);
  assert.equal(picket(['rules', '--help']).code, 0);
});
