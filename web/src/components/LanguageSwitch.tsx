import { Select } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES } from '../i18n';
import { useLocale } from '../hooks';

/** 简体中文 / 繁體中文 / English; the choice is remembered in localStorage. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Select
      value={locale}
      onChange={(v) => void changeLanguage(v)}
      aria-label={t('common.language')}
      data-testid="language-switch"
      variant="borderless"
      suffixIcon={<GlobalOutlined />}
      popupMatchSelectWidth={false}
      style={{ width: compact ? 104 : 124 }}
      options={LANGUAGES.map((l) => ({ value: l.code, label: <span lang={l.code}>{l.label}</span>, title: l.label }))}
      optionLabelProp="label"
    />
  );
}
