import { authEndpoints, type Locale } from '@gonghui/contract';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { setLocale } from '../i18n';
import { Segmented } from '../ui/lite';

/** 简体中文 / English; remembered on the device and, when signed in, in the profile. */
export function LanguageSwitch({ signedIn }: { signedIn: boolean }) {
  const { i18n, t } = useTranslation();
  const change = (locale: Locale) => {
    void setLocale(locale);
    if (signedIn) void call(authEndpoints.updateMe, { body: { locale } }).catch(() => undefined);
  };
  return (
    <Segmented<Locale>
      label={t('common.language')}
      value={i18n.language as Locale}
      onChange={change}
      options={[
        // Each language named in itself, the same in both catalogues.
        { label: t('common.languageNames.zhCN'), value: 'zh-CN' },
        { label: t('common.languageNames.en'), value: 'en' },
      ]}
    />
  );
}
