import { type Locale, translate } from '@gonghui/contract';
import { useTranslation } from 'react-i18next';

/** A message's text in the reader's language: `message.<kind>` filled from its params. */
export function useMessageText() {
  const { i18n } = useTranslation();
  return (message: { kind: string; params: Record<string, string | number> }) =>
    translate(i18n.language as Locale, `message.${message.kind}`, message.params);
}
