import { APPLICATION_STAGES, type assistanceEndpoints, type BodyInput, type QueryInput } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Drawer, Flex, Form, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../../app/session';
import { showServerErrors } from '../../ui/forms';
import { serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { ApplicationFields, applicationBody } from './ApplicationForm';
import { assistanceApi, memberLookupApi } from './api';
import { type Application, PaymentTag, StageTag, useMoney } from './shared';

/** Applications in the cadre's scope, with what waits for them first. */
export function AssistanceApplicationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const money = useMoney();
  const [page, setPage] = useState(1);
  const [stage, setStage] = useState<string | undefined>();
  const [programmeId, setProgrammeId] = useState<number | undefined>();
  const [actionable, setActionable] = useState(true);
  const [applying, setApplying] = useState(false);
  const { data: me } = useMe();
  const canManage = (me?.permissions ?? []).includes('assistance.manage');
  const programmes = useQuery({
    ...assistanceApi.query('listProgrammes'),
  });
  const list = useQuery({
    ...assistanceApi.query('listApplications', {
      query: {
        page,
        stage: stage as QueryInput<typeof assistanceEndpoints.listApplications>['stage'],
        programmeId,
        actionable: actionable || undefined,
      },
    }),
  });
  return (
    <Card
      extra={
        canManage && (
          <Button type="primary" onClick={() => setApplying(true)}>
            {t('assistance.applications.onBehalf')}
          </Button>
        )
      }
    >
      {applying && <OnBehalfDrawer onClose={() => setApplying(false)} />}
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          aria-label={t('assistance.fields.programme')}
          placeholder={t('assistance.fields.programme')}
          style={{ minWidth: 220 }}
          value={programmeId}
          onChange={(v) => {
            setProgrammeId(v);
            setPage(1);
          }}
          options={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
        />
        <Select
          allowClear
          aria-label={t('assistance.fields.stage')}
          placeholder={t('assistance.fields.stage')}
          style={{ minWidth: 160 }}
          value={stage}
          onChange={(v) => {
            setStage(v);
            setPage(1);
          }}
          options={APPLICATION_STAGES.map((s) => ({ value: s, label: t(`assistance.stages.${s}`) }))}
        />
        <Checkbox checked={actionable} onChange={(e) => setActionable(e.target.checked)}>
          {t('assistance.applications.actionable')}
        </Checkbox>
      </Flex>
      <Table
        rowKey="id"
        {...tableState(list)}
        dataSource={list.data?.items ?? []}
        onRow={(row) => ({
          onClick: () => navigate(`/admin/assistance/applications/${row.id}`),
          style: { cursor: 'pointer' },
        })}
        pagination={serverPagination(t, page, list.data?.total, setPage)}
        scroll={{ x: 900 }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('assistance.fields.programme'), dataIndex: 'programmeName' },
          { title: t('assistance.fields.member'), dataIndex: 'memberName' },
          { title: t('assistance.fields.organisation'), dataIndex: 'organisationName' },
          {
            title: t('assistance.fields.total'),
            dataIndex: 'amountFen',
            align: 'right',
            render: (v: number | null) => money(v),
          },
          {
            title: t('assistance.fields.stage'),
            dataIndex: 'stage',
            render: (s: Application['stage']) => <StageTag stage={s} />,
          },
          {
            title: t('assistance.fields.payment'),
            dataIndex: 'paymentStatus',
            render: (s: Application['paymentStatus']) => <PaymentTag status={s} />,
          },
        ]}
      />
    </Card>
  );
}

/** A cadre applies for a worker (a visit, a call): the member, the programme, then its fields. */
function OnBehalfDrawer({ onClose }: { onClose: () => void }) {
  const sendApplyOnBehalf = assistanceApi.useSend('applyOnBehalf');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [search, setSearch] = useState('');
  const programmeId = Form.useWatch('programmeId', form) as number | undefined;
  const programmes = useQuery({
    ...assistanceApi.query('listProgrammes'),
  });
  const found = useQuery({
    ...memberLookupApi.query('listMembers', { query: { q: search, pageSize: 20 } }),
    enabled: search.length > 0,
  });
  const programme = programmes.data?.items.find((p) => p.id === programmeId);
  return (
    <Drawer open onClose={onClose} width={560} title={t('assistance.applications.onBehalf')} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        name="apply-on-behalf"
        initialValues={{ diagnosisClass: 'general' }}
        onFinish={async (values: Record<string, string | number | boolean | undefined>) => {
          if (!programme) return;
          try {
            const created = await sendApplyOnBehalf.mutateAsync({
              body: {
                memberId: Number(values.memberId),
                ...applicationBody(programme, values),
              } as BodyInput<typeof assistanceEndpoints.applyOnBehalf>,
            });
            navigate(`/admin/assistance/applications/${created.id}`);
          } catch (error) {
            message.error(showServerErrors(form, error));
          }
        }}
      >
        <Form.Item name="memberId" label={t('assistance.fields.member')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            placeholder={t('assistance.files.searchMember')}
            onSearch={setSearch}
            options={(found.data?.items ?? []).map((m) => ({
              value: m.id,
              label: `${m.name} · ${m.organisationName}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="programmeId" label={t('assistance.fields.programme')} rules={[{ required: true }]}>
          <Select
            options={(programmes.data?.items ?? [])
              .filter((p) => p.open)
              .map((p) => ({ value: p.id, label: `${p.name} · ${p.organisationName}` }))}
          />
        </Form.Item>
        {programme && (
          <ApplicationFields
            programme={programme}
            form={form}
            consentLabel={t('assistance.applications.consentOnBehalf')}
          />
        )}
        <Button type="primary" htmlType="submit" disabled={!programme}>
          {t('common.save')}
        </Button>
      </Form>
    </Drawer>
  );
}
