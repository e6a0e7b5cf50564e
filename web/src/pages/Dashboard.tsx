import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, get, type MapPoints, post, qs, type Tolls } from '../api.ts';
import {
  allGrades,
  type Filters,
  groups,
  incidentsLink,
  outcomes,
  readFilters,
  tollQuery,
} from '../filters.ts';
import { formatDateTime, formatNumber, lang, placeName, t, term } from '../i18n.ts';
import { location, navigate, setParams } from '../router.ts';
import { atLeast, user } from '../session.ts';
import { useSignal } from '../signal.ts';
import { IncidentMap, prefetchBasemap } from './IncidentMap.tsx';
import { openSpotIncidents } from './Incidents.tsx';
import { chartData, TollChart } from './TollChart.tsx';

interface Publication {
  id: string;
  kind: string;
  body: { figures?: Tolls['figures']; text?: string; query?: Tolls['query'] } & Record<string, unknown>;
  published_at: string;
}

interface Live {
  totals: Tolls;
  groups: Tolls;
  provinces: Tolls;
}

/** The toll by day and group narrowed to group 'all': the same figures as the toll by day alone. */
function allGroupRows(byGroup: Tolls): Tolls {
  return {
    ...byGroup,
    query: { ...byGroup.query, by: byGroup.query.by.filter((d) => d !== 'group'), group: 'all' },
    figures: byGroup.figures.filter((f) => f.victim_group === 'all'),
  };
}

/** Marks the first complete render of the dashboard (read by `npm run bench:web`). */
function markReady(part: 'data' | 'map') {
  const w = window as unknown as { __tallyReady?: Set<string> };
  w.__tallyReady ??= new Set();
  w.__tallyReady.add(part);
  if (
    w.__tallyReady.has('data') &&
    w.__tallyReady.has('map') &&
    !performance.getEntriesByName('tally:dashboard-ready').length
  )
    performance.mark('tally:dashboard-ready');
}

export function Dashboard() {
  const loc = useSignal(location);
  const me = useSignal(user);
  useSignal(lang);
  const filters = useMemo(() => readFilters(loc.params), [loc.params.toString()]);
  const staff = atLeast('analyst', me);
  const [live, setLive] = useState<Live | null>(null);
  const [points, setPoints] = useState<MapPoints | null>(null);
  const [bulletin, setBulletin] = useState<{ text: string; date: string } | null>(null);
  const [published, setPublished] = useState<{
    tolls: Publication | null;
    bulletin: Publication | null;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [bulletinDone, setBulletinDone] = useState(false);
  const key = `${JSON.stringify(filters)}/${staff}/${lang.value}`;
  if (me === undefined || staff) void prefetchBasemap();

  useEffect(() => {
    if (me === undefined) return;
    let cancelled = false;
    setError(null);
    setBulletinDone(false);
    const fail = (caught: unknown) => {
      if (!cancelled)
        setError(caught instanceof ApiError ? `${caught.status}: ${caught.message}` : String(caught));
    };
    if (!staff) {
      Promise.all([
        get<{ items: Publication[] }>('/publications?kind=tolls&limit=1'),
        get<{ items: Publication[] }>('/publications?kind=bulletin&limit=1'),
      ])
        .then(([tolls, bulletin]) => {
          if (!cancelled)
            setPublished({ tolls: tolls.items[0] ?? null, bulletin: bulletin.items[0] ?? null });
          markReady('data');
          markReady('map');
        })
        .catch(fail);
      return () => {
        cancelled = true;
      };
    }
    performance.mark('tally:data-start');
    const mapQuery = qs({
      from: filters.from,
      to: filters.to,
      admin1: filters.admin1,
      outcome: filters.outcome,
      group: filters.group,
      grades: filters.grades.join(','),
    });
    // The map first, and the rest once its answer is in: its points take the browser longest to
    // draw, and on the embedded database a running query holds up the sending of that answer.
    const mapped = get<MapPoints>(`/dashboard/map${mapQuery}`).then((p) => {
      if (!cancelled) setPoints(p);
    });
    mapped.catch(fail);
    const after = <T,>(path: string) => mapped.catch(() => undefined).then(() => get<T>(path));
    // With every victim group (the default), the day totals are the 'all' rows of the day-and-group
    // toll: one query fewer. The bulletin is asked for with the figures: it is drawn with them.
    const everyone = filters.group === 'all';
    Promise.all([
      everyone ? null : after<Tolls>(`/tolls${tollQuery(filters, 'day')}`),
      after<Tolls>(`/tolls${tollQuery(filters, 'day,group', false)}`),
      after<Tolls>(`/tolls${tollQuery(filters, 'admin1')}`),
    ])
      .then(([totals, byGroup, provinces]) => {
        if (cancelled) return;
        setLive({ totals: totals ?? allGroupRows(byGroup), groups: byGroup, provinces });
      })
      .catch(fail);
    after<{ text: string; date: string }>(
      `/bulletins/draft${qs({ date: filters.to, lang: lang.value, grades: filters.grades.join(',') })}`,
    )
      .then((draft) => !cancelled && setBulletin(draft))
      .catch(() => undefined)
      .finally(() => !cancelled && setBulletinDone(true));
    return () => {
      cancelled = true;
    };
  }, [key, me === undefined]);

  // Ready once the figures and the bulletin (or its failure) are on the page: effects run after
  // the render that drew them.
  useEffect(() => {
    if (staff && live && bulletinDone) markReady('data');
  }, [live, bulletinDone, staff]);

  const chart = useMemo(() => (live ? chartData(live.totals, live.groups) : null), [live]);
  const provinceFigures = staff ? live?.provinces.figures : published?.tolls?.body.figures;

  return (
    <div class="dashboard">
      <h1 class="sr-only">{t('dashboard')}</h1>
      <FilterBar filters={filters} provinces={provinceFigures ?? []} />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {!staff && me !== undefined && <p class="note">{t('signInForLive')}</p>}
      {me && <DemoOffer admin={atLeast('admin', me)} />}
      <div class="grid">
        <section class="card wide" aria-labelledby="chart-title">
          <h2 id="chart-title">{t('tollsOverTime')}</h2>
          {chart ? (
            <TollChart
              data={chart}
              onDay={(day) =>
                navigate(
                  `/incidents${qs({ from: day, to: day, grades: filters.grades.join(','), admin1: filters.admin1 })}`,
                )
              }
            />
          ) : staff ? (
            <p role="status">{t('loading')}</p>
          ) : (
            <PublishedSummary publication={published?.tolls ?? null} />
          )}
        </section>
        {staff && (
          <section class="card wide" aria-labelledby="map-title">
            <h2 id="map-title">{t('map')}</h2>
            <IncidentMap
              points={points}
              onIncident={(id) => navigate(`/incidents/${id}`)}
              onSpot={(spot) => openSpotIncidents(spot, filters)}
              onReady={() => markReady('map')}
            />
          </section>
        )}
        <section class="card" aria-labelledby="provinces-title">
          <h2 id="provinces-title">{t('provinces')}</h2>
          <ProvinceTable figures={provinceFigures ?? null} staff={staff} filters={filters} />
        </section>
        <section class="card" aria-labelledby="bulletin-title">
          <h2 id="bulletin-title">{t('latestBulletin')}</h2>
          <Bulletin live={bulletin} published={published?.bulletin ?? null} />
        </section>
      </div>
    </div>
  );
}

function FilterBar(props: { filters: Filters; provinces: Tolls['figures'] }) {
  const { filters } = props;
  const areas = new Map<string, { id: string; name_en: string; name_ar: string | null }>();
  for (const f of props.provinces) if (f.area) areas.set(f.area.id, f.area);
  const toggleGrade = (grade: string) => {
    const next = filters.grades.includes(grade)
      ? filters.grades.filter((g) => g !== grade)
      : [...filters.grades, grade];
    setParams({ grades: next.length ? allGrades.filter((g) => next.includes(g)).join(',') : undefined });
  };
  return (
    <form class="filters" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
      <label>
        {t('from')}
        <input
          type="date"
          name="from"
          value={filters.from}
          max={filters.to}
          onChange={(e) => setParams({ from: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('to')}
        <input
          type="date"
          name="to"
          value={filters.to}
          min={filters.from}
          onChange={(e) => setParams({ to: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('province')}
        <select
          name="province"
          value={filters.admin1 ?? ''}
          onChange={(e) => setParams({ province: e.currentTarget.value })}
        >
          <option value="">{t('allProvinces')}</option>
          {[...areas.values()].map((a) => (
            <option key={a.id} value={a.id}>
              {placeName(a)}
            </option>
          ))}
          {filters.admin1 && !areas.has(filters.admin1) && (
            <option value={filters.admin1}>{filters.admin1}</option>
          )}
        </select>
      </label>
      <label>
        {t('group')}
        <select
          name="group"
          value={filters.group}
          onChange={(e) =>
            setParams({ group: e.currentTarget.value === 'all' ? undefined : e.currentTarget.value })
          }
        >
          {groups.map((g) => (
            <option key={g} value={g}>
              {term(g)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('outcome')}
        <select
          name="outcome"
          value={filters.outcome}
          onChange={(e) =>
            setParams({ outcome: e.currentTarget.value === 'killed' ? undefined : e.currentTarget.value })
          }
        >
          {outcomes.map((o) => (
            <option key={o} value={o}>
              {term(o)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('grades')}</legend>
        {allGrades.map((grade) => (
          <label key={grade} class="check">
            <input
              type="checkbox"
              name="grade"
              value={grade}
              checked={filters.grades.includes(grade)}
              onChange={() => toggleGrade(grade)}
            />
            {term(grade)}
          </label>
        ))}
      </fieldset>
      <button type="button" class="secondary" onClick={() => navigate('/', { replace: true })}>
        {t('reset')}
      </button>
    </form>
  );
}

function ProvinceTable(props: { figures: Tolls['figures'] | null; staff: boolean; filters: Filters }) {
  if (!props.figures) return <p role="status">{t('loading')}</p>;
  const rows = [...props.figures].sort((a, b) => b.best - a.best);
  if (rows.length === 0) return <p>{t('nothing')}</p>;
  const sum = (k: 'low' | 'best' | 'high' | 'incidents') => rows.reduce((a, f) => a + f[k], 0);
  const cell = (f: Tolls['figures'][number], value: number) =>
    props.staff ? <a href={incidentsLink(f.incidents_href)}>{formatNumber(value)}</a> : formatNumber(value);
  return (
    <div class="table-wrap">
      <table class="provinces">
        <thead>
          <tr>
            <th scope="col">{t('province')}</th>
            <th scope="col" class="num">
              {t('low')}
            </th>
            <th scope="col" class="num">
              {t('best')}
            </th>
            <th scope="col" class="num">
              {t('high')}
            </th>
            <th scope="col" class="num">
              {t('incidentsCount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f.area?.id ?? 'none'} data-province={f.area?.id ?? ''}>
              <th scope="row">
                {placeName(f.area)}
                {f.provisional && (
                  <span class="badge" title={f.provisional_reasons.join('; ')}>
                    {t('provisional')}
                  </span>
                )}
              </th>
              <td class="num">{cell(f, f.low)}</td>
              <td class="num best">{cell(f, f.best)}</td>
              <td class="num">{cell(f, f.high)}</td>
              <td class="num">{cell(f, f.incidents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('total')}</th>
            <td class="num">{formatNumber(sum('low'))}</td>
            <td class="num" data-total-best>
              {formatNumber(sum('best'))}
            </td>
            <td class="num">{formatNumber(sum('high'))}</td>
            <td class="num">{formatNumber(sum('incidents'))}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function PublishedSummary(props: { publication: Publication | null }) {
  if (!props.publication) return <p>{t('noPublication')}</p>;
  const figures = props.publication.body.figures ?? [];
  const best = figures.reduce((a, f) => a + f.best, 0);
  return (
    <p class="headline">
      <strong>{formatNumber(best)}</strong> {t('people')} · {t('published')}{' '}
      {formatDateTime(props.publication.published_at)}
    </p>
  );
}

function Bulletin(props: { live: { text: string } | null; published: Publication | null }) {
  const text = props.live?.text ?? (props.published?.body.text as string | undefined);
  if (!text) return <p>{t('noBulletin')}</p>;
  return <p class="bulletin">{text}</p>;
}

/** On an empty database: the offer to load a sample monitor (only admins may load it). */
function DemoOffer(props: { admin: boolean }) {
  const [offered, setOffered] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    get<{ offered: boolean }>('/demo')
      .then((answer) => setOffered(answer.offered))
      .catch(() => setOffered(false));
  }, []);
  if (!offered) return null;
  const load = () => {
    setBusy(true);
    setFailure(null);
    post('/demo', { confirm: true })
      // Everything on the page changes: reading it all again is simplest.
      .then(() => window.location.reload())
      .catch((caught: unknown) => {
        setBusy(false);
        setFailure(caught instanceof ApiError ? `${caught.status}: ${caught.message}` : String(caught));
      });
  };
  return (
    <section class="card wide demo-offer" aria-labelledby="demo-title">
      <h2 id="demo-title">{t('demoTitle')}</h2>
      <p>{t('demoText')}</p>
      {props.admin ? (
        <button type="button" onClick={load} disabled={busy}>
          {busy ? t('demoLoading') : t('demoLoad')}
        </button>
      ) : (
        <p class="note">{t('demoAdminOnly')}</p>
      )}
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
    </section>
  );
}
