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
    this.transport = nodemailer.createTransport(config.smtpUrl);
  }

  async send(mail: MailText): Promise<void> {
    await this.transport.sendMail({ from: this.config.from, to: this.config.to, subject: mail.subject, text: mail.text });
  }

  close(): void {
    this.transport.close();
  }
}
