/**
 * A structured record — a JSON event, a Windows event — as rules see it: a flat map from field name
 * to value. Nested JSON objects are flattened to dotted paths (`{"a":{"b":1}}` → `a.b`); arrays of
 * scalars stay arrays (a rule matches when any element matches).
 */

export type Scalar = string | number | boolean | null;
export type FieldValue = Scalar | readonly Scalar[];
export type Fields = { readonly [field: string]: FieldValue | undefined };

/**
 * Which log a record comes from, in Sigma's terms (`logsource:` of a rule). A record may belong to
 * several categories (a Sysmon registry event is `registry_set` and `registry_event`) and services.
 * An absent part is unknown: a rule that names it may still be tried.
 */
export type Logsource = {
  product?: string;
  categories?: readonly string[];
  services?: readonly string[];
};

/** A record and where it is: file, first line of its text, and its number in the file (from 1). */
export type SourcedRecord = {
  fields: Fields;
  file: string;
  line: number;
  record: number;
  /** Epoch ms UTC, when the record has a time. */
  timestamp?: number;
  logsource?: Logsource;
};
