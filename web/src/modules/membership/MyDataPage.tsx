import { type BodyInput, correctionFields, membershipEndpoints } from '@gonghui/contract';
import { App, Button, Card, Descriptions, Empty, Flex, Form, Select, Space, Table, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { href } from '../../api/client';
import { formatDate, formatDateTime } from '../../ui/dates';
import { formatFen } from '../../ui/money';
import { membershipApi } from './api';
import { useMyData } from './MyMembershipPage';
import { DuesTable, ReasonModal, StatusTag } from './shared';

/** PIPL: everything held about me, who in the union looked at it, a download and a correction request. */
export function MyDataPage() {
  const sendRequestCorrection = membershipApi.useSend('requestCorrection');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data } = useMyData();
  const [asking, setAsking] = useState(false);
  const [field, setField] = useState<(typeof correctionFields)[number]>('other');
  if (!data) return null;
  const m = data.member;
  const actionLabel = (action: string) => {
    const key = `membership.myData.actions.${action}`;
    const label = t(key);
    return label === key ? action : label;
  };
  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Paragraph type="secondary">{t('membership.myData.intro')}</Typography.Paragraph>
        <Space wrap>
          <Button href={href(membershipEndpoints.exportMyData, { query: { format: 'json' } })}>
            {t('membership.myData.downloadJson')}
          </Button>
          <Button href={href(membershipEndpoints.exportMyData, { query: { format: 'xlsx' } })}>
            {t('membership.myData.downloadXlsx')}
          </Button>
          {m && <Button onClick={() => setAsking(true)}>{t('membership.myData.askCorrection')}</Button>}
        </Space>
      </Card>
      {m ? (
        <>
          <Card>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('membership.fields.memberNumber')}>{m.memberNumber}</Descriptions.Item>
              <Descriptions.Item label={t('membership.fields.name')}>{m.name}</Descriptions.Item>
              <Descriptions.Item label={t('membership.fields.idNumber')}>{data.idNumberMasked}</Descriptions.Item>
              <Descriptions.Item label={t('membership.fields.mobile')}>{data.mobileMasked ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('membership.fields.union')}>{m.organisationName}</Descriptions.Item>
              <Descriptions.Item label={t('membership.fields.employer')}>{m.employerName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('membership.fields.employmentForm')}>
                {t(`membership.forms.${m.employmentForm}`)}
              </Descriptions.Item>
              {m.jobType && (
                <Descriptions.Item label={t('membership.fields.jobType')}>
                  {t(`membership.jobTypes.${m.jobType}`)}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('membership.fields.joinedOn')}>{m.joinedOn}</Descriptions.Item>
              <Descriptions.Item label={t('membership.fields.status')}>
                <StatusTag group="statuses" value={m.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('membership.fields.dues')}>
                {formatFen(m.duesMonthlyFen, i18n.language)}
              </Descriptions.Item>
              <Descriptions.Item label={t('membership.fields.arrears')}>
                {formatFen(m.arrearsFen, i18n.language)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('membership.myData.history')}>
            <Timeline
              items={m.history.map((h) => ({
                children: (
                  <>
                    {h.effectiveOn} <StatusTag group="statuses" value={h.status} /> {h.organisationName}
                  </>
                ),
              }))}
            />
          </Card>
          <Card title={t('membership.myData.dues')}>
            <DuesTable dues={m.dues} />
          </Card>
        </>
      ) : (
        <Empty description={t('membership.card.notMember')} />
      )}
      {(data.assistance.applications.length > 0 || data.assistance.hardshipFiles.length > 0) && (
        <Card title={t('membership.myData.assistance')}>
          {data.assistance.hardshipFiles.map((f) => (
            <Descriptions
              key={f.id}
              size="small"
              column={1}
              style={{ marginBottom: 12 }}
              title={t('assistance.files.title')}
            >
              <Descriptions.Item label={t('assistance.fields.tier')}>
                {t(`assistance.tiers.${f.tier}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('assistance.fields.primaryCause')}>
                {t(`assistance.causes.${f.primaryCause}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('assistance.fields.incomePerHead')}>
                {formatFen(f.incomePerHeadFen, i18n.language)}
              </Descriptions.Item>
              <Descriptions.Item label={t('assistance.fields.household')}>
                {f.household.map((p) => `${p.name} (${p.relation})`).join(t('assistance.listSeparator'))}
              </Descriptions.Item>
              <Descriptions.Item label={t('assistance.fields.nextVerification')}>
                {f.nextVerificationOn}
              </Descriptions.Item>
            </Descriptions>
          ))}
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.assistance.applications}
            columns={[
              { title: t('assistance.fields.programme'), dataIndex: 'programmeName' },
              {
                title: t('assistance.fields.stage'),
                dataIndex: 'stage',
                render: (v: string) => t(`assistance.stages.${v}`),
              },
              {
                title: t('assistance.fields.total'),
                dataIndex: 'amountFen',
                render: (v: number | null) => (v === null ? '—' : formatFen(v, i18n.language)),
              },
              {
                title: t('assistance.fields.payment'),
                dataIndex: 'paymentStatus',
                render: (v: string | null) => (v ? t(`assistance.payment.${v}`) : '—'),
              },
            ]}
          />
        </Card>
      )}
      {data.rights.cases.length > 0 && (
        <Card title={t('membership.myData.rights')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.rights.cases}
            columns={[
              { title: t('rights.fields.title'), dataIndex: 'title' },
              {
                title: t('rights.fields.category'),
                dataIndex: 'category',
                render: (v: string) => t(`rights.categories.${v}`),
              },
              { title: t('rights.fields.stage'), dataIndex: 'stage', render: (v: string) => t(`rights.stages.${v}`) },
              {
                title: t('membership.imports.at'),
                dataIndex: 'createdAt',
                render: (v: string) => formatDate(v, i18n.language),
              },
            ]}
          />
        </Card>
      )}
      {(data.democracy.delegations.length > 0 ||
        data.democracy.votes.length > 0 ||
        data.democracy.proposals.length > 0) && (
        <Card title={t('membership.myData.congress')}>
          <Descriptions size="small" column={1}>
            {data.democracy.delegations.map((d) => (
              <Descriptions.Item key={d.sessionId} label={t('membership.myData.delegateOf')}>
                {d.sessionTitle} · {t(`democracy.categories.${d.category}`)}
              </Descriptions.Item>
            ))}
          </Descriptions>
          {data.democracy.votes.length > 0 && (
            <>
              <Typography.Title level={5}>{t('membership.myData.votesOn')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('membership.myData.secretNote')}</Typography.Paragraph>
              <Table
                size="small"
                rowKey="voteId"
                pagination={false}
                dataSource={data.democracy.votes}
                columns={[
                  { title: t('rights.fields.title'), dataIndex: 'title' },
                  {
                    title: t('membership.fields.status'),
                    dataIndex: 'status',
                    render: (v: string) => t(`democracy.voteStatuses.${v}`),
                  },
                  {
                    title: t('membership.myData.voted'),
                    render: (_: unknown, v) =>
                      `${t(v.voted ? 'membership.myData.voted' : 'membership.myData.notVoted')}${
                        v.viaProxy ? ` · ${t('membership.myData.viaProxy')}` : ''
                      }`,
                  },
                ]}
              />
            </>
          )}
          {data.democracy.proposals.length > 0 && (
            <>
              <Typography.Title level={5}>{t('membership.myData.proposalsMade')}</Typography.Title>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={data.democracy.proposals}
                columns={[
                  { title: t('rights.fields.title'), dataIndex: 'title' },
                  {
                    title: t('membership.fields.status'),
                    dataIndex: 'status',
                    render: (v: string) => t(`democracy.proposalStatuses.${v}`),
                  },
                  {
                    title: t('membership.myData.delegateOf'),
                    dataIndex: 'role',
                    render: (v: string) => t(`membership.myData.${v}`),
                  },
                ]}
              />
            </>
          )}
        </Card>
      )}
      <Card title={t('membership.myData.access')}>
        {data.accessLog.length === 0 ? (
          <Typography.Text type="secondary">{t('membership.myData.noAccess')}</Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey={(row) => `${row.at}-${row.action}`}
            pagination={{ pageSize: 10 }}
            dataSource={data.accessLog}
            columns={[
              {
                title: t('membership.imports.at'),
                dataIndex: 'at',
                render: (v: string) => formatDateTime(v, i18n.language),
              },
              { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? '—' },
              { title: t('audit.action'), dataIndex: 'action', render: actionLabel },
            ]}
          />
        )}
      </Card>
      {data.corrections.length > 0 && (
        <Card title={t('membership.myData.corrections')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.corrections}
            columns={[
              {
                title: t('membership.myData.correctionField'),
                dataIndex: 'field',
                render: (v: string) => t(`membership.myData.correctionFields.${v}`),
              },
              { title: t('membership.myData.correctionMessage'), dataIndex: 'message' },
              {
                title: t('membership.fields.status'),
                dataIndex: 'status',
                render: (v: string) => t(`membership.myData.correctionStatuses.${v}`),
              },
              { title: t('membership.members.reply'), dataIndex: 'reply', render: (v: string | null) => v ?? '' },
            ]}
          />
        </Card>
      )}
      <ReasonModal
        open={asking}
        title={t('membership.myData.askCorrection')}
        label={t('membership.myData.correctionMessage')}
        field="message"
        onCancel={() => setAsking(false)}
        onSubmit={async ({ message: text }) => {
          await sendRequestCorrection.mutateAsync({
            body: { field, message: text } as BodyInput<typeof membershipEndpoints.requestCorrection>,
          });
          message.success(t('membership.myData.correctionSent'));
          setAsking(false);
        }}
      >
        <Form.Item label={t('membership.myData.correctionField')}>
          <Select
            value={field}
            onChange={setField}
            aria-label={t('membership.myData.correctionField')}
            options={correctionFields.map((f) => ({ value: f, label: t(`membership.myData.correctionFields.${f}`) }))}
          />
        </Form.Item>
      </ReasonModal>
    </Flex>
  );
}
