import { type BodyInput, CHANGEABLE_STATUSES, type membershipEndpoints } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  InputNumber,
  Select,
  Table,
  Tabs,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { fenOfYuan, formatFen } from '../../ui/money';
import { Pending } from '../../ui/query-state';
import { membershipApi } from './api';
import { DuesTable, ReasonModal, RemoteSelect, StatusTag, useReasonLabel } from './shared';

type Action = 'status' | 'reveal-idNumber' | 'reveal-mobile' | 'revoke' | 'transfer' | 'payment' | null;

/** One member's record for a cadre: the view is logged; every action asks for a reason. */
export function MemberDrawer({ memberId, onClose }: { memberId: number | null; onClose: () => void }) {
  const sendChangeMemberStatus = membershipApi.useSend('changeMemberStatus');
  const sendRevealMemberField = membershipApi.useSend('revealMemberField');
  const sendRevokeMemberCards = membershipApi.useSend('revokeMemberCards');
  const sendRequestTransfer = membershipApi.useSend('requestTransfer');
  const sendRecordDuesPayment = membershipApi.useSend('recordDuesPayment');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const [action, setAction] = useState<Action>(null);
  const reasonLabel = useReasonLabel();
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [target, setTarget] = useState<number | null>(null);
  const detail = useQuery({
    ...membershipApi.query('getMember', { params: { id: memberId } }),
    enabled: memberId !== null,
  });
  const can = (permission: string) => me?.permissions.includes(permission) ?? false;
  const done = () => setAction(null);
  const m = detail.data;
  const money = (fen: number) => formatFen(fen, i18n.language);
  return (
    <Drawer
      open={memberId !== null}
      onClose={onClose}
      size={720}
      title={m ? `${m.name} · ${m.memberNumber}` : t('membership.members.detail')}
    >
      {!m && memberId !== null && <Pending query={detail} />}
      {m && (
        <>
          <Flex gap={8} wrap style={{ marginBottom: 16 }}>
            {can('member.manage') && (
              <Button onClick={() => setAction('status')}>{t('membership.members.changeStatus')}</Button>
            )}
            {can('member.manage') && m.status === 'active' && (
              <Button onClick={() => setAction('transfer')}>{t('membership.members.transfer')}</Button>
            )}
            {can('dues.manage') && (
              <Button onClick={() => setAction('payment')}>{t('membership.members.recordPayment')}</Button>
            )}
            {can('member.manage') && (
              <Button danger onClick={() => setAction('revoke')}>
                {t('membership.members.revokeCard')}
              </Button>
            )}
          </Flex>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('membership.fields.idNumber')}>
              {revealed.idNumber ?? m.idNumberMasked}{' '}
              {can('pii.reveal') && !revealed.idNumber && (
                <Button size="small" type="link" onClick={() => setAction('reveal-idNumber')}>
                  {t('membership.members.reveal')}
                </Button>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('membership.fields.mobile')}>
              {revealed.mobile ?? m.mobileMasked ?? '—'}{' '}
              {can('pii.reveal') && m.mobileMasked && !revealed.mobile && (
                <Button size="small" type="link" onClick={() => setAction('reveal-mobile')}>
                  {t('membership.members.reveal')}
                </Button>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('membership.fields.gender')}>
              {t(`membership.genders.${m.gender}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('membership.fields.birthYear')}>{m.birthYear}</Descriptions.Item>
            <Descriptions.Item label={t('membership.fields.union')}>{m.organisationName}</Descriptions.Item>
            <Descriptions.Item label={t('membership.fields.employer')}>{m.employerName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('membership.fields.employmentForm')}>
              {t(`membership.forms.${m.employmentForm}`)}
              {m.jobType && ` · ${t(`membership.jobTypes.${m.jobType}`)}`}
              {m.platform && ` · ${m.platform}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('membership.fields.status')}>
              <StatusTag group="statuses" value={m.status} /> {m.statusSince}
            </Descriptions.Item>
            <Descriptions.Item label={t('membership.fields.joinedOn')}>{m.joinedOn}</Descriptions.Item>
            <Descriptions.Item label={t('membership.fields.dues')}>{money(m.duesMonthlyFen)}</Descriptions.Item>
            <Descriptions.Item label={t('membership.fields.arrears')}>{money(m.arrearsFen)}</Descriptions.Item>
          </Descriptions>
          <Tabs
            style={{ marginTop: 16 }}
            items={[
              {
                key: 'history',
                label: t('membership.members.history'),
                children: (
                  <Timeline
                    items={m.history.map((h) => ({
                      children: (
                        <>
                          {h.effectiveOn} <StatusTag group="statuses" value={h.status} /> {reasonLabel(h.reason)} ·{' '}
                          {h.organisationName}
                          {h.actorName && <Typography.Text type="secondary"> · {h.actorName}</Typography.Text>}
                        </>
                      ),
                    }))}
                  />
                ),
              },
              {
                key: 'dues',
                label: t('membership.members.dues'),
                children: <DuesTable dues={m.dues} />,
              },
              {
                key: 'transfers',
                label: t('membership.members.transfers'),
                children: (
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={m.transfers}
                    columns={[
                      { title: t('membership.transfers.from'), dataIndex: 'fromOrganisationName' },
                      { title: t('membership.transfers.to'), dataIndex: 'toOrganisationName' },
                      { title: t('membership.fields.reason'), dataIndex: 'reason' },
                      {
                        title: t('membership.fields.status'),
                        dataIndex: 'status',
                        render: (v: string) => <StatusTag group="transferStatuses" value={v} />,
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
          <ReasonModal
            open={action === 'status'}
            title={t('membership.members.changeStatus')}
            label={t('membership.fields.reason')}
            onCancel={() => setAction(null)}
            onSubmit={async ({ reason, status, effectiveOn }) => {
              await sendChangeMemberStatus.mutateAsync({
                params: { id: m.id },
                body: {
                  status,
                  effectiveOn: dayjs(effectiveOn).format('YYYY-MM-DD'),
                  reason,
                } as BodyInput<typeof membershipEndpoints.changeMemberStatus>,
              });
              message.success(t('membership.members.saved'));
              await done();
            }}
          >
            <Form.Item
              name="status"
              label={t('membership.members.newStatus')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Select
                options={CHANGEABLE_STATUSES.filter((s) => s !== m.status).map((s) => ({
                  value: s,
                  label: t(`membership.statuses.${s}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="effectiveOn"
              label={t('membership.fields.effectiveOn')}
              initialValue={dayjs()}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <DatePicker />
            </Form.Item>
          </ReasonModal>
          <ReasonModal
            open={action === 'reveal-idNumber' || action === 'reveal-mobile'}
            title={t('membership.members.reveal')}
            label={t('membership.members.revealReason')}
            onCancel={() => setAction(null)}
            onSubmit={async ({ reason }) => {
              const field = action === 'reveal-mobile' ? 'mobile' : 'idNumber';
              const result = await sendRevealMemberField.mutateAsync({
                params: { id: m.id },
                body: { field, reason } as BodyInput<typeof membershipEndpoints.revealMemberField>,
              });
              setRevealed((r) => ({ ...r, [field]: result.value }));
              setAction(null);
            }}
          />
          <ReasonModal
            open={action === 'revoke'}
            title={t('membership.members.revokeCard')}
            label={t('membership.members.revokeReason')}
            onCancel={() => setAction(null)}
            onSubmit={async ({ reason }) => {
              await sendRevokeMemberCards.mutateAsync({
                params: { id: m.id },
                body: { reason } as BodyInput<typeof membershipEndpoints.revokeMemberCards>,
              });
              message.success(t('membership.members.revoked'));
              setAction(null);
            }}
          />
          <ReasonModal
            open={action === 'transfer'}
            title={t('membership.members.transfer')}
            label={t('membership.fields.reason')}
            onCancel={() => setAction(null)}
            onSubmit={async ({ reason }) => {
              await sendRequestTransfer.mutateAsync({
                body: {
                  memberId: m.id,
                  toOrganisationId: target,
                  reason,
                } as BodyInput<typeof membershipEndpoints.requestTransfer>,
              });
              message.success(t('membership.members.saved'));
              await done();
            }}
          >
            <Form.Item label={t('membership.transfers.to')}>
              <RemoteSelect
                source="unions"
                value={target}
                onChange={setTarget}
                aria-label={t('membership.transfers.to')}
              />
            </Form.Item>
          </ReasonModal>
          <ReasonModal
            open={action === 'payment'}
            title={t('membership.members.recordPayment')}
            label={t('membership.fields.reason')}
            field="note"
            onCancel={() => setAction(null)}
            onSubmit={async ({ month, amount }) => {
              await sendRecordDuesPayment.mutateAsync({
                body: {
                  memberId: m.id,
                  month: dayjs(month).format('YYYY-MM'),
                  amountFen: fenOfYuan(amount as unknown as number),
                  idempotencyKey: globalThis.crypto?.randomUUID?.() ?? `${Date.now()}${Math.random()}`,
                },
              });
              message.success(t('membership.members.saved'));
              await done();
            }}
          >
            <Form.Item
              name="month"
              label={t('membership.fields.month')}
              initialValue={dayjs()}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <DatePicker picker="month" />
            </Form.Item>
            <Form.Item
              name="amount"
              label={t('membership.members.amount')}
              initialValue={(m.duesMonthlyFen / 100).toFixed(2)}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber min={0.01} precision={2} stringMode style={{ width: '100%' }} />
            </Form.Item>
          </ReasonModal>
        </>
      )}
      {detail.isError && <Typography.Text type="danger">{(detail.error as Error).message}</Typography.Text>}
    </Drawer>
  );
}
