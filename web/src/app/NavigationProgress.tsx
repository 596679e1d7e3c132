import { Progress } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigation } from 'react-router';

/**
 * While the next page is on its way (its module's chunk loads on first visit), a thin bar at the top
 * says so; the page being left stays shown until the next one is ready.
 */
export function NavigationProgress() {
  const { t } = useTranslation();
  const navigation = useNavigation();
  if (navigation.state !== 'loading') return null;
  return (
    <div style={{ position: 'fixed', top: 0, left: 0, right: 0, zIndex: 1100 }}>
      <Progress
        percent={100}
        status="active"
        showInfo={false}
        size={['100%', 3]}
        strokeLinecap="square"
        aria-label={t('common.loading')}
        style={{ margin: 0, lineHeight: 0 }}
      />
    </div>
  );
}
