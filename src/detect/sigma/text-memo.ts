import { detach } from '../../core/detach.ts';

/**
 * What the anchors found in a field's texts, remembered: logs repeat their values (an image path,
 * its hashes, a user, a service's command line), and looking a text up costs a hash of it —
 * native, a fraction of a nanosecond a character — where reading its anchors costs several
 * nanoseconds a character. A field whose texts seldom repeat (a URL with its query, a time, a
 * GUID) is not remembered: every TRIAL lookups, one that found fewer than half of its texts drops
 * them and is read every time from then on. Memory is bounded: past `maxBytes` (an estimate),
 * every field's texts are forgotten and remembering starts again.
 */
export class TextMemo {
  /** By how a field is read: for its own anchors, for keywords only, or for both. */
  readonly #fields = [
    new Map<string, FieldMemo>(),
    new Map<string, FieldMemo>(),
    new Map<string, FieldMemo>(),
  ];
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /**
   * The memory of field `name`, read for its own anchors (`own`: a routed rule names it), for
   * keywords, or both — what is found differs; undefined when not kept.
   */
  field(name: string, own: boolean, keywords: boolean): FieldMemo | undefined {
    const fields = this.#fields[keywords ? (own ? 2 : 1) : 0];
    let memo = fields.get(name);
    if (memo === undefined) {
      if (fields.size >= MAX_FIELDS) return undefined; // JSON may name fields without end
      memo = { texts: new Map(), lookups: 0, hits: 0, bytes: 0 };
      fields.set(name, memo);
    }
    return memo.texts === undefined ? undefined : memo;
  }

  /** What was found in `text`, if it was seen before in this field. */
  get(memo: FieldMemo, text: string): Int32Array | undefined {
    const found = (memo.texts as Map<string, Int32Array>).get(text);
    if (found !== undefined) memo.hits++;
    if (++memo.lookups === TRIAL) {
      if (memo.hits * 2 < TRIAL) {
        this.#bytes -= memo.bytes;
        memo.texts = undefined;
      }
      memo.lookups = 0;
      memo.hits = 0;
    }
    return found;
  }

  set(memo: FieldMemo, text: string, found: Int32Array): void {
    if (memo.texts === undefined) return;
    const cost = 2 * text.length + ENTRY_BYTES + 4 * found.length;
    if (this.#bytes + cost > this.#maxBytes) this.#forget();
    memo.texts.set(detach(text), found);
    memo.bytes += cost;
    this.#bytes += cost;
  }

  #forget(): void {
    for (const fields of this.#fields)
      for (const memo of fields.values()) {
        memo.texts?.clear();
        memo.bytes = 0;
      }
    this.#bytes = 0;
  }
}

export type FieldMemo = {
  /** undefined: the field's texts seldom repeat, and are not kept. */
  texts: Map<string, Int32Array> | undefined;
  lookups: number;
  hits: number;
  bytes: number;
};

/** Fields remembered, per way of reading: the first ones met. */
const MAX_FIELDS = 4096;
/** Lookups between two judgements of whether a field's texts repeat. */
const TRIAL = 1024;
/** A remembered text's cost beyond its characters: the map's entry, the copy's header, the array. */
const ENTRY_BYTES = 200;
