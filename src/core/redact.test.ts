import { describe, expect, it } from 'vitest';
import { isCalendarDate, isValidTimeZone, usableTimeZone } from './dates';
import { redactDeep, redactText, redactUrl, safeFileName } from './redact';

describe('log redaction', () => {
  it('masks phone and ID numbers, keeping the first 3 and last 2 characters', () => {
    expect(redactText('call 13812345678 now')).toBe('call 138******78 now');
    expect(redactText('id 11010519491231002X.')).toBe('id 110*************2X.');
    expect(redactText('id 11010519491231002x')).toBe('id 110*************2x');
    expect(redactText('021-62345678 转 801')).toBe('021-623***78 转 801');
    expect(redactText('138-1234-5678 / 138 1234 5678')).toBe('138********78 / 138********78');
    // Dates, times, short numbers and amounts stay readable.
    expect(redactText('2026-02-01T08:30:00Z 1-1201 ¥1234.56 page=2')).toBe('2026-02-01T08:30:00Z 1-1201 ¥1234.56 page=2');
  });
  it('masks numbers in URLs, also when percent-encoded', () => {
    expect(redactUrl('/api/lookup/phone?number=13812345678&x=1')).toBe('/api/lookup/phone?number=138******78&x=1');
    expect(redactUrl('/api/parties?q=%2B8613812345678')).not.toMatch(/13812345678|8613812345678/);
    expect(redactUrl('/api/parties?q=%31%33%38%31%32%33%34%35%36%37%38')).toBe('/api/parties?q=138******78');
    expect(redactUrl('/api/parties?q=%E0%ZZ13812345678')).toBe('/api/parties?q=%E0%ZZ138******78'); // malformed escape: raw form
    expect(redactUrl('/api/orders?page=2')).toBe('/api/orders?page=2');
  });
  it('walks plain objects and errors, not other objects', () => {
    const req = new (class Req { url = '/x?p=13812345678'; })();
    const out = redactDeep({ err: new Error('dup 13812345678'), list: ['13900000000'], req }) as any;
    expect(out.err.message).toBe('dup 138******78');
    expect(out.list[0]).toBe('139******00');
    expect(out.req).toBe(req);
  });
});

describe('file names', () => {
  it('strips bidi controls and other invisible or control characters, NFC-normalised', () => {
    expect(safeFileName('invoice\u202Egnp.exe', 'f')).toBe('invoicegnp.exe');
    expect(safeFileName('\u2067a\u200E\u200Fb\u061C\u2069\uFEFF.pdf', 'f')).toBe('ab.pdf');
    expect(safeFileName('a\u0000b\u0085c\nd.png', 'f')).toBe('a_b_c_d.png');
    expect(safeFileName('../../etc/passwd', 'f')).toBe('_.._etc_passwd');
    expect(safeFileName('Cafe\u0301.png', 'f')).toBe('Caf\u00e9.png');
    expect(safeFileName('\u202E', 'photo.jpg')).toBe('photo.jpg');
    expect(safeFileName(undefined, 'photo.jpg')).toBe('photo.jpg');
  });
  it('cuts long names on code points and keeps the extension', () => {
    const cut = safeFileName(`${'照'.repeat(100)}${'😀'.repeat(100)}.jpeg`, 'f');
    expect(Array.from(cut).length).toBe(120);
    expect(cut.endsWith('.jpeg')).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no half surrogate pair
  });
});

describe('dates and time zones', () => {
  it('accepts only days that exist', () => {
    for (const d of ['2024-02-29', '2026-12-31', '2000-02-29', '1999-01-01']) expect(isCalendarDate(d), d).toBe(true);
    for (const d of ['2026-02-30', '2026-13-01', '2026-00-10', '2025-02-29', '1900-02-29', '2026-1-01', '2026-01-01T00:00', '0000-01-01', '', 12]) expect(isCalendarDate(d), String(d)).toBe(false);
  });
  it('accepts IANA zones and UTC, not junk or offsets', () => {
    for (const z of ['Asia/Shanghai', 'Asia/Hong_Kong', 'America/New_York', 'UTC', 'Etc/UTC', 'Asia/Calcutta']) expect(isValidTimeZone(z), z).toBe(true);
    for (const z of ['x', 'Mars/Olympus', '+08:00', 'EST', '', 'Asia/Shanghai\u0000', 'a'.repeat(80), null]) expect(isValidTimeZone(z), String(z)).toBe(false);
    expect(usableTimeZone('x')).toBe('Asia/Shanghai');
    expect(usableTimeZone(null)).toBe('Asia/Shanghai');
    expect(usableTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
  });
});
