/** The print-ready A4 HTML of a report: the source of the PDF and the archived copy. */
import type { ReportModel } from '../assemble';
import { fmtInt } from '../narrative';
import { chartSvg } from './charts';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderHtml(m: ReportModel, opts: { draft?: boolean; footer?: string } = {}): string {
  const body = m.sections
    .map((s) => {
      const paras = s.narrative
        .split(/\n+/)
        .filter(Boolean)
        .map((p) => `<p>${esc(p)}</p>`)
        .join('');
      const tables = s.tables
        .filter((t) => t.rows.length)
        .map(
          (t) =>
            `<table${t.rows.length <= 16 ? ' class="keep"' : ''}><caption>${esc(t.title)}</caption><thead><tr>${t.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${t.rows
              .map((r, i) => `<tr${t.status?.[i] === false ? ' class="missed"' : t.status?.[i] === true ? ' class="met"' : ''}>${r.map((c, j) => `<td${j > 0 ? ' class="num"' : ''}>${esc(typeof c === 'number' ? fmtInt(c) : c)}</td>`).join('')}</tr>`)
              .join('')}</tbody></table>`,
        )
        .join('');
      const charts = s.charts.map((c) => `<figure class="chart">${chartSvg(c)}</figure>`).join('');
      return `<section id="s-${esc(s.id)}"><h2>${esc(s.title)}</h2>${paras}${charts}${tables}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="${esc(m.lang)}"><head><meta charset="utf-8"><title>${esc(m.title)} ${esc(m.subtitle)}</title>
<style>
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 10.5pt; line-height: 1.6; color: #222; margin: 0; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 4pt; }
.sub { text-align: center; color: #555; margin-bottom: 14pt; }
h2 { font-size: 13pt; border-left: 4pt solid #1677ff; padding-left: 6pt; margin: 14pt 0 6pt; break-after: avoid; }
p { margin: 3pt 0; text-indent: 2em; }
table { width: 100%; border-collapse: collapse; margin: 6pt 0 10pt; font-size: 9pt; break-inside: auto; }
caption { text-align: left; font-weight: bold; padding: 2pt 0; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; }
th { background: #f0f4fa; }
td.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
table.keep { break-inside: avoid; }
caption { break-after: avoid; }
tr.missed td { color: #c41d1d; }
tr.met td:last-child { color: #237804; }
figure.chart { margin: 4pt auto; text-align: center; break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; }
.draft { position: fixed; top: 40%; left: 20%; font-size: 72pt; color: rgba(200,0,0,0.08); transform: rotate(-30deg); }
footer { margin-top: 16pt; font-size: 8pt; color: #888; text-align: right; }
</style></head><body>
${opts.draft ? '<div class="draft">DRAFT 草稿</div>' : ''}
<h1>${esc(m.title)}</h1><div class="sub">${esc(m.subtitle)}</div>
${body}
${opts.footer ? `<footer>${esc(opts.footer)}</footer>` : ''}
</body></html>`;
}
