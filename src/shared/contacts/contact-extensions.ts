import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/request-context';

/**
 * How other modules add to the contacts module's screens without importing it: sections
 * of the contact sheet (mandates, tasks, answers) and timeline entries (visits, answers,
 * messages). Modules register at start-up; the contacts module asks them when it renders.
 */
export interface ContactSheetSection {
  id: string;
  order: number;
  /** Partial rendered with the data `load` returns (null: the section is not shown). */
  partial: string;
  load(actor: Actor, contactId: string): Promise<Record<string, unknown> | null>;
}

export interface TimelineEntry {
  at: Date;
  /** i18n key of the sentence, with its values. */
  labelKey: string;
  values?: Record<string, unknown>;
  actorId: string | null;
  actorName: string | null;
  href?: string | null;
}

export interface TimelineSource {
  id: string;
  /** The newest entries of a contact, at most `limit`. */
  load(spaceId: string, contactId: string, limit: number): Promise<TimelineEntry[]>;
}

@Injectable()
export class ContactExtensions {
  private readonly sections: ContactSheetSection[] = [];
  private readonly timelineSources: TimelineSource[] = [];

  addSection(section: ContactSheetSection) {
    this.sections.push(section);
    this.sections.sort((a, b) => a.order - b.order);
  }

  addTimelineSource(source: TimelineSource) {
    this.timelineSources.push(source);
  }

  /** The sections that have something to show for this contact, in order. */
  async sectionsFor(actor: Actor, contactId: string) {
    const loaded = await Promise.all(
      this.sections.map(async (section) => ({ partial: section.partial, data: await section.load(actor, contactId) })),
    );
    return loaded.filter((section) => section.data !== null);
  }

  /** Every source's entries, newest first, at most `limit`. */
  async timeline(spaceId: string, contactId: string, limit: number): Promise<TimelineEntry[]> {
    const entries = (
      await Promise.all(this.timelineSources.map((source) => source.load(spaceId, contactId, limit)))
    ).flat();
    return entries.sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime()).slice(0, limit);
  }
}
