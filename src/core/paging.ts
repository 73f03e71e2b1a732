import { z } from 'zod';
import type { SelectQueryBuilder } from 'kysely';

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
};

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Run a filtered query twice: once counted, once for the requested page. */
export async function paginate<DB, TB extends keyof DB, O, R>(
  q: SelectQueryBuilder<DB, TB, O>,
  page: number,
  pageSize: number,
  order: (q: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, O>,
  map: (row: O) => R,
  /** The same filter without joins that only add columns, when counting through them costs. */
  countFrom?: SelectQueryBuilder<any, any, any>,
): Promise<Page<R>> {
  const countRow = (await ((countFrom ?? q) as SelectQueryBuilder<DB, TB, O>)
    .clearSelect()
    .select((eb: any) => eb.fn.countAll().as('n'))
    .executeTakeFirst()) as { n: number | string } | undefined;
  const rows = await order(q).limit(pageSize).offset((page - 1) * pageSize).execute();
  return { items: rows.map(map), total: Number(countRow?.n ?? 0), page, pageSize };
}

export const idParam = z.object({ id: z.string().min(1).max(40) });
