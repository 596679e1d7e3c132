import type { democracyEndpoints, Proposal, QueryInput } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { INFO_TAG_COLOR, NEUTRAL_TAG_COLOR, SUCCESS_TAG_COLOR, WARNING_TAG_COLOR } from '../../ui/colors';
import { formatDate } from '../../ui/dates';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { democracyApi } from './api';

export function ProposalStatus({ status }: { status: Proposal['status'] }) {
  const { t } = useTranslation();
  const color = {
    accepted: INFO_TAG_COLOR,
    assigned: WARNING_TAG_COLOR,
    replied: NEUTRAL_TAG_COLOR,
    closed: SUCCESS_TAG_COLOR,
  }[status as string];
  return <Tag color={color}>{t(`democracy.proposalStatuses.${status}`)}</Tag>;
}

/** A proposal's text and progress: co-signers, review, department, reply and rating. */
export function ProposalDetail({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('democracy.proposals.status')}>
        <ProposalStatus status={proposal.status} />
      </Descriptions.Item>
      <Descriptions.Item label={t('democracy.proposals.number')}>{proposal.number ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('democracy.proposals.proposer')}>{proposal.proposerName}</Descriptions.Item>
      <Descriptions.Item label={t('democracy.proposals.cosigners')}>
        {proposal.cosigners
          .map((c) => `${c.name}${t('common.parenthesised', { text: t(`democracy.cosignerStatuses.${c.status}`) })}`)
          .join(t('common.listSeparator')) || '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('democracy.proposals.body')}>
        <div style={{ whiteSpace: 'pre-wrap' }}>{proposal.body}</div>
      </Descriptions.Item>
      {proposal.reviewNote && (
        <Descriptions.Item label={t('democracy.proposals.reviewNote')}>{proposal.reviewNote}</Descriptions.Item>
      )}
      {proposal.department && (
        <Descriptions.Item label={t('democracy.proposals.department')}>{proposal.department}</Descriptions.Item>
      )}
      {proposal.reply && <Descriptions.Item label={t('democracy.proposals.reply')}>{proposal.reply}</Descriptions.Item>}
      {proposal.satisfaction && (
        <Descriptions.Item label={t('democracy.proposals.satisfaction')}>
          {t(`democracy.satisfaction.${proposal.satisfaction}`)}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

type CommitteeStep = 'accept' | 'opinion' | 'assign' | 'reply';

/** Proposals in scope (or of one session) with the committee's acts: review, assign, reply. */
export function ProposalsPanel({ sessionId }: { sessionId?: number }) {
  const sendReviewProposal = democracyApi.useSend('reviewProposal');
  const sendAssignProposal = democracyApi.useSend('assignProposal');
  const sendReplyToProposal = democracyApi.useSend('replyToProposal');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const canManage = me?.permissions.includes('democracy.manage') ?? false;
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [open, setOpen] = useState<{ proposal: Proposal; step: CommitteeStep | null } | null>(null);
  const [form] = Form.useForm();
  const list = useQuery({
    ...democracyApi.query('listProposals', {
      query: {
        sessionId,
        page,
        pageSize: PAGE_SIZE,
        q,
        status: status as QueryInput<typeof democracyEndpoints.listProposals>['status'],
      },
    }),
  });
  const act = async (proposal: Proposal, step: CommitteeStep) => {
    const values = await form.validateFields();
    const params = { id: proposal.id };
    try {
      if (step === 'accept' || step === 'opinion')
        await sendReviewProposal.mutateAsync({
          params,
          body: { decision: step === 'accept' ? 'accept' : 'opinion', note: values.note || null },
        });
      else if (step === 'assign')
        await sendAssignProposal.mutateAsync({ params, body: { department: values.department } });
      else await sendReplyToProposal.mutateAsync({ params, body: { reply: values.reply } });
      setOpen(null);
      form.resetFields();
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap>
        <Input.Search
          aria-label={t('democracy.proposals.search')}
          placeholder={t('democracy.proposals.search')}
          allowClear
          style={{ maxWidth: 320 }}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
        />
        <Select
          aria-label={t('democracy.proposals.status')}
          allowClear
          placeholder={t('democracy.proposals.status')}
          style={{ minWidth: 160 }}
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={['submitted', 'accepted', 'opinion', 'assigned', 'replied', 'closed'].map((s) => ({
            value: s,
            label: t(`democracy.proposalStatuses.${s}`),
          }))}
        />
      </Flex>
      <Table<Proposal>
        rowKey="id"
        {...tableState(list)}
        dataSource={list.data?.items ?? []}
        pagination={serverPagination(t, page, list.data?.total, setPage)}
        columns={[
          { title: t('democracy.proposals.number'), dataIndex: 'number', render: (v: string | null) => v ?? '—' },
          {
            title: t('democracy.proposals.name'),
            dataIndex: 'title',
            render: (v: string, row) => (
              <Button type="link" onClick={() => setOpen({ proposal: row, step: null })}>
                {v}
              </Button>
            ),
          },
          { title: t('democracy.proposals.proposer'), dataIndex: 'proposerName' },
          { title: t('democracy.proposals.department'), dataIndex: 'department' },
          {
            title: t('democracy.proposals.status'),
            dataIndex: 'status',
            render: (v: Proposal['status']) => <ProposalStatus status={v} />,
          },
          {
            title: t('membership.fields.submittedAt'),
            dataIndex: 'submittedAt',
            render: (v: string | null) => (v ? formatDate(v, i18n.language) : ''),
          },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: Proposal) => (
                    <Flex gap={4}>
                      {row.status === 'submitted' && (
                        <>
                          <Button size="small" type="link" onClick={() => setOpen({ proposal: row, step: 'accept' })}>
                            {t('democracy.proposals.accept')}
                          </Button>
                          <Button size="small" type="link" onClick={() => setOpen({ proposal: row, step: 'opinion' })}>
                            {t('democracy.proposals.toOpinion')}
                          </Button>
                        </>
                      )}
                      {(row.status === 'accepted' || row.status === 'assigned') && (
                        <Button size="small" type="link" onClick={() => setOpen({ proposal: row, step: 'assign' })}>
                          {t('democracy.proposals.assign')}
                        </Button>
                      )}
                      {row.status === 'assigned' && (
                        <Button size="small" type="link" onClick={() => setOpen({ proposal: row, step: 'reply' })}>
                          {t('democracy.proposals.recordReply')}
                        </Button>
                      )}
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      {open && (
        <Modal
          open
          width={720}
          title={open.proposal.title}
          onCancel={() => setOpen(null)}
          okText={open.step ? t(`democracy.proposals.${stepLabel(open.step)}`) : t('common.confirm')}
          onOk={() => (open.step ? act(open.proposal, open.step) : setOpen(null))}
        >
          <ProposalDetail proposal={open.proposal} />
          {open.step && (
            <Form name="committee" form={form} layout="vertical" style={{ marginTop: 16 }}>
              {(open.step === 'accept' || open.step === 'opinion') && (
                <Form.Item name="note" label={t('democracy.proposals.reviewNote')}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              )}
              {open.step === 'assign' && (
                <Form.Item
                  name="department"
                  label={t('democracy.proposals.department')}
                  rules={[{ required: true, min: 2 }]}
                >
                  <Input />
                </Form.Item>
              )}
              {open.step === 'reply' && (
                <Form.Item name="reply" label={t('democracy.proposals.reply')} rules={[{ required: true }]}>
                  <Input.TextArea rows={4} />
                </Form.Item>
              )}
            </Form>
          )}
        </Modal>
      )}
    </Flex>
  );
}

function stepLabel(step: CommitteeStep) {
  return { accept: 'accept', opinion: 'toOpinion', assign: 'assign', reply: 'recordReply' }[step];
}

export function ProposalsPage() {
  const { t } = useTranslation();
  return (
    <Card title={t('democracy.proposals.committee')}>
      <ProposalsPanel />
    </Card>
  );
}
