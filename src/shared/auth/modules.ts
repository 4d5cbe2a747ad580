/**
 * The feature modules a space can turn on or off (community is always on). Mandates is
 * an add-on, off until support staff or the space admin turns it on.
 */
export const SPACE_MODULES = [
  'contacts',
  'questionnaire',
  'mandates',
  'actions',
  'tasks',
  'messaging',
  'insights',
] as const;
export type SpaceModule = (typeof SPACE_MODULES)[number];

export const DEFAULT_MODULES: SpaceModule[] = SPACE_MODULES.filter((module) => module !== 'mandates');

export function isSpaceModule(value: unknown): value is SpaceModule {
  return typeof value === 'string' && (SPACE_MODULES as readonly string[]).includes(value);
}
