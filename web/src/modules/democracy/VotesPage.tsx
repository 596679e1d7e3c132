import { democracyEndpoints, type Vote } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Modal,
  Pagination,
  Progress,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { href } from '../../api/client';
import { useMe } from '../../app/session';
import { INFO_TAG_COLOR, SUCCESS_TAG_COLOR, WARNING_TAG_COLOR } from '../../ui/colors';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { Pending } from '../../ui/query-state';
import { democracyApi } from './api';
/** The label of a ballot option: a motion's for/against/abstain, or a candidate's name. */
import { CreateVoteModal, RollModal, TrusteesModal } from './VoteDialogs';
import { PublishedBallots, ResultView, RuleLine } from './vote-parts';

export function VoteCard({ vote, canManage }: { vote: Vote; canManage: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [rollOpen, setRollOpen] = useState(false);
  const [ballotsOpen, setBallotsOpen] = useState(false);
  const [trusteesOpen, setTrusteesOpen] = useState(false);
  const encrypted = vote.ballotMode === 'encrypted';
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
          {encrypted && <Tag color={INFO_TAG_COLOR}>{t('democracy.votes.encryptedTag')}</Tag>}
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
        {vote.trustees && (
          <Descriptions.Item label={t('democracy.votes.trustees')}>
            <TrusteesLine vote={vote} />
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
      {vote.status === 'tallying' && vote.trustees && (
        <Alert
          style={{ marginTop: 8 }}
          type="info"
          showIcon
          message={t('democracy.votes.decrypting', {
            done: vote.trustees.decrypted,
            threshold: vote.trustees.threshold,
          })}
        />
      )}
      {result.data && <ResultView result={result.data} />}
      {result.data?.invalidBallots ? (
        <Alert type="warning" message={t('democracy.votes.invalidBallots', { count: result.data.invalidBallots })} />
      ) : null}
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
        {canManage && encrypted && (vote.status === 'draft' || vote.status === 'frozen') && (
          <Button onClick={() => setTrusteesOpen(true)}>{t('democracy.votes.setTrustees')}</Button>
        )}
        {canManage && vote.status === 'frozen' && (
          <Button
            type="primary"
            disabled={encrypted && !vote.trustees?.keyReady}
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
                content: t(encrypted ? 'democracy.votes.confirmCloseEncrypted' : 'democracy.votes.confirmCloseCount', {
                  voted: vote.votedCount,
                  total,
                }),
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
        {vote.status === 'closed' && !encrypted && (
          <Button onClick={() => setBallotsOpen(true)}>{t('democracy.votes.ballots')}</Button>
        )}
        {encrypted && vote.trustees?.keyReady && vote.status !== 'draft' && vote.status !== 'frozen' && (
          <Button
            href={href(democracyEndpoints.board, { params: { id: vote.id } })}
            download={`bulletin-board-${vote.id}.json`}
            title={t('democracy.votes.boardHelp')}
          >
            {t('democracy.votes.board')}
          </Button>
        )}
      </Flex>
      {trusteesOpen && <TrusteesModal vote={vote} onClose={() => setTrusteesOpen(false)} />}
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

/** An encrypted vote's trustees, each with how far they have come, and whether the key is ready. */
function TrusteesLine({ vote }: { vote: Vote }) {
  const { t } = useTranslation();
  const trustees = vote.trustees!;
  const done = trustees.trustees.filter((x) => x.stage === 'accepted' || x.stage === 'decrypted').length;
  return (
    <Flex vertical gap={4}>
      <Space wrap>
        {trustees.trustees.map((x) => (
          <Tag key={x.index} color={x.stage === 'complained' ? WARNING_TAG_COLOR : undefined}>
            {x.index}. {x.name} · {t(`democracy.votes.stages.${x.stage}`)}
          </Tag>
        ))}
        {trustees.threshold > 0 && `${t('democracy.votes.threshold')} ${trustees.threshold}`}
      </Space>
      {trustees.complaint ? (
        <Typography.Text type="warning">
          {t('democracy.votes.complaint', { who: trustees.complaint.join(t('common.listSeparator')) })}
        </Typography.Text>
      ) : trustees.keyReady ? (
        // Said while it decides whether the vote can open; afterwards it goes without saying.
        (vote.status === 'draft' || vote.status === 'frozen') && (
          <Tag color={SUCCESS_TAG_COLOR}>{t('democracy.votes.keyReady')}</Tag>
        )
      ) : (
        trustees.trustees.length > 0 && (
          <Typography.Text type="secondary">
            {t('democracy.votes.trusteeProgress', { done, total: trustees.trustees.length })} ·{' '}
            {t('democracy.votes.keyPending')}
          </Typography.Text>
        )
      )}
    </Flex>
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
