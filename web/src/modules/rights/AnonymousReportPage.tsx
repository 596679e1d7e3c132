import type { BodyInput, rightsEndpoints } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PublicFrame as Frame } from '../../app/PublicFrame';
import { selectState } from '../../ui/query-state';
import { rightsApi } from './api';
import { AskForm } from './member-parts';

/** Reporting without an account: nothing about the reporter is kept; a follow-up code is the key. */
export function AnonymousReportPage() {
  const sendFileAnonymousCase = rightsApi.useSend('fileAnonymousCase');
  const { t } = useTranslation();
  const [code, setCode] = useState<string | null>(null);
  const desks = useQuery({ ...rightsApi.query('listDesks') });
  return (
    <Frame>
      {code ? (
        <Card>
          <Alert
            type="warning"
            showIcon
            message={t('rights.anonymous.codeTitle')}
            description={t('rights.anonymous.codeHint')}
          />
          <Typography.Title
            level={2}
            copyable={{ text: code }}
            style={{ textAlign: 'center', margin: '24px 0' }}
            data-testid="follow-up-code"
          >
            {code}
          </Typography.Title>
          <Link to={`/report/follow-up?code=${encodeURIComponent(code)}`}>
            <Button block>{t('rights.anonymous.followUp')}</Button>
          </Link>
        </Card>
      ) : (
        <Card>
          <Typography.Paragraph type="secondary">{t('rights.anonymous.intro')}</Typography.Paragraph>
          <AskForm
            deskField={
              <Form.Item name="organisationId" label={t('rights.fields.desk')} rules={[{ required: true }]}>
                <Select
                  {...selectState(desks)}
                  options={(desks.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
                />
              </Form.Item>
            }
            onSubmit={async (body) => {
              const receipt = await sendFileAnonymousCase.mutateAsync({
                body: body as BodyInput<typeof rightsEndpoints.fileAnonymousCase>,
              });
              setCode(receipt.followUpCode);
            }}
          />
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Link to="/report/follow-up">{t('rights.anonymous.followUp')}</Link>
          </Flex>
        </Card>
      )}
    </Frame>
  );
}
