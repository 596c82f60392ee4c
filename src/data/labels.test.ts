import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLabelSpec, resolveLabelSpec } from './labels.js';
import { parseMulanXml } from './mulan-xml.js';

test('--labels specs parse and resolve to ascending column indices', () => {
  const cols = ['a', 'b', 'c', 'd', 'e'];
  assert.deepEqual(resolveLabelSpec(parseLabelSpec('first:2'), cols, 'f'), [0, 1]);
  assert.deepEqual(resolveLabelSpec(parseLabelSpec('LAST:3'), cols, 'f'), [2, 3, 4]);
  assert.deepEqual(resolveLabelSpec(parseLabelSpec('e, b'), cols, 'f'), [1, 4]);
  assert.throws(
    () => parseLabelSpec('first:0'),
    /--labels first:0: expected first:N with a whole number N ≥ 1/,
  );
  assert.throws(() => parseLabelSpec('last:x'), /expected last:N/);
  assert.throws(() => parseLabelSpec(' , '), /expected first:N, last:N or a list of column names/);
  assert.throws(() => resolveLabelSpec(parseLabelSpec('b,b'), cols, 'f'), /label 'b' is named twice/);
  assert.throws(() => resolveLabelSpec(parseLabelSpec('first:5'), cols, 'f'), /leaves no feature columns/);
  assert.throws(() => resolveLabelSpec(parseLabelSpec('a,b,c,d,e'), cols, 'f'), /no feature columns left/);
});

test('MULAN XML: names in file order, quotes and entities, nesting; bad files rejected', () => {
  const xml = `<?xml version="1.0"?>
<labels xmlns="http://mulan.sourceforge.net/labels">
<label name="Class2"></label><label name='A&amp;B'>
  <label name="child"/>
</label>
</labels>`;
  assert.deepEqual(parseMulanXml(xml, 'x.xml'), ['Class2', 'A&B', 'child']);
  assert.throws(
    () => parseMulanXml('<labels></labels>', 'x.xml'),
    /^DataError: x\.xml: no <label name="…"> elements/,
  );
  assert.throws(
    () => parseMulanXml('<labels><label name="a"/><label name="a"/></labels>', 'x.xml'),
    /label 'a' is listed twice/,
  );
  // a cut-off file is refused (its missing labels would otherwise become input features)
  assert.throws(
    () => parseMulanXml(xml.slice(0, -10), 'x.xml'),
    /^DataError: x\.xml:\d+: not well-formed XML/,
  );
  assert.throws(() => parseMulanXml('<labels><label name="a"></labels>', 'x.xml'), /not well-formed XML/);
  assert.throws(() => parseMulanXml('<html><label name="a"/></html>', 'x.xml'), /expected <labels>/);
  assert.throws(() => parseMulanXml('<labels><label/></labels>', 'x.xml'), /<label> without a name/);
});
