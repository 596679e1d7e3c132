import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { Alert } from '../ui/lite';
import { useOnline } from '../ui/online';

const SHOWN_FOR = 4000;

/**
 * What the app says about the network, on every screen: a banner while offline (what shows is what
 * was last saved), a note when it is back, and, for a write made offline, that it is queued and
 * will be sent when the network returns (writes wait offline and resume by themselves).
 */
export function NetworkStatus() {
  const { t } = useTranslation();
  const online = useOnline();
  const client = useQueryClient();
  const [notes, setNotes] = useState<{ id: number; text: string }[]>([]);
  const next = useRef(0);
  const wasOnline = useRef(online);
  const say = useRef((text: string) => {
    const id = next.current++;
    setNotes((shown) => [...shown, { id, text }]);
    setTimeout(() => setNotes((shown) => shown.filter((note) => note.id !== id)), SHOWN_FOR);
  });
  useEffect(() => {
    if (online && !wasOnline.current) say.current(t('state.backOnline'));
    wasOnline.current = online;
  }, [online, t]);
  // Writes that waited (queued offline, or kept over a reload): said when they go, or fail.
  const waited = useRef(new Set<number>());
  useEffect(
    () =>
      client.getMutationCache().subscribe((event) => {
        if (event.type !== 'updated') return;
        const id = event.mutation.mutationId;
        if (event.mutation.meta?.queued) waited.current.add(id);
        if (event.action.type === 'pause') {
          waited.current.add(id);
          say.current(t('state.queued'));
        } else if (waited.current.has(id) && event.action.type === 'success') {
          waited.current.delete(id);
          say.current(t('state.queuedSent'));
        } else if (waited.current.has(id) && event.action.type === 'error') {
          waited.current.delete(id);
          // The server's problem is already in the reader's language; anything else is said plainly.
          const error = event.action.error;
          const reason = error instanceof ApiError ? error.message : t('state.errorHintPlain');
          say.current(t('state.queuedFailed', { reason }));
        }
      }),
    [client, t],
  );
  return (
    <>
      {!online && (
        <Alert type="warning" banner role="status">
          {t('state.offlineBanner')}
        </Alert>
      )}
      <div className="gl-toasts" role="status" aria-live="polite">
        {notes.map((note) => (
          <div key={note.id} className="gl-toast">
            {note.text}
          </div>
        ))}
      </div>
    </>
  );
}
