import type { BodyInput, rightsEndpoints } from '@gonghui/contract';
import { App, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { rightsApi } from './api';
import { AskForm } from './member-parts';

export function AskPage() {
  const sendFileCase = rightsApi.useSend('fileCase');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('rights.ask.intro')}</Typography.Paragraph>
      <AskForm
        onSubmit={async (body) => {
          const filed = await sendFileCase.mutateAsync({
            body: body as BodyInput<typeof rightsEndpoints.fileCase>,
          });
          message.success(t('rights.ask.submitted'));
          navigate(`/app/help/${filed.id}`);
        }}
      />
      <Link to="/report">{t('rights.ask.anonymousLink')}</Link>
    </Card>
  );
}
