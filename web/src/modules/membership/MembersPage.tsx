import {
  type BodyInput,
  type CorrectionRequest,
  EMPLOYMENT_FORMS,
  MEMBER_STATUSES,
  type Member,
  membershipEndpoints,
  type QueryInput,
} from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Form, Input, Select, Space, Table, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { href } from '../../api/client';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { useMe } from '../../app/session';
import { formatDateTime } from '../../ui/dates';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { membershipApi } from './api';
import { MemberDrawer } from './MemberDrawer';
import { ReasonModal, StatusTag } from './shared';

function Roster() {
  const { t } = useTranslation();
  const current = useCurrentOrganisation();
  const { data: me } = useMe();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string>();
  const [employmentForm, setEmploymentForm] = useState<string>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const filters = { organisationId: current.id, q, status, employmentForm };
  const list = useQuery({
    ...membershipApi.query('listMembers', {
      query: { ...filters, page, pageSize: PAGE_SIZE } as QueryInput<typeof membershipEndpoints.listMembers>,
    }),
  });
  const exportUrl = (format: 'xlsx' | 'csv', extra: Record<string, string> = {}) =>
    href(membershipEndpoints.prepareMemberExport, {
      query: { ...filters, format, ...extra } as QueryInput<typeof membershipEndpoints.prepareMemberExport>,
    });
  return (
    <>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('membership.members.search')}
          aria-label={t('membership.members.search')}
          style={{ maxWidth: 420 }}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
        />
        <Select
          allowClear
          aria-label={t('membership.fields.status')}
          placeholder={t('membership.members.allStatuses')}
          style={{ width: 140 }}
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={MEMBER_STATUSES.map((value) => ({ value, label: t(`membership.statuses.${value}`) }))}
        />
        <Select
          allowClear
          aria-label={t('membership.fields.employmentForm')}
          placeholder={t('membership.members.allForms')}
          style={{ width: 160 }}
          value={employmentForm}
          onChange={(value) => {
            setEmploymentForm(value);
            setPage(1);
          }}
          options={EMPLOYMENT_FORMS.map((value) => ({ value, label: t(`membership.forms.${value}`) }))}
        />
        <Space>
          <Button href={exportUrl('xlsx')}>{t('membership.members.export')}</Button>
          <Button href={exportUrl('csv')}>{t('membership.members.exportCsv')}</Button>
          {me?.permissions.includes('member.export_unmasked') && (
            <Button danger onClick={() => setExporting(true)}>
              {t('membership.members.exportUnmasked')}
            </Button>
          )}
        </Space>
      </Flex>
      <ScrollRegion label={t('membership.members.title')} minWidth={1000}>
        <Table<Member>
          rowKey="id"
          {...tableState(list)}
          dataSource={list.data?.items ?? []}
          pagination={{
            ...serverPagination(t, page, list.data?.total, setPage),
            showTotal: (count) =>
              list.data?.totalIsLowerBound ? t('membership.members.moreThan', { count }) : t('common.total', { count }),
          }}
          onRow={(row) => ({ onClick: () => setOpen(row.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('membership.fields.memberNumber'), dataIndex: 'memberNumber' },
            {
              title: t('membership.fields.name'),
              dataIndex: 'name',
              render: (v: string, row) => (
                <Button type="link" size="small" onClick={() => setOpen(row.id)} style={{ padding: 0 }}>
                  {v}
                </Button>
              ),
            },
            { title: t('membership.fields.idNumber'), dataIndex: 'idNumberMasked' },
            { title: t('membership.fields.mobile'), dataIndex: 'mobileMasked', render: (v: string | null) => v ?? '—' },
            { title: t('membership.fields.union'), dataIndex: 'organisationName' },
            {
              title: t('membership.fields.employer'),
              dataIndex: 'employerName',
              render: (v: string | null) => v ?? '—',
            },
            {
              title: t('membership.fields.employmentForm'),
              dataIndex: 'employmentForm',
              render: (v: string) => t(`membership.forms.${v}`),
            },
            {
              title: t('membership.fields.status'),
              dataIndex: 'status',
              render: (v: string) => <StatusTag group="statuses" value={v} />,
            },
            { title: t('membership.fields.joinedOn'), dataIndex: 'joinedOn' },
          ]}
        />
      </ScrollRegion>
      <MemberDrawer memberId={open} onClose={() => setOpen(null)} />
      <ReasonModal
        open={exporting}
        title={t('membership.members.exportUnmasked')}
        label={t('membership.members.exportReason')}
        onCancel={() => setExporting(false)}
        onSubmit={async ({ reason }) => {
          setExporting(false);
          window.location.assign(exportUrl('xlsx', { unmasked: 'true', reason: reason ?? '' }));
        }}
      />
    </>
  );
}

function Corrections() {
  const sendHandleCorrection = membershipApi.useSend('handleCorrection');
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const [handling, setHandling] = useState<CorrectionRequest | null>(null);
  const list = useQuery({
    ...membershipApi.query('listCorrections', { query: { page, pageSize: PAGE_SIZE } }),
  });
  return (
    <>
      <Table<CorrectionRequest>
        rowKey="id"
        {...tableState(list)}
        dataSource={list.data?.items ?? []}
        pagination={serverPagination(t, page, list.data?.total, setPage)}
        columns={[
          { title: t('membership.fields.memberNumber'), dataIndex: 'memberNumber' },
          { title: t('membership.fields.name'), dataIndex: 'memberName' },
          {
            title: t('membership.myData.correctionField'),
            dataIndex: 'field',
            render: (v: string) => t(`membership.myData.correctionFields.${v}`),
          },
          { title: t('membership.myData.correctionMessage'), dataIndex: 'message' },
          {
            title: t('membership.fields.submittedAt'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDateTime(v, i18n.language),
          },
          {
            title: t('membership.fields.status'),
            dataIndex: 'status',
            render: (v: string) => t(`membership.myData.correctionStatuses.${v}`),
          },
          {
            title: t('common.actions'),
            render: (_: unknown, row) =>
              row.status === 'open' && (
                <Button size="small" type="link" onClick={() => setHandling(row)}>
                  {t('membership.members.handle')}
                </Button>
              ),
          },
        ]}
      />
      <ReasonModal
        open={handling !== null}
        title={t('membership.members.handle')}
        label={t('membership.members.reply')}
        field="reply"
        onCancel={() => setHandling(null)}
        onSubmit={async ({ reply, status }) => {
          await sendHandleCorrection.mutateAsync({
            params: { id: handling!.id },
            body: {
              status: status ?? 'done',
              reply,
            } as BodyInput<typeof membershipEndpoints.handleCorrection>,
          });
          setHandling(null);
        }}
      >
        <Form.Item name="status" label={t('membership.fields.status')} initialValue="done">
          <Select
            options={[
              { value: 'done', label: t('membership.members.done') },
              { value: 'declined', label: t('membership.members.declined') },
            ]}
          />
        </Form.Item>
      </ReasonModal>
    </>
  );
}

/** The roster of the current subtree, and members' correction requests. */
export function MembersPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return (
    <Card>
      <Tabs
        items={[
          { key: 'roster', label: t('membership.members.title'), children: <Roster /> },
          ...(me?.permissions.includes('member.manage')
            ? [{ key: 'corrections', label: t('membership.members.corrections'), children: <Corrections /> }]
            : []),
        ]}
      />
    </Card>
  );
}
