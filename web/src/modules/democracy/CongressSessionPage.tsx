import { UploadOutlined } from '@ant-design/icons';
import { type CongressSessionDetail, type Delegate, democracyEndpoints, type Locale } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  QRCode,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { href } from '../../api/client';
import { INFO_TAG_COLOR, SUCCESS_TAG_COLOR } from '../../ui/colors';
import { formatTime } from '../../ui/dates';
import { showServerErrors } from '../../ui/forms';
import { Pending } from '../../ui/query-state';
import { democracyApi } from './api';
import { QuorumTag, SessionStatusTag, useCanManage } from './congress-parts';
import { ProposalsPanel } from './ProposalsPage';
import { VotesPanel } from './VotesPage';

function DelegatesTab({ session }: { session: CongressSessionDetail }) {
  const sendAddConstituency = democracyApi.useSend('addConstituency');
  const sendAddDelegate = democracyApi.useSend('addDelegate');
  const sendCheckInAtDesk = democracyApi.useSend('checkInAtDesk');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const canManage = useCanManage();
  const [form] = Form.useForm();
  const [constituencyForm] = Form.useForm();
  const c = session.composition;
  const thresholds: Record<string, number | null> = {
    frontline: session.frontlineMinPercent,
    managers: session.managersMaxPercent,
    women: session.womenMinPercent,
  };
  return (
    <Flex vertical gap={16}>
      <Alert
        type={c.warnings.length ? 'warning' : 'success'}
        showIcon
        message={t('democracy.sessions.composition')}
        description={
          <>
            <div>{t('democracy.sessions.compositionLine', c)}</div>
            {c.warnings.length === 0 && <div>{t('democracy.sessions.compositionOk')}</div>}
            {c.warnings.map((w) => (
              <div key={w}>{t(`democracy.warnings.${w}`, { percent: thresholds[w] })}</div>
            ))}
          </>
        }
      />
      <Card size="small" title={t('democracy.sessions.constituencies')}>
        <List
          size="small"
          dataSource={session.constituencies}
          renderItem={(item) => (
            <List.Item>
              {t('common.labelled', { label: item.name, value: `${item.delegates}/${item.seats}` })}
            </List.Item>
          )}
        />
        {canManage && session.status !== 'closed' && (
          <Form
            name="constituency"
            form={constituencyForm}
            layout="inline"
            style={{ marginTop: 8 }}
            onFinish={async (values) => {
              try {
                await sendAddConstituency.mutateAsync({ params: { id: session.id }, body: values });
                constituencyForm.resetFields();
              } catch (error) {
                message.error(showServerErrors(constituencyForm, error));
              }
            }}
          >
            <Form.Item name="name" rules={[{ required: true }]}>
              <Input
                placeholder={t('democracy.sessions.constituency')}
                aria-label={t('democracy.sessions.constituency')}
              />
            </Form.Item>
            <Form.Item name="seats" rules={[{ required: true }]}>
              <InputNumber
                min={1}
                placeholder={t('democracy.sessions.seats')}
                aria-label={t('democracy.sessions.seats')}
              />
            </Form.Item>
            <Button htmlType="submit">{t('democracy.sessions.addConstituency')}</Button>
          </Form>
        )}
      </Card>
      {canManage && session.status !== 'closed' && (
        <Form
          name="delegate"
          form={form}
          layout="inline"
          initialValues={{ category: 'frontline' }}
          onFinish={async (values) => {
            try {
              await sendAddDelegate.mutateAsync({
                params: { id: session.id },
                body: {
                  memberNumber: values.memberNumber,
                  category: values.category,
                  constituencyId: values.constituencyId ?? null,
                },
              });
              form.resetFields(['memberNumber']);
            } catch (error) {
              message.error(showServerErrors(form, error));
            }
          }}
        >
          <Form.Item name="memberNumber" rules={[{ required: true }]}>
            <Input
              placeholder={t('democracy.sessions.memberNumber')}
              aria-label={t('democracy.sessions.memberNumber')}
            />
          </Form.Item>
          <Form.Item name="category">
            <Select
              aria-label={t('democracy.sessions.category')}
              style={{ minWidth: 160 }}
              options={['frontline', 'manager', 'other'].map((k) => ({
                value: k,
                label: t(`democracy.categories.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="constituencyId">
            <Select
              aria-label={t('democracy.sessions.constituency')}
              placeholder={t('democracy.sessions.constituency')}
              allowClear
              style={{ minWidth: 140 }}
              options={session.constituencies.map((item) => ({ value: item.id, label: item.name }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('democracy.sessions.addDelegate')}
          </Button>
        </Form>
      )}
      <PresidiumCard session={session} />
      <Table<Delegate>
        rowKey="id"
        size="small"
        dataSource={session.delegateList}
        pagination={false}
        columns={[
          { title: t('democracy.sessions.memberNumber'), dataIndex: 'memberNumber' },
          { title: t('membership.fields.name'), dataIndex: 'name' },
          {
            title: t('membership.fields.gender'),
            dataIndex: 'gender',
            render: (v: string) => t(`membership.genders.${v}`),
          },
          {
            title: t('democracy.sessions.category'),
            dataIndex: 'category',
            render: (v: string) => t(`democracy.categories.${v}`),
          },
          {
            title: t('democracy.sessions.constituency'),
            dataIndex: 'constituencyId',
            render: (v: number | null) => session.constituencies.find((item) => item.id === v)?.name ?? '',
          },
          {
            title: t('democracy.presidium.title'),
            dataIndex: 'presidiumPosition',
            render: (v: number | null) =>
              v === null ? '' : <Tag color={INFO_TAG_COLOR}>{t('democracy.presidium.position', { position: v })}</Tag>,
          },
          {
            title: t('democracy.sessions.attendance'),
            dataIndex: 'checkedInAt',
            render: (v: string | null, row) =>
              v ? (
                <Tag color={SUCCESS_TAG_COLOR}>
                  {t('democracy.sessions.checkedIn')} {formatTime(v, i18n.language)} ·{' '}
                  {t(`democracy.methods.${row.checkInMethod}`)}
                </Tag>
              ) : canManage && session.status === 'open' ? (
                <Button
                  size="small"
                  onClick={async () => {
                    try {
                      await sendCheckInAtDesk.mutateAsync({ params: { id: session.id, itemId: row.id } });
                    } catch (error) {
                      message.error((error as Error).message);
                    }
                  }}
                >
                  {t('democracy.sessions.deskCheckIn')}
                </Button>
              ) : (
                <Tag>{t('democracy.sessions.notCheckedIn')}</Tag>
              ),
          },
        ]}
      />
    </Flex>
  );
}

/**
 * The presidium (主席团), elected at the preparatory meeting: chosen from the delegates in order. Its
 * first three with accounts are the default trustees of the session's secret votes.
 */
function PresidiumCard({ session }: { session: CongressSessionDetail }) {
  const sendSetPresidium = democracyApi.useSend('setPresidium');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canManage = useCanManage();
  const [form] = Form.useForm<{ delegateIds: number[] }>();
  const current = session.delegateList
    .filter((delegate) => delegate.presidiumPosition !== null)
    .sort((x, y) => x.presidiumPosition! - y.presidiumPosition!);
  return (
    <Card size="small" title={t('democracy.presidium.title')}>
      <Typography.Paragraph type="secondary">{t('democracy.presidium.help')}</Typography.Paragraph>
      {canManage && session.status !== 'closed' ? (
        <Form
          name="presidium"
          form={form}
          layout="inline"
          initialValues={{ delegateIds: current.map((delegate) => delegate.id) }}
          onFinish={async (values) => {
            try {
              await sendSetPresidium.mutateAsync({
                params: { id: session.id },
                body: { delegateIds: values.delegateIds ?? [] },
              });
              message.success(t('democracy.presidium.saved'));
            } catch (error) {
              message.error(showServerErrors(form, error));
            }
          }}
        >
          <Form.Item name="delegateIds" style={{ minWidth: 320, flex: 1 }}>
            <Select
              mode="multiple"
              aria-label={t('democracy.presidium.title')}
              placeholder={t('democracy.presidium.placeholder')}
              optionFilterProp="label"
              options={session.delegateList.map((delegate) => ({
                value: delegate.id,
                label: `${delegate.name} ${delegate.memberNumber}`,
              }))}
            />
          </Form.Item>
          <Button htmlType="submit">{t('democracy.presidium.save')}</Button>
        </Form>
      ) : current.length === 0 ? (
        <Typography.Text type="secondary">{t('democracy.presidium.none')}</Typography.Text>
      ) : (
        <Space wrap>
          {current.map((delegate) => (
            <Tag key={delegate.id}>
              {delegate.presidiumPosition}. {delegate.name}
            </Tag>
          ))}
        </Space>
      )}
    </Card>
  );
}

function CheckInTab({ session }: { session: CongressSessionDetail }) {
  const sendRotateCheckInCode = democracyApi.useSend('rotateCheckInCode');
  const { t } = useTranslation();
  const url = `${window.location.origin}/app/congress/check-in?session=${session.id}&code=${session.checkInCode ?? ''}`;
  return (
    <Flex gap={32} wrap align="start">
      {session.checkInCode && (
        <Card size="small" title={t('democracy.sessions.qrTitle')} style={{ textAlign: 'center' }}>
          <QRCode value={url} size={240} errorLevel="M" aria-label={t('democracy.sessions.qrTitle')} />
          <Typography.Paragraph type="secondary" style={{ maxWidth: 260 }}>
            {t('democracy.sessions.qrHelp')}
          </Typography.Paragraph>
          <Button
            onClick={async () => {
              await sendRotateCheckInCode.mutateAsync({ params: { id: session.id } });
            }}
          >
            {t('democracy.sessions.rotate')}
          </Button>
        </Card>
      )}
      <Flex vertical gap={12}>
        <Statistic
          title={t('democracy.sessions.attendance')}
          value={session.checkedIn}
          suffix={`/ ${session.delegates}`}
        />
        <QuorumTag session={session} />
        <Typography.Text>
          {t('democracy.sessions.quorumLine', {
            delegates: session.delegates,
            present: session.checkedIn,
            required: session.quorumRequired,
            ratio: `${session.quorum.num}/${session.quorum.den}`,
          })}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}

function AgendaTab({ session }: { session: CongressSessionDetail }) {
  const sendSetCurrentItem = democracyApi.useSend('setCurrentItem');
  const sendAddAgendaItem = democracyApi.useSend('addAgendaItem');
  const uploadDocument = democracyApi.useUpload('addDocument');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canManage = useCanManage();
  const [form] = Form.useForm();
  return (
    <Flex vertical gap={12}>
      <List
        bordered
        dataSource={session.agenda}
        renderItem={(item) => (
          <List.Item
            actions={
              canManage && session.status !== 'closed'
                ? [
                    <Button
                      key="current"
                      size="small"
                      disabled={item.isCurrent}
                      onClick={async () => {
                        await sendSetCurrentItem.mutateAsync({ params: { id: session.id, itemId: item.id } });
                      }}
                    >
                      {t('democracy.sessions.setCurrent')}
                    </Button>,
                    <Upload
                      key="upload"
                      accept=".pdf,.docx,.jpg,.jpeg,.png"
                      showUploadList={false}
                      customRequest={async ({ file, onSuccess, onError }) => {
                        try {
                          await uploadDocument.mutateAsync({
                            args: { params: { id: session.id, itemId: item.id } },
                            file: file as File,
                          });
                          onSuccess?.(null);
                        } catch (error) {
                          onError?.(error as Error);
                          message.error((error as Error).message);
                        }
                      }}
                    >
                      <Button
                        size="small"
                        icon={<UploadOutlined />}
                        aria-label={t('democracy.sessions.uploadDocument')}
                      />
                    </Upload>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space>
                  {item.position}. {item.title}
                  {item.isCurrent && <Tag color={INFO_TAG_COLOR}>{t('democracy.sessions.current')}</Tag>}
                </Space>
              }
              description={
                item.documents.length > 0 && (
                  <Space wrap>
                    {item.documents.map((d) => (
                      <a
                        key={d.id}
                        href={href(democracyEndpoints.readDocument, { params: { id: session.id, documentId: d.id } })}
                      >
                        {d.fileName}
                      </a>
                    ))}
                  </Space>
                )
              }
            />
          </List.Item>
        )}
      />
      {canManage && session.status !== 'closed' && (
        <Form
          name="agenda-item"
          form={form}
          layout="inline"
          onFinish={async (values) => {
            try {
              await sendAddAgendaItem.mutateAsync({ params: { id: session.id }, body: values });
              form.resetFields();
            } catch (error) {
              message.error(showServerErrors(form, error));
            }
          }}
        >
          <Form.Item name="title" rules={[{ required: true, min: 2 }]} style={{ minWidth: 360 }}>
            <Input placeholder={t('democracy.sessions.itemTitle')} aria-label={t('democracy.sessions.itemTitle')} />
          </Form.Item>
          <Button htmlType="submit">{t('democracy.sessions.addItem')}</Button>
        </Form>
      )}
    </Flex>
  );
}

/** One session: composition, check-in, agenda, votes and proposals, minutes and the hall screen. */
export function CongressSessionPage() {
  const sendUpdateSession = democracyApi.useSend('updateSession');
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const canManage = useCanManage();
  const id = Number(useParams().id);
  const detail = useQuery({
    ...democracyApi.query('getSessionDetail', { params: { id } }),
    refetchInterval: 5000,
  });
  const session = detail.data;
  if (!session) return <Pending query={detail} />;
  const setStatus = async (status: 'open' | 'closed') => {
    try {
      await sendUpdateSession.mutateAsync({ params: { id }, body: { status } });
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <Card
      title={
        <Space wrap>
          {session.title}
          <SessionStatusTag status={session.status} />
        </Space>
      }
      extra={
        <Space wrap>
          {canManage && session.status === 'preparing' && (
            <Button
              type="primary"
              onClick={() =>
                modal.confirm({
                  title: t('democracy.sessions.open'),
                  content: t('democracy.sessions.confirmOpen', { count: session.delegateList.length }),
                  okText: t('democracy.sessions.open'),
                  onOk: () => setStatus('open'),
                })
              }
            >
              {t('democracy.sessions.open')}
            </Button>
          )}
          {canManage && session.status === 'open' && (
            <Button
              onClick={() =>
                modal.confirm({
                  title: t('democracy.sessions.close'),
                  content: t('democracy.sessions.confirmClose'),
                  okText: t('democracy.sessions.close'),
                  okButtonProps: { danger: true },
                  onOk: () => setStatus('closed'),
                })
              }
            >
              {t('democracy.sessions.close')}
            </Button>
          )}
          <Button
            href={href(democracyEndpoints.sessionMinutes, { params: { id }, query: { lang: i18n.language as Locale } })}
          >
            {t('democracy.sessions.minutes')}
          </Button>
          <Link to={`/screen/congress/${id}`} target="_blank">
            {t('democracy.sessions.screen')}
          </Link>
        </Space>
      }
    >
      <Flex gap={32} wrap style={{ marginBottom: 16 }}>
        <Statistic title={t('democracy.sessions.delegates')} value={session.delegates} />
        <Statistic title={t('democracy.sessions.attendance')} value={session.checkedIn} />
        <Statistic title={t('democracy.sessions.quorum')} value={session.quorumRequired} />
        <div>
          <QuorumTag session={session} />
        </div>
        {canManage && session.status !== 'closed' && (
          <Checkbox
            checked={session.onlineCheckIn}
            onChange={async (event) => {
              await sendUpdateSession.mutateAsync({
                params: { id },
                body: {
                  onlineCheckIn: event.target.checked,
                },
              });
            }}
          >
            {t('democracy.sessions.onlineCheckIn')}
          </Checkbox>
        )}
      </Flex>
      <Tabs
        items={[
          {
            key: 'delegates',
            label: t('democracy.sessions.tabs.delegates'),
            children: <DelegatesTab session={session} />,
          },
          { key: 'check-in', label: t('democracy.sessions.tabs.checkIn'), children: <CheckInTab session={session} /> },
          { key: 'agenda', label: t('democracy.sessions.tabs.agenda'), children: <AgendaTab session={session} /> },
          { key: 'votes', label: t('democracy.sessions.tabs.votes'), children: <VotesPanel sessionId={id} /> },
          {
            key: 'proposals',
            label: t('democracy.sessions.tabs.proposals'),
            children: <ProposalsPanel sessionId={id} />,
          },
        ]}
      />
    </Card>
  );
}
