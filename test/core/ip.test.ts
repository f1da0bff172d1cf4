import assert from 'node:assert/strict';
import { isIPv4 as nodeIsIPv4 } from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import { ipv4Number, ipv4String, isIPv4 } from '../../src/core/ip.ts';

test('isIPv4 agrees with node:net on addresses, near misses and noise (property)', () => {
  const octet = fc.oneof(
    fc.integer({ min: 0, max: 300 }).map(String),
    fc.constantFrom('01', '00', '', 'a', '1a', '0'),
  );
  const dotted = fc.array(octet, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.'));
  fc.assert(
    fc.property(fc.oneof(dotted, fc.string({ maxLength: 20 })), (s) =>
      assert.equal(isIPv4(s), nodeIsIPv4(s), s),
    ),
    { numRuns: 3000 },
  );
});

const cases = [
  { s: '192.0.2.7', want: true },
  { s: '255.255.255.255', want: true },
  { s: '256.1.1.1', want: false },
  { s: '1.2.3', want: false },
  { s: '1.2.3.4.5', want: false },
  { s: '01.2.3.4', want: false },
  { s: 'host.example.net', want: false },
  { s: '2001:db8::1', want: false },
];
for (const c of cases) test(`isIPv4('${c.s}') is ${c.want}`, () => assert.equal(isIPv4(c.s), c.want));

test('ipv4Number is the address as a number, and −1 exactly where isIPv4 says no (property)', () => {
  const octets = fc.tuple(...[0, 1, 2, 3].map(() => fc.integer({ min: 0, max: 255 })));
  fc.assert(
    fc.property(octets, (o) => {
      const want = ((o[0] * 256 + o[1]) * 256 + o[2]) * 256 + o[3];
      assert.equal(ipv4Number(o.join('.')), want);
    }),
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 20 }), (s) => assert.equal(ipv4Number(s) >= 0, nodeIsIPv4(s), s)),
  );
  assert.equal(ipv4Number('255.255.255.255'), 2 ** 32 - 1);
  assert.equal(ipv4Number('01.2.3.4'), -1);
});

test('ipv4String gives back the text of every number ipv4Number makes (property)', () => {
  const octets = fc.tuple(...[0, 1, 2, 3].map(() => fc.integer({ min: 0, max: 255 })));
  fc.assert(fc.property(octets, (o) => assert.equal(ipv4String(ipv4Number(o.join('.'))), o.join('.'))));
  assert.equal(ipv4String(2 ** 32 - 1), '255.255.255.255');
  assert.equal(ipv4String(0), '0.0.0.0');
});
