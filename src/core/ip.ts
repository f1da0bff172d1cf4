/** IP helpers: cheap checks for the hot paths of the parsers. */

/**
 * `192.0.2.7`: four decimal octets ≤ 255, no leading zeros — what `net.isIPv4` says, without the
 * regex behind it (a per-line cost when every failed login carries an address).
 */
export function isIPv4(s: string): boolean {
  let parts = 0;
  let value = -1;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255 || ++parts > 4) return false;
      value = -1;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false; // no leading zeros, as net.isIPv4
      value = Math.max(value, 0) * 10 + c - 48;
      if (++digits > 3) return false;
    } else return false;
  }
  return parts === 4;
}
