import { Button, Skeleton } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { deskApi } from './api';
import { OrderDetailView } from './OrderDetailView';

/** One order for staff: facts, SLA clocks, the actions this user may take, photos, history. */
export default function OrderDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const res = useRequest(() => deskApi.order(id), [id]);
  const back = (
    <div style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
      <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/orders'))}>
        {t('orders.back')}
      </Button>
      <Button type="text" icon={<ReloadOutlined />} onClick={res.reload} aria-label={t('common.reload')} />
    </div>
  );
  if (res.error) return (
    <>
      {back}
      <LoadError error={res.error} onRetry={res.reload} />
    </>
  );
  if (!res.data) return <Skeleton active />;
  return <OrderDetailView order={res.data} onChanged={res.reload} header={back} />;
}
