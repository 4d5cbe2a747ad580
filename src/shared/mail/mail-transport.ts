import { createTransport, type Transporter } from 'nodemailer';

export interface Envelope {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Delivers mail through SMTP; absent when SMTP_URL is unset (the outbox keeps the mail). */
export class SmtpTransport {
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transporter = createTransport(url);
  }

  async send(envelope: Envelope): Promise<void> {
    await this.transporter.sendMail({ from: this.from, ...envelope });
  }

  close() {
    this.transporter.close();
  }
}
