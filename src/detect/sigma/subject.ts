import type { Fields, FieldValue, Scalar } from '../../core/record.ts';

/**
 * The record being matched, as compiled rules read it. Rules name fields by slot numbers given at
 * compile time (`FieldTable`), so a field's text and lower-case form are computed once per record,
 * however many rules read it — the per-record case folding the engine's speed rests on.
 */
export class FieldTable {
  readonly names: string[] = [];
  readonly #slots = new Map<string, number>();

  slot(name: string): number {
    let slot = this.#slots.get(name);
    if (slot === undefined) {
      slot = this.names.length;
      this.names.push(name);
      this.#slots.set(name, slot);
    }
    return slot;
  }
}

/** The field name keyword searches use: they look at every value of the record. */
export const KEYWORDS = '';

/** A scalar's text as rules compare it: numbers and booleans by their JSON text. */
export function scalarText(v: Scalar): string | undefined {
  return v === null ? undefined : typeof v === 'string' ? v : String(v);
}

export class Subject {
  fields: Fields = {};
  readonly #table: FieldTable;
  #epoch = 0;
  #seen = new Uint32Array(16);
  // Dense arrays, filled up front: writing far past an array's end would make V8 store it as a
  // dictionary, ten times slower to read.
  #text: (string | undefined)[] = new Array(16).fill(undefined);
  #lower: (string | undefined)[] = new Array(16).fill(undefined);
  #keywords: { text: string[]; lower: string[] } | undefined;

  constructor(table: FieldTable) {
    this.#table = table;
  }

  /** Starts on a new record. */
  reset(fields: Fields): void {
    this.fields = fields;
    this.#keywords = undefined;
    if (++this.#epoch === 0xffffffff) {
      this.#epoch = 1;
      this.#seen.fill(0);
    }
  }

  value(slot: number): FieldValue | undefined {
    return this.fields[this.#table.names[slot]];
  }

  /** The field's text (undefined when absent, null or an array), cached for the record. */
  text(slot: number): string | undefined {
    this.#fill(slot);
    return this.#text[slot];
  }

  lower(slot: number): string | undefined {
    this.#fill(slot);
    return this.#lower[slot];
  }

  /** Every scalar value of the record (or its original line, when it has one): what keywords search. */
  keywords(): { text: string[]; lower: string[] } {
    if (this.#keywords) return this.#keywords;
    const text: string[] = [];
    const original = this.fields['event.original'];
    if (typeof original === 'string') text.push(original);
    else
      for (const v of Object.values(this.fields)) {
        if (Array.isArray(v)) for (const x of v) pushText(text, x);
        else if (v !== undefined) pushText(text, v as Scalar);
      }
    this.#keywords = { text, lower: text.map((t) => t.toLowerCase()) };
    return this.#keywords;
  }

  #fill(slot: number): void {
    if (slot >= this.#seen.length) {
      const length = Math.max(slot + 1, this.#seen.length * 2);
      const grown = new Uint32Array(length);
      grown.set(this.#seen);
      this.#seen = grown;
      this.#text = [...this.#text, ...new Array(length - this.#text.length).fill(undefined)];
      this.#lower = [...this.#lower, ...new Array(length - this.#lower.length).fill(undefined)];
    }
    if (this.#seen[slot] === this.#epoch) return;
    this.#seen[slot] = this.#epoch;
    const v = this.fields[this.#table.names[slot]];
    const text = v === undefined || Array.isArray(v) ? undefined : scalarText(v as Scalar);
    this.#text[slot] = text;
    this.#lower[slot] = text?.toLowerCase();
  }
}

function pushText(out: string[], v: Scalar): void {
  const t = scalarText(v);
  if (t !== undefined) out.push(t);
}
