import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_POLICY } from '../../src/detect/index.ts';
import type { LogStream } from '../../src/ingest/index.ts';
import { type BruteForceQuery, parsedHere } from '../../src/investigate/brute-force/run.ts';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'bruteforce', name);
const query = (format?: string): BruteForceQuery => ({
  inputs: [],
  threshold: 10,
  windowMs: 300_000,
  combined: false,
  latenessMs: 600_000,
  tz: 'UTC',
  policy: DEFAULT_POLICY,
  threads: 0,
  format,
});

/** A stream of copies of a fixture, the fixture's format known by construction. */
async function stream(dir: string, name: string, fixtureName: string, copies = 1): Promise<LogStream> {
  const files = [];
  for (let i = copies - 1; i >= 0; i--) {
    const path = join(dir, i === 0 ? name : `${name}.${i}`);
    await copyFile(fixture(fixtureName), path);
    files.push({ path, size: (await stat(path)).size * (i + 1) }); // sizes made unequal on purpose
  }
  return { name, files };
}

test('the main thread parses the largest access log, and only when every core has a stream', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'picket-layout-'));
  for (const d of ['a', 'b']) await mkdir(join(dir, d));
  const auth = await stream(dir, 'auth.log', 'auth.log');
  const smallWeb = await stream(join(dir, 'a'), 'access.log', 'access.log');
  const bigWeb = await stream(join(dir, 'b'), 'access.log', 'access.log', 3);

  assert.equal(await parsedHere([auth, smallWeb], 2, query()), 1);
  assert.equal(await parsedHere([smallWeb, auth, bigWeb], 2, query()), 2, 'the largest access log');
  assert.equal(
    await parsedHere([auth, smallWeb], 3, query()),
    undefined,
    'a core to spare: every stream a worker',
  );
  assert.equal(await parsedHere([auth, auth], 2, query()), undefined, 'never an auth log');
  // --format names every file's format: no sniffing, the largest stream is taken as an access log.
  assert.equal(await parsedHere([auth, bigWeb], 2, query('access')), 1);
  assert.equal(await parsedHere([smallWeb, bigWeb], 2, query('auth')), undefined);
});
