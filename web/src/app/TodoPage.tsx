import { authEndpoints, TODO_KINDS, type TodoKind } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Empty, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../api/client';
import { QueryState } from '../ui/query-state';
import { useCurrentOrganisation } from './current-organisation';

/** The console's link to where a kind of work is done, keeping the organisation looked at. */
export function todoHref(kind: TodoKind, organisationId: number | null) {
  const [pathname, search = ''] = TODO_KINDS[kind].page.split('?');
  const params = new URLSearchParams(search);
  if (organisationId !== null) params.set('org', String(organisationId));
  const query = params.toString();
  return `/admin/${pathname}${query ? `?${query}` : ''}`;
}

/** What waits for the signed-in cadre, with counts: where a cadre lands when they sign in. */
export function TodoPage() {
  const { t } = useTranslation();
  const { id: organisationId } = useCurrentOrganisation();
  // Read afresh on every visit: any module's write may change a count. (The shell reaches modules
  // only through their manifests, so it calls the endpoint itself, as the session query does.)
  const todo = useQuery({ queryKey: ['todo'], queryFn: () => call(authEndpoints.getTodo) });
  return (
    <>
      <Typography.Paragraph type="secondary">{t('todo.intro')}</Typography.Paragraph>
      <QueryState query={todo}>
        {({ items }) => {
          const waiting = items.filter((item) => item.count > 0);
          return (
            <Card>
              {waiting.length === 0 && <Empty description={t('todo.nothingWaits')} />}
              <List
                dataSource={[...waiting, ...items.filter((item) => item.count === 0)]}
                renderItem={(item) => (
                  <List.Item data-todo={item.kind}>
                    <List.Item.Meta
                      title={
                        <Link to={todoHref(item.kind, organisationId)} style={{ color: 'inherit' }}>
                          {t(`todo.kinds.${item.kind}`)}
                        </Link>
                      }
                    />
                    <Badge
                      count={item.count}
                      showZero
                      overflowCount={9999}
                      color={item.count > 0 ? '#c41d1d' : '#595959'}
                      aria-label={String(item.count)}
                    />
                  </List.Item>
                )}
              />
            </Card>
          );
        }}
      </QueryState>
    </>
  );
}
