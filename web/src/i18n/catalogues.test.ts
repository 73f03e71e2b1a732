import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

type Tree = { [k: string]: string | Tree };
import { catalogues } from './catalogues';

const zhCN = catalogues['zh-CN'] as unknown as Tree;
const zhTW = catalogues['zh-TW'] as unknown as Tree;
const en = catalogues.en as unknown as Tree;

function flatten(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const cn = flatten(zhCN);
const others = { 'zh-TW': flatten(zhTW), en: flatten(en) };

describe('translation catalogues', () => {
  it('have the same keys in all three languages, none empty', () => {
    for (const [lang, cat] of Object.entries(others)) {
      expect([...cat.keys()].sort(), lang).toEqual([...cn.keys()].sort());
      for (const [k, v] of cat) expect(v.trim(), `${lang} ${k}`).not.toBe('');
    }
    for (const [k, v] of cn) expect(v.trim(), k).not.toBe('');
  });
  it('use the same interpolation variables for each key', () => {
    for (const [lang, cat] of Object.entries(others)) for (const [k, v] of cn) expect(vars(cat.get(k)!), `${lang} ${k}`).toEqual(vars(v));
  });
  it('really translate: English has no Chinese characters except the brand mark, Traditional differs from Simplified', () => {
    for (const [k, v] of others.en) if (k !== 'app.mark') expect(v, k).not.toMatch(/[\u3400-\u9fff]/);
    const differing = [...cn].filter(([k, v]) => others['zh-TW'].get(k) !== v).length;
    expect(differing / cn.size).toBeGreaterThan(0.6);
  });
});

describe('components', () => {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.tsx')) files.push(p);
    }
  };
  walk(root);

  it('hold no Chinese text of their own (every visible string comes from the catalogues)', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      // Comments may explain domain terms in Chinese; code may not show it.
      const code = fs
        .readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
      expect(code.match(/[\u3400-\u9fff]+/g), path.relative(root, f)).toBeNull();
    }
  });
});
