import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import hbs from 'hbs';
import type { TFunction } from 'i18next';
import type { Language } from '../i18n/languages';

/**
 * Renders `views/mail/<template>.text.hbs` and `.html.hbs` (the HTML inside
 * `views/mail/layout.html.hbs`) with the same helpers as pages, in the recipient's language.
 */
export class MailRenderer {
  private readonly compiled = new Map<string, HandlebarsTemplateDelegate>();

  constructor(private readonly viewsDir: string) {}

  render(template: string, language: Language, translate: TFunction, values: Record<string, unknown>) {
    const context = { ...values, lang: language, translate };
    const text = this.template(`${template}.text`)(context);
    const body = this.template(`${template}.html`)(context);
    const html = this.template('layout.html')({ ...context, body });
    return { text, html };
  }

  private template(name: string): HandlebarsTemplateDelegate {
    let template = this.compiled.get(name);
    if (!template) {
      template = hbs.handlebars.compile(readFileSync(join(this.viewsDir, 'mail', `${name}.hbs`), 'utf8'));
      this.compiled.set(name, template);
    }
    return template;
  }
}
