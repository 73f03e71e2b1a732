/**
 * Generated reports (issue 16): the monthly work report of the demo organisation (all projects)
 * for the last completed month, in each format. Aim: PDF ≤ 5 s.
 * 1. the figures (one KPI layer, this month, last month and the same month last year);
 * 2. each format from the stored draft: HTML, PDF (Chromium cold, then warm), DOCX (charts as
 *    PNG through Chromium), XLSX; also the owners' bulletin of one project and the year-end summary.
 * Run: npx tsx bench/report-generate.ts   (PostgreSQL: DATABASE_URL=… npx tsx bench/report-generate.ts)
 */
import { openTestContext } from '../test/helpers';
import { seedDemo } from '../src/modules/demo';
import '../src/modules/register';
import { exportDoc, generate } from '../src/modules/reports/documents';
import { systemActor } from '../src/modules/reports/job';
import { lastCompletedMonth } from '../src/modules/reports/period';
import { chromiumAvailable, closeBrowser } from '../src/modules/reports/render/browser';

async function main() {
  const { ctx, cleanup } = await openTestContext();
  try {
    let t = performance.now();
    await seedDemo(ctx, () => undefined);
    console.log(`demo seeded in ${((performance.now() - t) / 1000).toFixed(1)} s (${ctx.store.dialect})`);
    const org = await ctx.store.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
    const actor = systemActor(org.id);
    const period = lastCompletedMonth(new Date());
    const ms = (t0: number) => `${Math.round(performance.now() - t0)} ms`;

    t = performance.now();
    const { doc } = await generate(ctx, actor, { type: 'monthly', period, projectId: null, lang: 'zh-CN' });
    console.log(`monthly ${period}, organisation: figures gathered and draft stored ${ms(t)}`);
    const formats = chromiumAvailable() ? (['html', 'pdf', 'pdf', 'docx', 'xlsx'] as const) : (['html', 'xlsx'] as const);
    let first = true;
    for (const f of formats) {
      t = performance.now();
      const out = await exportDoc(doc, f);
      const label = f === 'pdf' ? (first ? 'pdf (Chromium cold)' : 'pdf (warm)') : f;
      if (f === 'pdf') first = false;
      console.log(`  ${label.padEnd(20)} ${ms(t).padStart(8)}  ${Buffer.byteLength(out.body).toLocaleString()} bytes`);
    }
    const t1 = performance.now();
    const again = await generate(ctx, actor, { type: 'monthly', period, projectId: null, lang: 'zh-CN' });
    const pdf = chromiumAvailable() ? await exportDoc(again.doc, 'pdf') : null;
    console.log(`end to end (figures + PDF, warm browser): ${ms(t1)}${pdf ? '' : ' (no Chromium: HTML only)'}`);

    const project = await ctx.store.db.selectFrom('projects').select('id').orderBy('code').executeTakeFirstOrThrow();
    t = performance.now();
    const b = await generate(ctx, actor, { type: 'bulletin', period, projectId: project.id, lang: 'zh-CN' });
    if (chromiumAvailable()) await exportDoc(b.doc, 'pdf');
    console.log(`bulletin of one project, figures + PDF: ${ms(t)}`);
    t = performance.now();
    const a = await generate(ctx, actor, { type: 'annual', period: period.slice(0, 4), projectId: null, lang: 'zh-CN' });
    if (chromiumAvailable()) await exportDoc(a.doc, 'pdf');
    console.log(`year-end summary ${period.slice(0, 4)} (12 months + last year), figures + PDF: ${ms(t)}`);
  } finally {
    await closeBrowser();
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
