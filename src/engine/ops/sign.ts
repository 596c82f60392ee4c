import { unary } from './op.js';

/** Piecewise constant: its derivative is zero almost everywhere, so no gradient flows. */
export const sign = unary('Sign', Math.sign, () => [null], { shape: [2, 3], gap: 0.1 });
