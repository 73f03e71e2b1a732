import { useMemo } from 'react';
import { Select, Tag, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../hooks';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { CONTACT_CATEGORIES, deskApi, type ContactCategory } from '../orders/api';
import { ARTICLE_TYPES, type ArticleType, type RevisionState, type Visibility } from './api';

const TYPE_COLORS: Record<ArticleType, string> = { answer: 'blue', script: 'purple', procedure: 'cyan', policy: 'geekblue', case: 'orange', faq: 'green' };
const STATE_COLORS: Record<RevisionState, string> = { draft: 'default', submitted: 'gold', approved: 'green', rejected: 'red' };

export function TypeTag({ type }: { type: ArticleType }) {
  const { t } = useTranslation();
  return <Tag color={TYPE_COLORS[type]}>{t(`knowledge.type.${type}`)}</Tag>;
}

export function VisibilityTag({ visibility }: { visibility: Visibility }) {
  const { t } = useTranslation();
  return <Tag color={visibility === 'residents' ? 'green' : 'default'}>{t(`knowledge.visibility.${visibility}`)}</Tag>;
}

export function RevisionStateTag({ state }: { state: RevisionState }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLORS[state]}>{t(`knowledge.state.${state}`)}</Tag>;
}

/** Categories are free codes: contact categories (enquiry …) get their desk label, order categories (水电 …) are names already. */
export function useCategoryLabel() {
  const { t } = useTranslation();
  return (c: string) => ((CONTACT_CATEGORIES as readonly string[]).includes(c) ? t(`desk.category.${c as ContactCategory}`) : c);
}

/** Every category an article can be filed under: the desk's contact categories, then the order categories. */
export function useCategoryOptions() {
  const label = useCategoryLabel();
  // Order categories are read with the orders; a role without them (collector) files by contact category only.
  const orderCats = useRequest(() => deskApi.categories(), [], hasPermission(useUser(), 'orders.read'));
  return useMemo(() => {
    const names = [...new Set((orderCats.data?.items ?? []).map((c) => c.name))];
    return [...CONTACT_CATEGORIES.map((c) => ({ value: c as string, label: label(c) })), ...names.filter((n) => !(CONTACT_CATEGORIES as readonly string[]).includes(n)).map((n) => ({ value: n, label: n }))];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orderCats.data]);
}

export function TypeSelect(props: Omit<SelectProps<ArticleType>, 'options'>) {
  const { t } = useTranslation();
  return <Select<ArticleType> options={ARTICLE_TYPES.map((x) => ({ value: x, label: t(`knowledge.type.${x}`) }))} {...props} />;
}

export function CategoryTags({ categories }: { categories: string[] }) {
  const label = useCategoryLabel();
  return (
    <>
      {categories.map((c) => (
        <Tag key={c} bordered={false}>
          {label(c)}
        </Tag>
      ))}
    </>
  );
}
