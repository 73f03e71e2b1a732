import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestEnv, login, type Session, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
let admin: Session;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
});
afterAll(async () => env?.close());

const ROUTES: Array<[string, string]> = [
  ['POST', '/api/projects'],
  ['PATCH', '/api/projects/:id'],
  ['POST', '/api/projects/:id/phases'],
  ['GET', '/api/buildings'],
  ['POST', '/api/buildings'],
  ['PATCH', '/api/buildings/:id'],
  ['GET', '/api/units'],
  ['POST', '/api/units'],
  ['PATCH', '/api/units/:id'],
  ['GET', '/api/units/:id'],
  ['GET', '/api/parties'],
  ['POST', '/api/parties'],
  ['PATCH', '/api/parties/:id'],
  ['POST', '/api/parties/:id/units'],
  ['PATCH', '/api/party-units/:id'],
  ['GET', '/api/lookup/phone'],
  ['POST', '/api/parking-spaces'],
  ['DELETE', '/api/units/:id'],
  ['POST', '/api/registry/import'],
];

/** Values of the wrong type or out of range for the registry's fields. */
const badScalar = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', ' ', '-1', '12.345', '1e9', 'NaN', '9'.repeat(40), '<script>', "'; drop table units; --", '２０２４-０１-０１', '\u0000'),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);
const fields = ['code', 'name', 'kind', 'projectId', 'phaseId', 'buildingId', 'number', 'floor', 'areaM2', 'type', 'state', 'phones', 'idNumber', 'units', 'unitId', 'role', 'moveInDate', 'moveOutDate', 'plate', 'seq', 'floors'];
const badBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...fields), badScalar, { maxKeys: 6 }),
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 50 }),
);
const badQuery = fc.dictionary(fc.constantFrom('page', 'pageSize', 'projectId', 'state', 'type', 'q', 'number', 'kind'), fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('-1', '0', '999999999', 'abc', '1.5')), { maxKeys: 4 });
const badId = fc.oneof(fc.string({ minLength: 1, maxLength: 60 }).map(encodeURIComponent), fc.constantFrom('0', 'x'.repeat(41), '%00', '..%2F..'));

describe('malformed requests against the registry', () => {
  it('≥ 1,000 generated requests all get 4xx with a localised message, never 5xx', async () => {
    let fourXX = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        badBody,
        badQuery,
        badId,
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'),
        async ([method, route], body, query, id, contentType) => {
          const url = route.replace(':id', id) + (Object.keys(query).length ? '?' + new URLSearchParams(query as Record<string, string>).toString() : '');
          const payload = method === 'GET' || method === 'DELETE' ? undefined : typeof body === 'string' ? body : JSON.stringify(body ?? null);
          const res = await env.app.inject({ method: method as any, url, payload, headers: { ...admin.headers, ...(payload !== undefined && { 'content-type': contentType }) } });
          expect(res.statusCode, `${method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            fourXX++;
            const e = res.json().error;
            expect(typeof e.code).toBe('string');
            expect(e.message.length).toBeGreaterThan(0);
            expect(e.message).not.toMatch(/^[a-z_.]+$/); // a message, not a bare code
          }
        },
      ),
      { numRuns: 1200, seed: 4242 },
    );
    expect(fourXX).toBeGreaterThanOrEqual(1000);
  }, 300_000);
});
