/**
 * The value tests that are not text patterns: regular expressions (and the literal every match
 * must contain, for the prefilter), CIDR ranges, numeric comparisons, time parts, field references.
 */
import ipaddr from 'ipaddr.js';
import type { Scalar } from '../../core/record.ts';
import { RuleError, type TextTest } from './pattern.ts';
import type { FieldTable, Subject } from './subject.ts';

/** A test of one value of a field: its text, lower-cased text, and the record (for `fieldref`). */
export type ValueTest = (text: string, lower: string, s: Subject) => boolean;

const COMPARE = {
  lt: (a: number, b: number) => a < b,
  lte: (a: number, b: number) => a <= b,
  gt: (a: number, b: number) => a > b,
  gte: (a: number, b: number) => a >= b,
};
export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
export const TIME_PARTS: readonly TimePart[] = ['minute', 'hour', 'day', 'week', 'month', 'year'];

/**
 * The longest text every match of a regular expression must contain, lower-cased ('' if none is
 * sure): literal characters read at the top level, a run broken by anything that is not one (a
 * class, a group, an escape like \d, an anchor) and cut before a character a quantifier may drop.
 * Any alternation at the top level means nothing is sure.
 */
export function regexLiteral(source: string): string {
  const body = source.replace(/^\(\?[ims]+\)/, '');
  let best = '';
  let run = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < body.length; i++) {
    let c = body[i];
    let literal = true;
    if (c === '\\') {
      const next = body[++i] ?? '';
      literal = /[^A-Za-z0-9]/.test(next); // \. \\ \( are literal; \d \w \b \1 \x41 are not
      c = next;
      // An escape's own arguments (\x41, \u{1F600}, \p{L}, \k<name>, \12) are not text either.
      const argument =
        /^(?:x[0-9a-fA-F]{2}|u\{[^}]*\}|u[0-9a-fA-F]{4}|[pP]\{[^}]*\}|k<[^>]*>|c[A-Za-z]|\d+)/.exec(
          body.slice(i),
        );
      if (!literal && argument) i += argument[0].length - 1;
    } else if (c === '|') return '';
    else if (c === '(' || c === '[') {
      // Skip the group or class whole: it may be optional, or hold an alternation.
      const close = c === '(' ? ')' : ']';
      let depth = 0;
      for (; i < body.length; i++) {
        if (body[i] === '\\') i++;
        else if (body[i] === c) depth++;
        else if (body[i] === close && --depth === 0) break;
      }
      literal = false;
    } else if ('.^$*+?{}'.includes(c)) {
      literal = false;
      if (c === '{') i = Math.max(i, body.indexOf('}', i)); // a {n,m} quantifier
    }
    const quantifier = body[i + 1];
    if (!literal) end();
    else if (
      quantifier === '*' ||
      quantifier === '?' ||
      (quantifier === '{' && /^\{0[,}]/.test(body.slice(i + 1)))
    )
      end();
    else if (quantifier === '+' || quantifier === '{') {
      run += c;
      end();
    } else run += c;
  }
  end();
  return best.toLowerCase();
}

export function regexTest(source: string, mods: string[], key: string): TextTest {
  let flags = mods.filter((m) => m === 'i' || m === 'm' || m === 's').join('');
  // PCRE's leading inline flags, common in rules, are JavaScript flags.
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    flags += inline[1];
    source = source.slice(inline[0].length);
  }
  try {
    const re = new RegExp(source, [...new Set(flags)].join(''));
    return (text) => re.test(text);
  } catch (e) {
    throw new RuleError(`invalid regular expression in '${key}': ${(e as Error).message}`);
  }
}

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (!ipaddr.isValid(text)) return undefined;
  const a = ipaddr.parse(text);
  return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()
    ? (a as ipaddr.IPv6).toIPv4Address()
    : a;
}

export function cidrTest(text: string, key: string): TextTest {
  let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    range = ipaddr.parseCIDR(text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`);
  } catch {
    throw new RuleError(`invalid CIDR '${text}' in '${key}'`);
  }
  const kind = range[0].kind();
  return (value) => {
    const a = parseAddress(value);
    return a !== undefined && a.kind() === kind && a.match(range as never);
  };
}

export function numberTest(
  v: Exclude<Scalar, null>,
  time: TimePart | undefined,
  compare: keyof typeof COMPARE | undefined,
  key: string,
): TextTest {
  const want = Number(v);
  if (typeof v === 'boolean' || v === '' || !Number.isFinite(want))
    throw new RuleError(`'${key}' needs a number, not '${v}'`);
  const cmp = compare ? COMPARE[compare] : (a: number, b: number) => a === b;
  return (text) => {
    const n = time ? timePart(text, time) : text.trim() === '' ? Number.NaN : Number(text);
    return !Number.isNaN(n) && cmp(n, want);
  };
}

/** A part of a time given as ISO 8601 text or epoch milliseconds, in UTC. */
// biome-ignore format: a table
function timePart(text: string, part: TimePart): number {
  const d = new Date(/^\d+$/.test(text) ? Number(text) : text);
  if (Number.isNaN(d.getTime())) return Number.NaN;
  switch (part) {
    case 'minute': return d.getUTCMinutes();
    case 'hour': return d.getUTCHours();
    case 'day': return d.getUTCDate();
    case 'month': return d.getUTCMonth() + 1;
    case 'year': return d.getUTCFullYear();
    case 'week': { // ISO 8601 week: the week with the year's first Thursday is week 1
      const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
      return Math.ceil(((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
    }
  }
}

/** `fieldref`: the field's value compared with another field's (position modifiers apply). */
export function fieldRefTest(other: string, mods: string[], table: FieldTable): ValueTest {
  const slot = table.slot(other);
  const cased = mods.includes('cased');
  const op = mods.includes('contains')
    ? 'includes'
    : mods.includes('startswith')
      ? 'startsWith'
      : mods.includes('endswith')
        ? 'endsWith'
        : 'eq';
  return (text, lower, s) => {
    const ref = cased ? s.text(slot) : s.lower(slot);
    if (ref === undefined) return false;
    const mine = cased ? text : lower;
    return op === 'eq' ? mine === ref : mine[op](ref);
  };
}
