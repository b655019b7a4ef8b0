// cluster-sim: a simulated Kubernetes API server with controllers, traffic and metrics, for tests and the demo.
export { startClusterSim, type ClusterSim, type ClusterSimOptions } from './sim.js';
export { ClusterControl, type RequestSummary } from './control/control-api.js';
export { Registry } from './store/registry.js';
export { ControllerManager, type ControllerOptions } from './controllers/manager.js';
export {
  Behaviours,
  conventionProfile,
  imageTag,
  healthyProfile,
  type BehaviourProfile,
  type BehaviourOverride,
  type LatencyProfile,
} from './controllers/behaviour.js';
export { podTemplateHash } from './controllers/pod-template-hash.js';
export { FaultInjector, type FaultRule, type ActiveFault, type ApiVerb } from './faults/fault-rules.js';
export { TrafficSimulator, type TrafficTarget } from './traffic/traffic.js';
export type { RequestRecord, RequestFilter } from './traffic/request-log.js';
export type { Via, Backend } from './traffic/routes.js';
export { seededRandom } from './random.js';
export { ApiError } from './api/status.js';
export type { AccessRule, SimUser } from './auth/users.js';
export type { KubeObject, ObjectMeta, OwnerReference } from './types.js';
