import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { sniffHead } from '../../src/ingest/index.ts';

const ctx = { tz: 'UTC' };
const tempDir = () => mkdtemp(join(tmpdir(), 'picket-sniff-'));
const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', name);

test('sniffHead names the format of a file from its head, gzip or not', async () => {
  assert.equal(await sniffHead({ path: fixture('bruteforce/access.log') }, ctx), 'access');
  assert.equal(await sniffHead({ path: fixture('bruteforce/auth.log') }, ctx), 'auth');
  // Compressed, and far larger than the head read: only its start inflates.
  const dir = await tempDir();
  const n = (i: number, k: number) => (i * 7919 + k * 104729) % 250;
  const lines = Array.from(
    { length: 40_000 },
    (_, i) =>
      `Mar  1 00:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} web-01 sshd[${1000 + i}]: Failed password for root from 10.${n(i, 1)}.${n(i, 2)}.${n(i, 3)} port ${20000 + i} ssh2`,
  );
  const gz = join(dir, 'auth.log.2.gz');
  const packed = gzipSync(`${lines.join('\n')}\n`);
  assert.ok(packed.length > 256 << 10, 'the test file must outgrow the head');
  await writeFile(gz, packed);
  assert.equal(await sniffHead({ path: gz }, ctx), 'auth');
});

test('sniffHead answers undefined, never throws, for what it cannot tell', async () => {
  const dir = await tempDir();
  const prose = join(dir, 'notes.txt');
  await writeFile(prose, 'dear diary\n'.repeat(100));
  assert.equal(await sniffHead({ path: prose }, ctx), undefined);
  assert.equal(await sniffHead({ path: join(dir, 'missing.log') }, ctx), undefined);
  assert.equal(await sniffHead({ path: dir }, ctx), undefined);
});
