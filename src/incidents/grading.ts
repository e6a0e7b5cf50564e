import type { Grade } from './incident.ts';

/**
 * What the evidence capability says about an incident's media (src/evidence, built separately).
 * Consolidation takes it as an input so grading does not depend on how evidence is stored.
 */
export interface EvidenceSummary {
  /** Items whose verification concluded they show this incident. */
  verified: number;
  /** Items still unverified or in review. */
  unverified: number;
  /** Items found not to show it (wrong place, recycled footage...). */
  rejected: number;
  /** A belligerent accepted responsibility for the harm (Airwars' "confirmed"). */
  acknowledged?: boolean;
}

export type EvidenceSummaryProvider = (incidentIds: string[]) => Promise<Map<string, EvidenceSummary>>;

export interface GradingInput {
  /** Independence groups behind the incident's counted claims. */
  independentSources: number;
  /** Whether any claim has been accepted by an analyst (otherwise all are machine proposals). */
  anyAccepted: boolean;
  /** Figures that disagree beyond the threshold, e.g. "killed/children: 5 to 40". */
  figureDisputes: string[];
  /** Distinct perpetrators named by different sources. */
  perpetrators: string[];
  evidence?: EvidenceSummary | undefined;
  override?: { grade: Grade; reason: string | null } | undefined;
}

export interface GradeResult {
  grade: Grade;
  reason: string;
}

/**
 * Airwars-style grade from the claims and evidence. Order matters: an analyst's override wins;
 * disagreement (figures or perpetrator) makes an incident contested however many sources agree
 * on its existence; acknowledgement or verified evidence with corroboration confirms it.
 */
export function gradeIncident(input: GradingInput): GradeResult {
  if (input.override)
    return { grade: input.override.grade, reason: `analyst: ${input.override.reason ?? 'no reason given'}` };
  const sources = `${input.independentSources} independent source${input.independentSources === 1 ? '' : 's'}`;
  if (!input.anyAccepted) return { grade: 'unverified', reason: `no claim reviewed yet (${sources})` };
  const disputes: string[] = [];
  if (input.perpetrators.length > 1) disputes.push(`perpetrator disputed: ${input.perpetrators.join(' / ')}`);
  if (input.figureDisputes.length > 0) disputes.push(`figures disagree: ${input.figureDisputes.join('; ')}`);
  if (disputes.length > 0) return { grade: 'contested', reason: disputes.join('; ') };
  const evidence = input.evidence;
  // The only evidence was found not to show the incident, and no second source stands behind it.
  if (evidence && evidence.rejected > 0 && evidence.verified === 0 && evidence.unverified === 0)
    if (input.independentSources <= 1 && !evidence.acknowledged)
      return { grade: 'discounted', reason: `${evidence.rejected} evidence item(s) rejected; ${sources}` };
  if (evidence?.acknowledged)
    return { grade: 'confirmed', reason: `acknowledged by a belligerent; ${sources}` };
  if (evidence && evidence.verified > 0 && input.independentSources >= 2)
    return { grade: 'confirmed', reason: `${evidence.verified} verified evidence item(s); ${sources}` };
  if (input.independentSources >= 2) return { grade: 'fair', reason: sources };
  if (input.independentSources === 1) return { grade: 'weak', reason: 'single source' };
  return { grade: 'unverified', reason: 'no source gave a figure' };
}

/** Whether two figures for the same count disagree beyond the configured threshold. */
export function figuresDisagree(low: number, high: number, ratio: number, minSpread: number): boolean {
  const spread = high - low;
  return spread > minSpread && high > 0 && spread / high > ratio;
}

/** Perpetrator names compared loosely: case, spacing and a leading "the" do not make a dispute. */
export function normalizePerpetrator(name: string): string {
  return name
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
