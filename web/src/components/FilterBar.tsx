import { Children, cloneElement, isValidElement, type CSSProperties, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Filters of a list screen on a grid: several per row on a desktop, two per row on a phone.
 * Each control fills its cell; `wide` children span two cells (search boxes).
 */
export function FilterBar({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div
      role="search"
      aria-label={t('filter.title')}
      style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 8, marginBottom: 12, maxWidth: 1100 }}
    >
      {Children.map(children, (c) => {
        if (!isValidElement(c)) return c;
        const el = c as ReactElement<{ style?: CSSProperties; 'data-wide'?: boolean }>;
        const wide = !!el.props['data-wide'];
        return (
          <div style={{ gridColumn: wide ? 'span 2' : undefined, minWidth: 0 }}>
            {cloneElement(el, { style: { ...el.props.style, width: '100%' } })}
          </div>
        );
      })}
    </div>
  );
}
