// The rules a township starts with (administrators change them through PUT /warning-rules/{code}).
// Numbers are the demo's judgement for a river township on the Qu, not a standard's.
import type { WarningLevel, WarningRuleKind } from '../../../contract/warnings.ts';

export interface RuleSeed { code: string; kind: WarningRuleKind; name: string; level: WarningLevel; holdMinutes: number; params: object }

export const DEFAULT_WARNING_RULES: RuleSeed[] = [
  { code: 'WR-WL-CRITICAL', kind: 'threshold', name: '水位超警戒', level: 'orange', holdMinutes: 30,
    params: { deviceType: 'water_level', minSeverity: 'critical' } },
  { code: 'WR-GEO-CRITICAL', kind: 'threshold', name: '地灾监测超阈值', level: 'orange', holdMinutes: 30,
    params: { deviceType: 'geo_hazard', minSeverity: 'critical' } },
  // 0.5 m an hour is a fast rise for the Qu at a township gauge; six readings is half an hour at the
  // gauges' five-minute cadence.
  { code: 'WR-WL-RISE', kind: 'rate_of_rise', name: '水位快速上涨', level: 'orange', holdMinutes: 60,
    params: { deviceType: 'water_level', risePerHour: 0.5, windowMinutes: 60, minReadings: 6 } },
  { code: 'WR-FLOOD-CLUSTER', kind: 'cluster', name: '同一网格汛情事件聚集', level: 'yellow', holdMinutes: 60,
    params: { category: 'flood', count: 3, withinMinutes: 120 } },
  { code: 'WR-FIRE-CLUSTER', kind: 'cluster', name: '同一网格火情事件聚集', level: 'yellow', holdMinutes: 60,
    params: { category: 'fire', count: 3, withinMinutes: 60 } },
  { code: 'WR-OVERDUE', kind: 'overdue', name: '较大及以上事件超时未办结', level: 'yellow', holdMinutes: 0,
    params: { minLevel: 'significant' } },
  { code: 'WR-VULNERABLE', kind: 'vulnerable_near_alarm', name: '严重告警周边有重点关爱人员', level: 'red', holdMinutes: 30,
    params: { radiusM: 500, minSeverity: 'critical', deviceTypes: ['water_level', 'geo_hazard', 'gas', 'smoke'],
      groups: ['elderly_alone', 'disabled', 'left_behind_child'] } },
  { code: 'WR-SHELTER-FULL', kind: 'shelter_full', name: '避难场所即将满员', level: 'orange', holdMinutes: 0,
    params: { share: 0.9 } },
];
