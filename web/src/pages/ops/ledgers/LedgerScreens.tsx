/** The front-desk ledger screens (前台台账), one per ledger, drawn by LedgerPage from their specs. */
import { useState } from 'react';
import { Alert, Card, Input, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { formatDate } from '../../../format';
import { useLocale } from '../../../hooks';
import { opsApi } from '../../../opsApi';
import { LedgerPage } from './LedgerPage';
import { KEYS, LOST_FOUND, MAIL, PERMITS, VEHICLES, VISITORS } from './ledgerSpecs';

export function VisitorsScreen() {
  return <LedgerPage spec={VISITORS} />;
}
export function VehiclesScreen() {
  return <LedgerPage spec={VEHICLES} toolbar={(projectId) => <PermitCheck projectId={projectId} />} />;
}
export function PermitsScreen() {
  return <LedgerPage spec={PERMITS} toolbar={(projectId) => <PermitCheck projectId={projectId} />} />;
}
export function KeysScreen() {
  return <LedgerPage spec={KEYS} />;
}
export function MailScreen() {
  return <LedgerPage spec={MAIL} />;
}
export function LostFoundScreen() {
  return <LedgerPage spec={LOST_FOUND} />;
}

/** 岗亭查验: does this plate hold a valid permit, and is the car inside now? */
function PermitCheck({ projectId }: { projectId: string | undefined }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [answer, setAnswer] = useState<Awaited<ReturnType<typeof opsApi.checkPermit>> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async (plate: string) => {
    if (!projectId || !plate.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setAnswer(await opsApi.checkPermit(projectId, plate.trim()));
    } catch (e) {
      setAnswer(null);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space wrap align="center">
        <Input.Search enterButton={t('ops.permits.check')} loading={busy} placeholder={t('ops.permits.checkPlaceholder')} aria-label={t('ops.permits.checkPlaceholder')} onSearch={(v) => void check(v)} style={{ width: 320 }} data-testid="permit-check" />
        {answer && (
          <span data-testid="permit-check-result">
            <Tag color={answer.valid ? 'green' : 'red'}>{answer.valid ? t('ops.permits.validYes', { plate: answer.plate }) : t('ops.permits.validNo', { plate: answer.plate })}</Tag>
            {answer.permit && <Tag>{t('ops.permits.validUntil', { no: String(answer.permit.permitNo ?? ''), date: formatDate(String(answer.permit.validTo ?? ''), locale) })}</Tag>}
            <Tag color={answer.inside ? 'blue' : undefined}>{answer.inside ? t('ops.permits.inside') : t('ops.permits.notInside')}</Tag>
          </span>
        )}
        {error && <Alert type="error" showIcon message={error} />}
      </Space>
    </Card>
  );
}
