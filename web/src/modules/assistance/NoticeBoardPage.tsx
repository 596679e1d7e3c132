import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Form, Input, List, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showServerErrors } from '../../ui/forms';
import { listState } from '../../ui/query-state';
import { assistanceApi } from './api';
import { useMoney } from './shared';

/** The public notice of the member's city: masked names, units and amounts, and objections. */
export function NoticeBoardPage() {
  const sendFileObjection = assistanceApi.useSend('fileObjection');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const money = useMoney();
  const [objecting, setObjecting] = useState<number | null>(null);
  const [form] = Form.useForm();
  const board = useQuery({
    ...assistanceApi.query('myNotices'),
  });
  return (
    <Card
      title={
        board.data
          ? t('assistance.member.noticeBoard', { name: board.data.organisationName })
          : t('assistance.member.notices')
      }
    >
      <List
        {...listState(board, <Empty description={t('assistance.member.noNotices')} />)}
        dataSource={board.data?.items ?? []}
        renderItem={(item) => (
          <List.Item key={item.applicationId}>
            <Flex vertical style={{ width: '100%' }} gap={4}>
              <Flex justify="space-between" wrap gap={8}>
                <span>
                  {item.name} · {item.unit}
                </span>
                <Typography.Text strong>{money(item.amountFen)}</Typography.Text>
              </Flex>
              <Typography.Text type="secondary">
                {item.programmeName} · {item.startsOn} – {item.endsOn}
              </Typography.Text>
              {item.open &&
                (objecting === item.applicationId ? (
                  <Form
                    form={form}
                    layout="vertical"
                    name={`objection-${item.applicationId}`}
                    onFinish={async (values: { text: string }) => {
                      try {
                        await sendFileObjection.mutateAsync({
                          params: { id: item.applicationId },
                          body: values,
                        });
                        message.success(t('assistance.member.objectionSent'));
                        setObjecting(null);
                        form.resetFields();
                      } catch (error) {
                        message.error(showServerErrors(form, error));
                      }
                    }}
                  >
                    <Form.Item name="text" label={t('assistance.member.object')} rules={[{ required: true, min: 5 }]}>
                      <Input.TextArea rows={3} placeholder={t('assistance.member.objectionPlaceholder')} />
                    </Form.Item>
                    <Button htmlType="submit" type="primary" size="small">
                      {t('common.confirm')}
                    </Button>
                  </Form>
                ) : (
                  <Button
                    size="small"
                    onClick={() => setObjecting(item.applicationId)}
                    style={{ alignSelf: 'flex-start' }}
                  >
                    {t('assistance.member.object')}
                  </Button>
                ))}
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}
