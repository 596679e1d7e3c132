import { BALLOT_MODES, DEFAULT_VOTE_RULES, minimumCandidates, type Vote, type VoteRules } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { SUCCESS_TAG_COLOR } from '../../ui/colors';
import { showServerErrors } from '../../ui/forms';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { democracyApi } from './api';

export function RollModal({ vote, onClose }: { vote: Vote; onClose: () => void }) {
  const sendSetRollEntry = democracyApi.useSend('setRollEntry');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<number | null>(null);
  const [form] = Form.useForm();
  const roll = useQuery({
    ...democracyApi.query('listRoll', { params: { id: vote.id }, query: { page, pageSize: PAGE_SIZE } }),
  });
  const editable = vote.status === 'frozen';
  return (
    <Modal open title={t('democracy.votes.roll')} width={860} footer={null} onCancel={onClose}>
      <Typography.Paragraph>
        {t('democracy.votes.hash')}: <code style={{ wordBreak: 'break-all' }}>{vote.electorateHash}</code>
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="memberId"
        {...tableState(roll)}
        dataSource={roll.data?.items ?? []}
        pagination={serverPagination(t, page, roll.data?.total, setPage)}
        columns={[
          { title: t('democracy.sessions.memberNumber'), dataIndex: 'memberNumber' },
          { title: t('membership.fields.name'), dataIndex: 'name' },
          { title: t('democracy.votes.weight'), dataIndex: 'weight' },
          {
            title: t('democracy.votes.proxy'),
            dataIndex: 'proxyName',
            render: (v: string | null, row) => (v ? `${v}${t('common.parenthesised', { text: row.proxyReason })}` : ''),
          },
          {
            title: t('democracy.votes.voted'),
            dataIndex: 'voted',
            render: (v: boolean, row) =>
              v ? (
                <Tag color={SUCCESS_TAG_COLOR}>
                  {t('democracy.votes.voted')}
                  {row.votedVia === 'proxy' ? ` · ${t('democracy.votes.viaProxy')}` : ''}
                </Tag>
              ) : (
                <Tag>{t('democracy.votes.notVoted')}</Tag>
              ),
          },
          ...(editable
            ? [
                {
                  title: t('common.actions'),
                  key: 'edit',
                  render: (_: unknown, row: { memberId: number; weight: number }) => (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => {
                        setEditing(row.memberId);
                        form.setFieldsValue({ weight: row.weight, proxyMemberNumber: '', proxyReason: '' });
                      }}
                    >
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={t('democracy.votes.proxy')}
        onCancel={() => setEditing(null)}
        onOk={async () => {
          const values = await form.validateFields();
          try {
            await sendSetRollEntry.mutateAsync({
              params: { id: vote.id, memberId: editing },
              body: {
                weight: values.weight,
                proxyMemberNumber: values.proxyMemberNumber ? values.proxyMemberNumber : null,
                proxyReason: values.proxyMemberNumber ? values.proxyReason : null,
              },
            });
            setEditing(null);
          } catch (error) {
            message.error(showServerErrors(form, error));
          }
        }}
      >
        <Form name="roll-entry" form={form} layout="vertical">
          <Form.Item name="weight" label={t('democracy.votes.weight')}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="proxyMemberNumber" label={t('democracy.votes.proxyNumber')}>
            <Input />
          </Form.Item>
          <Form.Item name="proxyReason" label={t('democracy.votes.proxyReason')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Modal>
  );
}

export function CreateVoteModal({ sessionId, onClose }: { sessionId?: number | undefined; onClose: () => void }) {
  const sendCreateVote = democracyApi.useSend('createVote');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) ?? 'motion';
  const seats = Form.useWatch('seats', form) ?? 1;
  const excess = Form.useWatch('minExcessPercent', form) ?? 5;
  const chosenElectorate = Form.useWatch('electorate', form) ?? 'congress';
  const electorate = sessionId ? chosenElectorate : 'members';
  const rules = (values: Record<string, unknown>): VoteRules => ({
    quorum: {
      base:
        electorate === 'congress'
          ? ((values.quorumBase as 'turnout' | 'attendance' | undefined) ?? 'attendance')
          : 'turnout',
      ratio: { num: values.quorumNum as number, den: values.quorumDen as number },
      comparison: 'inclusive',
      countAbstentions: values.countAbstentions as boolean,
    },
    majority: {
      base: values.majorityBase as VoteRules['majority']['base'],
      ratio: { num: values.majorityNum as number, den: values.majorityDen as number },
      comparison: values.majorityComparison as 'strict' | 'inclusive',
    },
    competitive: { minExcessPercent: (values.minExcessPercent as number | undefined) ?? 5, minExtra: 1 },
  });
  return (
    <Modal
      open
      width={640}
      title={t('democracy.votes.create')}
      onCancel={onClose}
      onOk={async () => {
        const values = await form.validateFields();
        const candidates = String(values.candidates ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => {
            const [name, memberNumber] = line.split(/[,，]/).map((part) => part.trim());
            return { name: name!, memberNumber: memberNumber || null };
          });
        try {
          await sendCreateVote.mutateAsync({
            body: {
              ...(sessionId ? { sessionId } : { organisationId: values.organisationId }),
              kind: values.kind,
              title: values.title,
              description: values.description?.trim() || null,
              electorate: sessionId ? values.electorate : 'members',
              ...(values.kind === 'election' ? { seats: values.seats, counting: values.counting, candidates } : {}),
              rules: rules(values),
              ballotMode: values.ballotMode,
            },
          });
          onClose();
        } catch (error) {
          message.error(showServerErrors(form, error));
        }
      }}
    >
      <Form
        name="new-vote"
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'motion',
          electorate: 'congress',
          seats: 1,
          counting: 'approval',
          quorumNum: DEFAULT_VOTE_RULES.quorum.ratio.num,
          quorumDen: DEFAULT_VOTE_RULES.quorum.ratio.den,
          countAbstentions: true,
          quorumBase: 'attendance',
          majorityBase: DEFAULT_VOTE_RULES.majority.base,
          majorityNum: 1,
          majorityDen: 2,
          majorityComparison: 'strict',
          minExcessPercent: 5,
          ballotMode: 'encrypted',
        }}
      >
        {!sessionId && (
          <Form.Item name="organisationId" label={t('democracy.sessions.organisation')} rules={[{ required: true }]}>
            <OrganisationPicker aria-label={t('democracy.sessions.organisation')} />
          </Form.Item>
        )}
        <Form.Item name="kind" label={t('democracy.votes.kind')}>
          <Select
            aria-label={t('democracy.votes.kind')}
            options={['motion', 'election'].map((k) => ({ value: k, label: t(`democracy.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="ballotMode"
          label={t('democracy.votes.ballotMode')}
          extra={t('democracy.votes.ballotModeHelp')}
        >
          <Select
            aria-label={t('democracy.votes.ballotMode')}
            options={BALLOT_MODES.map((k) => ({ value: k, label: t(`democracy.votes.ballotModes.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('democracy.votes.name')} rules={[{ required: true, min: 2 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('democracy.votes.description')}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        {sessionId && (
          <Form.Item name="electorate" label={t('democracy.votes.electorate')}>
            <Select
              aria-label={t('democracy.votes.electorate')}
              options={['congress', 'members'].map((k) => ({ value: k, label: t(`democracy.electorates.${k}`) }))}
            />
          </Form.Item>
        )}
        {kind === 'election' && (
          <>
            <Space>
              <Form.Item name="seats" label={t('democracy.votes.seats')}>
                <InputNumber min={1} />
              </Form.Item>
              <Form.Item name="counting" label={t('democracy.votes.counting')}>
                <Select
                  style={{ minWidth: 240 }}
                  aria-label={t('democracy.votes.counting')}
                  options={['approval', 'plurality'].map((k) => ({ value: k, label: t(`democracy.countings.${k}`) }))}
                />
              </Form.Item>
            </Space>
            <Form.Item
              name="candidates"
              label={t('democracy.votes.candidates')}
              extra={t('democracy.votes.candidatesMin', {
                minimum: minimumCandidates(
                  { ...DEFAULT_VOTE_RULES, competitive: { minExcessPercent: excess, minExtra: 1 } },
                  seats,
                ),
              })}
              rules={[{ required: true }]}
            >
              <Input.TextArea rows={4} />
            </Form.Item>
            <Form.Item name="minExcessPercent" label={t('democracy.votes.competitive')}>
              <InputNumber min={0} max={100} />
            </Form.Item>
          </>
        )}
        <Typography.Title level={5}>{t('democracy.votes.rules')}</Typography.Title>
        <Space wrap>
          <span>{t('democracy.votes.quorumBase')}</span>
          {electorate === 'congress' ? (
            <Form.Item name="quorumBase" noStyle>
              <Select
                aria-label={t('democracy.votes.quorumBase')}
                style={{ minWidth: 140 }}
                options={['attendance', 'turnout'].map((k) => ({ value: k, label: t(`democracy.quorumBases.${k}`) }))}
              />
            </Form.Item>
          ) : (
            <span>{t('democracy.quorumBases.turnout')}</span>
          )}
          <span>{t('democracy.votes.quorumRatio')}</span>
          <Form.Item name="quorumNum" noStyle>
            <InputNumber aria-label={t('democracy.votes.quorumNumerator')} min={0} style={{ width: 64 }} />
          </Form.Item>
          /
          <Form.Item name="quorumDen" noStyle>
            <InputNumber aria-label={t('democracy.votes.quorumDenominator')} min={1} style={{ width: 64 }} />
          </Form.Item>
          <Form.Item name="countAbstentions" valuePropName="checked" noStyle>
            <Checkbox>{t('democracy.votes.countAbstentions')}</Checkbox>
          </Form.Item>
        </Space>
        <Space wrap style={{ marginTop: 12 }}>
          <Form.Item name="majorityComparison" label={t('democracy.votes.comparison')}>
            <Select
              aria-label={t('democracy.votes.comparison')}
              style={{ width: 100 }}
              options={['strict', 'inclusive'].map((k) => ({ value: k, label: t(`democracy.comparisons.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="majorityBase" label={t('democracy.votes.majorityBase')}>
            <Select
              aria-label={t('democracy.votes.majorityBase')}
              style={{ minWidth: 220 }}
              options={['electorate', 'cast', 'valid', 'none'].map((k) => ({
                value: k,
                label: t(`democracy.bases.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item label={t('democracy.votes.majorityRatio')}>
            <Space>
              <Form.Item name="majorityNum" noStyle>
                <InputNumber aria-label={t('democracy.votes.majorityNumerator')} min={0} style={{ width: 64 }} />
              </Form.Item>
              /
              <Form.Item name="majorityDen" noStyle>
                <InputNumber aria-label={t('democracy.votes.majorityDenominator')} min={1} style={{ width: 64 }} />
              </Form.Item>
            </Space>
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** Names the trustees of an encrypted vote and how many of them must decrypt; naming them again restarts their ceremony. */
export function TrusteesModal({ vote, onClose }: { vote: Vote; onClose: () => void }) {
  const sendSetTrustees = democracyApi.useSend('setTrustees');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  return (
    <Modal
      open
      title={t('democracy.votes.setTrustees')}
      okText={t('democracy.votes.setTrustees')}
      onCancel={onClose}
      onOk={async () => {
        const values = await form.validateFields();
        const memberNumbers = String(values.memberNumbers ?? '')
          .split(/[\s,，]+/)
          .map((line) => line.trim())
          .filter(Boolean);
        try {
          await sendSetTrustees.mutateAsync({
            params: { id: vote.id },
            body: { memberNumbers, threshold: values.threshold },
          });
          onClose();
        } catch (error) {
          // A trustee's error names its line (memberNumbers.1): shown on the one field that holds them all.
          const lines = error instanceof ApiError ? (error.problem.errors ?? []) : [];
          const onNumbers = lines.filter((e) => e.field.startsWith('memberNumbers')).map((e) => e.message);
          message.error(showServerErrors(form, error));
          if (onNumbers.length) form.setFields([{ name: 'memberNumbers', errors: onNumbers }]);
        }
      }}
    >
      <Typography.Paragraph type="secondary">{t('democracy.votes.trusteesHelp')}</Typography.Paragraph>
      <Form name="trustees" form={form} layout="vertical" initialValues={{ threshold: vote.trustees?.threshold || 2 }}>
        <Form.Item name="memberNumbers" label={t('democracy.votes.trusteeNumbers')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="threshold" label={t('democracy.votes.threshold')} extra={t('democracy.votes.thresholdHelp')}>
          <InputNumber min={1} max={9} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
