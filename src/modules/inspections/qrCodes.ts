/**
 * Checkpoint QR codes as images and printable label sheets. The QR holds the absolute link a phone
 * camera opens (`<origin>/m/checkpoint/<token>`), built by the one rule in `checkpointQrPayload`.
 * No database and no browser here: PNG/SVG come from the `qrcode` library, the sheet is HTML that
 * the caller turns into a PDF with Chromium.
 */
import QRCode from 'qrcode';
import { checkpointQrPayload } from './core';

/** A label's content: everything a patrol officer needs to find the point and stick the label on. */
export interface CheckpointLabel {
  readonly token: string;
  readonly code: string;
  readonly name: string;
  readonly location: string | null;
  readonly project: string;
}

/**
 * The origin the QR links point to: the configured public address when there is one (a server
 * behind a proxy knows its outside name only this way), else the address the request came to.
 * A Host header that is not a plain host[:port] is not trusted to end up printed on a label.
 */
export function publicOrigin(configured: string | undefined, protocol: string, host: string | undefined): string {
  if (configured && /^https?:\/\/[^\s/]+/.test(configured)) return configured.replace(/\/+$/, '');
  const h = host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : 'localhost';
  return `${protocol === 'https' ? 'https' : 'http'}://${h}`;
}

export function checkpointLink(origin: string, token: string): string {
  return checkpointQrPayload(token, origin);
}

// Medium error correction survives a scuffed or slightly dirty sticker; the quiet zone of 2
// modules is enough on a white label with a cut margin.
const QR_OPTS = { errorCorrectionLevel: 'M' as const, margin: 2 };

export async function qrPng(text: string, size = 480): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...QR_OPTS, type: 'png', width: size });
}

export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...QR_OPTS, type: 'svg' });
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Cuts a label line to `max` characters (CJK counts as two, as it is about twice as wide). */
export function fitLine(s: string, max: number): string {
  let width = 0;
  let out = '';
  for (const ch of s) {
    const w = /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
    if (width + w > max) return `${out}…`;
    width += w;
    out += ch;
  }
  return out;
}

/** Places the library's SVG (viewBox only) at a position and size inside another SVG. */
function nestSvg(svg: string, x: number, y: number, size: number): string {
  return svg.replace(/<\?xml[^>]*>/, '').replace('<svg ', `<svg x="${x}" y="${y}" width="${size}" height="${size}" `);
}

export const LABEL_SIZE = { width: 360, height: 240 } as const;

/** One label as an SVG (360×240 px): QR on the left, code, name, location and project on the right. */
export async function labelSvg(link: string, l: CheckpointLabel): Promise<string> {
  const { width, height } = LABEL_SIZE;
  const qr = nestSvg(await qrSvg(link), 12, 30, 180);
  const text = (y: number, s: string, size: number, weight = 400, fill = '#000') =>
    `<text x="204" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}" font-family="'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif">${escapeXml(s)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect x="1" y="1" width="${width - 2}" height="${height - 2}" rx="10" fill="#fff" stroke="#333" stroke-width="2"/>`,
    qr,
    text(64, fitLine(l.code, 14), 22, 700),
    text(104, fitLine(l.name, 14), 18, 700),
    l.location ? text(134, fitLine(l.location, 16), 14, 400, '#333') : '',
    text(164, fitLine(l.project, 16), 14, 400, '#333'),
    text(212, '巡检点 · 请扫码打卡', 12, 400, '#666'),
    '</svg>',
  ].join('');
}

export const LABELS_PER_PAGE = 8;

/** Labels in pages of eight (2 × 4 on A4). */
export function paginateLabels<T>(labels: readonly T[], perPage = LABELS_PER_PAGE): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < labels.length; i += perPage) pages.push(labels.slice(i, i + perPage));
  return pages;
}

/**
 * The printable sheet: A4 portrait, 2 columns × 4 rows of 90 × 62 mm labels with cut lines.
 * Each label carries the QR, the code, the name, the location and the project.
 */
export async function sheetHtml(labels: readonly { link: string; label: CheckpointLabel }[], title: string): Promise<string> {
  const pages: string[] = [];
  for (const page of paginateLabels(labels)) {
    const cells: string[] = [];
    for (const { link, label } of page) {
      const qr = (await qrSvg(link)).replace(/<\?xml[^>]*>/, '');
      cells.push(
        `<div class="label"><div class="qr">${qr}</div><div class="txt"><div class="code">${escapeXml(label.code)}</div><div class="name">${escapeXml(label.name)}</div>${label.location ? `<div class="loc">${escapeXml(label.location)}</div>` : ''}<div class="proj">${escapeXml(label.project)}</div><div class="hint">巡检点 · 请扫码打卡</div></div></div>`,
      );
    }
    pages.push(`<section class="page">${cells.join('')}</section>`);
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>
@page { size: A4; margin: 12mm 10mm; }
body { margin: 0; font-family: 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif; color: #000; }
.page { display: grid; grid-template-columns: 90mm 90mm; grid-auto-rows: 62mm; gap: 4mm 6mm; justify-content: center; page-break-after: always; }
.page:last-child { page-break-after: auto; }
.label { border: 0.3mm dashed #888; border-radius: 2mm; display: flex; align-items: center; padding: 3mm; box-sizing: border-box; overflow: hidden; }
.qr { width: 44mm; height: 44mm; flex: none; }
.qr svg { width: 100%; height: 100%; }
.txt { margin-left: 3mm; min-width: 0; }
.code { font-size: 14pt; font-weight: 700; }
.name { font-size: 12pt; font-weight: 700; margin-top: 1mm; word-break: break-all; }
.loc, .proj { font-size: 9pt; color: #333; margin-top: 1mm; word-break: break-all; }
.hint { font-size: 8pt; color: #666; margin-top: 3mm; }
</style></head><body>${pages.join('')}</body></html>`;
}
