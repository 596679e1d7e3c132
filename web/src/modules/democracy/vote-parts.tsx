import type { Vote, VoteResult, VoteRules } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Flex, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DANGER_TAG_COLOR, SUCCESS_TAG_COLOR, WARNING_TAG_COLOR } from '../../ui/colors';
import { tableState } from '../../ui/query-state';
import { democracyApi } from './api';

/** The label of a ballot option: a motion's for/against/abstain, or a candidate's name. */

export function optionLabel(t: (key: string) => string, kind: Vote['kind'], label: string) {
  return kind === 'motion' ? t(`democracy.choices.${label}`) : label;
}

/** The rule applied, in words: what the result is measured against. */
export function RuleLine({ rules, kind }: { rules: VoteRules; kind: Vote['kind'] }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary">
      {t('democracy.votes.ruleLine', {
        quorumBase: t(`democracy.quorumBases.${rules.quorum.base}`),
        quorumCmp: t(`democracy.comparisons.${rules.quorum.comparison}`),
        quorum: `${rules.quorum.ratio.num}/${rules.quorum.ratio.den}`,
        kindWord: t(`democracy.kinds.${kind}`),
        majorityCmp: t(`democracy.comparisons.${rules.majority.comparison}`),
        base: t(`democracy.bases.${rules.majority.base}`),
        majority: `${rules.majority.ratio.num}/${rules.majority.ratio.den}`,
      })}
    </Typography.Text>
  );
}

/** A closed vote's result: turnout, the rule, each option's votes and the outcome. */
export function ResultView({ result, large = false }: { result: VoteResult; large?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8}>
      <Space wrap>
        {result.passed !== null && (
          <Tag
            color={result.passed ? SUCCESS_TAG_COLOR : DANGER_TAG_COLOR}
            style={large ? { fontSize: 24, padding: 8 } : undefined}
          >
            {result.passed ? t('democracy.votes.passed') : t('democracy.votes.notPassed')}
          </Tag>
        )}
        {result.elected !== null && (
          <Tag>{t('democracy.votes.elected', { seats: result.seats, elected: result.elected })}</Tag>
        )}
        <Tag color={result.quorumMet ? SUCCESS_TAG_COLOR : WARNING_TAG_COLOR}>
          {result.quorumMet ? t('democracy.votes.quorumMet') : t('democracy.votes.quorumNotMet')}
        </Tag>
      </Space>
      <Typography.Text>
        {t('democracy.votes.resultLine', {
          electorate: result.electorateCount,
          ballots: result.ballots,
          cast: result.castWeight,
          abstain: result.abstainWeight,
        })}
      </Typography.Text>
      <RuleLine rules={result.rules} kind={result.kind} />
      <Table
        size={large ? 'large' : 'small'}
        rowKey="position"
        pagination={false}
        dataSource={result.options}
        columns={[
          {
            title: t('democracy.votes.option'),
            dataIndex: 'label',
            render: (label: string) => optionLabel(t, result.kind, label),
          },
          { title: t('democracy.votes.votesCount'), dataIndex: 'votes' },
          ...(result.kind === 'election'
            ? [
                {
                  title: t('democracy.votes.outcome'),
                  dataIndex: 'outcome',
                  render: (v: string | null) =>
                    v ? (
                      <Tag color={v === 'elected' ? SUCCESS_TAG_COLOR : undefined}>{t(`democracy.outcomes.${v}`)}</Tag>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Flex>
  );
}

/** The published ballots (random order) with a receipt finder. */
export function PublishedBallots({ vote }: { vote: Vote }) {
  const { t } = useTranslation();
  const [receipt, setReceipt] = useState('');
  const ballots = useQuery({
    ...democracyApi.query('publishedBallots', { params: { id: vote.id }, query: { receipt } }),
  });
  const label = (choices: number[]) =>
    choices.length === 0
      ? t('democracy.votes.blank')
      : choices
          .map((c) =>
            vote.kind === 'motion'
              ? t(`democracy.choices.${['for', 'against', 'abstain'][c - 1]}`)
              : (vote.candidates[c - 1]?.name ?? c),
          )
          .join(t('common.listSeparator'));
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary">{t('democracy.votes.ballotsHelp')}</Typography.Text>
      <Input.Search
        aria-label={t('democracy.votes.receipt')}
        placeholder="XXXX-XXXX-XXXX-XXXX"
        allowClear
        onSearch={(value) => setReceipt(value.trim())}
        style={{ maxWidth: 320 }}
      />
      <Table
        size="small"
        rowKey="receipt"
        {...tableState(ballots)}
        dataSource={ballots.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('democracy.votes.receipt'), dataIndex: 'receipt', render: (v: string) => <code>{v}</code> },
          { title: t('democracy.votes.option'), dataIndex: 'choices', render: label },
          { title: t('democracy.votes.weight'), dataIndex: 'weight' },
        ]}
      />
    </Flex>
  );
}
