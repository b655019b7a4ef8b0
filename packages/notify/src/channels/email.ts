// Email over SMTP with nodemailer (loaded only when email is used). SMTP 4xx replies and dropped
// connections are retried; 5xx replies (bad address, refused login) are not.
import { DeliveryError } from '../http/delivery-error.js';
import { retryDelivery } from '../http/sender.js';
import type { Channel, ChannelDeps } from './channel.js';
import { mailContent, type MailContent } from './email-content.js';

export type SmtpServer =
  { url: string } | { host: string; port: number; secure: boolean; username?: string; password?: string };

export interface EmailConfig {
  smtp: SmtpServer;
  from: string;
  to: string[];
  /** Refuse to send (and to log in) without STARTTLS or implicit TLS. */
  requireTls: boolean;
}

interface MailTransport {
  sendMail(mail: MailContent): Promise<unknown>;
  close(): void;
}

async function openTransport(config: EmailConfig, timeoutMs: number): Promise<MailTransport> {
  const nodemailer = (await import('nodemailer')).default;
  const server =
    'url' in config.smtp
      ? { url: config.smtp.url }
      : {
          host: config.smtp.host,
          port: config.smtp.port,
          secure: config.smtp.secure,
          auth: config.smtp.username
            ? { user: config.smtp.username, pass: config.smtp.password ?? '' }
            : undefined,
        };
  return nodemailer.createTransport({
    ...server,
    requireTLS: config.requireTls,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
  }) as unknown as MailTransport;
}

const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']);
const REASONS: Record<string, string> = {
  EAUTH: 'login refused',
  ETLS: 'no TLS: the server must offer STARTTLS (or use smtps://)',
  ECONNECTION: 'connection failed',
  ETIMEDOUT: 'timed out',
  EENVELOPE: 'recipient or sender refused',
  EDNS: 'host not found',
};

/** Maps a nodemailer error to a message with the SMTP code or condition only (never the server's text). */
export function smtpFailure(err: unknown, timeoutMs: number): DeliveryError {
  const e = (err ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    originalCode?: unknown;
    errno?: unknown;
  };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const inner =
    typeof e.originalCode === 'string' ? e.originalCode : typeof e.errno === 'string' ? e.errno : undefined;
  if (responseCode !== undefined) {
    const reason = code && REASONS[code] ? `${REASONS[code]} (SMTP ${responseCode})` : `SMTP ${responseCode}`;
    return new DeliveryError('email', reason, {
      status: responseCode,
      transient: responseCode >= 400 && responseCode < 500,
    });
  }
  if (inner === 'ECONNREFUSED') return new DeliveryError('email', 'connection refused', { transient: true });
  if (code === 'ETIMEDOUT')
    return new DeliveryError('email', `no response within ${timeoutMs} ms`, { transient: true });
  return new DeliveryError('email', (code && REASONS[code]) ?? `SMTP error (${code ?? 'unknown'})`, {
    transient: code !== undefined && TRANSIENT_CODES.has(code),
  });
}

export function emailChannel(config: EmailConfig): Channel {
  return {
    name: 'email',
    async send(message, deps: ChannelDeps) {
      const mail = mailContent(message, config.from, config.to);
      const { policy, timeoutMs } = deps.http;
      const transport = await openTransport(config, timeoutMs);
      try {
        await retryDelivery(
          'email',
          async () => {
            try {
              await transport.sendMail(mail);
            } catch (err) {
              throw smtpFailure(err, timeoutMs);
            }
          },
          policy,
          deps.log,
        );
      } finally {
        transport.close();
      }
      return { note: `${config.to.length + mail.cc.length} recipient(s)` };
    },
  };
}
