import { useQuery } from '@tanstack/react-query';
import { rightsApi } from './api';

/** The member's case updates and a way to mark them read (the home's note and the cases page share it). */
export function useCaseNotifications() {
  const list = useQuery(rightsApi.query('listNotifications'));
  const send = rightsApi.useSend('markNotificationsRead');
  const markRead = async () => {
    await send.mutateAsync();
  };
  return { list, markRead };
}
