import type { HelperOptions } from 'handlebars';
import { LANGUAGES } from '../i18n/languages';
import { formatPhone } from '../phone';
import type { AssetVersions } from './assets';

type Translate = (key: string, values?: Record<string, unknown>) => string;

function rootOf(options: HelperOptions): Record<string, unknown> {
  return (options.data?.root ?? {}) as Record<string, unknown>;
}

/** Template helpers; each is small and has no access to the database. */
export function viewHelpers(assets: AssetVersions) {
  return {
    /** `{{t "community:signIn.title"}}`, `{{t error.key error.values}}`, `{{t "x" count=3}}` */
    t(key: string, ...args: unknown[]) {
      const options = args.pop() as HelperOptions;
      const values = (args[0] && typeof args[0] === 'object' ? args[0] : {}) as Record<string, unknown>;
      const translate = rootOf(options).translate as Translate | undefined;
      if (!translate) return key;
      return translate(key, { ...values, ...options.hash });
    },
    eq(a: unknown, b: unknown) {
      return a === b;
    },
    not(value: unknown) {
      return !value;
    },
    or(...args: unknown[]) {
      return args.slice(0, -1).some(Boolean);
    },
    and(...args: unknown[]) {
      return args.slice(0, -1).every(Boolean);
    },
    /** `{{#if (includes list value)}}` */
    includes(list: unknown, value: unknown) {
      return Array.isArray(list) && list.includes(value);
    },
    /** Builds an i18n key from parts: `{{t (concat "community:roles." role)}}`. */
    concat(...args: unknown[]) {
      return args.slice(0, -1).join('');
    },
    /** `{{#if (can "members.invite")}}`: the current role holds the permission. */
    can(permission: string, options: HelperOptions) {
      const permissions = rootOf(options).permissions;
      return Array.isArray(permissions) && permissions.includes(permission);
    },
    /** Options of a language select. */
    languageOptions() {
      return LANGUAGES.map((language) => ({ value: language, label: `common:app.languageNames.${language}` }));
    },
    /** Options of a role select, from a list of roles. */
    roleOptions(roles: unknown) {
      return (Array.isArray(roles) ? roles : []).map((role) => ({ value: role, label: `community:roles.${role}` }));
    },
    /** `{{join list ", "}}`: a list as text. */
    join(list: unknown, ...args: unknown[]) {
      const separator = args.length > 1 && typeof args[0] === 'string' ? args[0] : ', ';
      return Array.isArray(list) ? list.join(separator) : '';
    },
    /** `{{phone e164}}` → "+33 6 12 34 56 78". */
    phone(value: unknown) {
      return typeof value === 'string' ? formatPhone(value) : '';
    },
    /** `{{dateTime at}}`: date and time, in the page's language. */
    dateTime(value: unknown, options: HelperOptions) {
      if (!value) return '';
      const date = value instanceof Date ? value : new Date(String(value));
      if (Number.isNaN(date.getTime())) return '';
      const lang = String(rootOf(options).lang ?? 'fr');
      return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
    },
    /** `{{size bytes}}` → "2,4 Mo" / "2.4 MB". */
    size(bytes: unknown, options: HelperOptions) {
      const value = Number(bytes);
      if (!Number.isFinite(value)) return '';
      const lang = String(rootOf(options).lang ?? 'fr');
      const [amount, unit] = value >= 1024 * 1024 ? [value / 1024 / 1024, lang === 'en' ? 'MB' : 'Mo'] : [value / 1024, lang === 'en' ? 'kB' : 'ko'];
      return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(amount)} ${unit}`;
    },
    /** `{{number 12345}}` → "12 345" / "12,345", in the page's language. */
    number(value: unknown, options: HelperOptions) {
      const number = Number(value);
      if (value === null || value === undefined || !Number.isFinite(number)) return '';
      return new Intl.NumberFormat(String(rootOf(options).lang ?? 'fr') === 'en' ? 'en-GB' : 'fr-FR').format(number);
    },
    /** `{{asset "/css/app.css"}}` → `/css/app.css?v=…` */
    asset(path: string) {
      return assets.url(path);
    },
    /** `{{date createdAt}}`, `{{date createdAt style="long"}}`, in the page's language. */
    date(value: unknown, options: HelperOptions) {
      if (!value) return '';
      const date = value instanceof Date ? value : new Date(String(value));
      if (Number.isNaN(date.getTime())) return '';
      const lang = String(rootOf(options).lang ?? 'fr');
      const style = (options.hash?.style as 'short' | 'medium' | 'long') ?? 'medium';
      return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: style }).format(date);
    },
    /** The `aria-describedby` of a form field: its hint and its errors, when present. */
    describedBy(name: string, hint: unknown, errors: unknown) {
      const ids = [];
      if (hint) ids.push(`field-${name}-hint`);
      if (Array.isArray(errors) && errors.length > 0) ids.push(`field-${name}-errors`);
      return ids.join(' ');
    },
  };
}
