import { geoConicEqualArea, geoPath } from 'd3-geo';
import { useMemo, type MouseEvent } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import world from 'world-atlas/countries-50m.json';
import type { Facility } from '../../../../src/cases/index.js';
import { useI18n } from '../i18n/i18n.js';
import { href, navigate } from '../router.js';

const WIDTH = 960;
const HEIGHT = 560;
const RUSSIA = '643';

const countries = feature(world as unknown as Topology, (world as unknown as Topology).objects.countries as GeometryCollection) as FeatureCollection<
  Geometry,
  { name: string }
>;

/** Facilities as dots on a map of Russia and its neighbours, drawn from bundled Natural Earth data. */
export function FacilityMap({ facilities }: { facilities: Facility[] }) {
  const { t, pick, term, region } = useI18n();
  const placed = facilities.filter((f) => f.latitude !== null && f.longitude !== null);
  const key = placed.map((f) => `${f.longitude},${f.latitude}`).join(';');
  const drawn = useMemo(() => {
    const russia = countries.features.find((f) => String(f.id) === RUSSIA);
    const points: Feature[] = placed.map((f) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [f.longitude!, f.latitude!] } }));
    // Rotated so the antimeridian cut falls in the Atlantic, not through Chukotka.
    const projection = geoConicEqualArea().rotate([-100, 0]).parallels([50, 70]);
    projection.fitExtent(
      [
        [10, 10],
        [WIDTH - 10, HEIGHT - 10],
      ],
      { type: 'FeatureCollection', features: [...(russia ? [russia] : []), ...points] },
    );
    const path = geoPath(projection);
    return {
      shapes: countries.features.map((f) => ({ id: String(f.id ?? f.properties.name), d: path(f) ?? '', home: String(f.id) === RUSSIA })),
      dots: placed.map((f) => ({ facility: f, xy: projection([f.longitude!, f.latitude!]) })),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const open = (event: MouseEvent, id: string) => {
    event.preventDefault();
    navigate(`facilities/${id}`);
  };

  return (
    <figure className="map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-labelledby="map-caption">
        <rect width={WIDTH} height={HEIGHT} className="sea" />
        <g aria-hidden="true">
          {drawn.shapes.map((s) => (
            <path key={s.id} d={s.d} className={s.home ? 'land home' : 'land'} />
          ))}
        </g>
        {drawn.dots.map(({ facility, xy }) =>
          xy ? (
            <a
              key={facility.id}
              href={href(`facilities/${facility.id}`)}
              onClick={(e) => open(e, facility.id)}
              aria-label={`${pick(facility.nameRu, facility.nameEn)}, ${region(facility.region)}`}
              className="dot"
            >
              <title>{`${pick(facility.nameRu, facility.nameEn)} (${term('facilityType', facility.type)})`}</title>
              <circle cx={xy[0]} cy={xy[1]} r={7} />
            </a>
          ) : null,
        )}
      </svg>
      <figcaption id="map-caption">
        {t('facilitiesMap')}. {t('mapHint')}
      </figcaption>
    </figure>
  );
}
