/**
 * A flat copy of `s` that does not keep alive the text it was cut from. V8 represents a substring
 * as a slice of its parent: a field read from a log line, kept for a run (an address, a group key,
 * a remembered value), would keep its whole 1 MiB chunk of log alive — with thousands of them,
 * every chunk of the file. Flat rather than a slice of a new string: the Maps these strings key
 * compare every lookup with them, and a slice costs one more memory access per compare. Copy only
 * what is kept, once.
 */
export function detach(s: string): string {
  return JSON.parse(JSON.stringify(s));
}
