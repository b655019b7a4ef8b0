// A real SMTP server (the smtp-server package) on 127.0.0.1 that keeps every message it accepts.
// Plain SMTP only (STARTTLS disabled), optional login, and scriptable refusals per recipient.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw MIME message as received (headers and body). */
  raw: string;
  /** The user that logged in, if any. */
  user?: string;
}

export interface SmtpOptions {
  /** Accepted logins; when set, a wrong login is refused with 535. Login stays optional. */
  users?: Record<string, string>;
  /** Decides a reply code for a recipient: return e.g. 450 to refuse it temporarily for this attempt. */
  refuseRecipient?: (address: string, attempt: number) => number | undefined;
}

export interface SmtpInbox {
  readonly host: string;
  readonly port: number;
  readonly messages: ReceivedMail[];
  readonly logins: Array<{ username: string; ok: boolean }>;
  close(): Promise<void>;
}

export async function startSmtpServer(options: SmtpOptions = {}): Promise<SmtpInbox> {
  const messages: ReceivedMail[] = [];
  const logins: Array<{ username: string; ok: boolean }> = [];
  let rcptAttempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = options.users?.[auth.username ?? ''] === auth.password;
      logins.push({ username: auth.username ?? '', ok });
      if (!ok)
        return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      callback(null, { user: auth.username });
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      rcptAttempts++;
      const code = options.refuseRecipient?.(address.address, rcptAttempts);
      if (code) return callback(Object.assign(new Error('Try again later'), { responseCode: code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    messages,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
