// Datum normalisation: Chinese commercial maps and many devices report GCJ-02 (AMap, Tencent) or
// BD-09 (Baidu); Cesium and our database work in WGS84. The forward GCJ-02 transform is the public
// formula; its inverse has no closed form, so we iterate until the forward image matches.
import type { Datum } from '../../contract/domain.ts';

export type LonLat = [lon: number, lat: number];

const KRASOVSKY_A = 6378245.0;
const KRASOVSKY_EE = 0.00669342162296594323;
const BD_FACTOR = (Math.PI * 3000.0) / 180.0;
const INVERSE_TOLERANCE_DEG = 1e-9;
const INVERSE_MAX_STEPS = 30;

/** GCJ-02 only shifts points inside mainland China; outside its box the formula is not applied. */
function outsideChina([lon, lat]: LonLat): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function shiftLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function shiftLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

export function wgs84ToGcj02(point: LonLat): LonLat {
  if (outsideChina(point)) return point;
  const [lon, lat] = point;
  const radLat = (lat / 180) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - KRASOVSKY_EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (shiftLat(lon - 105, lat - 35) * 180) / (((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (shiftLon(lon - 105, lat - 35) * 180) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

export function gcj02ToWgs84(point: LonLat): LonLat {
  if (outsideChina(point)) return point;
  let guess: LonLat = [point[0], point[1]];
  for (let step = 0; step < INVERSE_MAX_STEPS; step++) {
    const [fLon, fLat] = wgs84ToGcj02(guess);
    const dLon = fLon - point[0];
    const dLat = fLat - point[1];
    guess = [guess[0] - dLon, guess[1] - dLat];
    if (Math.abs(dLon) < INVERSE_TOLERANCE_DEG && Math.abs(dLat) < INVERSE_TOLERANCE_DEG) break;
  }
  return guess;
}

export function bd09ToGcj02([lon, lat]: LonLat): LonLat {
  const x = lon - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * BD_FACTOR);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * BD_FACTOR);
  return [z * Math.cos(theta), z * Math.sin(theta)];
}

export function gcj02ToBd09([lon, lat]: LonLat): LonLat {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * BD_FACTOR);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * BD_FACTOR);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** Converts a coordinate reported in `datum` to WGS84. */
export function toWgs84(point: LonLat, datum: Datum): LonLat {
  switch (datum) {
    case 'WGS84':
      return point;
    case 'GCJ02':
      return gcj02ToWgs84(point);
    case 'BD09':
      return gcj02ToWgs84(bd09ToGcj02(point));
  }
}
