import { Flex, Layout } from 'antd';
import { LanguageSwitch } from './LanguageSwitch';
import { PageHeading } from './page-title';

/** A signed-out page of its own (the anonymous report, the election verifier): its heading and the language. */
export function PublicFrame({ children }: { children: React.ReactNode }) {
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
