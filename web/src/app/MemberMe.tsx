import { Button, Card, Flex, Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { WEB_MODULES } from '../modules';
import { useLogout } from './session';

// What modules show on this tab (the accounts module's settings), each loaded when the tab opens.
const MEMBER_ME_SLOTS = WEB_MODULES.flatMap((module) =>
  module.slots?.memberMe
    ? [{ name: module.name, Slot: lazy(async () => ({ default: await module.slots!.memberMe!() })) }]
    : [],
);

export function MemberMe() {
  const { t } = useTranslation();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Flex vertical gap={8}>
          <Link to="/app/membership">{t('membership.mine.title')}</Link>
          <Link to="/app/me/data">{t('membership.myData.title')}</Link>
        </Flex>
      </Card>
      <Suspense fallback={<Skeleton active />}>
        {MEMBER_ME_SLOTS.map(({ name, Slot }) => (
          <Slot key={name} />
        ))}
      </Suspense>
      <Button block danger style={{ marginTop: 16 }} onClick={() => void logout().then(() => navigate('/login'))}>
        {t('common.logout')}
      </Button>
    </>
  );
}
