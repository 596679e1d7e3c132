import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';

export const PAGE_SIZE = 20;

/** Server-side pagination for a table: the page the query asked for and the total it reported. */
export function serverPagination(
  t: TFunction,
  page: number,
  total: number | undefined,
  onChange: (page: number) => void,
): TablePaginationConfig {
  return {
    current: page,
    pageSize: PAGE_SIZE,
    total: total ?? 0,
    onChange,
    showTotal: (count) => t('common.total', { count }),
  };
}
