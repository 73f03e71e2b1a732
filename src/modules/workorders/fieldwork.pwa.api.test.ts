/**
 * The installable app (issue 11): the server sends the service worker and the manifest from the
 * web build with the right types, never as the SPA fallback, and the CSP lets them load.
 * Uses web/public's real files copied into a temp build folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { openTestContext } from '../../../test/helpers';

const PUBLIC = path.resolve(__dirname, '../../../web/public');
let app: FastifyInstance;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-pwa-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><link rel="manifest" href="/manifest.webmanifest"></head><body></body></html>\n');
  for (const f of fs.readdirSync(PUBLIC)) fs.copyFileSync(path.join(PUBLIC, f), path.join(dir, f));
  const t = await openTestContext();
  cleanup = t.cleanup;
  app = await buildApp(t.ctx, { logger: false, webRoot: dir });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await cleanup?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the installable app', () => {
  it('serves the service worker as JavaScript, revalidated on each load', async () => {
    const r = await app.inject({ method: 'GET', url: '/sw.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.body).toContain("pathname.startsWith('/api/')");
  });

  it('serves the manifest with a manifest type, named 首问, standalone, with 192 and 512 icons', async () => {
    const r = await app.inject({ method: 'GET', url: '/manifest.webmanifest' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/manifest\+json/);
    const m = JSON.parse(r.body);
    expect(m.short_name).toBe('首问');
    expect(m.display).toBe('standalone');
    expect(m.start_url).toBe('/');
    for (const icon of m.icons) {
      const png = await app.inject({ method: 'GET', url: icon.src });
      expect(png.headers['content-type']).toBe('image/png');
      const [w, h] = [png.rawPayload.readUInt32BE(16), png.rawPayload.readUInt32BE(20)];
      expect(`${w}x${h}`).toBe(icon.sizes);
    }
  });

  it('allows the worker and the manifest in the CSP', async () => {
    const csp = String((await app.inject({ method: 'GET', url: '/tech' })).headers['content-security-policy']);
    expect(csp).toMatch(/worker-src 'self'/);
    expect(csp).toMatch(/manifest-src 'self'/);
  });
});
