export const zhCN = {
  app: { name: '工会', fullName: '智慧工会', tagline: '服务职工 · 维护权益' },
  common: {
    save: '保存', cancel: '取消', confirm: '确认', edit: '编辑', create: '新建', search: '搜索', refresh: '刷新',
    loading: '加载中…', notFound: '未找到该记录，或不在您的管辖范围内', back: '返回', yes: '是', no: '否',
    language: '语言', largeText: '大字模式', logout: '退出登录', total: '共 {{count}} 条', actions: '操作', reason: '原因',
    comingSoon: '即将开放', required: '必填项',
  },
  login: {
    title: '登录', passwordTab: '密码登录', smsTab: '短信验证码登录', login: '账号或手机号', password: '密码',
    submit: '登录', mobile: '手机号', code: '验证码', sendCode: '获取验证码', codeSent: '验证码已发送（开发环境见服务器日志）',
    resendIn: '{{seconds}} 秒后重发', totp: '动态验证码', totpHint: '请输入身份验证器中的6位动态码', demoHint: '演示账号见 README，密码均为 Gonghui@2026!',
  },
  menu: {
    home: '首页', organisations: '组织架构', employers: '用人单位', users: '账号与角色', audit: '审计日志', profile: '个人设置',
  },
  roles: {
    member: '会员', grassroots_cadre: '基层工会干部', federation_cadre: '总工会干部', federation_admin: '总工会管理员',
    auditor: '审计员', caseworker: '调解员/律师', station_keeper: '驿站管理员',
  },
  admin: { switcher: '当前组织', switcherHint: '仅可切换到您管辖范围内的组织', welcome: '欢迎，{{name}}' },
  organisation: {
    name: '名称', type: '类型', level: '层级', regionCode: '行政区划代码', status: '状态', children: '下级组织',
    childCount: '下级数', employers: '用人单位数', createChild: '新建下级组织', rename: '编辑', move: '移动', close: '撤销',
    newParent: '新的上级组织', closeReason: '撤销原因', closeConfirm: '撤销后不可恢复，确认撤销？', path: '组织路径',
    active: '正常', closed: '已撤销', created: '已创建', saved: '已保存', moved: '已移动', closedDone: '已撤销',
    types: {
      federation: '总工会', industrial_union: '产业工会', joint_union: '街道/园区/行业工会联合会', holding_union: '入会周转库',
      grassroots: '基层工会', joint_grassroots: '联合基层工会', branch: '分会/工会小组',
    },
    levels: { national: '全国', provincial: '省级', city: '地市级', county: '县区级', street: '乡镇街道/园区/行业', grassroots: '基层', branch: '分会' },
  },
  employer: {
    title: '用人单位', name: '单位名称', uscc: '统一社会信用代码', industry: '行业门类', ownership: '经济类型', employees: '职工人数',
    keeper: '所属组织', coveringUnion: '覆盖工会', unionised: '已建会', notUnionised: '未建会', all: '全部', register: '登记用人单位',
    ownerships: {
      state_owned: '国有', collective: '集体', private: '私营', foreign_invested: '外商投资', hong_kong_macao_taiwan: '港澳台投资',
      public_institution: '事业单位', government: '机关', social_organisation: '社会组织', individual_business: '个体工商户', other: '其他',
    },
  },
  audit: {
    title: '审计日志', time: '时间', actor: '操作人', action: '操作', subject: '对象', changes: '变更内容', verify: '校验哈希链',
    chainOk: '哈希链完整：共 {{count}} 条', chainBroken: '哈希链在第 {{id}} 条处断裂：{{reason}}', requestId: '请求号',
  },
  users: {
    title: '账号与角色', username: '用户名', displayName: '姓名', mobile: '手机号', idNumber: '身份证号', roles: '角色',
    reveal: '查看完整信息', revealReason: '查看原因（将记入审计日志）', revealed: '完整信息', totp: '双因素',
  },
  profile: {
    title: '个人设置', changePassword: '修改密码', currentPassword: '当前密码', newPassword: '新密码', passwordChanged: '密码已修改，其他设备已退出登录',
    twoFactor: '双因素认证', twoFactorOn: '已启用', twoFactorOff: '未启用', enable: '启用', disable: '停用', scan: '用身份验证器扫描二维码，然后输入6位动态码',
    mustEnrol: '您的角色要求先启用双因素认证', enabled: '双因素认证已启用', disabled: '双因素认证已停用', sessions: '登录设备',
  },
  member: {
    tabs: { home: '首页', services: '服务', card: '会员卡', me: '我的' },
    hello: '{{name}}，您好', myUnion: '我的工会',
    services: {
      join: '申请入会', legal: '法律援助', wages: '欠薪求助', demand: '职工诉求', aid: '困难帮扶', study: '金秋助学',
      medical: '医疗互助', station: '附近驿站', vote: '职代会投票', survey: '问卷调查',
    },
    card: { title: '电子会员卡', pending: '入会审批通过后，这里将显示您的电子会员卡和二维码。' },
  },
};
export type Resources = typeof zhCN;
