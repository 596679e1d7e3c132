import { useQuery } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DANGER_TAG_COLOR, INFO_TAG_COLOR, SUCCESS_TAG_COLOR, WARNING_TAG_COLOR } from '../../ui/colors';
import { showServerErrors } from '../../ui/forms';
import { formatFen } from '../../ui/money';
import { selectState } from '../../ui/query-state';
import { membershipApi } from './api';

// Solid colours that white text passes WCAG AA on (antd's pale presets do not).
const STATUS_COLOURS: Record<string, string> = {
  active: SUCCESS_TAG_COLOR,
  retained: INFO_TAG_COLOR,
  transferring: WARNING_TAG_COLOR,
  lapsed: WARNING_TAG_COLOR,
  submitted: WARNING_TAG_COLOR,
  approved: SUCCESS_TAG_COLOR,
  rejected: DANGER_TAG_COLOR,
  requested: WARNING_TAG_COLOR,
  released: INFO_TAG_COLOR,
  completed: SUCCESS_TAG_COLOR,
  open: WARNING_TAG_COLOR,
  running: INFO_TAG_COLOR,
  done: SUCCESS_TAG_COLOR,
  failed: DANGER_TAG_COLOR,
};

export function StatusTag({ group, value }: { group: string; value: string }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOURS[value] ?? 'default'}>{t(`membership.${group}.${value}`)}</Tag>;
}

/** A select that searches unions or employers by name on the server. */
export function RemoteSelect(props: {
  source: 'unions' | 'employers';
  value?: number | null;
  onChange?: (id: number | null) => void;
  placeholder?: string;
  'aria-label'?: string;
  id?: string;
}) {
  const [q, setQ] = useState('');
  const options = useQuery({
    ...membershipApi.query(props.source === 'unions' ? 'searchUnions' : 'searchEmployers', { query: { q } }),
    enabled: q.length > 0,
  });
  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={props.value ?? undefined}
      onChange={(value: number | undefined) => props.onChange?.(value ?? null)}
      placeholder={props.placeholder}
      notFoundContent={null}
      {...selectState(options)}
      options={(options.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
    />
  );
}

/**
 * A modal asking for a text (a reason, a note) before an action runs; server field errors land
 * on the field, anything else closes with the caller's handling.
 */
export function ReasonModal(props: {
  open: boolean;
  title: string;
  label: string;
  field?: string;
  children?: React.ReactNode;
  onCancel: () => void;
  onSubmit: (values: Record<string, string>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const field = props.field ?? 'reason';
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onCancel}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={async (values) => {
          setBusy(true);
          try {
            await props.onSubmit(values);
            form.resetFields();
          } catch (error) {
            message.error(showServerErrors(form, error));
          } finally {
            setBusy(false);
          }
        }}
      >
        {props.children}
        <Form.Item name={field} label={props.label} rules={[{ required: true, min: 2, message: t('common.required') }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A member's monthly dues: expected and paid, in yuan. */
export function DuesTable({ dues }: { dues: { month: string; expectedFen: number; paidFen: number }[] }) {
  const { t, i18n } = useTranslation();
  const money = (fen: number) => formatFen(fen, i18n.language);
  return (
    <Table
      size="small"
      rowKey="month"
      pagination={false}
      dataSource={dues}
      columns={[
        { title: t('membership.fields.month'), dataIndex: 'month' },
        { title: t('membership.fields.expected'), dataIndex: 'expectedFen', align: 'right', render: money },
        { title: t('membership.fields.paid'), dataIndex: 'paidFen', align: 'right', render: money },
      ]}
    />
  );
}

/**
 * A status fact's reason: the system's own codes (join, import, lapse:6, transfer:12 …) in the
 * reader's language; a cadre's free text as written.
 */
export function useReasonLabel() {
  const { t } = useTranslation();
  return (reason: string) => {
    const match = /^(join|rejoin|import|lapse|transfer|transfer_rejected|transfer_cancelled|status):?(.*)$/.exec(
      reason,
    );
    if (!match) return reason;
    return t(`membership.reasons.${match[1]}`, { detail: match[2] });
  };
}
