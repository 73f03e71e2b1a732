/** `shouwen report --type monthly|bulletin|annual --project CODE --period 2026-11 --format pdf|docx|html|xlsx --out FILE` */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from '../../cli/commands';
import { asLang } from './narrative';
import { generate, exportDoc, type Format } from './documents';
import { closeBrowser } from './render/browser';
import { systemActor } from './job';

export const reportCommand: Command = {
  summary: '生成报告 generate a report: --type monthly|bulletin|annual [--project CODE] --period 2026-11 --format pdf|docx|html|xlsx --out FILE [--lang zh-CN|zh-TW|en]',
  async run(args) {
    const { values } = parseArgs({ args, options: { type: { type: 'string', default: 'monthly' }, project: { type: 'string' }, period: { type: 'string' }, format: { type: 'string', default: 'pdf' }, out: { type: 'string' }, lang: { type: 'string' } } });
    const type = values.type as 'monthly' | 'bulletin' | 'annual';
    if (!['monthly', 'bulletin', 'annual'].includes(type)) throw new Error('--type must be monthly, bulletin or annual');
    if (!['pdf', 'docx', 'html', 'xlsx'].includes(values.format!)) throw new Error('--format must be pdf, docx, html or xlsx');
    if (!values.period || !values.out) throw new Error('--period and --out are required');
    const { openContext } = await import('../../core/bootstrap');
    const ctx = await openContext();
    try {
      let orgId: string;
      let projectId: string | null = null;
      if (values.project) {
        const p = await ctx.store.db.selectFrom('projects').select(['id', 'org_id']).where('code', '=', values.project).execute();
        if (p.length !== 1) throw new Error(`project ${values.project} not found`);
        orgId = p[0].org_id;
        projectId = p[0].id;
      } else {
        const orgs = await ctx.store.db.selectFrom('organisations').select('id').execute();
        if (orgs.length !== 1) throw new Error('--project is required when there are several organisations');
        orgId = orgs[0].id;
      }
      const t0 = Date.now();
      const { doc } = await generate(ctx, systemActor(orgId), { type, period: values.period, projectId, lang: asLang(values.lang) });
      const out = await exportDoc(doc, values.format as Format);
      fs.writeFileSync(values.out, out.body);
      process.stdout.write(`${values.out}: ${type} ${values.period} ${values.format} ${Buffer.byteLength(out.body)} bytes, ${Date.now() - t0} ms\n`);
      return 0;
    } finally {
      await closeBrowser();
      await ctx.store.close();
    }
  },
};
