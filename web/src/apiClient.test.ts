import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, api, setApiLocale, setCsrfToken, setOnUnauthorized } from './api';
import { apiClient, data } from './apiClient';
import { announcementsApi } from './pages/announcements/api';
import { residentApi } from './pages/portal/residentApi';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
  setCsrfToken(null);
  setOnUnauthorized(null);
  setApiLocale('zh-CN');
});

/** Records what reaches fetch and answers with `answer`. */
function stubFetch(answer: () => Response) {
  const seen: Request[] = [];
  globalThis.fetch = (async (input: Request | string, init?: RequestInit) => {
    seen.push(input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init));
    return answer();
  }) as typeof fetch;
  return seen;
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('typed client (openapi-fetch on api.ts’s transport)', () => {
  it('sends the language, the CSRF token on writes only, the cookie, and encodes path and query', async () => {
    const seen = stubFetch(() => json({ items: [], total: 0, page: 2, pageSize: 50, readAt: null }));
    setApiLocale('en');
    setCsrfToken('tok-9');
    await announcementsApi.reads('a/b c', 2);
    await residentApi.markRead('n1');
    const [get, post] = seen;
    expect(new URL(get.url).pathname).toBe('/api/announcements/a%2Fb%20c/reads');
    expect(new URL(get.url).search).toBe('?page=2&pageSize=50');
    expect(get.headers.get('accept-language')).toBe('en');
    expect(get.headers.get('x-csrf-token')).toBeNull();
    expect(get.credentials).toBe('same-origin');
    expect(post.method).toBe('POST');
    expect(post.headers.get('x-csrf-token')).toBe('tok-9');
    // No body, so no JSON content type (fastify refuses an empty JSON body).
    expect(post.headers.get('content-type')).toBeNull();
  });

  it('sends JSON bodies and returns the answer', async () => {
    const seen = stubFetch(() => json({ id: 'a1', version: 1 }, 201));
    const saved = await announcementsApi.create({ projectId: null, title: '停水', body: '明天停水', category: 'outage' });
    expect(saved.id).toBe('a1');
    expect(seen[0].headers.get('content-type')).toBe('application/json');
    expect(await seen[0].json()).toEqual({ projectId: null, title: '停水', body: '明天停水', category: 'outage' });
  });

  it('throws ApiError with the localised message and field issues, and tells the app when the session is gone', async () => {
    stubFetch(() => json({ error: { code: 'validation.failed', message: '标题不能为空', details: [{ path: 'body.title', code: 'too_small', message: '标题不能为空' }] } }, 400));
    const e = await announcementsApi.create({ projectId: null, title: '', body: 'x', category: 'tip' }).catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.code, e.message, e.fieldIssues[0]?.path]).toEqual([400, 'validation.failed', '标题不能为空', 'body.title']);

    let gone = 0;
    setOnUnauthorized(() => gone++);
    stubFetch(() => json({ error: { code: 'auth.required', message: '请先登录' } }, 401));
    const u = await residentApi.feed().catch((x) => x);
    expect([u.status, u.message, gone]).toEqual([401, '请先登录', 1]);

    globalThis.fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const n = await data(apiClient.GET('/api/me/duty')).catch((x) => x);
    expect([n.status, n.code]).toEqual([0, 'network']);
  });

  it('a write through the typed client drops the cached reads of api.ts', async () => {
    const seen = stubFetch(() => json({ items: [], total: 0, page: 1, pageSize: 100, id: 'a1' }));
    await api.projects();
    await api.projects();
    expect(seen).toHaveLength(1);
    await announcementsApi.publish('a1');
    await api.projects();
    expect(seen).toHaveLength(3);
  });
});
