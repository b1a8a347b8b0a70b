// What the simulated sources report: event templates by category, with realistic mixes of source
// and level. Titles read like real reports; {v} is a village name, {p} a place name.
import type { EventCategory, EventLevel, ReportedEventSource } from '../contract/domain.ts';

export const EVENT_TEMPLATES: Record<EventCategory, readonly string[]> = {
  safety_hazard: ['{v}民房外墙脱落存在安全隐患', '{p}附近电线私拉乱接', '{v}危旧房屋出现裂缝'],
  fire: ['{v}发现烟雾疑似火情', '{p}烟感报警需现场核实', '{v}秸秆焚烧'],
  flood: ['{v}沟渠水位上涨漫过道路', '{p}周边积水严重', '{v}堤坝出现渗水'],
  geo_hazard: ['{v}山体局部滑坡', '{v}道路边坡落石'],
  environment: ['{v}垃圾堆放未及时清运', '{v}河道漂浮物较多', '{p}周边污水直排'],
  dispute: ['{v}邻里宅基地纠纷', '{v}土地流转费用纠纷', '{v}家庭矛盾需调解'],
  public_order: ['{v}可疑人员徘徊', '{p}附近聚众赌博线索', '{v}电动车被盗'],
  traffic: ['{v}路口交通事故', '{v}道路坑洼影响通行', '{p}门口车辆乱停'],
  infrastructure: ['{v}路灯损坏', '{v}井盖缺失', '{v}自来水管破裂'],
  food_drug: ['{p}疑似销售过期食品', '{v}无证流动摊贩'],
  livelihood: ['{v}独居老人需上门探访', '{v}低保户申请协助', '{v}村民咨询医保办理'],
  other: ['{v}群众反映其他事项'],
};

export const CATEGORY_WEIGHTS: Record<EventCategory, number> = {
  safety_hazard: 10, fire: 3, flood: 4, geo_hazard: 1, environment: 18, dispute: 12, public_order: 6,
  traffic: 8, infrastructure: 14, food_drug: 3, livelihood: 16, other: 5,
};

export const SOURCE_WEIGHTS: Record<ReportedEventSource, number> = {
  grid_patrol: 45, hotline_12345: 25, resident: 15, iot_alarm: 8, video: 7,
};

export const LEVEL_WEIGHTS: Record<EventLevel, number> = {
  general: 80, significant: 15, major: 4, extraordinary: 1,
};
