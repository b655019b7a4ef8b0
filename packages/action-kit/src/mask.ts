// Derived forms of a secret that can leak when a value is re-encoded before printing.

/** The secret itself plus the encodings a log line might carry it in. */
export function secretForms(value: string): string[] {
  const forms = new Set<string>();
  const add = (s: string) => {
    if (s.length >= 4) forms.add(s);
  };
  add(value);
  add(Buffer.from(value).toString('base64'));
  add(Buffer.from(value).toString('base64url'));
  add(encodeURIComponent(value));
  add(encodeURI(value));
  add(JSON.stringify(value).slice(1, -1));
  // Multi-line secrets (kubeconfigs, keys) are masked line by line too: the runner masks per line.
  for (const line of value.split(/\r?\n/)) add(line.trim());
  return [...forms];
}

/** Replaces every known secret form in `text` with `***` (for texts we build ourselves). */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  const forms = [...secrets].flatMap(secretForms).sort((a, b) => b.length - a.length);
  for (const form of forms) out = out.split(form).join('***');
  return out;
}
