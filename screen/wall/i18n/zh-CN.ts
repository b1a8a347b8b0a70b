// Simplified Chinese, the wall's default language. en.ts must have the same keys.
import labels from '../../shared/i18n/labels.zh-CN.ts';

export default {
  ...labels,
  title: '{name}综合信息指挥室',
  titleFallback: '综合信息指挥室',
  mode: { peacetime: '平时', emergency: '战时' },
  connection: { connecting: '连接中', connected: '已连接', disconnected: '已断开' },
  loading: '加载中…',
  loadFailed: '加载失败：{error}',
  noData: '暂无数据',
  panels: {
    figures: '关键指标',
    byCategory: '近30天事件分类',
    byLevel: '近30天事件等级',
    hourly: '今日逐时事件',
    events: '实时事件',
    alarms: '最新告警',
  },
  figures: {
    today: '今日事件',
    open: '办理中',
    overdue: '已超时',
    alarms: '活跃告警',
    monthReported: '本月上报',
    monthClosed: '本月办结',
    residents: '常住人口',
    keyPeople: '重点人员',
    patrol: '在岗巡查',
  },
  units: { events: '件', people: '人', alarms: '条' },
  hour: '{h}时',
  map: { schematic: '示意', basemap: '底图：Natural Earth II', legend: '事件等级' },
};
