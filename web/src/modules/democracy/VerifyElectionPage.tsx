import { type Locale, translate } from '@gonghui/contract';
import { Alert, Card, Descriptions, List, Progress, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PublicFrame } from '../../app/PublicFrame';
import type { VerifyMessage } from './verify.worker';

type State =
  | { step: 'idle' }
  | { step: 'reading'; done: number; of: number }
  | { step: 'unreadable' }
  | { step: 'done'; result: Extract<VerifyMessage, { kind: 'verdict' }> };

/**
 * Anyone can check a secret vote here, from its bulletin board alone: the page recomputes every
 * proof, the tally and the totals in the reader's own browser (a worker), as
 * `gonghui verify-election` does on the command line. Nothing is sent anywhere.
 */
export function VerifyElectionPage() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<State>({ step: 'idle' });
  const worker = useRef<Worker | null>(null);
  useEffect(() => () => worker.current?.terminate(), []);
  const locale = i18n.language as Locale;

  const verify = async (file: File) => {
    worker.current?.terminate();
    setState({ step: 'reading', done: 0, of: 0 });
    const text = await file.text();
    const started = new Worker(new URL('./verify.worker.ts', import.meta.url), { type: 'module' });
    worker.current = started;
    started.onmessage = (event: MessageEvent<VerifyMessage>) => {
      const message = event.data;
      if (message.kind === 'progress') setState({ step: 'reading', done: message.done, of: message.of });
      else if (message.kind === 'unreadable') setState({ step: 'unreadable' });
      else setState({ step: 'done', result: message });
    };
    started.postMessage(text);
  };

  return (
    <PublicFrame>
      <Card>
        <Typography.Paragraph>{t('democracy.verify.intro')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('democracy.verify.private')}</Typography.Paragraph>
        <label>
          <Typography.Text strong>{t('democracy.verify.file')}</Typography.Text>
          <br />
          <input
            type="file"
            accept=".json,application/json"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void verify(file);
            }}
          />
        </label>
      </Card>
      {state.step === 'reading' && (
        <Card style={{ marginTop: 16 }}>
          <Typography.Text>{t('democracy.verify.checking', { done: state.done, of: state.of })}</Typography.Text>
          <Progress percent={state.of ? Math.floor((state.done / state.of) * 100) : 0} />
        </Card>
      )}
      {state.step === 'unreadable' && (
        <Alert style={{ marginTop: 16 }} type="error" showIcon message={t('democracy.verify.unreadable')} />
      )}
      {state.step === 'done' && (
        <Card style={{ marginTop: 16 }}>
          <Alert
            type={state.result.verdict.ok ? 'success' : 'error'}
            showIcon
            message={t(state.result.verdict.ok ? 'democracy.verify.verified' : 'democracy.verify.failed')}
          />
          <List
            size="small"
            dataSource={state.result.verdict.checks}
            renderItem={(check) => (
              <List.Item>
                <Typography.Text type={check.ok ? 'success' : 'danger'}>
                  {check.ok ? '✓' : '✗'} {translate(locale, `ballots.check.${check.check}`)}
                </Typography.Text>
                {!check.ok && (
                  <Typography.Text type="danger">
                    {translate(locale, `ballots.failure.${check.reason}`, check.params)}
                  </Typography.Text>
                )}
              </List.Item>
            )}
          />
          {state.result.about && state.result.verdict.totals && (
            <Descriptions
              column={1}
              size="small"
              title={t('democracy.verify.totals', {
                title: state.result.about.title,
                ballots: state.result.about.ballots,
              })}
              items={[
                ...state.result.about.options,
                ...(state.result.about.kind === 'election' ? [t('democracy.verify.blank')] : []),
              ].map((label, at) => ({ key: String(at), label, children: state.result.verdict.totals![at] }))}
            />
          )}
        </Card>
      )}
    </PublicFrame>
  );
}
