/**
 * List screens keep their filters and page in the URL so a filtered list survives a reload and
 * can be shared. Pure parsing/serialising here; `useListParams` wires it to the router.
 */
import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';
import { useSearchParams } from 'react-router-dom';
import { formatNumber, type UiLocale } from './format';

export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

export interface Paging {
  page: number;
  pageSize: number;
}

export function parsePaging(p: URLSearchParams): Paging {
  const page = Number(p.get('page'));
  const size = Number(p.get('pageSize'));
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** A query value only when it is one of the allowed ones (hand-edited URLs must not reach the API). */
export function oneOf<T extends string>(p: URLSearchParams, key: string, allowed: readonly T[]): T | undefined {
  const v = p.get(key);
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

export function text(p: URLSearchParams, key: string): string | undefined {
  const v = p.get(key)?.trim();
  return v ? v : undefined;
}

/** Serialise filters: empty values and default paging are left out so URLs stay short. */
export function toSearchParams(values: Record<string, string | number | undefined>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === '') continue;
    if (k === 'page' && v === 1) continue;
    if (k === 'pageSize' && v === DEFAULT_PAGE_SIZE) continue;
    out.set(k, String(v));
  }
  return out;
}

/** Filters + paging from the URL; `update` changes some and, unless it sets a page, goes back to page 1. */
export function useListParams<F extends Record<string, string | undefined>>(parse: (p: URLSearchParams) => F) {
  const [params, setParams] = useSearchParams();
  const values = { ...parse(params), ...parsePaging(params) } as F & Paging;
  const update = (patch: Partial<F & Paging>) => {
    setParams(toSearchParams({ ...values, page: 1, ...patch } as Record<string, string | number | undefined>), { replace: true });
  };
  return { values, update, key: params.toString() };
}

/** The one look of a server-paged list's pager: page sizes, "N in total" in the locale's digits. */
export function listPagination(t: TFunction, locale: UiLocale, paging: Paging, total: number, onChange: (p: Paging) => void): TablePaginationConfig {
  return {
    current: paging.page,
    pageSize: paging.pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: [...PAGE_SIZES],
    showTotal: (n) => t('common.total', { count: n, formatted: formatNumber(n, locale) }),
    onChange: (page, pageSize) => onChange({ page, pageSize }),
  };
}
