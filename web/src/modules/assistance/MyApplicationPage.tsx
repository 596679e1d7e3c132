import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useConfirm } from '../../ui/confirm';
import { Pending } from '../../ui/query-state';
import { assistanceApi } from './api';
import { ApplicationTimeline, DocumentInput, PaymentTag, PayoutWorking, StageTag, useMoney } from './shared';

/** One of my applications: documents to upload, submission, progress and payment. */
export function MyApplicationPage() {
  const sendActOnMyApplication = assistanceApi.useSend('actOnMyApplication');
  const { t } = useTranslation();
  const { id } = useParams();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const money = useMoney();
  const key = assistanceApi.key('getMyApplication', { params: { id } });
  const application = useQuery(assistanceApi.query('getMyApplication', { params: { id } }));
  const addDocument = assistanceApi.useUpload('addMyDocument');
  const confirm = useConfirm();
  const value = application.data;
  if (!value) return <Pending query={application} />;
  const refresh = (next: unknown) => queryClient.setQueryData(key, next);
  const act = async (action: 'submit' | 'withdraw') => {
    if (
      action === 'withdraw' &&
      !(await confirm({
        title: t('assistance.actions.withdraw'),
        content: t('assistance.actions.confirmWithdraw'),
        okText: t('assistance.actions.withdraw'),
        danger: true,
      }))
    )
      return;
    try {
      refresh(
        await sendActOnMyApplication.mutateAsync({
          params: { id },
          body: {
            action,
            version: value.version,
          },
        }),
      );
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  };
  const needed = [...new Set([...value.missingDocuments])];
  return (
    <Flex vertical gap={16}>
      <Card title={value.programmeName} extra={<StageTag stage={value.stage} />}>
        {value.stage === 'draft' && (
          <Alert type="info" showIcon message={t('assistance.member.draftHint')} style={{ marginBottom: 12 }} />
        )}
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {t('assistance.fields.limit')}: {money(value.limitFen)}
          </Typography.Text>
          {value.amountFen !== null && (
            <Typography.Text>
              {t('assistance.fields.total')}: {money(value.amountFen)}{' '}
              <PaymentTag status={value.payment?.status ?? null} />
            </Typography.Text>
          )}
          {value.noticeEndsOn && value.stage === 'notice' && (
            <Typography.Text>{t('assistance.applications.noticeUntil', { date: value.noticeEndsOn })}</Typography.Text>
          )}
          {value.rejectionReason && (
            <Alert type="error" message={`${t('assistance.fields.rejection')}: ${value.rejectionReason}`} />
          )}
        </Space>
        {value.payout && (
          <div style={{ marginTop: 12 }}>
            <Typography.Title level={5}>{t('assistance.fields.payout')}</Typography.Title>
            <PayoutWorking steps={value.payout} />
          </div>
        )}
      </Card>
      {(value.stage === 'draft' || needed.length > 0) && (
        <Card title={t('assistance.fields.documents')}>
          <List
            dataSource={[...value.documents.map((d) => d.kind), ...needed].filter((k, i, all) => all.indexOf(k) === i)}
            renderItem={(kind) => {
              const done = value.documents.some((d) => d.kind === kind);
              return (
                <List.Item key={kind}>
                  <Flex justify="space-between" style={{ width: '100%' }} wrap gap={8}>
                    <span>
                      {done ? '✓ ' : ''}
                      {t(`assistance.documents.${kind}`)}
                    </span>
                    <DocumentInput
                      label={`${t('assistance.member.upload')} ${t(`assistance.documents.${kind}`)}`}
                      onFile={async (file) => {
                        try {
                          // Refetched (the upload's stale list) rather than taken from this answer: two
                          // uploads at once answer out of order.
                          await addDocument.mutateAsync({ args: { params: { id }, query: { kind } }, file });
                        } catch (error) {
                          message.error(error instanceof Error ? error.message : String(error));
                        }
                      }}
                    />
                  </Flex>
                </List.Item>
              );
            }}
          />
        </Card>
      )}
      <Flex gap={8} wrap>
        {value.actions.includes('submit') && (
          <Button type="primary" disabled={needed.length > 0} onClick={() => void act('submit')}>
            {t('assistance.actions.submit')}
          </Button>
        )}
        {value.actions.includes('withdraw') && (
          <Button onClick={() => void act('withdraw')}>{t('assistance.actions.withdraw')}</Button>
        )}
      </Flex>
      <Card title={t('assistance.fields.events')}>
        <ApplicationTimeline events={value.events} />
      </Card>
    </Flex>
  );
}
