import Bowser from 'bowser';
import type { TFunction } from 'i18next';

/** A device as a person names it ("Chrome 131 · Android 14 · phone"), from its browser's user agent. */
export function describeDevice(userAgent: string | null, t: TFunction): string {
  if (!userAgent) return t('profile.unknownDevice');
  const parsed = Bowser.parse(userAgent);
  const major = (version: string | undefined) => version?.split('.')[0];
  const browser = [parsed.browser.name, major(parsed.browser.version)].filter(Boolean).join(' ');
  const system = [parsed.os.name, parsed.os.versionName ?? major(parsed.os.version)].filter(Boolean).join(' ');
  const kind = parsed.platform.type ? t(`profile.deviceKinds.${parsed.platform.type}`, { defaultValue: '' }) : '';
  const parts = [browser, system, kind].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : t('profile.unknownDevice');
}
