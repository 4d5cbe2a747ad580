import { Injectable } from '@nestjs/common';
import type { Role } from '../auth/roles';

/** A step of a role's first days, ticked from real data (never by clicking it). */
export interface OnboardingItem {
  id: string;
  roles: readonly Role[];
  /** i18n key of the step's label. */
  labelKey: string;
  /** Where the step is done, under the space (e.g. `invitations` → /s/<slug>/invitations). */
  path: string;
  order: number;
  /** Which of these accounts have done it (space-wide steps answer all or none). */
  completedBy(spaceId: string, accountIds: string[]): Promise<Set<string>>;
}

export interface ChecklistEntry {
  id: string;
  labelKey: string;
  path: string;
  done: boolean;
}

/** Modules register their steps at start-up; pages ask for a role's checklist. */
@Injectable()
export class OnboardingRegistry {
  private readonly items: OnboardingItem[] = [];

  register(...items: OnboardingItem[]) {
    for (const item of items) {
      if (this.items.some((existing) => existing.id === item.id)) throw new Error(`Onboarding item ${item.id} twice`);
      this.items.push(item);
    }
    this.items.sort((a, b) => a.order - b.order);
  }

  itemsFor(role: Role): OnboardingItem[] {
    return this.items.filter((item) => item.roles.includes(role));
  }

  async checklist(spaceId: string, accountId: string, role: Role): Promise<ChecklistEntry[]> {
    const items = this.itemsFor(role);
    const done = await Promise.all(items.map((item) => item.completedBy(spaceId, [accountId])));
    return items.map((item, index) => ({
      id: item.id,
      labelKey: item.labelKey,
      path: item.path,
      done: done[index].has(accountId),
    }));
  }

  /** For the admin's progress page: per account, how many of their role's steps are done. */
  async progress(spaceId: string, people: { accountId: string; role: Role }[]) {
    const results = new Map<string, { done: number; total: number }>();
    for (const person of people) results.set(person.accountId, { done: 0, total: 0 });
    for (const item of this.items) {
      const concerned = people.filter((person) => item.roles.includes(person.role)).map((person) => person.accountId);
      if (concerned.length === 0) continue;
      const done = await item.completedBy(spaceId, concerned);
      for (const accountId of concerned) {
        const entry = results.get(accountId)!;
        entry.total++;
        if (done.has(accountId)) entry.done++;
      }
    }
    return results;
  }
}
