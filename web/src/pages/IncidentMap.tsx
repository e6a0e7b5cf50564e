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

function toGeoJson(points: MapPoints): GeoJSON.FeatureCollection<GeoJSON.Point> {
  const features: Array<GeoJSON.Feature<GeoJSON.Point>> = new Array(points.count);
  for (let i = 0; i < points.count; i++) {
    features[i] = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [points.lon[i] as number, points.lat[i] as number] },
      properties: { id: points.ids[i], best: points.best[i], g: points.grades[points.grade[i] as number] },
    };
  }
  return { type: 'FeatureCollection', features };
}

/** A style with no tile server: sea, the shipped Natural Earth extract, then the incidents. */
function offlineStyle(): maplibregl.StyleSpecification {
  return {
    version: 8,
    sources: { basemap: { type: 'geojson', data: '/basemap.geojson' } },
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
  onReady?: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const loaded = useRef<Promise<void> | null>(null);

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
    loaded.current = new Promise((resolve) => instance.on('load', () => resolve()));
    void loaded.current.then(() => {
      instance.addSource('incidents', {
        type: 'geojson',
        data: { type: 'FeatureCollection', features: [] },
        cluster: true,
        clusterRadius: 40,
        clusterMaxZoom: 11,
        clusterProperties: { best: ['+', ['get', 'best']] },
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
        const id = event.features?.[0]?.properties.id as string | undefined;
        if (id) props.onIncident?.(id);
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
    return () => {
      instance.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const { points } = props;
    if (!points || !loaded.current) return;
    let cancelled = false;
    void loaded.current.then(() => {
      const instance = map.current;
      if (cancelled || !instance) return;
      const source = instance.getSource('incidents') as maplibregl.GeoJSONSource | undefined;
      if (!source) return;
      void source.setData(toGeoJson(points));
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
