import { join } from 'node:path';
import { Command } from 'commander';
import { investigateBruteForce, type SigmaFinding } from '../investigate/index.ts';
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
      // Loaded only when used: every command's start-up pays for what main.ts imports.
      const { simulateBruteforce } = await import('../simulate/index.ts');
      const { investigateSigma } = await import('../investigate/sigma/index.ts');
      const { renderSigmaTable } = await import('../report/sigma.ts');
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

      // The same question in Sigma: Picket's own rules and correlations (src/rules).
      out.write(
        s.bold(`\nThe same logs through Picket's Sigma rules: picket investigate --sigma '${logs}'\n\n`),
      );
      const sigma = await investigateSigma({
        inputs: [logs],
        rulePaths: [],
        builtinRules: true,
        mappingPaths: [],
        tz: 'UTC',
      });
      const table = renderSigmaTable(sigma, s);
      out.write(table.slice(0, table.indexOf('\n\n', table.indexOf('\n\n') + 2) + 1)); // the ranked rules
      const viaSigma = sigmaAnswer(sigma.findings);
      const same = viaSigma.size === want.size && [...want].every((k) => viaSigma.has(k));
      out.write(
        `\nSigma correlations: ${viaSigma.size} (log, address) flags — ${same ? s.bold('the same answer') : s.red('NOT the same answer')}.\n`,
      );
      if (!same) process.exitCode = 1;
    });
}

/** Picket's brute-force correlations as (log, address[, compromised]), like the brute-force answer. */
function sigmaAnswer(findings: SigmaFinding[]): Set<string> {
  const alerts = (title: string) =>
    findings.find((f) => f.rule.title === title)?.alerts?.map((a) => String(a.group['source.ip'])) ?? [];
  const out = new Set<string>();
  for (const log of ['ssh', 'web'] as const) {
    const name = log === 'ssh' ? 'SSH Brute Force' : 'Web Login Brute Force';
    const compromised = new Set(alerts(`${name} Followed by a Successful Login`));
    for (const address of alerts(name))
      out.add(`${log} ${address}${compromised.has(address) ? ' compromised' : ''}`);
  }
  return out;
}
