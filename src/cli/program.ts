/** The `picket` command: wiring only. Each command calls one stage's front door and renders its result. */
import { Command, CommanderError } from 'commander';
import { formatError, PicketError } from '../core/errors.ts';
import { demoCommand } from './demo.ts';
import { investigateCommand } from './investigate.ts';
import { rulesCommand } from './rules.ts';
import { simulateCommand } from './simulate.ts';
import { uebaCommand } from './ueba.ts';

const program = new Command('picket')
  .description(
    'Detect, investigate and respond to security incidents — from raw logs to evidence-backed findings.',
  )
  .version('0.1.0');
program.addCommand(investigateCommand());
program.addCommand(rulesCommand());
program.addCommand(uebaCommand());
program.addCommand(simulateCommand());
program.addCommand(demoCommand());
// Commands built apart do not inherit these: usage errors must exit 2 everywhere, not commander's 1.
const everyCommand = (c: Command): Command[] => [c, ...c.commands.flatMap(everyCommand)];
for (const c of everyCommand(program)) c.exitOverride().showHelpAfterError('(run with --help for usage)');

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exitCode = err.exitCode === 0 ? 0 : 2;
  else if (err instanceof PicketError) {
    process.stderr.write(`picket: ${formatError(err)}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`picket: internal error: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 70;
  }
}
