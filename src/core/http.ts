import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from './errors';
import { hasMessage, pickLocale, t, type Locale } from './i18n';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function localeOf(req: FastifyRequest): Locale {
  return pickLocale(req.headers['accept-language']);
}

interface FieldIssue {
  path: string;
  code: string;
  message: string;
}

/** Turn zod issues (as fastify-type-provider-zod reports them) into localised field messages. */
function describeValidation(locale: Locale, context: string | undefined, issues: any[]): FieldIssue[] {
  return issues.map((v) => {
    const path = `${context ?? 'body'}${v.instancePath && v.instancePath !== '/' ? v.instancePath.replace(/\//g, '.') : ''}`;
    const p = v.params ?? {};
    let message: string;
    if (typeof v.message === 'string' && hasMessage(v.message)) message = t(locale, v.message, { value: '' });
    else if (v.keyword === 'invalid_type' && p.input === undefined) message = t(locale, 'zod.required');
    else
      message = t(locale, `zod.${v.keyword}`, {
        minimum: String(p.minimum ?? ''),
        maximum: String(p.maximum ?? ''),
        divisor: String(p.divisor ?? ''),
        keys: Array.isArray(p.keys) ? p.keys.join(', ') : '',
      });
    return { path, code: String(v.keyword), message };
  });
}

const STATUS_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'validation.media_type' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'validation.too_large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'validation.body_json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'validation.body_json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'validation.bad_request' },
};

/** Database constraint errors map to 409 / 400 rather than 500. */
export function constraintError(err: any): AppError | null {
  const code: string | undefined = err?.code;
  const msg: string = String(err?.message ?? '');
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const m = /UNIQUE constraint failed: ([\w.]+)/.exec(msg) ?? /Key \(([^)]+)\)/.exec(String(err?.detail ?? ''));
    return new AppError(409, 'conflict.duplicate', { field: m ? m[1] : '' });
  }
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new AppError(409, 'conflict.reference');
  // Transient contention (PostgreSQL serialization failure or deadlock, SQLite still locked after
  // the busy timeout): nothing was written; the client may simply try again.
  if (code === '40001' || code === '40P01' || code === '55P03' || code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT') return new AppError(409, 'conflict.busy');
  // PostgreSQL class 22 (data exception: NUL bytes, bad encodings, out-of-range values) is bad input.
  if ((typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) || code === 'SQLITE_TOOBIG') return new AppError(400, 'validation.bad_request');
  return null;
}

export function sendError(reply: FastifyReply, req: FastifyRequest, err: AppError): FastifyReply {
  const locale = localeOf(req);
  const body: ErrorBody = { error: { code: err.code, message: t(locale, err.code, err.params) } };
  if (err.details !== undefined) body.error.details = err.details;
  return reply.status(err.status).type('application/json; charset=utf-8').send(body);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const locale = localeOf(req);
    if (error instanceof AppError) return sendError(reply, req, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = describeValidation(locale, (error as any).validationContext, error.validation);
      const fields = details.map((d) => `${d.path}（${d.message}）`).join('；');
      return reply.status(400).send({
        error: { code: 'validation.failed', message: t(locale, 'validation.failed', { fields }), details },
      });
    }
    const mapped = error.code ? STATUS_CODES[error.code] : undefined;
    if (mapped) return sendError(reply, req, new AppError(mapped.status, mapped.code));
    const c = constraintError(error);
    if (c) return sendError(reply, req, c);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, req, new AppError(error.statusCode, 'validation.bad_request'));
    }
    req.log.error({ err: { message: error.message, code: error.code, stack: error.stack } }, 'unhandled error');
    return sendError(reply, req, new AppError(500, 'internal'));
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, req, new AppError(404, 'route.not_found', { method: req.method, url: req.url.split('?')[0] })),
  );
}
