/** The three things every scenario part writes with: SSH lines, web lines, and the seeded PRNG. */
import type { Random } from '../core/random.ts';
import type { SshWriter } from './ssh.ts';
import type { WebWriter } from './web.ts';

export type Writers = { ssh: SshWriter; web: WebWriter; rng: Random };
