import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { SlaSmtpSettings } from '../deadlines.config';
import { emailOf, type DeliveryJob } from './escalation-delivery';
import { PermanentDeliveryError } from './webhook.sender';

export const SLA_SMTP = Symbol('vigil.incidents.sla-smtp');

/** Sends the breach as a plain-text e-mail through the configured SMTP server (nodemailer). */
@Injectable()
export class SmtpEmailSender implements OnApplicationShutdown {
  private readonly transport: Transporter | undefined;

  constructor(@Inject(SLA_SMTP) private readonly settings: SlaSmtpSettings | undefined) {
    this.transport =
      settings === undefined
        ? undefined
        : createTransport({
            host: settings.host,
            port: settings.port,
            secure: settings.secure,
            connectionTimeout: 10_000,
            greetingTimeout: 10_000,
            socketTimeout: 20_000,
            ...(settings.username === undefined
              ? {}
              : { auth: { user: settings.username, pass: settings.password ?? '' } }),
          });
  }

  async send(job: DeliveryJob): Promise<string> {
    if (this.transport === undefined || this.settings === undefined)
      throw new PermanentDeliveryError('no SMTP server configured');
    const { subject, text } = emailOf(job.breach);
    const info = (await this.transport.sendMail({
      from: this.settings.from,
      to: [...this.settings.to],
      subject,
      text,
      headers: { 'X-Vigil-Delivery': job.deliveryId },
    })) as { messageId?: string };
    return info.messageId ?? '';
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
