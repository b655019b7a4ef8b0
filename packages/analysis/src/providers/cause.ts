// The most telling message of a failed request: fetch wraps the socket error in `cause`.
// Duck-typed, because errors from another realm (jest's VM) fail `instanceof Error`.
export function causeMessage(err: unknown): string {
  const cause = (err as { cause?: unknown } | null)?.cause ?? err;
  const message = (cause as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message) return message;
  return String(cause);
}
