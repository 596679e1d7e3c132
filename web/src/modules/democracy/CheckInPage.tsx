import { Result, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { democracyApi } from './api';

/** The target of the venue QR code: checks the signed-in delegate in with the code it carries. */
export function CheckInPage() {
  const sendCheckIn = democracyApi.useSend('checkIn');
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    sendCheckIn
      .mutateAsync({
        params: { id: Number(params.get('session')) },
        body: {
          code: params.get('code') ?? '',
        },
      })
      .then(() => setState({ ok: true, text: t('democracy.member.checkInDone') }))
      .catch((error: Error) => setState({ ok: false, text: error.message }));
  }, [params, t, sendCheckIn.mutateAsync]);
  if (!state) return <Spin />;
  return (
    <Result
      status={state.ok ? 'success' : 'error'}
      title={state.text}
      extra={<Link to="/app/congress">{t('democracy.member.title')}</Link>}
    />
  );
}
