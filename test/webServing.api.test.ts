/**
 * How the built web app is served: precompressed assets chosen by Accept-Encoding, immutable
 * caching for hashed files, revalidation for index.html and the SPA fallback. Uses a small fake
 * build in a temp folder (buildApp's webRoot option), not the real web/dist.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { precompress } from '../scripts/builds.mjs';
import { openTestContext } from './helpers';

const ENTRY = `export const greeting = ${JSON.stringify('你好 '.repeat(400))};\n`;
const INDEX = `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(60)}</body></html>\n`;

let app: FastifyInstance;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-webroot-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), ENTRY);
  fs.writeFileSync(path.join(dir, 'assets', 'tiny-x1.js'), 'export{};\n');
  precompress(dir);
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

describe('serving the web build', () => {
  it('precompress writes smaller brotli and gzip siblings and skips tiny files', () => {
    const raw = fs.statSync(path.join(dir, 'assets', 'index-abc123.js')).size;
    expect(fs.statSync(path.join(dir, 'assets', 'index-abc123.js.br')).size).toBeLessThan(raw);
    expect(fs.statSync(path.join(dir, 'assets', 'index-abc123.js.gz')).size).toBeLessThan(raw);
    expect(fs.existsSync(path.join(dir, 'assets', 'tiny-x1.js.br'))).toBe(false);
  });

  it('sends the brotli file to a browser that accepts it, cached for a year as immutable', async () => {
    const r = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(r.rawPayload).toString()).toBe(ENTRY);
  });

  it('falls back to gzip, then to the plain file', async () => {
    const gz = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(ENTRY);
    const plain = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(ENTRY);
    expect(plain.headers['cache-control']).toContain('immutable');
  });

  it('index.html is revalidated (no-cache) and answers a matching ETag with 304', async () => {
    const r = await app.inject({ method: 'GET', url: '/index.html', headers: { 'accept-encoding': 'identity' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-cache');
    const etag = r.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await app.inject({ method: 'GET', url: '/index.html', headers: { 'accept-encoding': 'identity', 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
  });

  it('a screen URL gets index.html, compressed and not cached; an unknown asset is a 404', async () => {
    const r = await app.inject({ method: 'GET', url: '/registry/units?page=2', headers: { 'accept-encoding': 'br' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(zlib.brotliDecompressSync(r.rawPayload).toString()).toBe(INDEX);
    const gone = await app.inject({ method: 'GET', url: '/assets/index-old999.js' });
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).not.toMatch(/html/);
  });

  it('API routes are not affected', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(String(r.headers['cache-control'] ?? '')).not.toContain('immutable');
    expect(r.headers['content-encoding']).toBeUndefined();
  });
});
