import { Alert, Card, Collapse, Descriptions, Empty, Flex, List, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale, useRequest } from '../../hooks';
import { formatDate, formatDateTime } from '../../format';
import { formatMoney } from '../../money';
import { LoadError } from '../../components/LoadError';
import { opsApi, type Account, type Bill } from '../../opsApi';
import { unitLabel, useHomes } from './PortalBits';
import { ResidentFrame } from './ResidentTabs';
import { residentApi } from './residentApi';
import { billsByPeriod, monthLabel, totalArrears } from './residentModel';

const STATUS_COLOURS: Record<Bill['status'], string> = { open: 'red', partly_paid: 'orange', settled: 'green' };

/** One home's bills, a month per panel; months with something to pay open by default. */
function HomeBills({ account }: { account: Account }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const bills = useRequest(() => opsApi.bills({ accountId: account.accountId, pageSize: 120 }), [account.accountId]);
  if (bills.error) return <LoadError error={bills.error} onRetry={bills.reload} />;
  if (!bills.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  const groups = billsByPeriod(bills.data.items);
  if (!groups.length) return <Typography.Text type="secondary">{t('residentApp.bills.noBills')}</Typography.Text>;
  return (
    <Collapse
      size="small"
      defaultActiveKey={groups.filter((g, i) => g.outstandingFen > 0 || i === 0).map((g) => g.month)}
      data-testid="bill-periods"
      items={groups.map((g) => ({
        key: g.month,
        label: (
          <Flex justify="space-between" gap={8} data-testid="bill-period" data-month={g.month} data-outstanding={g.outstandingFen}>
            <span>{monthLabel(g.month, locale)}</span>
            {g.outstandingFen > 0 ? <Typography.Text type="danger">{t('residentApp.bills.outstanding')} {formatMoney(g.outstandingFen, locale)}</Typography.Text> : <Typography.Text type="success">{t('residentApp.bills.status.settled')}</Typography.Text>}
          </Flex>
        ),
        children: (
          <List
            size="small"
            dataSource={g.bills}
            renderItem={(b) => (
              <List.Item style={{ paddingInline: 0 }} data-testid="bill" data-id={b.id}>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Flex justify="space-between" gap={8}>
                    <Typography.Text>{b.feeName ?? b.description ?? t('residentApp.bills.byPeriod')}</Typography.Text>
                    <Tag color={STATUS_COLOURS[b.status]} style={{ marginInlineEnd: 0 }}>
                      {t(`residentApp.bills.status.${b.status}`)}
                    </Tag>
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('residentApp.bills.amount', { amount: formatMoney(b.amountFen, locale) })}
                    {b.outstandingFen > 0 && b.outstandingFen < b.amountFen ? ` · ${t('residentApp.bills.paidPart', { amount: formatMoney(b.amountFen - b.outstandingFen, locale) })}` : ''}
                    {' · '}
                    {t('residentApp.bills.due', { date: formatDate(b.dueDate, locale) })}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        ),
      }))}
    />
  );
}

/** 账单: what each home owes, its bills by month, payments with receipts, bill notices, and how to pay. */
export default function PortalBillsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const homes = useHomes();
  const notices = useRequest(() => opsApi.notices({ pageSize: 12 }), []);
  const pay = useRequest(() => residentApi.paymentInfo(), []);
  const sum = homes.data ? totalArrears(homes.data.accounts) : null;

  return (
    <ResidentFrame>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {homes.error && <LoadError error={homes.error} onRetry={homes.reload} />}
        {!homes.data && !homes.error && <Skeleton active />}
        {sum && (
          <Card size="small">
            <Flex gap={16} wrap>
              <Statistic title={t('residentApp.home.arrearsTotal')} value={formatMoney(sum.outstandingFen, locale)} valueStyle={sum.outstandingFen ? { color: '#cf1322' } : undefined} data-testid="bills-total" data-fen={sum.outstandingFen} />
              <Statistic title={t('residentApp.bills.overdue')} value={formatMoney(sum.overdueFen, locale)} data-testid="bills-overdue" data-fen={sum.overdueFen} />
              {sum.creditFen > 0 && <Statistic title={t('residentApp.bills.credit')} value={formatMoney(sum.creditFen, locale)} />}
            </Flex>
          </Card>
        )}
        {homes.data?.accounts.map((acc, i) => (
          <Card key={acc.accountId} size="small" title={unitLabel(homes.data!.units[i])} extra={acc.monthsInArrears > 0 ? <Tag color="red">{t('residentApp.bills.months', { count: acc.monthsInArrears })}</Tag> : null} data-testid="home-account" data-account={acc.accountId} data-outstanding={acc.outstandingFen}>
            <Descriptions size="small" column={2} style={{ marginBottom: 8 }}>
              <Descriptions.Item label={t('residentApp.bills.outstanding')}>{formatMoney(acc.outstandingFen, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('residentApp.bills.overdue')}>{formatMoney(acc.overdueFen, locale)}</Descriptions.Item>
              {acc.creditFen > 0 && <Descriptions.Item label={t('residentApp.bills.credit')}>{formatMoney(acc.creditFen, locale)}</Descriptions.Item>}
            </Descriptions>
            <HomeBills account={acc} />
            <Typography.Title level={2} style={{ fontSize: 15, margin: '12px 0 4px' }}>
              {t('residentApp.bills.payments')}
            </Typography.Title>
            {acc.payments.length === 0 ? (
              <Typography.Text type="secondary">{t('residentApp.bills.noPayments')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={acc.payments}
                data-testid="payments"
                renderItem={(p) => (
                  <List.Item style={{ paddingInline: 0 }} data-testid="payment" data-receipt={p.receiptNo}>
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <Flex justify="space-between" gap={8}>
                        <Typography.Text strong>{formatMoney(p.amountFen, locale)}</Typography.Text>
                        <a href={opsApi.receiptUrl(p.id)} target="_blank" rel="noopener noreferrer">
                          {t('residentApp.bills.receipt')}
                        </a>
                      </Flex>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDate(p.paidOn, locale)} · {t(`residentApp.bills.method.${p.method}`)} · {p.receiptNo}
                      </Typography.Text>
                    </div>
                  </List.Item>
                )}
              />
            )}
          </Card>
        ))}

        <Card size="small" title={t('residentApp.bills.notices')}>
          {notices.error ? (
            <LoadError error={notices.error} onRetry={notices.reload} />
          ) : !notices.data ? (
            <Skeleton active paragraph={{ rows: 1 }} />
          ) : !notices.data.items.length ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('residentApp.bills.noNotices')} />
          ) : (
            <List
              size="small"
              dataSource={notices.data.items}
              renderItem={(n) => (
                <List.Item style={{ paddingInline: 0 }} data-testid="bill-notice">
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <Flex justify="space-between" gap={8}>
                      <Typography.Text>{t('residentApp.bills.noticeTotal', { period: monthLabel(n.period, locale), amount: formatMoney(n.totalFen, locale) })}</Typography.Text>
                      <a href={opsApi.noticeUrl(n.id)} target="_blank" rel="noopener noreferrer">
                        {t('residentApp.bills.openNotice')}
                      </a>
                    </Flex>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {n.noticeNo} · {formatDateTime(n.sentAt, locale)}
                    </Typography.Text>
                  </div>
                </List.Item>
              )}
            />
          )}
        </Card>

        <Card size="small" title={t('residentApp.bills.howToPay')} data-testid="how-to-pay">
          <Alert type="info" showIcon message={t('residentApp.bills.noOnline')} style={{ marginBottom: 8 }} />
          <Typography.Title level={2} style={{ fontSize: 14, margin: '4px 0' }}>
            {t('residentApp.bills.counter')}
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{pay.data?.counter ?? t('residentApp.bills.counterDefault')}</Typography.Paragraph>
          {pay.data?.bankTransfer && (
            <>
              <Typography.Title level={2} style={{ fontSize: 14, margin: '4px 0' }}>
                {t('residentApp.bills.bankTransfer')}
              </Typography.Title>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} copyable={{ text: pay.data.bankTransfer }}>
                {pay.data.bankTransfer}
              </Typography.Paragraph>
            </>
          )}
        </Card>
      </Space>
    </ResidentFrame>
  );
}
