import { useQueryClient } from '@tanstack/react-query';
import { Alert, App } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useOnline } from '../ui/query-state';

/**
 * What the app says about the network, on every screen: a banner while offline (what shows is what
 * was last saved), a note when it is back, and, for a write made offline, that it is queued and
 * will be sent when the network returns (writes wait offline and resume by themselves).
 */
export function NetworkStatus() {
  const { t } = useTranslation();
  const online = useOnline();
  const { message } = App.useApp();
  const client = useQueryClient();
  const wasOnline = useRef(online);
  useEffect(() => {
    if (online && !wasOnline.current) void message.success(t('state.backOnline'));
    wasOnline.current = online;
  }, [online, message, t]);
  useEffect(
    () =>
      client.getMutationCache().subscribe((event) => {
        if (event.type === 'updated' && event.action.type === 'pause') void message.info(t('state.queued'));
      }),
    [client, message, t],
  );
  if (online) return null;
  return (
    <Alert
      role="status"
      type="warning"
      showIcon
      banner
      title={t('state.offlineBanner')}
      style={{ position: 'sticky', top: 0, zIndex: 1000 }}
    />
  );
}
