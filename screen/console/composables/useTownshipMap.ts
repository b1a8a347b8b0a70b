// What the console's maps draw under their markers: the township's grids (the map's regions),
// villages (outlines and names) and response forces, fetched once per session and shared.
import { shallowRef } from 'vue';
import type { ForceProperties, TownshipInfo } from '../../../contract/api.ts';
import type { GridProps, VillageProps } from '../../../contract/gis.ts';
import type { FeatureCollection } from '../../shared/geojson.ts';
import { errorText, type LoadState } from '../../shared/hubApi.ts';
import { fetchLayer, fetchTownship } from '../api/reference.ts';

export interface TownshipMap {
  township: TownshipInfo;
  grids: FeatureCollection<Pick<GridProps, 'code' | 'name' | 'villageCode'>>;
  villages: FeatureCollection<Pick<VillageProps, 'code' | 'name'>>;
  forces: FeatureCollection<ForceProperties>;
}

export function useTownshipMap() {
  const map = shallowRef<TownshipMap | null>(null);
  const state = shallowRef<LoadState>('loading');
  const error = shallowRef<string | null>(null);
  Promise.all([fetchTownship(), fetchLayer<TownshipMap['grids']['features'][number]['properties']>('grids'),
    fetchLayer<TownshipMap['villages']['features'][number]['properties']>('villages'), fetchLayer<ForceProperties>('forces')])
    .then(([township, grids, villages, forces]) => {
      map.value = { township, grids, villages, forces };
      state.value = 'done';
    })
    .catch((cause: unknown) => {
      state.value = 'error';
      error.value = errorText(cause);
    });
  return { map, state, error };
}
