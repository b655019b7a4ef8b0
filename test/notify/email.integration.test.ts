// Email through a real SMTP server (smtp-server on 127.0.0.1) sent by nodemailer: envelope,
// login, subject, multipart text + HTML in the raw MIME, and the SMTP retry rules.
import { realClock } from '@deploy-actions/action-kit';
import { startSmtpServer, type SmtpInbox } from '../harness/smtp.js';
import { createNotifyAction } from '../../actions/notify/src/main.js';
import { memoryRuntime } from './memory-runtime.js';

const action = createNotifyAction({
  fetch: (url, init) => fetch(url, init),
  clock: realClock,
  baseDelayMs: 50,
});

let smtp: SmtpInbox;
let attempts = 0;
beforeAll(async () => {
  smtp = await startSmtpServer({
    users: { mailer: 'p@ss/w0rd!' },
    // busy@ is refused with 450 (mailbox busy) on its first attempt only; gone@ is refused permanently.
    refuseRecipient: (address) => {
      if (address === 'busy@example.com') return ++attempts === 1 ? 450 : undefined;
      return address === 'gone@example.com' ? 550 : undefined;
    },
  });
});
afterAll(() => smtp.close());

async function run(inputs: Record<string, string>) {
  const mem = memoryRuntime({
    status: 'failure',
    environment: 'production',
    version: 'v3.1.0',
    'allow-insecure-http': 'true',
    'email-from': 'ci@example.com',
    ...inputs,
  });
  const ok = await action.execute(mem.runtime);
  return { ok, ...mem };
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) in a header value. */
function decodeHeader(value: string): string {
  return value.replace(/\s*=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? decodeHeader(line.slice(name.length + 1).trim()) : '';
}

test('smtp-url with a login: multipart text + HTML, subject in the documented format', async () => {
  const before = smtp.messages.length;
  const url = `smtp://mailer:${encodeURIComponent('p@ss/w0rd!')}@127.0.0.1:${smtp.port}`;
  const result = await run({
    'smtp-url': url,
    'email-to': 'ops@example.com, dev@example.com',
    message: 'Error rate **7%** <script>',
  });
  expect(result.ok).toBe(true);
  expect(result.outputs.sent).toBe('email');
  expect(smtp.logins.at(-1)).toEqual({ username: 'mailer', ok: true });
  const mail = smtp.messages[before]!;
  expect(mail.from).toBe('ci@example.com');
  expect(mail.to).toEqual(['ops@example.com', 'dev@example.com']);
  expect(mail.user).toBe('mailer');
  expect(header(mail.raw, 'Subject')).toBe('[failure] org/app v3.1.0 → production');
  expect(header(mail.raw, 'Content-Type')).toMatch(/^multipart\/alternative; boundary=/);
  expect(mail.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
  expect(mail.raw).toMatch(/Content-Type: text\/html; charset=utf-8/i);
  expect(mail.raw).toContain('&lt;script&gt;');
  expect(mail.raw).not.toContain('<script>\n</p>');
  // The password is masked in every form a log line could carry it.
  expect(result.secrets).toContain('p@ss/w0rd!');
  expect(result.secrets).toContain(encodeURIComponent('p@ss/w0rd!'));
});

test('smtp-host/port/username/password, mentions copied in on failure', async () => {
  const before = smtp.messages.length;
  const result = await run({
    'smtp-host': '127.0.0.1',
    'smtp-port': String(smtp.port),
    'smtp-username': 'mailer',
    'smtp-password': 'p@ss/w0rd!',
    'email-to': 'ops@example.com',
    'mention-on-failure': 'email: [oncall@example.com]',
  });
  expect(result.outputs.sent).toBe('email');
  const mail = smtp.messages[before]!;
  expect(mail.to).toEqual(['ops@example.com', 'oncall@example.com']);
  expect(header(mail.raw, 'Cc')).toBe('oncall@example.com');
});

test('a wrong password fails the channel with the SMTP code only', async () => {
  const result = await run({
    'smtp-url': `smtp://mailer:wrong-pass-123@127.0.0.1:${smtp.port}`,
    'email-to': 'ops@example.com',
  });
  expect(result.ok).toBe(true);
  expect(result.outputs.failed).toBe('email');
  expect(result.log.text()).toContain('could not notify email: login refused (SMTP 535)');
  expect(result.log.text()).not.toContain('wrong-pass-123');
});

test('SMTP 450 (temporary) is retried and delivered; 550 is not retried', async () => {
  const before = smtp.messages.length;
  const busy = await run({ 'smtp-url': `smtp://127.0.0.1:${smtp.port}`, 'email-to': 'busy@example.com' });
  expect(busy.outputs.sent).toBe('email');
  expect(busy.log.text()).toContain('email: recipient or sender refused (SMTP 450); retrying');
  expect(smtp.messages.slice(before).map((m) => m.to)).toEqual([['busy@example.com']]);
  const gone = await run({ 'smtp-url': `smtp://127.0.0.1:${smtp.port}`, 'email-to': 'gone@example.com' });
  expect(gone.outputs.failed).toBe('email');
  expect(gone.log.text()).toContain('could not notify email: recipient or sender refused (SMTP 550)');
  expect(gone.log.text()).not.toContain('retrying');
});

test('without allow-insecure-http, plain SMTP without STARTTLS is refused', async () => {
  const result = await run({
    'smtp-url': `smtp://127.0.0.1:${smtp.port}`,
    'email-to': 'plain@example.com',
    'allow-insecure-http': 'false',
  });
  expect(result.outputs.failed).toBe('email');
  expect(result.log.text()).toContain(
    'could not notify email: no TLS: the server must offer STARTTLS (or use smtps://)',
  );
  expect(smtp.messages.filter((m) => m.to.includes('plain@example.com'))).toEqual([]);
});

test('email inputs must be complete', async () => {
  const noFrom = await run({
    'smtp-url': `smtp://127.0.0.1:${smtp.port}`,
    'email-to': 'ops@example.com',
    'email-from': '',
  });
  expect(noFrom.failures).toEqual([
    "notify: input 'email-from': got empty; a sender address is required to send email",
  ]);
  const noServer = await run({ 'email-to': 'ops@example.com' });
  expect(noServer.failures).toEqual([
    "notify: input 'smtp-url': got empty; email-to is set: give smtp-url or smtp-host to send email",
  ]);
  const strayPassword = await run({ 'smtp-password': 'p@ss/w0rd!', 'email-to': '' });
  expect(strayPassword.failures).toEqual([
    "notify: input 'smtp-password': got ***; only works together with smtp-host",
  ]);
  const badScheme = await run({ 'smtp-url': 'https://mail.example.com', 'email-to': 'ops@example.com' });
  expect(badScheme.failures).toEqual([
    "notify: input 'smtp-url': got ***; expected smtp://user:pass@host:port or smtps://user:pass@host:port",
  ]);
});
