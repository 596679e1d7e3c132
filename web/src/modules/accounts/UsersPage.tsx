import {
  type BodyInput,
  createUserBodySchema,
  idNumberSchema,
  mobileSchema,
  ROLES,
  type Role,
  type usersEndpoints,
} from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { useMe } from '../../app/session';
import { schemaRule, showServerErrors } from '../../ui/forms';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { usersApi } from './api';

/** A role and the organisation where it is held, within the cadre's own subtree. */
function RoleFields() {
  const { t } = useTranslation();
  const required = { required: true, message: t('common.required') };
  return (
    <>
      <Form.Item name="role" label={t('users.roles')} rules={[required]}>
        <Select options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
      </Form.Item>
      <Form.Item name="organisationId" label={t('admin.switcher')} rules={[required]}>
        <OrganisationPicker aria-label={t('admin.switcher')} style={{ width: '100%' }} />
      </Form.Item>
    </>
  );
}

export function UsersPage() {
  const sendCreateUser = usersApi.useSend('createUser');
  const sendAssignRole = usersApi.useSend('assignRole');
  const sendRevealUserField = usersApi.useSend('revealUserField');
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
    ...usersApi.query('listUsers', { query: { organisationId: current.id, q, page, pageSize: PAGE_SIZE } }),
  });
  const canReveal = me?.permissions.includes('pii.reveal') ?? false;
  const canManage = me?.permissions.includes('user.manage') ?? false;
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<string | null>(null);
  const [accountForm] = Form.useForm();
  const [roleForm] = Form.useForm();
  const createAccount = async (values: Record<string, unknown>) => {
    try {
      await sendCreateUser.mutateAsync({ body: values as BodyInput<typeof usersEndpoints.createUser> });
      message.success(t('organisation.created'));
      setCreating(false);
      accountForm.resetFields();
    } catch (error) {
      message.error(showServerErrors(accountForm, error));
    }
  };
  const grantRole = async (values: { role: Role; organisationId: number }) => {
    try {
      await sendAssignRole.mutateAsync({ params: { id: granting ?? '' }, body: values });
      message.success(t('organisation.saved'));
      setGranting(null);
    } catch (error) {
      message.error(showServerErrors(roleForm, error));
    }
  };
  const required = { required: true, message: t('common.required') };
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
    <Card
      extra={
        canManage && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('users.create')}
          </Button>
        )
      }
    >
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
      <ScrollRegion label={t('users.title')} minWidth={1100}>
        <Table
          rowKey="id"
          {...tableState(list)}
          dataSource={list.data?.items ?? []}
          pagination={serverPagination(t, page, list.data?.total, setPage)}
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
            ...(canManage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, row: { id: string }) => (
                      <Button type="link" size="small" onClick={() => setGranting(row.id)}>
                        {t('users.grantRole')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </ScrollRegion>
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
                const result = await sendRevealUserField.mutateAsync({
                  params: { id: revealing!.id },
                  body: {
                    field: revealing!.field,
                    reason,
                  },
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
      <Drawer
        open={creating}
        title={t('users.create')}
        onClose={() => setCreating(false)}
        size={480}
        extra={
          <Button type="primary" onClick={() => accountForm.submit()}>
            {t('common.save')}
          </Button>
        }
      >
        <Form
          form={accountForm}
          layout="vertical"
          onFinish={createAccount}
          initialValues={{ kind: 'cadre', organisationId: current.id }}
        >
          <Form.Item
            name="username"
            label={t('users.username')}
            rules={[required, schemaRule(createUserBodySchema.shape.username)]}
            extra={t('users.usernameHint')}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.displayName')} rules={[required]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label={t('users.kind')} rules={[required]}>
            <Select
              options={[
                { value: 'cadre', label: t('users.kinds.cadre') },
                { value: 'member', label: t('users.kinds.member') },
              ]}
            />
          </Form.Item>
          <Form.Item name="mobile" label={t('users.mobile')} rules={[schemaRule(mobileSchema)]}>
            <Input inputMode="tel" maxLength={14} />
          </Form.Item>
          <Form.Item name="idNumber" label={t('users.idNumber')} rules={[schemaRule(idNumberSchema)]}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('users.initialPassword')}
            rules={[required]}
            extra={t('users.passwordHint')}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <RoleFields />
        </Form>
      </Drawer>
      <Modal
        open={granting !== null}
        title={t('users.grantRole')}
        onCancel={() => setGranting(null)}
        onOk={() => roleForm.submit()}
        destroyOnHidden
      >
        <Form form={roleForm} layout="vertical" onFinish={grantRole} preserve={false}>
          <RoleFields />
        </Form>
      </Modal>
    </Card>
  );
}
