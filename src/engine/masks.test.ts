import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillMask, maskWriter } from './masks.js';

test('dropout masks: values 0 or 1/keep, the right share dropped, a pure function of their coordinates', () => {
  const a = new Float32Array(100_001);
  fillMask(a, 0.3, 1, 2, 3, 4);
  let dropped = 0;
  for (const v of a) {
    if (v === 0) dropped++;
    else assert.equal(v, Math.fround(1 / 0.7));
  }
  assert.ok(Math.abs(dropped / a.length - 0.3) < 0.01, `dropped share ${dropped / a.length}`);
  const b = new Float32Array(a.length);
  fillMask(b, 0.3, 1, 2, 3, 4);
  assert.deepEqual(b, a);
  fillMask(b, 0.3, 1, 2, 4, 4);
  assert.notDeepEqual(b, a);
  // Neighbouring values are not correlated (each draw serves two values).
  let both = 0;
  for (let i = 0; i + 1 < a.length; i += 2) if (a[i] === 0 && a[i + 1] === 0) both++;
  assert.ok(Math.abs(both / (a.length / 2) - 0.09) < 0.01, `pairs both dropped ${both / (a.length / 2)}`);
});

test('the four-lane mask writer gives fillMask’s values for every length, rate and layer', () => {
  const write = maskWriter();
  for (const batch of [1, 3, 7, 20, 128]) {
    for (const rate of [0, 0.3, 0.5, 0.9, 1]) {
      const masks = [
        { units: 1, rate, layer: 0 },
        { units: 5, rate, layer: 1 },
        { units: 256, rate, layer: 2 },
      ];
      const got = write(masks, batch, 7, 11, 13 + batch);
      masks.forEach((m, i) => {
        const want = new Float32Array(batch * m.units);
        fillMask(want, rate, 7, 11, 13 + batch, m.layer);
        assert.deepEqual(got[i], want, `batch ${batch}, rate ${rate}, ${m.units} units`);
      });
    }
  }
});
