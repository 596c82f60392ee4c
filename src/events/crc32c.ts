/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) as TFRecord framing needs it, and
 * TensorFlow's "masked" form. Slicing-by-8 tables: the reader checks two CRCs per record over
 * every byte of every event file, so this loop is on the board's load path. No npm package:
 * the pure-JS ones are no faster than this, the native ones need a build or prebuilt download.
 */
const POLY = 0x82f63b78;

/** TABLES[k * 256 + b]: CRC contribution of byte b followed by k zero bytes. */
const TABLES = (() => {
  const t = new Int32Array(8 * 256);
  for (let b = 0; b < 256; b++) {
    let c = b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[b] = c;
  }
  for (let b = 0; b < 256; b++) {
    let c = t[b];
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + b] = c;
    }
  }
  return t;
})();

/** Unmasked CRC-32C of bytes[start, end). */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = TABLES;
  let c = ~0;
  let i = start;
  // 8 bytes at a time: the first 4 folded into the running CRC, all 8 looked up in 8 tables.
  const stop8 = end - ((end - i) & 7);
  while (i < stop8) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c =
      t[1792 + (c & 0xff)] ^
      t[1536 + ((c >>> 8) & 0xff)] ^
      t[1280 + ((c >>> 16) & 0xff)] ^
      t[1024 + (c >>> 24)] ^
      t[768 + bytes[i + 4]] ^
      t[512 + bytes[i + 5]] ^
      t[256 + bytes[i + 6]] ^
      t[bytes[i + 7]];
    i += 8;
  }
  while (i < end) c = t[(c ^ bytes[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** TensorFlow's masked CRC: rotate right by 15 and add a constant (CRCs of CRCs stay useful). */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

export function maskedCrc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return maskCrc(crc32c(bytes, start, end));
}
