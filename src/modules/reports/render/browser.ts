/**
 * Chromium through playwright-core: the PDF of the report's HTML, and PNG images of the charts for
 * DOCX. One browser per process, started on first use and closed when idle.
 */
import fs from 'node:fs';
import { AppError } from '../../../core/errors';

type Browser = import('playwright-core').Browser;
let browser: Promise<Browser> | null = null;
let idle: NodeJS.Timeout | null = null;

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export function chromiumAvailable(): boolean {
  return fs.existsSync(chromiumPath());
}

async function getBrowser(): Promise<Browser> {
  if (!chromiumAvailable()) throw new AppError(503, 'reports.chromium_missing', { path: chromiumPath() });
  if (!browser) {
    const { chromium } = await import('playwright-core');
    browser = chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'] }).catch((e) => {
      browser = null;
      throw new AppError(503, 'reports.chromium_missing', { path: `${chromiumPath()}: ${String((e as Error).message).split('\n')[0].slice(0, 120)}` });
    });
  }
  if (idle) clearTimeout(idle);
  // A server keeps the browser warm for a minute between documents; a CLI run exits anyway.
  idle = setTimeout(() => void closeBrowser(), 60_000);
  idle.unref();
  return browser;
}

export async function closeBrowser(): Promise<void> {
  const b = browser;
  browser = null;
  if (idle) clearTimeout(idle);
  if (b) await (await b.catch(() => null))?.close();
}

export async function htmlToPdf(html: string): Promise<Buffer> {
  const b = await getBrowser();
  const page = await b.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    return Buffer.from(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#888"><span class="pageNumber"></span> / <span class="totalPages"></span></div>' }));
  } finally {
    await page.close();
  }
}

/** SVGs → PNGs (2× for print), one page for all of them. */
export async function svgsToPng(svgs: Array<{ svg: string; width: number; height: number }>): Promise<Buffer[]> {
  if (!svgs.length) return [];
  const b = await getBrowser();
  const page = await b.newPage({ deviceScaleFactor: 2 });
  try {
    await page.setContent(`<html><body style="margin:0;background:#fff">${svgs.map((s, i) => `<div id="c${i}" style="width:${s.width}px;height:${s.height}px">${s.svg}</div>`).join('')}</body></html>`);
    const out: Buffer[] = [];
    for (let i = 0; i < svgs.length; i++) out.push(Buffer.from(await page.locator(`#c${i}`).screenshot({ type: 'png' })));
    return out;
  } finally {
    await page.close();
  }
}
