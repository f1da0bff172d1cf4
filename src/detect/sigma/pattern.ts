/**
 * Sigma string values: text with wildcards, the transformation modifiers that rewrite them
 * (`windash`, `base64`, `base64offset`, `utf16*`/`wide`, `expand`), and their compilation to a test
 * on a field's text.
 */

/** `*`: any run of characters (also none). `?`: exactly one. */
export const ANY = '*' as const;
export const ONE = '?' as const;
/** One character out of a set (what `windash` makes of a dash). */
export type CharClass = { readonly oneOf: string };
/** A `%name%` placeholder, kept until `expand` resolves it. */
type Placeholder = { readonly placeholder: string };
export type Part = { readonly text: string } | typeof ANY | typeof ONE | CharClass | Placeholder;
export type Pattern = readonly Part[];

/**
 * Thrown while compiling a rule. `path` is where in the rule document the problem is (keys and list
 * indexes from the top), which the loader turns into a line.
 */
export class RuleError extends Error {
  override name = 'RuleError';
  path: readonly (string | number)[];
  constructor(message: string, path: readonly (string | number)[] = []) {
    super(message);
    this.path = path;
  }
}

/**
 * Reads a rule's string as the specification says: `*` and `?` are wildcards; a backslash escapes
 * a following `*`, `?` or backslash and is literal before anything else. With `placeholders`,
 * `%name%` is a placeholder and `\%` a plain percent sign.
 */
export function parsePattern(raw: string, placeholders = false): Pattern {
  const parts: Part[] = [];
  let text = '';
  const flush = () => {
    if (text) parts.push({ text });
    text = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      const next = raw[i + 1];
      if (next === '*' || next === '?' || next === '\\' || (placeholders && next === '%')) {
        text += next;
        i++;
      } else text += c;
    } else if (c === '*' || c === '?') {
      flush();
      parts.push(c);
    } else if (c === '%' && placeholders) {
      const end = raw.indexOf('%', i + 1);
      if (end < 0) throw new RuleError(`unclosed placeholder in '${raw}'`);
      flush();
      parts.push({ placeholder: raw.slice(i + 1, end) });
      i = end;
    } else text += c;
  }
  flush();
  return parts;
}

const isText = (p: Part): p is { text: string } => typeof p === 'object' && 'text' in p;

/** The value's plain text, for the encodings, which cannot carry wildcards. */
function plainText(p: Pattern, modifier: string): string {
  if (!p.every(isText)) throw new RuleError(`'${modifier}' cannot encode a value with wildcards`);
  return p.map((x) => x.text).join('');
}

/** Replaces each placeholder by each of its values: the product of all choices. */
export function expandPlaceholders(
  p: Pattern,
  values: Readonly<Record<string, readonly string[]>>,
): Pattern[] {
  let out: Part[][] = [[]];
  for (const part of p) {
    if (typeof part === 'object' && 'placeholder' in part) {
      const choices = values[part.placeholder];
      if (!choices) throw new RuleError(`unresolved placeholder %${part.placeholder}%`);
      out = out.flatMap((prefix) => choices.map((v) => [...prefix, ...parsePattern(v)]));
    } else for (const prefix of out) prefix.push(part);
  }
  return out;
}

const DASHES = '-/\u2013\u2014\u2015';

/** `windash`: each dash-like character (`-`, `/`, en dash, em dash, horizontal bar) matches any of them. */
export function windash(p: Pattern): Pattern {
  const out: Part[] = [];
  for (const part of p) {
    if (!isText(part)) {
      out.push(part);
      continue;
    }
    let text = '';
    for (const c of part.text) {
      if (DASHES.includes(c)) {
        if (text) out.push({ text });
        text = '';
        out.push({ oneOf: DASHES });
      } else text += c;
    }
    if (text) out.push({ text });
  }
  return out;
}

/** A value on its way through the encodings: text, or bytes once a UTF-16 modifier made them. */
export type Encoded = Pattern | Uint8Array;

const bytesOf = (v: Encoded, modifier: string): Uint8Array =>
  v instanceof Uint8Array ? v : Buffer.from(plainText(v, modifier), 'utf8');

export function utf16(v: Encoded, modifier: 'utf16le' | 'utf16be' | 'utf16'): Uint8Array {
  const le = Buffer.from(
    v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : plainText(v, modifier),
    'utf16le',
  );
  if (modifier === 'utf16le') return le;
  if (modifier === 'utf16') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  return Buffer.from(le).swap16();
}

export function base64(v: Encoded, modifier: string): string {
  return Buffer.from(bytesOf(v, modifier)).toString('base64');
}

/**
 * `base64offset`: the value may start at any of the three byte offsets of a base64 group, so it has
 * three encodings. Characters that also depend on the bytes around the value are cut: 0, 2 or 3 at
 * the start (offset 0, 1, 2) and 0, 3 or 2 at the end (the value ends 0, 1 or 2 bytes into a group).
 */
export function base64Offsets(v: Encoded): string[] {
  const bytes = bytesOf(v, 'base64offset');
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = padded.toString('base64');
    const start = [0, 2, 3][offset];
    const end = encoded.length - [0, 3, 2][padded.length % 3];
    out.push(encoded.slice(start, end));
  }
  return out;
}

/** Bytes a UTF-16 modifier left unencoded are matched as Latin-1 text, one character a byte. */
export function asPattern(v: Encoded): Pattern {
  return v instanceof Uint8Array ? [{ text: Buffer.from(v).toString('latin1') }] : v;
}

/** A test of a field's text: given the text as logged and its lower-case form. */
export type TextTest = (text: string, lower: string) => boolean;

/** Merges adjacent text and runs of `*`, so shapes are easy to recognize. */
function normalize(p: Pattern): Part[] {
  const out: Part[] = [];
  for (const part of p) {
    const last = out[out.length - 1];
    if (isText(part) && last && isText(last)) out[out.length - 1] = { text: last.text + part.text };
    else if (part === ANY && last === ANY) continue;
    else if (!(isText(part) && part.text === '')) out.push(part);
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const escapeClass = (s: string) => s.replace(/[\\\]^-]/g, '\\$&');

/** Compiles a pattern: plain equality, `includes`, `startsWith`, `endsWith`, or an anchored RegExp. */
export function compilePattern(p: Pattern, cased: boolean): TextTest {
  const fold = (s: string) => (cased ? s : s.toLowerCase());
  const parts = normalize(p).map((x) => (isText(x) ? { text: fold(x.text) } : x));
  const pick = cased ? (text: string) => text : (_: string, lower: string) => lower;
  const [a, b, c] = parts;
  const n = parts.length;
  if (n === 0) return (text) => text === '';
  if (n === 1 && a === ANY) return () => true;
  if (n === 1 && isText(a)) {
    const t = a.text;
    return cased ? (text) => text === t : (_, lower) => lower === t;
  }
  if (n === 2 && isText(a) && b === ANY) {
    const t = a.text;
    return (text, lower) => pick(text, lower).startsWith(t);
  }
  if (n === 2 && a === ANY && isText(b)) {
    const t = b.text;
    return (text, lower) => pick(text, lower).endsWith(t);
  }
  if (n === 3 && a === ANY && isText(b) && c === ANY) {
    const t = b.text;
    return (text, lower) => pick(text, lower).includes(t);
  }
  const source = parts
    .map((x) => {
      if (x === ANY) return '.*';
      if (x === ONE) return '.';
      if ('oneOf' in x) return `[${escapeClass(x.oneOf)}]`;
      if ('text' in x) return escapeRegExp(x.text);
      throw new RuleError(`placeholder %${x.placeholder}% needs the 'expand' modifier`);
    })
    .join('');
  const re = new RegExp(`^${source}$`, 'su');
  return (text, lower) => re.test(pick(text, lower));
}

/** The longest text every match must contain, lower-cased: what a prefilter looks for. */
export function requiredText(p: Pattern): string {
  let best = '';
  for (const part of normalize(p)) if (isText(part) && part.text.length > best.length) best = part.text;
  return best.toLowerCase();
}

/** A pattern of one literal with wildcards at neither, one or both ends. */
export type Shape = { kind: 'exact' | 'prefix' | 'suffix' | 'contains'; text: string };

export function shapeOf(p: Pattern): Shape | undefined {
  const parts = normalize(p);
  const [a, b, c] = parts;
  if (parts.length === 1 && isText(a)) return { kind: 'exact', text: a.text };
  if (parts.length === 2 && isText(a) && b === ANY) return { kind: 'prefix', text: a.text };
  if (parts.length === 2 && a === ANY && isText(b)) return { kind: 'suffix', text: b.text };
  if (parts.length === 3 && a === ANY && isText(b) && c === ANY) return { kind: 'contains', text: b.text };
  return undefined;
}
