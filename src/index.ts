export * from './data/dataset.js';
export * from './model/spec.js';
export * from './model/rng.js';
export * from './model/initializers.js';
export type * from './engine/types.js';
export type * from './events/types.js';
export { UserError } from './errors.js';
