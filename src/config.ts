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
  /** Always mark the session cookie `Secure` (it is also `Secure` on any request that arrived over https). */
  secureCookies: boolean;
  /**
   * Which reverse proxies to believe about the client (X-Forwarded-For / -Proto / -Host): false
   * (default: none — a direct client could forge them), true (any), or addresses / CIDRs.
   */
  trustProxy: boolean | string[];
  /** `SHOUWEN_PUBLIC_URL`: the address phones reach the server at (links printed in QR codes); else the request's own. */
  publicUrl?: string;
}

/** `SHOUWEN_TRUST_PROXY`: unset or `0` = off, `1` = any proxy, else a comma-separated list of addresses / CIDRs. */
export function parseTrustProxy(v: string | undefined): boolean | string[] {
  const s = (v ?? '').trim();
  if (!s || /^(0|false|no|off)$/i.test(s)) return false;
  if (/^(1|true|yes|on)$/i.test(s)) return true;
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.SHOUWEN_DATA || './data');
  return {
    port: Number(env.PORT || 3000),
    // Loopback unless told otherwise: the demo accounts share a published password, so the
    // server is reachable from the network only when HOST says so (e.g. 0.0.0.0 behind a proxy).
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    demo: env.SHOUWEN_DEMO !== '0',
    adminPassword: env.SHOUWEN_ADMIN_PASSWORD || undefined,
    secret: env.SHOUWEN_SECRET || undefined,
    attachmentsDir: path.resolve(env.SHOUWEN_ATTACHMENTS || path.join(dataDir, 'attachments')),
    logLevel: env.LOG_LEVEL || 'info',
    secureCookies: env.SHOUWEN_SECURE_COOKIES === '1',
    trustProxy: parseTrustProxy(env.SHOUWEN_TRUST_PROXY),
    publicUrl: env.SHOUWEN_PUBLIC_URL || undefined,
  };
}
