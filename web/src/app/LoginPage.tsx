import { loginBodySchema, smsLoginBodySchema, smsRequestBodySchema } from '@gonghui/contract';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { Alert, Button, Card, Field, Tabs } from '../ui/lite';
import { checkWith, type FieldErrors, serverErrors } from '../ui/lite/form';
import { problemOf } from '../ui/online';
import { LanguageSwitch } from './LanguageSwitch';
import { useMe } from './session';
import { loginWithPassword, loginWithSms, requestSmsCode } from './session-calls';

type Values = Record<string, string>;

/**
 * Signing in, with a password or an SMS code, and an authenticator code when the account has one.
 * Drawn with the light kit: it is the first screen most people meet, often on a slow phone.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [values, setValues] = useState<Values>({});
  const [needsTotp, setNeedsTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [cooldown, setCooldown] = useState(0);

  useEffect(() => {
    if (cooldown <= 0) return;
    const timer = setTimeout(() => setCooldown(cooldown - 1), 1000);
    return () => clearTimeout(timer);
  }, [cooldown]);

  if (me) return <Navigate to="/" replace />;

  /** The failure of a request said above the form: offline, or the server's word. */
  const sayFailure = (caught: unknown) => {
    if (problemOf(caught) === 'offline') return setError(t('state.offline'));
    const { fields, title } = serverErrors(caught);
    // Field errors on their fields; the rest (a wrong password) above the form.
    setFieldErrors(fields);
    setError(title);
  };

  /** The values a form sends: what was typed, with the authenticator code only once it is asked for. */
  const body = (names: readonly string[]) =>
    Object.fromEntries([...names, ...(needsTotp ? ['totp'] : [])].map((name) => [name, values[name] ?? '']));

  const attempt = async (
    event: FormEvent,
    schema: typeof loginBodySchema | typeof smsLoginBodySchema,
    names: readonly string[],
    login: (body: never) => Promise<void>,
  ) => {
    event.preventDefault();
    const sent = body(names);
    const wrong = checkWith(schema, sent, Object.keys(sent), t('common.required'));
    setFieldErrors(wrong);
    if (Object.keys(wrong).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await login(sent as never);
      await client.invalidateQueries({ queryKey: ['me'] });
      navigate('/', { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError && caught.problem.code === 'totp_required') setNeedsTotp(true);
      sayFailure(caught);
    } finally {
      setBusy(false);
    }
  };

  const sendCode = async () => {
    const wrong = checkWith(smsRequestBodySchema, { mobile: values.mobile ?? '' }, ['mobile'], t('common.required'));
    setFieldErrors(wrong);
    if (wrong.mobile) return;
    try {
      await requestSmsCode(values.mobile!);
      setCooldown(60);
      setError(null);
    } catch (caught) {
      sayFailure(caught);
    }
  };

  /** A field of the form, its value and its error kept here. */
  const field = (name: string, label: string, input: Omit<Parameters<typeof Field>[0], 'label'> = {}) => (
    <Field
      label={label}
      name={name}
      value={values[name] ?? ''}
      error={fieldErrors[name]}
      onChange={(event) => {
        const value = event.target.value;
        setValues((before) => ({ ...before, [name]: value }));
        setFieldErrors(({ [name]: _fixed, ...rest }) => rest);
      }}
      {...input}
    />
  );

  const totpField =
    needsTotp &&
    field('totp', t('login.totp'), {
      extra: t('login.totpHint'),
      inputMode: 'numeric',
      autoComplete: 'one-time-code',
      maxLength: 6,
    });

  const submit = (
    <Button type="submit" variant="primary" block busy={busy}>
      {t('login.submit')}
    </Button>
  );

  return (
    <div
      style={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        minHeight: '100vh',
        padding: 16,
        boxSizing: 'border-box',
        background: '#f5f5f5',
      }}
    >
      <div style={{ width: '100%', maxWidth: 400 }}>
        <Card>
          <div
            style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, marginBottom: 16 }}
          >
            <div>
              <h1 className="gl-h1" style={{ color: '#c8161e', fontSize: 24 }}>
                {t('app.name')}
              </h1>
              <span className="gl-secondary">{t('app.tagline')}</span>
            </div>
            <LanguageSwitch signedIn={false} />
          </div>
          {error && (
            <div style={{ marginBottom: 16 }}>
              <Alert type="error" role="alert">
                {error}
              </Alert>
            </div>
          )}
          <Tabs
            items={[
              {
                key: 'password',
                label: t('login.passwordTab'),
                children: (
                  <form
                    noValidate
                    onSubmit={(event) => void attempt(event, loginBodySchema, ['login', 'password'], loginWithPassword)}
                  >
                    {field('login', t('login.login'), { autoComplete: 'username' })}
                    {field('password', t('login.password'), { type: 'password', autoComplete: 'current-password' })}
                    {totpField}
                    {submit}
                  </form>
                ),
              },
              {
                key: 'sms',
                label: t('login.smsTab'),
                children: (
                  <form
                    noValidate
                    onSubmit={(event) => void attempt(event, smsLoginBodySchema, ['mobile', 'code'], loginWithSms)}
                  >
                    {field('mobile', t('login.mobile'), { inputMode: 'tel', autoComplete: 'tel', maxLength: 14 })}
                    {field('code', t('login.code'), {
                      inputMode: 'numeric',
                      autoComplete: 'one-time-code',
                      maxLength: 6,
                      extra: cooldown > 0 ? t('login.codeSent') : undefined,
                      addon: (
                        <Button onClick={() => void sendCode()} disabled={cooldown > 0}>
                          {cooldown > 0 ? t('login.resendIn', { seconds: cooldown }) : t('login.sendCode')}
                        </Button>
                      ),
                    })}
                    {totpField}
                    {submit}
                  </form>
                ),
              },
            ]}
          />
          <p className="gl-secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
            {t('login.demoHint')}
          </p>
        </Card>
      </div>
    </div>
  );
}
