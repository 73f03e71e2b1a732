import { Descriptions, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../hooks';
import { formatMoney } from '../../money';

interface FieldworkBits {
  materialsUsed?: { id: string; name: string; quantity: number; unit: string | null; unitPriceFen: number | null }[];
  attachments: { phase?: string | null; signerName?: string | null; url: string }[];
}

/** On the staff's order detail: the materials the technician used and who signed the completion. */
export function FieldworkSummary({ order }: { order: FieldworkBits }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const materials = order.materialsUsed ?? [];
  const signature = order.attachments.find((a) => a.phase === 'signature');
  if (!materials.length && !signature) return null;
  const total = materials.reduce((s, m) => s + (m.unitPriceFen === null ? 0 : Math.round(m.quantity * m.unitPriceFen)), 0);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="fieldwork-summary">
      {materials.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('techApp.materials.title')}</Typography.Text>}
          dataSource={materials}
          renderItem={(m) => (
            <List.Item key={m.id} data-testid="order-material">
              <span>{m.name}</span>
              <Typography.Text type="secondary">
                {m.quantity}
                {m.unit ? ` ${m.unit}` : ''}
                {m.unitPriceFen !== null ? ` × ${formatMoney(m.unitPriceFen, locale)}` : ''}
              </Typography.Text>
            </List.Item>
          )}
          footer={total > 0 ? `${t('techApp.materials.total')} ${formatMoney(total, locale)}` : undefined}
        />
      )}
      {signature && (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('techApp.completeDialog.signature')}>
            <Space direction="vertical">
              <img src={signature.url} alt={t('techApp.completeDialog.signature')} style={{ height: 72, maxWidth: '100%', objectFit: 'contain', background: '#fff' }} />
              {signature.signerName && <span>{t('techApp.signed', { name: signature.signerName })}</span>}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Space>
  );
}
