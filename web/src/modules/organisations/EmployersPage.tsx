import {
  createEmployerBodySchema,
  type Employer,
  employerPageSchema,
  employerSchema,
  OWNERSHIP_TYPES,
  regionCodeSchema,
  usccSchema,
} from '@gonghui/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Flex, Form, Input, InputNumber, Segmented, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, query } from '../../api/client';
import { useCurrentOrganisation } from '../../app/AdminShell';
import { useMe } from '../../app/session';
import { schemaRule, showServerErrors } from '../../ui/forms';

export function EmployersPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const current = useCurrentOrganisation();
  const organisationId = params.get('organisationId') ? Number(params.get('organisationId')) : current.id;
  const { data: me } = useMe();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [q, setQ] = useState('');
  const [unionised, setUnionised] = useState<'all' | 'true' | 'false'>('all');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();

  const list = useQuery({
    queryKey: ['employers', organisationId, q, unionised, page],
    queryFn: () =>
      api(
        'GET',
        `/employers${query({ organisationId, q, unionised: unionised === 'all' ? undefined : unionised, page, pageSize: 20 })}`,
        employerPageSchema,
      ),
  });

  const create = async (values: Record<string, unknown>) => {
    try {
      await api('POST', '/employers', employerSchema, {
        ...values,
        organisationId: values.organisationId ?? organisationId,
      });
      message.success(t('organisation.created'));
      setOpen(false);
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['employers'] });
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };

  return (
    <Card
      title={t('employer.title')}
      extra={
        me?.permissions.includes('employer.manage') && (
          <Button type="primary" onClick={() => setOpen(true)}>
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
      <Table<Employer>
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
        ]}
      />
      <Drawer
        open={open}
        title={t('employer.register')}
        onClose={() => setOpen(false)}
        size={480}
        extra={
          <Button type="primary" onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        }
      >
        <Form form={form} layout="vertical" onFinish={create}>
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
            <Input maxLength={18} />
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
          <Form.Item name="coveringUnionId" label={`${t('employer.coveringUnion')} (ID)`}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Drawer>
    </Card>
  );
}
