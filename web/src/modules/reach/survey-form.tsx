import {
  type Answers,
  type AnswerValue,
  checkAnswers,
  pipeText,
  type SurveyDefinition,
  type SurveyQuestion,
  surveyPath,
} from '@gonghui/contract';
import { Alert, Button, Checkbox, Flex, Input, InputNumber, Progress, Radio, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { RegionPicker } from '../../ui/region-picker';

/** A problem's words: the server's message, or the key of our own check. */
type Problems = Record<string, string>;

const problemKey = (messageKey: string) => `reach.surveys.problems.${messageKey.split('.').at(-1)}`;

/**
 * A questionnaire to answer, one section at a time, with its progress: the same logic as the
 * server's (contract: surveyPath, checkAnswers), so what is shown, skipped and required here is what
 * the server takes. Moving on saves the progress (when `onSave` is given); a refusal from the server
 * lands on its question, on the section that holds it.
 */
export function SurveyForm({
  definition,
  initial,
  onSave,
  onSubmit,
  submitLabel,
  intro,
}: {
  definition: SurveyDefinition;
  initial?: { answers: Answers; section: string | null } | null;
  onSave?: (answers: Answers, section: string | null) => Promise<void>;
  onSubmit: (answers: Answers) => Promise<void>;
  submitLabel: string;
  intro?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Answers>(initial?.answers ?? {});
  const path = useMemo(() => surveyPath(definition, answers), [definition, answers]);
  const [at, setAt] = useState(() =>
    Math.max(
      0,
      path.findIndex((step) => step.section.id === initial?.section),
    ),
  );
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const index = Math.min(at, path.length - 1);
  const step = path[index]!;
  const last = index === path.length - 1;

  const set = (id: string, value: AnswerValue | undefined) => {
    setAnswers((before) => {
      const next = { ...before };
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[id];
      else next[id] = value;
      return next;
    });
    setProblems((before) => {
      const { [id]: _, ...rest } = before;
      return rest;
    });
  };

  /** The problems of some questions, from our own check of all the answers. */
  const problemsOf = (ids: readonly string[]) => {
    const found: Problems = {};
    for (const p of checkAnswers(definition, answers).problems)
      if (ids.includes(p.questionId)) found[p.questionId] ??= t(problemKey(p.messageKey));
    return found;
  };

  const showServer = (error: unknown) => {
    if (!(error instanceof ApiError)) {
      setFailure(String(error));
      return;
    }
    const found: Problems = {};
    for (const e of error.problem.errors ?? []) found[e.field.replace(/^answers\./, '')] = e.message;
    setProblems(found);
    setFailure(error.problem.title);
    const first = path.findIndex((s) => s.questions.some((q) => found[q.id]));
    if (first >= 0) setAt(first);
  };

  const next = async () => {
    const found = problemsOf(step.questions.map((q) => q.id));
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setFailure(null);
    setBusy(true);
    try {
      if (onSave)
        await onSave(checkAnswers(definition, answers, { partial: true }).answers, path[index + 1]!.section.id);
      setAt(index + 1);
      window.scrollTo?.({ top: 0 });
    } catch (error) {
      showServer(error);
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    const all = problemsOf(path.flatMap((s) => s.questions.map((q) => q.id)));
    setProblems(all);
    const first = path.findIndex((s) => s.questions.some((q) => all[q.id]));
    if (first >= 0) {
      setAt(first);
      return;
    }
    setFailure(null);
    setBusy(true);
    try {
      await onSubmit(checkAnswers(definition, answers).answers);
    } catch (error) {
      showServer(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      {intro}
      <div>
        <Typography.Text type="secondary">
          {t('reach.surveys.progress', { at: index + 1, of: path.length })}
        </Typography.Text>
        <Progress
          percent={Math.round((index / path.length) * 100)}
          showInfo={false}
          aria-label={t('reach.surveys.progress', { at: index + 1, of: path.length })}
        />
      </div>
      {step.section.title && (
        <Typography.Title level={2} style={{ margin: 0 }}>
          {step.section.title}
        </Typography.Title>
      )}
      {step.section.description && <Typography.Paragraph>{step.section.description}</Typography.Paragraph>}
      {step.questions.map((question, n) => (
        <QuestionField
          key={question.id}
          number={n + 1}
          question={question}
          title={pipeText(definition, question.title, answers)}
          value={answers[question.id]}
          problem={problems[question.id]}
          onChange={(value) => set(question.id, value)}
        />
      ))}
      {failure && <Alert type="error" showIcon message={failure} />}
      <Flex gap={8}>
        {index > 0 && (
          <Button size="large" onClick={() => setAt(index - 1)} disabled={busy}>
            {t('reach.surveys.back')}
          </Button>
        )}
        {last ? (
          <Button size="large" type="primary" block onClick={() => void submit()} loading={busy}>
            {submitLabel}
          </Button>
        ) : (
          <Button size="large" type="primary" block onClick={() => void next()} loading={busy}>
            {t('reach.surveys.next')}
          </Button>
        )}
      </Flex>
    </Flex>
  );
}

function QuestionField({
  number,
  question,
  title,
  value,
  problem,
  onChange,
}: {
  number: number;
  question: SurveyQuestion;
  title: string;
  value: AnswerValue | undefined;
  problem: string | undefined;
  onChange: (value: AnswerValue | undefined) => void;
}) {
  const { t } = useTranslation();
  const labelId = `q-${question.id}`;
  const errorId = `q-${question.id}-error`;
  const column = { display: 'flex', flexDirection: 'column', gap: 4 } as const;
  const described = problem ? { 'aria-describedby': errorId, 'aria-invalid': true } : {};
  let control: React.ReactNode;
  switch (question.type) {
    case 'single':
      control = (
        <Radio.Group
          aria-labelledby={labelId}
          {...described}
          value={value}
          onChange={(event) => onChange(event.target.value as string)}
          style={column}
        >
          {(question.options ?? []).map((o) => (
            <Radio key={o.value} value={o.value}>
              {o.label}
            </Radio>
          ))}
        </Radio.Group>
      );
      break;
    case 'multiple':
      control = (
        <Checkbox.Group
          aria-labelledby={labelId}
          {...described}
          value={Array.isArray(value) ? value : []}
          onChange={(values) => onChange(values as string[])}
          style={column}
          options={(question.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
        />
      );
      break;
    case 'matrix': {
      const chosen = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<
        string,
        string
      >;
      control = (
        <Flex vertical gap={12}>
          {(question.rows ?? []).map((row) => (
            <fieldset key={row.value} style={{ border: 0, margin: 0, padding: 0 }}>
              <legend style={{ fontSize: 'inherit', fontWeight: 600, margin: 0, border: 0 }}>{row.label}</legend>
              <Radio.Group
                aria-label={`${title}: ${row.label}`}
                value={chosen[row.value]}
                onChange={(event) => onChange({ ...chosen, [row.value]: event.target.value as string })}
                optionType="button"
                style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 }}
                options={(question.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
              />
            </fieldset>
          ))}
        </Flex>
      );
      break;
    }
    case 'scale': {
      const { min = 1, max = 5 } = question;
      control = (
        <div>
          <Radio.Group
            aria-labelledby={labelId}
            {...described}
            value={value}
            onChange={(event) => onChange(event.target.value as number)}
            optionType="button"
            style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
            options={Array.from({ length: max - min + 1 }, (_, i) => ({ value: min + i, label: String(min + i) }))}
          />
          {(question.minLabel || question.maxLabel) && (
            <Flex justify="space-between">
              <Typography.Text type="secondary">{question.minLabel}</Typography.Text>
              <Typography.Text type="secondary">{question.maxLabel}</Typography.Text>
            </Flex>
          )}
        </div>
      );
      break;
    }
    case 'number':
      control = (
        <InputNumber
          aria-labelledby={labelId}
          {...described}
          value={typeof value === 'number' ? value : null}
          min={question.min}
          max={question.max}
          inputMode="decimal"
          style={{ width: '100%' }}
          onChange={(n) => onChange(typeof n === 'number' ? n : undefined)}
        />
      );
      break;
    case 'text':
      control = (
        <Input.TextArea
          aria-labelledby={labelId}
          {...described}
          value={typeof value === 'string' ? value : ''}
          maxLength={question.max ?? 500}
          showCount
          autoSize={{ minRows: 2, maxRows: 6 }}
          onChange={(event) => onChange(event.target.value)}
        />
      );
      break;
    case 'region':
      control = (
        <RegionPicker
          aria-label={title}
          value={typeof value === 'string' ? value : undefined}
          onChange={(code) => onChange(code)}
        />
      );
      break;
    case 'date':
      control = (
        <Input
          type="date"
          aria-labelledby={labelId}
          {...described}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
        />
      );
      break;
  }
  return (
    <section className="gh-survey-question">
      <Typography.Paragraph id={labelId} strong style={{ marginBottom: 4 }}>
        {number}. {title}
        {question.required && <Typography.Text type="danger"> {t('reach.surveys.required')}</Typography.Text>}
        {question.type === 'multiple' && question.max !== undefined && (
          <Typography.Text type="secondary"> {t('reach.surveys.upTo', { count: question.max })}</Typography.Text>
        )}
      </Typography.Paragraph>
      {question.description && <Typography.Paragraph type="secondary">{question.description}</Typography.Paragraph>}
      {control}
      {problem && (
        <Typography.Text type="danger" id={errorId} role="alert">
          {problem}
        </Typography.Text>
      )}
    </section>
  );
}
