import type { EligibilityRule, programmeSchema } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, InputNumber, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { useMe } from '../../app/session';
import { assistanceApi } from './api';
import { ruleText, useContractText, useMoney } from './shared';

type Programme = z.infer<typeof programmeSchema>;

import { tableState } from '../../ui/query-state';
import { BudgetModal, EnrolModal } from './ProgrammeDialogs';
import { ProgrammeDrawer } from './ProgrammeDrawer';

/** Programmes run in or above the cadre's scope, their budgets for the year, and mutual-aid enrolment. */
export function AssistanceProgrammesPage() {
  const { t } = useTranslation();
  const text = useContractText();
  const money = useMoney();
  const { data: me } = useMe();
  const current = useCurrentOrganisation();
  const [year, setYear] = useState(new Date().getFullYear());
  const [editing, setEditing] = useState<Programme | 'new' | null>(null);
  const [budgeting, setBudgeting] = useState<Programme | null>(null);
  const [enrolling, setEnrolling] = useState<Programme | null>(null);
  const canDefine = (me?.permissions ?? []).includes('assistance.programmes');
  const canEnrol = (me?.permissions ?? []).includes('assistance.manage');
  const programmes = useQuery({
    ...assistanceApi.query('listProgrammes'),
  });
  const budgets = useQuery({
    ...assistanceApi.query('listBudgets', { query: { year, organisationId: current.id } }),
  });
  return (
    <Flex vertical gap={16}>
      <Card
        extra={
          canDefine && (
            <Button type="primary" onClick={() => setEditing('new')}>
              {t('assistance.programmes.new')}
            </Button>
          )
        }
      >
        <Table
          rowKey="id"
          {...tableState(programmes)}
          dataSource={programmes.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: t('assistance.fields.name'), dataIndex: 'name' },
            {
              title: t('assistance.fields.kind'),
              dataIndex: 'kind',
              render: (v: string) => t(`assistance.kinds.${v}`),
            },
            { title: t('assistance.fields.owner'), dataIndex: 'organisationName' },
            {
              title: t('assistance.fields.rules'),
              dataIndex: 'rules',
              render: (rules: EligibilityRule[]) =>
                rules.map((r) => ruleText(t, text, r)).join(t('assistance.ruleSeparator')),
            },
            { title: t('assistance.fields.window'), render: (_, p: Programme) => `${p.opensOn} – ${p.closesOn}` },
            {
              title: t('assistance.fields.chain'),
              dataIndex: 'chain',
              render: (chain: string[]) => chain.map((s) => t(`assistance.steps.${s}`)).join(' → '),
            },
            {
              title: t('common.actions'),
              render: (_, p: Programme) => (
                <Space wrap>
                  {canDefine && (
                    <Button size="small" onClick={() => setEditing(p)}>
                      {t('common.edit')}
                    </Button>
                  )}
                  {canDefine && (
                    <Button size="small" onClick={() => setBudgeting(p)}>
                      {t('assistance.programmes.setBudget')}
                    </Button>
                  )}
                  {canEnrol && p.kind === 'mutual_medical' && (
                    <Button size="small" onClick={() => setEnrolling(p)}>
                      {t('assistance.programmes.enrol')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title={t('assistance.programmes.budgets')}
        extra={
          <InputNumber
            aria-label={t('assistance.fields.year')}
            value={year}
            min={2000}
            max={2100}
            onChange={(v) => v && setYear(v)}
          />
        }
      >
        <Table
          rowKey="id"
          {...tableState(budgets)}
          dataSource={budgets.data?.items ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          columns={[
            { title: t('assistance.fields.programme'), dataIndex: 'programmeName' },
            { title: t('assistance.fields.organisation'), dataIndex: 'organisationName' },
            ...(['amountFen', 'committedFen', 'paidFen', 'availableFen'] as const).map((key) => ({
              title: t(
                `assistance.fields.${{ amountFen: 'budget', committedFen: 'committed', paidFen: 'paid', availableFen: 'available' }[key]}`,
              ),
              dataIndex: key,
              align: 'right' as const,
              render: (v: number) => money(v),
            })),
          ]}
          summary={() =>
            budgets.data && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  {t('assistance.programmes.totals')}
                </Table.Summary.Cell>
                {(['amountFen', 'committedFen', 'paidFen', 'availableFen'] as const).map((key, i) => (
                  <Table.Summary.Cell key={key} index={i + 2} align="right">
                    <Typography.Text strong>{money(budgets.data.totals[key])}</Typography.Text>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )
          }
        />
      </Card>
      {editing !== null && (
        <ProgrammeDrawer programme={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      {budgeting && <BudgetModal programme={budgeting} year={year} onClose={() => setBudgeting(null)} />}
      {enrolling && <EnrolModal programme={enrolling} year={year} onClose={() => setEnrolling(null)} />}
    </Flex>
  );
}
