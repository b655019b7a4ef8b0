// Typed failures of Kubernetes calls: an API answer (with the Status reason), an unreachable
// server, and the domain errors of a rollout. Each message is one line a user can act on.
import { ActionError, isTransientNetworkError, isTransientStatus } from '@deploy-actions/action-kit';

/** The API server answered with an error Status. */
export class KubeApiError extends ActionError {
  readonly status: number;
  readonly reason: string;
  readonly retryAfterMs?: number;
  constructor(
    readonly operation: string,
    status: number,
    reason: string,
    serverMessage: string,
    options?: { retryAfterMs?: number },
  ) {
    super(`${operation}: ${status} ${reason}${serverMessage ? `: ${serverMessage}` : ''}${hintFor(status)}`);
    this.status = status;
    this.reason = reason;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

function hintFor(status: number): string {
  if (status === 401)
    return ' (the API server rejected the credentials: check the kubeconfig token or certificate)';
  if (status === 403) return ' (the credentials lack this permission: grant it with a Role/RoleBinding)';
  return '';
}

/** The connection to the API server failed (refused, reset, timed out) before an answer came. */
export class KubeNetworkError extends ActionError {
  readonly code?: string;
  /** False for TLS verification failures: trying again cannot fix a certificate. */
  readonly retryable: boolean;
  constructor(operation: string, server: string, cause: unknown) {
    const code = (cause as { code?: string } | null)?.code;
    const tls = isTlsFailure(code);
    // `instanceof Error` fails across realms (jest vm contexts); read the message structurally.
    const detail = (cause as { message?: string } | null)?.message ?? String(cause);
    const hint = tls
      ? " (TLS verification failed: the kubeconfig's certificate-authority does not match the server certificate)"
      : '';
    super(`${operation}: cannot reach the Kubernetes API at ${server}: ${detail}${hint}`, { cause });
    this.code = code;
    this.retryable = !tls;
  }
}

function isTlsFailure(code: string | undefined): boolean {
  if (!code) return false;
  return (
    code.startsWith('ERR_TLS_') ||
    code.includes('CERT') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  );
}

/** A rollout did not complete: the message carries the explanation. */
export class RolloutFailed extends ActionError {}

/** The deploy lock is held by someone else and was not released in time. */
export class LockTimeout extends ActionError {}

/** Worth another try: 409 conflicts (after a fresh read), 408/429/5xx, and network failures. */
export function isRetryableKubeError(err: unknown): boolean {
  if (err instanceof KubeApiError) return err.status === 409 || isTransientStatus(err.status);
  if (err instanceof KubeNetworkError) return err.retryable;
  return isTransientNetworkError(err);
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 404;
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 409;
}
