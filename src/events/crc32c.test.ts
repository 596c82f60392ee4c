import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32c, maskCrc, maskedCrc32c } from './crc32c.js';

/** Bit-at-a-time reference, independent of the table code. */
function slowCrc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

test('crc32c matches the published check values', () => {
  // RFC 3720 (iSCSI) B.4 and the standard "123456789" check value.
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  const inc = Uint8Array.from({ length: 32 }, (_, i) => i);
  assert.equal(crc32c(inc), 0x46dd794e);
  assert.equal(crc32c(new Uint8Array(0)), 0);
});

test('crc32c agrees with a bit-at-a-time reference for every length and offset', () => {
  const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff);
  for (let start = 0; start < 9; start++) {
    for (let end = start; end <= data.length; end += 13) {
      assert.equal(crc32c(data, start, end), slowCrc32c(data.subarray(start, end)), `${start}..${end}`);
    }
  }
});

test('masking follows TensorFlow: rotate right 15, add 0xa282ead8', () => {
  assert.equal(maskCrc(0), 0xa282ead8);
  assert.equal(maskCrc(0x00008000), (1 + 0xa282ead8) >>> 0);
  assert.equal(maskedCrc32c(Buffer.from('123456789')), maskCrc(0xe3069283));
});
