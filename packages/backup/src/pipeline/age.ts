// age encryption stages with typage (age-encryption): it encrypts and decrypts web streams in 64 KiB
// chunks, so memory stays flat, and needs no `age` binary on the runner. The output is the
// standard age format (tests decrypt it with the real `age` CLI).
import { Duplex } from 'node:stream';
import { ConfigurationError } from '@deploy-actions/action-kit';
import { DecryptionError } from '../errors.js';

export type EncryptionSettings =
  | { kind: 'none' }
  | { kind: 'age'; recipients: string[]; passphrase?: undefined }
  | { kind: 'age'; passphrase: string; recipients?: undefined };

export interface DecryptionKeys {
  identities: string[];
  passphrase?: string;
}

/** Secret keys from an identity file's text (age-keygen output: comments and AGE-SECRET-KEY-1… lines). */
export function parseIdentities(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

// Loaded on first use: its post-quantum and curve code is a third of the action's start-up
// bundle, and most backups are not encrypted.
const loadAge = () => import('age-encryption');

export async function encryptStage(
  settings: Exclude<EncryptionSettings, { kind: 'none' }>,
  scryptLogN?: number,
): Promise<Duplex> {
  const { Encrypter } = await loadAge();
  const encrypter = new Encrypter();
  if (settings.passphrase !== undefined) {
    encrypter.setPassphrase(settings.passphrase);
    if (scryptLogN) encrypter.setScryptWorkFactor(scryptLogN);
  } else {
    for (const recipient of settings.recipients) {
      try {
        encrypter.addRecipient(recipient);
      } catch {
        throw new ConfigurationError(
          `age-recipients: ${JSON.stringify(recipient.slice(0, 80))} is not an age recipient (age1…)`,
        );
      }
    }
  }
  return webTransformStage((input) => encrypter.encrypt(input));
}

export async function decryptStage(keys: DecryptionKeys): Promise<Duplex> {
  const { Decrypter } = await loadAge();
  const decrypter = new Decrypter();
  if (keys.passphrase !== undefined) decrypter.addPassphrase(keys.passphrase);
  for (const identity of keys.identities) {
    try {
      decrypter.addIdentity(identity);
    } catch {
      throw new ConfigurationError(
        'age-identity: expected AGE-SECRET-KEY-1… lines (the output of age-keygen)',
      );
    }
  }
  return webTransformStage(async (input) => {
    try {
      return await decrypter.decrypt(input);
    } catch (err) {
      throw describeDecryptFailure(err, keys);
    }
  });
}

function describeDecryptFailure(err: unknown, keys: DecryptionKeys): Error {
  const reason = err instanceof Error ? err.message : String(err);
  const what = keys.passphrase !== undefined ? 'age-passphrase' : 'age-identity';
  if (/no identity matched|invalid header HMAC|scrypt/i.test(reason)) {
    return new DecryptionError(`cannot decrypt the backup: wrong ${what} (${reason})`);
  }
  return new DecryptionError(`cannot decrypt the backup with ${what}: ${reason} (is it an age file?)`);
}

/**
 * A Duplex whose writable side feeds a web ReadableStream to `transform` and whose readable side is
 * the stream `transform` resolves to. The transform may read the input before resolving (age reads
 * the header first), so the output is pulled lazily.
 */
function webTransformStage(
  transform: (input: ReadableStream<Uint8Array>) => Promise<ReadableStream<Uint8Array>>,
): Duplex {
  const bridge = new TransformStream<Uint8Array, Uint8Array>(
    undefined,
    { highWaterMark: 4 },
    { highWaterMark: 4 },
  );
  const output = transform(bridge.readable).then((stream) => stream.getReader());
  output.catch(() => undefined);
  const readable = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const reader = await output;
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      const reader = await output.catch(() => undefined);
      await reader?.cancel(reason);
    },
  });
  const duplex = Duplex.fromWeb({ readable, writable: bridge.writable }, { objectMode: false });
  // Report the transform's own failure (wrong passphrase) on the stage, not a premature close.
  output.catch((err: unknown) => duplex.destroy(err instanceof Error ? err : new Error(String(err))));
  return duplex;
}
