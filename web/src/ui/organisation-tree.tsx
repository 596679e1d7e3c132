import { organisationsEndpoints } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useCallback, useState } from 'react';
import { call } from '../api/client';
import { selectState } from './query-state';

export interface OrganisationNode {
  key: number;
  value: number;
  title: string;
  isLeaf: boolean;
  disabled?: boolean;
  children?: OrganisationNode[];
}

// A node opens with at most this many children; beyond it, the page's search and tables take over.
const TREE_CHILDREN_LIMIT = 200;

function attach(nodes: OrganisationNode[], parentId: number, children: OrganisationNode[]): OrganisationNode[] {
  return nodes.map((node) =>
    node.key === parentId
      ? { ...node, children }
      : node.children
        ? { ...node, children: attach(node.children, parentId, children) }
        : node,
  );
}

/**
 * The organisation tree as far as the signed-in cadre may see it: their scope roots first, children
 * loaded when a node is opened. Nothing above the scope is ever requested.
 */
export function useOrganisationTree() {
  const fetchChildren = useCallback(async (parentId?: number) => {
    const page = await call(organisationsEndpoints.listOrganisations, {
      query: { parentId, pageSize: TREE_CHILDREN_LIMIT },
    });
    const nodes: OrganisationNode[] = page.items.map((o) => ({
      key: o.id,
      value: o.id,
      title: o.name,
      isLeaf: o.childCount === 0,
    }));
    if (page.total > page.items.length) {
      nodes.push({
        key: -(parentId ?? 0) - 1,
        value: -(parentId ?? 0) - 1,
        title: `… +${page.total - page.items.length}`,
        isLeaf: true,
        disabled: true,
      });
    }
    return nodes;
  }, []);
  // The roots are a read like any other: a failure is the query's error for the caller to show,
  // never an empty tree.
  const roots = useQuery({ queryKey: ['organisation', 'tree', 'roots'], queryFn: () => fetchChildren() });
  const [opened, setOpened] = useState<OrganisationNode[] | null>(null);
  const nodes = opened ?? roots.data ?? [];
  const loadChildren = useCallback(
    async (parentId: number) => {
      const children = await fetchChildren(parentId);
      setOpened((existing) => attach(existing ?? roots.data ?? [], parentId, children));
    },
    [fetchChildren, roots.data],
  );
  return { nodes, loadChildren, roots };
}

function titleIn(nodes: readonly OrganisationNode[], id: number): string | undefined {
  for (const node of nodes) {
    if (node.value === id) return node.title;
    const below = node.children ? titleIn(node.children, id) : undefined;
    if (below) return below;
  }
  return undefined;
}

/**
 * A tree select of organisations within scope, for switchers and form fields. A value deeper than
 * the opened part of the tree (from the URL, say) shows its name, looked up once.
 */
export function OrganisationPicker(props: {
  value?: number | null;
  onChange?: (id: number) => void;
  'aria-label'?: string;
  style?: React.CSSProperties;
  allowClear?: boolean;
}) {
  const { nodes, loadChildren, roots } = useOrganisationTree();
  const value = props.value ?? null;
  const inTree = value === null ? undefined : titleIn(nodes, value);
  const named = useQuery({
    queryKey: ['organisation', 'name', value],
    queryFn: () => call(organisationsEndpoints.getOrganisation, { params: { id: value! } }),
    enabled: value !== null && nodes.length > 0 && inTree === undefined,
  });
  const label = inTree ?? named.data?.name;
  return (
    <TreeSelect
      aria-label={props['aria-label']}
      style={{ minWidth: 260, ...props.style }}
      treeData={nodes}
      labelInValue
      value={value === null ? undefined : { value, label: label ?? '…' }}
      // The tree could not be read: the field says so, and its list shows the problem.
      {...selectState(roots)}
      // The name look-up failed: the field says so rather than showing a name it does not have.
      {...(named.isError ? { status: 'error' as const } : {})}
      // (Cleared, where allowClear, as before: the form gets undefined.)
      onChange={(selected: { value: number; label?: React.ReactNode } | undefined) =>
        props.onChange?.(selected?.value as number)
      }
      loadData={async (node) => loadChildren(node.value as number)}
      allowClear={props.allowClear}
      showSearch={false}
      popupMatchSelectWidth={false}
    />
  );
}

/**
 * Several organisations within scope (a notice's audience): the same lazily opened tree, with the
 * names of values chosen before (an edited notice's) given by the caller.
 */
export function OrganisationsPicker(props: {
  value?: number[];
  onChange?: (ids: number[]) => void;
  names?: ReadonlyMap<number, string>;
  id?: string;
  'aria-label'?: string;
}) {
  const { nodes, loadChildren, roots } = useOrganisationTree();
  const value = props.value ?? [];
  return (
    <TreeSelect
      id={props.id}
      aria-label={props['aria-label']}
      style={{ width: '100%' }}
      treeData={nodes}
      multiple
      labelInValue
      value={value.map((id) => ({ value: id, label: titleIn(nodes, id) ?? props.names?.get(id) ?? String(id) }))}
      {...selectState(roots)}
      onChange={(selected: { value: number }[] | undefined) => props.onChange?.((selected ?? []).map((s) => s.value))}
      loadData={async (node) => loadChildren(node.value as number)}
      showSearch={false}
      popupMatchSelectWidth={false}
    />
  );
}
