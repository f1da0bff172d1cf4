/** What the background-traffic files share: where addresses come from, random moments, labels. */

import type { Random } from '../../core/random.ts';
import { ROTATIONS, SECOND } from '../clock.ts';
import type { Label } from '../ground-truth.ts';
import type { WebRequest } from '../web.ts';
import type { Writers } from '../writers.ts';

export type Labeller = (label: Label) => void;

/** Base counts are for scale 1; `n(350)` is how many at the scale asked for (at least 1). */
export type Scaled = (base: number) => number;

/** Distinct addresses in the benchmarking range 198.18.0.0/15, so none collides with a planted one. */
export class AddressBook {
  readonly #rng: Random;
  readonly #used = new Set<string>();
  readonly #visitors: string[] = [];

  constructor(rng: Random) {
    this.#rng = rng;
  }

  /** A home or office user; one in ten is IPv6 (RFC 5952 form, as servers print it). */
  person(): string {
    for (;;) {
      const hex = () => this.#rng.int(1, 0xffff).toString(16);
      const a = this.#rng.chance(0.1)
        ? `2001:db8:cafe:${hex()}::${hex()}`
        : `198.18.${this.#rng.int(1, 255)}.${this.#rng.int(1, 254)}`;
      if (!this.#used.has(a)) {
        this.#used.add(a);
        return a;
      }
    }
  }

  /** Visitors come back: a pool of `poolSize`, drawn from at random. */
  visitor(poolSize: number): string {
    if (this.#visitors.length < poolSize) this.#visitors.push(this.person());
    return this.#rng.pick(this.#visitors);
  }

  /** Internet background noise: 198.19.0.0/16, never labelled (scanners here try no password). */
  scanner(): string {
    return `198.19.${this.#rng.int(0, 255)}.${this.#rng.int(1, 254)}`;
  }
}

/** A whole second in [from, to]. */
export function moment(rng: Random, from: number, to: number): number {
  return from + rng.int(0, Math.floor((to - from) / SECOND)) * SECOND;
}

/** Moves a login that would start within 2 minutes of a log rotation to 2 minutes after it (see SshWriter). */
export function clearOfRotation(t: number): number {
  const r = ROTATIONS.find((r) => Math.abs(t - r) < 120 * SECOND);
  return r === undefined ? t : r + 120 * SECOND;
}

/** A background request: no login outcome unless `expect` says so; one in a hundred written late. */
export function backgroundRequest(
  w: Writers,
  r: Omit<WebRequest, 'status' | 'expect' | 'lateMs'> & { status?: number; expect?: WebRequest['expect'] },
): void {
  const lateMs = w.rng.chance(0.01) ? w.rng.int(1, 30) * SECOND : 0;
  w.web.request({ ...r, status: r.status ?? 200, expect: r.expect ?? 'none', lateMs });
}
