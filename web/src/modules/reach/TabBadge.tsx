import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../ui/lite';
import { inboxApi } from './inbox-api';

/** The unread count on the member app's home tab: messages and notices not yet read (light kit). */
export function TabBadge() {
  const { t } = useTranslation();
  // Looked at again each minute and whenever a read or a new page makes it stale.
  const unread = useQuery({ ...inboxApi.query('unreadCount'), refetchInterval: 60_000 });
  const count = unread.data?.unread ?? 0;
  return <Badge count={count} label={t('member.home.unread', { count })} />;
}
