// The replay's sentences in English; the same keys as replay.zh-CN.ts.
import type zhCN from './replay.zh-CN.ts';

export default {
  replayFact: {
    readingOver: '{device} water level {value} m, above the warning level',
    readingBack: '{device} water level {value} m, back below the warning level',
    alarm: {
      raised: '{device} alarm ({severity}, reading {value})',
      acknowledged: '{device} alarm acknowledged',
      cleared: '{device} alarm cleared',
    },
    warning: { raised: '{level} raised: {title}', acknowledged: '{level} acknowledged: {title}', resolved: '{level} resolved: {title}' },
    incident: { opened: '{level} started: {reason}', level: 'Response level changed to {level}: {reason}', closed: 'Incident closed: {reason}' },
    mode: { emergency: 'Township switched to emergency: {reason}', peacetime: 'Township back to peacetime: {reason}' },
    hazard: 'Hazard area version {v} ({km2} km²)',
    task: '{party}: {status} (event #{event})',
    arrival: '{n} people reached shelter {shelter}',
    patrol: 'Grid worker {worker} started a patrol',
  },
  replayPhase: { before: 'not yet started', open: 'under way', closed: 'closed' },
  replayKind: { reading: 'Gauge', alarm: 'Alarm', warning: 'Warning', incident: 'Incident', mode: 'Mode', hazard: 'Hazard', task: 'Dispatch', arrival: 'Shelter', patrol: 'Patrol' },
  /** The replay's words both screens use; each screen adds its own to this block. */
  replay: {
    play: 'Play',
    pause: 'Pause',
    previous: 'Previous',
    next: 'Next',
    speed: 'Speed',
    truncated: 'Too many readings or patrol points: only the first part is replayed',
    empty: 'Nothing recorded before this moment',
    log: 'Facts',
    phase: 'Incident',
    level: 'Response level',
    mode: 'Mode',
    hazard: 'Hazard area',
    version: 'version {v} · {km2} km²',
    noArea: 'not drawn yet',
    over: 'above warning',
    people: '{n}',
    figures: { alarms: 'Open alarms', warnings: 'Open warnings', openTasks: 'Tasks under way', doneTasks: 'Tasks done', sheltered: 'People sheltered', patrol: 'On patrol' },
  },
} satisfies typeof zhCN;
