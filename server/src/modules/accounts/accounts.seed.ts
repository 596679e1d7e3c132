import { computeIdNumberCheckChar } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import type { Demo, DemoAccount } from '../../platform/demo';
import { DEMO_PASSWORD } from './password-policy';
import { createUserAccount } from './users.service';

const idNumber = (first17: string) => first17 + computeIdNumberCheckChar(first17);

/** One account per role, and the members the demo follows. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'admin',
    displayName: '陈建国',
    kind: 'cadre',
    role: 'federation_admin',
    organisation: 'province',
    mobile: '13800138001',
    description: 'Provincial federation administrator',
  },
  {
    username: 'gz.cadre',
    displayName: '李晓华',
    kind: 'cadre',
    role: 'federation_cadre',
    organisation: 'guangzhou',
    mobile: '13800138002',
    description: 'Guangzhou city federation cadre',
  },
  {
    username: 'sz.cadre',
    displayName: '王志强',
    kind: 'cadre',
    role: 'federation_cadre',
    organisation: 'shenzhen',
    mobile: '13800138003',
    description: 'Shenzhen city federation cadre',
  },
  {
    username: 'union.cadre',
    displayName: '张丽',
    kind: 'cadre',
    role: 'grassroots_cadre',
    organisation: 'tianhe-software',
    mobile: '13800138004',
    description: 'Grassroots union cadre (Tianhe Software)',
  },
  {
    username: 'auditor',
    displayName: '赵敏',
    kind: 'cadre',
    role: 'auditor',
    organisation: 'province',
    mobile: '13800138005',
    description: 'Auditor, read-only, whole province',
  },
  {
    username: 'mediator',
    displayName: '刘律师',
    kind: 'cadre',
    role: 'caseworker',
    organisation: 'tianhe',
    mobile: '13800138006',
    description: 'Mediator / lawyer, Tianhe district',
  },
  {
    username: 'station',
    displayName: '黄师傅',
    kind: 'cadre',
    role: 'station_keeper',
    organisation: 'shipai',
    mobile: '13800138007',
    description: 'Service-station keeper, Shipai street',
  },
  {
    username: 'rider',
    displayName: '周小勇',
    kind: 'member',
    role: 'member',
    organisation: 'riders-meituan',
    mobile: '13800138000',
    idNumber: idNumber('44010619950315421'),
    description: 'Member: delivery rider (also SMS login)',
  },
  {
    username: 'worker',
    displayName: '吴芳',
    kind: 'member',
    role: 'member',
    organisation: 'nanshan-electronics',
    mobile: '13800138010',
    idNumber: idNumber('44030519880722352'),
    description: 'Member: factory worker (congress delegate)',
  },
  {
    username: 'rep.sun',
    displayName: '孙伟',
    kind: 'member',
    role: 'member',
    organisation: 'nanshan-electronics',
    mobile: '13800138011',
    idNumber: idNumber('44030519900101123'),
    description: 'Member: production-line worker, congress delegate',
  },
  {
    username: 'rep.zheng',
    displayName: '郑洁',
    kind: 'member',
    role: 'member',
    organisation: 'nanshan-electronics',
    mobile: '13800138012',
    idNumber: idNumber('44030519920505234'),
    description: 'Member: engineer, congress delegate',
  },
];

/** The demo's accounts, all with the one demo password: the accounts module's part of the demo. */
export async function seedAccountsDemo(tx: Executor, demo: Demo) {
  for (const account of DEMO_ACCOUNTS) {
    const user = await createUserAccount(
      { cipher: demo.cipher },
      tx,
      null,
      {
        username: account.username,
        displayName: account.displayName,
        kind: account.kind,
        password: DEMO_PASSWORD,
        mobile: account.mobile,
        idNumber: account.idNumber,
        role: account.role,
        organisationId: demo.organisation(account.organisation),
      },
      { isDemo: true },
    );
    demo.accounts.set(account.username, { ...account, userId: user.id });
  }
}
