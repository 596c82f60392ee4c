export { createEngine } from './engine.js';
export { type ReferenceLayer, referenceForward } from './reference-forward.js';
export type * from './types.js';
