import { revealSchema, userPageSchema } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client';
import { useCurrentOrganisation } from '../../app/AdminShell';
import { useMe } from '../../app/session';
import { showServerErrors } from '../../ui/forms';

export function UsersPage() {
  const { t } = useTranslation();
  const current = useCurrentOrganisation();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [revealing, setRevealing] = useState<{ id: string; field: 'mobile' | 'idNumber' } | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [form] = Form.useForm();
  const list = useQuery({
    queryKey: ['users', current.id, q, page],
    queryFn: () => api('GET', `/users${query({ organisationId: current.id, q, page, pageSize: 20 })}`, userPageSchema),
  });
  const canReveal = me?.permissions.includes('pii.reveal') ?? false;
  const revealButton = (id: string, field: 'mobile' | 'idNumber', value: string | null) =>
    value && (
      <Flex gap={4} align="center">
        <span>{value}</span>
        {canReveal && (
          <Button
            size="small"
            type="link"
            onClick={() => {
              setRevealed(null);
              setRevealing({ id, field });
            }}
          >
            {t('users.reveal')}
          </Button>
        )}
      </Flex>
    );
  return (
    <Card title={t('users.title')}>
      <Input.Search
        allowClear
        style={{ maxWidth: 320, marginBottom: 16 }}
        aria-label={t('common.search')}
        placeholder={`${t('users.displayName')} / ${t('users.mobile')}`}
        onSearch={(v) => {
          setQ(v);
          setPage(1);
        }}
      />
      <Table
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (count) => t('common.total', { count }),
        }}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.mobile'), render: (_: unknown, row) => revealButton(row.id, 'mobile', row.mobile) },
          { title: t('users.idNumber'), render: (_: unknown, row) => revealButton(row.id, 'idNumber', row.idNumber) },
          {
            title: t('users.roles'),
            render: (_: unknown, row) =>
              row.roles.map((r) => (
                <Tag key={`${r.role}-${r.organisationId}`}>
                  {t(`roles.${r.role}`)} · {r.organisationName}
                </Tag>
              )),
          },
          {
            title: t('users.totp'),
            dataIndex: 'totpEnabled',
            render: (v: boolean) => (v ? t('common.yes') : t('common.no')),
          },
        ]}
      />
      <Modal
        open={revealing !== null}
        title={t('users.reveal')}
        onCancel={() => setRevealing(null)}
        onOk={() => (revealed ? setRevealing(null) : form.submit())}
        destroyOnHidden
      >
        {revealed ? (
          <Typography.Paragraph copyable strong>
            {revealed}
          </Typography.Paragraph>
        ) : (
          <Form
            form={form}
            layout="vertical"
            preserve={false}
            onFinish={async ({ reason }: { reason: string }) => {
              try {
                const result = await api('POST', `/users/${revealing!.id}/reveal`, revealSchema, {
                  field: revealing!.field,
                  reason,
                });
                setRevealed(result.value ?? '—');
              } catch (error) {
                message.error(showServerErrors(form, error));
              }
            }}
          >
            <Form.Item
              name="reason"
              label={t('users.revealReason')}
              rules={[{ required: true, min: 4, message: t('common.required') }]}
            >
              <Input.TextArea rows={2} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
