import { useQuery } from '@tanstack/react-query';
import { Card, Col, Flex, Progress, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { INFO_TAG_COLOR } from '../../ui/colors';
import { Pending } from '../../ui/query-state';
import { democracyApi } from './api';
import { QuorumTag } from './congress-parts';
import { ResultView } from './vote-parts';

/** The hall screen: large type, refreshed every two seconds; no names, only counts and results. */
export function ScreenPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const screen = useQuery({
    ...democracyApi.query('sessionScreen', { params: { id } }),
    refetchInterval: 2000,
  });
  const s = screen.data;
  if (!s) return <Pending query={screen} />;
  const latest = [...s.votes].reverse().find((v) => v.status === 'open' || v.status === 'closed');
  return (
    <div style={{ minHeight: '100vh', padding: 32, background: '#8c0d12', color: '#fff' }}>
      <Typography.Title style={{ color: '#fff', textAlign: 'center' }}>{s.title}</Typography.Title>
      <Row gutter={24}>
        <Col span={8}>
          <Card>
            <Typography.Text type="secondary">{t('democracy.screen.present')}</Typography.Text>
            <div style={{ fontSize: 72, fontWeight: 700, lineHeight: 1.1 }} data-testid="present">
              {s.checkedIn}
            </div>
            <Flex gap={8} align="center">
              {t('democracy.screen.of', { count: s.delegates })}
              <QuorumTag session={{ quorumMet: s.quorumMet } as never} />
            </Flex>
          </Card>
        </Col>
        <Col span={16}>
          <Card>
            <Typography.Text type="secondary">{t('democracy.screen.currentItem')}</Typography.Text>
            <Typography.Title level={2} style={{ marginTop: 8 }}>
              {s.currentItem ?? '—'}
            </Typography.Title>
          </Card>
        </Col>
      </Row>
      {latest && (
        <Card style={{ marginTop: 24 }} title={<span style={{ fontSize: 28 }}>{latest.title}</span>}>
          {latest.status === 'open' && (
            <>
              <Tag color={INFO_TAG_COLOR}>{t('democracy.screen.turnout')}</Tag>
              <div style={{ fontSize: 48 }}>
                {latest.votedCount} / {latest.electorateCount}
              </div>
              <Progress
                percent={latest.electorateCount ? Math.round((latest.votedCount * 100) / latest.electorateCount) : 0}
                size={['100%', 24]}
              />
            </>
          )}
          {latest.result && <ResultView result={latest.result} large />}
        </Card>
      )}
    </div>
  );
}
