import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

// DESIGN.md: data flows one way; a stage imports only stages to its left and core/.
const ALLOWED: Record<string, string[]> = {
  core: [],
  // Learners and their metrics, for the detectors: a library beside the pipeline, like core.
  ml: ['core'],
  ingest: ['core'],
  // Enrichment (geolocation, sites): looks things up about what was read; knows nothing else.
  intel: ['core'],
  detect: ['core', 'ml'],
  investigate: ['core', 'ml', 'ingest', 'intel', 'detect'],
  report: ['core', 'detect', 'investigate'],
  simulate: ['core'],
  cli: ['core', 'ml', 'ingest', 'intel', 'detect', 'investigate', 'report', 'simulate'],
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('imports flow one way between pipeline stages', () => {
  const stageOf = (path: string) => relative('src', path).split('/')[0];
  const wrong: string[] = [];
  for (const file of files('src')) {
    const stage = stageOf(file);
    assert.ok(stage in ALLOWED, `${file}: stage '${stage}' is not in the table`);
    for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const target = stageOf(relative('.', resolve(dirname(file), m[1])));
      if (target !== stage && !ALLOWED[stage].includes(target)) wrong.push(`${file} imports ${m[1]}`);
    }
  }
  assert.deepEqual(wrong, []);
});
