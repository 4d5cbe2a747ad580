import { Controller, Get, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../shared/auth/access.decorators';

const PROBE_TIMEOUT_MS = 2000;

/** For load balancers and uptime monitors: 200 when the database answers, 503 when not. */
@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('healthz')
  @Public()
  @SkipThrottle()
  async health(@Res() res: Response) {
    const database = await this.probeDatabase();
    res.status(database === 'ok' ? 200 : 503).json({ status: database === 'ok' ? 'ok' : 'unavailable', database });
  }

  private async probeDatabase(): Promise<'ok' | 'down'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'down'>((resolve) => {
      timer = setTimeout(() => resolve('down'), PROBE_TIMEOUT_MS);
    });
    const probe = this.dataSource
      .query('SELECT 1')
      .then(() => 'ok' as const)
      .catch(() => 'down' as const);
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
