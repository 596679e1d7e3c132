import type { BodyInput, rightsEndpoints } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMe } from '../../app/session';
import { formatDate } from '../../ui/dates';
import { formatFen } from '../../ui/money';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { rightsApi } from './api';
import type { CaseView } from './case-parts';
import { AskForm } from './member-parts';
import { FLAG_COLORS, StageTag } from './shared';

const BOXES = ['mine', 'all', 'escalated', 'overdue'] as const;
type Box = (typeof BOXES)[number];
const isBox = (value: string | null): value is Box => BOXES.includes(value as Box);

/** The caseworker's inbox and the cadre's case lists, scoped by the server. */
export function CasesPage() {
  const sendSweepDeadlines = rightsApi.useSend('sweepDeadlines');
  const sendRegisterCase = rightsApi.useSend('registerCase');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: me } = useMe();
  // A link may open one box (the to-do list's overdue cases: `?box=overdue`).
  const [search] = useSearchParams();
  const asked = search.get('box');
  const [box, setBox] = useState<Box>(isBox(asked) ? asked : 'mine');
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const canDispatch = me?.permissions.includes('rights.dispatch') ?? false;
  const list = useQuery({
    ...rightsApi.query('listCases', { query: { box, page, pageSize: PAGE_SIZE, q } }),
  });
  const flags = useQuery({
    ...rightsApi.query('employerFlags'),
  });
  const [registering, setRegistering] = useState(false);
  const sweep = async () => {
    const result = await sendSweepDeadlines.mutateAsync();
    message.success(t('rights.admin.swept', result));
    await list.refetch();
  };
  return (
    <Flex vertical gap={16}>
      <Card
        extra={
          <Space>
            {canDispatch && (
              <Button type="primary" onClick={() => setRegistering(true)}>
                {t('rights.admin.register')}
              </Button>
            )}
            {canDispatch && <Button onClick={() => void sweep()}>{t('rights.admin.sweep')}</Button>}
            {/* Messages about cases are in the message centre, with everything else addressed to the cadre. */}
            <Link to="/admin/messages">
              <Button>{t('rights.admin.messages')}</Button>
            </Link>
          </Space>
        }
      >
        <Tabs
          activeKey={box}
          onChange={(key) => {
            setBox(key as Box);
            setPage(1);
          }}
          items={(['mine', 'all', 'escalated', 'overdue'] as const).map((key) => ({
            key,
            label: t(`rights.admin.boxes.${key}`),
          }))}
        />
        <Input.Search
          allowClear
          placeholder={t('rights.admin.search')}
          onSearch={(value) => {
            setQ(value);
            setPage(1);
          }}
          style={{ maxWidth: 320, marginBottom: 12 }}
        />
        <Table
          rowKey="id"
          {...tableState(list)}
          dataSource={list.data?.items ?? []}
          onRow={(row) => ({ onClick: () => navigate(`/admin/cases/${row.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            ...serverPagination(t, page, list.data?.total, setPage),
            showTotal: (count) =>
              `${t('common.total', { count })}${list.data?.totalCapped ? t('rights.admin.more', { count }) : ''}`,
          }}
          columns={[
            { title: '#', dataIndex: 'id', width: 80 },
            {
              title: t('rights.fields.title'),
              dataIndex: 'title',
              render: (title: string, row) => (
                <Space wrap>
                  <Link to={`/admin/cases/${row.id}`}>{title}</Link>
                  {row.confidential && <Tag color={FLAG_COLORS.confidential}>{t('rights.admin.confidential')}</Tag>}
                  {row.anonymous && <Tag>{t('rights.admin.anonymous')}</Tag>}
                  {row.overdue && <Tag color={FLAG_COLORS.overdue}>{t('rights.admin.overdue')}</Tag>}
                  {row.escalationLevel > 0 && (
                    <Tag color={FLAG_COLORS.escalated}>
                      {t('rights.admin.escalated', { level: row.escalationLevel })}
                    </Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('rights.fields.category'),
              dataIndex: 'category',
              render: (c: string) => t(`rights.categories.${c}`),
            },
            {
              title: t('rights.fields.stage'),
              dataIndex: 'stage',
              render: (s: CaseView['stage']) => <StageTag stage={s} />,
            },
            { title: t('rights.fields.organisation'), dataIndex: 'organisationName' },
            { title: t('rights.fields.handler'), dataIndex: 'handlerName', render: (n: string | null) => n ?? '—' },
            { title: t('rights.fields.dueOn'), dataIndex: 'dueOn' },
            {
              title: t('rights.fields.createdAt'),
              dataIndex: 'createdAt',
              render: (v: string) => formatDate(v, i18n.language),
            },
          ]}
        />
      </Card>
      {registering && (
        <Modal open title={t('rights.admin.register')} footer={null} onCancel={() => setRegistering(false)} width={640}>
          <Typography.Paragraph type="secondary">{t('rights.admin.registerIntro')}</Typography.Paragraph>
          <AskForm
            deskField={
              <Form.Item name="organisationId" label={t('rights.fields.receivedBy')} rules={[{ required: true }]}>
                <OrganisationPicker aria-label={t('rights.fields.receivedBy')} />
              </Form.Item>
            }
            onSubmit={async (body) => {
              const registered = await sendRegisterCase.mutateAsync({
                body: body as BodyInput<typeof rightsEndpoints.registerCase>,
              });
              setRegistering(false);
              navigate(`/admin/cases/${registered.id}`);
            }}
          />
        </Modal>
      )}
      {(flags.data?.items.length ?? 0) > 0 && (
        <Card title={t('rights.admin.employerFlags')}>
          <Table
            rowKey={(r) => `${r.employerName}-${r.uscc}`}
            pagination={false}
            dataSource={flags.data?.items ?? []}
            columns={[
              { title: t('rights.fields.employerName'), dataIndex: 'employerName' },
              { title: t('rights.dashboard.opened'), dataIndex: 'reports' },
              { title: t('rights.fields.workersAffected'), dataIndex: 'workersAffected' },
              {
                title: t('rights.fields.amountOwed'),
                dataIndex: 'amountOwedFen',
                render: (v: number) => formatFen(v, i18n.language),
              },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}
