import type { NextFunction, Request, Response } from 'express';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from './languages';
import type { Translator } from './translator';

export const LANGUAGE_COOKIE = 'lang';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/** Remembers a language chosen with the switch or on the account page. */
export function setLanguageCookie(res: Response, language: Language, secure: boolean) {
  res.cookie(LANGUAGE_COOKIE, language, { maxAge: ONE_YEAR_MS, sameSite: 'lax', httpOnly: true, secure, path: '/' });
}

declare module 'express-serve-static-core' {
  interface Request {
    lang: Language;
  }
}

/**
 * The visitor's language: the footer switch (a cookie) first, then the signed-in
 * account's preference, then the browser's Accept-Language, then French.
 */
export function languageMiddleware(translator: Translator) {
  return (req: Request, res: Response, next: NextFunction) => {
    const chosen = req.cookies?.[LANGUAGE_COOKIE];
    const accepted = req.acceptsLanguages(...LANGUAGES);
    const preferred = req.user?.language;
    const lang: Language = isLanguage(chosen)
      ? chosen
      : isLanguage(preferred)
        ? preferred
        : isLanguage(accepted)
          ? accepted
          : DEFAULT_LANGUAGE;
    req.lang = lang;
    res.locals.lang = lang;
    res.locals.translate = translator.for(lang);
    res.setHeader('Content-Language', lang);
    res.vary('Accept-Language');
    res.vary('Cookie');
    next();
  };
}
