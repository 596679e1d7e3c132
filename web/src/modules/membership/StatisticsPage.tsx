import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Segmented, Statistic, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { Chart, type ChartDatum } from '../../ui/Chart';
import { Pending } from '../../ui/query-state';
import { membershipApi } from './api';

function Breakdown({ title, data, kind }: { title: string; data: ChartDatum[]; kind: 'bar' | 'pie' }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Card
      size="small"
      title={title}
      extra={
        <Segmented
          size="small"
          value={view}
          onChange={(value) => setView(value as typeof view)}
          options={[
            { value: 'chart', label: t('membership.statistics.chart') },
            { value: 'table', label: t('membership.statistics.table') },
          ]}
        />
      }
    >
      {view === 'chart' ? (
        <Chart kind={kind} data={data} label={title} />
      ) : (
        <Table
          size="small"
          rowKey="label"
          pagination={false}
          dataSource={data}
          columns={[
            { title: t('membership.statistics.key'), dataIndex: 'label' },
            { title: t('membership.statistics.count'), dataIndex: 'value', align: 'right' },
          ]}
        />
      )}
    </Card>
  );
}

/** Membership statistics of the current subtree, from the maintained tallies. */
export function StatisticsPage() {
  const { t, i18n } = useTranslation();
  const current = useCurrentOrganisation();
  const stats = useQuery({
    ...membershipApi.query('getStatistics', { query: { organisationId: current.id } }),
  });
  if (!stats.data) return <Pending query={stats} />;
  const s = stats.data;
  const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
  const labelled = (items: { key: string; count: number }[], group?: string) =>
    items.map((i) => ({ label: group ? t(`membership.${group}.${i.key}`) : i.key, value: i.count }));
  return (
    <Card title={`${t('membership.statistics.title')} · ${s.organisationName}`}>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('membership.statistics.onRoll')} value={s.onRoll.toLocaleString(i18n.language)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('membership.statistics.gig')} value={s.gigOnRoll.toLocaleString(i18n.language)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('membership.statistics.employerCoverage')} value={percent(s.employerCoverage)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('membership.statistics.memberCoverage')} value={percent(s.memberCoverage)} />
        </Col>
        <Col xs={24} lg={12}>
          <Breakdown kind="bar" title={t('membership.statistics.newMembers')} data={labelled(s.newMembersByMonth)} />
        </Col>
        <Col xs={24} lg={12}>
          <Breakdown
            kind="bar"
            title={t('membership.statistics.gigRecruited')}
            data={labelled(s.gigRecruitedByMonth)}
          />
        </Col>
        <Col xs={24} md={12} lg={6}>
          <Breakdown kind="pie" title={t('membership.statistics.byStatus')} data={labelled(s.byStatus, 'statuses')} />
        </Col>
        <Col xs={24} md={12} lg={6}>
          <Breakdown
            kind="pie"
            title={t('membership.statistics.byForm')}
            data={labelled(s.byEmploymentForm, 'forms')}
          />
        </Col>
        <Col xs={24} md={12} lg={6}>
          <Breakdown kind="pie" title={t('membership.statistics.byGender')} data={labelled(s.byGender, 'genders')} />
        </Col>
        <Col xs={24} md={12} lg={6}>
          <Breakdown kind="bar" title={t('membership.statistics.byAge')} data={labelled(s.byAgeBand)} />
        </Col>
      </Row>
    </Card>
  );
}
