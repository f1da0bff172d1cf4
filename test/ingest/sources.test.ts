import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { expandInputs, groupRotations, rotationOf } from '../../src/ingest/index.ts';

test('rotation names and ages', () => {
  assert.deepEqual(rotationOf('/l/auth.log'), { name: '/l/auth.log', age: 0 });
  assert.deepEqual(rotationOf('/l/auth.log.1'), { name: '/l/auth.log', age: 1 });
  assert.deepEqual(rotationOf('/l/auth.log.12.gz'), { name: '/l/auth.log', age: 12 });
  assert.equal(rotationOf('/l/access.log-20240101.gz').name, '/l/access.log');
});

test('rotated parts group into one stream, oldest first', () => {
  const files = [
    'auth.log',
    'access.log.1',
    'auth.log.2.gz',
    'auth.log.1',
    'access.log',
    'access.log-20230101.gz',
  ].map((path) => ({ path }));
  assert.deepEqual(
    groupRotations(files).map((s) => [s.name, s.files.map((f) => f.path)]),
    [
      ['auth.log', ['auth.log.2.gz', 'auth.log.1', 'auth.log']],
      ['access.log', ['access.log-20230101.gz', 'access.log.1', 'access.log']],
    ],
  );
});

test('files, directories (recursive), globs and missing paths', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'picket-src-'));
  await mkdir(join(dir, 'sub', 'deeper'), { recursive: true });
  for (const f of ['a.log', 'sub/b.log', 'sub/deeper/c.log', 'sub/x.txt'])
    await writeFile(join(dir, f), 'x\n');
  const got = await expandInputs([
    join(dir, 'sub'),
    join(dir, '*.log'),
    join(dir, 'a.log'),
    join(dir, 'nope.log'),
    join(dir, 'none*.log'),
  ]);
  assert.deepEqual(
    got.files.map((f) => f.path.slice(dir.length + 1)),
    ['sub/b.log', 'sub/deeper/c.log', 'sub/x.txt', 'a.log'],
  );
  assert.deepEqual(
    got.issues.map((i) => i.code),
    ['INPUT_NOT_FOUND', 'INPUT_NOT_FOUND'],
  );
  assert.equal(got.issues[0].where?.file, join(dir, 'nope.log'));
});
