import { APPLICATION_STATUSES, type BodyInput, type JoinApplication, membershipEndpoints } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Flex, Form, Modal, QRCode, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { useMe } from '../../app/session';
import { DANGER_TAG_COLOR } from '../../ui/colors';
import { useConfirm } from '../../ui/confirm';
import { formatDate } from '../../ui/dates';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { membershipApi } from './api';
import { ReasonModal, RemoteSelect, StatusTag } from './shared';

/** The QR invite of the current organisation, if it is a union members can join. */
function InviteCard() {
  const { t } = useTranslation();
  const current = useCurrentOrganisation();
  const invite = useQuery({
    queryKey: membershipApi.key('getInvite', { query: { organisationId: current.id } }),
    queryFn: async () => {
      try {
        return await call(membershipEndpoints.getInvite, { query: { organisationId: current.id } });
      } catch (error) {
        if (error instanceof ApiError && error.status < 500) return null;
        throw error;
      }
    },
    enabled: Boolean(current.id),
  });
  return (
    <>
      {invite.data ? (
        <Flex vertical align="center" gap={8}>
          <QRCode
            value={`${window.location.origin}${invite.data.path}`}
            size={180}
            aria-label={t('membership.applications.inviteFor', { name: invite.data.organisationName })}
          />
          <Typography.Text strong>
            {t('membership.applications.inviteFor', { name: invite.data.organisationName })}
          </Typography.Text>
          <Typography.Text type="secondary">{t('membership.applications.inviteHint')}</Typography.Text>
          <Typography.Link
            href={invite.data.path}
            target="_blank"
            copyable={{ text: `${window.location.origin}${invite.data.path}` }}
          >
            {invite.data.path}
          </Typography.Link>
        </Flex>
      ) : (
        <Typography.Text type="secondary">{t('membership.applications.notAUnion')}</Typography.Text>
      )}
    </>
  );
}

/** The review queue of the cadre's subtree, due dates first: approve (one or many), reject, forward. */
export function ApplicationsPage() {
  const sendApproveApplications = membershipApi.useSend('approveApplications');
  const sendRejectApplication = membershipApi.useSend('rejectApplication');
  const sendRouteApplication = membershipApi.useSend('routeApplication');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const current = useCurrentOrganisation();
  const { data: me } = useMe();
  const canManage = me?.permissions.includes('member.manage') ?? false;
  const [status, setStatus] = useState<(typeof APPLICATION_STATUSES)[number]>('submitted');
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [rejecting, setRejecting] = useState<JoinApplication | null>(null);
  const [routing, setRouting] = useState<JoinApplication | null>(null);
  const [target, setTarget] = useState<number | null>(null);
  const [showInvite, setShowInvite] = useState(false);
  const list = useQuery({
    ...membershipApi.query('listApplications', {
      query: { organisationId: current.id, status, overdue: overdue ? 'true' : undefined, page, pageSize: PAGE_SIZE },
    }),
  });
  const confirm = useConfirm();
  const approve = async (ids: string[]) => {
    const go = await confirm({
      title: t('membership.applications.confirmApproveTitle', { count: ids.length }),
      content: t('membership.applications.confirmApprove', { count: ids.length }),
      okText: t('membership.applications.approve'),
    });
    if (!go) return;
    const result = await sendApproveApplications.mutateAsync({ body: { ids } });
    if (result.approved.length > 0)
      message.success(t('membership.applications.approved', { count: result.approved.length }));
    for (const failure of result.failed) message.error(failure.message);
    setSelected([]);
  };
  return (
    <>
      <Card
        extra={
          <Flex gap={8}>
            {canManage && <Button onClick={() => setShowInvite(true)}>{t('membership.applications.invite')}</Button>}
            {canManage && status === 'submitted' && (
              <Button type="primary" disabled={selected.length === 0} onClick={() => void approve(selected)}>
                {t('membership.applications.approveSelected', { count: selected.length })}
              </Button>
            )}
          </Flex>
        }
      >
        <Flex gap={12} wrap style={{ marginBottom: 16 }} align="center">
          <Segmented
            value={status}
            onChange={(value) => {
              setStatus(value as typeof status);
              setPage(1);
              setSelected([]);
            }}
            options={APPLICATION_STATUSES.map((value) => ({
              value,
              label: t(`membership.applicationStatuses.${value}`),
            }))}
          />
          {status === 'submitted' && (
            <Checkbox checked={overdue} onChange={(event) => setOverdue(event.target.checked)}>
              {t('membership.applications.overdueOnly')}
            </Checkbox>
          )}
        </Flex>
        <ScrollRegion label={t('membership.applications.title')} minWidth={900}>
          <Table<JoinApplication>
            rowKey="id"
            {...tableState(list)}
            dataSource={list.data?.items ?? []}
            pagination={serverPagination(t, page, list.data?.total, setPage)}
            rowSelection={
              canManage && status === 'submitted'
                ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }
                : undefined
            }
            columns={[
              { title: t('membership.fields.name'), dataIndex: 'name', width: 96 },
              { title: t('membership.fields.idNumber'), dataIndex: 'idNumberMasked' },
              { title: t('membership.fields.mobile'), dataIndex: 'mobileMasked' },
              {
                title: t('membership.fields.employmentForm'),
                render: (_: unknown, row) => (
                  <>
                    {t(`membership.forms.${row.employmentForm}`)}
                    {row.jobType && ` · ${t(`membership.jobTypes.${row.jobType}`)}`}
                    {row.platform && ` · ${row.platform}`}
                  </>
                ),
              },
              {
                title: t('membership.fields.employer'),
                dataIndex: 'employerName',
                render: (v: string | null) => v ?? '—',
              },
              {
                title: t('membership.fields.union'),
                render: (_: unknown, row) => (
                  <>
                    {row.organisationName} <Tag>{t(`membership.routedBy.${row.routedBy}`)}</Tag>
                  </>
                ),
              },
              {
                title: t('membership.fields.submittedAt'),
                dataIndex: 'submittedAt',
                render: (v: string) => formatDate(v, i18n.language),
              },
              {
                title: t('membership.fields.dueOn'),
                dataIndex: 'dueOn',
                render: (v: string, row) => (row.isOverdue ? <Tag color={DANGER_TAG_COLOR}>{v}</Tag> : v),
              },
              {
                title: t('organisation.status'),
                dataIndex: 'status',
                render: (v: string, row) => (
                  <>
                    <StatusTag group="applicationStatuses" value={v} />
                    {row.memberNumber}
                    {row.decisionReason && <Typography.Text type="secondary"> {row.decisionReason}</Typography.Text>}
                  </>
                ),
              },
              ...(canManage && status === 'submitted'
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      render: (_: unknown, row: JoinApplication) => (
                        <Flex gap={4}>
                          <Button size="small" type="link" onClick={() => void approve([row.id])}>
                            {t('membership.applications.approve')}
                          </Button>
                          <Button size="small" type="link" danger onClick={() => setRejecting(row)}>
                            {t('membership.applications.reject')}
                          </Button>
                          <Button size="small" type="link" onClick={() => setRouting(row)}>
                            {t('membership.applications.route')}
                          </Button>
                        </Flex>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </ScrollRegion>
      </Card>
      <Modal
        open={showInvite}
        title={t('membership.applications.invite')}
        footer={null}
        onCancel={() => setShowInvite(false)}
      >
        {showInvite && <InviteCard />}
      </Modal>
      <ReasonModal
        open={rejecting !== null}
        title={t('membership.applications.reject')}
        label={t('membership.applications.rejectReason')}
        onCancel={() => setRejecting(null)}
        onSubmit={async ({ reason }) => {
          await sendRejectApplication.mutateAsync({
            params: { id: rejecting!.id },
            body: { reason } as BodyInput<typeof membershipEndpoints.rejectApplication>,
          });
          setRejecting(null);
        }}
      />
      <ReasonModal
        open={routing !== null}
        title={t('membership.applications.route')}
        label={t('membership.applications.routeReason')}
        onCancel={() => setRouting(null)}
        onSubmit={async ({ reason }) => {
          await sendRouteApplication.mutateAsync({
            params: { id: routing!.id },
            body: {
              organisationId: target,
              reason,
            } as BodyInput<typeof membershipEndpoints.routeApplication>,
          });
          setRouting(null);
        }}
      >
        <Form.Item label={t('membership.applications.routeTo')} name="organisationId">
          <RemoteSelect
            source="unions"
            value={target}
            onChange={setTarget}
            aria-label={t('membership.applications.routeTo')}
          />
        </Form.Item>
      </ReasonModal>
    </>
  );
}
