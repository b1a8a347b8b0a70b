import labels from '../../shared/i18n/labels.en.ts';
import type zhCN from './zh-CN.ts';

export default {
  ...labels,
  title: '{name} Comprehensive Information Command Room',
  titleFallback: 'Comprehensive Information Command Room',
  mode: { peacetime: 'Peacetime', emergency: 'Emergency' },
  connection: { connecting: 'Connecting', connected: 'Connected', disconnected: 'Disconnected' },
  loading: 'Loading…',
  loadFailed: 'Failed to load: {error}',
  noData: 'No data',
  panels: {
    figures: 'Key figures',
    byCategory: 'Events by category (30 days)',
    byLevel: 'Events by level (30 days)',
    hourly: 'Events per hour today',
    events: 'Live events',
    alarms: 'Latest alarms',
  },
  figures: {
    today: 'Today',
    open: 'Open',
    overdue: 'Overdue',
    alarms: 'Active alarms',
    monthReported: 'Reported this month',
    monthClosed: 'Closed this month',
    residents: 'Residents',
    keyPeople: 'Key people',
    patrol: 'On patrol',
  },
  units: { events: '', people: '', alarms: '' },
  hour: '{h}h',
  map: { schematic: 'Schematic', basemap: 'Base map: Natural Earth II', legend: 'Event level' },
} satisfies typeof zhCN;
