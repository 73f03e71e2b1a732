import { describe, expect, it } from 'vitest';
import { ApiError, fieldErrorsFrom, withQuery } from './api';

describe('fieldErrorsFrom', () => {
  it('maps validation details to form field paths, list indexes included', () => {
    const err = new ApiError(400, 'validation.failed', 'bad', [
      { path: 'body.areaM2', code: 'custom', message: 'area msg' },
      { path: 'body.units.1.moveInDate', code: 'custom', message: 'date msg' },
      { path: 'body.units.1.moveInDate', code: 'custom', message: 'date msg' },
      { path: 'body.secret', code: 'x', message: 'not a form field' },
    ]);
    const r = fieldErrorsFrom(err, ['areaM2', 'units']);
    expect(r.fields).toEqual([
      { name: ['areaM2'], errors: ['area msg'] },
      { name: ['units', 1, 'moveInDate'], errors: ['date msg'] },
    ]);
    expect(r.rest).toEqual(['not a form field']);
  });
  it('puts business-rule errors without details on their field, or above the form', () => {
    const dup = new ApiError(409, 'conflict.duplicate', 'exists');
    expect(fieldErrorsFrom(dup, ['number']).fields).toEqual([{ name: ['number'], errors: ['exists'] }]);
    expect(fieldErrorsFrom(dup, ['name'])).toEqual({ fields: [], rest: ['exists'] });
    expect(fieldErrorsFrom(new ApiError(403, 'auth.forbidden', 'no'), ['number'])).toEqual({ fields: [], rest: ['no'] });
    expect(fieldErrorsFrom(new Error('boom'), ['x'])).toEqual({ fields: [], rest: ['boom'] });
  });
});

describe('withQuery', () => {
  it('drops empty values and encodes the rest', () => {
    expect(withQuery('/api/units', { q: '3-1201 ', page: 2, state: undefined, x: '', y: null })).toBe('/api/units?q=3-1201+&page=2');
    expect(withQuery('/api/units', {})).toBe('/api/units');
    expect(withQuery('/a?b=1', { c: 'd&e' })).toBe('/a?b=1&c=d%26e');
  });
});

describe('transport', () => {
  it('sends language and CSRF token, shares identical list reads, and forgets them on writes and new sessions', async () => {
    const { api, setApiLocale, setCsrfToken } = await import('./api');
    const calls: { url: string; init: RequestInit }[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ items: [], total: 0, page: 1, pageSize: 100, id: 'x' }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    try {
      setApiLocale('zh-TW');
      setCsrfToken('tok-1');
      await api.projects();
      await api.projects();
      expect(calls).toHaveLength(1);
      expect((calls[0].init.headers as Record<string, string>)['accept-language']).toBe('zh-TW');
      expect((calls[0].init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();

      await api.createUnit({ buildingId: 'b', number: '1', areaM2: '1', type: 'residence', state: 'vacant' });
      expect((calls[1].init.headers as Record<string, string>)['x-csrf-token']).toBe('tok-1');
      await api.projects();
      expect(calls).toHaveLength(3); // the write dropped the cached list

      setCsrfToken('tok-2'); // another session
      await api.projects();
      expect(calls).toHaveLength(4);
    } finally {
      globalThis.fetch = realFetch;
      setCsrfToken(null);
    }
  });

  it('turns error answers into ApiError with the server message, and network failures into status 0', async () => {
    const { api } = await import('./api');
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async () =>
      new Response(JSON.stringify({ error: { code: 'validation.failed', message: '请求无效', details: [{ path: 'body.x', code: 'c', message: 'm' }] } }), { status: 400 })) as unknown as typeof fetch;
    try {
      const e = await api.unit('u1').catch((x) => x);
      expect(e).toBeInstanceOf(ApiError);
      expect([e.status, e.code, e.message, e.fieldIssues.length]).toEqual([400, 'validation.failed', '请求无效', 1]);
      globalThis.fetch = (async () => {
        throw new TypeError('Failed to fetch');
      }) as unknown as typeof fetch;
      const n = await api.unit('u1').catch((x) => x);
      expect([n.status, n.code]).toEqual([0, 'network']);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
