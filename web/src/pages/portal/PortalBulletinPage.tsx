import { Button, Flex, Skeleton, Space } from 'antd';
import { ArrowLeftOutlined, ExportOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { ResidentFrame } from './ResidentTabs';
import { residentApi } from './residentApi';

/**
 * One bulletin as archived at publication. The server forbids framing its pages, so the archived
 * HTML is fetched and shown in a sandboxed frame (no scripts, no access to the app), with a link
 * to open the original on its own.
 */
export default function PortalBulletinPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const html = useRequest(() => residentApi.bulletinHtml(id), [id]);
  return (
    <ResidentFrame>
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        <Flex justify="space-between" align="center">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }} onClick={() => navigate('/portal/bulletins')}>
            {t('residentApp.bulletins.back')}
          </Button>
          <Button type="link" href={residentApi.bulletinUrl(id)} target="_blank" rel="noopener noreferrer" icon={<ExportOutlined />}>
            {t('residentApp.bulletins.openNew')}
          </Button>
        </Flex>
        {html.error && <LoadError error={html.error} onRetry={html.reload} />}
        {html.data === undefined ? (
          !html.error && <Skeleton active />
        ) : (
          <iframe title={t('residentApp.nav.bulletin')} sandbox="" srcDoc={html.data} data-testid="bulletin-frame" style={{ width: '100%', height: 'calc(100vh - 190px)', minHeight: 420, border: 0, background: '#fff' }} />
        )}
      </Space>
    </ResidentFrame>
  );
}
