import { CASE_CATEGORIES, type CaseCategory, createCaseBodySchema } from '@gonghui/contract';
import { App, Button, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { schemaRule, showServerErrors } from '../../ui/forms';
import { AskDetailFields, askDetails } from './shared';

/** The ask form, shared by signed-in workers and anonymous reporters (who also choose a desk). */
export function AskForm({
  onSubmit,
  deskField,
}: {
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
  deskField?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm();
  const preset = params.get('category');
  const category = Form.useWatch('category', form) as CaseCategory | undefined;
  const submit = async (values: Record<string, unknown>) => {
    const chosen = values.category as CaseCategory;
    const details = askDetails(chosen, values);
    try {
      await onSubmit({
        category: chosen,
        title: values.title,
        description: values.description,
        ...(values.organisationId ? { organisationId: values.organisationId } : {}),
        ...(details ? { details } : {}),
      });
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };
  return (
    <Form
      form={form}
      name="ask-for-help"
      layout="vertical"
      initialValues={{ category: (CASE_CATEGORIES as readonly string[]).includes(preset ?? '') ? preset : 'help' }}
      onFinish={submit}
    >
      <Form.Item name="category" label={t('rights.fields.category')} rules={[{ required: true }]}>
        <Select options={CASE_CATEGORIES.map((c) => ({ value: c, label: t(`rights.categories.${c}`) }))} />
      </Form.Item>
      {deskField}
      <Form.Item
        name="title"
        label={t('rights.fields.title')}
        rules={[{ required: true }, schemaRule(createCaseBodySchema.shape.title)]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('rights.fields.description')}
        rules={[{ required: true }, schemaRule(createCaseBodySchema.shape.description)]}
      >
        <Input.TextArea rows={4} maxLength={5000} />
      </Form.Item>
      <AskDetailFields category={category} />
      <Button type="primary" htmlType="submit" block>
        {t('rights.ask.submit')}
      </Button>
    </Form>
  );
}
