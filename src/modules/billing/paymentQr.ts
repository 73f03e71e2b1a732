/**
 * The payment QR on a bill notice (缴费二维码): a project may configure a template for the text
 * the code carries — typically its payment page or collection account link with the notice
 * number as the payment reference, so money that arrives can be matched to the house. Without a
 * template, notices carry no code (nothing is invented). The placeholders are filled per notice.
 */
import QRCode from 'qrcode';
import { AppError } from '../../core/errors';

const PLACEHOLDER = /\{(noticeNo|unit|period|amount|projectCode)\}/g;

export interface PaymentQrValues {
  noticeNo: string;
  unit: string;
  period: string;
  /** Total to pay in fen; printed as 元 with two decimals. */
  amountFen: number;
  projectCode: string;
}

/** A template: printable text up to 300 characters, only known placeholders, and the notice number in it. */
export function validatePaymentQrTemplate(template: string): void {
  const bad = (why: string) => new AppError(400, 'billing.payment_qr_template_invalid', { why }); // why: for logs and tests
  if (template.length > 300) throw bad('length');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(template)) throw bad('characters');
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) throw bad('placeholder');
  // Without the notice number the payment could not be matched to a house.
  if (!template.includes('{noticeNo}')) throw bad('notice_no');
}

/** Fills a template; values going into a URL's query are percent-encoded there. */
export function renderPaymentQr(template: string, v: PaymentQrValues): string {
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(template);
  const text = (k: string): string => {
    const raw = k === 'amount' ? (v.amountFen / 100).toFixed(2) : String(v[k as keyof PaymentQrValues]);
    return isUrl ? encodeURIComponent(raw) : raw;
  };
  return template.replace(PLACEHOLDER, (_all, k: string) => text(k));
}

/** The code as SVG (vector: sharp in print and PDF), drawn from the QR matrix. */
export function qrSvg(text: string, sizeMm = 30): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  let path = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) path += `M${c + quiet} ${r + quiet}h1v1h-1z`;
  const dim = n + quiet * 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${dim} ${dim}" width="${sizeMm}mm" height="${sizeMm}mm" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

/** The code as PNG (Word documents take raster images). */
export function qrPng(text: string, px = 240): Promise<Buffer> {
  return QRCode.toBuffer(text, { errorCorrectionLevel: 'M', width: px, margin: 4 });
}
