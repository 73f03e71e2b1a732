import type { TFunction } from 'i18next';

/**
 * Reporting categories of fee items. The API stores a short code (`property`, `parking`, …); people
 * read the catalogue name. A code the catalogue does not know (one typed by hand before the list
 * existed) is shown as typed rather than as a missing key.
 */
export const FEE_CATEGORIES = ['property', 'water', 'electricity', 'gas', 'heating', 'parking', 'garbage', 'service', 'renovation', 'deposit', 'late_fee', 'other'] as const;

export function feeCategoryLabel(t: TFunction, code: string | null | undefined): string {
  if (!code) return '';
  return t(`ops.fee.categories.${code}`, { defaultValue: code });
}
