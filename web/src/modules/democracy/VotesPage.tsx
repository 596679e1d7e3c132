import type { Vote } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Modal, Pagination, Progress, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { INFO_TAG_COLOR } from '../../ui/colors';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { Pending } from '../../ui/query-state';
import { democracyApi } from './api';
/** The label of a ballot option: a motion's for/against/abstain, or a candidate's name. */
import { CreateVoteModal, RollModal } from './VoteDialogs';
import { PublishedBallots, ResultView, RuleLine } from './vote-parts';

export function VoteCard({ vote, canManage }: { vote: Vote; canManage: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [rollOpen, setRollOpen] = useState(false);
  const [ballotsOpen, setBallotsOpen] = useState(false);
  const result = useQuery({
    ...democracyApi.query('getResult', { params: { id: vote.id } }),
    enabled: vote.status === 'closed',
  });
  const steps = {
    freeze: democracyApi.useSend('freezeVote'),
    open: democracyApi.useSend('openVote'),
    close: democracyApi.useSend('closeVote'),
  };
  const step = async (action: 'freeze' | 'open' | 'close') => {
    try {
      await steps[action].mutateAsync({ params: { id: vote.id } });
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  const total = vote.electorateCount ?? 0;
  return (
    <Card
      size="small"
      title={
        <Space>
          <Tag>{t(`democracy.kinds.${vote.kind}`)}</Tag>
          {vote.title}
        </Space>
      }
      extra={
        <Tag color={vote.status === 'open' ? INFO_TAG_COLOR : undefined}>
          {t(`democracy.voteStatuses.${vote.status}`)}
        </Tag>
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('democracy.votes.electorate')}>
          {t(`democracy.electorates.${vote.electorate}`)}
          {vote.electorateCount !== null && ` · ${vote.electorateCount}`}
        </Descriptions.Item>
        {vote.kind === 'election' && (
          <Descriptions.Item label={t('democracy.votes.candidates')}>
            {vote.candidates.map((c) => c.name).join(t('common.listSeparator'))}
            {t('common.parenthesised', { text: `${t('democracy.votes.seats')} ${vote.seats}` })}
          </Descriptions.Item>
        )}
        {vote.electorateHash && (
          <Descriptions.Item label={t('democracy.votes.hash')}>
            <code style={{ wordBreak: 'break-all' }}>{vote.electorateHash}</code>
          </Descriptions.Item>
        )}
      </Descriptions>
      {vote.status !== 'closed' && <RuleLine rules={vote.rules} kind={vote.kind} />}
      {vote.status === 'open' && (
        <div style={{ marginTop: 8 }}>
          {t('democracy.votes.turnout', { voted: vote.votedCount, total })}
          <Progress percent={total ? Math.round((vote.votedCount * 100) / total) : 0} />
        </div>
      )}
      {result.data && <ResultView result={result.data} />}
      <Flex gap={8} wrap style={{ marginTop: 12 }}>
        {canManage && vote.status === 'draft' && (
          <Button
            onClick={() =>
              modal.confirm({
                title: t('democracy.votes.freeze'),
                content: t('democracy.votes.confirmFreeze'),
                okText: t('democracy.votes.freeze'),
                onOk: () => step('freeze'),
              })
            }
          >
            {t('democracy.votes.freeze')}
          </Button>
        )}
        {canManage && vote.status === 'frozen' && (
          <Button
            type="primary"
            onClick={() =>
              modal.confirm({
                title: t('democracy.votes.open'),
                content: t('democracy.votes.confirmOpen', { count: vote.electorateCount ?? 0 }),
                okText: t('democracy.votes.open'),
                onOk: () => step('open'),
              })
            }
          >
            {t('democracy.votes.open')}
          </Button>
        )}
        {canManage && vote.status === 'open' && (
          <Button
            danger
            type="primary"
            onClick={() =>
              modal.confirm({
                title: t('democracy.votes.close'),
                content: t('democracy.votes.confirmCloseCount', { voted: vote.votedCount, total }),
                okText: t('democracy.votes.close'),
                okButtonProps: { danger: true },
                onOk: () => step('close'),
              })
            }
          >
            {t('democracy.votes.close')}
          </Button>
        )}
        {vote.status !== 'draft' && <Button onClick={() => setRollOpen(true)}>{t('democracy.votes.roll')}</Button>}
        {vote.status === 'closed' && (
          <Button onClick={() => setBallotsOpen(true)}>{t('democracy.votes.ballots')}</Button>
        )}
      </Flex>
      {rollOpen && <RollModal vote={vote} onClose={() => setRollOpen(false)} />}
      {ballotsOpen && (
        <Modal
          open
          width={760}
          title={t('democracy.votes.ballots')}
          footer={null}
          onCancel={() => setBallotsOpen(false)}
        >
          <PublishedBallots vote={vote} />
        </Modal>
      )}
    </Card>
  );
}

/** The votes of a session (or, without one, every vote in scope), with the steps a cadre takes. */
export function VotesPanel({ sessionId }: { sessionId?: number }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canManage = me?.permissions.includes('democracy.manage') ?? false;
  const [creating, setCreating] = useState(false);
  const [page, setPage] = useState(1);
  const votes = useQuery({
    ...democracyApi.query('listVotes', { query: { sessionId, page, pageSize: PAGE_SIZE } }),
    refetchInterval: 5000,
  });
  return (
    <Flex vertical gap={12}>
      {canManage && (
        <div>
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('democracy.votes.create')}
          </Button>
        </div>
      )}
      {votes.data === undefined && <Pending query={votes} />}
      {votes.data?.items.length === 0 && <Alert type="info" message={t('democracy.member.noVotes')} />}
      {(votes.data?.items ?? []).map((vote) => (
        <VoteCard key={vote.id} vote={vote} canManage={canManage} />
      ))}
      {(votes.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination align="end" {...serverPagination(t, page, votes.data?.total, setPage)} />
      )}
      {creating && <CreateVoteModal sessionId={sessionId} onClose={() => setCreating(false)} />}
    </Flex>
  );
}

export function VotesPage() {
  return (
    <Card>
      <VotesPanel />
    </Card>
  );
}
