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
  // @fastify/multipart: a body that is not multipart, is malformed, or exceeds the limits.
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 400, code: 'validation.multipart' },
  FST_PROTO_VIOLATION: { status: 400, code: 'validation.multipart' },
  FST_INVALID_JSON_FIELD_ERROR: { status: 400, code: 'validation.multipart' },
  FST_MP_PREMATURE_CLOSE: { status: 400, code: 'validation.multipart' },
  FST_PARTS_LIMIT: { status: 413, code: 'validation.multipart_limit' },
  FST_FILES_LIMIT: { status: 413, code: 'validation.multipart_limit' },
  FST_FIELDS_LIMIT: { status: 413, code: 'validation.multipart_limit' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'validation.too_large' },
};

/**
 * Errors the multipart parser (busboy) raises as plain `Error`s, without a code: a missing
 * boundary, a body cut short, a malformed part. They are the client's fault.
 */
const MULTIPART_PARSE_ERROR = /boundary|unexpected end of (multipart data|form)|terminated early|malformed part header|unsupported content-type|missing content-type/i;

export function isMultipartParseError(req: FastifyRequest, err: { message?: unknown; statusCode?: number }): boolean {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  return type.startsWith('multipart/') && !err.statusCode && MULTIPART_PARSE_ERROR.test(String(err.message ?? ''));
}

// C0 control characters other than tab, line feed and carriage return, and DEL — raw or
// percent-encoded. Nothing legitimate puts them in a URL, and NUL breaks PostgreSQL text.
const CONTROL_IN_URL = /%(?:0[0-8bcef]|1[0-9a-f]|7f)|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/i;
const hasNul = (v: unknown, depth = 0): boolean => {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 8 || v === null || typeof v !== 'object') return false;
  if (Buffer.isBuffer(v)) return false;
  if (Array.isArray(v)) return v.some((x) => hasNul(x, depth + 1));
  for (const [k, x] of Object.entries(v)) if (k.includes('\u0000') || hasNul(x, depth + 1)) return true;
  return false;
};

/**
 * Refuse control characters in URLs (path and query, every route) and NUL bytes in parsed bodies
 * with a 400, so both databases see the same input and no handler meets a NUL. Install after the
 * access gate, so an anonymous caller still gets its 401 first.
 */
export function installInputGuards(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    if (CONTROL_IN_URL.test(req.url)) throw new AppError(400, 'validation.control_chars');
  });
  app.addHook('preValidation', async (req) => {
    if (req.body !== undefined && hasNul(req.body)) throw new AppError(400, 'validation.control_chars');
  });
}

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

/**
 * Errors Fastify raises before a route is found (a malformed percent-escape in the path, a path
 * parameter over the length limit): the same `{error:{code,message}}` body as every other error.
 */
export function frameworkErrors(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  reply.header('x-content-type-options', 'nosniff');
  sendError(reply, req, new AppError(status, 'validation.bad_url'));
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
    if (isMultipartParseError(req, error)) return sendError(reply, req, new AppError(400, 'validation.multipart'));
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
