import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { MailService } from '../../shared/mail/mail.service';
import type { Language } from '../../shared/i18n/languages';

interface Recipient {
  email: string;
  name: string;
  language: Language;
}

/** The mails about an account: each carries a single-use link or a notice. */
@Injectable()
export class AccountMails {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailService,
  ) {}

  verification(to: Recipient, token: string) {
    return this.link(to, 'verifyEmail', `/verify-email?token=${token}`);
  }

  alreadyRegistered(to: Recipient) {
    return this.link(to, 'alreadyRegistered', '/password/forgot');
  }

  passwordReset(to: Recipient, token: string) {
    return this.link(to, 'resetPassword', `/password/reset?token=${token}`);
  }

  emailChange(to: Recipient, token: string) {
    return this.link(to, 'changeEmail', `/account/email/confirm?token=${token}`);
  }

  emailChangeNotice(to: Recipient, newEmail: string) {
    return this.mail.send({
      to: to.email,
      language: to.language,
      template: 'notice',
      subjectKey: 'community:mail.emailChangeNotice.subject',
      values: { name: to.name, bodyKey: 'community:mail.emailChangeNotice.body', bodyValues: { newEmail } },
    });
  }

  private link(to: Recipient, kind: string, path: string) {
    return this.mail.send({
      to: to.email,
      language: to.language,
      template: 'link',
      subjectKey: `community:mail.${kind}.subject`,
      values: {
        name: to.name,
        url: `${this.config.baseUrl}${path}`,
        bodyKey: `community:mail.${kind}.body`,
        actionKey: `community:mail.${kind}.action`,
      },
    });
  }
}
