import { democracyEndpoints, type Proposal } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { href } from '../../api/client';
import { INFO_TAG_COLOR, SUCCESS_TAG_COLOR } from '../../ui/colors';
import { formatTime } from '../../ui/dates';
import { showServerErrors } from '../../ui/forms';
import { listState, Pending } from '../../ui/query-state';
import { democracyApi } from './api';
import { ProposalDetail, ProposalStatus } from './ProposalsPage';

function MyProposals({
  sessionId,
  myDelegateId,
  minCosigners,
  delegates,
}: {
  sessionId: number;
  myDelegateId: number;
  minCosigners: number;
  delegates: { id: number; name: string }[];
}) {
  const sendDraftProposal = democracyApi.useSend('draftProposal');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [drafting, setDrafting] = useState(false);
  const [open, setOpen] = useState<Proposal | null>(null);
  const [form] = Form.useForm();
  const [inviteForm] = Form.useForm();
  const list = useQuery({
    ...democracyApi.query('listProposals', { query: { sessionId, pageSize: 100 } }),
  });
  const refresh = (updated?: Proposal) => {
    if (updated) setOpen(updated);
  };
  const act = async (send: (id: number) => Promise<Proposal>) => {
    try {
      refresh(await send(open!.id));
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <Card
      size="small"
      title={t('democracy.member.proposals')}
      extra={<Button onClick={() => setDrafting(true)}>{t('democracy.proposals.draft')}</Button>}
    >
      <List
        size="small"
        {...listState(list)}
        dataSource={list.data?.items ?? []}
        renderItem={(p) => (
          <List.Item
            onClick={() => setOpen(p)}
            style={{ cursor: 'pointer' }}
            extra={<ProposalStatus status={p.status} />}
          >
            <List.Item.Meta title={p.title} description={p.proposerName} />
          </List.Item>
        )}
      />
      <Modal
        open={drafting}
        title={t('democracy.proposals.draft')}
        onCancel={() => setDrafting(false)}
        onOk={async () => {
          const values = await form.validateFields();
          try {
            const created = await sendDraftProposal.mutateAsync({ params: { id: sessionId }, body: values });
            setDrafting(false);
            form.resetFields();
            await refresh(created);
          } catch (error) {
            message.error(showServerErrors(form, error));
          }
        }}
      >
        <Form name="proposal-draft" form={form} layout="vertical">
          <Form.Item name="title" label={t('democracy.proposals.name')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="body" label={t('democracy.proposals.body')} rules={[{ required: true }]}>
            <Input.TextArea rows={5} />
          </Form.Item>
        </Form>
      </Modal>
      {open && (
        <Modal open title={open.title} footer={null} onCancel={() => setOpen(null)} width={640}>
          <ProposalDetail proposal={open} />
          <ProposalActions
            proposal={open}
            myDelegateId={myDelegateId}
            minCosigners={minCosigners}
            delegates={delegates}
            inviteForm={inviteForm}
            act={act}
          />
        </Modal>
      )}
    </Card>
  );
}

function ProposalActions(props: {
  proposal: Proposal;
  myDelegateId: number;
  minCosigners: number;
  delegates: { id: number; name: string }[];
  inviteForm: ReturnType<typeof Form.useForm>[0];
  act: (send: (id: number) => Promise<Proposal>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { proposal, act } = props;
  const respond = democracyApi.useSend('respondToInvitation');
  const invite = democracyApi.useSend('inviteCosigners');
  const submit = democracyApi.useSend('submitProposal');
  const rate = democracyApi.useSend('rateReply');
  const signed = proposal.cosigners.filter((c) => c.status === 'signed').length;
  // The server decides who may do what; the page offers each delegate only their own acts.
  const isProposer = proposal.proposerDelegateId === props.myDelegateId;
  const invitation = proposal.cosigners.find((c) => c.delegateId === props.myDelegateId);
  return (
    <Flex vertical gap={8} style={{ marginTop: 12 }}>
      {proposal.status === 'draft' && invitation?.status === 'invited' && (
        <Space wrap>
          <Button
            type="primary"
            onClick={() => void act((id) => respond.mutateAsync({ params: { id }, body: { accept: true } }))}
          >
            {t('democracy.proposals.cosign')}
          </Button>
          <Button onClick={() => void act((id) => respond.mutateAsync({ params: { id }, body: { accept: false } }))}>
            {t('democracy.proposals.decline')}
          </Button>
        </Space>
      )}
      {proposal.status === 'draft' && isProposer && (
        <>
          <Form
            name="cosigners"
            form={props.inviteForm}
            layout="vertical"
            onFinish={(v) => act((id) => invite.mutateAsync({ params: { id }, body: v as { delegateIds: number[] } }))}
          >
            <Form.Item name="delegateIds" label={t('democracy.proposals.inviteWhom')} rules={[{ required: true }]}>
              <Checkbox.Group options={props.delegates.map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
            <Button htmlType="submit">{t('democracy.proposals.invite')}</Button>
          </Form>
          <Button
            type="primary"
            disabled={signed < props.minCosigners}
            onClick={() => void act((id) => submit.mutateAsync({ params: { id } }))}
          >
            {t('democracy.proposals.submit')}
          </Button>
          <Typography.Text type="secondary">
            {t('democracy.proposals.needCosigners', { minimum: props.minCosigners })}
            {t('common.parenthesised', { text: signed })}
          </Typography.Text>
        </>
      )}
      {proposal.status === 'replied' && isProposer && (
        <Space wrap>
          <span>{t('democracy.proposals.rate')}</span>
          {(['satisfied', 'basic', 'unsatisfied'] as const).map((s) => (
            <Button
              key={s}
              onClick={() => void act((id) => rate.mutateAsync({ params: { id }, body: { satisfaction: s } }))}
            >
              {t(`democracy.satisfaction.${s}`)}
            </Button>
          ))}
        </Space>
      )}
    </Flex>
  );
}

/** The member's congress page: sessions where they are a delegate, check-in, votes, proposals. */
export function MyCongressPage() {
  const sendCheckIn = democracyApi.useSend('checkIn');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const sessions = useQuery({
    ...democracyApi.query('mySessions'),
  });
  const votes = useQuery({
    ...democracyApi.query('myVotes'),
    refetchInterval: 5000,
  });
  const trusteeships = useQuery({ ...democracyApi.query('myTrusteeships'), refetchInterval: 5000 });
  if (sessions.data === undefined) return <Pending query={sessions} />;
  return (
    <Flex vertical gap={16}>
      {(trusteeships.data?.items.length ?? 0) > 0 && (
        <Card size="small" title={t('pages.trusteeships')}>
          <List
            size="small"
            dataSource={trusteeships.data?.items ?? []}
            renderItem={(item) => (
              <List.Item
                extra={
                  <Link to={`/app/trustee/${item.voteId}`}>
                    <Button type={item.actionNeeded ? 'primary' : 'default'} size="small">
                      {t('democracy.member.trustee.open')}
                    </Button>
                  </Link>
                }
              >
                <List.Item.Meta
                  title={item.title}
                  description={
                    <Space wrap>
                      {item.organisationName}
                      <Tag>{t(`democracy.voteStatuses.${item.status}`)}</Tag>
                      <Tag color={item.actionNeeded ? INFO_TAG_COLOR : undefined}>
                        {t(`democracy.votes.stages.${item.stage}`)}
                      </Tag>
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card size="small" title={t('democracy.member.votes')}>
        {votes.data?.items.length === 0 && (
          <Typography.Text type="secondary">{t('democracy.member.noVotes')}</Typography.Text>
        )}
        <List
          size="small"
          {...listState(votes)}
          dataSource={votes.data?.items ?? []}
          renderItem={(paper) => {
            const pending = paper.voters.some((v) => !v.voted);
            return (
              <List.Item
                extra={
                  <Link to={`/app/votes/${paper.vote.id}`}>
                    <Button type={paper.vote.status === 'open' && pending ? 'primary' : 'default'} size="small">
                      {paper.vote.status === 'open' && pending
                        ? t('democracy.member.vote')
                        : t(`democracy.voteStatuses.${paper.vote.status}`)}
                    </Button>
                  </Link>
                }
              >
                <List.Item.Meta
                  title={paper.vote.title}
                  description={!pending && <Tag color={SUCCESS_TAG_COLOR}>{t('democracy.member.alreadyVoted')}</Tag>}
                />
              </List.Item>
            );
          }}
        />
      </Card>
      {sessions.data.items.length === 0 && <Empty description={t('democracy.member.none')} />}
      {sessions.data.items.map((item) => (
        <Card key={item.session.id} title={item.session.title} size="small">
          <Flex vertical gap={12}>
            <Typography.Text type="secondary">
              {item.session.meetingDate} · {item.session.venue}
            </Typography.Text>
            {item.checkedInAt ? (
              <Alert
                type="success"
                showIcon
                message={t('democracy.member.checkedIn', {
                  time: formatTime(item.checkedInAt, i18n.language),
                })}
              />
            ) : item.session.status === 'open' ? (
              <Space wrap>
                {item.session.onlineCheckIn && (
                  <Button
                    type="primary"
                    onClick={async () => {
                      try {
                        await sendCheckIn.mutateAsync({ params: { id: item.session.id }, body: {} });
                        message.success(t('democracy.member.checkInDone'));
                      } catch (error) {
                        message.error((error as Error).message);
                      }
                    }}
                  >
                    {t('democracy.member.checkIn')}
                  </Button>
                )}
                <Typography.Text type="secondary">{t('democracy.member.scanHint')}</Typography.Text>
              </Space>
            ) : (
              <Tag>{t(`democracy.sessionStatuses.${item.session.status}`)}</Tag>
            )}
            <List
              size="small"
              header={t('democracy.sessions.agenda')}
              dataSource={item.agenda}
              renderItem={(a) => (
                <List.Item>
                  <Space wrap>
                    {a.position}. {a.title}
                    {a.isCurrent && <Tag color={INFO_TAG_COLOR}>{t('democracy.sessions.current')}</Tag>}
                    {a.documents.map((d) => (
                      <a
                        key={d.id}
                        href={href(democracyEndpoints.readDocument, {
                          params: { id: item.session.id, documentId: d.id },
                        })}
                      >
                        {d.fileName}
                      </a>
                    ))}
                  </Space>
                </List.Item>
              )}
            />
            <MyProposals
              sessionId={item.session.id}
              myDelegateId={item.delegateId}
              minCosigners={item.session.minCosigners}
              delegates={item.delegates}
            />
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
