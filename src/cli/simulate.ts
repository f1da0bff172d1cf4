import { Command } from 'commander';
import { PicketError } from '../core/errors.ts';

export function simulateCommand(): Command {
  const simulate = new Command('simulate').description(
    'Generate labelled scenarios: logs plus a ground-truth file.',
  );
  simulate
    .command('bruteforce')
    .description(
      'Web access logs and OpenSSH auth logs (rotated, gzipped) with planted brute forces and their ground truth.',
    )
    .requiredOption('-o, --out <dir>', 'directory to write into (created)')
    .option('--seed <n>', 'random seed: the same seed writes the same bytes', '1')
    .option('--scale <n>', 'multiply benign traffic', '1')
    .action(async (flags: { out: string; seed: string; scale: string }) => {
      const seed = Number(flags.seed);
      const scale = Number(flags.scale);
      if (!Number.isInteger(seed))
        throw new PicketError('USAGE', `--seed must be an integer, got '${flags.seed}'`);
      if (!(scale > 0)) throw new PicketError('USAGE', `--scale must be positive, got '${flags.scale}'`);
      const { simulateBruteforce } = await import('../simulate/index.ts'); // loaded only when used
      const truth = await simulateBruteforce({ outDir: flags.out, seed, scale });
      process.stderr.write(
        `Wrote ${truth.files.length} files and ground-truth.json to ${flags.out} ` +
          `(${truth.expected.perLog.length} expected per-log flags, ${truth.expected.combined.length} combined).\n`,
      );
    });
  return simulate;
}
