// Small HTTP helpers: reading bodies, writing JSON and Status responses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type StatusObject } from './status.js';

const MAX_BODY = 8 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'BadRequest', 'request entity too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ApiError(
      400,
      'BadRequest',
      `the body of the request could not be decoded as JSON: ${(err as Error).message}`,
    );
  }
}

export function sendJson(
  res: ServerResponse,
  code: number,
  value: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(value);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendStatus(res: ServerResponse, error: ApiError | StatusObject): void {
  const status = error instanceof ApiError ? error.toStatus() : error;
  const headers: Record<string, string> = {};
  if (status.details?.retryAfterSeconds !== undefined)
    headers['Retry-After'] = String(status.details.retryAfterSeconds);
  if (!res.headersSent) sendJson(res, status.code, status, headers);
  else res.end();
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(
    500,
    'InternalError',
    `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`,
  );
}
