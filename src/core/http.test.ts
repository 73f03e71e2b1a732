import { describe, expect, it } from 'vitest';
import { constraintError } from './http';

describe('database errors become client errors, never a 500', () => {
  it('maps duplicates, dangling references, bad data and contention', () => {
    expect(constraintError({ code: '23505', message: 'duplicate', detail: 'Key (number)=(x) already exists.' })).toMatchObject({ status: 409, code: 'conflict.duplicate', params: { field: 'number' } });
    expect(constraintError({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: units.number' })).toMatchObject({ status: 409, params: { field: 'units.number' } });
    expect(constraintError({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' })).toMatchObject({ status: 409, code: 'conflict.reference' });
    expect(constraintError({ code: '22P05' })).toMatchObject({ status: 400, code: 'validation.bad_request' });
    for (const code of ['40001', '40P01', 'SQLITE_BUSY']) expect(constraintError({ code })).toMatchObject({ status: 409, code: 'conflict.busy' });
    expect(constraintError({ code: 'XX000' })).toBeNull();
    expect(constraintError(new Error('boom'))).toBeNull();
  });
});
