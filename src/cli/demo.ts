import { join } from 'node:path';
import { Command } from 'commander';
import { investigateBruteForce } from '../investigate/index.ts';
import { renderSummary, renderTable } from '../report/brute-force.ts';
import { styleFor } from '../report/text.ts';
import { type InvestigateFlags, toQuery } from './investigate.ts';

/** The README's first command: a simulated brute-force scenario, investigated, checked against its ground truth. */
export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'Simulate web + SSH brute forces into .picket/demo, investigate them, and compare with the ground truth.',
    )
    .option('-o, --out <dir>', 'where to write the scenario', join('.picket', 'demo'))
    .action(async (flags: { out: string }) => {
      const out = process.stdout;
      const s = styleFor(out);
      const { simulateBruteforce } = await import('../simulate/index.ts'); // loaded only when used
      const truth = await simulateBruteforce({ outDir: flags.out, seed: 1 });
      const logs = join(flags.out, '*.log*');
      out.write(s.bold(`Simulated scenario in ${flags.out}/ — now: picket investigate '${logs}'\n\n`));
      const defaults: InvestigateFlags = {
        threshold: '10',
        window: '5m',
        maxLateness: '10m',
        tz: 'UTC',
        login2xx: 'failure',
        threads: '0',
        progress: false,
      };
      const started = performance.now();
      const report = await investigateBruteForce(toQuery([logs], defaults));
      out.write(renderTable(report, s));
      out.write(`\n${renderSummary(report, s, performance.now() - started)}`);
      // Compare (log, address, compromised?) — the whole answer, not just the flagged set.
      const want = new Set(
        truth.expected.perLog.map((e) => `${e.log} ${e.address}${e.compromised ? ' compromised' : ''}`),
      );
      const got = new Set(
        report.findings.flatMap((f) =>
          f.perLog.map((p) => `${p.log} ${f.address}${f.success?.log === p.log ? ' compromised' : ''}`),
        ),
      );
      const missed = [...want].filter((k) => !got.has(k));
      const extra = [...got].filter((k) => !want.has(k));
      const verdict = missed.length === 0 && extra.length === 0 ? s.bold('matches') : s.red('DIFFERS FROM');
      out.write(
        `\nGround truth: ${got.size} (log, address) flags found, ${want.size} expected — ${verdict} the planted scenario.\n`,
      );
      for (const k of missed) out.write(`  missed: ${k}\n`);
      for (const k of extra) out.write(`  unexpected: ${k}\n`);
      if (missed.length || extra.length) process.exitCode = 1;
    });
}
