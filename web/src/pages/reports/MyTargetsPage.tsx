import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { RoleTargets } from '../dashboard/RoleTargets';

/** 本岗位指标 for the roles without the dashboard (agents, front desk, technicians, inspectors): their month against its targets. */
export default function MyTargetsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('reports.nav.mine')} sub={t('reports.mineIntro')} />
      <RoleTargets />
    </>
  );
}
