import { INDUSTRY_SECTIONS } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Card, Empty, Flex, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Pending } from '../../ui/query-state';
import { reachApi } from './api';
import { SurveyForm } from './survey-form';

/**
 * An enumerator enters the paper questionnaires of their sampled unit, one after another: the same
 * questionnaire and checks as online, no person recorded (console).
 */
export function SurveyPaperPage() {
  const id = Number(useParams().id);
  const { t } = useTranslation();
  const { message } = App.useApp();
  const survey = useQuery(reachApi.query('mySurvey', { params: { id } }));
  const enter = reachApi.useSend('enterPaper');
  const [unit, setUnit] = useState<number | undefined>();
  const [industry, setIndustry] = useState<string | null>(null);
  const [entered, setEntered] = useState(0);
  if (survey.data === undefined) return <Pending query={survey} />;
  const s = survey.data;
  if (s.enumeratorFor.length === 0)
    return (
      <Card>
        <Empty description={t('reach.surveys.notEnumerator')} />
      </Card>
    );
  const chosen = unit ?? s.enumeratorFor[0]!.organisationId;
  return (
    <Card title={s.title}>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('reach.surveys.unit')}
          style={{ minWidth: 240 }}
          value={chosen}
          onChange={setUnit}
          options={s.enumeratorFor.map((u) => ({ value: u.organisationId, label: u.organisationName }))}
        />
        <Select
          allowClear
          aria-label={t('reach.notices.industries')}
          placeholder={t('reach.notices.industries')}
          style={{ minWidth: 200 }}
          value={industry}
          onChange={(value) => setIndustry(value ?? null)}
          options={INDUSTRY_SECTIONS.map((code) => ({
            value: code,
            label: `${code} ${t(`reach.industries.${code}`)}`,
          }))}
        />
        <Typography.Text type="secondary">{t('reach.surveys.enteredCount', { count: entered })}</Typography.Text>
      </Flex>
      <SurveyForm
        key={entered}
        definition={s.definition}
        submitLabel={t('reach.surveys.enterPaper')}
        onSubmit={async (answers) => {
          await enter.mutateAsync({ params: { id }, body: { organisationId: chosen, industry, answers } });
          message.success(t('reach.surveys.paperEntered'));
          setEntered(entered + 1);
        }}
      />
    </Card>
  );
}
