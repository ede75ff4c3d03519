/**
 * An import's commit in three steps: the database's rows read (`StoredImport`), the reconcile
 * (`src/import/reconcile.ts`, pure) deciding what the draft changes (`ImportWrites`), and the
 * bulk writer (`src/db/import-writer.ts`) writing exactly that.
 */
import type { ActivityFields, ExecutionEntryWrite } from "./activity-fields.js";
import type { Monthly } from "./months.js";
import type { ActivityDraft } from "./plan-draft.js";
import type { PlanStatus } from "./plan-status.js";

/** A stored month row (`q01`…`q12`, `m01`…`m12`), numeric columns as text (`12.5000`). */
export type StoredMonths = Record<string, unknown>;

export type StoredPlan = {
  id: string;
  status: PlanStatus;
  generalObjective: string | null;
  department: string | null;
  responsible: string | null;
  documentDate: string | null;
  sourceStage: string | null;
  sourceFile: string | null;
};

export type StoredUnit = { id: string; parentId: string | null; code: string | null; name: string };

export type StoredVersion = { id: string; code: string; role: "baseline" | "current" | null };

export type StoredActivity = ActivityFields & { id: string; unitId: string; position: number };

/** What the reconcile compares the draft with. A plan not imported yet has only its units. */
export type StoredImport = {
  /** The plan of the draft's year, kind and title. */
  plan: StoredPlan | undefined;
  /** Every unit of the institution. */
  units: StoredUnit[];
  versions: StoredVersion[];
  activities: StoredActivity[];
  /** By `versionId|activityId`. */
  programmed: Map<string, StoredMonths>;
  /** By `|activityId`. */
  executed: Map<string, StoredMonths>;
  /** Recorded comments per activity: month → comment. */
  comments: Map<string, Map<number, string>>;
  closedMonths: Set<number>;
};

export type AuditWrite = {
  institutionId: string;
  planId?: string;
  unitId?: string;
  action: string;
  entity: string;
  entityId?: string;
  before?: unknown;
  after?: unknown;
  userId?: string;
  ip?: string;
};

/** Quantity and money by month, as the draft carries them (programmed or executed). */
export type MonthsWrite = { quantity: Monthly | undefined; money?: Monthly | undefined };

/** One version's programmed months of one activity. */
export type ProgrammedWrite = MonthsWrite & { versionId: string };

/** A new or changed activity: its row when new, its months when new or changed (by COPY). */
export type ActivityWrite = {
  activity: ActivityDraft;
  id: string;
  unitId: string;
  position: number;
  isNew: boolean;
  programmed: ProgrammedWrite[];
  executed: boolean;
};

/** A re-imported activity's changes made in place before the bulk writes. */
export type ActivityChange = {
  id: string;
  /** Its new columns, when they changed. */
  fields?: ActivityFields & { unitId: string; position: number };
  /** The versions whose programmed rows are replaced. */
  programmedVersionIds?: string[];
  /** Its executed row is replaced. */
  executed: boolean;
};

export type PlanFieldsWrite = Omit<StoredPlan, "id" | "status">;

export type ImportWrites = {
  planId: string;
  created: boolean;
  plan:
    | {
        kind: "create";
        row: PlanFieldsWrite & { id: string; year: number; kind: "POI" | "POA"; title: string };
      }
    | { kind: "update"; values: PlanFieldsWrite }
    | { kind: "unchanged" };
  units: (StoredUnit & { responsible: string | null; position: number })[];
  versions: {
    /** Versions losing their role to one of the document's, cleared first (a role is unique per plan). */
    clearRole: string[];
    create: (StoredVersion & { name: string; position: number })[];
  };
  /** The document carries no baseline: the plan's derived one is made (src/db/programming.ts). */
  deriveBaseline: boolean;
  /** The versions of the draft, with their ids: the programmed rows' columns. */
  versionIds: { versionId: string }[];
  changes: ActivityChange[];
  activities: ActivityWrite[];
  /** Entries of new activities' commented months. */
  newEntries: ExecutionEntryWrite[];
  /** Changed months of re-imported activities: each entry's version goes up by one. */
  changedEntries: ExecutionEntryWrite[];
  /** In the order they are written: the plan's, the units', each activity's, the import's. */
  audit: AuditWrite[];
  counts: {
    units: { created: number };
    activities: { created: number; updated: number; unchanged: number };
  };
};
