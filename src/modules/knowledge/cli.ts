/**
 * `shouwen knowledge eval`: run the labelled query set (eval/queries.json) against the seed
 * content with the production ranker, print recall@3 and MRR, write docs/knowledge-search.md.
 * Needs no database (the ranker is pure; see eval.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../../cli/commands';
import { evaluate, type EvalQuery, type EvalReport } from './eval';
import { SEED_ARTICLES } from './seedArticles';

const here = path.dirname(fileURLToPath(import.meta.url));

export function loadEvalQueries(): EvalQuery[] {
  return JSON.parse(fs.readFileSync(path.join(here, 'eval', 'queries.json'), 'utf8')).queries;
}

export function reportMarkdown(r: EvalReport, date: string): string {
  const misses = r.results.filter((x) => x.rank !== 1);
  return [
    '# Knowledge search: evaluation',
    '',
    `Produced by \`npx shouwen knowledge eval\` on ${date}. The labelled set is`,
    '`src/modules/knowledge/eval/queries.json` (written before the ranker was tuned: questions as',
    'residents and agents say them, with 的/地 slips and digits); the articles are the seed content',
    '(`seedArticles.ts`), searched with the production ranker as a staff member of the query\'s project.',
    '',
    '| measure | value |',
    '|---|---|',
    `| queries | ${r.queries} |`,
    `| articles | ${SEED_ARTICLES.length} |`,
    `| recall@3 (an expected article among the first three) | **${r.recallAt3.toFixed(3)}** |`,
    `| MRR (mean of 1 / rank of the first expected article) | **${r.mrr.toFixed(3)}** |`,
    '',
    `## Queries whose expected article is not first (${misses.length})`,
    '',
    '| query | expected | rank | first three |',
    '|---|---|---:|---|',
    ...misses.map((x) => `| ${x.q} | ${x.expected.join(', ')} | ${x.rank ?? '—'} | ${x.got.join(', ')} |`),
    '',
  ].join('\n');
}

export const knowledgeCommand: Command = {
  summary: '知识库检索评测 knowledge eval [--out docs/knowledge-search.md]: recall@3 and MRR over the labelled set',
  async run(args) {
    if (args[0] !== 'eval') {
      process.stderr.write('用法 usage: shouwen knowledge eval [--out FILE]\n');
      return 2;
    }
    const outIdx = args.indexOf('--out');
    const out = outIdx >= 0 ? args[outIdx + 1] : path.resolve(here, '..', '..', '..', 'docs', 'knowledge-search.md');
    const r = evaluate(SEED_ARTICLES, loadEvalQueries());
    process.stdout.write(`queries ${r.queries}  recall@3 ${r.recallAt3.toFixed(3)}  MRR ${r.mrr.toFixed(3)}\n`);
    fs.writeFileSync(out, reportMarkdown(r, new Date().toISOString().slice(0, 10)));
    process.stdout.write(`written ${out}\n`);
    return 0;
  },
};
