import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { localPath } from '../http/safe-redirect';
import { setLanguageCookie } from './language.middleware';
import { isLanguage } from './languages';

/** The footer's FR/EN switch: a plain link, so it works without JavaScript. */
@Controller('lang')
@Public()
export class LanguageController {
  @Get(':language')
  switch(@Param('language') language: string, @Query('next') next: string, @Req() req: Request, @Res() res: Response) {
    if (!isLanguage(language)) throw new NotFoundException();
    setLanguageCookie(res, language, req.secure);
    res.redirect(303, localPath(next) ?? '/');
  }
}
