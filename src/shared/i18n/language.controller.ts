import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { localPath } from '../http/safe-redirect';
import { LANGUAGE_COOKIE } from './language.middleware';
import { isLanguage } from './languages';

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/** The footer's FR/EN switch: a plain link, so it works without JavaScript. */
@Controller('lang')
export class LanguageController {
  @Get(':language')
  switch(@Param('language') language: string, @Query('next') next: string, @Req() req: Request, @Res() res: Response) {
    if (!isLanguage(language)) throw new NotFoundException();
    res.cookie(LANGUAGE_COOKIE, language, {
      maxAge: ONE_YEAR_MS,
      sameSite: 'lax',
      httpOnly: true,
      secure: req.secure,
      path: '/',
    });
    res.redirect(303, localPath(next) ?? '/');
  }
}
