import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

test('the demo (README quick start) checks both answers against the ground truth and exits 0', async () => {
  const out = join(await mkdtemp(join(tmpdir(), 'picket-demo-')), 'demo');
  const r = spawnSync(process.execPath, ['src/cli/main.ts', 'demo', '--out', out], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /Ground truth: 20 \(log, address\) flags found, 20 expected — matches the planted scenario\./,
  );
  assert.match(r.stdout, /Sigma correlations: 20 \(log, address\) flags — the same answer\./);
});
