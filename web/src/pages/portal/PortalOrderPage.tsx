import { Button, Skeleton } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { deskApi } from '../orders/api';
import { OrderDetailView } from '../orders/OrderDetailView';

/** One of the resident's requests: where it stands, who is on it, photos, and its history. */
export default function PortalOrderPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const res = useRequest(() => deskApi.order(id), [id]);
  const back = (
    <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }} onClick={() => navigate('/portal')}>
      {t('portal.back')}
    </Button>
  );
  if (res.error)
    return (
      <>
        {back}
        <LoadError error={res.error} onRetry={res.reload} />
      </>
    );
  if (!res.data) return <Skeleton active />;
  return <OrderDetailView order={res.data} onChanged={res.reload} compact forResident header={back} />;
}
