// The deployment message every channel renders: what happened, where, which version, and a link
// to the run. Built once from the inputs; channels only read it.

export const DEPLOY_STATUSES = [
  'started',
  'success',
  'failure',
  'cancelled',
  'rolled-back',
  'warning',
] as const;
export type DeployStatus = (typeof DEPLOY_STATUSES)[number];

export interface DeployMessage {
  /** Unique per notification: the webhook `id` and the `webhook-id` header. */
  id: string;
  status: DeployStatus;
  environment?: string;
  version?: string;
  strategy?: string;
  title?: string;
  /** Markdown written by the user. */
  message?: string;
  details: Record<string, string>;
  runUrl?: string;
  /** `owner/name`. */
  repository?: string;
  sha?: string;
  durationMs?: number;
  /** ISO 8601, when the notification was built. */
  timestamp: string;
  /** Who to call out on failure, per channel. */
  mentions: Mentions;
}

export interface Mentions {
  slack: string[];
  discord: string[];
  teams: string[];
  email: string[];
}

export const NO_MENTIONS: Mentions = { slack: [], discord: [], teams: [], email: [] };

interface StatusLook {
  verb: string;
  emoji: string;
  /** 0xRRGGBB. */
  colour: number;
  /** Adaptive Card TextBlock colour. */
  teamsColour: 'good' | 'attention' | 'warning' | 'accent' | 'default';
  /** Something went wrong: mentions apply. */
  alarming: boolean;
}

const LOOKS: Record<DeployStatus, StatusLook> = {
  started: {
    verb: 'Deployment started',
    emoji: '🚀',
    colour: 0x1d9bd1,
    teamsColour: 'accent',
    alarming: false,
  },
  success: {
    verb: 'Deployment succeeded',
    emoji: '✅',
    colour: 0x2eb67d,
    teamsColour: 'good',
    alarming: false,
  },
  failure: {
    verb: 'Deployment failed',
    emoji: '❌',
    colour: 0xe01e5a,
    teamsColour: 'attention',
    alarming: true,
  },
  cancelled: {
    verb: 'Deployment cancelled',
    emoji: '⏹️',
    colour: 0x9e9e9e,
    teamsColour: 'default',
    alarming: false,
  },
  'rolled-back': {
    verb: 'Deployment rolled back',
    emoji: '⏪',
    colour: 0xf2711c,
    teamsColour: 'warning',
    alarming: true,
  },
  warning: {
    verb: 'Deployment finished with warnings',
    emoji: '⚠️',
    colour: 0xecb22e,
    teamsColour: 'warning',
    alarming: false,
  },
};

export function statusLook(status: DeployStatus): StatusLook {
  return LOOKS[status];
}

/** Mentions to use for this message: none unless the status calls for attention. */
export function activeMentions(message: DeployMessage): Mentions {
  return statusLook(message.status).alarming ? message.mentions : NO_MENTIONS;
}
