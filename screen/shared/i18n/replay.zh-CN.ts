// The replay's (工作复盘) sentences for its log and its phases (see ../replayText.ts), and the words
// of its controls and figures, shared by the wall and the console. replay.en.ts must have the same keys.
export default {
  replayFact: {
    readingOver: '{device} 水位 {value} 米，超过警戒水位',
    readingBack: '{device} 水位 {value} 米，回落至警戒水位以下',
    alarm: {
      raised: '{device} 告警（{severity}，读数 {value}）',
      acknowledged: '{device} 告警已确认',
      cleared: '{device} 告警解除',
    },
    warning: { raised: '发布{level}：{title}', acknowledged: '{level}已确认：{title}', resolved: '{level}解除：{title}' },
    incident: { opened: '启动{level}：{reason}', level: '响应级别调整为{level}：{reason}', closed: '突发事件办结：{reason}' },
    mode: { emergency: '全镇进入战时状态：{reason}', peacetime: '全镇恢复平时状态：{reason}' },
    hazard: '划定危险区域第{v}版（{km2} 平方公里）',
    task: '{party}：{status}（事件 #{event}）',
    arrival: '{n} 人到达避难场所 {shelter}',
    patrol: '网格员 {worker} 开始巡查',
  },
  replayPhase: { before: '尚未启动', open: '响应中', closed: '已办结' },
  replayKind: { reading: '水位', alarm: '告警', warning: '预警', incident: '事件', mode: '平战', hazard: '危险区', task: '派遣', arrival: '安置', patrol: '巡查' },
  /** The replay's words both screens use; each screen adds its own to this block. */
  replay: {
    play: '播放',
    pause: '暂停',
    previous: '上一条',
    next: '下一条',
    speed: '倍速',
    truncated: '读数或巡查点过多，只回放了前一部分',
    empty: '此刻之前还没有记录',
    log: '事实记录',
    phase: '事件状态',
    level: '响应级别',
    mode: '平战状态',
    hazard: '危险区域',
    version: '第{v}版 · {km2} 平方公里',
    noArea: '尚未划定',
    over: '超警',
    people: '{n}人',
    figures: { alarms: '未解除告警', warnings: '生效预警', openTasks: '在办任务', doneTasks: '已完成任务', sheltered: '已安置人数', patrol: '在岗巡查' },
  },
};
