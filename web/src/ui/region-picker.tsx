import { Cascader } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A province, city or county of the GB/T 2260 division list, with the places under it. */
export interface RegionOption {
  value: string;
  label: string;
  children?: RegionOption[];
}

type DivisionTable = Record<string, Record<string, string>>;

let loading: Promise<RegionOption[]> | null = null;

/**
 * The administrative divisions (GB/T 2260 codes from the National Bureau of Statistics, via
 * `china-area-data`), loaded on first use as a chunk of their own: province → city → county.
 * A city with no counties listed (东莞, 中山) is itself the last level.
 */
export function loadRegions(): Promise<RegionOption[]> {
  loading ??= import('china-area-data/data.json').then(({ default: table }) => {
    const divisions = table as DivisionTable;
    const under = (code: string): RegionOption[] | undefined => {
      const places = divisions[code];
      if (!places) return undefined;
      return Object.entries(places).map(([value, label]) => {
        const children = under(value);
        return children ? { value, label, children } : { value, label };
      });
    };
    return under('86') ?? [];
  });
  return loading;
}

/** The path of codes down to a county code: its province, its city, itself (as the list has them). */
export function regionPath(options: readonly RegionOption[], code: string): string[] {
  for (const option of options) {
    if (option.value === code) return [code];
    const below = option.children ? regionPath(option.children, code) : [];
    if (below.length > 0) return [option.value, ...below];
  }
  return [];
}

/**
 * Picks a county (区县) from the real division list, by tapping down or by typing part of a name;
 * its value is the county's six-digit code.
 */
export function RegionPicker(props: {
  id?: string;
  value?: string;
  onChange?: (code: string | undefined) => void;
  'aria-label'?: string;
}) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<RegionOption[] | null>(null);
  useEffect(() => {
    let live = true;
    void loadRegions().then((loaded) => live && setOptions(loaded));
    return () => {
      live = false;
    };
  }, []);
  return (
    <Cascader
      id={props.id}
      aria-label={props['aria-label']}
      options={options ?? []}
      loading={options === null}
      placeholder={t('common.regionPlaceholder')}
      value={options && props.value ? regionPath(options, props.value) : undefined}
      onChange={(path) => props.onChange?.(path?.at(-1) as string | undefined)}
      showSearch={{ filter: (input, path) => path.some((o) => String(o.label).includes(input.trim())) }}
      style={{ width: '100%' }}
    />
  );
}
