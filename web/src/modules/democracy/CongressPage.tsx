import type { CongressSession } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { showServerErrors } from '../../ui/forms';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { democracyApi } from './api';
import { QuorumTag, SessionStatusTag, useCanManage } from './congress-parts';

/** Congress sessions in scope, and a form for a new one. */
export function CongressPage() {
  const sendCreateSession = democracyApi.useSend('createSession');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const canManage = useCanManage();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const list = useQuery({
    ...democracyApi.query('listSessions', { query: { page, pageSize: PAGE_SIZE } }),
  });
  return (
    <Card
      extra={
        canManage && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('democracy.sessions.create')}
          </Button>
        )
      }
    >
      <Table<CongressSession>
        rowKey="id"
        {...tableState(list)}
        dataSource={list.data?.items ?? []}
        pagination={serverPagination(t, page, list.data?.total, setPage)}
        onRow={(row) => ({ onClick: () => navigate(`/admin/congress/${row.id}`), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('democracy.sessions.name'),
            dataIndex: 'title',
            render: (v: string, row) => <Link to={`/admin/congress/${row.id}`}>{v}</Link>,
          },
          { title: t('democracy.sessions.organisation'), dataIndex: 'organisationName' },
          { title: t('democracy.sessions.date'), dataIndex: 'meetingDate' },
          { title: t('democracy.sessions.delegates'), dataIndex: 'delegates' },
          {
            title: t('democracy.sessions.attendance'),
            key: 'attendance',
            render: (_: unknown, row) => (
              <Space>
                {row.checkedIn}/{row.delegates}
                {row.status === 'open' && <QuorumTag session={row} />}
              </Space>
            ),
          },
          {
            title: t('democracy.sessions.status'),
            dataIndex: 'status',
            render: (v: CongressSession['status']) => <SessionStatusTag status={v} />,
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('democracy.sessions.create')}
        onCancel={() => setCreating(false)}
        onOk={async () => {
          const values = await form.validateFields();
          try {
            const created = await sendCreateSession.mutateAsync({
              body: {
                organisationId: values.organisationId,
                term: values.term,
                meeting: values.meeting,
                title: values.title,
                meetingDate: values.meetingDate.format('YYYY-MM-DD'),
                venue: values.venue || null,
              },
            });
            setCreating(false);
            navigate(`/admin/congress/${created.id}`);
          } catch (error) {
            message.error(showServerErrors(form, error));
          }
        }}
      >
        <Form name="new-session" form={form} layout="vertical" initialValues={{ term: 1, meeting: 1 }}>
          <Form.Item name="organisationId" label={t('democracy.sessions.organisation')} rules={[{ required: true }]}>
            <OrganisationPicker aria-label={t('democracy.sessions.organisation')} />
          </Form.Item>
          <Space>
            <Form.Item name="term" label={t('democracy.sessions.term')}>
              <InputNumber min={1} max={99} />
            </Form.Item>
            <Form.Item name="meeting" label={t('democracy.sessions.meeting')}>
              <InputNumber min={1} max={99} />
            </Form.Item>
          </Space>
          <Form.Item name="title" label={t('democracy.sessions.name')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="meetingDate" label={t('democracy.sessions.date')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="venue" label={t('democracy.sessions.venue')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
