/**
 * An error the client caused or should know about. `code` keys the locale catalogues; `params`
 * fill the message; `details` travel to the client as they are (never secrets).
 */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly params: Record<string, string | number> = {},
    public readonly details?: unknown,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', { what });
export const badRequest = (code: string, params: Record<string, string | number> = {}, details?: unknown) =>
  new AppError(400, code, params, details);
export const conflict = (code: string, params: Record<string, string | number> = {}) => new AppError(409, code, params);
