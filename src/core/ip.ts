/** IP helpers: cheap checks for the hot paths of the parsers. */

/**
 * `192.0.2.7`: four decimal octets ≤ 255, no leading zeros — what `net.isIPv4` says, without the
 * regex behind it (a per-line cost when every failed login carries an address).
 */
export function isIPv4(s: string): boolean {
  return ipv4Number(s) >= 0;
}

/**
 * The address as an unsigned 32-bit number, or −1 when `s` is not an IPv4 address as `isIPv4`
 * reads it. Leading zeros are refused, so each number stands for exactly one string.
 */
export function ipv4Number(s: string): number {
  let parts = 0;
  let value = -1;
  let digits = 0;
  let n = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255 || ++parts > 4) return -1;
      n = n * 256 + value;
      value = -1;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return -1; // no leading zeros, as net.isIPv4
      value = Math.max(value, 0) * 10 + c - 48;
      if (++digits > 3) return -1;
    } else return -1;
  }
  return parts === 4 ? n : -1;
}

/** The dotted form of an unsigned 32-bit IPv4 number: the inverse of `ipv4Number`. */
export function ipv4String(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
