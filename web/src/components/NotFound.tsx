import { Button, Result } from 'antd';
import { matchPath, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ROUTES } from '../routes';

/** Unknown path → 404; a screen the user's role may not open → 403. */
export default function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const exists = ROUTES.some((r) => matchPath({ path: r.path, end: true }, pathname));
  return (
    <Result
      status={exists ? '403' : '404'}
      title={exists ? t('error.forbiddenTitle') : t('error.notFoundTitle')}
      subTitle={exists ? t('error.forbiddenHint') : t('error.notFoundHint')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}
