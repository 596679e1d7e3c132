import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useProblem } from './online';

// Honest states: what a read shows while it loads, when it failed, when it was refused and when
// the device is offline, each distinct from "nothing yet". A failed read never reaches the code
// that renders its data, so it can never show as an empty list or as "you have not applied".

export { type Problem, problemOf, useOnline } from './online';

/** The failure of a read, said plainly, with a way to try again where trying again can help. */
export function QueryProblem({ error, retry, compact }: { error: unknown; retry?: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const { problem, requestId, canRetry } = useProblem(error, retry);
  const retryButton = canRetry && <Button onClick={retry}>{t('state.retry')}</Button>;
  const size = compact ? { style: { padding: 16 } } : {};
  switch (problem) {
    case 'offline':
      return (
        <Result
          {...size}
          status="warning"
          title={t('state.offline')}
          subTitle={t('state.offlineHint')}
          extra={retryButton}
          data-state="offline"
        />
      );
    case 'forbidden':
      return (
        <Result
          {...size}
          status="403"
          title={t('state.forbidden')}
          subTitle={t('state.forbiddenHint')}
          data-state="forbidden"
        />
      );
    case 'notFound':
      return <NotFoundState />;
    default:
      return (
        <Result
          {...size}
          status="error"
          title={t('state.error')}
          subTitle={requestId ? t('state.errorHint', { requestId }) : t('state.errorHintPlain')}
          extra={retryButton}
          data-state="error"
        />
      );
  }
}

/**
 * Renders a read's data once it has it; until then a skeleton, and on failure the problem. Data
 * kept from an earlier success (a refetch that failed offline) is still shown: it is true, only
 * perhaps not the newest, and the offline banner says so.
 */
export function QueryState<T>({
  query,
  children,
  loading,
}: {
  query: Pick<UseQueryResult<T>, 'data' | 'error' | 'isPending' | 'isError' | 'refetch'>;
  children: (data: T) => ReactNode;
  loading?: ReactNode;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.isError) return <QueryProblem error={query.error} retry={() => void query.refetch()} />;
  return <>{loading ?? <Skeleton active />}</>;
}

/**
 * A table's loading flag and its empty text: the problem when the read failed, so a failed read
 * is never shown as "no data"; otherwise `empty` (antd's own "no data" when not given).
 */
export function tableState(
  query: Pick<UseQueryResult<unknown>, 'error' | 'isError' | 'isFetching' | 'refetch'>,
  empty?: ReactNode,
) {
  const emptyText = query.isError ? (
    <QueryProblem error={query.error} retry={() => void query.refetch()} compact />
  ) : (
    empty
  );
  return { loading: query.isFetching, ...(emptyText === undefined ? {} : { locale: { emptyText } }) };
}

/** A select's options read: loading while it loads, and the problem in place of "no options" on failure. */
export function selectState(query: Pick<UseQueryResult<unknown>, 'error' | 'isError' | 'isFetching' | 'refetch'>) {
  return {
    loading: query.isFetching,
    ...(query.isError
      ? {
          status: 'error' as const,
          notFoundContent: <QueryProblem error={query.error} retry={() => void query.refetch()} compact />,
        }
      : {}),
  };
}

/** A list's loading flag and empty text, as for a table. */
export const listState = tableState;

/** What a page shows before its read has data: a skeleton while it loads, the problem if it failed. */
export function Pending({ query }: { query: Pick<UseQueryResult<unknown>, 'error' | 'isError' | 'refetch'> }) {
  return query.isError ? <QueryProblem error={query.error} retry={() => void query.refetch()} /> : <Skeleton active />;
}

/** What a page shows for something that does not exist, or that is outside the reader's scope. */
export function NotFoundState() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('common.notFound')} data-state="not-found" />;
}
