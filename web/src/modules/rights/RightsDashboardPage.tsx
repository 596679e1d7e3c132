import type { dashboardSchema } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Select, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { Chart } from '../../ui/Chart';
import { Pending } from '../../ui/query-state';
import { rightsApi } from './api';

type Figures = z.infer<typeof dashboardSchema>['totals'];
const numeric = (value: number | '<5') => (value === '<5' ? 0 : value);
const percent = (value: number | null) => (value === null ? '—' : `${value}%`);

/** Cases of the current subtree from the tallies: now, and over the months chosen. */
export function RightsDashboardPage() {
  const { t } = useTranslation();
  const current = useCurrentOrganisation();
  const [months, setMonths] = useState(12);
  const board = useQuery({
    ...rightsApi.query('dashboard', { query: { organisationId: current.id, months } }),
  });
  if (!board.data) return <Pending query={board} />;
  const b = board.data;
  const columns = (first: { title: string; key: string; render?: (v: string) => string }) => [
    { title: first.title, dataIndex: first.key, render: first.render },
    { title: t('rights.dashboard.opened'), dataIndex: 'opened', align: 'right' as const },
    { title: t('rights.dashboard.open'), dataIndex: 'open', align: 'right' as const },
    { title: t('rights.dashboard.overdue'), dataIndex: 'overdue', align: 'right' as const },
    { title: t('rights.dashboard.closed'), dataIndex: 'closed', align: 'right' as const },
    { title: t('rights.dashboard.onTime'), dataIndex: 'closedOnTimePercent', align: 'right' as const, render: percent },
    { title: t('rights.dashboard.satisfied'), dataIndex: 'satisfiedPercent', align: 'right' as const, render: percent },
  ];
  const stat = (key: keyof Figures, label: string) => (
    <Col xs={12} md={6} key={key}>
      <Card size="small">
        <Statistic title={label} value={b.totals[key] ?? '—'} />
      </Card>
    </Col>
  );
  return (
    <Card
      title={`${t('rights.dashboard.title')} · ${b.organisationName}`}
      extra={
        <Select
          aria-label={t('rights.dashboard.months')}
          value={months}
          onChange={setMonths}
          options={[3, 6, 12, 24].map((m) => ({ value: m, label: `${m}` }))}
        />
      }
    >
      <Row gutter={[12, 12]}>
        {stat('opened', t('rights.dashboard.opened'))}
        {stat('open', t('rights.dashboard.open'))}
        {stat('overdue', t('rights.dashboard.overdue'))}
        {stat('closed', t('rights.dashboard.closed'))}
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('rights.dashboard.onTime')} value={percent(b.totals.closedOnTimePercent)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('rights.dashboard.satisfied')} value={percent(b.totals.satisfiedPercent)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('rights.dashboard.average')} value={b.totals.averageRating ?? '—'} />
          </Card>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('rights.dashboard.small')}
      </Typography.Paragraph>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('rights.dashboard.byMonth')}>
            <Chart
              kind="bar"
              label={t('rights.dashboard.byMonth')}
              data={b.byMonth.map((m) => ({ label: m.month, value: numeric(m.opened) }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('rights.dashboard.byCategory')}>
            <Chart
              kind="pie"
              label={t('rights.dashboard.byCategory')}
              data={b.byCategory.map((c) => ({
                label: t(`rights.categories.${c.category}`),
                value: numeric(c.opened),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <Table
        style={{ marginTop: 12 }}
        size="small"
        rowKey="category"
        pagination={false}
        dataSource={b.byCategory}
        columns={columns({
          title: t('rights.fields.category'),
          key: 'category',
          render: (c) => t(`rights.categories.${c}`),
        })}
      />
      <Table
        style={{ marginTop: 12 }}
        size="small"
        rowKey="month"
        pagination={false}
        dataSource={b.byMonth}
        columns={columns({ title: t('rights.dashboard.byMonth'), key: 'month' })}
      />
    </Card>
  );
}
