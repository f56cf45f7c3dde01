import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from '../config/index.js';

export interface MailText {
  subject: string;
  text: string;
}

/** Sends plain-text e-mails to the configured staff addresses over SMTP; a failure throws (the job retries). */
export class Mailer {
  private readonly transport: Transporter;

  constructor(private readonly config: MailConfig) {
    this.transport = nodemailer.createTransport(withTlsRequired(config.smtpUrl));
  }

  async send(mail: MailText): Promise<void> {
    await this.transport.sendMail({ from: this.config.from, to: this.config.to, subject: mail.subject, text: mail.text });
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * smtp:// to another machine must upgrade to TLS (STARTTLS) or not send at all: otherwise anyone on the path can
 * strip the upgrade and read the password. A server on this machine (a relay on localhost) may go without.
 */
export function withTlsRequired(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'smtp:' && !loopback) url.searchParams.set('requireTLS', 'true');
  return url.toString();
}
