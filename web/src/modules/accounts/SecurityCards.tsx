import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SUCCESS_TAG_COLOR } from '../../ui/colors';
import { formatDateTime } from '../../ui/dates';
import { describeDevice } from '../../ui/devices';
import { showServerErrors } from '../../ui/forms';
import { tableState } from '../../ui/query-state';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { authApi } from './api';

function useDateFormat() {
  const { i18n } = useTranslation();
  return (value: string | null) => (value ? formatDateTime(value, i18n.language) : '—');
}

/** Where the account is signed in; any other device can be signed out from here. */
export function SessionsCard() {
  const sendRevokeMySession = authApi.useSend('revokeMySession');
  const { t } = useTranslation();
  const date = useDateFormat();
  const sessions = useQuery({
    ...authApi.query('listMySessions'),
  });
  const revoke = async (id: string) => {
    await sendRevokeMySession.mutateAsync({ params: { id } });
  };
  return (
    <Card title={t('profile.sessions')}>
      <ScrollRegion label={t('profile.sessions')} minWidth={500}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          {...tableState(sessions)}
          dataSource={sessions.data ?? []}
          columns={[
            {
              title: t('profile.lastSeen'),
              dataIndex: 'lastSeenAt',
              render: (v: string, row) => (
                <>
                  {date(v)} {row.isCurrent && <Tag color={SUCCESS_TAG_COLOR}>{t('profile.thisDevice')}</Tag>}
                </>
              ),
            },
            { title: t('profile.ip'), dataIndex: 'ip' },
            {
              title: t('profile.device'),
              dataIndex: 'userAgent',
              // The raw user agent stays available on hover, for whoever needs it.
              render: (v: string | null) => <span title={v ?? undefined}>{describeDevice(v, t)}</span>,
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, row) =>
                !row.isCurrent && (
                  <Button size="small" type="link" onClick={() => void revoke(row.id)}>
                    {t('profile.signOutDevice')}
                  </Button>
                ),
            },
          ]}
        />
      </ScrollRegion>
    </Card>
  );
}

/** API tokens for integrations: limited to some of the owner's permissions, shown once, revocable. */
export function ApiTokensCard({ permissions }: { permissions: string[] }) {
  const sendCreateApiToken = authApi.useSend('createApiToken');
  const sendRevokeApiToken = authApi.useSend('revokeApiToken');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const date = useDateFormat();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [form] = Form.useForm();
  const tokens = useQuery({ ...authApi.query('listApiTokens') });
  const create = async (values: { name: string; permissions: string[]; expiresInDays?: number }) => {
    try {
      const result = await sendCreateApiToken.mutateAsync({ body: values });
      setCreated(result.token);
      setCreating(false);
      form.resetFields();
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };
  const revoke = async (id: string) => {
    await sendRevokeApiToken.mutateAsync({ params: { id } });
  };
  return (
    <Card
      title={t('profile.tokens')}
      extra={
        <Button onClick={() => setCreating(true)} disabled={permissions.length === 0}>
          {t('profile.newToken')}
        </Button>
      }
    >
      {created && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('profile.tokenCreated')}
          description={
            <Typography.Text copyable code>
              {created}
            </Typography.Text>
          }
          closable={{ onClose: () => setCreated(null) }}
        />
      )}
      <ScrollRegion label={t('profile.tokens')} minWidth={500}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          {...tableState(tokens)}
          dataSource={tokens.data ?? []}
          columns={[
            { title: t('profile.tokenName'), dataIndex: 'name' },
            {
              title: t('profile.tokenPermissions'),
              dataIndex: 'permissions',
              render: (v: string[]) => v.map((p) => <Tag key={p}>{p}</Tag>),
            },
            {
              title: t('profile.lastUsed'),
              dataIndex: 'lastUsedAt',
              render: (v: string | null) => (v ? date(v) : t('profile.never')),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, row) =>
                row.revokedAt ? (
                  <Tag>{t('profile.revoke')}</Tag>
                ) : (
                  <Button size="small" type="link" danger onClick={() => void revoke(row.id)}>
                    {t('profile.revoke')}
                  </Button>
                ),
            },
          ]}
        />
      </ScrollRegion>
      <Modal
        open={creating}
        title={t('profile.newToken')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={create} preserve={false}>
          <Form.Item
            name="name"
            label={t('profile.tokenName')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item
            name="permissions"
            label={t('profile.tokenPermissions')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select mode="multiple" options={permissions.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('profile.expiresInDays')}>
            <InputNumber min={1} max={366} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
