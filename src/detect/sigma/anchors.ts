/**
 * Which rules a record can match, found from short pieces ("anchors") of their required texts.
 * Each required text (a rule needs it in a given field, or in any value for keywords) is
 * represented by one anchor: four characters chosen to be rare, or — for a shorter text with a rare
 * character (a backtick, a caret, an emoji, a Cyrillic look-alike, a direction override) — that
 * character, or a three-character text itself (`../`, `'--`).
 * A field's text is read once, its last four characters (folded to lower case) packed in one
 * number; each position is checked against a bitmap that fits in cache before an exact lookup. A
 * text that contains a required text contains its anchor, so no rule that can match is missed;
 * anchors that occur by chance only add candidates, which the rules' own tests then reject.
 */
export class AnchorIndex {
  /**
   * (Packed anchor, field slot) → its rules, under a key small enough to stay an unboxed integer
   * (a key of 48 bits would be a heap number, allocated on every lookup): entries of one key are
   * (code, slot, rule) triples, checked on lookup since two anchors may share a key.
   */
  readonly #entries = new Map<number, number[]>();
  /** (Character, field slot) → rules, for the single-character anchors (keyed the same way). */
  readonly #characters = new Map<number, number[]>();
  /** (Three characters, field slot) → rules, for three-character texts (keyed the same way). */
  readonly #triples = new Map<number, number[]>();
  /** By slot: 1 when a three-character anchor is wanted there — only those fields pay its probe. */
  readonly #hasTriples: Uint8Array;
  readonly #bits = new Int32Array(BITMAP_BITS / 32);
  readonly #isAnchor = new Uint8Array(0x10000);
  readonly #anywhere: number;
  #hasAnywhere = false;

  /**
   * `texts[i]` (lower-cased and `anchorable`) is required by rule `rules[i]` in field `slots[i]`,
   * or in any field when that slot is `anywhere`.
   */
  constructor(
    texts: readonly string[],
    rules: readonly number[],
    slots: readonly number[],
    anywhere: number,
    common: (anchor: string) => number,
  ) {
    this.#anywhere = anywhere;
    this.#hasTriples = new Uint8Array(Math.max(anywhere, ...slots, 0) + 1);
    texts.forEach((text, i) => {
      if (!anchorable(text)) throw new RangeError(`no anchor in '${text}'`);
      const slot = slots[i];
      if (slot === anywhere) this.#hasAnywhere = true;
      if (text.length === ANCHOR - 1 && !hasRareCharacter(text)) {
        const code = pack(text) & TRIPLE;
        add(this.#triples, code, slot, rules[i]);
        this.#hasTriples[slot] = 1;
        const bit = hash(code ^ TRIPLE_SALT, slot);
        this.#bits[bit >>> 5] |= 1 << (bit & 31);
        return;
      }
      if (text.length < ANCHOR) {
        const c = rarestCharacter(text);
        this.#isAnchor[c] = 1;
        add(this.#characters, c, slot, rules[i]);
        return;
      }
      const code = pack(rarest(text, common));
      add(this.#entries, code, slot, rules[i]);
      const bit = hash(code, slot);
      this.#bits[bit >>> 5] |= 1 << (bit & 31);
    });
  }

  /**
   * Calls `found` with each rule that one of the text's anchors names for field `slot` (-1: a field
   * no rule names) or, with `keywords`, for any field — maybe more than once. The text is folded to lower case as it is
   * read: no copy is made.
   */
  scan(text: string, slot: number, keywords: boolean, found: (rule: number) => void): void {
    const bits = this.#bits;
    const isAnchor = this.#isAnchor;
    const entries = this.#entries;
    const anywhere = keywords && this.#hasAnywhere ? this.#anywhere : -1;
    // Salts of the two spaces probed, computed once: a probe is then one multiply and a bit test.
    const own = Math.imul(slot, 0x85ebca6b);
    const any = Math.imul(anywhere, 0x85ebca6b);
    const has = this.#hasTriples;
    const ownTriples = slot >= 0 && slot < has.length && has[slot] === 1;
    const anyTriples = anywhere >= 0 && has[anywhere] === 1;
    const triples = ownTriples || anyTriples;
    let code = 0;
    for (let i = 0; i < text.length; i++) {
      const c = FOLD[text.charCodeAt(i)];
      code = (code << 8) | (c & 0xff);
      let bit = Math.imul(code ^ own, 0x9e3779b1) >>> 12;
      if (slot >= 0 && (bits[bit >>> 5] & (1 << (bit & 31))) !== 0) report(entries, code, slot, found);
      if (anywhere >= 0) {
        bit = Math.imul(code ^ any, 0x9e3779b1) >>> 12;
        if ((bits[bit >>> 5] & (1 << (bit & 31))) !== 0) report(entries, code, anywhere, found);
      }
      if (isAnchor[c] === 1) {
        report(this.#characters, c, slot, found);
        if (anywhere >= 0) report(this.#characters, c, anywhere, found);
      }
      if (triples && i >= ANCHOR - 2) {
        const three = (code & TRIPLE) ^ TRIPLE_SALT;
        bit = Math.imul(three ^ own, 0x9e3779b1) >>> 12;
        if (ownTriples && (bits[bit >>> 5] & (1 << (bit & 31))) !== 0)
          report(this.#triples, code & TRIPLE, slot, found);
        bit = Math.imul(three ^ any, 0x9e3779b1) >>> 12;
        if (anyTriples && (bits[bit >>> 5] & (1 << (bit & 31))) !== 0)
          report(this.#triples, code & TRIPLE, anywhere, found);
      }
    }
  }
}

/** Anchors are four characters long, or one (rare) character for a shorter text. */
const ANCHOR = 4;

/** Letters, digits and the usual separators: a one-character anchor among them would be everywhere. */
const EVERYDAY = /[a-z0-9 .\\/:_"'=,-]/;

/** The last three characters of a packed code. */
const TRIPLE = 0xffffff;
/** Sets three-character codes apart from four-character ones in the bitmap. */
const TRIPLE_SALT = 0x5bd1e995;

/**
 * Whether a required text can be indexed: three characters or more, or fewer with a character
 * rare enough to look for on its own (a backtick, a caret, an emoji). A rule needing only shorter
 * texts of everyday characters (an EventID like `41`, `-f`) is always tried: such rules are few.
 */
export function anchorable(text: string): boolean {
  return text.length >= ANCHOR - 1 || hasRareCharacter(text);
}

/** A text's length, a rare character counting as four more: what `requirement.ts` ranks texts by. */
export function selectivity(text: string): number {
  return text.length + (hasRareCharacter(text) ? 4 : 0);
}

function hasRareCharacter(text: string): boolean {
  return [...text].some((c) => !EVERYDAY.test(c));
}

function rarestCharacter(text: string): number {
  const c = [...text.toLowerCase()].find((x) => !EVERYDAY.test(x)) ?? text;
  return FOLD[c.charCodeAt(0)];
}

const BITMAP_BITS = 1 << 20;

const key = (code: number, slot: number) => (Math.imul(code, 0x9e3779b1) ^ slot) & 0x3fffffff;

function add(map: Map<number, number[]>, code: number, slot: number, rule: number): void {
  const k = key(code, slot);
  const list = map.get(k) ?? [];
  for (let i = 0; i < list.length; i += 3)
    if (list[i] === code && list[i + 1] === slot && list[i + 2] === rule) return;
  list.push(code, slot, rule);
  map.set(k, list);
}

function report(map: Map<number, number[]>, code: number, slot: number, found: (rule: number) => void): void {
  const list = map.get(key(code, slot));
  if (list === undefined) return;
  for (let i = 0; i < list.length; i += 3) if (list[i] === code && list[i + 1] === slot) found(list[i + 2]);
}

/** A bitmap position for an anchor in a field: 20 bits of a multiplicative hash. */
function hash(code: number, slot: number): number {
  return Math.imul(code ^ Math.imul(slot, 0x85ebca6b), 0x9e3779b1) >>> 12;
}

/** Each UTF-16 code unit's lower case, where that is one code unit (as `toLowerCase` gives it). */
const FOLD = Uint16Array.from({ length: 0x10000 }, (_, c) => {
  const lower = String.fromCharCode(c).toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : c;
});

/** Four characters, one byte each (the low byte: lossy beyond Latin-1, but alike on both sides). */
function pack(s: string): number {
  let code = 0;
  for (let i = 0; i < s.length; i++) code = (code << 8) | (FOLD[s.charCodeAt(i)] & 0xff);
  return code;
}

/**
 * The text's four-character piece that `common` scores lowest. ASCII pieces come first: folding a
 * character at a time agrees with `toLowerCase` on them always, but not on the few characters whose
 * lower case depends on context (Greek final sigma) or is longer.
 */
function rarest(text: string, common: (anchor: string) => number): string {
  const score = (piece: string) => common(piece) + (/^[ -~]*$/.test(piece) ? 0 : 1e9);
  let best = text.slice(0, ANCHOR);
  let bestScore = score(best);
  for (let i = 1; i + ANCHOR <= text.length; i++) {
    const piece = text.slice(i, i + ANCHOR);
    const s = score(piece);
    if (s < bestScore) {
      best = piece;
      bestScore = s;
    }
  }
  return best;
}
