import { Injectable } from '@nestjs/common';
import { AuditService } from '../../shared/audit/audit.service';
import type { Actor } from '../../shared/auth/request-context';
import { NotFound } from '../../shared/errors';
import { decodeCursor, encodeCursor } from '../../shared/pagination/keyset';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import type { GroupRow } from './duplicate-groups.query';
import { type Detector, detectorById, detectorsFor, type DuplicateRule, rulesOf } from './duplicate-rules';
import { DuplicatesRepository } from './duplicates.repository';
import { type ContactSummary, inOrder, summarise } from './group-contacts';

export const GROUPS_PER_PAGE = 20;

export interface DuplicateGroup {
  /** The rule that found the group, then any other its contacts all share. */
  rule: DuplicateRule;
  rules: DuplicateRule[];
  /** The group's contact ids, oldest first, as links and forms carry them. */
  ids: string;
  contacts: ContactSummary[];
}

/** A detected group, before its contacts are read. */
export interface FoundGroup {
  detector: Detector;
  row: GroupRow;
}

/** Candidate groups of duplicates, and pairs people said are different. */
@Injectable()
export class DuplicatesService {
  constructor(
    private readonly duplicates: DuplicatesRepository,
    private readonly levels: SupportLevelsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * One page of groups, rule after rule (email first), continuing after the `after` token.
   * With every rule shown, a group lies under the first rule that finds it.
   */
  async page(
    actor: Actor,
    rule: DuplicateRule | null,
    after: unknown,
  ): Promise<{ groups: DuplicateGroup[]; next: string | null }> {
    const detectors = detectorsFor(rule);
    const cursor = readCursor(after, detectors);
    const found: FoundGroup[] = [];
    const start = cursor ? detectors.indexOf(cursor.detector) : 0;
    for (const detector of detectors.slice(start)) {
      const rows = await this.duplicates.groups(actor.spaceId, detector, {
        after: cursor?.detector === detector ? cursor.key : null,
        limit: GROUPS_PER_PAGE + 1 - found.length,
        skipContained: rule === null,
        mergeableOnly: false,
      });
      found.push(...rows.map((row) => ({ detector, row })));
      if (found.length > GROUPS_PER_PAGE) break;
    }
    const shown = found.slice(0, GROUPS_PER_PAGE);
    const last = shown.at(-1);
    return {
      groups: await this.describe(actor.spaceId, shown),
      next: found.length > GROUPS_PER_PAGE && last ? encodeCursor([last.detector.id, last.row.key]) : null,
    };
  }

  /** Groups with their contacts, read in one query. */
  async describe(spaceId: string, found: FoundGroup[]): Promise<DuplicateGroup[]> {
    const ids = found.flatMap((group) => group.row.ids);
    const [contacts, levels] = await Promise.all([
      this.duplicates.liveContacts(spaceId, ids),
      this.levels.list(spaceId),
    ]);
    return found.map(({ detector, row }) => ({
      rule: detector.rule,
      rules: [detector.rule, ...rulesOf(row).filter((other) => other !== detector.rule)],
      ids: row.ids.join(','),
      contacts: inOrder(row.ids, contacts).map((contact) => summarise(contact, levels)),
    }));
  }

  /** "Not duplicates": every pair of the group is remembered and never proposed again. */
  async rememberNotDuplicates(actor: Actor, ids: string[], ip: string): Promise<void> {
    const contacts = await this.duplicates.liveContacts(actor.spaceId, ids);
    if (contacts.length !== ids.length) throw new NotFound('contact', 'contacts:duplicates.errors.gone');
    await this.duplicates.rememberNotDuplicates(actor.spaceId, ids, actor.accountId);
    await this.audit.recordAct(actor, 'contacts.not_duplicates', { type: 'contacts', id: ids.join(',') }, ip, {
      contactIds: ids,
    });
  }
}

/** The cursor of a page of groups: the detector and key of the last group shown. */
function readCursor(after: unknown, detectors: Detector[]): { detector: Detector; key: string[] } | null {
  const values = decodeCursor(after, 2);
  if (!values) return null;
  const [id, key] = values;
  const detector = detectorById(id);
  if (!detector || !detectors.includes(detector)) return null;
  if (!Array.isArray(key) || key.length !== detector.types.length) return null;
  const valid = key.every((part, index) =>
    detector.types[index] === 'date' ? typeof part === 'string' && isIsoDate(part) : typeof part === 'string',
  );
  return valid ? { detector, key: key as string[] } : null;
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
