#!/usr/bin/env node
/**
 * The `picket` command's entry. A brute-force investigation starts its parsing worker before the
 * rest of the program loads, so that the two start-ups overlap (program.ts has the commands).
 */
import { availableParallelism } from 'node:os';
// Not through investigate/index.ts: that would load the whole stage before the worker starts.
import { startParserEarly } from '../investigate/brute-force/parser-worker.ts';

const [command, ...args] = process.argv.slice(2);
// Only a brute-force investigation parses in workers, and only with a second core: not Sigma rules
// (`--sigma`, `--rules`), not help.
const needless = ['--sigma', '--rules', '--help', '-h'];
const bruteForce = command === 'investigate' && !args.some((a) => needless.includes(a.split('=')[0]));
if (bruteForce && availableParallelism() > 1) startParserEarly();
await import('./program.ts');
