import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { usePrefersReducedMotion } from '../ui/reduced-motion';
import { TOUCH_THEME } from '../ui/touch';
import { useLargeText } from './useLargeText';

/**
 * The frame of every page drawn with antd (the console, and the member and public pages beyond the
 * first screens): its theme, its locale and its message API. It is a route of its own, loaded with
 * the first such page, so the sign-in page, the member home and the card never load antd.
 */
function Themed({ touch }: { touch: boolean }) {
  const { i18n } = useTranslation();
  const [largeText] = useLargeText();
  const reducedMotion = usePrefersReducedMotion();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCNLocale}
      theme={{
        // Secondary text and the error red darkened from antd's defaults to reach WCAG AA contrast
        // (the light kit, ui/lite/lite.css, uses the same colours).
        token: {
          colorPrimary: '#c8161e',
          colorError: '#c41d1d',
          colorLink: '#0958d9',
          colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
          colorTextDescription: 'rgba(0, 0, 0, 0.62)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
          fontSize: largeText ? 18 : 14,
          borderRadius: 6,
          motion: !reducedMotion,
          // Phone screens: controls sized for a finger (ui/touch.tsx).
          ...(touch ? TOUCH_THEME.token : {}),
        },
        ...(touch ? { components: TOUCH_THEME.components } : {}),
      }}
    >
      <AntApp>
        <Outlet />
      </AntApp>
    </ConfigProvider>
  );
}

/** The console's frame. */
export const ConsoleFrame = () => <Themed touch={false} />;
/** The frame of phone screens (member and public pages): every control 44 px. */
export const TouchFrame = () => <Themed touch />;
