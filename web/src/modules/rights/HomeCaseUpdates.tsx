import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryProblem } from '../../ui/query-state';
import { useCaseNotifications } from './shared';

/** The member home's word on their requests for help: how many updates they have not read. */
export function HomeCaseUpdates() {
  const { t } = useTranslation();
  const { list } = useCaseNotifications();
  if (list.isError) return <QueryProblem error={list.error} retry={() => void list.refetch()} compact />;
  const unread = (list.data?.items ?? []).filter((n) => !n.readAt).length;
  if (unread === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      title={
        <Link to="/app/help" data-testid="case-updates">
          {t('member.home.caseUpdates', { count: unread })}
        </Link>
      }
    />
  );
}
