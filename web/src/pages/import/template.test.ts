import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACCEPTED_VALUES, csvField, IMPORT_COLUMNS, importTemplateCsv, toCsv } from './template';
// The server's own import rules (pure code): the template must be what the server understands.
import { autoMapping, IMPORT_FIELDS as SERVER_FIELDS, REQUIRED, validateRow, type ImportRow } from '../../../../src/modules/registry/importRules';
import { parseDelimited } from '../../../../src/core/csv';

describe('CSV writing', () => {
  it('round-trips any cell through an RFC 4180 reader', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        // A row of one empty cell is indistinguishable from a blank line; CSV readers skip those.
        fc.pre(rows.every((r) => r.length > 1 || r[0] !== ''));
        expect(parseDelimited(toCsv(rows))).toEqual(rows);
      }),
    );
  });
  it('quotes only when needed', () => {
    expect(csvField('a')).toBe('a');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
  });
});

describe('import template', () => {
  const text = importTemplateCsv('HT');
  const grid = parseDelimited(text.replace(/^\ufeff/, ''));
  const [headers, example] = grid;

  it('starts with a BOM so Excel reads UTF-8, and has a header and one example row', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(grid).toHaveLength(2);
  });
  it('has headers the server maps to exactly the intended fields, required ones included', () => {
    const mapping = autoMapping(headers);
    for (const c of IMPORT_COLUMNS) expect(mapping[c.field]).toBe(c.header);
    for (const f of REQUIRED) expect(IMPORT_COLUMNS.find((c) => c.field === f)?.required).toBe(true);
    for (const c of IMPORT_COLUMNS) expect(SERVER_FIELDS).toContain(c.field);
  });
  it('has an example row the server accepts as it is', () => {
    const raw = Object.fromEntries(headers.map((h, i) => [h, example[i]]));
    const r = validateRow(raw, autoMapping(headers), 2, new Set(['HT']));
    expect(r.ok).toBe(true);
  });
  it('lists vocabulary words the server accepts', () => {
    const mapping = autoMapping(headers);
    const base = Object.fromEntries(headers.map((h, i) => [h, example[i]]));
    const cases = [
      ...ACCEPTED_VALUES.unitType.map((v) => ({ raw: { ...base, 房屋类型: v.word }, check: (r: ImportRow) => r.unitType === v.code })),
      ...ACCEPTED_VALUES.unitState.map((v) => ({ raw: { ...base, 房屋状态: v.word }, check: (r: ImportRow) => r.unitState === v.code })),
      ...ACCEPTED_VALUES.role.map((v) => ({ raw: { ...base, 身份: v.word }, check: (r: ImportRow) => r.party?.role === v.code })),
    ];
    for (const c of cases) {
      const r = validateRow(c.raw, mapping, 2, new Set(['HT']));
      // Accepted, and meaning what the help says it means.
      expect(r.ok && c.check(r.row), JSON.stringify(c.raw)).toBe(true);
    }
  });
});
