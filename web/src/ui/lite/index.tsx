import CloseCircleFilled from '@ant-design/icons-svg/es/asn/CloseCircleFilled';
import ExclamationCircleFilled from '@ant-design/icons-svg/es/asn/ExclamationCircleFilled';
import InfoCircleFilled from '@ant-design/icons-svg/es/asn/InfoCircleFilled';
import StopOutlined from '@ant-design/icons-svg/es/asn/StopOutlined';
import WarningFilled from '@ant-design/icons-svg/es/asn/WarningFilled';
import type { UseQueryResult } from '@tanstack/react-query';
import { type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, type LinkProps } from 'react-router';
import { useProblem } from '../online';
import { Icon } from './icon';
import './lite.css';

// The light kit (lite.css says why). Plain elements with their native roles, so a screen reader
// and the browser journeys find the same labels, tabs and buttons as on the console's pages.

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ');

type Variant = 'primary' | 'default' | 'danger';

export function Button({
  variant = 'default',
  block,
  busy,
  className,
  children,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; block?: boolean; busy?: boolean }) {
  return (
    <button
      type="button"
      {...rest}
      aria-busy={busy || undefined}
      disabled={rest.disabled || busy}
      className={classes('gl-button', `gl-button-${variant}`, block && 'gl-block', className)}
    >
      {busy && <i className="gl-button-busy" aria-hidden />}
      {children}
    </button>
  );
}

/** A link that looks like a button (a page to go to, not an action). */
export function ButtonLink({
  variant = 'default',
  block,
  className,
  ...rest
}: LinkProps & { variant?: Variant; block?: boolean }) {
  return <Link {...rest} className={classes('gl-button', `gl-button-${variant}`, block && 'gl-block', className)} />;
}

/**
 * A labelled text field with its hint and its error (the browser's own check or the server's word
 * on the field), the error tied to the input for screen readers.
 */
export function Field({
  label,
  error,
  extra,
  addon,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  error?: string | null;
  extra?: ReactNode;
  addon?: ReactNode;
}) {
  const id = useId();
  const described = [error && `${id}-error`, extra && `${id}-extra`].filter(Boolean).join(' ') || undefined;
  const control = (
    <input
      id={id}
      className="gl-input"
      aria-invalid={error ? true : undefined}
      aria-describedby={described}
      {...input}
    />
  );
  return (
    <div className="gl-field">
      <label htmlFor={id}>{label}</label>
      {addon ? (
        <div className="gl-input-group">
          {control}
          {addon}
        </div>
      ) : (
        control
      )}
      {error && (
        <div id={`${id}-error`} className="gl-field-error" role="alert">
          {error}
        </div>
      )}
      {extra && (
        <div id={`${id}-extra`} className="gl-field-extra">
          {extra}
        </div>
      )}
    </div>
  );
}

const ALERT_ICONS = {
  error: <Icon icon={CloseCircleFilled} />,
  warning: <Icon icon={WarningFilled} />,
  info: <Icon icon={InfoCircleFilled} />,
};
const ALERT_COLOURS = { error: '#c41d1d', warning: '#ad6800', info: '#0958d9' };

export function Alert({
  type,
  children,
  banner,
  role,
}: {
  type: 'error' | 'warning' | 'info';
  children: ReactNode;
  banner?: boolean;
  role?: 'alert' | 'status';
}) {
  return (
    <div className={classes('gl-alert', `gl-alert-${type}`, banner && 'gl-banner')} role={role}>
      <span style={{ color: ALERT_COLOURS[type] }} aria-hidden>
        {ALERT_ICONS[type]}
      </span>
      <div>{children}</div>
    </div>
  );
}

export function Card({
  title,
  extra,
  children,
  headStyle,
  ...rest
}: {
  title?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  headStyle?: React.CSSProperties;
  'aria-label'?: string;
  style?: React.CSSProperties;
}) {
  return (
    <section className="gl-card" {...rest}>
      {(title || extra) && (
        <div className="gl-card-head" style={headStyle}>
          <div>{title}</div>
          {extra}
        </div>
      )}
      <div className="gl-card-body">{children}</div>
    </section>
  );
}

/** Tabs with the ARIA tabs pattern: arrow keys move between them, the panel is labelled by its tab. */
export function Tabs({ items }: { items: { key: string; label: string; children: ReactNode }[] }) {
  const [active, setActive] = useState(items[0]?.key);
  const id = useId();
  const move = (from: number, by: number) => {
    const next = items[(from + by + items.length) % items.length]!;
    setActive(next.key);
    document.getElementById(`${id}-tab-${next.key}`)?.focus();
  };
  return (
    <div>
      <div role="tablist" className="gl-tabs">
        {items.map((item, index) => (
          <button
            key={item.key}
            type="button"
            role="tab"
            id={`${id}-tab-${item.key}`}
            aria-selected={item.key === active}
            aria-controls={`${id}-panel-${item.key}`}
            tabIndex={item.key === active ? 0 : -1}
            className="gl-tab"
            onClick={() => setActive(item.key)}
            onKeyDown={(event) => {
              if (event.key === 'ArrowRight') move(index, 1);
              if (event.key === 'ArrowLeft') move(index, -1);
            }}
          >
            {item.label}
          </button>
        ))}
      </div>
      {items
        .filter((item) => item.key === active)
        .map((item) => (
          <div key={item.key} role="tabpanel" id={`${id}-panel-${item.key}`} aria-labelledby={`${id}-tab-${item.key}`}>
            {item.children}
          </div>
        ))}
    </div>
  );
}

/** A choice of a few options side by side: radio buttons in a labelled group. */
export function Segmented<V extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: V;
  options: { label: string; value: V }[];
  onChange: (value: V) => void;
}) {
  const name = useId();
  return (
    <fieldset className="gl-segmented" aria-label={label}>
      {options.map((option) => (
        <label key={option.value} className="gl-segment">
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={option.value === value}
            onChange={() => onChange(option.value)}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

export const Tag = ({ children }: { children: ReactNode }) => <span className="gl-tag">{children}</span>;

/** How many are unread, or nothing when none are. */
export const Badge = ({ count, label }: { count: number; label: string }) =>
  count > 0 ? (
    <span className="gl-badge" role="img" aria-label={label}>
      {count}
    </span>
  ) : null;

export function Skeleton() {
  const { t } = useTranslation();
  return (
    <div className="gl-skeleton" role="status" aria-label={t('common.loading')}>
      <span className="gl-skeleton-line" />
      <span className="gl-skeleton-line" />
      <span className="gl-skeleton-line" />
    </div>
  );
}

export function Spinner({ fullscreen }: { fullscreen?: boolean }) {
  const { t } = useTranslation();
  return (
    <div
      className={classes('gl-spinner', fullscreen && 'gl-spinner-full')}
      role="status"
      aria-label={t('common.loading')}
    >
      <i />
    </div>
  );
}

export const Empty = ({ children }: { children: ReactNode }) => <div className="gl-empty">{children}</div>;

function Result({
  icon,
  colour,
  title,
  text,
  extra,
  state,
}: {
  icon: ReactNode;
  colour: string;
  title: string;
  text: string;
  extra?: ReactNode;
  state: string;
}) {
  return (
    <div className="gl-result" data-state={state} role="status">
      <span className="gl-result-icon" style={{ color: colour }} aria-hidden>
        {icon}
      </span>
      <p className="gl-result-title">{title}</p>
      <p className="gl-secondary" style={{ margin: 0 }}>
        {text}
      </p>
      {extra}
    </div>
  );
}

/** The failure of a read, as the console's QueryProblem says it (the same words, the same states). */
export function Problem({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const { problem, requestId, canRetry } = useProblem(error, retry);
  const retryButton = canRetry && <Button onClick={retry}>{t('state.retry')}</Button>;
  switch (problem) {
    case 'offline':
      return (
        <Result
          state="offline"
          icon={<Icon icon={WarningFilled} />}
          colour="#ad6800"
          title={t('state.offline')}
          text={t('state.offlineHint')}
          extra={retryButton}
        />
      );
    case 'forbidden':
      return (
        <Result
          state="forbidden"
          icon={<Icon icon={StopOutlined} />}
          colour="#c41d1d"
          title={t('state.forbidden')}
          text={t('state.forbiddenHint')}
        />
      );
    case 'notFound':
      return <NotFound />;
    default:
      return (
        <Result
          state="error"
          icon={<Icon icon={CloseCircleFilled} />}
          colour="#c41d1d"
          title={t('state.error')}
          text={requestId ? t('state.errorHint', { requestId }) : t('state.errorHintPlain')}
          extra={retryButton}
        />
      );
  }
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      state="not-found"
      icon={<Icon icon={ExclamationCircleFilled} />}
      colour="rgba(0, 0, 0, 0.45)"
      title="404"
      text={t('common.notFound')}
    />
  );
}

/** What a page shows before its read has data: a skeleton while it loads, the problem if it failed. */
export function Pending({ query }: { query: Pick<UseQueryResult<unknown>, 'error' | 'isError' | 'refetch'> }) {
  return query.isError ? <Problem error={query.error} retry={() => void query.refetch()} /> : <Skeleton />;
}
