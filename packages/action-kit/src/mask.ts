// Secrets and the derived forms in which they leak when a value is re-encoded before printing.

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

/** Remembers secrets and replaces every known form of them with `***` in texts we print or write. */
export class SecretRedactor {
  private forms: string[] = [];

  /** Registers a secret; returns the new forms (for the runner's ::add-mask::). */
  add(value: string): string[] {
    const fresh = secretForms(value).filter((f) => !this.forms.includes(f));
    // Longest first, so a secret is replaced whole before any of its lines.
    this.forms = [...this.forms, ...fresh].sort((a, b) => b.length - a.length);
    return fresh;
  }

  redact(text: string): string {
    let out = text;
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join('***');
    return out;
  }
}
