import { useEffect, useState } from 'preact/hooks';
import {
  type AuditEntry,
  type Claim,
  type EvidenceItem,
  get,
  type Incident,
  type Page,
  post,
  qs,
  type VictimRecord,
} from '../api.ts';
import { allGrades } from '../filters.ts';
import { formatDay, formatNumber, lang, t, term } from '../i18n.ts';
import { location, navigate } from '../router.ts';
import { useSignal } from '../signal.ts';
import { gradeColours } from './IncidentMap.tsx';
import { IncidentHistory, LinkedEvidence } from './IncidentPanels.tsx';
import { IncidentVictims } from './IncidentVictims.tsx';

const killed = (incident: Incident) =>
  incident.counts.find((c) => c.outcome === 'killed' && c.victim_group === 'all') ??
  incident.counts.filter((c) => c.outcome === 'killed').sort((a, b) => b.best - a.best)[0];

function GradeBadge(props: { grade: string }) {
  return (
    <span class="grade" style={{ borderColor: gradeColours[props.grade] }}>
      {term(props.grade)}
    </span>
  );
}

/** The incidents behind a number: the filters of the figure that was clicked. */
export function IncidentList() {
  const loc = useSignal(location);
  useSignal(lang);
  const [page, setPage] = useState<Page<Incident> | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const params = loc.params;
  const query = qs({
    from: params.get('from'),
    to: params.get('to'),
    admin1: params.get('admin1'),
    admin2: params.get('admin2'),
    place_id: params.get('place_id'),
    grades: params.get('grades'),
    cursor: params.get('cursor'),
    limit: 100,
  });
  useEffect(() => {
    setPage(null);
    get<Page<Incident>>(`/incidents${query}`)
      .then(setPage)
      .catch((caught) => setError(String(caught?.message ?? caught)));
  }, [query]);
  return (
    <div>
      <h1>{t('incidents')}</h1>
      <p class="note">
        {[
          params.get('from') && formatDay(params.get('from') as string),
          params.get('to') && formatDay(params.get('to') as string),
        ]
          .filter(Boolean)
          .join(' – ')}
        {params.get('admin1') && ` · ${params.get('admin1')}`}
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {!page ? (
        <p role="status">{t('loading')}</p>
      ) : page.items.length === 0 ? (
        <p>{t('nothing')}</p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            post('/incidents/merge', { incident_ids: selected, reason })
              .then(() => navigate(window.location.pathname + window.location.search, { replace: true }))
              .catch((caught) => setError(String(caught?.message ?? caught)));
          }}
        >
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">
                    <span class="sr-only">{t('merge')}</span>
                  </th>
                  <th scope="col">{t('date')}</th>
                  <th scope="col">{t('place')}</th>
                  <th scope="col" class="num">
                    {t('best')}
                  </th>
                  <th scope="col">{t('grade')}</th>
                  <th scope="col" class="num">
                    {t('sources')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((incident) => (
                  <tr key={incident.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${t('merge')}: ${incident.id}`}
                        checked={selected.includes(incident.id)}
                        onChange={(e) =>
                          setSelected(
                            e.currentTarget.checked
                              ? [...selected, incident.id]
                              : selected.filter((s) => s !== incident.id),
                          )
                        }
                      />
                    </td>
                    <td>
                      <a href={`/incidents/${incident.id}`}>{formatDay(incident.date_start)}</a>
                    </td>
                    <td>{incident.place_text ?? incident.place_id ?? t('unknownPlace')}</td>
                    <td class="num">{formatNumber(killed(incident)?.best ?? 0)}</td>
                    <td>
                      <GradeBadge grade={incident.grade} />
                    </td>
                    <td class="num">{formatNumber(incident.source_count ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {selected.length >= 2 && (
            <div class="row">
              <label>
                {t('reason')}
                <input required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
              </label>
              <button type="submit">{t('merge')}</button>
            </div>
          )}
          {page.next_cursor && (
            <p>
              <a href={`/incidents${qs({ ...Object.fromEntries(params), cursor: page.next_cursor })}`}>
                {t('more')}
              </a>
            </p>
          )}
        </form>
      )}
    </div>
  );
}

export function IncidentPage(props: { id: string }) {
  useSignal(lang);
  const [incident, setIncident] = useState<Incident | null>(null);
  const [claims, setClaims] = useState<Claim[]>([]);
  const [history, setHistory] = useState<AuditEntry[]>([]);
  const [evidence, setEvidence] = useState<EvidenceItem[]>([]);
  const [victims, setVictims] = useState<VictimRecord[]>([]);
  const [split, setSplit] = useState<string[]>([]);
  const [grade, setGrade] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    Promise.all([
      get<Incident>(`/incidents/${props.id}`),
      get<{ items: Claim[] }>(`/incidents/${props.id}/claims`),
      get<{ items: AuditEntry[] }>(`/incidents/${props.id}/history`),
      // A server without an evidence vault has no such route: the page still shows the rest.
      get<Page<EvidenceItem>>(`/evidence${qs({ incident: props.id, limit: 100 })}`).catch(() => null),
      get<{ items: VictimRecord[] }>(`/incidents/${props.id}/victims`),
    ])
      .then(([found, linked, done, items, named]) => {
        setIncident(found);
        setGrade(found.grade);
        setClaims(linked.items);
        setHistory(done.items);
        setEvidence(items?.items ?? []);
        setVictims(named.items);
      })
      .catch((caught) => setError(String(caught?.message ?? caught)));
  }, [props.id, version]);
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!incident) return <p role="status">{t('loading')}</p>;
  const role = new Map(incident.claim_links.map((l) => [l.claim_id, l.role]));
  const act = (path: string, body: unknown) =>
    post(path, body)
      .then(() => setVersion((v) => v + 1))
      .catch((caught) => setError(String(caught?.message ?? caught)));
  return (
    <article class="incident">
      <p>
        <a href={`/incidents${qs({ from: incident.date_start, to: incident.date_end })}`}>
          ← {t('incidents')}
        </a>
      </p>
      <h1>
        {formatDay(incident.date_start, 'long')} ·{' '}
        {incident.place_text ?? incident.place_id ?? t('unknownPlace')}
      </h1>
      <p>
        <GradeBadge grade={incident.grade} /> {incident.grade_reason}
      </p>
      <table>
        <caption>{t('count')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('outcome')}</th>
            <th scope="col">{t('group')}</th>
            <th scope="col" class="num">
              {t('low')}
            </th>
            <th scope="col" class="num">
              {t('best')}
            </th>
            <th scope="col" class="num">
              {t('high')}
            </th>
          </tr>
        </thead>
        <tbody>
          {incident.counts.map((c) => (
            <tr key={`${c.outcome}/${c.victim_group}`}>
              <td>{term(c.outcome)}</td>
              <td>{term(c.victim_group)}</td>
              <td class="num">{formatNumber(c.low)}</td>
              <td class="num">{formatNumber(c.best)}</td>
              <td class="num">{formatNumber(c.high)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="claims-title">
        <h2 id="claims-title">{t('claimsOf')}</h2>
        <ul>
          {incident.claim_ids.map((id) => {
            const claim = claims.find((c) => c.id === id);
            return (
              <li key={id}>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={split.includes(id)}
                    onChange={(e) =>
                      setSplit(e.currentTarget.checked ? [...split, id] : split.filter((s) => s !== id))
                    }
                  />
                  {claim
                    ? `${term(claim.outcome)} ${claim.count.text ?? claim.count.best} ${term(claim.victims.group)} (${claim.status})`
                    : id}
                </label>{' '}
                <small>{role.get(id)}</small>{' '}
                {claim && <a href={`/reports/${claim.report_id}`}>{t('report')}</a>}
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="grade-title" class="card">
        <h2 id="grade-title">{t('grading')}</h2>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            void act(
              split.length > 0 ? `/incidents/${incident.id}/split` : `/incidents/${incident.id}/grade`,
              split.length > 0 ? { groups: [split], reason } : { grade, reason },
            );
          }}
        >
          <label>
            {t('grade')}
            <select
              value={grade}
              onChange={(e) => setGrade(e.currentTarget.value)}
              disabled={split.length > 0}
            >
              {allGrades.map((g) => (
                <option key={g} value={g}>
                  {term(g)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('reason')}
            <input required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <button type="submit">{split.length > 0 ? t('split') : t('setGrade')}</button>
        </form>
      </section>
      <IncidentVictims
        incidentId={incident.id}
        victims={victims}
        killedBest={killed(incident)?.best}
        dates={{ start: incident.date_start, end: incident.date_end }}
        onChanged={(named) => {
          setVictims(named);
          // The link is in the incident's history too.
          setVersion((v) => v + 1);
        }}
        onError={setError}
      />
      <LinkedEvidence items={evidence} />
      <IncidentHistory entries={history} />
    </article>
  );
}

/**
 * A map spot of several incidents: the list of its place's incidents in its grade and the
 * dashboard's dates. The place comes from the spot's latest incident, looked up on click, so
 * the map's answer (on the dashboard's critical path) carries no place ids.
 */
export function openSpotIncidents(
  spot: { latestId: string; grade: string },
  range: { from: string; to: string },
) {
  get<Incident>(`/incidents/${spot.latestId}`)
    .then((latest) =>
      navigate(
        latest.place_id
          ? `/incidents${qs({ place_id: latest.place_id, grades: spot.grade, from: range.from, to: range.to })}`
          : `/incidents/${spot.latestId}`,
      ),
    )
    .catch(() => navigate(`/incidents/${spot.latestId}`));
}
