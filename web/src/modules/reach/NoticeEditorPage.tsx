import { type EMPLOYMENT_FORMS, NOTICE_KINDS, type NoticeKind, type NoticeView } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Radio, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { useConfirm } from '../../ui/confirm';
import { formatDateTime } from '../../ui/dates';
import { showServerErrors } from '../../ui/forms';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { Pending } from '../../ui/query-state';
import { reachApi } from './api';
import { AudienceFields, FilePickButton, noticeFileHref } from './notice-parts';
import { RichTextEditor } from './RichTextEditor';

interface Values {
  organisationId?: number;
  kind: NoticeKind;
  title: string;
  body: string;
  organisationIds: number[];
  employmentForms: (typeof EMPLOYMENT_FORMS)[number][];
  industries: string[];
  delegatesOnly: boolean;
  pinned: boolean;
  publishAt: Dayjs | null;
  escalateAfterDays: number | null;
}

/** Writing a notice or a piece of news: its text, its audience, and when it goes out (console). */
export function NoticeEditorPage() {
  const params = useParams();
  const editing = params.id ? Number(params.id) : null;
  const existing = useQuery({
    ...reachApi.query('notice', { params: { id: editing ?? 0 } }),
    enabled: editing !== null,
  });
  if (editing !== null && existing.data === undefined) return <Pending query={existing} />;
  return <NoticeForm key={editing ?? 'new'} notice={existing.data ?? null} />;
}

function NoticeForm({ notice }: { notice: NoticeView | null }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const confirm = useConfirm();
  const [form] = Form.useForm<Values>();
  // The draft's id once saved: a ref for the handlers in flight, state for what the page shows.
  const current = useCurrentOrganisation();
  const saved = useRef<number | null>(notice?.id ?? null);
  const [savedId, setSavedId] = useState<number | null>(notice?.id ?? null);
  const create = reachApi.useSend('createNotice');
  const update = reachApi.useSend('updateNotice');
  const publish = reachApi.useSend('publishNotice');
  const upload = reachApi.useUpload('uploadNoticeDocument');
  const names = new Map((notice?.audience.organisationIds ?? []).map((id, at) => [id, notice!.audienceNames[at]!]));

  const bodyOf = (values: Values) => ({
    kind: values.kind,
    title: values.title,
    body: values.body ?? '',
    audience: {
      organisationIds: values.organisationIds ?? [],
      employmentForms: values.employmentForms ?? [],
      industries: values.industries ?? [],
      delegatesOnly: values.delegatesOnly ?? false,
    },
    pinned: values.pinned ?? false,
    publishAt: values.publishAt ? values.publishAt.toISOString() : null,
    escalateAfterDays: values.escalateAfterDays ?? null,
  });

  /** Saves the draft (creating it the first time) and answers its id, or null when the form refused. */
  const saveDraft = async (validate = true): Promise<number | null> => {
    const values = validate ? await form.validateFields().catch(() => null) : form.getFieldsValue(true);
    if (!values) return null;
    try {
      if (saved.current === null) {
        const created = await create.mutateAsync({
          body: { organisationId: values.organisationId!, ...bodyOf(values), publish: false },
        });
        saved.current = created.id;
        setSavedId(created.id);
      } else {
        await update.mutateAsync({ params: { id: saved.current }, body: bodyOf(values) });
      }
      return saved.current;
    } catch (error) {
      message.error(showServerErrors(form, error));
      return null;
    }
  };

  const onPublish = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const when = values.publishAt;
    const go = await confirm({
      title: t('reach.notices.publish'),
      content: (
        <>
          <p>
            {values.title} · {t('reach.notices.audienceSummary', { count: values.organisationIds.length })}
          </p>
          <p>
            {when
              ? t('reach.notices.publishConfirmScheduled', { time: formatDateTime(when.toDate(), i18n.language) })
              : t('reach.notices.publishConfirm')}
          </p>
        </>
      ),
      okText: t('reach.notices.publish'),
    });
    if (!go) return;
    const id = await saveDraft(false);
    if (id === null) return;
    try {
      await publish.mutateAsync({ params: { id } });
      message.success(t('reach.notices.published'));
      navigate(`/admin/notices/${id}`);
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };

  const uploadFile = async (file: File) => {
    const id = saved.current ?? (await saveDraft());
    if (id === null) {
      message.warning(t('reach.notices.saveFirst'));
      return null;
    }
    try {
      const attachment = await upload.mutateAsync({ args: { params: { id } }, file });
      return attachment;
    } catch (error) {
      message.error(showServerErrors(form, error));
      return null;
    }
  };

  const initial: Partial<Values> = notice
    ? {
        organisationId: notice.organisationId,
        kind: notice.kind,
        title: notice.title,
        body: notice.body,
        organisationIds: notice.audience.organisationIds,
        employmentForms: notice.audience.employmentForms,
        industries: notice.audience.industries,
        delegatesOnly: notice.audience.delegatesOnly,
        pinned: notice.pinned,
        publishAt: notice.publishAt ? dayjs(notice.publishAt) : null,
        escalateAfterDays: notice.escalateAfterDays,
      }
    : {
        // The organisation the console is looking at publishes, to its own subtree, until changed.
        ...(current.id ? { organisationId: current.id, organisationIds: [current.id] } : { organisationIds: [] }),
        kind: 'notice',
        employmentForms: [],
        industries: [],
        delegatesOnly: false,
        pinned: false,
      };

  return (
    <Card>
      <Form<Values> form={form} name="notice" layout="vertical" initialValues={initial} style={{ maxWidth: 880 }}>
        <Form.Item
          name="organisationId"
          label={t('reach.notices.publisher')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <OrganisationPicker aria-label={t('reach.notices.publisher')} />
        </Form.Item>
        <Form.Item name="kind" label={t('reach.notices.kind')}>
          <Radio.Group
            optionType="button"
            options={NOTICE_KINDS.map((kind) => ({ value: kind, label: t(`reach.notices.${kind}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('reach.notices.titleField')}
          rules={[{ required: true, min: 2, max: 120, message: t('common.required') }]}
        >
          <Input maxLength={120} showCount />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('reach.notices.body')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <RichTextEditor
            aria-label={t('reach.notices.body')}
            uploadImage={async (file) => {
              const attachment = await uploadFile(file);
              return attachment && saved.current !== null ? noticeFileHref(saved.current, attachment.documentId) : null;
            }}
          />
        </Form.Item>
        <Form.Item label={t('reach.notices.attachments')}>
          <Attachments noticeId={savedId} upload={uploadFile} />
        </Form.Item>
        <Typography.Title level={5}>{t('reach.notices.audience')}</Typography.Title>
        <AudienceFields names={names} />
        <Flex gap={24} wrap>
          <Form.Item name="pinned" label={t('reach.notices.pin')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="publishAt" label={t('reach.notices.schedule')} extra={t('reach.notices.scheduleHelp')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item
            name="escalateAfterDays"
            label={t('reach.notices.escalate')}
            extra={t('reach.notices.escalateHelp')}
          >
            <InputNumber min={1} max={30} suffix={t('reach.notices.workingDays')} style={{ width: 160 }} />
          </Form.Item>
        </Flex>
        <Flex gap={8} wrap>
          <Button
            onClick={async () => {
              const id = await saveDraft();
              if (id !== null) {
                message.success(t('reach.notices.saved'));
                navigate(`/admin/notices/${id}`);
              }
            }}
            loading={create.isPending || update.isPending}
          >
            {t('reach.notices.saveDraft')}
          </Button>
          <Button type="primary" onClick={() => void onPublish()} loading={publish.isPending}>
            {t('reach.notices.publish')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}

function Attachments({
  noticeId,
  upload,
}: {
  noticeId: number | null;
  upload: (file: File) => Promise<{ documentId: string; fileName: string } | null>;
}) {
  const { t } = useTranslation();
  const list = useQuery({ ...reachApi.query('notice', { params: { id: noticeId ?? 0 } }), enabled: noticeId !== null });
  const files = list.data?.attachments ?? [];
  return (
    <Flex vertical gap={4}>
      {files.map((file) => (
        <Typography.Link key={file.documentId} href={noticeFileHref(noticeId!, file.documentId)} target="_blank">
          {file.fileName}
        </Typography.Link>
      ))}
      <div>
        <FilePickButton label={t('reach.notices.attach')} accept=".pdf,.docx,image/png,image/jpeg" onFile={upload} />
      </div>
    </Flex>
  );
}
