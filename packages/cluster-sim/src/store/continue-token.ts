// `continue` tokens for paged lists: opaque to clients, they carry the last key returned.
import { ApiError } from '../api/status.js';

export function encodeContinue(lastKey: string, resourceVersion: number): string {
  return Buffer.from(JSON.stringify({ v: 'sim/1', k: lastKey, rv: resourceVersion })).toString('base64url');
}

export function decodeContinue(token: string): { lastKey: string; resourceVersion: number } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      v?: string;
      k?: string;
      rv?: number;
    };
    if (parsed.v !== 'sim/1' || typeof parsed.k !== 'string') throw new Error('bad token');
    return { lastKey: parsed.k, resourceVersion: Number(parsed.rv ?? 0) };
  } catch {
    throw new ApiError(400, 'BadRequest', 'continue key is not valid: invalid continue token');
  }
}
