import { reachEndpoints, type SurveyFill, type SurveyResults, type SurveyView } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  InputNumber,
  Modal,
  Progress,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { href } from '../../api/client';
import { Chart } from '../../ui/Chart';
import { INFO_TAG_COLOR } from '../../ui/colors';
import { useConfirm } from '../../ui/confirm';
import { formatDateTime } from '../../ui/dates';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { Pending, tableState } from '../../ui/query-state';
import { enumeratorCandidatesApi, reachApi } from './api';
import { branchColumn, remindColumn, useBranchTrail, useRemindBranches } from './branch-table';
import { SurveyStatusTag } from './survey-parts';

/**
 * One survey for its cadres: what it asks and of whom, what can be done with it (edit, open, close,
 * export), and its fill branch by branch with quotas shared down and reminders, its results with
 * crosstabs and charts (small cells suppressed), and its enumerators.
 */
export function SurveyDetailPage() {
  const id = Number(useParams().id);
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const survey = useQuery(reachApi.query('survey', { params: { id } }));
  const open = reachApi.useSend('openSurvey');
  const close = reachApi.useSend('closeSurvey');
  if (survey.data === undefined) return <Pending query={survey} />;
  const s = survey.data;
  const questions = s.definition.sections.reduce((sum, section) => sum + section.questions.length, 0);
  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  const exportHref = (format: 'xlsx' | 'csv' | 'codebook') =>
    href(reachEndpoints.exportSurvey, { params: { id }, query: { format } });
  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex gap={8} align="center" wrap>
            <SurveyStatusTag survey={s} />
            {s.anonymous && <Tag color={INFO_TAG_COLOR}>{t('reach.surveys.anonymous')}</Tag>}
            <span>{s.title}</span>
          </Flex>
        }
        extra={
          <Flex gap={8} wrap>
            {s.status === 'draft' && (
              <Link to={`/admin/surveys/${id}/edit`}>
                <Button>{t('reach.surveys.edit')}</Button>
              </Link>
            )}
            {s.status === 'draft' && (
              <Button
                type="primary"
                loading={open.isPending}
                onClick={async () => {
                  const go = await confirm({
                    title: t('reach.surveys.open'),
                    content: t('reach.surveys.openConfirm', {
                      audience: s.audienceNames.join(t('reach.notices.separator')),
                      questions,
                    }),
                    okText: t('reach.surveys.open'),
                  });
                  if (go) await act(() => open.mutateAsync({ params: { id } }));
                }}
              >
                {t('reach.surveys.open')}
              </Button>
            )}
            {s.status === 'open' && (
              <Button
                danger
                loading={close.isPending}
                onClick={async () => {
                  const go = await confirm({
                    title: t('reach.surveys.close'),
                    content: t('reach.surveys.closeConfirm', { answers: s.answers ?? 0 }),
                    okText: t('reach.surveys.close'),
                  });
                  if (go) await act(() => close.mutateAsync({ params: { id } }));
                }}
              >
                {t('reach.surveys.close')}
              </Button>
            )}
            {s.enumeratorFor.length > 0 && s.live && (
              <Link to={`/admin/surveys/${id}/paper`}>
                <Button>{t('reach.surveys.paper')}</Button>
              </Link>
            )}
          </Flex>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'from', label: t('reach.surveys.organisation'), children: s.organisationName },
            {
              key: 'audience',
              label: t('reach.notices.audience'),
              children: s.audienceNames.join(t('reach.notices.separator')),
            },
            {
              key: 'opens',
              label: t('reach.surveys.opensAt'),
              children: s.opensAt ? formatDateTime(s.opensAt, i18n.language) : '—',
            },
            {
              key: 'closes',
              label: t('reach.surveys.closesAt'),
              children: s.closesAt ? formatDateTime(s.closesAt, i18n.language) : '—',
            },
            {
              key: 'answers',
              label: t('reach.surveys.answers'),
              children:
                s.audienceSize === null
                  ? (s.answers ?? 0)
                  : t('reach.surveys.answersOf', { answers: s.answers ?? 0, audience: s.audienceSize }),
            },
            { key: 'questions', label: t('reach.surveys.questions'), children: questions },
            ...(s.closedReason
              ? [
                  {
                    key: 'closed',
                    label: t('reach.surveys.closedReason'),
                    children: t(`reach.surveys.closedBy.${s.closedReason}`),
                  },
                ]
              : []),
          ]}
        />
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          message={s.anonymous ? t('reach.surveys.anonymousTitle') : t('reach.surveys.namedTitle')}
          description={
            <>
              {s.anonymous ? t('reach.surveys.cadreAnonymous') : t('reach.surveys.cadreNamed')}
              {s.anonymous && s.waiting ? ` ${t('reach.surveys.waiting', { count: s.waiting })}` : ''}
            </>
          }
        />
        {s.status !== 'draft' && (
          <Flex gap={8} wrap style={{ marginTop: 12 }}>
            <Typography.Link href={exportHref('xlsx')}>{t('reach.surveys.exportXlsx')}</Typography.Link>
            <Typography.Link href={exportHref('csv')}>{t('reach.surveys.exportCsv')}</Typography.Link>
            <Typography.Link href={exportHref('codebook')}>{t('reach.surveys.exportCodebook')}</Typography.Link>
          </Flex>
        )}
      </Card>
      {s.status !== 'draft' && (
        <Card>
          <Tabs
            items={[
              { key: 'fill', label: t('reach.surveys.fill'), children: <FillCard survey={s} /> },
              { key: 'results', label: t('reach.surveys.results'), children: <ResultsCard survey={s} /> },
              { key: 'enumerators', label: t('reach.surveys.enumerators'), children: <EnumeratorsCard survey={s} /> },
            ]}
          />
        </Card>
      )}
      {s.status === 'draft' && <QuotaList survey={s} />}
    </Flex>
  );
}

const quotaLabel = (q: SurveyView['quotas'][number], survey: SurveyView, t: (key: string) => string) => {
  const parts = [q.organisationName];
  if (q.industry) parts.push(`${q.industry} ${t(`reach.industries.${q.industry}`)}`);
  if (q.cell) {
    const question = survey.definition.sections.flatMap((s) => s.questions).find((x) => x.id === q.cell!.questionId);
    parts.push(question?.options?.find((o) => o.value === q.cell!.value)?.label ?? q.cell.value);
  }
  return parts.join(' · ');
};

function QuotaList({ survey }: { survey: SurveyView }) {
  const { t } = useTranslation();
  if (survey.quotas.length === 0) return null;
  return (
    <Card title={t('reach.surveys.quotas')}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={survey.quotas}
        columns={[
          { title: t('reach.surveys.quota'), key: 'label', render: (_, q) => quotaLabel(q, survey, t) },
          { title: t('reach.surveys.target'), dataIndex: 'target', align: 'right' },
        ]}
      />
    </Card>
  );
}

type FillRow = SurveyFill['rows'][number];

/** Answers and quotas under one node, child by child: drill down, share the node's quota, remind. */
function FillCard({ survey }: { survey: SurveyView }) {
  const { t } = useTranslation();
  const { node, down, up } = useBranchTrail();
  const fill = useQuery(
    reachApi.query('surveyFill', { params: { id: survey.id }, query: node ? { organisationId: node } : {} }),
  );
  const remind = reachApi.useSend('remindSurvey');
  const [sharing, setSharing] = useState(false);
  const data = fill.data;
  const own = data?.quotas.find(
    (q) => q.organisationId === data.organisation.id && q.industry === null && q.cell === null,
  );
  const doRemind = useRemindBranches(
    (organisationIds) => remind.mutateAsync({ params: { id: survey.id }, body: { organisationIds } }),
    { label: t('reach.surveys.remind'), confirm: (count) => t('reach.surveys.remindConfirm', { count }) },
  );
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center" justify="space-between">
        <Typography.Text type="secondary">
          {data ? t('reach.surveys.fillOf', { name: data.organisation.name }) : ''}
        </Typography.Text>
        <Flex gap={8} wrap>
          {up && <Button onClick={up}>{t('reach.notices.up')}</Button>}
          {own && survey.status === 'open' && (
            <Button onClick={() => setSharing(true)}>{t('reach.surveys.share')}</Button>
          )}
        </Flex>
      </Flex>
      {own && (
        <Typography.Text>{t('reach.surveys.ownQuota', { filled: own.filled, target: own.target })}</Typography.Text>
      )}
      <Table<FillRow>
        rowKey="organisationId"
        size="small"
        {...tableState(fill, <Empty />)}
        dataSource={data?.rows ?? []}
        pagination={false}
        scroll={{ x: 680 }}
        columns={[
          branchColumn(t, data?.organisation.id, down),
          { title: t('reach.notices.audienceSize'), dataIndex: 'audience', align: 'right' },
          { title: t('reach.surveys.answers'), dataIndex: 'answers', align: 'right' },
          {
            title: t('reach.surveys.quota'),
            key: 'quota',
            width: 200,
            render: (_, row) =>
              row.target === null ? (
                '—'
              ) : (
                <Progress
                  percent={Math.round(((row.filled ?? 0) / row.target) * 100)}
                  format={() => `${row.filled}/${row.target}`}
                  aria-label={`${t('reach.surveys.quota')}: ${row.name}`}
                  size="small"
                />
              ),
          },
          remindColumn(
            t,
            t('reach.surveys.remind'),
            (row) => survey.live && row.answers < row.audience,
            (ids) => void doRemind(ids),
          ),
        ]}
      />
      {data && own && (
        <ShareDialog
          open={sharing}
          surveyId={survey.id}
          node={data.organisation}
          quota={own.target}
          rows={data.rows.filter((r) => r.organisationId !== data.organisation.id)}
          onClose={() => setSharing(false)}
        />
      )}
    </Flex>
  );
}

/** Shares the node's quota out to its children; the server refuses a total over the node's own. */
function ShareDialog({
  open,
  surveyId,
  node,
  quota,
  rows,
  onClose,
}: {
  open: boolean;
  surveyId: number;
  node: { id: number; name: string };
  quota: number;
  rows: FillRow[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const allocate = reachApi.useSend('allocateQuotas');
  const [targets, setTargets] = useState<Record<number, number | null>>({});
  const total = rows.reduce((sum, r) => sum + (targets[r.organisationId] ?? r.target ?? 0), 0);
  return (
    <Modal
      open={open}
      title={t('reach.surveys.shareTitle', { name: node.name, quota })}
      okText={t('reach.surveys.share')}
      okButtonProps={{ loading: allocate.isPending, disabled: total > quota }}
      onCancel={onClose}
      onOk={async () => {
        const allocations = rows
          .filter((r) => typeof targets[r.organisationId] === 'number' && targets[r.organisationId]! > 0)
          .map((r) => ({
            organisationId: r.organisationId,
            industry: null,
            cell: null,
            target: targets[r.organisationId]!,
          }));
        if (allocations.length === 0) return onClose();
        try {
          await allocate.mutateAsync({ params: { id: surveyId }, body: { organisationId: node.id, allocations } });
          onClose();
        } catch (error) {
          message.error((error as Error).message);
        }
      }}
    >
      <Flex vertical gap={8}>
        {rows.map((row) => (
          <Flex key={row.organisationId} gap={8} align="center" justify="space-between">
            <span>{row.name}</span>
            <InputNumber
              min={row.filled ?? 0}
              aria-label={row.name}
              value={targets[row.organisationId] ?? row.target}
              onChange={(value) => setTargets({ ...targets, [row.organisationId]: value })}
            />
          </Flex>
        ))}
        <Typography.Text type={total > quota ? 'danger' : 'secondary'}>
          {t('reach.surveys.shareTotal', { total, quota })}
        </Typography.Text>
      </Flex>
    </Modal>
  );
}

type By = 'none' | 'region' | 'industry' | 'question';

/** Counts per question with a chart and its table, crossed by region, industry or a question. */
function ResultsCard({ survey }: { survey: SurveyView }) {
  const { t } = useTranslation();
  const [by, setBy] = useState<By>('none');
  const choices = survey.definition.sections
    .flatMap((s) => s.questions)
    .filter((q) => q.type === 'single' || q.type === 'scale');
  const [against, setAgainst] = useState<string | undefined>(choices[0]?.id);
  const query = by === 'none' ? {} : by === 'question' ? { by, against } : { by };
  const results = useQuery(reachApi.query('surveyResults', { params: { id: survey.id }, query }));
  const data = results.data;
  return (
    <Flex vertical gap={16}>
      <Flex gap={8} wrap align="center">
        <Typography.Text>{t('reach.surveys.crossBy')}</Typography.Text>
        <Select<By>
          aria-label={t('reach.surveys.crossBy')}
          value={by}
          onChange={setBy}
          style={{ minWidth: 160 }}
          options={(['none', 'region', 'industry', 'question'] as const).map((value) => ({
            value,
            label: t(`reach.surveys.by.${value}`),
          }))}
        />
        {by === 'question' && (
          <Select
            aria-label={t('reach.surveys.by.question')}
            value={against}
            onChange={setAgainst}
            style={{ minWidth: 200 }}
            options={choices.map((q) => ({ value: q.id, label: q.title }))}
          />
        )}
      </Flex>
      {data && (
        <Typography.Text type="secondary">
          {t('reach.surveys.resultsOf', { answers: data.answers, k: data.smallCell })}
        </Typography.Text>
      )}
      {results.isError && <Pending query={results} />}
      {data?.questions.map((question) => (
        <QuestionResult key={question.id} question={question} />
      ))}
      {data && data.questions.length === 0 && <Empty />}
    </Flex>
  );
}

type CrossRow = NonNullable<SurveyResults['questions'][number]['crosstab']>['rows'][number];

function QuestionResult({ question }: { question: SurveyResults['questions'][number] }) {
  const { t } = useTranslation();
  const shown = (n: number | null) => (n === null ? t('reach.surveys.suppressed') : n);
  const chartable = question.counts.filter((c) => c.count !== null);
  const drawn = chartable.some((c) => (c.count ?? 0) > 0);
  return (
    <Card size="small" title={`${question.id} · ${question.title}`}>
      <Typography.Paragraph type="secondary">
        {t('reach.surveys.answeredBy', { count: shown(question.answered) })}
        {question.mean !== null ? ` · ${t('reach.surveys.mean', { mean: question.mean })}` : ''}
      </Typography.Paragraph>
      {question.counts.length > 0 && (
        <Flex gap={16} wrap>
          {drawn && (
            <div style={{ flex: '1 1 320px', minWidth: 280 }}>
              <Chart
                kind="bar"
                label={question.title}
                data={chartable.map((c) => ({ label: c.label, value: c.count! }))}
              />
            </div>
          )}
          <Table
            style={{ flex: '1 1 280px' }}
            rowKey="value"
            size="small"
            pagination={false}
            dataSource={question.counts}
            columns={[
              { title: t('reach.surveys.option'), dataIndex: 'label' },
              { title: t('reach.surveys.count'), key: 'count', align: 'right', render: (_, c) => shown(c.count) },
            ]}
          />
        </Flex>
      )}
      {question.crosstab && question.counts.length > 0 && (
        <Table<CrossRow>
          style={{ marginTop: 12 }}
          rowKey="key"
          size="small"
          pagination={false}
          scroll={{ x: 120 * (question.counts.length + 2) }}
          dataSource={question.crosstab.rows}
          columns={[
            { title: t('reach.surveys.row'), dataIndex: 'label' },
            ...question.counts.map((c, i) => ({
              title: c.label,
              key: c.value,
              align: 'right' as const,
              render: (_: unknown, row: CrossRow) => shown(row.counts[i] ?? null),
            })),
            {
              title: t('reach.surveys.total'),
              key: 'total',
              align: 'right' as const,
              render: (_: unknown, row: CrossRow) => shown(row.total),
            },
          ]}
        />
      )}
    </Card>
  );
}

function EnumeratorsCard({ survey }: { survey: SurveyView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = reachApi.useSend('setEnumerators');
  const [unit, setUnit] = useState<number | undefined>();
  const [person, setPerson] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const people = useQuery(
    enumeratorCandidatesApi.query('listUsers', { query: { page: 1, pageSize: 20, ...(q ? { q } : {}) } }),
  );
  const list = survey.enumerators;
  const change = async (next: { organisationId: number; userId: string }[]) => {
    try {
      await save.mutateAsync({ params: { id: survey.id }, body: { enumerators: next } });
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary">{t('reach.surveys.enumeratorsHelp')}</Typography.Paragraph>
      <Table
        rowKey="organisationId"
        size="small"
        pagination={false}
        dataSource={list}
        locale={{ emptyText: <Empty description={t('reach.surveys.noEnumerators')} /> }}
        columns={[
          { title: t('reach.surveys.unit'), dataIndex: 'organisationName' },
          { title: t('reach.surveys.enumerator'), dataIndex: 'displayName' },
          {
            title: t('common.actions'),
            key: 'remove',
            render: (_, row) => (
              <Button
                size="small"
                danger
                onClick={() =>
                  void change(
                    list
                      .filter((e) => e.organisationId !== row.organisationId)
                      .map(({ organisationId, userId }) => ({ organisationId, userId })),
                  )
                }
              >
                {t('reach.surveys.removeEnumerator')}
              </Button>
            ),
          },
        ]}
      />
      {survey.status !== 'closed' && (
        <Flex gap={8} wrap align="center">
          <div style={{ minWidth: 240 }}>
            <OrganisationPicker value={unit} onChange={setUnit} aria-label={t('reach.surveys.unit')} />
          </div>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            aria-label={t('reach.surveys.enumerator')}
            placeholder={t('reach.surveys.enumerator')}
            style={{ minWidth: 220 }}
            value={person}
            onChange={setPerson}
            options={(people.data?.items ?? []).map((u) => ({
              value: u.id,
              label: t('reach.surveys.person', { name: u.displayName, username: u.username }),
            }))}
          />
          <Button
            disabled={!unit || !person}
            loading={save.isPending}
            onClick={() =>
              void change([
                ...list
                  .filter((e) => e.organisationId !== unit)
                  .map(({ organisationId, userId }) => ({ organisationId, userId })),
                { organisationId: unit!, userId: person! },
              ])
            }
          >
            {t('reach.surveys.addEnumerator')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
