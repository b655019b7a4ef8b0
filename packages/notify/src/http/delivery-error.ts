// Why a channel could not deliver. The message names the channel and the HTTP status or network
// condition only: URLs and bodies can carry secrets (webhook tokens, routing keys) and never appear.
import { ActionError, type RetryAfterCarrier } from '@deploy-actions/action-kit';

export class DeliveryError extends ActionError implements RetryAfterCarrier {
  readonly channel: string;
  /** The message without the channel prefix. */
  readonly reason: string;
  readonly status?: number;
  /** Worth another attempt (429, 5xx, a reset or refused connection, a timeout). */
  readonly transient: boolean;
  readonly retryAfterMs?: number;

  constructor(
    channel: string,
    reason: string,
    options: { status?: number; transient?: boolean; retryAfterMs?: number } = {},
  ) {
    super(`${channel}: ${reason}`);
    this.channel = channel;
    this.reason = reason;
    this.status = options.status;
    this.transient = options.transient ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted TLS certificate',
};
const PERMANENT = new Set([
  'ENOTFOUND',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** The first error code along an error's cause chain (undici wraps the socket error in `cause`). */
function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTimeout(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** Turns a fetch/socket failure into a DeliveryError without copying its message (it may hold the URL). */
export function networkFailure(channel: string, err: unknown, timeoutMs: number): DeliveryError {
  if (isTimeout(err))
    return new DeliveryError(channel, `no response within ${timeoutMs} ms`, { transient: true });
  const code = errorCode(err);
  if (code) {
    const reason = NETWORK_REASONS[code] ?? `network error (${code})`;
    return new DeliveryError(channel, reason, { transient: !PERMANENT.has(code) });
  }
  return new DeliveryError(channel, 'network error', { transient: true });
}
