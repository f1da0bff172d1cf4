import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_POLICY } from '../../src/detect/index.ts';
import { type BruteForceQuery, investigateBruteForce } from '../../src/investigate/index.ts';
import { investigateSigma } from '../../src/investigate/sigma/index.ts';
import { simulateBruteforce } from '../../src/simulate/index.ts';

// The simulator records every attempt it writes and computes its answer key with a plain O(n²)
// loop (src/simulate/ground-truth.ts), never with Picket's detector: an independent oracle.
// threads 1: all in this thread; 0 (one per core, two here): the access log parsed in this thread
// beside the merge, the auth log in a worker; 3: a worker for each stream.
for (const { seed, scale, threads } of [
  { seed: 1, scale: 1, threads: 1 },
  { seed: 7, scale: 3, threads: 0 },
  { seed: 11, scale: 1, threads: 3 },
]) {
  test(`simulated scenario (seed ${seed}, scale ${scale}, threads ${threads}) matches its ground truth`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'picket-scenario-'));
    const truth = await simulateBruteforce({ outDir: dir, seed, scale });
    const query = (combined: boolean): BruteForceQuery => ({
      inputs: [join(dir, '*.log*')],
      threshold: truth.definitions.threshold,
      windowMs: truth.definitions.windowMs,
      combined,
      latenessMs: 600_000,
      tz: 'UTC',
      policy: DEFAULT_POLICY,
      threads,
    });

    const perLog = await investigateBruteForce(query(false));
    const got = perLog.findings
      .flatMap((f) =>
        f.perLog.map((p) => ({
          address: f.address,
          log: p.log,
          peakCount: p.peak.count,
          compromised: f.success?.log === p.log,
        })),
      )
      .sort((a, b) => `${a.address} ${a.log}`.localeCompare(`${b.address} ${b.log}`));
    const want = [...truth.expected.perLog].sort((a, b) =>
      `${a.address} ${a.log}`.localeCompare(`${b.address} ${b.log}`),
    );
    assert.deepEqual(got, want);
    assert.equal(perLog.late, 0);
    assert.ok(
      perLog.files.every((f) => f.notUnderstood === 0 && !f.error),
      'every simulated line is understood',
    );

    const combined = await investigateBruteForce(query(true));
    const gotC = combined.findings
      .map((f) => ({ address: f.address, peakCount: f.peak.count, compromised: f.compromised }))
      .sort((a, b) => a.address.localeCompare(b.address));
    assert.deepEqual(
      gotC,
      [...truth.expected.combined].sort((a, b) => a.address.localeCompare(b.address)),
    );

    // Totals per address: all failed attempts, flagged or not.
    for (const f of perLog.findings) {
      for (const p of f.perLog)
        assert.equal(p.failures, truth.totals[f.address][p.log], `${f.address} ${p.log} total`);
    }
  });
}

// The same question asked in Sigma: Picket's own correlation rules (src/rules) must flag the
// addresses the ground truth flags per log, and the compromises, on the same simulated logs.
for (const seed of [1, 7]) {
  test(`simulated scenario (seed ${seed}): Picket's Sigma correlations flag what the ground truth flags`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'picket-scenario-sigma-'));
    const truth = await simulateBruteforce({ outDir: dir, seed, scale: 1 });
    const r = await investigateSigma({
      inputs: [join(dir, '*.log*')],
      rulePaths: [],
      builtinRules: true,
      mappingPaths: [],
      tz: 'UTC',
    });
    // An address may alert more than once (an alert consumes its window's events): compare sets.
    const flagged = (titles: Record<string, 'ssh' | 'web'>) =>
      [
        ...new Set(
          r.findings.flatMap((f) =>
            f.rule.title in titles
              ? (f.alerts ?? []).map((a) => `${titles[f.rule.title]} ${a.group['source.ip']}`)
              : [],
          ),
        ),
      ].sort();
    const want = (which: (e: (typeof truth.expected.perLog)[number]) => boolean) =>
      truth.expected.perLog
        .filter(which)
        .map((e) => `${e.log} ${e.address}`)
        .sort();
    assert.deepEqual(
      flagged({ 'SSH Brute Force': 'ssh', 'Web Login Brute Force': 'web' }),
      want(() => true),
    );
    assert.deepEqual(
      flagged({
        'SSH Brute Force Followed by a Successful Login': 'ssh',
        'Web Login Brute Force Followed by a Successful Login': 'web',
      }),
      want((e) => e.compromised),
    );
  });
}
