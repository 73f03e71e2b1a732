import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './core/context';
import { frameworkErrors, installErrorHandling, installInputGuards, sendError } from './core/http';
import { privateLoggerOptions } from './core/redact';
import { AppError } from './core/errors';
import { isReachable } from './db';
import { authRoutes, installAuth } from './modules/auth/routes';
import { installAccessRegistry, PUBLIC } from './modules/auth/access';
import { registryRoutes } from './modules/registry/routes';
import { moduleRoutes } from './routes';
import './modules/register';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = path.join(ROOT, 'web', 'dist');

export interface BuildOptions {
  /** Pino logger options or false; tests pass a stream to inspect what gets logged. */
  logger?: FastifyServerOptions['logger'];
  serveWeb?: boolean;
  /** The built web app to serve (default web/dist); tests point it at a folder of their own. */
  webRoot?: string;
}

/** Vite names every file under assets/ by its content hash: a changed file is a new URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Content-Security-Policy of every response (the web app and /docs included). Scripts only from
 * this origin; styles also inline, because antd writes its CSS-in-JS into <style> elements;
 * images also as data: / blob: URLs (QR codes, chart exports, previews); no framing by anyone.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  // The installable app's manifest (web/public/manifest.webmanifest).
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  // Off: it would rewrite same-origin http:// requests to https:// on a plain-http LAN install.
  upgradeInsecureRequests: null,
};

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  // Phone and ID numbers are masked in everything logged, request URLs included (see core/redact).
  const logger = privateLoggerOptions(opts.logger === undefined ? { level: ctx.config.logLevel } : opts.logger);
  // X-Forwarded-* are believed only from the proxies the operator named (SHOUWEN_TRUST_PROXY);
  // otherwise any client could claim an address (defeating per-address lock-out) or https.
  const app = Fastify({ logger, bodyLimit: 5 * 1024 * 1024, trustProxy: ctx.config.trustProxy, frameworkErrors });
  app.decorate('ctx', ctx);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  installAccessRegistry(app);

  await app.register(cookie);
  // Bounded multipart: a body with thousands of parts or huge fields is refused (413), not parsed.
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 5, fields: 50, parts: 60, fieldSize: 1024 * 1024, headerPairs: 100 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Shouwen 首问 API', version: '0.1.0', description: '物业客服中心运营平台 — service-centre operations platform' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sw_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/api/openapi.json', { config: PUBLIC(), schema: { hide: true } }, async () => app.swagger());

  installAuth(app);
  installInputGuards(app);

  app.get('/api/health', { config: PUBLIC(), schema: { tags: ['system'], summary: '健康检查 Health' } }, async (req, reply) => {
    if (!(await isReachable(ctx.store))) return sendError(reply, req, new AppError(503, 'internal'));
    return { status: 'ok', database: ctx.store.dialect };
  });

  await app.register(authRoutes);
  await app.register(registryRoutes);
  for (const r of moduleRoutes) await app.register(r);

  const webRoot = path.resolve(opts.webRoot ?? WEB_DIST);
  if (opts.serveWeb !== false && fs.existsSync(path.join(webRoot, 'index.html'))) {
    const assets = path.join(webRoot, 'assets') + path.sep;
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: false,
      // x.js.br / x.js.gz made at build time (scripts/builds.mjs), chosen by Accept-Encoding.
      preCompressed: true,
      // Hashed assets never change; everything else (index.html) is revalidated on each use by its ETag.
      setHeaders: (reply, file) => reply.header('cache-control', file.startsWith(assets) ? IMMUTABLE : 'no-cache'),
    });
    // Single-page app: any non-API GET that is not a file gets index.html.
    app.get('/*', { schema: { hide: true } }, (req, reply) => {
      const rel = decodeURIComponent(req.url.split('?')[0]);
      if (rel.startsWith('/api/')) return sendError(reply, req, new AppError(404, 'route.not_found', { method: req.method, url: rel }));
      const file = path.join(webRoot, path.normalize(rel));
      if (file.startsWith(webRoot) && fs.existsSync(file) && fs.statSync(file).isFile()) return reply.sendFile(path.relative(webRoot, file));
      // A chunk of an older build (a page open across an update) is a 404, not index.html parsed as JavaScript.
      if (rel.startsWith('/assets/')) return reply.code(404).type('text/plain').send('Not Found');
      return reply.type('text/html').sendFile('index.html');
    });
  } else if (opts.serveWeb !== false) {
    app.get('/', { schema: { hide: true } }, (_req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><meta charset="utf-8"><title>首问 Shouwen</title><p>首问服务已运行。网页界面尚未构建：请运行 <code>npm run build:web</code>。API 文档见 <a href="/docs">/docs</a>。</p>'),
    );
  }
  return app;
}
