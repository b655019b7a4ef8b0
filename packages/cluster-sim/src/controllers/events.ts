// core/v1 Events the controllers record (ScalingReplicaSet, SuccessfulCreate, BackOff, ...), so
// `kubectl describe` and tools reading events see what happened.
import type { Clock } from '@deploy-actions/action-kit';
import type { Registry } from '../store/registry.js';
import { kubeTime } from '../time.js';
import type { KubeObject } from '../types.js';

/** Events kept before the oldest are deleted (the real cluster expires them after an hour). */
const MAX_EVENTS = 2000;

export class EventRecorder {
  private counter = 0;
  private readonly recorded: Array<{ namespace: string; name: string }> = [];

  constructor(
    private readonly registry: Registry,
    private readonly clock: Clock,
  ) {}

  record(
    about: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component: string,
  ): void {
    const now = kubeTime(this.clock.now());
    const name = `${about.metadata.name}.${(this.clock.now() * 1000 + this.counter++).toString(16)}`;
    try {
      this.registry.create(
        this.registry.type('events'),
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace: about.metadata.namespace ?? 'default' },
          involvedObject: {
            apiVersion: about.apiVersion,
            kind: about.kind,
            name: about.metadata.name,
            namespace: about.metadata.namespace,
            uid: about.metadata.uid,
            resourceVersion: about.metadata.resourceVersion,
          },
          reason,
          message,
          type,
          source: { component },
          reportingComponent: component,
          reportingInstance: `${component}-sim`,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        },
        { manager: component },
      );
      this.recorded.push({ namespace: about.metadata.namespace ?? 'default', name });
      while (this.recorded.length > MAX_EVENTS) {
        const oldest = this.recorded.shift()!;
        const type = this.registry.type('events');
        if (this.registry.tryGet(type, oldest.namespace, oldest.name))
          this.registry.delete(type, oldest.namespace, oldest.name);
      }
    } catch {
      // Events are best effort, as in a real cluster (e.g. the namespace is being deleted).
    }
  }
}
