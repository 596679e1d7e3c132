import { Flex, Layout, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../app/LanguageSwitch';

export function Frame({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Content style={{ maxWidth: 560, width: '100%', margin: '0 auto', padding: 16 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('rights.anonymous.title')}
          </Typography.Title>
          <LanguageSwitch signedIn={false} />
        </Flex>
        {children}
      </Layout.Content>
    </Layout>
  );
}
