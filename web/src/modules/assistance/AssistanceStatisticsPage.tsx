import { useQuery } from '@tanstack/react-query';
import { Card, Col, InputNumber, Row, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { Chart } from '../../ui/Chart';
import { Pending } from '../../ui/query-state';
import { assistanceApi } from './api';
import { useMoney } from './shared';

const numeric = (value: number | '<5') => (value === '<5' ? 0 : value);

/** Files, applications and money of the current subtree for a year; small counts suppressed. */
export function AssistanceStatisticsPage() {
  const { t } = useTranslation();
  const money = useMoney();
  const current = useCurrentOrganisation();
  const [year, setYear] = useState(new Date().getFullYear());
  const stats = useQuery({
    ...assistanceApi.query('assistanceStatistics', { query: { organisationId: current.id, year } }),
  });
  if (!stats.data) return <Pending query={stats} />;
  const s = stats.data;
  const charted = s.filesByTier
    .filter((r) => numeric(r.count) > 0)
    .map((r) => ({ label: t(`assistance.tiers.${r.tier}`), value: numeric(r.count) }));
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card
          title={`${t('assistance.stats.title')} · ${s.organisationName}`}
          extra={
            <InputNumber
              aria-label={t('assistance.fields.year')}
              value={year}
              min={2000}
              max={2100}
              onChange={(v) => v && setYear(v)}
            />
          }
        >
          <Typography.Text type="secondary">{t('assistance.stats.suppressed')}</Typography.Text>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('assistance.stats.filesByTier')}>
          {/* Only counts shown as numbers are charted: "<5" and nothing make no slice. */}
          {charted.length > 0 && <Chart kind="pie" label={t('assistance.stats.filesByTier')} data={charted} />}
          <Table
            size="small"
            rowKey="tier"
            pagination={false}
            dataSource={s.filesByTier}
            columns={[
              {
                title: t('assistance.fields.tier'),
                dataIndex: 'tier',
                render: (v: string) => t(`assistance.tiers.${v}`),
              },
              { title: t('assistance.fields.count'), dataIndex: 'count', align: 'right' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('assistance.stats.filesByCause')}>
          <Table
            size="small"
            rowKey="cause"
            pagination={false}
            dataSource={s.filesByCause}
            columns={[
              {
                title: t('assistance.fields.primaryCause'),
                dataIndex: 'cause',
                render: (v: string) => t(`assistance.causes.${v}`),
              },
              { title: t('assistance.fields.count'), dataIndex: 'count', align: 'right' },
            ]}
          />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('assistance.stats.programmes')}>
          <Table
            size="small"
            rowKey="programmeId"
            pagination={false}
            dataSource={s.programmes}
            scroll={{ x: 700 }}
            columns={[
              { title: t('assistance.fields.programme'), dataIndex: 'programmeName' },
              { title: t('assistance.stats.applications'), dataIndex: 'applications', align: 'right' },
              { title: t('assistance.stats.approved'), dataIndex: 'approved', align: 'right' },
              { title: t('assistance.stats.rejected'), dataIndex: 'rejected', align: 'right' },
              {
                title: t('assistance.stats.approvedMoney'),
                dataIndex: 'committedFen',
                align: 'right',
                render: (v: number) => money(v),
              },
              {
                title: t('assistance.stats.paidMoney'),
                dataIndex: 'paidFen',
                align: 'right',
                render: (v: number) => money(v),
              },
            ]}
          />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('assistance.stats.byMonth')}>
          <Chart
            kind="bar"
            label={t('assistance.stats.paidMoney')}
            data={s.byMonth.map((m) => ({ label: m.month.slice(5), value: m.paidFen / 100 }))}
          />
          <Table
            size="small"
            rowKey="month"
            pagination={false}
            dataSource={s.byMonth}
            columns={[
              { title: t('assistance.fields.month'), dataIndex: 'month' },
              {
                title: t('assistance.stats.approvedMoney'),
                dataIndex: 'approvedFen',
                align: 'right',
                render: (v: number) => money(v),
              },
              {
                title: t('assistance.stats.paidMoney'),
                dataIndex: 'paidFen',
                align: 'right',
                render: (v: number) => money(v),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
