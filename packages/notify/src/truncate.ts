// Cuts texts to a service's length limit with "…", never splitting an emoji or other surrogate pair.

export const ELLIPSIS = '…';

/** `text` if it fits in `max` characters (UTF-16 code units, as the services count), else cut with "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - ELLIPSIS.length;
  // Do not leave half of a surrogate pair behind.
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, Math.max(0, cut)) + ELLIPSIS;
}
