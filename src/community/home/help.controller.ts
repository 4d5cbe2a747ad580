import { Controller, Get } from '@nestjs/common';
import { Public } from '../../shared/auth/access.decorators';
import { Page } from '../../shared/http/page.decorator';

/** How Terrain works, for everyone (signed in or not). */
@Controller('help')
export class HelpController {
  @Get()
  @Public()
  @Page('community/help')
  show() {
    return { titleKey: 'community:help.title' };
  }
}
