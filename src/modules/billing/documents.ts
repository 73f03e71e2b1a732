/**
 * Printable documents (zh-CN): notices as print-ready HTML (A4) and DOCX — dunning letters
 * (催缴通知书), rectification notices (整改通知书), renovation permits — and payment receipts.
 * Pure: data in, text or bytes out.
 */
import { AlignmentType, BorderStyle, Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { qrPng, qrSvg } from './paymentQr';
import type { LetterData } from './dunning';

/** A notice as data; both renderers draw the same thing. */
export interface NoticeDoc {
  title: string;
  /** Document number (编号). */
  number: string;
  /** "尊敬的 … 业主：" */
  addressee?: string;
  paragraphs: string[];
  table?: { headers: string[]; rows: string[][]; footer?: string[] };
  /** Lines printed after the table (deadline, how to pay, contact). */
  after?: string[];
  /** Right-aligned signature block: company, date. */
  signature: string[];
  /** Small print at the bottom. */
  notes?: string[];
  /** A payment QR code printed beside the signature (the text it carries and a caption). */
  qr?: { text: string; caption: string };
}

/** 123456 fen → "1,234.56". */
export function formatYuan(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${neg ? '-' : ''}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿', '万亿'];

/** Amount in Chinese capitals as written on receipts (大写金额): 100005 fen → 壹仟元零伍分. */
export function rmbUpper(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError('rmbUpper needs a non-negative integer number of fen');
  if (fen === 0) return '零元整';
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const f = fen % 10;
  let out = '';
  if (yuan > 0) {
    const s = String(yuan);
    let zero = false;
    for (let i = 0; i < s.length; i++) {
      const d = Number(s[i]);
      const pos = s.length - 1 - i;
      if (d === 0) zero = true;
      else {
        if (zero) out += '零';
        zero = false;
        out += DIGITS[d] + SMALL_UNITS[pos % 4];
      }
      if (pos % 4 === 0 && pos > 0) {
        const group = s.slice(Math.max(0, i - 3), i + 1);
        if (/[1-9]/.test(group)) out += BIG_UNITS[pos / 4];
      }
    }
    out += '元';
  }
  if (jiao === 0 && f === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += '零';
  if (f > 0) out += `${DIGITS[f]}分`;
  else out += '整';
  return out;
}

/** "2026-03-15" → "2026年3月15日". */
export function cnDate(d: string): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A4 print-ready HTML of a notice (opens in any browser; Ctrl+P prints it as laid out). */
export function noticeHtml(doc: NoticeDoc): string {
  const e = escapeHtml;
  const table = doc.table
    ? `<table><thead><tr>${doc.table.headers.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${doc.table.rows
        .map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody>${doc.table.footer ? `<tfoot><tr>${doc.table.footer.map((c) => `<td>${e(c)}</td>`).join('')}</tr></tfoot>` : ''}</table>`
    : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${e(doc.title)} ${e(doc.number)}</title>
<style>
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 14pt; line-height: 1.8; color: #000; max-width: 174mm; margin: 0 auto; }
h1 { text-align: center; font-size: 22pt; letter-spacing: 0.3em; margin: 0 0 4mm; }
.no { text-align: right; font-size: 11pt; margin-bottom: 6mm; }
p { text-indent: 2em; margin: 0 0 2mm; }
p.to { text-indent: 0; }
table { width: 100%; border-collapse: collapse; margin: 4mm 0; font-size: 11pt; }
th, td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: center; }
tfoot td { font-weight: bold; }
.sig { text-align: right; margin-top: 12mm; }
.qr { float: left; margin-top: 8mm; text-align: center; font-size: 9pt; line-height: 1.4; width: 40mm; }
.sig div { margin: 0; }
.notes { margin-top: 10mm; font-size: 10pt; border-top: 1px dashed #000; padding-top: 2mm; }
.notes p { text-indent: 0; }
@media print { .noprint { display: none; } }
</style></head>
<body>
<h1>${e(doc.title)}</h1>
<div class="no">编号：${e(doc.number)}</div>
${doc.addressee ? `<p class="to">${e(doc.addressee)}</p>` : ''}
${doc.paragraphs.map((p) => `<p>${e(p)}</p>`).join('\n')}
${table}
${(doc.after ?? []).map((p) => `<p>${e(p)}</p>`).join('\n')}
${doc.qr ? `<div class="qr">${qrSvg(doc.qr.text)}<div>${e(doc.qr.caption)}</div></div>` : ''}
<div class="sig">${doc.signature.map((s) => `<div>${e(s)}</div>`).join('')}</div>
${doc.notes?.length ? `<div class="notes">${doc.notes.map((n) => `<p>${e(n)}</p>`).join('')}</div>` : ''}
</body></html>`;
}

const FONT = 'SimSun';
const run = (text: string, opts: { bold?: boolean; size?: number } = {}) => new TextRun({ text, font: FONT, size: opts.size ?? 28, bold: opts.bold });

/** The same notice as a Word document (DOCX). */
export async function noticeDocx(doc: NoticeDoc): Promise<Buffer> {
  return noticesDocx([doc]);
}

/** Several notices in one Word document, one per page (batch printing). */
export async function noticesDocx(docs: readonly NoticeDoc[]): Promise<Buffer> {
  const qrImages = await Promise.all(docs.map((doc) => (doc.qr ? qrPng(doc.qr.text) : null)));
  const d = new Document({
    creator: 'Shouwen 首问',
    title: docs.length === 1 ? `${docs[0].title} ${docs[0].number}` : `${docs[0]?.title ?? ''}（${docs.length} 份）`,
    sections: docs.map((doc, i) => ({ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1020, right: 1020 } } }, children: docxChildren(doc, qrImages[i]) })),
  });
  return Packer.toBuffer(d);
}

function docxChildren(doc: NoticeDoc, qrImage: Buffer | null = null): (Paragraph | Table)[] {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, bold = false) => new TableCell({ borders, children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, { bold, size: 22 })] })] });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [run(doc.title, { bold: true, size: 44 })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: 240 }, children: [run(`编号：${doc.number}`, { size: 22 })] }),
  ];
  if (doc.addressee) children.push(new Paragraph({ children: [run(doc.addressee)] }));
  for (const p of doc.paragraphs) children.push(new Paragraph({ indent: { firstLine: 560 }, spacing: { line: 420 }, children: [run(p)] }));
  if (doc.table) {
    const rows = [new TableRow({ tableHeader: true, children: doc.table.headers.map((h) => cell(h, true)) }), ...doc.table.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))];
    if (doc.table.footer) rows.push(new TableRow({ children: doc.table.footer.map((c) => cell(c, true)) }));
    children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }));
  }
  for (const p of doc.after ?? []) children.push(new Paragraph({ indent: { firstLine: 560 }, spacing: { line: 420 }, children: [run(p)] }));
  children.push(new Paragraph({ spacing: { before: 480 }, children: [] }));
  if (doc.qr && qrImage) {
    children.push(new Paragraph({ children: [new ImageRun({ type: 'png', data: qrImage, transformation: { width: 110, height: 110 } })] }));
    children.push(new Paragraph({ children: [run(doc.qr.caption, { size: 18 })] }));
  }
  for (const s of doc.signature) children.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(s)] }));
  for (const n of doc.notes ?? []) children.push(new Paragraph({ spacing: { before: 120 }, children: [run(n, { size: 20 })] }));
  return children;
}

/** 催缴通知书 from the data frozen when the step was taken. */
export function dunningLetterDoc(l: LetterData): NoticeDoc {
  return {
    title: '催缴通知书',
    number: l.letterNo,
    addressee: `尊敬的 ${l.projectName} ${l.unitLabel} ${l.partyName}：`,
    paragraphs: [
      `根据《物业服务合同》的约定，业主应按时交纳物业服务费等相关费用。经核对，截至${cnDate(l.issuedOn)}，您的房屋已累计欠费 ${l.monthsInArrears} 个月，欠费金额合计人民币 ${formatYuan(l.totalFen)} 元（大写：${rmbUpper(l.totalFen)}），明细如下：`,
    ],
    table: {
      headers: ['所属月份', '收费项目', '应收金额（元）', '欠费金额（元）', '应缴日期'],
      rows: l.items.map((i) => [i.month, i.feeName, formatYuan(i.amountFen), formatYuan(i.outstandingFen), i.dueDate]),
      footer: ['合计', '', '', formatYuan(l.totalFen), ''],
    },
    after: [
      `请您于${cnDate(l.payBy)}前到物业服务中心收费处交清上述费用，或通过银行转账、微信、支付宝等方式缴纳。如已缴纳，请忽略本通知，并感谢您的支持。`,
      `如对欠费明细有疑问，请与物业服务中心联系${l.collectorName ? `（收费员：${l.collectorName}）` : ''}。`,
    ],
    signature: [l.companyName, `${l.projectName}物业服务中心`, cnDate(l.issuedOn)],
    notes: ['本通知书一式两份，一份送达业主，一份由物业服务中心存档。', '签收人：____________　　签收日期：____________'],
  };
}

export interface ReceiptData {
  receiptNo: string;
  companyName: string;
  projectName: string;
  accountLabel: string;
  payerName: string | null;
  paidOn: string;
  method: string;
  reference: string | null;
  amountFen: number;
  creditedFen: number;
  lines: { description: string; fen: number }[];
  collectorName: string | null;
}

const METHOD_NAMES: Record<string, string> = { cash: '现金', bank_transfer: '银行转账', wechat_pay: '微信支付', alipay: '支付宝', card: '刷卡', other: '其他' };

/** 收款收据 as print-ready HTML. */
export function receiptHtml(r: ReceiptData): string {
  const rows = r.lines.map((l) => [l.description, formatYuan(l.fen)]);
  if (r.creditedFen > 0) rows.push(['预存款', formatYuan(r.creditedFen)]);
  return noticeHtml({
    title: '收款收据',
    number: r.receiptNo,
    paragraphs: [
      `交款单位/个人：${r.payerName ?? r.accountLabel}　　房号：${r.projectName} ${r.accountLabel}`,
      `收款日期：${cnDate(r.paidOn)}　　付款方式：${METHOD_NAMES[r.method] ?? r.method}${r.reference ? `（流水号 ${r.reference}）` : ''}`,
    ],
    table: { headers: ['收费项目', '金额（元）'], rows, footer: ['合计', formatYuan(r.amountFen)] },
    after: [`金额（大写）：${rmbUpper(r.amountFen)}`],
    signature: [r.companyName, `收款人：${r.collectorName ?? '________'}`],
  });
}
