import type { TableColumnType } from 'antd';
import { App, Button, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useConfirm } from '../../ui/confirm';

// What a notice's read rate and a survey's fill share: a table of the branches below the
// organisation looked from, gone down and back up, and the branches' waiting people reminded.

/** A branch in such a table. */
interface BranchRow {
  organisationId: number;
  name: string;
  hasChildren: boolean;
  remindedToday: boolean;
}

/**
 * Going down the tree's branches and back up. The organisation looked from is in the URL, so a
 * reload keeps it; the way back up is kept while the page is open.
 */
export function useBranchTrail(onMove?: () => void) {
  const [search, setSearch] = useSearchParams();
  const chosen = search.get('organisationId');
  const node = chosen ? Number(chosen) : undefined;
  const [trail, setTrail] = useState<(number | undefined)[]>([]);
  const goTo = (organisationId: number | undefined) => {
    onMove?.();
    const next = new URLSearchParams(search);
    if (organisationId === undefined) next.delete('organisationId');
    else next.set('organisationId', String(organisationId));
    setSearch(next);
  };
  return {
    node,
    down: (organisationId: number) => {
      setTrail([...trail, node]);
      goTo(organisationId);
    },
    up:
      trail.length > 0
        ? () => {
            setTrail(trail.slice(0, -1));
            goTo(trail.at(-1));
          }
        : undefined,
  };
}

/** The branch's name; a link down to it when it has organisations below and is not the one looked from. */
export function branchColumn<Row extends BranchRow>(
  t: TFunction,
  lookingFrom: number | undefined,
  down: (organisationId: number) => void,
): TableColumnType<Row> {
  return {
    title: t('reach.notices.organisation'),
    key: 'name',
    render: (_, row) =>
      row.hasChildren && row.organisationId !== lookingFrom ? (
        <Button type="link" style={{ padding: 0, height: 'auto' }} onClick={() => down(row.organisationId)}>
          {row.name}
        </Button>
      ) : (
        row.name
      ),
  };
}

/** Reminded today, or a button reminding the branch when someone there still waits. */
export function remindColumn<Row extends BranchRow>(
  t: TFunction,
  label: string,
  waiting: (row: Row) => boolean,
  remind: (organisationIds: number[]) => void,
): TableColumnType<Row> {
  return {
    title: t('common.actions'),
    key: 'remind',
    render: (_, row) =>
      row.remindedToday ? (
        <Tag>{t('reach.notices.remindedToday')}</Tag>
      ) : waiting(row) ? (
        <Button size="small" onClick={() => remind([row.organisationId])}>
          {label}
        </Button>
      ) : null,
  };
}

/**
 * Reminding branches: asked first (how many branches), then sent; says how many people in how many
 * branches were reminded. Answers whether it was sent.
 */
export function useRemindBranches(
  send: (organisationIds: number[]) => Promise<{ reminded: number; organisations: number }>,
  text: { label: string; confirm: (count: number) => string },
) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirm();
  return async (organisationIds: number[]) => {
    const go = await confirm({ title: text.label, content: text.confirm(organisationIds.length), okText: text.label });
    if (!go) return false;
    try {
      message.success(t('reach.notices.reminded', await send(organisationIds)));
      return true;
    } catch (error) {
      message.error((error as Error).message);
      return false;
    }
  };
}
