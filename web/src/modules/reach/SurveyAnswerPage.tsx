import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate } from '../../ui/dates';
import { Pending } from '../../ui/query-state';
import { reachApi } from './api';
import { SurveyForm } from './survey-form';

/**
 * Answering a survey on the phone: what the cadre will and will not see, then the questionnaire a
 * section at a time, the progress saved at each step to resume on any device (member app).
 */
export function SurveyAnswerPage() {
  const id = Number(useParams().id);
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const survey = useQuery(reachApi.query('mySurvey', { params: { id } }));
  const save = reachApi.useSend('saveSurveyDraft');
  const send = reachApi.useSend('submitSurvey');
  const [done, setDone] = useState(false);
  if (survey.data === undefined) return <Pending query={survey} />;
  const s = survey.data;
  if (done || s.answered)
    return (
      <Card>
        <Result
          status="success"
          title={done ? t('reach.surveys.thanks') : t('reach.surveys.alreadyAnswered')}
          subTitle={s.title}
          extra={
            <Link to="/app/surveys">
              <Button size="large">{t('reach.surveys.mine.back')}</Button>
            </Link>
          }
        />
      </Card>
    );
  if (!s.live)
    return (
      <Card>
        <Result status="info" title={s.title} subTitle={t('reach.surveys.notOpen')} />
      </Card>
    );
  return (
    <Card>
      <SurveyForm
        definition={s.definition}
        initial={s.draft}
        submitLabel={t('reach.surveys.submit')}
        intro={
          <>
            <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
              {s.title}
            </Typography.Title>
            <Typography.Text type="secondary">
              {s.organisationName}
              {s.closesAt ? ` · ${t('reach.surveys.closesOn', { date: formatDate(s.closesAt, i18n.language) })}` : ''}
            </Typography.Text>
            {s.description && <Typography.Paragraph>{s.description}</Typography.Paragraph>}
            <Alert
              type="info"
              showIcon
              message={s.anonymous ? t('reach.surveys.anonymousTitle') : t('reach.surveys.namedTitle')}
              description={s.anonymous ? t('reach.surveys.anonymousNote') : t('reach.surveys.namedNote')}
            />
          </>
        }
        onSave={async (answers, section) => {
          await save.mutateAsync({ params: { id }, body: { answers, section } });
        }}
        onSubmit={async (answers) => {
          await send.mutateAsync({ params: { id }, body: { answers } });
          setDone(true);
          await client.invalidateQueries({ queryKey: reachApi.key('mySurveys') });
        }}
      />
    </Card>
  );
}
