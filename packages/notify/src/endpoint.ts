// Checks the URL inputs (https only unless allowed) and lists the parts of a secret URL that must
// be masked on their own: a webhook's token often sits in its path or query, not in the whole URL.
import { InputError } from '@deploy-actions/action-kit';

export interface EndpointOptions {
  allowInsecureHttp: boolean;
  secret: boolean;
}

/** A parsed http(s) URL, or an InputError naming the input (value masked when secret). */
export function parseEndpoint(input: string, value: string, options: EndpointOptions): URL {
  const allowed = options.allowInsecureHttp ? ['https:', 'http:'] : ['https:'];
  const expected = options.allowInsecureHttp
    ? 'expected an http:// or https:// URL'
    : 'expected an https:// URL (set allow-insecure-http: true for http://)';
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InputError(input, value, expected, { secret: options.secret });
  }
  if (!allowed.includes(url.protocol) || !url.hostname)
    throw new InputError(input, value, expected, { secret: options.secret });
  return url;
}

/** A path segment or query value that looks like a token rather than a word ("triggers", "2016-06-01"). */
function looksLikeToken(text: string): boolean {
  return text.length >= 20 || (text.length >= 8 && /\d/.test(text) && /[A-Za-z]/.test(text));
}

/** Pieces of a secret URL that could be printed on their own (normalised form, path, token-like parts, credentials). */
export function secretUrlParts(url: URL): string[] {
  const parts = [url.href, url.pathname + url.search, url.search.slice(1), url.username, url.password];
  for (const value of url.searchParams.values()) if (looksLikeToken(value)) parts.push(value);
  for (const segment of url.pathname.split('/')) if (looksLikeToken(segment)) parts.push(segment);
  try {
    parts.push(decodeURIComponent(url.password), decodeURIComponent(url.username));
  } catch {
    // A malformed escape cannot be printed decoded either.
  }
  // Short pieces are not secret on their own, and masking them would blur every log line.
  return [...new Set(parts)].filter((p) => p.length >= 8);
}
