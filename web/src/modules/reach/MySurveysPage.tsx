import type { SurveySummary } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NEUTRAL_TAG_COLOR, SUCCESS_TAG_COLOR, WARNING_TAG_COLOR } from '../../ui/colors';
import { formatDate } from '../../ui/dates';
import { listState } from '../../ui/query-state';
import { reachApi } from './api';

const PAGE_SIZE = 20;

/** Where a member stands with a survey: to answer, answered, or closed before they did. */
export function MySurveyTag({ survey }: { survey: Pick<SurveySummary, 'answered' | 'status'> }) {
  const { t } = useTranslation();
  if (survey.answered) return <Tag color={SUCCESS_TAG_COLOR}>{t('reach.surveys.mine.answered')}</Tag>;
  if (survey.status === 'open') return <Tag color={WARNING_TAG_COLOR}>{t('reach.surveys.mine.toAnswer')}</Tag>;
  return <Tag color={NEUTRAL_TAG_COLOR}>{t('reach.surveys.statuses.closed')}</Tag>;
}

/** The surveys addressed to the member: open ones first (member app). */
export function MySurveysPage() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useQuery(reachApi.query('mySurveys', { query: { page, pageSize: PAGE_SIZE } }));
  return (
    <Card>
      <List<SurveySummary>
        {...listState(list, <Empty description={t('reach.surveys.mine.none')} />)}
        dataSource={list.data?.items ?? []}
        pagination={
          (list.data?.total ?? 0) > PAGE_SIZE
            ? { current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, size: 'small' }
            : false
        }
        renderItem={(survey) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Link
                  to={`/app/surveys/${survey.id}`}
                  style={{ display: 'inline-flex', minHeight: 44, alignItems: 'center' }}
                >
                  <Typography.Text strong={survey.status === 'open' && !survey.answered}>
                    {survey.title}
                  </Typography.Text>
                </Link>
              }
              description={
                <>
                  <MySurveyTag survey={survey} />
                  {survey.organisationName}
                  {survey.closesAt
                    ? ` · ${t('reach.surveys.closesOn', { date: formatDate(survey.closesAt, i18n.language) })}`
                    : ''}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
