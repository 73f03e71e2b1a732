/**
 * DOCX with East Asian fonts set on every run and the charts as PNG images (rendered by Chromium
 * from the same ECharts SVG). Without Chromium the charts fall back to their data table, which
 * every chart section carries anyway.
 */
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ReportModel } from '../assemble';
import { fmtInt } from '../narrative';
import { chromiumAvailable, svgsToPng } from './browser';
import { CHART_H, CHART_W, chartSvg } from './charts';

const FONT = { ascii: 'Noto Sans CJK SC', eastAsia: 'Noto Sans CJK SC', hAnsi: 'Noto Sans CJK SC', cs: 'Noto Sans CJK SC' };
const run = (text: string, o: { bold?: boolean; size?: number; color?: string } = {}) => new TextRun({ text, font: FONT, size: o.size ?? 21, bold: o.bold, color: o.color });

export async function renderDocx(m: ReportModel): Promise<Buffer> {
  const charts = m.sections.flatMap((s) => s.charts);
  const pngs = chromiumAvailable() ? await svgsToPng(charts.map((c) => ({ svg: chartSvg(c), width: CHART_W, height: CHART_H }))) : [];
  const pngOf = new Map(charts.map((c, i) => [c, pngs[i]]));
  const children: Array<Paragraph | Table> = [
    new Paragraph({ alignment: AlignmentType.CENTER, heading: HeadingLevel.TITLE, children: [run(m.title, { bold: true, size: 36 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [run(m.subtitle, { color: '555555' })] }),
  ];
  for (const s of m.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 80 }, children: [run(s.title, { bold: true, size: 26 })] }));
    for (const p of s.narrative.split(/\n+/).filter(Boolean)) children.push(new Paragraph({ indent: { firstLine: 420 }, spacing: { after: 60 }, children: [run(p)] }));
    for (const c of s.charts) {
      const png = pngOf.get(c);
      if (png) children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new ImageRun({ type: 'png', data: png, transformation: { width: 560, height: Math.round((560 * CHART_H) / CHART_W) }, altText: { title: c.title, description: c.title, name: c.id } })] }));
    }
    for (const t of s.tables) {
      if (!t.rows.length) continue;
      children.push(new Paragraph({ spacing: { before: 80 }, children: [run(t.title, { bold: true, size: 19 })] }));
      const cell = (text: string, o: { bold?: boolean; color?: string; right?: boolean } = {}) =>
        new TableCell({ children: [new Paragraph({ alignment: o.right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [run(text, { size: 18, bold: o.bold, color: o.color })] })] });
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: t.columns.map((c) => cell(c, { bold: true })) }),
            ...t.rows.map((r, i) => new TableRow({ children: r.map((c, j) => cell(typeof c === 'number' ? fmtInt(c) : String(c ?? ''), { right: j > 0, color: t.status?.[i] === false ? 'C41D1D' : undefined })) })),
          ],
        }),
      );
    }
  }
  const doc = new Document({
    creator: 'Shouwen 首问',
    title: `${m.title} ${m.subtitle}`,
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1020, bottom: 1020, left: 907, right: 907 } } }, children }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
