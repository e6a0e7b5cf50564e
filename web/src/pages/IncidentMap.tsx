import 'maplibre-gl/dist/maplibre-gl.css';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { useEffect, useRef } from 'preact/hooks';
import type { MapPoints } from '../api.ts';
import { formatNumber, lang, t, term } from '../i18n.ts';

maplibregl.setWorkerUrl(workerUrl);

export const gradeColours: Record<string, string> = {
  confirmed: '#1a7f37',
  fair: '#3b6ea5',
  weak: '#d4a72c',
  unverified: '#8c959f',
  contested: '#cf222e',
  discounted: '#6e40c9',
};

/**
 * The spots as features with only what the map draws and sums: n incidents and best people at a
 * point (clusters sum both). The spot's incident id stays here and is looked up by index on a
 * click, never copied to the map's worker.
 */
function toGeoJson(points: MapPoints): GeoJSON.FeatureCollection<GeoJSON.Point> {
  const features: Array<GeoJSON.Feature<GeoJSON.Point>> = new Array(points.ids.length);
  for (let i = 0; i < points.ids.length; i++) {
    features[i] = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [points.lon[i] as number, points.lat[i] as number] },
      properties: {
        i,
        n: points.n[i],
        best: points.best[i],
        g: points.grades[points.grade[i] as number],
      },
    };
  }
  return { type: 'FeatureCollection', features };
}

const emptyCollection: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
let basemapData: Promise<GeoJSON.FeatureCollection> | null = null;

/**
 * Starts fetching the basemap (once). The dashboard calls it on its first render, before its data
 * requests: on the embedded database a request waits behind the running queries, and the map
 * must not wait for the figures to get its land and borders.
 */
export function prefetchBasemap(): Promise<GeoJSON.FeatureCollection> {
  basemapData ??= fetch('/basemap.geojson')
    .then((r) => (r.ok ? (r.json() as Promise<GeoJSON.FeatureCollection>) : emptyCollection))
    .catch(() => emptyCollection);
  return basemapData;
}

/** A style with no tile server: sea, the shipped Natural Earth extract, then the incidents. */
function offlineStyle(): maplibregl.StyleSpecification {
  return {
    version: 8,
    // Filled in from prefetchBasemap() once the map has loaded.
    sources: { basemap: { type: 'geojson', data: emptyCollection } },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#dfe9f0' } },
      {
        id: 'land',
        type: 'fill',
        source: 'basemap',
        paint: { 'fill-color': ['case', ['get', 'focus'], '#fbfaf5', '#eeece4'] },
      },
      {
        id: 'borders',
        type: 'line',
        source: 'basemap',
        paint: { 'line-color': '#9a9a8a', 'line-width': 0.8 },
      },
    ],
  };
}

export function IncidentMap(props: {
  points: MapPoints | null;
  onIncident?: (id: string) => void;
  /** A spot of several incidents: its most recent one and its grade, to list them all. */
  onSpot?: (spot: { latestId: string; grade: string }) => void;
  onReady?: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const loaded = useRef<Promise<void> | null>(null);
  const current = useRef<MapPoints | null>(null);
  current.current = props.points;
  // The click handlers are bound once; they call the latest props (the dashboard's filters change).
  const latestProps = useRef(props);
  latestProps.current = props;

  useEffect(() => {
    if (!box.current) return;
    const instance = new maplibregl.Map({
      container: box.current,
      style: offlineStyle(),
      center: [38.5, 35],
      zoom: 5.2,
      attributionControl: { compact: true, customAttribution: 'Natural Earth' },
      maxBounds: [
        [20, 22],
        [60, 48],
      ],
    });
    instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.current = instance;
    const styled = new Promise<void>((resolve) => instance.on('load', () => resolve()));
    void styled.then(() => {
      performance.mark('tally:map-loaded');
      instance.addSource('incidents', {
        type: 'geojson',
        data: { type: 'FeatureCollection', features: [] },
        cluster: true,
        clusterRadius: 40,
        clusterMaxZoom: 11,
        clusterProperties: { best: ['+', ['get', 'best']], n: ['+', ['get', 'n']] },
      });
      instance.addLayer({
        id: 'clusters',
        type: 'circle',
        source: 'incidents',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': 'rgba(29, 59, 83, 0.55)',
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1,
          'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'best']], 0, 8, 30, 22, 300, 48],
        },
      });
      const colour = [
        'match',
        ['get', 'g'],
        ...Object.entries(gradeColours).flat(),
        '#8c959f',
      ] as unknown as maplibregl.ExpressionSpecification;
      instance.addLayer({
        id: 'incidents',
        type: 'circle',
        source: 'incidents',
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': colour,
          'circle-opacity': 0.85,
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 0.8,
          'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'best']], 0, 3, 5, 9, 20, 24],
        },
      });
      instance.on('click', 'clusters', async (event) => {
        const feature = event.features?.[0];
        if (!feature) return;
        const source = instance.getSource('incidents') as maplibregl.GeoJSONSource;
        const zoom = await source.getClusterExpansionZoom(feature.properties.cluster_id as number);
        instance.easeTo({
          center: (feature.geometry as GeoJSON.Point).coordinates as [number, number],
          zoom,
        });
      });
      instance.on('click', 'incidents', (event) => {
        const index = event.features?.[0]?.properties.i as number | undefined;
        const points = current.current;
        if (index === undefined || !points) return;
        const latestId = points.ids[index];
        const grade = points.grades[points.grade[index] ?? -1];
        if (!latestId) return;
        const { onSpot, onIncident } = latestProps.current;
        if ((points.n[index] ?? 0) > 1 && grade && onSpot) onSpot({ latestId, grade });
        else onIncident?.(latestId);
      });
      for (const layer of ['clusters', 'incidents']) {
        instance.on('mouseenter', layer, () => {
          instance.getCanvas().style.cursor = 'pointer';
        });
        instance.on('mouseleave', layer, () => {
          instance.getCanvas().style.cursor = '';
        });
      }
    });
    // Loaded: the style and the layers above (they wait on the same event), and the basemap's
    // data handed to the map (its drawing is awaited by 'idle').
    loaded.current = Promise.all([styled, prefetchBasemap()]).then(([, basemap]) => {
      (instance.getSource('basemap') as maplibregl.GeoJSONSource | undefined)?.setData(basemap);
    });
    return () => {
      instance.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const { points } = props;
    if (!points || !loaded.current) return;
    performance.mark('tally:map-points');
    let cancelled = false;
    void loaded.current.then(() => {
      const instance = map.current;
      if (cancelled || !instance) return;
      const source = instance.getSource('incidents') as maplibregl.GeoJSONSource | undefined;
      if (!source) return;
      performance.mark('tally:map-set-start');
      void source.setData(toGeoJson(points));
      performance.mark('tally:map-set-end');
      instance.once('idle', () => {
        if (!cancelled) props.onReady?.();
      });
    });
    return () => {
      cancelled = true;
    };
  }, [props.points]);

  const total = props.points ? props.points.best.reduce((a, b) => a + b, 0) : 0;
  return (
    <figure class="map">
      <div
        ref={box}
        class="map-box"
        dir="ltr"
        role="img"
        data-points={props.points?.count ?? 0}
        aria-label={`${t('map')}: ${formatNumber(props.points?.count ?? 0)} ${t('incidentsCount')}, ${t('best')} ${formatNumber(total)}`}
      />
      <figcaption>
        {t('mapNote')}{' '}
        <span class="legend">
          {Object.entries(gradeColours).map(([grade, colour]) => (
            <span key={grade} class="legend-item">
              <span class="swatch" style={{ background: colour }} aria-hidden="true" />
              {term(grade)}
            </span>
          ))}
        </span>
        <span class="sr-only" data-lang={lang.value} />
      </figcaption>
    </figure>
  );
}
