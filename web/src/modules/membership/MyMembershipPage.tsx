import type { BodyInput, JoinApplication, membershipEndpoints } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, List, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useConfirm } from '../../ui/confirm';
import { Pending } from '../../ui/query-state';
import { membershipApi } from './api';
import { ReasonModal, RemoteSelect, StatusTag } from './shared';

export function useMyData() {
  return useQuery({ ...membershipApi.query('getMyData') });
}

function ApplicationProgress({ application }: { application: JoinApplication }) {
  const { t } = useTranslation();
  const current = application.status === 'submitted' ? 1 : 2;
  const failed = application.status === 'rejected' || application.status === 'withdrawn';
  return (
    <Steps
      size="small"
      current={current}
      status={failed ? 'error' : application.status === 'approved' ? 'finish' : 'process'}
      items={[
        { title: t('membership.mine.steps.submitted'), content: application.submittedAt.slice(0, 10) },
        {
          title: t('membership.mine.steps.review'),
          content: application.isOverdue
            ? t('membership.mine.overdue')
            : t('membership.mine.dueOn', { date: application.dueOn }),
        },
        { title: t('membership.mine.steps.done') },
      ]}
    />
  );
}

/** A member's or applicant's membership: applications with their progress, transfer, my data. */
export function MyMembershipPage() {
  const sendWithdrawMyApplication = membershipApi.useSend('withdrawMyApplication');
  const sendRequestMyTransfer = membershipApi.useSend('requestMyTransfer');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const data = useMyData();
  const [transferring, setTransferring] = useState(false);
  const [target, setTarget] = useState<number | null>(null);
  const confirm = useConfirm();
  const withdraw = async (id: string) => {
    const go = await confirm({
      title: t('membership.mine.withdraw'),
      content: t('membership.mine.confirmWithdraw'),
      okText: t('membership.mine.withdraw'),
      danger: true,
    });
    if (!go) return;
    await sendWithdrawMyApplication.mutateAsync({ params: { id } });
    message.success(t('membership.mine.withdrawn'));
  };
  if (data.data === undefined) return <Pending query={data} />;
  const member = data.data.member;
  // An applicant under review is told so, not that they have not applied.
  const pending = data.data.applications.some((a) => a.status === 'submitted');
  return (
    <Flex vertical gap={16}>
      <Card extra={<Link to="/app/me/data">{t('membership.mine.myData')}</Link>}>
        {member ? (
          <Flex vertical gap={8}>
            <Typography.Text strong>{member.organisationName}</Typography.Text>
            <span>{t('membership.mine.memberNumber', { number: member.memberNumber })}</span>
            <span>
              {t('membership.fields.joinedOn')}: {member.joinedOn} <StatusTag group="statuses" value={member.status} />
            </span>
            {member.status === 'active' && (
              <Button onClick={() => setTransferring(true)}>{t('membership.mine.transfer')}</Button>
            )}
          </Flex>
        ) : (
          <Flex vertical gap={12} align="center">
            <Empty description={pending ? t('membership.mine.pending') : t('membership.mine.none')} />
            {!pending && (
              <Link to="/join">
                <Button type="primary">{t('membership.mine.apply')}</Button>
              </Link>
            )}
          </Flex>
        )}
      </Card>
      {(data.data?.applications.length ?? 0) > 0 && (
        <Card title={t('membership.mine.applications')}>
          <List
            dataSource={data.data?.applications ?? []}
            renderItem={(application) => (
              <List.Item key={application.id}>
                <Flex vertical gap={8} style={{ width: '100%' }}>
                  <Flex justify="space-between" align="center">
                    <Typography.Text strong>{application.organisationName}</Typography.Text>
                    <StatusTag group="applicationStatuses" value={application.status} />
                  </Flex>
                  <ApplicationProgress application={application} />
                  {application.decisionReason && (
                    <Typography.Text type="danger">
                      {t('membership.mine.rejectedReason', { reason: application.decisionReason })}
                    </Typography.Text>
                  )}
                  {application.status === 'submitted' && (
                    <Button size="small" onClick={() => void withdraw(application.id)}>
                      {t('membership.mine.withdraw')}
                    </Button>
                  )}
                  {application.status === 'rejected' && <Link to="/join">{t('membership.mine.apply')}</Link>}
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      )}
      <ReasonModal
        open={transferring}
        title={t('membership.mine.transfer')}
        label={t('membership.mine.transferReason')}
        onCancel={() => setTransferring(false)}
        onSubmit={async ({ reason }) => {
          await sendRequestMyTransfer.mutateAsync({
            body: { toOrganisationId: target, reason } as BodyInput<typeof membershipEndpoints.requestMyTransfer>,
          });
          message.success(t('membership.mine.transferSent'));
          setTransferring(false);
        }}
      >
        <div style={{ marginBottom: 16 }}>
          <Typography.Text>{t('membership.mine.transferTo')}</Typography.Text>
          <RemoteSelect
            source="unions"
            value={target}
            onChange={setTarget}
            placeholder={t('membership.mine.unionSearch')}
            aria-label={t('membership.mine.transferTo')}
          />
        </div>
      </ReasonModal>
    </Flex>
  );
}
