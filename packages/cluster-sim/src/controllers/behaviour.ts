// Behaviour of a version (image): readiness, crash-looping, image pulls, start time, error rate and
// latency. Defaults follow the image-tag convention (`-never-ready`, `-crashloop`, `-oom`,
// `-pull-error`, `-slow`, `-errors`, `-latency`); the control API overrides any image or tag at run time.

export interface LatencyProfile {
  /** Median latency in ms. */
  p50Ms: number;
  /** 95th percentile latency in ms. */
  p95Ms: number;
}

export interface BehaviourProfile {
  /** Containers pass their readiness probe. */
  ready: boolean;
  /** Containers exit repeatedly (CrashLoopBackOff). */
  crashLoop: boolean;
  /** How a crash-looping container ends: exit 1 (`Error`) or killed at its memory limit (`OOMKilled`, exit 137). */
  crashReason: 'Error' | 'OOMKilled';
  /** The image cannot be pulled: containers never start (ErrImagePull, then ImagePullBackOff). */
  pullError: boolean;
  /** Multiplies the simulator's pod start delay. */
  startDelayFactor: number;
  /** Fraction (0-1) of requests answered with 503. */
  errorRate: number;
  latency: LatencyProfile;
}

export const healthyProfile: BehaviourProfile = {
  ready: true,
  crashLoop: false,
  crashReason: 'Error',
  pullError: false,
  startDelayFactor: 1,
  errorRate: 0,
  latency: { p50Ms: 20, p95Ms: 50 },
};

/** The tag of an image reference (`registry:5000/app:v2-slow` → `v2-slow`); `latest` when absent. */
export function imageTag(image: string): string {
  const last = image.split('/').pop() ?? image;
  const withoutDigest = last.split('@')[0]!;
  return withoutDigest.includes(':') ? withoutDigest.split(':').pop()! : 'latest';
}

export function conventionProfile(image: string): BehaviourProfile {
  const tag = imageTag(image);
  const p: BehaviourProfile = { ...healthyProfile, latency: { ...healthyProfile.latency } };
  if (tag.endsWith('-never-ready')) p.ready = false;
  if (tag.endsWith('-crashloop')) {
    p.crashLoop = true;
    p.ready = false;
  }
  if (tag.endsWith('-oom')) {
    p.crashLoop = true;
    p.crashReason = 'OOMKilled';
    p.ready = false;
  }
  if (tag.endsWith('-pull-error')) {
    p.pullError = true;
    p.ready = false;
  }
  if (tag.endsWith('-slow')) p.startDelayFactor = 10;
  if (tag.endsWith('-errors')) p.errorRate = 0.1;
  if (tag.endsWith('-latency')) p.latency = { p50Ms: 400, p95Ms: 1000 };
  return p;
}

export type BehaviourOverride = Partial<Omit<BehaviourProfile, 'latency'>> & {
  latency?: Partial<LatencyProfile>;
};

export class Behaviours {
  private readonly overrides = new Map<string, BehaviourOverride>();

  /** Overrides the behaviour of an image (`app:v2`) or of every image with that tag (`v2`). */
  set(imageOrTag: string, override: BehaviourOverride): void {
    const merged = { ...(this.overrides.get(imageOrTag) ?? {}), ...override };
    if (override.latency)
      merged.latency = { ...(this.overrides.get(imageOrTag)?.latency ?? {}), ...override.latency };
    this.overrides.set(imageOrTag, merged);
  }

  reset(imageOrTag?: string): void {
    if (imageOrTag === undefined) this.overrides.clear();
    else this.overrides.delete(imageOrTag);
  }

  entries(): Record<string, BehaviourOverride> {
    return Object.fromEntries(this.overrides);
  }

  profile(image: string): BehaviourProfile {
    const base = conventionProfile(image);
    const override = this.overrides.get(image) ?? this.overrides.get(imageTag(image));
    if (!override) return base;
    return { ...base, ...override, latency: { ...base.latency, ...(override.latency ?? {}) } };
  }
}
