/**
 * Personal data kept out of logs, and untrusted names made safe to store and show.
 *
 * Logs are read by more people (operators, log shippers, support) than may see residents' phone
 * and ID numbers (PIPL), and URLs carry them: `/api/lookup/phone?phone=138…`, `?q=1101…`. So
 * every string that reaches the log — request URLs, messages, error texts — has long digit runs
 * and ID numbers masked before it is written.
 */

// An 18-character resident ID number (17 digits and a digit or X) or any run of 7+ digits (mobile
// and landline numbers, 15-digit IDs, bank cards). Masking is on the characters alone, without
// word boundaries, so a number glued to text (`tel13812345678`, `%2B8613812345678`) is masked too.
// Mobile numbers written in groups (138-1234-5678, 138 1234 5678) are matched as a whole.
const SENSITIVE_DIGITS = /\d{17}[\dXx](?!\d)|\d{7,}|(?<!\d)1\d{2}[ -]\d{4}[ -]\d{4}(?!\d)/g;

/** `13812345678` → `138******78`: enough to tell two numbers apart in a log, not to call one. */
function maskRun(run: string): string {
  return run.slice(0, 3) + '*'.repeat(run.length - 5) + run.slice(-2);
}

/** The text with phone and ID numbers masked. */
export function redactText(s: string): string {
  return s.replace(SENSITIVE_DIGITS, maskRun);
}

/**
 * A request URL for the log, phone and ID numbers masked. When percent-decoding reveals a number
 * the raw form hides (`%31%33%38…`, `138%2D1234%2D5678`), the decoded, masked form is logged.
 */
export function redactUrl(url: string): string {
  if (url.includes('%') || url.includes('+')) {
    let decoded: string | null = null;
    try {
      decoded = decodeURIComponent(url.replace(/\+/g, ' '));
    } catch {
      decoded = null; // malformed escapes: the raw form is all there is
    }
    if (decoded !== null) {
      const masked = redactText(decoded);
      if (masked !== decoded) return masked;
    }
  }
  return redactText(url);
}

/**
 * Strings in a log record's fields masked, to a bounded depth. Only plain objects, arrays and
 * errors are walked; anything else (a request object awaiting its serializer) is kept as it is.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth >= 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { type: value.name, message: redactText(value.message), ...(code !== undefined && { code }), ...(value.stack && { stack: redactText(value.stack) }) };
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}

// Characters that change how text is displayed without being visible: bidi embeddings, overrides
// and isolates (U+202A–U+202E, U+2066–U+2069), the directional marks (U+200E, U+200F, U+061C),
// zero-width characters and the BOM. `invoice\u202Efdp.exe` would otherwise show as `invoiceexe.pdf`.
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF]/g;
// C0 and C1 control characters, DEL, and the line / paragraph separators.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

export const MAX_FILE_NAME_CHARS = 120;

/**
 * A client-supplied file name made safe to store, log and put in a Content-Disposition header:
 * NFC-normalised, bidi and other invisible controls removed, control characters and path
 * separators replaced, at most `max` characters (the extension kept when cut). `fallback` when
 * nothing usable remains.
 */
export function safeFileName(name: string | null | undefined, fallback: string, max = MAX_FILE_NAME_CHARS): string {
  let s = (name ?? '').normalize('NFC').replace(INVISIBLE, '').replace(CONTROL, '_').replace(/[\\/]/g, '_').trim();
  // Leading dots would make a hidden file or a parent reference if the name were ever used on disk.
  s = s.replace(/^\.+/, '').trim();
  const chars = Array.from(s); // code points, so a cut never splits a surrogate pair
  if (chars.length > max) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 ? Array.from(s.slice(dot)) : [];
    const keepExt = ext.length > 1 && ext.length <= 12 ? ext : [];
    s = chars.slice(0, max - keepExt.length).join('') + keepExt.join('');
  }
  return s || fallback;
}

/** Credentials never reach the log (the request serializer below logs no headers; this is a second wall). */
const REDACT_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'];

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * Pino options (as Fastify takes them) that keep personal data out of the log: the request
 * serializer masks numbers in the URL, every other field and the message are masked too.
 * `false` (no logging) passes through; `true` becomes the default options.
 */
export function privateLoggerOptions<T>(base: T): T {
  if (!base) return base;
  const opts = (base === true ? {} : base) as Record<string, any>;
  return {
    redact: REDACT_PATHS,
    ...opts,
    serializers: {
      req: (req: LoggedRequest) => ({ method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
      ...opts.serializers,
    },
    formatters: {
      ...opts.formatters,
      // Runs before the serializers: `req` / `res` are left to theirs, everything else is masked.
      log: (obj: Record<string, unknown>) => {
        const o = opts.formatters?.log ? opts.formatters.log(obj) : obj;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(o)) out[k] = k === 'req' || k === 'res' ? v : redactDeep(v);
        return out;
      },
    },
    hooks: {
      ...opts.hooks,
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        return method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)));
      },
    },
  } as T;
}
