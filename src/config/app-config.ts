import { isAbsolute, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { ConfigError } from './config-error';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

// Raw environment, as the operator typed it. Each field says what it accepts so a
// wrong value is reported with its name instead of failing later and obscurely.
class EnvironmentVariables {
  @Transform(emptyToUndefined)
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  PORT?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  HOST?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must look like postgres://user:password@host:5432/database',
  })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'BASE_URL must be an http(s) URL, e.g. https://terrain.example.org' },
  )
  BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters long' })
  SESSION_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, {
    message: 'SMTP_URL must look like smtp://user:password@host:587 or smtps://…',
  })
  SMTP_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(true|false|\d+|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a number of proxies, or a comma-separated list of proxy addresses',
  })
  TRUST_PROXY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  UPLOAD_DIR?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt({ message: 'RATE_LIMIT_PER_MINUTE must be a whole number' })
  @Min(10, { message: 'RATE_LIMIT_PER_MINUTE must be at least 10' })
  RATE_LIMIT_PER_MINUTE?: number;
}

/** What the rest of the application reads: typed, defaulted, paths absolute. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Unset: the embedded database in `dataDir` is used. */
  databaseUrl: string | null;
  baseUrl: string;
  /** Unset: read from (or generated into) `dataDir`. */
  sessionSecret: string | null;
  smtpUrl: string | null;
  /** Value for Express's `trust proxy` setting; false when no proxy is trusted. */
  trustProxy: boolean | number | string;
  logLevel: LogLevel;
  uploadDir: string;
  rateLimitPerMinute: number;
  /** True when cookies must be marked Secure (HTTPS in front). */
  secureCookies: boolean;
}

function parseTrustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

/**
 * Reads the configuration from the environment. Throws a ConfigError listing every
 * problem at once so the operator fixes them in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): AppConfig {
  const raw = plainToInstance(EnvironmentVariables, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(raw, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const problems = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
    );
    throw new ConfigError(problems);
  }
  const port = raw.PORT ?? 3000;
  const dataDir = absolute(raw.DATA_DIR ?? './data', cwd);
  const baseUrl = (raw.BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const trustProxy = parseTrustProxy(raw.TRUST_PROXY);
  return {
    port,
    host: raw.HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl: raw.DATABASE_URL ?? null,
    baseUrl,
    sessionSecret: raw.SESSION_SECRET ?? null,
    smtpUrl: raw.SMTP_URL ?? null,
    trustProxy,
    logLevel: raw.LOG_LEVEL ?? 'info',
    uploadDir: raw.UPLOAD_DIR ? absolute(raw.UPLOAD_DIR, cwd) : resolve(dataDir, 'uploads'),
    rateLimitPerMinute: raw.RATE_LIMIT_PER_MINUTE ?? 300,
    secureCookies: baseUrl.startsWith('https://') || trustProxy !== false,
  };
}

function absolute(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
