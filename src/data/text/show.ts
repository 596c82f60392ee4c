/**
 * A value from a user's file as it may appear in a one-line error message: quoted, control and
 * non-printable characters escaped (\n, \t, \x00, \u202e), at most `max` characters of it with
 * the full size said when cut. A 2 MB token or binary garbage never reaches the terminal whole.
 */
export function show(text: string, max = 40): string {
  let out = '';
  let shown = 0;
  for (const ch of text) {
    if (shown >= max) {
      return `'${out}…' (${text.length.toLocaleString('en-US')} characters)`;
    }
    out += escapeChar(ch);
    shown++;
  }
  return `'${out}'`;
}

/** The same for bytes [s, e) of a file (UTF-8; bytes that are not valid UTF-8 shown as \xNN). */
export function showBytes(b: Uint8Array, s: number, e: number, max = 40): string {
  const cut = Math.min(e, s + max * 4);
  let text = '';
  for (let i = s; i < cut; ) {
    const c = b[i];
    const n = c < 0x80 ? 1 : c >= 0xf8 ? 0 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    let ok = n > 0 && i + n <= cut;
    for (let k = 1; ok && k < n; k++) ok = (b[i + k] & 0xc0) === 0x80;
    const ch = ok ? Buffer.from(b.buffer, b.byteOffset + i, n).toString('utf8') : '\ufffd';
    // U+E000 + byte marks a raw byte (escapeChar shows it as \xNN)
    text += ok && ch !== '\ufffd' ? ch : String.fromCharCode(0xe000 + c);
    i += ok ? n : 1;
  }
  const out = show(text, max);
  if (cut === e || out.endsWith(' characters)')) {
    return out.replace(/\([\d,]+ characters\)$/, `(${(e - s).toLocaleString('en-US')} bytes)`);
  }
  return `${out.slice(0, -1)}…' (${(e - s).toLocaleString('en-US')} bytes)`;
}

function escapeChar(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  if (ch === "'") return "\\'";
  if (ch === '\\') return '\\\\';
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, '0')}`;
  if (c >= 0xe000 && c <= 0xe0ff) return `\\x${(c - 0xe000).toString(16).padStart(2, '0')}`;
  // C1 controls, bidi overrides and other invisible format characters
  if ((c >= 0x80 && c <= 0x9f) || /\p{Cf}|\p{Zl}|\p{Zp}/u.test(ch) || c === 0xfffd) {
    return `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return ch;
}
