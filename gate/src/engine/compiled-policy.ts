/**
 * The compiled form of a GatePolicy: what `compilePolicy` computes once per revision so that each
 * admission does only the work that depends on the admission.
 */
import type {
  GatePolicy,
  LabelRequirement,
  MatchOperator,
  ExemptionType,
  Rule,
  RuleRef,
} from '@gated/shared';

/** A resource condition, with its label selector parsed. Cluster conditions are settled at compile time. */
export interface CompiledCondition {
  kind: 'Namespace' | 'Pod' | 'Deployment' | 'Image' | 'LabelSelector';
  match: MatchOperator;
  value: string;
  /** LabelSelector only: the parsed requirements, or why the selector cannot be used (the rule then never applies). */
  selector?: LabelRequirement[] | { error: string };
}

/** An exemption with its expiry instant computed. */
export interface CompiledExemption {
  /** Position in `rule.exemptions` (events name exemptions by rule id + index). */
  index: number;
  type: ExemptionType;
  match: 'Equals' | 'StartsWith' | 'EndsWith' | 'Contains';
  value: string;
  /** Epoch ms from which it no longer applies; undefined = never expires. */
  expiresAt: number | undefined;
  /** `validUntil timeZone`, for the trace. */
  validUntilLabel: string | undefined;
}

/** A threshold with its severity as a rank (4 Critical … 1 Low). */
export interface CompiledThreshold {
  severity: string;
  rank: number;
  maxAllowed: number;
  /** Count only findings with a fixed version. */
  fixableOnly: boolean;
}

/**
 * The catalogues the policy shipped (docs/decisions/080), as lookups. `null` = not imported (or not
 * shipped because no rule uses it): a condition that needs it cannot be met, and the trace says so.
 */
export interface CompiledCatalogues {
  kev: { cves: ReadonlySet<string>; version: string } | null;
  /** Only scores ≥ `minScore` were shipped: lower thresholds cannot be decided from it. */
  epss: { scores: ReadonlyMap<string, number>; minScore: number; version: string } | null;
}

export interface CompiledRule {
  rule: Rule;
  ref: RuleRef;
  /** Position in the policy: keeps traces in a stable order. */
  order: number;
  /** Sentences for the Cluster conditions, which hold (rules whose Cluster conditions fail are dropped). */
  clusterReasons: string[];
  conditions: CompiledCondition[];
  resourceExemptions: CompiledExemption[];
  cveExemptions: CompiledExemption[];
  thresholds: CompiledThreshold[];
  cveIds: ReadonlySet<string>;
  blockUnscanned: boolean;
  /** Reports no trusted signer vouches for count as no report. */
  requireSignedFindings: boolean;
  knownExploited: boolean;
  epssAtLeast: number | undefined;
  /** `maxReportAgeDays` in ms: an older report triggers the rule and counts as no report. */
  maxReportAgeMs: number | undefined;
  maxReportAgeDays: number | undefined;
  /** The policy's catalogues (one object shared by every rule of the policy). */
  catalogues: CompiledCatalogues;
}

/** Rules filed by the value of one condition kind: exact values and prefixes. */
export interface KeyIndex {
  /** Rules with an `Equals` condition, by its value. */
  exact: Map<string, CompiledRule[]>;
  /** Rules with a `StartsWith` condition (and no Equals one), by prefix. */
  prefix: Map<string, CompiledRule[]>;
  /** Distinct prefix lengths, so a lookup costs one probe per length. */
  prefixLengths: number[];
}

/** Where each rule is filed (see rule-index.ts). */
export interface RuleIndex {
  /** By Namespace condition: decided once per admission. */
  namespace: KeyIndex;
  /** By Image condition (normalised reference), for rules without an indexable Namespace condition. */
  image: KeyIndex;
  /** Every other rule: tested on every image. */
  unindexed: CompiledRule[];
}

export interface CompiledPolicy {
  policy: GatePolicy;
  revision: string;
  gatingEnabled: boolean;
  findingsEnabled: boolean;
  /** Normalised hosts (lower case, Docker Hub aliases folded to docker.io). */
  ungatedRegistries: ReadonlySet<string>;
  /** Rules that can apply in this cluster, in policy order. */
  rules: CompiledRule[];
  index: RuleIndex;
  /** Rules left out at compile time, reported in each trace's notes. */
  skipped: { disabled: number; outOfCloudScope: number; clusterMismatch: number };
}
