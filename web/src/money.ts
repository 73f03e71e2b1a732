/**
 * The one place where money crosses between the API (integer fen; unit prices as decimal strings
 * of fen) and people (yuan, two decimals). Every screen formats and parses money through these
 * functions, so a fen/yuan mix-up is fixed — and tested — once. All work is done on the decimal
 * digits (BigInt or string shifting), never through a binary float, so 1005 fen never shows as 10.04.
 */

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}

/** Integer fen (分) → exact decimal string of yuan ("-12.05"). */
export function fenToYuanString(fen: number | bigint): string {
  if (typeof fen === 'number' && !Number.isSafeInteger(fen)) throw new RangeError(`money must be an integer number of fen: ${fen}`);
  const n = BigInt(fen);
  const neg = n < 0n;
  const abs = neg ? -n : n;
  return `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Money in integer fen shown as CNY in the UI language: ¥1,234.50 / CN¥1,234.50. */
export function formatMoney(fen: number | bigint, locale: string): string {
  // Intl formats a decimal string exactly (no binary float in between).
  const f = numberFormat(locale, { style: 'currency', currency: 'CNY', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return f.format(fenToYuanString(fen) as Intl.StringNumericLiteral);
}

/** Integer fen → yuan as a plain decimal string for an input box (123450 → "1234.50"). */
export function fenToYuanInput(fen: number): string {
  return fenToYuanString(fen);
}

/** Yuan as typed → integer fen; null when it is not a non-negative amount with at most two decimals. */
export function yuanToFen(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

const PRICE_FEN_RE = /^(\d+)(?:\.(\d+))?$/;

/**
 * A unit price as the API stores it — a decimal string of fen, up to four decimals ("250" is
 * 2.50 元/㎡·月, "345.5" is 3.455 元/吨) — → exact yuan with at least two decimals. Null when the
 * API sent nothing or something that is not a price.
 */
export function priceFenToYuan(priceFen: string | number | null | undefined): string | null {
  if (priceFen === null || priceFen === undefined) return null;
  const m = PRICE_FEN_RE.exec(String(priceFen).trim());
  if (!m) return null;
  // Dividing by 100 moves the decimal point two places left: pad the integer digits to three.
  const digits = m[1].padStart(3, '0');
  const intPart = digits.slice(0, -2).replace(/^0+(?=\d)/, '');
  const frac = (digits.slice(-2) + (m[2] ?? '')).replace(/0+$/, '').padEnd(2, '0');
  return `${intPart}.${frac}`;
}

/** A unit price (decimal fen) shown in yuan in the UI language: "2.50", "1,234.5678". */
export function formatUnitPrice(priceFen: string | number | null | undefined, locale: string): string {
  const yuan = priceFenToYuan(priceFen);
  if (yuan === null) return '';
  const f = numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 6 });
  return f.format(yuan as Intl.StringNumericLiteral);
}

/**
 * A unit price typed in yuan ("2.80", "3.455") → the API's decimal string of fen ("280",
 * "345.5"). Null when it is not a non-negative number with at most six decimals in yuan (the
 * API keeps four decimals of fen).
 */
export function yuanToPriceFen(text: string | number | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  const m = /^(\d+)(?:\.(\d{0,6}))?$/.exec(s);
  if (!m) return null;
  const frac = (m[2] ?? '').padEnd(2, '0');
  const intPart = `${m[1]}${frac.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = frac.slice(2).replace(/0+$/, '');
  return rest ? `${intPart}.${rest}` : intPart;
}

/**
 * Integer fen → yuan as a number, only for chart axes (a chart scales floats anyway); labels on
 * the chart go back through formatMoney(yuanNumberToFen(v)).
 */
export function fenToYuanNumber(fen: number): number {
  return fen / 100;
}
export function yuanNumberToFen(yuan: number): number {
  return Math.round(yuan * 100);
}
