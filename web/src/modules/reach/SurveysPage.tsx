import { SURVEY_STATUSES, type SurveyStatus, type SurveySummary } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Segmented, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { INFO_TAG_COLOR } from '../../ui/colors';
import { formatDate } from '../../ui/dates';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { reachApi } from './api';
import { SurveyStatusTag } from './survey-parts';

/** Surveys run in the cadre's subtree or addressed into it, with their answers so far (console). */
export function SurveysPage() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<SurveyStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const list = useQuery(
    reachApi.query('surveys', { query: { page, pageSize: PAGE_SIZE, ...(status === 'all' ? {} : { status }) } }),
  );
  return (
    <Card
      extra={
        <Flex gap={8} wrap>
          <Link to="/admin/surveys/new?template=workforce">
            <Button>{t('reach.surveys.fromTemplate')}</Button>
          </Link>
          <Link to="/admin/surveys/new">
            <Button type="primary">{t('reach.surveys.build')}</Button>
          </Link>
        </Flex>
      }
    >
      <Segmented
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(value) => {
          setStatus(value as SurveyStatus | 'all');
          setPage(1);
        }}
        options={[
          { value: 'all', label: t('reach.categories.all') },
          ...SURVEY_STATUSES.map((s) => ({ value: s, label: t(`reach.surveys.statuses.${s}`) })),
        ]}
      />
      <Table<SurveySummary>
        rowKey="id"
        {...tableState(list, <Empty description={t('reach.surveys.none')} />)}
        dataSource={list.data?.items ?? []}
        pagination={serverPagination(t, page, list.data?.total, setPage)}
        scroll={{ x: 760 }}
        columns={[
          {
            title: t('reach.surveys.titleField'),
            key: 'title',
            render: (_, survey) => (
              <Flex gap={4} wrap>
                {survey.anonymous && <Tag color={INFO_TAG_COLOR}>{t('reach.surveys.anonymous')}</Tag>}
                <Link to={`/admin/surveys/${survey.id}`}>{survey.title}</Link>
              </Flex>
            ),
          },
          { title: t('reach.surveys.organisation'), dataIndex: 'organisationName' },
          {
            title: t('reach.surveys.status'),
            key: 'status',
            render: (_, survey) => <SurveyStatusTag survey={survey} />,
          },
          {
            title: t('reach.surveys.closesAt'),
            key: 'closesAt',
            render: (_, survey) => (survey.closesAt ? formatDate(survey.closesAt, i18n.language) : '—'),
          },
          {
            title: t('reach.surveys.answers'),
            key: 'answers',
            align: 'right',
            render: (_, survey) =>
              survey.audienceSize ? `${survey.answers ?? 0} / ${survey.audienceSize}` : (survey.answers ?? 0),
          },
        ]}
      />
    </Card>
  );
}
