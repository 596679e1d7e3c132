import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useMatches } from 'react-router';

/** What a route carries for its page: the i18n key of its title. */
export interface PageHandle {
  titleKey: string;
}

const isPageHandle = (handle: unknown): handle is PageHandle =>
  typeof handle === 'object' && handle !== null && typeof (handle as PageHandle).titleKey === 'string';

/** The title of the page shown now, in the reader's language (the deepest route that has one). */
export function usePageTitle(): string | null {
  const { t } = useTranslation();
  const handle = useMatches()
    .map((match) => match.handle)
    .filter(isPageHandle)
    .at(-1);
  return handle ? t(handle.titleKey) : null;
}

/** Keeps the browser tab's title on the page shown: "会员名册 · 智慧工会". */
export function Titled() {
  const { t } = useTranslation();
  const title = usePageTitle();
  useEffect(() => {
    document.title = title ? `${title} · ${t('app.fullName')}` : t('app.fullName');
  }, [title, t]);
  return <Outlet />;
}

/** The page's one top-level heading, as the shells show it. */
export function PageHeading({ color }: { color?: string }) {
  const title = usePageTitle();
  if (!title) return null;
  return (
    <h1 className="gl-h1" style={color ? { color } : undefined}>
      {title}
    </h1>
  );
}
