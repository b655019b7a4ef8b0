// action-kit: the only package that touches @actions/*. Inputs, outputs, summary, errors, masking, retry, clock.
export * from './clock.js';
export * from './errors.js';
export * from './retry.js';
export * from './parse.js';
export * from './input-schema.js';
export * from './mask.js';
export * from './logger.js';
export * from './summary.js';
export * from './runtime.js';
export * from './define-action.js';
export * from './tool-cache.js';
