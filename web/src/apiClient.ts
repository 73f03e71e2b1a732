/**
 * The typed client: paths, parameters, bodies and (where the server describes them) answers come
 * from web/src/generated/openapi.ts, generated from the server's OpenAPI document (npm run gen:api),
 * so a server change that breaks a caller fails the typecheck. The transport is api.ts's: the
 * reader's language, the CSRF token on writes, the session cookie, ApiError with the localised
 * message and field issues, the 401 hook and the dropping of cached reads after a write.
 */
import createClient from 'openapi-fetch';
import type { paths } from './generated/openapi';
import { sessionHeaders, transport } from './api';

export type { paths };

export function createApiClient(baseUrl: string) {
  return createClient<paths>({
    baseUrl,
    credentials: 'same-origin',
    fetch: (request: Request) => {
      for (const [k, v] of Object.entries(sessionHeaders(request.method))) request.headers.set(k, v);
      if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
      return transport(request);
    },
  });
}

/** Same origin as the page (openapi-fetch builds a Request, which needs an absolute URL outside a browser). */
export const apiClient = createApiClient(typeof location === 'undefined' ? 'http://localhost' : location.origin);

/**
 * The answer's body. Failures never get here: the transport throws them as ApiError. Where the
 * server does not describe an answer yet, the caller names a narrow type `T` of what it reads;
 * where it does, `T` is inferred, and a named `T` that no longer fits fails the typecheck.
 */
export async function data<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  return (await call).data as T;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON answer (200 or 201) of a route whose response the server describes. */
export type ResponseOf<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { responses: infer R } ? { [C in keyof R]: C extends 200 | 201 ? Json<R[C]> : never }[keyof R] : never;

/** The JSON body a route accepts. */
export type BodyOf<P extends keyof paths, M extends Method> = Operation<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The query string a route accepts. */
export type QueryOf<P extends keyof paths, M extends Method = 'get'> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
