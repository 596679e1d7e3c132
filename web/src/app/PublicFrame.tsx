import { Flex, Layout } from 'antd';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { PageHeading } from '../../app/page-title';

export function Frame({ children }: { children: React.ReactNode }) {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Content style={{ maxWidth: 560, width: '100%', margin: '0 auto', padding: 16 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
          <PageHeading />
          <LanguageSwitch signedIn={false} />
        </Flex>
        {children}
      </Layout.Content>
    </Layout>
  );
}
