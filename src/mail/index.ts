// The mail module's contract: plain-text notification e-mails over SMTP (nodemailer).
export { Mailer, type MailText } from './mailer.js';
