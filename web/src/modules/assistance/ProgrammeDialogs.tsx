import type { programmeSchema } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Form, InputNumber, Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { showServerErrors } from '../../ui/forms';
import { fenOfYuan } from '../../ui/money';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { tableState } from '../../ui/query-state';
import { assistanceApi } from './api';
import { useMoney } from './shared';

type Programme = z.infer<typeof programmeSchema>;

export function BudgetModal({ programme, year, onClose }: { programme: Programme; year: number; onClose: () => void }) {
  const sendSetBudget = assistanceApi.useSend('setBudget');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  return (
    <Modal
      open
      title={`${t('assistance.programmes.setBudget')} · ${programme.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        name="budget"
        initialValues={{ organisationId: programme.organisationId, year }}
        onFinish={async (values: { organisationId: number; year: number; amount: number }) => {
          try {
            await sendSetBudget.mutateAsync({
              body: {
                programmeId: programme.id,
                organisationId: values.organisationId,
                year: values.year,
                amountFen: fenOfYuan(values.amount),
              },
            });
            onClose();
          } catch (error) {
            message.error(showServerErrors(form, error));
          }
        }}
      >
        <Form.Item name="organisationId" label={t('assistance.fields.organisation')} rules={[{ required: true }]}>
          <OrganisationPicker aria-label={t('assistance.fields.organisation')} />
        </Form.Item>
        <Form.Item name="year" label={t('assistance.fields.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="amount" label={t('assistance.fields.budget')} rules={[{ required: true }]}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function EnrolModal({ programme, year, onClose }: { programme: Programme; year: number; onClose: () => void }) {
  const sendEnrol = assistanceApi.useSend('enrol');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const money = useMoney();
  const [form] = Form.useForm();
  const summary = useQuery({
    ...assistanceApi.query('enrolmentSummary', { query: { programmeId: programme.id, year } }),
  });
  return (
    <Modal
      open
      title={`${t('assistance.programmes.enrol')} · ${programme.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={640}
    >
      <Typography.Paragraph type="secondary">
        {t('assistance.fields.enrolmentWindow')}: {programme.enrolmentOpensOn} – {programme.enrolmentClosesOn}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        name="enrol"
        onFinish={async (values: { organisationId: number }) => {
          try {
            const result = await sendEnrol.mutateAsync({
              body: {
                programmeId: programme.id,
                organisationId: values.organisationId,
                year,
              },
            });
            message.success(
              t('assistance.programmes.enrolled', {
                count: result.enrolled,
                fee: money(result.feeFen),
                already: result.already,
              }),
            );
            await summary.refetch();
          } catch (error) {
            message.error(showServerErrors(form, error));
          }
        }}
      >
        <Form.Item name="organisationId" label={t('assistance.programmes.enrolUnion')} rules={[{ required: true }]}>
          <OrganisationPicker aria-label={t('assistance.programmes.enrolUnion')} />
        </Form.Item>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('assistance.programmes.enrolments')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="organisationId"
        pagination={false}
        {...tableState(summary)}
        dataSource={summary.data?.items ?? []}
        columns={[
          { title: t('assistance.fields.organisation'), dataIndex: 'organisationName' },
          { title: t('assistance.fields.count'), dataIndex: 'members', align: 'right' },
          { title: t('assistance.fields.fee'), dataIndex: 'feeFen', align: 'right', render: (v: number) => money(v) },
        ]}
      />
    </Modal>
  );
}
