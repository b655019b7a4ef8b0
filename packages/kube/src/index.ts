// packages/kube: Kubernetes for the actions — connect, workloads (apply, set image, history, undo,
// scale), rollout wait, failure explanation, the Lease deploy lock, and the rolling deploy built on them.
// client-node is imported only by connect (lazily), so importing this index stays cheap.
export * from './types.js';
export * from './errors.js';
export * from './client/http-client.js';
export * from './client/retrying.js';
export * from './client/api.js';
export * from './resources.js';
export * from './connect/kubeconfig-input.js';
export * from './connect/connect.js';
export * from './workloads/deployment.js';
export * from './workloads/history.js';
export * from './workloads/undo.js';
export * from './workloads/semantic-equal.js';
export * from './workloads/manifests.js';
export * from './workloads/apply.js';
export * from './rollout/status.js';
export * from './rollout/wait.js';
export * from './explain/explain.js';
export * from './explain/collect.js';
export * from './lock/lease-store.js';
export * from './lock/lease-lock.js';
export * from './lock/deploy-lock.js';
export * from './timings.js';
export * from './rolling-deploy.js';
