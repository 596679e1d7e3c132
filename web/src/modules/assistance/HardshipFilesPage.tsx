import {
  assistanceEndpoints,
  type BodyInput,
  FILE_CLOSE_REASONS,
  FILE_LEVELS,
  type fileSchema,
  HARDSHIP_CAUSES,
  HARDSHIP_TIERS,
} from '@gonghui/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { href } from '../../api/client';
import { DANGER_TAG_COLOR, SUCCESS_TAG_COLOR } from '../../ui/colors';
import { formatDate } from '../../ui/dates';
import { showServerErrors } from '../../ui/forms';
import { fenOfYuan } from '../../ui/money';
import { serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { assistanceApi, memberLookupApi } from './api';
import { DocumentInput, useMoney } from './shared';

type FileView = z.infer<typeof fileSchema>;
type Filter = 'open' | 'due' | 'closed';

/** Hardship files of the subtree: open, due for re-verification, and the archive. */
export function HardshipFilesPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('open');
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useQuery({
    ...assistanceApi.query('listFiles', {
      query: {
        page,
        q,
        status: filter === 'closed' ? 'closed' : 'open',
        dueForVerification: filter === 'due' || undefined,
      },
    }),
  });
  return (
    <Card
      extra={
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('assistance.files.new')}
        </Button>
      }
    >
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Segmented<Filter>
          value={filter}
          onChange={(v) => {
            setFilter(v);
            setPage(1);
          }}
          options={[
            { value: 'open', label: t('assistance.files.open') },
            { value: 'due', label: t('assistance.files.due') },
            { value: 'closed', label: t('assistance.files.archive') },
          ]}
        />
        <Input.Search
          aria-label={t('common.search')}
          placeholder={t('assistance.fields.member')}
          allowClear
          style={{ maxWidth: 240 }}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
      </Flex>
      <Table
        rowKey="id"
        {...tableState(list)}
        dataSource={list.data?.items ?? []}
        pagination={serverPagination(t, page, list.data?.total, setPage)}
        onRow={(row) => ({ onClick: () => setOpenId(row.id), style: { cursor: 'pointer' } })}
        scroll={{ x: 800 }}
        columns={[
          { title: t('assistance.fields.member'), dataIndex: 'memberName' },
          { title: t('assistance.fields.organisation'), dataIndex: 'organisationName' },
          { title: t('assistance.fields.tier'), dataIndex: 'tier', render: (v: string) => t(`assistance.tiers.${v}`) },
          {
            title: t('assistance.fields.primaryCause'),
            dataIndex: 'primaryCause',
            render: (v: string) => t(`assistance.causes.${v}`),
          },
          { title: t('assistance.fields.household'), dataIndex: 'householdSize', align: 'right' },
          { title: t('assistance.fields.nextVerification'), dataIndex: 'nextVerificationOn' },
          {
            title: t('assistance.fields.status'),
            dataIndex: 'status',
            render: (v: string, row) =>
              v === 'open' ? (
                <Tag color={SUCCESS_TAG_COLOR}>{t('assistance.files.open')}</Tag>
              ) : (
                <Tag color={DANGER_TAG_COLOR}>{t(`assistance.closeReasons.${row.closedReason}`)}</Tag>
              ),
          },
        ]}
      />
      {creating && <FileFormDrawer onClose={() => setCreating(false)} />}
      {openId !== null && <FileDrawer id={openId} onClose={() => setOpenId(null)} />}
    </Card>
  );
}

/** Opens a file, or (given a revealed file) changes one: the same household form either way. */
function FileFormDrawer({
  file,
  onClose,
  onSaved,
}: {
  file?: FileView;
  onClose: () => void;
  onSaved?: (saved: FileView) => void;
}) {
  const sendUpdateFile = assistanceApi.useSend('updateFile');
  const sendCreateFile = assistanceApi.useSend('createFile');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [search, setSearch] = useState('');
  const found = useQuery({
    ...memberLookupApi.query('listMembers', { query: { q: search, pageSize: 20 } }),
    enabled: search.length > 0,
  });
  const f = (k: string) => t(`assistance.fields.${k}`);
  const submit = async (values: Record<string, unknown>) => {
    try {
      const household = (values.household as Record<string, unknown>[]).map((p) => ({
        name: p.name,
        relation: p.relation,
        birthYear: p.birthYear,
        ...(p.health ? { health: p.health } : {}),
        monthlyIncomeFen: fenOfYuan((p.monthlyIncome as number) ?? 0),
      }));
      const body = { ...values, household, secondaryCauses: values.secondaryCauses ?? [] };
      const saved = file
        ? await sendUpdateFile.mutateAsync({
            params: { id: file.id },
            body: { ...body, version: file.version } as BodyInput<typeof assistanceEndpoints.updateFile>,
          })
        : await sendCreateFile.mutateAsync({
            body: body as BodyInput<typeof assistanceEndpoints.createFile>,
          });
      onSaved?.(saved);
      onClose();
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };
  return (
    <Drawer open onClose={onClose} title={file ? t('assistance.files.edit') : t('assistance.files.new')} width={560}>
      <Form
        form={form}
        layout="vertical"
        name="hardship-file"
        onFinish={submit}
        initialValues={
          file
            ? {
                tier: file.tier,
                level: file.level,
                primaryCause: file.primaryCause,
                secondaryCauses: file.secondaryCauses,
                situation: file.situation,
                household: file.household.map((p) => ({
                  name: p.name,
                  relation: p.relation,
                  birthYear: p.birthYear,
                  health: p.health ?? undefined,
                  monthlyIncome: (p.monthlyIncomeFen ?? 0) / 100,
                })),
              }
            : { level: 'grassroots', household: [{ relation: t('assistance.fields.relationSelf') }] }
        }
      >
        <Form.Item
          name="memberId"
          label={f('member')}
          rules={file ? [] : [{ required: true }]}
          hidden={file !== undefined}
        >
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
        <Space wrap>
          <Form.Item name="tier" label={f('tier')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={HARDSHIP_TIERS.map((v) => ({ value: v, label: t(`assistance.tiers.${v}`) }))}
            />
          </Form.Item>
          <Form.Item name="level" label={f('level')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              options={FILE_LEVELS.map((v) => ({ value: v, label: t(`assistance.levels.${v}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="primaryCause" label={f('primaryCause')} rules={[{ required: true }]}>
          <Select options={HARDSHIP_CAUSES.map((v) => ({ value: v, label: t(`assistance.causes.${v}`) }))} />
        </Form.Item>
        <Form.Item name="secondaryCauses" label={f('secondaryCauses')}>
          <Select
            mode="multiple"
            options={HARDSHIP_CAUSES.map((v) => ({ value: v, label: t(`assistance.causes.${v}`) }))}
          />
        </Form.Item>
        <Form.List name="household">
          {(fields, { add, remove }) => (
            <Card size="small" title={f('household')} style={{ marginBottom: 16 }}>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start">
                  <Form.Item name={[field.name, 'name']} label={f('name')} rules={[{ required: true }]}>
                    <Input style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'relation']} label={f('relation')} rules={[{ required: true }]}>
                    <Input style={{ width: 70 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'birthYear']} label={f('birthYear')} rules={[{ required: true }]}>
                    <InputNumber min={1900} max={2100} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'health']} label={f('health')}>
                    <Input style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'monthlyIncome']}
                    label={f('monthlyIncome')}
                    rules={[{ required: true }]}
                  >
                    <InputNumber min={0} precision={2} style={{ width: 110 }} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button type="link" danger onClick={() => remove(field.name)} style={{ marginTop: 30 }}>
                      ✕
                    </Button>
                  )}
                </Space>
              ))}
              <Button onClick={() => add({})}>{t('assistance.files.addPerson')}</Button>
            </Card>
          )}
        </Form.List>
        <Form.Item name="situation" label={f('situation')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.save')}
        </Button>
      </Form>
    </Drawer>
  );
}

function FileDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const sendRevealFile = assistanceApi.useSend('revealFile');
  const sendVerifyFile = assistanceApi.useSend('verifyFile');
  const sendCloseFile = assistanceApi.useSend('closeFile');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const money = useMoney();
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState<FileView | null>(null);
  const [editing, setEditing] = useState(false);
  const [modal, setModal] = useState<'reveal' | 'verify' | 'close' | null>(null);
  const [form] = Form.useForm();
  const file = useQuery(assistanceApi.query('getFile', { params: { id } }));
  const fileKey = assistanceApi.key('getFile', { params: { id } });
  const addDocument = assistanceApi.useUpload('addFileDocument');
  const value = revealed ?? file.data;
  const f = (k: string) => t(`assistance.fields.${k}`);
  const run = async (values: Record<string, string>) => {
    try {
      if (modal === 'reveal')
        setRevealed(
          await sendRevealFile.mutateAsync({
            params: { id },
            body: { reason: values.reason } as BodyInput<typeof assistanceEndpoints.revealFile>,
          }),
        );
      if (modal === 'verify')
        queryClient.setQueryData(
          fileKey,
          await sendVerifyFile.mutateAsync({
            params: { id },
            body: {
              version: value?.version,
              note: values.note,
            } as BodyInput<typeof assistanceEndpoints.verifyFile>,
          }),
        );
      if (modal === 'close')
        queryClient.setQueryData(
          fileKey,
          await sendCloseFile.mutateAsync({
            params: { id },
            body: {
              version: value?.version,
              reason: values.reason,
              note: values.note ?? '',
            } as BodyInput<typeof assistanceEndpoints.closeFile>,
          }),
        );
      if (modal !== 'reveal') {
        setRevealed(null);
      }
      setModal(null);
      form.resetFields();
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };
  return (
    <Drawer
      open
      onClose={onClose}
      width={600}
      title={value ? `${value.memberName} · ${t(`assistance.tiers.${value.tier}`)}` : ''}
    >
      {value && (
        <Flex vertical gap={16}>
          {!value.revealed && <Alert type="info" showIcon message={t('assistance.files.masked')} />}
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={f('organisation')}>{value.organisationName}</Descriptions.Item>
            <Descriptions.Item label={f('primaryCause')}>
              {t(`assistance.causes.${value.primaryCause}`)}
              {value.secondaryCauses.map((c) => ` · ${t(`assistance.causes.${c}`)}`).join('')}
            </Descriptions.Item>
            <Descriptions.Item label={f('level')}>{t(`assistance.levels.${value.level}`)}</Descriptions.Item>
            <Descriptions.Item label={f('incomePerHead')}>{money(value.incomePerHeadFen)}</Descriptions.Item>
            <Descriptions.Item label={f('verifiedOn')}>{value.verifiedOn}</Descriptions.Item>
            <Descriptions.Item label={f('nextVerification')}>{value.nextVerificationOn}</Descriptions.Item>
            <Descriptions.Item label={f('situation')}>{value.situation}</Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey={(_, i) => String(i)}
            pagination={false}
            dataSource={value.household}
            columns={[
              { title: f('name'), dataIndex: 'name' },
              { title: f('relation'), dataIndex: 'relation' },
              { title: f('birthYear'), dataIndex: 'birthYear' },
              { title: f('health'), dataIndex: 'health', render: (v: string | null) => v ?? '***' },
              {
                title: f('monthlyIncome'),
                dataIndex: 'monthlyIncomeFen',
                render: (v: number | null) => (v === null ? '***' : money(v)),
              },
            ]}
          />
          <Card size="small" title={t('assistance.files.evidence')}>
            <Flex vertical gap={4}>
              {value.documents.map((d) => (
                <a key={d.id} href={href(assistanceEndpoints.readFileDocument, { params: { id, documentId: d.id } })}>
                  {t(`assistance.documents.${d.kind}`)} · {d.fileName}
                </a>
              ))}
              {value.status === 'open' && (
                <DocumentInput
                  label={`${t('assistance.member.upload')} ${t('assistance.documents.hardship_proof')}`}
                  onFile={async (upFile) => {
                    try {
                      await addDocument.mutateAsync({
                        args: { params: { id }, query: { kind: 'hardship_proof' } },
                        file: upFile,
                      });
                      setRevealed(null);
                    } catch (error) {
                      message.error(error instanceof Error ? error.message : String(error));
                    }
                  }}
                />
              )}
            </Flex>
          </Card>
          {value.status === 'open' && (
            <Flex gap={8} wrap>
              {!value.revealed && <Button onClick={() => setModal('reveal')}>{t('assistance.files.reveal')}</Button>}
              {value.revealed && <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
              <Button type="primary" onClick={() => setModal('verify')}>
                {t('assistance.files.verify')}
              </Button>
              <Button danger onClick={() => setModal('close')}>
                {t('assistance.files.close')}
              </Button>
            </Flex>
          )}
          <Timeline
            items={value.events.map((e, i) => ({
              key: i,
              children: `${formatDate(e.at, i18n.language)} ${t(`assistance.fileEvents.${e.action}`)}${e.actorName ? ` · ${e.actorName}` : ''}${e.note ? ` · ${e.note}` : ''}`,
            }))}
          />
        </Flex>
      )}
      {editing && revealed && (
        <FileFormDrawer
          file={revealed}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setRevealed(null);
            queryClient.setQueryData(fileKey, saved);
          }}
        />
      )}
      <Modal
        open={modal !== null}
        title={modal ? t(`assistance.files.${modal}`) : ''}
        onCancel={() => setModal(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="file-action" onFinish={run}>
          {modal === 'reveal' && (
            <Form.Item name="reason" label={t('assistance.files.revealReason')} rules={[{ required: true, min: 4 }]}>
              <Input maxLength={500} />
            </Form.Item>
          )}
          {modal === 'close' && (
            <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true }]}>
              <Select
                options={FILE_CLOSE_REASONS.map((r) => ({ value: r, label: t(`assistance.closeReasons.${r}`) }))}
              />
            </Form.Item>
          )}
          {modal !== 'reveal' && (
            <Form.Item
              name="note"
              label={t('assistance.files.verifyNote')}
              rules={modal === 'verify' ? [{ required: true }] : []}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Drawer>
  );
}
