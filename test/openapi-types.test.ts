/**
 * One contract: web/src/generated/openapi.ts is what the server's OpenAPI document says today.
 * A route whose schema changed without `npm run gen:api` fails here; a web caller that no longer
 * fits the regenerated types fails the typecheck.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument, renderApiTypes, TYPES_FILE } from '../scripts/gen-api-types.mjs';

describe('generated API types', () => {
  it('the checked-in file matches the server (run `npm run gen:api` after changing a route schema)', async () => {
    const doc = await openApiDocument();
    const fresh: string = await renderApiTypes(doc);
    const stored = fs.readFileSync(TYPES_FILE, 'utf8');
    // A plain equality would print 15,000 lines; say which paths differ instead.
    if (fresh !== stored) {
      const paths = (s: string) => new Set([...s.matchAll(/^ {4}"(\/api\/[^"]+)": \{$/gm)].map((m) => m[1]));
      const a = paths(fresh);
      const b = paths(stored);
      const added = [...a].filter((p) => !b.has(p));
      const removed = [...b].filter((p) => !a.has(p));
      expect({ stale: true, added, removed }).toEqual({ stale: false, added: [], removed: [] });
    }
    expect(fresh).toBe(stored);
  });

  it('is deterministic and covers the routes the web app calls', async () => {
    const doc = await openApiDocument();
    const a: string = await renderApiTypes(doc);
    // Reordered paths give the same file: the output is sorted, not registration-ordered.
    const reversed = { ...doc, paths: Object.fromEntries(Object.entries(doc.paths).reverse()) };
    expect(await renderApiTypes(reversed)).toBe(a);
    expect(a).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    for (const p of ['/api/announcements/feed', '/api/inspections/today', '/api/orders/{id}/materials']) expect(a).toContain(`"${p}": {`);
  });
});
