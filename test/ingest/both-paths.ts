/**
 * For the tests that hold a parser's facts path (line-scan.wat) to its text path: lines run through
 * a parser as the framer runs them, the two runs' verdicts compared, and inputs for both.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Event } from '../../src/core/event.ts';
import type { LineParser } from '../../src/ingest/index.ts';

/** A run's verdicts by line index, and how many lines the parser read from their facts. */
export type Framed = { verdicts: Map<number, string | undefined>; read: number };

/** Runs `lines` through `parser` as the framer does: the lines its prefilter keeps, decoded, to `parse`. */
export function frame(parser: LineParser, lines: string[], emit: (e: Event) => void): Framed {
  const run = Buffer.from(lines.join('\n'));
  const verdicts = new Map<number, string | undefined>();
  const kept = parser.keptLines?.(run, 1, (start, end, index) => {
    const s = run.toString('utf8', start, end > start && run[end - 1] === 13 ? end - 1 : end);
    verdicts.set(index, parser.parse(s, index + 1, emit));
  });
  parser.end?.(emit);
  assert.equal(kept?.lines, lines.length);
  return { verdicts, read: kept?.read ?? 0 };
}

/**
 * A line read from its facts is one the text path parsed and understood; the others get its
 * verdict; and the facts path read as many lines as it left unparsed.
 */
export function sameVerdicts(text: Framed, viaFacts: Framed, lines: string[]): void {
  assert.equal(text.read, 0);
  for (const [i, verdict] of text.verdicts) {
    if (viaFacts.verdicts.has(i))
      assert.equal(viaFacts.verdicts.get(i), verdict, `line ${i + 1}: ${lines[i]}`);
    else assert.equal(verdict, undefined, `line ${i + 1}, read from its facts: ${lines[i]}`);
  }
  assert.equal(text.verdicts.size - viaFacts.verdicts.size, viaFacts.read);
}

/** What a test's `bothWays` gives: the text path's answers, the facts path's, and its lines read from facts. */
export type BothWays = (lines: string[]) => { events: string[]; facts: string[]; read: number };

/**
 * Both paths agree on 1,000 random runs of 5 to 40 lines (`render` writes a run's lines), and
 * more than `least` lines in all were read from their facts: else the property could hold by
 * never reaching the facts path.
 */
export function agreeOnRandomRuns<T>(
  line: fc.Arbitrary<T>,
  render: (run: T[]) => string[],
  bothWays: BothWays,
  least: number,
): void {
  let factLines = 0;
  fc.assert(
    fc.property(fc.array(line, { minLength: 5, maxLength: 40 }), (run) => {
      const { events, facts, read } = bothWays(render(run));
      assert.deepEqual(facts, events);
      factLines += read;
    }),
    { numRuns: 1000 },
  );
  assert.ok(factLines > least, `only ${factLines} lines read from their facts`);
}

/** The usual value most of the time, so most lines take the facts path; each odd one now and then. */
export const mostly = <T>(usual: T, ...odd: T[]) =>
  fc.oneof({ arbitrary: fc.constant(usual), weight: 6 * odd.length }, ...odd.map((o) => fc.constant(o)));

/** The text of `file`, or undefined when it is absent (../shared/data may be). */
export function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A file of `copies` copies of the lines of `fixture`, to read past the lines read to sniff. */
export function repeatedFile(fixture: string, name: string, copies: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'picket-facts-')), name);
  const lines = readFileSync(fixture, 'utf8').trimEnd();
  writeFileSync(path, `${Array.from({ length: copies }, () => lines).join('\n')}\n`);
  return path;
}
