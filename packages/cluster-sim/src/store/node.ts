// The one simulated node every pod runs on, so `kubectl get nodes` and `describe node` answer.
import { kubeTime } from '../time.js';
import type { KubeObject } from '../types.js';

export const NODE_NAME = 'sim-node-1';

export function simNode(now: number): KubeObject {
  const since = kubeTime(now);
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: since,
    lastTransitionTime: since,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: NODE_NAME,
      labels: {
        'kubernetes.io/hostname': NODE_NAME,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node-role.kubernetes.io/control-plane': '',
      },
    },
    spec: { podCIDR: '10.244.0.0/16', podCIDRs: ['10.244.0.0/16'] },
    status: {
      capacity: { cpu: '8', memory: '32Gi', pods: '250' },
      allocatable: { cpu: '8', memory: '32Gi', pods: '250' },
      conditions: [
        condition(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: '10.0.0.10' },
        { type: 'Hostname', address: NODE_NAME },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.31.0-sim',
        kubeProxyVersion: 'v1.31.0-sim',
        containerRuntimeVersion: 'sim://1.0',
        operatingSystem: 'linux',
        architecture: 'amd64',
        osImage: 'cluster-sim',
        kernelVersion: '6.1.0',
        machineID: 'sim',
        systemUUID: 'sim',
        bootID: 'sim',
      },
    },
  };
}
