// analysis: metric providers (Prometheus, HTTP probe), statistics, the judge and the measurement loop.
export * from './types.js';
export * from './format.js';
export * from './stats/mann-whitney.js';
export * from './stats/normal.js';
export * from './stats/descriptive.js';
export * from './judge/classify.js';
export * from './judge/assess.js';
export * from './judge/score.js';
export * from './engine/analyze.js';
export * from './providers/provider-error.js';
export * from './providers/promql-template.js';
export * from './providers/prometheus.js';
export * from './providers/http-probe.js';
export * from './config/metrics-document.js';
export * from './config/build-metrics.js';
