import { MESSAGE_CATEGORIES, MESSAGE_CHANNELS, type MessagePreferences } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Radio, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showServerErrors } from '../../ui/forms';
import { Pending } from '../../ui/query-state';
import { reachApi } from './api';

type Channels = MessagePreferences['channels'];
interface Values {
  quiet: boolean;
  // Named as the server names them, so its field errors land on these inputs.
  quietHours: { start: string; end: string };
}

/** How messages reach the member beyond the inbox: channels per category, and quiet hours. */
export function MessageSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const preferences = useQuery(reachApi.query('preferences'));
  const sendSetPreferences = reachApi.useSend('setPreferences');
  const [channels, setChannels] = useState<Channels | null>(null);
  const quiet = Form.useWatch('quiet', form);
  useEffect(() => {
    if (!preferences.data) return;
    setChannels(preferences.data.channels);
    form.setFieldsValue({
      quiet: preferences.data.quietHours !== null,
      quietHours: preferences.data.quietHours ?? { start: '22:00', end: '07:00' },
    });
  }, [preferences.data, form]);
  if (!preferences.data || !channels) return <Pending query={preferences} />;
  return (
    <Card>
      <Form<Values>
        name="message-settings"
        form={form}
        layout="vertical"
        onFinish={async (values) => {
          try {
            await sendSetPreferences.mutateAsync({
              body: { channels, quietHours: values.quiet ? values.quietHours : null },
            });
            message.success(t('reach.settings.saved'));
          } catch (error) {
            message.error(showServerErrors(form, error));
          }
        }}
      >
        <Typography.Paragraph type="secondary">{t('reach.settings.intro')}</Typography.Paragraph>
        {!preferences.data.hasMobile && <Alert type="info" showIcon message={t('reach.settings.noMobile')} />}
        <Table
          rowKey="category"
          size="small"
          pagination={false}
          style={{ margin: '12px 0' }}
          dataSource={MESSAGE_CATEGORIES.map((category) => ({ category }))}
          columns={[
            {
              title: t('reach.settings.category'),
              dataIndex: 'category',
              render: (c: string) => t(`reach.categories.${c}`),
            },
            {
              title: t('reach.settings.inbox'),
              render: () => t('reach.settings.always'),
            },
            ...MESSAGE_CHANNELS.map((channel) => ({
              title: t(`reach.channels.${channel}`),
              // A toggle button, not a switch: a thumb's size on a phone.
              render: (_: unknown, row: { category: (typeof MESSAGE_CATEGORIES)[number] }) => {
                const on = channels[row.category][channel];
                const state = t(on ? 'reach.settings.on' : 'reach.settings.off');
                return (
                  <Button
                    type={on ? 'primary' : 'default'}
                    aria-pressed={on}
                    // The visible word is part of the name, after what it switches.
                    aria-label={`${t(`reach.categories.${row.category}`)} ${t(`reach.channels.${channel}`)} ${state}`}
                    onClick={() =>
                      setChannels({ ...channels, [row.category]: { ...channels[row.category], [channel]: !on } })
                    }
                  >
                    {state}
                  </Button>
                );
              },
            })),
          ]}
        />
        <Form.Item name="quiet" label={t('reach.settings.quietHours')} extra={t('reach.settings.quietHelp')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: false, label: t('reach.settings.off') },
              { value: true, label: t('reach.settings.on') },
            ]}
          />
        </Form.Item>
        {quiet && (
          <Flex gap={12} wrap>
            <Form.Item name={['quietHours', 'start']} label={t('reach.settings.from')} rules={[{ required: true }]}>
              <Input type="time" />
            </Form.Item>
            <Form.Item name={['quietHours', 'end']} label={t('reach.settings.to')} rules={[{ required: true }]}>
              <Input type="time" />
            </Form.Item>
          </Flex>
        )}
        <Button type="primary" htmlType="submit" loading={sendSetPreferences.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
