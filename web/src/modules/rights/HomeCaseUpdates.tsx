import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Problem } from '../../ui/lite';
import { useCaseNotifications } from './notifications';

/** The member home's word on their requests for help: how many updates they have not read (light kit). */
export function HomeCaseUpdates() {
  const { t } = useTranslation();
  const { list } = useCaseNotifications();
  if (list.isError) return <Problem error={list.error} retry={() => void list.refetch()} />;
  const unread = (list.data?.items ?? []).filter((n) => !n.readAt).length;
  if (unread === 0) return null;
  return (
    <Alert type="info">
      <Link to="/app/help" data-testid="case-updates">
        {t('member.home.caseUpdates', { count: unread })}
      </Link>
    </Alert>
  );
}
