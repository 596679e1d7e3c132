import { EMPLOYMENT_FORMS, INDUSTRY_SECTIONS, type NoticeView, reachEndpoints } from '@gonghui/contract';
import { Button, Checkbox, Flex, Form, Progress, Select, Switch, Tag, Typography } from 'antd';
import { type ReactNode, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { href } from '../../api/client';
import { INFO_TAG_COLOR, NEUTRAL_TAG_COLOR, SUCCESS_TAG_COLOR, WARNING_TAG_COLOR } from '../../ui/colors';
import { OrganisationsPicker } from '../../ui/organisation-tree';
import './rich-text.css';

const STATUS_COLORS = {
  draft: NEUTRAL_TAG_COLOR,
  scheduled: INFO_TAG_COLOR,
  published: SUCCESS_TAG_COLOR,
  withdrawn: WARNING_TAG_COLOR,
} as const;

/** Draft, scheduled (published with its time to come), published or withdrawn. */
export function NoticeStatusTag({ notice }: { notice: Pick<NoticeView, 'status' | 'live'> }) {
  const { t } = useTranslation();
  const shown = notice.status === 'published' && !notice.live ? 'scheduled' : notice.status;
  return <Tag color={STATUS_COLORS[shown]}>{t(`reach.notices.statuses.${shown}`)}</Tag>;
}

/** A notice's text: HTML the server has already cleaned down to headings, lists, emphasis, links and its images. */
export function NoticeBody({ html }: { html: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: cleaned by the server (reach/rich-text.ts) before it is stored.
  return <div className="gh-rich-text" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Where a notice's image or attachment is served (for its cadres and its audience). */
export const noticeFileHref = (noticeId: number, documentId: string) =>
  href(reachEndpoints.noticeDocument, { params: { id: noticeId, documentId } });

/** A read rate as a bar with its figures beside it in body text (legible, and named for screen readers). */
export function RateBar({ reads, audience, label }: { reads: number; audience: number; label: string }) {
  const percent = audience ? Math.round((reads / audience) * 100) : 0;
  return (
    <Flex gap={8} align="center">
      <Progress percent={percent} showInfo={false} size="small" aria-label={label} style={{ flex: 1, margin: 0 }} />
      <span style={{ whiteSpace: 'nowrap' }}>
        {reads}/{audience}
      </span>
    </Flex>
  );
}

/** A button that opens the file chooser and hands over the one file chosen. */
export function FilePickButton(props: {
  label: string;
  accept: string;
  icon?: ReactNode;
  size?: 'small' | 'middle';
  onFile: (file: File) => Promise<unknown>;
}) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button size={props.size} icon={props.icon} onClick={() => picker.current?.click()}>
        {props.label}
      </Button>
      <input
        ref={picker}
        type="file"
        accept={props.accept}
        hidden
        aria-label={props.label}
        onChange={async (event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) await props.onFile(file);
        }}
      />
    </>
  );
}

/**
 * The audience of a notice or a survey, as form fields: organisations (their members and all below),
 * then employment forms, industry sections and congress delegates only (none chosen: any).
 */
export function AudienceFields({ names }: { names: ReadonlyMap<number, string> }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Paragraph type="secondary">{t('reach.notices.audienceHelp')}</Typography.Paragraph>
      <Form.Item
        name="organisationIds"
        label={t('reach.notices.organisations')}
        rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}
      >
        <OrganisationsPicker names={names} aria-label={t('reach.notices.organisations')} />
      </Form.Item>
      <Form.Item name="employmentForms" label={t('reach.notices.employmentForms')}>
        <Checkbox.Group options={EMPLOYMENT_FORMS.map((value) => ({ value, label: t(`membership.forms.${value}`) }))} />
      </Form.Item>
      <Form.Item name="industries" label={t('reach.notices.industries')}>
        <Select
          mode="multiple"
          allowClear
          aria-label={t('reach.notices.industries')}
          options={INDUSTRY_SECTIONS.map((code) => ({
            value: code,
            label: `${code} ${t(`reach.industries.${code}`)}`,
          }))}
        />
      </Form.Item>
      <Form.Item name="delegatesOnly" label={t('reach.notices.delegatesOnly')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </>
  );
}
