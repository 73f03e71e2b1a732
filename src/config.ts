import path from 'node:path';

/** Runtime configuration, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  demo: boolean;
  adminPassword?: string;
  /** Secret for protecting ID numbers at rest; generated into the data folder when absent. */
  secret?: string;
  attachmentsDir: string;
  logLevel: string;
  secureCookies: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.SHOUWEN_DATA || './data');
  return {
    port: Number(env.PORT || 3000),
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    demo: env.SHOUWEN_DEMO !== '0',
    adminPassword: env.SHOUWEN_ADMIN_PASSWORD || undefined,
    secret: env.SHOUWEN_SECRET || undefined,
    attachmentsDir: path.resolve(env.SHOUWEN_ATTACHMENTS || path.join(dataDir, 'attachments')),
    logLevel: env.LOG_LEVEL || 'info',
    secureCookies: env.SHOUWEN_SECURE_COOKIES === '1',
  };
}
