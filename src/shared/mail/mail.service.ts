import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import type { Language } from '../i18n/languages';
import { Translator } from '../i18n/translator';
import { VIEWS_DIR } from '../../paths';
import { MailRenderer } from './mail-renderer';
import { SmtpTransport } from './mail-transport';
import { OutboxEntry } from './outbox-entry.entity';

export interface MailMessage {
  to: string;
  language: Language;
  /** `views/mail/<template>.{text,html}.hbs` */
  template: string;
  subjectKey: string;
  values: Record<string, unknown>;
}

/** The one way Terrain sends mail: SMTP when configured, the outbox otherwise. */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger('MailService');
  private readonly renderer = new MailRenderer(VIEWS_DIR);
  private readonly transport: SmtpTransport | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly translator: Translator,
    @InjectRepository(OutboxEntry) private readonly outbox: Repository<OutboxEntry>,
  ) {
    const host = new URL(config.baseUrl).hostname;
    this.transport = config.smtpUrl ? new SmtpTransport(config.smtpUrl, `Terrain <no-reply@${host}>`) : null;
  }

  async send(message: MailMessage): Promise<void> {
    const translate = this.translator.for(message.language);
    const subject = translate(message.subjectKey, message.values);
    const { text, html } = this.renderer.render(message.template, message.language, translate, message.values);
    const entry = {
      toAddress: message.to,
      subject,
      language: message.language,
      template: message.template,
    };
    if (!this.transport) {
      await this.outbox.insert({ ...entry, textBody: text, htmlBody: html, status: 'outbox' });
      return;
    }
    try {
      await this.transport.send({ to: message.to, subject, text, html });
      await this.outbox.insert({ ...entry, status: 'sent', sentAt: new Date() });
    } catch (error) {
      // The person's action succeeded; the mail can be resent from where it was asked for.
      this.logger.error(`mail to ${message.to} failed: ${(error as Error).message}`);
      await this.outbox.insert({ ...entry, status: 'failed', error: (error as Error).message });
    }
  }

  onModuleDestroy() {
    this.transport?.close();
  }
}
