import {
  type BodyInput,
  createEmployerBodySchema,
  type Employer,
  OWNERSHIP_TYPES,
  type organisationsEndpoints,
  regionCodeSchema,
  usccSchema,
} from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Flex, Form, Input, InputNumber, Segmented, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { useMe } from '../../app/session';
import { schemaRule, showServerErrors } from '../../ui/forms';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { organisationsApi } from './api';

export function EmployersPage() {
  const sendCreateEmployer = organisationsApi.useSend('createEmployer');
  const sendUpdateEmployer = organisationsApi.useSend('updateEmployer');
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const current = useCurrentOrganisation();
  const organisationId = params.get('organisationId') ? Number(params.get('organisationId')) : current.id;
  const { data: me } = useMe();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [unionised, setUnionised] = useState<'all' | 'true' | 'false'>('all');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Employer | 'new' | null>(null);
  const [form] = Form.useForm();

  const list = useQuery({
    ...organisationsApi.query('listEmployers', {
      query: { organisationId, q, unionised: unionised === 'all' ? undefined : unionised, page, pageSize: PAGE_SIZE },
    }),
  });

  const canManage = me?.permissions.includes('employer.manage') ?? false;
  const openEditor = (employer: Employer | 'new') => {
    form.resetFields();
    form.setFieldsValue(employer === 'new' ? { organisationId, employeeCount: 0 } : employer);
    setEditing(employer);
  };
  const save = async (values: Record<string, unknown>) => {
    try {
      const body = { ...values, coveringUnionId: values.coveringUnionId ?? null };
      if (editing === 'new') {
        await sendCreateEmployer.mutateAsync({
          body: body as BodyInput<typeof organisationsEndpoints.createEmployer>,
        });
      } else if (editing) {
        const { uscc: _uscc, ...changes } = body as Record<string, unknown>;
        await sendUpdateEmployer.mutateAsync({ params: { id: editing.id }, body: changes });
      }
      message.success(editing === 'new' ? t('organisation.created') : t('organisation.saved'));
      setEditing(null);
      form.resetFields();
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };

  return (
    <Card
      extra={
        canManage && (
          <Button type="primary" onClick={() => openEditor('new')}>
            {t('employer.register')}
          </Button>
        )
      }
    >
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={`${t('employer.name')} / ${t('employer.uscc')}`}
          onSearch={(value) => {
            setQ(value);
            setPage(1);
          }}
          style={{ maxWidth: 320 }}
          aria-label={t('common.search')}
        />
        <Segmented
          value={unionised}
          onChange={(value) => {
            setUnionised(value as typeof unionised);
            setPage(1);
          }}
          options={[
            { value: 'all', label: t('employer.all') },
            { value: 'true', label: t('employer.unionised') },
            { value: 'false', label: t('employer.notUnionised') },
          ]}
        />
      </Flex>
      <ScrollRegion label={t('employer.title')} minWidth={900}>
        <Table<Employer>
          rowKey="id"
          {...tableState(list)}
          dataSource={list.data?.items ?? []}
          pagination={serverPagination(t, page, list.data?.total, setPage)}
          columns={[
            { title: t('employer.name'), dataIndex: 'name' },
            { title: t('employer.uscc'), dataIndex: 'uscc' },
            {
              title: t('employer.ownership'),
              dataIndex: 'ownershipType',
              render: (v: string) => t(`employer.ownerships.${v}`),
            },
            { title: t('employer.employees'), dataIndex: 'employeeCount', align: 'right' },
            { title: t('employer.keeper'), dataIndex: 'organisationName' },
            {
              title: t('employer.coveringUnion'),
              dataIndex: 'coveringUnionName',
              render: (v: string | null) => v ?? <Tag>{t('employer.notUnionised')}</Tag>,
            },
            ...(canManage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, row: Employer) => (
                      <Button type="link" size="small" onClick={() => openEditor(row)}>
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </ScrollRegion>
      <Drawer
        open={editing !== null}
        title={editing === 'new' ? t('employer.register') : t('common.edit')}
        onClose={() => setEditing(null)}
        size={480}
        extra={
          <Button type="primary" onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        }
      >
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item
            name="name"
            label={t('employer.name')}
            rules={[{ required: true, message: t('common.required') }, schemaRule(createEmployerBodySchema.shape.name)]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="uscc"
            label={t('employer.uscc')}
            rules={[{ required: true, message: t('common.required') }, schemaRule(usccSchema)]}
          >
            <Input maxLength={18} disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item
            name="industryCode"
            label={t('employer.industry')}
            rules={[
              { required: true, message: t('common.required') },
              schemaRule(createEmployerBodySchema.shape.industryCode),
            ]}
            extra="GB/T 4754: A–T"
          >
            <Input maxLength={5} />
          </Form.Item>
          <Form.Item
            name="ownershipType"
            label={t('employer.ownership')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select options={OWNERSHIP_TYPES.map((v) => ({ value: v, label: t(`employer.ownerships.${v}`) }))} />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={t('organisation.regionCode')}
            rules={[{ required: true, message: t('common.required') }, schemaRule(regionCodeSchema)]}
          >
            <Input maxLength={6} />
          </Form.Item>
          <Form.Item
            name="employeeCount"
            label={t('employer.employees')}
            initialValue={0}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="organisationId"
            label={t('employer.keeper')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <OrganisationPicker aria-label={t('employer.keeper')} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="coveringUnionId" label={t('employer.coveringUnion')}>
            <OrganisationPicker aria-label={t('employer.coveringUnion')} style={{ width: '100%' }} allowClear />
          </Form.Item>
        </Form>
      </Drawer>
    </Card>
  );
}
