import {
  CONDITION_OPS,
  type ConditionGroup,
  type EMPLOYMENT_FORMS,
  INDUSTRY_SECTIONS,
  QUESTION_TYPES,
  type QuestionType,
  SURVEY_END,
  type SurveyDefinition,
  type SurveyView,
  surveyDefinitionSchema,
} from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Modal,
  Select,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { showServerErrors } from '../../ui/forms';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { Pending } from '../../ui/query-state';
import { reachApi } from './api';
import { AudienceFields } from './notice-parts';
import { SurveyForm } from './survey-form';

interface ConditionValues {
  questionId?: string;
  op?: (typeof CONDITION_OPS)[number];
  value?: string | string[];
}
interface GroupValues {
  match: 'all' | 'any';
  conditions: ConditionValues[];
}
interface QuestionValues {
  id: string;
  type: QuestionType;
  title: string;
  description?: string;
  required: boolean;
  options?: { value: string; label: string }[];
  rows?: { value: string; label: string }[];
  min?: number | null;
  max?: number | null;
  minLabel?: string;
  maxLabel?: string;
  showIf?: GroupValues;
}
interface SectionValues {
  id: string;
  title: string;
  description?: string;
  questions: QuestionValues[];
  skip: (GroupValues & { to?: string })[];
}
interface Values {
  organisationId?: number;
  title: string;
  description: string;
  organisationIds: number[];
  employmentForms: (typeof EMPLOYMENT_FORMS)[number][];
  industries: string[];
  delegatesOnly: boolean;
  anonymous: boolean;
  opensAt: Dayjs | null;
  closesAt: Dayjs | null;
  closeWhenFull: boolean;
  sections: SectionValues[];
  quotas: {
    organisationId?: number;
    industry?: string | null;
    cellQuestion?: string;
    cellValue?: string;
    target?: number;
  }[];
}

const CHOICES: readonly QuestionType[] = ['single', 'multiple', 'matrix'];
const NO_VALUE = new Set(['answered', 'empty']);
const MANY_VALUES = new Set(['in']);

const toGroup = (group: GroupValues | undefined): ConditionGroup | undefined => {
  const conditions = (group?.conditions ?? [])
    .filter((c) => c.questionId && c.op)
    .map((c) => ({
      questionId: c.questionId!,
      op: c.op!,
      ...(NO_VALUE.has(c.op!) || c.value === undefined ? {} : { value: c.value }),
    }));
  return conditions.length > 0 ? { match: group?.match ?? 'all', conditions } : undefined;
};

const fromGroup = (group: ConditionGroup | undefined): GroupValues => ({
  match: group?.match ?? 'all',
  conditions: (group?.conditions ?? []).map((c) => ({
    questionId: c.questionId,
    op: c.op,
    ...(c.value === undefined ? {} : { value: Array.isArray(c.value) ? c.value : String(c.value) }),
  })),
});

/** The form's sections as the contract's questionnaire. */
function definitionOf(sections: SectionValues[]): SurveyDefinition {
  return {
    sections: (sections ?? []).map((section) => ({
      id: section.id,
      title: section.title ?? '',
      ...(section.description ? { description: section.description } : {}),
      questions: (section.questions ?? []).map((q) => {
        const showIf = toGroup(q.showIf);
        return {
          id: q.id,
          type: q.type,
          title: q.title,
          required: q.required ?? false,
          ...(q.description ? { description: q.description } : {}),
          ...(CHOICES.includes(q.type) ? { options: q.options ?? [] } : {}),
          ...(q.type === 'matrix' ? { rows: q.rows ?? [] } : {}),
          ...(typeof q.min === 'number' ? { min: q.min } : {}),
          ...(typeof q.max === 'number' ? { max: q.max } : {}),
          ...(q.type === 'scale' && q.minLabel ? { minLabel: q.minLabel } : {}),
          ...(q.type === 'scale' && q.maxLabel ? { maxLabel: q.maxLabel } : {}),
          ...(showIf ? { showIf } : {}),
        };
      }),
      skip: (section.skip ?? []).flatMap((rule) => {
        const when = toGroup(rule);
        return when && rule.to ? [{ when, to: rule.to }] : [];
      }),
    })),
  };
}

function sectionsOf(definition: SurveyDefinition): SectionValues[] {
  return definition.sections.map((section) => ({
    id: section.id,
    title: section.title,
    description: section.description,
    questions: section.questions.map((q) => ({
      ...q,
      min: q.min ?? null,
      max: q.max ?? null,
      showIf: fromGroup(q.showIf),
    })),
    skip: section.skip.map((rule) => ({ ...fromGroup(rule.when), to: rule.to })),
  }));
}

const blankQuestion = (n: number): QuestionValues => ({
  id: `q${n}`,
  type: 'single',
  title: '',
  required: true,
  options: [
    { value: '1', label: '' },
    { value: '2', label: '' },
  ],
  showIf: { match: 'all', conditions: [] },
});

/** The server's field names as the form's: the questionnaire's and the audience's fields sit at its top. */
const onTheForm = (error: unknown) =>
  error instanceof ApiError
    ? new ApiError({
        ...error.problem,
        errors: error.problem.errors?.map((e) => ({ ...e, field: e.field.replace(/^(definition|audience)\./, '') })),
      })
    : error;

/** Building a survey: its questions, logic, audience, quotas and dates (console). */
export function SurveyEditorPage() {
  const params = useParams();
  const editing = params.id ? Number(params.id) : null;
  const existing = useQuery({
    ...reachApi.query('survey', { params: { id: editing ?? 0 } }),
    enabled: editing !== null,
  });
  if (editing !== null && existing.data === undefined) return <Pending query={existing} />;
  return <SurveyBuilder key={editing ?? 'new'} survey={existing.data ?? null} />;
}

function SurveyBuilder({ survey }: { survey: SurveyView | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const template = survey === null && search.get('template') === 'workforce' ? 'workforce' : undefined;
  const current = useCurrentOrganisation();
  const [form] = Form.useForm<Values>();
  const create = reachApi.useSend('createSurvey');
  const update = reachApi.useSend('updateSurvey');
  const names = new Map((survey?.audience.organisationIds ?? []).map((id, at) => [id, survey!.audienceNames[at]!]));
  const [preview, setPreview] = useState<SurveyDefinition | null>(null);
  const showPreview = () => {
    const parsed = surveyDefinitionSchema.safeParse(definitionOf(form.getFieldValue('sections') as SectionValues[]));
    if (parsed.success) setPreview(parsed.data);
    else {
      message.warning(t('reach.surveys.previewInvalid'));
      void form.validateFields().catch(() => undefined);
    }
  };

  const initial: Partial<Values> = survey
    ? {
        organisationId: survey.organisationId,
        title: survey.title,
        description: survey.description,
        organisationIds: survey.audience.organisationIds,
        employmentForms: survey.audience.employmentForms,
        industries: survey.audience.industries,
        delegatesOnly: survey.audience.delegatesOnly,
        anonymous: survey.anonymous,
        opensAt: survey.opensAt ? dayjs(survey.opensAt) : null,
        closesAt: survey.closesAt ? dayjs(survey.closesAt) : null,
        closeWhenFull: survey.closeWhenFull,
        sections: sectionsOf(survey.definition),
        quotas: survey.quotas.map((q) => ({
          organisationId: q.organisationId,
          industry: q.industry,
          cellQuestion: q.cell?.questionId,
          cellValue: q.cell?.value,
          target: q.target,
        })),
      }
    : {
        ...(current.id ? { organisationId: current.id, organisationIds: [current.id] } : { organisationIds: [] }),
        title: template ? t('reach.surveys.workforceTitle', { year: new Date().getFullYear() }) : '',
        description: '',
        employmentForms: [],
        industries: [],
        delegatesOnly: false,
        anonymous: false,
        closeWhenFull: false,
        sections: [{ id: 's1', title: '', questions: [blankQuestion(1)], skip: [] }],
        quotas: [],
      };

  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const body = {
      title: values.title,
      description: values.description ?? '',
      audience: {
        organisationIds: values.organisationIds ?? [],
        employmentForms: values.employmentForms ?? [],
        industries: values.industries ?? [],
        delegatesOnly: values.delegatesOnly ?? false,
      },
      anonymous: values.anonymous ?? false,
      opensAt: values.opensAt ? values.opensAt.toISOString() : null,
      closesAt: values.closesAt ? values.closesAt.toISOString() : null,
      closeWhenFull: values.closeWhenFull ?? false,
      quotas: (values.quotas ?? []).map((q) => ({
        organisationId: q.organisationId!,
        industry: q.industry ?? null,
        cell: q.cellQuestion && q.cellValue ? { questionId: q.cellQuestion, value: q.cellValue } : null,
        target: q.target!,
      })),
    };
    try {
      if (survey) {
        await update.mutateAsync({
          params: { id: survey.id },
          body: { ...body, definition: definitionOf(values.sections) },
        });
        navigate(`/admin/surveys/${survey.id}`);
      } else {
        const made = await create.mutateAsync({
          body: {
            organisationId: values.organisationId!,
            ...body,
            ...(template ? { template } : { definition: definitionOf(values.sections) }),
          },
        });
        message.success(t('reach.surveys.saved'));
        navigate(template ? `/admin/surveys/${made.id}/edit` : `/admin/surveys/${made.id}`);
      }
    } catch (error) {
      message.error(showServerErrors(form, onTheForm(error)));
    }
  };

  return (
    <Form<Values> form={form} name="survey" layout="vertical" initialValues={initial}>
      <Flex vertical gap={16} style={{ maxWidth: 960 }}>
        <Card title={t('reach.surveys.basics')}>
          {survey ? (
            <Form.Item label={t('reach.surveys.organisation')}>
              <Typography.Text>{survey.organisationName}</Typography.Text>
            </Form.Item>
          ) : (
            <Form.Item
              name="organisationId"
              label={t('reach.surveys.organisation')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <OrganisationPicker aria-label={t('reach.surveys.organisation')} />
            </Form.Item>
          )}
          <Form.Item
            name="title"
            label={t('reach.surveys.titleField')}
            rules={[{ required: true, min: 2, max: 120, message: t('common.required') }]}
          >
            <Input maxLength={120} showCount />
          </Form.Item>
          <Form.Item name="description" label={t('reach.surveys.description')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item
            name="anonymous"
            label={t('reach.surveys.anonymous')}
            valuePropName="checked"
            extra={t('reach.surveys.anonymousHelp')}
          >
            <Switch disabled={template !== undefined} />
          </Form.Item>
          <Flex gap={24} wrap>
            <Form.Item name="opensAt" label={t('reach.surveys.opensAt')} extra={t('reach.surveys.opensHelp')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="closesAt" label={t('reach.surveys.closesAt')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="closeWhenFull" label={t('reach.surveys.closeWhenFull')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Flex>
        </Card>
        <Card title={t('reach.notices.audience')}>
          <AudienceFields names={names} />
        </Card>
        {template ? (
          <Alert type="info" showIcon message={t('reach.surveys.templateNote')} />
        ) : (
          <Questionnaire form={form} />
        )}
        {!template && <Quotas form={form} />}
        <Flex gap={8}>
          <Button type="primary" onClick={() => void save()} loading={create.isPending || update.isPending}>
            {survey ? t('reach.surveys.saveChanges') : t('reach.surveys.saveDraft')}
          </Button>
          {!template && <Button onClick={showPreview}>{t('reach.surveys.preview')}</Button>}
        </Flex>
        <Modal
          open={preview !== null}
          title={t('reach.surveys.preview')}
          footer={null}
          width={440}
          destroyOnHidden
          onCancel={() => setPreview(null)}
        >
          {preview && (
            <SurveyForm
              definition={preview}
              submitLabel={t('reach.surveys.submit')}
              onSubmit={async () => {
                message.info(t('reach.surveys.previewNotSent'));
              }}
            />
          )}
        </Modal>
      </Flex>
    </Form>
  );
}

/** The questions of the form so far, for conditions, piping and cells: id and title. */
function useQuestionList(form: FormInstance<Values>) {
  const sections = Form.useWatch('sections', form) as SectionValues[] | undefined;
  return (sections ?? []).flatMap((s) => (s?.questions ?? []).filter(Boolean));
}

function Questionnaire({ form }: { form: FormInstance<Values> }) {
  const { t } = useTranslation();
  const sections = Form.useWatch('sections', form) as SectionValues[] | undefined;
  return (
    <Form.List name="sections">
      {(fields, { add, remove }) => (
        <Flex vertical gap={16}>
          {fields.map((field, s) => (
            <Card
              key={field.key}
              title={t('reach.surveys.section', { n: s + 1 })}
              extra={
                fields.length > 1 && (
                  <Button danger size="small" onClick={() => remove(field.name)}>
                    {t('reach.surveys.removeSection')}
                  </Button>
                )
              }
            >
              <Flex gap={8} wrap>
                <Form.Item
                  name={[field.name, 'id']}
                  label={t('reach.surveys.sectionId')}
                  rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,31}$/, message: t('reach.surveys.idRule') }]}
                >
                  <Input style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'title']} label={t('reach.surveys.sectionTitle')} style={{ flex: 1 }}>
                  <Input maxLength={200} />
                </Form.Item>
              </Flex>
              <Questions form={form} section={field.name} />
              <SkipRules form={form} section={field.name} sections={sections ?? []} />
            </Card>
          ))}
          <Button
            onClick={() =>
              add({ id: `s${fields.length + 1}`, title: '', questions: [blankQuestion(Date.now() % 1000)], skip: [] })
            }
          >
            {t('reach.surveys.addSection')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

function Questions({ form, section }: { form: FormInstance<Values>; section: number }) {
  const { t } = useTranslation();
  const all = useQuestionList(form);
  return (
    <Form.List name={[section, 'questions']}>
      {(fields, { add, remove, move }) => (
        <Flex vertical gap={12}>
          {fields.map((field, q) => (
            <QuestionEditor
              key={field.key}
              form={form}
              path={['sections', section, 'questions', field.name]}
              name={field.name}
              n={q + 1}
              earlier={all}
              onRemove={fields.length > 1 ? () => remove(field.name) : undefined}
              onUp={q > 0 ? () => move(q, q - 1) : undefined}
            />
          ))}
          <Button type="dashed" onClick={() => add(blankQuestion(all.length + 1))}>
            {t('reach.surveys.addQuestion')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

function QuestionEditor({
  form,
  path,
  name,
  n,
  earlier,
  onRemove,
  onUp,
}: {
  form: FormInstance<Values>;
  path: (string | number)[];
  name: number;
  n: number;
  earlier: QuestionValues[];
  onRemove?: (() => void) | undefined;
  onUp?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const type = Form.useWatch([...path, 'type'], form) as QuestionType | undefined;
  const id = Form.useWatch([...path, 'id'], form) as string | undefined;
  const before = earlier.slice(
    0,
    Math.max(
      0,
      earlier.findIndex((q) => q.id === id),
    ),
  );
  return (
    <Card
      size="small"
      type="inner"
      title={t('reach.surveys.question', { n })}
      extra={
        <Flex gap={4}>
          {onUp && (
            <Button size="small" onClick={onUp}>
              {t('reach.surveys.moveUp')}
            </Button>
          )}
          {onRemove && (
            <Button size="small" danger onClick={onRemove}>
              {t('reach.surveys.removeQuestion')}
            </Button>
          )}
        </Flex>
      }
    >
      <Flex gap={8} wrap>
        <Form.Item
          name={[name, 'id']}
          label={t('reach.surveys.variable')}
          tooltip={t('reach.surveys.variableHelp')}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,31}$/, message: t('reach.surveys.idRule') }]}
        >
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name={[name, 'type']} label={t('reach.surveys.type')}>
          <Select
            style={{ width: 160 }}
            aria-label={t('reach.surveys.type')}
            options={QUESTION_TYPES.map((value) => ({ value, label: t(`reach.surveys.types.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name={[name, 'required']} label={t('reach.surveys.requiredField')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Flex>
      <Form.Item
        name={[name, 'title']}
        label={t('reach.surveys.questionTitle')}
        extra={t('reach.surveys.pipingHelp')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input maxLength={500} />
      </Form.Item>
      {type && CHOICES.includes(type) && (
        <OptionList
          name={[name, 'options']}
          label={type === 'matrix' ? t('reach.surveys.columns') : t('reach.surveys.options')}
        />
      )}
      {type === 'matrix' && <OptionList name={[name, 'rows']} label={t('reach.surveys.rows')} />}
      {type && ['number', 'scale', 'multiple', 'text'].includes(type) && (
        <Flex gap={8} wrap>
          {type !== 'text' && (
            <Form.Item name={[name, 'min']} label={t(`reach.surveys.min.${type}`)}>
              <InputNumber />
            </Form.Item>
          )}
          <Form.Item name={[name, 'max']} label={t(`reach.surveys.max.${type}`)}>
            <InputNumber />
          </Form.Item>
          {type === 'scale' && (
            <>
              <Form.Item name={[name, 'minLabel']} label={t('reach.surveys.minLabel')}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name={[name, 'maxLabel']} label={t('reach.surveys.maxLabel')}>
                <Input maxLength={40} />
              </Form.Item>
            </>
          )}
        </Flex>
      )}
      <ConditionEditor
        name={[name, 'showIf']}
        label={t('reach.surveys.showIf')}
        questions={before}
        form={form}
        path={[...path, 'showIf']}
      />
    </Card>
  );
}

function OptionList({ name, label }: { name: (string | number)[]; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label} required>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <Flex vertical gap={4}>
            {fields.map((field) => (
              <Flex key={field.key} gap={8} align="start">
                <Form.Item
                  name={[field.name, 'value']}
                  style={{ marginBottom: 0 }}
                  rules={[{ required: true, message: t('common.required') }]}
                >
                  <Input
                    style={{ width: 90 }}
                    aria-label={t('reach.surveys.code')}
                    placeholder={t('reach.surveys.code')}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'label']}
                  style={{ marginBottom: 0, flex: 1 }}
                  rules={[{ required: true, message: t('common.required') }]}
                >
                  <Input aria-label={t('reach.surveys.optionLabel')} placeholder={t('reach.surveys.optionLabel')} />
                </Form.Item>
                <Button onClick={() => remove(field.name)} aria-label={t('reach.surveys.removeOption')}>
                  −
                </Button>
              </Flex>
            ))}
            <Button type="dashed" onClick={() => add({ value: String(fields.length + 1), label: '' })}>
              {t('reach.surveys.addOption')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}

function ConditionEditor({
  name,
  label,
  questions,
  form,
  path,
}: {
  name: (string | number)[];
  label: string;
  questions: QuestionValues[];
  form: FormInstance<Values>;
  path: (string | number)[];
}) {
  const { t } = useTranslation();
  const group = Form.useWatch(path, form) as GroupValues | undefined;
  return (
    <Form.Item label={label} extra={t('reach.surveys.conditionHelp')}>
      <Flex vertical gap={4}>
        <Form.Item name={[...name, 'match']} noStyle initialValue="all">
          <Select
            style={{ width: 200 }}
            aria-label={t('reach.surveys.match')}
            options={[
              { value: 'all', label: t('reach.surveys.matchAll') },
              { value: 'any', label: t('reach.surveys.matchAny') },
            ]}
          />
        </Form.Item>
        <Form.List name={[...name, 'conditions']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => {
                const op = group?.conditions?.[i]?.op;
                const on = questions.find((q) => q.id === group?.conditions?.[i]?.questionId);
                return (
                  <Flex key={field.key} gap={8} wrap align="center">
                    <Form.Item
                      name={[field.name, 'questionId']}
                      style={{ marginBottom: 0 }}
                      rules={[{ required: true }]}
                    >
                      <Select
                        style={{ width: 200 }}
                        aria-label={t('reach.surveys.conditionQuestion')}
                        placeholder={t('reach.surveys.conditionQuestion')}
                        options={questions.map((q) => ({ value: q.id, label: `${q.id} ${q.title ?? ''}` }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'op']}
                      style={{ marginBottom: 0 }}
                      rules={[{ required: true }]}
                      initialValue="eq"
                    >
                      <Select
                        style={{ width: 130 }}
                        aria-label={t('reach.surveys.conditionOp')}
                        options={CONDITION_OPS.map((value) => ({ value, label: t(`reach.surveys.ops.${value}`) }))}
                      />
                    </Form.Item>
                    {op && !NO_VALUE.has(op) && (
                      <Form.Item name={[field.name, 'value']} style={{ marginBottom: 0 }} rules={[{ required: true }]}>
                        {on?.options?.length ? (
                          <Select
                            style={{ minWidth: 160 }}
                            mode={MANY_VALUES.has(op) ? 'multiple' : undefined}
                            aria-label={t('reach.surveys.conditionValue')}
                            options={on.options.map((o) => ({ value: o.value, label: o.label || o.value }))}
                          />
                        ) : (
                          <Input style={{ width: 140 }} aria-label={t('reach.surveys.conditionValue')} />
                        )}
                      </Form.Item>
                    )}
                    <Button onClick={() => remove(field.name)} aria-label={t('reach.surveys.removeCondition')}>
                      −
                    </Button>
                  </Flex>
                );
              })}
              <Button type="dashed" disabled={questions.length === 0} onClick={() => add({ op: 'eq' })}>
                {t('reach.surveys.addCondition')}
              </Button>
            </>
          )}
        </Form.List>
      </Flex>
    </Form.Item>
  );
}

function SkipRules({
  form,
  section,
  sections,
}: {
  form: FormInstance<Values>;
  section: number;
  sections: SectionValues[];
}) {
  const { t } = useTranslation();
  const upTo = sections.slice(0, section + 1).flatMap((s) => (s?.questions ?? []).filter(Boolean));
  const later = sections.slice(section + 1).filter(Boolean);
  return (
    <Form.List name={[section, 'skip']}>
      {(fields, { add, remove }) => (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          {fields.map((field) => (
            <Card
              key={field.key}
              size="small"
              type="inner"
              title={t('reach.surveys.skipRule')}
              extra={
                <Button size="small" danger onClick={() => remove(field.name)}>
                  {t('reach.surveys.removeRule')}
                </Button>
              }
            >
              <ConditionEditor
                name={[field.name]}
                label={t('reach.surveys.when')}
                questions={upTo}
                form={form}
                path={['sections', section, 'skip', field.name]}
              />
              <Form.Item name={[field.name, 'to']} label={t('reach.surveys.goTo')} rules={[{ required: true }]}>
                <Select
                  style={{ width: 240 }}
                  aria-label={t('reach.surveys.goTo')}
                  options={[
                    ...later.map((s) => ({ value: s.id, label: `${s.id} ${s.title ?? ''}` })),
                    { value: SURVEY_END, label: t('reach.surveys.end') },
                  ]}
                />
              </Form.Item>
            </Card>
          ))}
          <Button type="dashed" onClick={() => add({ match: 'all', conditions: [{ op: 'eq' }] })}>
            {t('reach.surveys.addSkip')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

function Quotas({ form }: { form: FormInstance<Values> }) {
  const { t } = useTranslation();
  const singles = useQuestionList(form).filter((q) => q.type === 'single');
  const quotas = Form.useWatch('quotas', form) as Values['quotas'] | undefined;
  return (
    <Card title={t('reach.surveys.quotas')}>
      <Typography.Paragraph type="secondary">{t('reach.surveys.quotasHelp')}</Typography.Paragraph>
      <Form.List name="quotas">
        {(fields, { add, remove }) => (
          <Flex vertical gap={8}>
            {fields.map((field, i) => {
              const cellQuestion = singles.find((q) => q.id === quotas?.[i]?.cellQuestion);
              return (
                <Flex key={field.key} gap={8} wrap align="center">
                  <Form.Item
                    name={[field.name, 'organisationId']}
                    style={{ marginBottom: 0 }}
                    rules={[{ required: true }]}
                  >
                    <OrganisationPicker aria-label={t('reach.surveys.organisation')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'industry']} style={{ marginBottom: 0 }}>
                    <Select
                      allowClear
                      style={{ width: 180 }}
                      aria-label={t('reach.notices.industries')}
                      placeholder={t('reach.notices.industries')}
                      options={INDUSTRY_SECTIONS.map((code) => ({
                        value: code,
                        label: `${code} ${t(`reach.industries.${code}`)}`,
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'cellQuestion']} style={{ marginBottom: 0 }}>
                    <Select
                      allowClear
                      style={{ width: 160 }}
                      aria-label={t('reach.surveys.cell')}
                      placeholder={t('reach.surveys.cell')}
                      options={singles.map((q) => ({ value: q.id, label: `${q.id} ${q.title ?? ''}` }))}
                    />
                  </Form.Item>
                  {cellQuestion && (
                    <Form.Item
                      name={[field.name, 'cellValue']}
                      style={{ marginBottom: 0 }}
                      rules={[{ required: true }]}
                    >
                      <Select
                        style={{ width: 140 }}
                        aria-label={t('reach.surveys.cellValue')}
                        options={(cellQuestion.options ?? []).map((o) => ({
                          value: o.value,
                          label: o.label || o.value,
                        }))}
                      />
                    </Form.Item>
                  )}
                  <Form.Item name={[field.name, 'target']} style={{ marginBottom: 0 }} rules={[{ required: true }]}>
                    <InputNumber
                      min={1}
                      aria-label={t('reach.surveys.target')}
                      placeholder={t('reach.surveys.target')}
                    />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)} aria-label={t('reach.surveys.removeQuota')}>
                    −
                  </Button>
                </Flex>
              );
            })}
            <Button type="dashed" onClick={() => add({ target: 100 })}>
              {t('reach.surveys.addQuota')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Card>
  );
}
