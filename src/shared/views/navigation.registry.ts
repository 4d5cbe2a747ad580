import { Injectable } from '@nestjs/common';
import type { SpaceContext } from '../auth/directories';
import { can, moduleOf, type Permission } from '../auth/permissions';
import type { Role } from '../auth/roles';

/** A link of a space's navigation, shown to the roles that hold its permission. */
export interface NavEntry {
  /** Under the space: `members` → /s/<slug>/members; '' is the space's home. */
  path: string;
  labelKey: string;
  permission: Permission;
  order: number;
}

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

/** Modules register their pages here at start-up; the layout shows those the person may open. */
@Injectable()
export class NavigationRegistry {
  private readonly entries: NavEntry[] = [];
  private readonly settings: NavEntry[] = [];

  register(...entries: NavEntry[]) {
    this.entries.push(...entries);
    this.entries.sort((a, b) => a.order - b.order);
  }

  /** Pages of the space settings that belong to a module (support levels, mandates…). */
  registerSettings(...entries: NavEntry[]) {
    this.settings.push(...entries);
    this.settings.sort((a, b) => a.order - b.order);
  }

  itemsFor(space: SpaceContext, role: Role, currentPath: string): NavItem[] {
    return this.linksFor(this.entries, space, role, currentPath);
  }

  settingsFor(space: SpaceContext, role: Role, currentPath: string): NavItem[] {
    return this.linksFor(this.settings, space, role, currentPath);
  }

  private linksFor(entries: NavEntry[], space: SpaceContext, role: Role, currentPath: string): NavItem[] {
    return entries
      .filter((entry) => can(role, entry.permission))
      .filter((entry) => {
        const module = moduleOf(entry.permission);
        return !module || space.enabledModules.includes(module);
      })
      .map((entry) => {
        const href = entry.path ? `/s/${space.slug}/${entry.path}` : `/s/${space.slug}`;
        const current = entry.path
          ? currentPath === href || currentPath.startsWith(`${href}/`) || currentPath.startsWith(`${href}?`)
          : currentPath === href;
        return { href, label: entry.labelKey, current };
      });
  }
}
