import { type BodyInput, type CaseAction, DEADLINE_CLASSES, type Locale, rightsEndpoints } from '@gonghui/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Rate,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, href } from '../../api/client';
import { useMe } from '../../app/session';
import { formatDateTime } from '../../ui/dates';
import { showServerErrors } from '../../ui/forms';
import { formatFen } from '../../ui/money';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { Pending, selectState } from '../../ui/query-state';
import { rightsApi } from './api';
import type { CaseView } from './case-parts';
import {
  AttachInput,
  CaseTimeline,
  FLAG_COLORS,
  HandlerDetailFields,
  handlerDetails,
  Limitation,
  StageSteps,
  StageTag,
} from './shared';

function BreakGlass({ id, onGranted }: { id: number; onGranted: () => void }) {
  const sendBreakGlass = rightsApi.useSend('breakGlass');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  return (
    <Card title={t('rights.admin.breakGlass')}>
      <Alert type="warning" showIcon message={t('rights.admin.breakGlassIntro')} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        name="break-glass"
        layout="vertical"
        onFinish={async (values: { reason: string }) => {
          try {
            await sendBreakGlass.mutateAsync({ params: { id }, body: values });
            onGranted();
          } catch (error) {
            message.error(showServerErrors(form, error));
          }
        }}
      >
        <Form.Item name="reason" label={t('rights.admin.breakGlassReason')} rules={[{ required: true, min: 10 }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Button danger htmlType="submit">
          {t('rights.admin.breakGlass')}
        </Button>
      </Form>
    </Card>
  );
}

/** One case: its facts, clocks, timeline and files, and the actions its type allows this person. */
export function CaseDetailPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [acting, setActing] = useState<CaseAction | null>(null);
  const key = rightsApi.key('getCase', { params: { id } });
  const attach = rightsApi.useUpload('attachToCase');
  const value = useQuery({ ...rightsApi.query('getCase', { params: { id } }) });
  if (value.error instanceof ApiError && value.error.status === 404 && me?.permissions.includes('rights.read')) {
    return <BreakGlass id={Number(id)} onGranted={() => void value.refetch()} />;
  }
  const c = value.data;
  if (!c) return <Pending query={value} />;
  const done = (updated: CaseView, action: CaseAction) => {
    client.setQueryData(key, updated);
    message.success(t('rights.admin.actionDone', { action: t(`rights.actions.${action}`) }));
    setActing(null);
  };
  const d = c.details;
  return (
    <Flex vertical gap={16}>
      <Link to="/admin/cases">← {t('rights.admin.back')}</Link>
      {c.breakGlassUntil && (
        <Alert
          type="warning"
          showIcon
          message={t('rights.admin.breakGlassUntil', {
            time: formatDateTime(c.breakGlassUntil, i18n.language),
          })}
        />
      )}
      <Card
        title={
          <Space wrap>
            <span>
              #{c.id} {c.title}
            </span>
            <StageTag stage={c.stage} />
            {c.confidential && <Tag color={FLAG_COLORS.confidential}>{t('rights.admin.confidential')}</Tag>}
            {c.overdue && <Tag color={FLAG_COLORS.overdue}>{t('rights.admin.overdue')}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {c.actions.map((action) => (
              <Button key={action} type={action === 'close' ? 'primary' : 'default'} onClick={() => setActing(action)}>
                {t(`rights.actions.${action}`)}
              </Button>
            ))}
          </Space>
        }
      >
        <Flex vertical gap={16}>
          <StageSteps stage={c.stage} />
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'k', label: t('rights.fields.category'), children: t(`rights.categories.${c.category}`) },
              { key: 'c', label: t('rights.fields.deadlineClass'), children: t(`rights.classes.${c.deadlineClass}`) },
              { key: 'r', label: t('rights.fields.receivedBy'), children: c.receivedOrganisationName },
              { key: 'o', label: t('rights.fields.organisation'), children: c.organisationName },
              { key: 'h', label: t('rights.fields.handler'), children: c.handlerName ?? '—' },
              { key: 'd', label: t('rights.fields.dueOn'), children: c.dueOn },
              {
                key: 'p',
                label: t('rights.fields.reporter'),
                children: c.anonymous
                  ? t('rights.admin.anonymous')
                  : `${c.reporterName ?? '—'} ${c.reporterMobile ?? ''}`,
              },
              ...(c.escalatedToName
                ? [{ key: 'e', label: t('rights.fields.escalatedTo'), children: c.escalatedToName }]
                : []),
            ]}
          />
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
          {c.employerFlagged && (
            <Alert type="error" showIcon message={t('rights.admin.employerFlag', { count: c.employerReports })} />
          )}
          {c.kind === 'legal_aid' && (
            <Alert
              type={c.legalAidEligible ? 'success' : c.legalAidEligible === false ? 'error' : 'info'}
              message={t(
                c.legalAidEligible
                  ? 'rights.admin.eligible'
                  : c.legalAidEligible === false
                    ? 'rights.admin.notEligible'
                    : 'rights.admin.eligibilityUnknown',
              )}
            />
          )}
          {c.mediationDeadline && (
            <Typography.Text>{t('rights.progress.mediationDeadline', { date: c.mediationDeadline })}</Typography.Text>
          )}
          {c.mediationExpired && <Alert type="warning" showIcon message={t('rights.progress.mediationExpired')} />}
          {c.kind !== 'ticket' &&
            (c.limitation.kind === 'unknown' ? (
              <Typography.Text type="secondary">{t('rights.admin.noLimitation')}</Typography.Text>
            ) : (
              <Limitation limitation={c.limitation} />
            ))}
          <DetailsView kind={c.kind} details={d} />
          {c.kind === 'mediation' && d.mediationOutcome === 'agreement' && (
            <a
              href={href(rightsEndpoints.mediationAgreement, {
                params: { id: c.id },
                query: { lang: i18n.language as Locale },
              })}
            >
              {t('rights.admin.agreement')}
            </a>
          )}
          {c.resolution && <Alert type="success" message={t('rights.fields.resolution')} description={c.resolution} />}
          {c.rating !== null && <Rate disabled value={c.rating} />}
        </Flex>
      </Card>
      <Card title={t('rights.fields.attachments')}>
        <List
          size="small"
          locale={{ emptyText: ' ' }}
          dataSource={c.attachments}
          renderItem={(a) => (
            <List.Item key={a.id}>
              <a href={href(rightsEndpoints.readAttachment, { params: { id: c.id, attachmentId: a.id } })}>
                {a.fileName}
              </a>
              <Typography.Text type="secondary">
                {(a.size / 1024).toFixed(0)} KB · sha256 {a.sha256.slice(0, 12)}…
              </Typography.Text>
            </List.Item>
          )}
        />
        {c.actions.length > 0 && (
          <AttachInput
            onFile={(file) =>
              attach
                .mutateAsync({ args: { params: { id: c.id } }, file })
                .then((updated) => client.setQueryData(key, updated))
                .catch((error: Error) => message.error(error.message))
            }
          />
        )}
      </Card>
      <Card title={t('rights.progress.timeline')}>
        <CaseTimeline events={c.events} locale={i18n.language} />
      </Card>
      {acting && <ActionModal value={c} action={acting} onClose={() => setActing(null)} onDone={done} />}
    </Flex>
  );
}

function DetailsView({ kind, details }: { kind: CaseView['kind']; details: CaseView['details'] }) {
  const { t, i18n } = useTranslation();
  const items: { key: string; label: string; children: React.ReactNode }[] = [];
  const add = (key: string, label: string, value: React.ReactNode) => {
    if (value !== undefined && value !== null && value !== '') items.push({ key, label, children: value });
  };
  add('employer', t('rights.fields.employerName'), details.employer?.name);
  add('months', t('rights.fields.months'), details.months?.join(t('common.listSeparator')));
  add('workers', t('rights.fields.workersAffected'), details.workersAffected);
  if (details.amountOwedFen !== undefined)
    add('owed', t('rights.fields.amountOwed'), formatFen(details.amountOwedFen, i18n.language));
  if (details.recoveredFen !== undefined)
    add('recovered', t('rights.fields.recovered'), formatFen(details.recoveredFen, i18n.language));
  add('requested', t('rights.fields.requestedOn'), details.requestedOn);
  add(
    'claims',
    t('rights.fields.claimItem'),
    details.claims?.map((c) => `${c.item} ${formatFen(c.amountFen, i18n.language)}`).join(t('common.listSeparator')),
  );
  add(
    'lawyer',
    t('rights.fields.lawyerName'),
    details.lawyer ? `${details.lawyer.name}${t('common.parenthesised', { text: details.lawyer.firm })}` : undefined,
  );
  if (details.legalOutcome)
    add('legal', t('rights.fields.legalOutcome'), t(`rights.legalOutcomes.${details.legalOutcome}`));
  if (details.mediationOutcome)
    add('mediation', t('rights.fields.mediationOutcome'), t(`rights.mediationOutcomes.${details.mediationOutcome}`));
  add('reference', t('rights.fields.referenceNumber'), details.referenceNumber);
  if (details.referredIn)
    add(
      'referredIn',
      t('rights.fields.referredFrom'),
      `${t(`rights.referralSources.${details.referredIn.from}`)} ${details.referredIn.reference}`,
    );
  for (const [item, value] of Object.entries(details.facts ?? {}))
    add(`fact-${item}`, t(`rights.facts.${item}`), value);
  if (kind === 'ticket' || items.length === 0) return null;
  return <Descriptions size="small" bordered column={1} title={t('rights.admin.details')} items={items} />;
}

function HandlerSelect({ organisationId }: { organisationId: number | undefined }) {
  const { t } = useTranslation();
  const handlers = useQuery({
    ...rightsApi.query('handlerOptions', { query: { organisationId } }),
    enabled: Boolean(organisationId),
  });
  return (
    <Form.Item name="handlerUserId" label={t('rights.fields.handler')}>
      <Select
        allowClear
        {...selectState(handlers)}
        options={(handlers.data?.items ?? []).map((h) => ({
          value: h.userId,
          label: `${h.name}${t('common.parenthesised', { text: h.organisationName })}`,
        }))}
      />
    </Form.Item>
  );
}

function ActionModal({
  value,
  action,
  onClose,
  onDone,
}: {
  value: CaseView;
  action: CaseAction;
  onClose: () => void;
  onDone: (updated: CaseView, action: CaseAction) => void;
}) {
  const sendActOnCase = rightsApi.useSend('actOnCase');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const target = Form.useWatch('organisationId', form) as number | undefined;
  const submit = async (values: Record<string, unknown>) => {
    const details = handlerDetails(values);
    try {
      const updated = await sendActOnCase.mutateAsync({
        params: { id: value.id },
        body: {
          action,
          version: value.version,
          ...(values.organisationId ? { organisationId: values.organisationId } : {}),
          ...(values.handlerUserId ? { handlerUserId: values.handlerUserId } : {}),
          ...(values.deadlineClass && values.deadlineClass !== value.deadlineClass
            ? { deadlineClass: values.deadlineClass }
            : {}),
          ...(values.note ? { note: values.note } : {}),
          ...(values.resolution ? { resolution: values.resolution } : {}),
          ...(values.rating ? { rating: values.rating } : {}),
          ...(details ? { details } : {}),
        } as BodyInput<typeof rightsEndpoints.actOnCase>,
      });
      onDone(updated, action);
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };
  const recordsDetails = action === 'record' || action === 'close';
  return (
    <Modal
      open
      title={t(`rights.actions.${action}`)}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={640}
      destroyOnHidden
    >
      <Form
        form={form}
        name={`case-${action}`}
        layout="vertical"
        initialValues={{
          deadlineClass: value.deadlineClass,
          details: value.details,
          organisationId: value.organisationId,
        }}
        onFinish={submit}
      >
        {action === 'dispatch' && (
          <>
            <Form.Item name="organisationId" label={t('rights.fields.organisation')} rules={[{ required: true }]}>
              <OrganisationPicker aria-label={t('rights.fields.organisation')} />
            </Form.Item>
            <HandlerSelect organisationId={target} />
            <Form.Item name="deadlineClass" label={t('rights.fields.deadlineClass')}>
              <Select options={DEADLINE_CLASSES.map((c) => ({ value: c, label: t(`rights.classes.${c}`) }))} />
            </Form.Item>
          </>
        )}
        {action === 'close' && (
          <Form.Item name="resolution" label={t('rights.fields.resolution')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        )}
        {action === 'rate' && (
          <Form.Item name="rating" label={t('rights.fields.rating')} rules={[{ required: true }]}>
            <Rate />
          </Form.Item>
        )}
        {recordsDetails && <HandlerDetailFields kind={value.kind} />}
        {action !== 'take' && (
          <Form.Item
            name="note"
            label={t('rights.fields.note')}
            rules={action === 'reply' || action === 'return' ? [{ required: true }] : []}
          >
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
