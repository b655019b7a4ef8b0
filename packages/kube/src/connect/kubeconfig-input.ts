// The `kubeconfig` input: file content or its base64, checked and mined for the secrets inside it
// (tokens, client keys, passwords) so they are masked before anything can print them.
import YAML from 'yaml';
import { InputError } from '@deploy-actions/action-kit';

interface RawKubeconfig {
  clusters?: Array<{ name?: string; cluster?: Record<string, unknown> }>;
  users?: Array<{ name?: string; user?: Record<string, unknown> }>;
  contexts?: unknown[];
}

/** Returns the kubeconfig text, decoding base64 when the input is not YAML itself. */
export function decodeKubeconfig(raw: string): string {
  const text = raw.trim();
  if (looksLikeKubeconfig(text)) return text + '\n';
  const compact = text.replace(/\s+/g, '');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) {
    const decoded = Buffer.from(compact, 'base64').toString('utf8').trim();
    if (looksLikeKubeconfig(decoded)) return decoded + '\n';
  }
  throw new InputError(
    'kubeconfig',
    raw,
    'expected the content of a kubeconfig file (YAML with clusters, users and contexts) or its base64',
    {
      secret: true,
    },
  );
}

function looksLikeKubeconfig(text: string): boolean {
  try {
    const doc = YAML.parse(text) as RawKubeconfig | null;
    return !!doc && typeof doc === 'object' && Array.isArray(doc.clusters) && Array.isArray(doc.users ?? []);
  } catch {
    return false;
  }
}

const SECRET_USER_FIELDS = ['token', 'password', 'client-key-data'];
const SECRET_PROVIDER_FIELDS = ['access-token', 'id-token', 'refresh-token', 'client-secret'];

/** Every credential string found in a kubeconfig text. */
export function kubeconfigSecrets(text: string): string[] {
  let doc: RawKubeconfig | null;
  try {
    doc = YAML.parse(text) as RawKubeconfig | null;
  } catch {
    return [];
  }
  const found = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.trim().length >= 4) found.add(v.trim());
  };
  for (const entry of doc?.users ?? []) {
    const user = entry?.user ?? {};
    for (const field of SECRET_USER_FIELDS) add(user[field]);
    const keyData = user['client-key-data'];
    if (typeof keyData === 'string') add(Buffer.from(keyData, 'base64').toString('utf8'));
    const provider = user['auth-provider'] as { config?: Record<string, unknown> } | undefined;
    for (const field of SECRET_PROVIDER_FIELDS) add(provider?.config?.[field]);
    const exec = user.exec as { env?: Array<{ value?: unknown }> } | undefined;
    for (const env of exec?.env ?? []) add(env?.value);
  }
  return [...found];
}

/** Secrets carried by request headers (a token from a file or an exec plugin, basic auth). */
export function headerSecrets(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== 'authorization') continue;
    const [, credential] = /^\s*(?:Bearer|Basic)\s+(.+)$/i.exec(value) ?? [];
    if (credential) {
      out.push(credential);
      if (/^basic/i.test(value.trim())) out.push(Buffer.from(credential, 'base64').toString('utf8'));
    }
  }
  return out.filter((s) => s.length >= 4);
}
