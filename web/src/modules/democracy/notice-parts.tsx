import type { Notice } from '@gonghui/contract';
import { Button, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function Questions({ notice, onAnswer }: { notice: Notice; onAnswer?: (questionId: number) => void }) {
  const { t } = useTranslation();
  if (notice.questions.length === 0)
    return <Typography.Text type="secondary">{t('democracy.notices.noQuestions')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={notice.questions}
      renderItem={(q) => (
        <List.Item
          actions={
            onAnswer && !q.answer
              ? [
                  <Button key="a" size="small" onClick={() => onAnswer(q.id)}>
                    {t('democracy.notices.answer')}
                  </Button>,
                ]
              : []
          }
        >
          <List.Item.Meta title={q.question} description={q.answer ?? <Tag>{t('democracy.notices.unanswered')}</Tag>} />
        </List.Item>
      )}
    />
  );
}
